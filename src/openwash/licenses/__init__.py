"""What each licence text is: SPDX matching, named AI licences, card licence ids."""

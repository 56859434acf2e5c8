"""The GitHub Action: environment, API client, labels, comment, outputs."""

"""What the terms do: OSD clause findings from rules kept as data."""

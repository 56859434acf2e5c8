"""One module per output format, each render(report) -> str."""

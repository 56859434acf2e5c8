"""What a repository holds: files classified, the model card parsed, SBOMs and prose read."""

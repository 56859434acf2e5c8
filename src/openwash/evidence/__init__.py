"""Where the evidence comes from: the tree walk, the model card, file kinds."""

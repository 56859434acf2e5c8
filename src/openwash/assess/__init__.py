"""Tier, Model Openness Framework class and next steps from the evidence."""

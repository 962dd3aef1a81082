"""The assignment data_distributions: its reference solutions, hidden checks and demo submissions."""

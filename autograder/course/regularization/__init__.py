"""The assignment regularization: its reference solutions, hidden checks and demo submissions."""

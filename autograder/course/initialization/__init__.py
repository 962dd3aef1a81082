"""The assignment initialization: its reference solutions, hidden checks and demo submissions."""

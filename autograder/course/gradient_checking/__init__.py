"""The assignment gradient_checking: its reference solutions, hidden checks and demo submissions."""

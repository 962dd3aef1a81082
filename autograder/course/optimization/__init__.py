"""The assignment optimization: its reference solutions, hidden checks and demo submissions."""

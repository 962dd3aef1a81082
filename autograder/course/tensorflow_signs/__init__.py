"""The assignment tensorflow_signs: its reference solutions, hidden checks and demo submissions."""

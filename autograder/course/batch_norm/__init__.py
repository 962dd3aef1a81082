"""The assignment batch_norm: its reference solutions, hidden checks and demo submissions."""

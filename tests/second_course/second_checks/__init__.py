"""Hidden checks of the second course, one module an assignment, written with the engine's check API."""

"""A notebook cell's nbgrader metadata, read defensively: in a submission it is the student's."""


def nbgrader_metadata(cell):
    """A cell's nbgrader metadata; ``{}`` when it is missing or malformed (not a dict, or a grade id
    that is not a string): such a cell is the student's own code."""
    metadata = cell.get("metadata")
    found = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    if not isinstance(found, dict) or not isinstance(found.get("grade_id", ""), str):
        return {}
    return found


def malformed(cell):
    metadata = cell.get("metadata")
    return isinstance(metadata, dict) and "nbgrader" in metadata and not nbgrader_metadata(cell)


def grade_id(cell):
    return nbgrader_metadata(cell).get("grade_id")

"""nbgrader preprocessors of the course, named in ``nbgrader_config.py``."""
from nbgrader.preprocessors import ClearHiddenTests


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden-test regions from the notebooks that feedback is made from.

    Students see what their checks printed (the points and the message of each failed check), never
    the hidden checks' code. Unlike the release step, a hidden-test marker that a student typed into
    their own cell is removed without complaint.
    """

    enforce_metadata = False

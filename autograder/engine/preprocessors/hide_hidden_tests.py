"""Feedback: the hidden tests' code never reaches a student."""
from nbgrader.preprocessors import ClearHiddenTests

from autograder.engine.cells import nbgrader_metadata
from autograder.engine.sanitize import text


class HideHiddenTests(ClearHiddenTests):
    """Feedback: remove hidden-test regions from the notebooks feedback is made from.

    Students see what their checks printed (the points and the message of each failed check), never
    the hidden checks' code. Hidden tests come only from the course's own cells (test and locked
    cells, as released); in the student's text (a cell they added, an answer) a hidden-test marker
    line is only text: it is dropped, without complaint, whether or not it is paired, and the rest of
    the cell is shown as written.
    """

    enforce_metadata = False

    def preprocess_cell(self, cell, resources, cell_index):
        metadata = nbgrader_metadata(cell)
        if metadata and not metadata.get("solution"):
            return super().preprocess_cell(cell, resources, cell_index)
        markers = (self.begin_test_delimeter, self.end_test_delimeter)
        lines = (text(cell.get("source")) or "").split("\n")
        cell.source = "\n".join(line for line in lines if not any(marker in line for marker in markers))
        return cell, resources

"""nbgrader preprocessors that grade untrusted notebooks safely, one a file as nbgrader's own.

``nbgrader_config.py`` puts them in place of nbgrader's own, so plain ``nbgrader autograde``
gets every guarantee:

- ``RebuildFromRelease`` (sanitizing): the notebook to grade is the release notebook, cell for
  cell, with only the student's answers (solution cells, matched by grade id) and the cells the
  student added (metadata stripped, kept after the release cell they followed; markdown and its
  pictures cleaned for the pages, ``autograder.engine.sanitize``). Deleted, edited, duplicated or
  re-typed locked and test cells are thereby restored, and a student cannot add a graded cell.
- ``SandboxedExecute`` (grading): runs the code cells in a sandboxed kernel (``autograder.engine.sandbox``)
  with time, memory, process and output limits, recovering from hangs and crashes. A test cell is
  not run in that kernel: the trusted checker calls the student's function through
  ``autograder.engine.remote`` and writes the cell's outputs itself (the messages, and the points as the
  cell's value, which nbgrader records as partial credit). Every output is cleaned for the pages
  that show it (``autograder.engine.sanitize.clean_outputs``).
- ``CheckCellMetadata`` (both): nbgrader's own check of the cells' metadata, its JSON schema checked
  once a process instead of once a cell.
"""

from autograder.engine.preprocessors.cell_metadata import CheckCellMetadata
from autograder.engine.preprocessors.execute import SandboxedExecute
from autograder.engine.preprocessors.feedback_page import TEMPLATES, FeedbackPage
from autograder.engine.preprocessors.hide_hidden_tests import HideHiddenTests
from autograder.engine.preprocessors.markers import GradingMarkers
from autograder.engine.preprocessors.reader import SubmissionReader
from autograder.engine.preprocessors.rebuild import RebuildFromRelease
from autograder.engine.preprocessors.text_summary import WriteTextSummary

__all__ = ["CheckCellMetadata", "FeedbackPage", "GradingMarkers", "HideHiddenTests", "RebuildFromRelease",
           "SandboxedExecute", "SubmissionReader", "TEMPLATES", "WriteTextSummary"]

"""nbgrader configuration of the course. Run every nbgrader command from this folder."""
import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, GetGrades,
                                    IgnorePattern, LimitOutput, OverwriteKernelspec, SaveAutoGrades)

from autograder.nbgrader_plugins import HideHiddenTests
from autograder.trusted_grading import (MarkGradingDone, RebuildFromRelease, SandboxedExecute, SubmissionReader,
                                       WriteTextSummary, discard_interrupted_gradings)

c = get_config()  # noqa: F821  (provided by nbgrader's config loader)

c.CourseDirectory.course_id = "improving-deep-neural-networks"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# The jupytext text twins (*.py) of the notebooks stay in source/: they hold the solutions too.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# Every student notebook starts with the header's cells: the "generated" note and the Colab setup.
c.IncludeHeaderFooter.header = "source/header.ipynb"

# Autograding of untrusted notebooks (see autograder/trusted_grading.py and the README's threat
# model): the notebook is rebuilt on the release (only answers and added cells come from the
# student), run in a sandboxed kernel with time, memory, process and output limits, and each test
# cell is graded by the trusted checker in this process, never by code in the student's kernel.
c.Autograde.exporter_class = SubmissionReader  # a file that is not a notebook is graded empty, with a note
c.Autograde.sanitize_preprocessors = [ClearOutput, RebuildFromRelease, OverwriteKernelspec, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [SandboxedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata, MarkGradingDone]
# A grading run killed midway leaves folders that nbgrader would skip: remove them first.
discard_interrupted_gradings(os.path.dirname(os.path.abspath(__file__)))
# Limits (per cell, per notebook, memory, processes, output) are in autograder/sandbox.py (Limits),
# overridable per assignment by LIMITS in autograder/checks/<assignment>.py. For nbgrader's own
# Execute step, should anyone put it back:
c.Execute.timeout = 120

# Notebooks run by this configuration know they are being graded (datasets/dlcourse/grading_mode.py):
# cells that only train use a short budget, and a failed public check prints instead of raising.
os.environ["DLCOURSE_GRADING"] = "1"

# Feedback shows the messages of the hidden checks, never their code, plus a text summary.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, HideHiddenTests, WriteTextSummary]

"""nbgrader configuration of the course. Run every nbgrader command from this folder."""
import os

import nbgrader
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, GetGrades,
                                    IgnorePattern, LimitOutput, OverwriteKernelspec, SaveAutoGrades)

from autograder.engine.preprocessors import (TEMPLATES, FeedbackPage, GradingMarkers, HideHiddenTests,
                                             RebuildFromRelease, SandboxedExecute, SubmissionReader, WriteTextSummary)
from autograder.engine.students import guard_gradebook

c = get_config()  # noqa: F821  (provided by nbgrader's config loader)
HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "improving-deep-neural-networks"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# The gradebook: this folder's SQLite file, or the database `course --db URL` names (PostgreSQL, say).
c.CourseDirectory.db_url = os.environ.get("COURSE_DB_URL") or "sqlite:///gradebook.db"
# The jupytext text twins (*.py) of the notebooks stay in source/: they hold the solutions too.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# The exchange of `nbgrader release_assignment`/`collect` and of formgrader's release and collect
# buttons: a git-ignored folder of this course, made here since nbgrader never creates it, so that
# formgrader works from a clone (nbgrader's default, /srv/nbgrader/exchange, does not exist there).
# Students of this course get their notebooks from the repository or Colab and hand them in through
# an LMS (`course collect`); the exchange serves an instructor who tries nbgrader's own workflow.
c.Exchange.root = os.path.join(HERE, "exchange")
os.makedirs(c.Exchange.root, exist_ok=True)

# Every student notebook starts with the header's cells: the "generated" note and the Colab setup.
c.IncludeHeaderFooter.header = "source/header.ipynb"

# Autograding of untrusted notebooks by the grading engine (autograder/engine/, see the README's
# threat model): the notebook is rebuilt on the release (only answers and added cells come from the
# student), run in a sandboxed kernel with time, memory, process and output limits
# (autograder/engine/sandbox/limits.py, Limits; override fields with c.SandboxedExecute.limits), and each
# test cell is graded by the course's hidden checks in this process, never by code in the student's
# kernel. The engine knows this course only through the two settings below.
c.SandboxedExecute.checks_package = "autograder.checks"  # autograder/checks/<assignment>.py
c.SandboxedExecute.student_packages = ["dlcourse"]  # datasets/dlcourse: the notebooks' helpers and data
c.Autograde.exporter_class = SubmissionReader  # a file that is not a notebook is graded empty, with a note
c.Autograde.sanitize_preprocessors = [ClearOutput, RebuildFromRelease, OverwriteKernelspec, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [SandboxedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
# A grading killed midway leaves a folder nbgrader would skip: a marker, locked while its grading
# runs, says which; every nbgrader command starts by removing such folders.
markers = GradingMarkers(HERE)
c.Autograde.pre_convert_hook = markers.started
c.Autograde.post_convert_hook = markers.finished
markers.discard_interrupted()

# Formgrader prints students' ids and names unescaped (nbgrader's templates): an id that is not plain
# (letters, digits, . _ - @ +) is refused and names lose < and > whenever a student record is written
# to the gradebook, by `nbgrader db student import`, autograde or formgrader (autograder/engine/students.py).
guard_gradebook()

# Feedback shows the messages of the hidden checks, never their code, plus a text summary. The page
# (autograder/engine/templates/feedback, found before nbgrader's template of the same name, which
# formgrader's "generate feedback" asks for too) opens with the points of each exercise and what its
# checks found; the course's setup cells are left out.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, HideHiddenTests, FeedbackPage,
                                    WriteTextSummary]
c.FeedbackPage.omitted_cells = ["header-generated", "header-setup"]
NBGRADER_TEMPLATES = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates")
c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), NBGRADER_TEMPLATES]

"""nbgrader configuration of the course. Run every nbgrader command from this folder."""
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades

from autograder.nbgrader_plugins import HideHiddenTests

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

# Seconds a single cell may run during autograding before it is interrupted.
c.Execute.timeout = 120

# Tell the notebooks they are being graded (see datasets/dlcourse/grading_mode.py): a failed public
# check is printed instead of raised, so the hidden checks after it still run and award partial
# credit, and cells that only train use a short budget.
os.environ["DLCOURSE_GRADING"] = "1"

# Feedback shows the messages of the hidden checks, never their code.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, HideHiddenTests]

"""nbgrader configuration of the course. Run every nbgrader command from this folder."""
import os

from autograder.engine.configuration import configure

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

# Autograding of untrusted notebooks by the grading engine (autograder/engine/configuration.py, see
# the README's threat model). The engine knows this course only through these arguments: its hidden
# checks (autograder/course/<assignment>/checks.py), the package its notebooks import (datasets/dlcourse:
# helpers and data), and the setup cells the feedback page leaves out.
configure(c, HERE, checks_module="autograder.course.{assignment}.checks", student_packages=["dlcourse"],
          omitted_cells=["header-generated", "header-setup"])

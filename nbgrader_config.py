"""nbgrader configuration of the course. Run every nbgrader command from this folder."""
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

# Tell the notebooks they are being graded: a failed public check is then printed instead of
# raised, so that the hidden checks after it still run and award partial credit.
import os  # noqa: E402

os.environ["DLCOURSE_GRADING"] = "1"

"""nbgrader configuration of the second course: a small course that shares nothing with the first
but the grading engine. Run every nbgrader command from this folder."""
import os
import sys

from autograder.engine.configuration import configure

c = get_config()  # noqa: F821  (provided by nbgrader's config loader)
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # second_checks and second_helpers are folders of this course, not installed

c.CourseDirectory.course_id = "second-course"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
configure(c, HERE, checks_module="second_checks.{assignment}", student_packages=["second_helpers"])

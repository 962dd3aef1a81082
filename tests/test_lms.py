"""Do grades go out to an LMS as its import expects, and do its bulk downloads come in to the right
students? (Without grading: a small gradebook made through nbgrader's API; the round trip through
real grading and a browser is in ``test_browser.py``.)"""
import csv

import pytest
from nbgrader.api import Gradebook

from autograder import cli
from autograder.export import CANVAS_COLUMNS, EXERCISE_COLUMNS

STUDENTS = [  # id, first name, last name, email, Canvas user id
    ("obrien", 'Siobhán "Shiv"', "O'Brien, Jr.", "shiv@example.org", "12345"),
    ("ng", "Anh", "Ng", None, "67890"),
    ("absent", "Ada", "Lovelace", None, None),  # never submitted
]
SCORES = {("obrien", "alpha"): {"one": 2.0, "two": 1.5}, ("ng", "alpha"): {"one": 0.0, "two": 3.0},
          ("ng", "beta"): {"three": 4.0}}
CELLS = {"alpha": {"one": 2.0, "two": 3.0}, "beta": {"three": 5.0}}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder whose gradebook holds two assignments, three students, four graded cells."""
    folder = tmp_path_factory.mktemp("lms-course")
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        for sid, first, last, email, lms in STUDENTS:
            gradebook.add_student(sid, first_name=first, last_name=last, email=email, lms_user_id=lms)
        for assignment, cells in CELLS.items():
            gradebook.add_assignment(assignment)
            gradebook.add_notebook(assignment, assignment)
            for name, points in cells.items():
                gradebook.add_grade_cell(f"test_{name}", assignment, assignment, max_score=points, cell_type="code")
        for (sid, assignment), scores in SCORES.items():
            gradebook.add_submission(assignment, sid)
            for name, score in scores.items():
                gradebook.find_grade(f"test_{name}", assignment, assignment, sid).auto_score = score
        gradebook.db.commit()
    return folder


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def test_does_the_canvas_csv_hold_what_canvas_imports_and_the_gradebook_says(course):
    assert cli.main(["--course-dir", str(course), "export", "--format", "canvas"]) == 0
    rows = read_csv(course / "canvas_grades.csv")
    assert rows[0] == CANVAS_COLUMNS + ["alpha", "beta"]
    assert rows[1] == ["Points Possible", "", "", "", "", "5", "5"]
    by_id = {row[2]: row for row in rows[2:]}
    assert by_id["obrien"] == ["O'Brien, Jr., Siobhán \"Shiv\"", "12345", "obrien", "shiv@example.org", "", "3.5", ""]
    assert by_id["ng"] == ["Ng, Anh", "67890", "ng", "", "", "3", "4"]
    assert by_id["absent"][5:] == ["", ""], "no submission is an empty cell, not a zero"
    assert len(rows) == 2 + len(STUDENTS)


def test_does_the_exercise_csv_have_one_row_per_graded_cell(course):
    assert cli.main(["--course-dir", str(course), "export", "--format", "exercises", "--assignment", "alpha"]) == 0
    rows = read_csv(course / "exercises.csv")
    assert rows[0] == EXERCISE_COLUMNS
    expected = {(sid, a, a, name, f"{score:g}", f"{CELLS[a][name]:g}")
                for (sid, a), scores in SCORES.items() if a == "alpha" for name, score in scores.items()}
    assert set(map(tuple, rows[1:])) == expected and len(rows) == 1 + len(expected)

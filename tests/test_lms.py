"""Do grades go out to an LMS as its import expects, and do its bulk downloads come in to the right
students? (Without grading: a small gradebook made through nbgrader's API; the round trip through
real grading and a browser is in ``test_browser.py``.)"""
import csv
import shutil
import zipfile

import pytest
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory

from autograder.desk import cli
from autograder.desk.export import CANVAS_COLUMNS, EXERCISE_COLUMNS, ExerciseExport

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


def test_does_the_exercise_csv_have_one_row_per_graded_cell(course, tmp_path):
    """The plugin in this process (``course export`` runs the same through ``nbgrader export``)."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        ExerciseExport(to=str(tmp_path / "exercises.csv"), assignment=["alpha"]).export(gradebook)
    rows = read_csv(tmp_path / "exercises.csv")
    assert rows[0] == EXERCISE_COLUMNS
    expected = {(sid, a, a, name, f"{score:g}", f"{CELLS[a][name]:g}")
                for (sid, a), scores in SCORES.items() if a == "alpha" for name, score in scores.items()}
    assert set(map(tuple, rows[1:])) == expected and len(rows) == 1 + len(expected)


def zip_of(path, members, mode="w"):
    """A zip at ``path`` holding ``{member name: bytes}`` (``mode="a"``: added to it)."""
    with zipfile.ZipFile(path, mode) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return path


def submitted_files(course):
    return sorted(str(p.relative_to(course / "submitted")) for p in (course / "submitted").rglob("*") if p.is_file())


@pytest.fixture
def lms_course(course, tmp_path):
    """The gradebook's course, with assignment alpha's source notebook and nothing submitted."""
    (course / "source" / "alpha").mkdir(parents=True, exist_ok=True)
    (course / "source" / "alpha" / "alpha.ipynb").write_text("{}")
    shutil.rmtree(course / "submitted", ignore_errors=True)
    return course


def test_does_collect_map_a_canvas_download_to_students_and_list_what_it_cannot(lms_course, tmp_path, capsys):
    archive = zip_of(tmp_path / "submissions.zip", {
        "nganh_67890_111_alpha.ipynb": b'{"by": "lms id"}',
        "obrienjrsiobhanshiv_late_12345_222_alpha-1.ipynb": b'{"by": "lms id, late, submitted again"}',
        "lovelaceada_555_333_alpha.ipynb": b'{"by": "name"}',
        "doejane_999_444_alpha.ipynb": b"{}",
        "nganh_67890_112_notes.pdf": b"%PDF",
        "README.txt": b"hello",
    })
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive)]) == 0
    assert submitted_files(lms_course) == ["absent/alpha/alpha.ipynb", "ng/alpha/alpha.ipynb", "obrien/alpha/alpha.ipynb"]
    assert (lms_course / "submitted" / "obrien" / "alpha" / "alpha.ipynb").read_bytes() == \
        b'{"by": "lms id, late, submitted again"}'
    printed = capsys.readouterr().out
    assert "late (as the LMS says): obrien" in printed and "not placed: 3 file(s)" in printed
    for member in ("doejane_999_444_alpha.ipynb", "nganh_67890_112_notes.pdf", "README.txt"):
        assert member in printed
    assert "the download has none and alpha has no due date in the gradebook, so no late penalty applies" in printed


def test_does_a_submission_canvas_marks_late_get_a_timestamp_that_nbgrader_counts_late(tmp_path, capsys):
    """alpha is due; obrien's file is late, ng's not (ng's timestamp.txt of an earlier collect goes)."""
    course = tmp_path / "course"
    (course / "source" / "alpha").mkdir(parents=True)
    (course / "source" / "alpha" / "alpha.ipynb").write_text("{}")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment("alpha", duedate="2026-01-10 23:59:00 UTC")
        for sid, first, last, email, lms in STUDENTS:
            gradebook.add_student(sid, first_name=first, last_name=last, email=email, lms_user_id=lms)
    earlier = course / "submitted" / "ng" / "alpha" / "timestamp.txt"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("2026-02-01 00:00:00.000000 UTC")
    archive = zip_of(tmp_path / "submissions.zip", {"obrienjrsiobhanshiv_late_12345_222_alpha.ipynb": b"{}",
                                                    "nganh_67890_111_alpha.ipynb": b"{}"})
    assert cli.main(["--course-dir", str(course), "collect", "alpha", str(archive)]) == 0
    assert submitted_files(course) == ["ng/alpha/alpha.ipynb", "obrien/alpha/alpha.ipynb",
                                       "obrien/alpha/timestamp.txt"]
    printed = capsys.readouterr().out
    assert "  timestamp.txt from before removed (this download gives none): ng" in printed
    assert ("submission times: the download has none; timestamp.txt of each submission marked late says 1 s after "
            "alpha's due date (2026-01-10 23:59:00 UTC), so nbgrader's late penalty applies") in printed
    # What nbgrader autograde does with the folder: read its timestamp, record it with the submission.
    for student, late in (("obrien", True), ("ng", False)):
        folder = course / "submitted" / student / "alpha"
        timestamp = CourseDirectory(root=str(course)).get_existing_timestamp(str(folder))
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            submission = gradebook.update_or_create_submission("alpha", student, timestamp=timestamp)
            assert (submission.total_seconds_late > 0) == late


def test_does_collect_map_a_moodle_download_with_a_roster(lms_course, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name,email,lms_user_id\ngrace,Grace,Hopper,,\n")
    archive = zip_of(tmp_path / "moodle.zip", {
        "Grace Hopper_4711_assignsubmission_file_/alpha.ipynb": b'{"by": "roster name"}',
        "Anh Ng_4712_assignsubmission_file_alpha.ipynb": b'{"by": "gradebook name"}',
        "Anh Ng_4712_assignsubmission_onlinetext_/onlinetext.html": b"<p>hi</p>",
    })
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive), "--roster", str(roster)]) == 0
    assert submitted_files(lms_course) == ["grace/alpha/alpha.ipynb", "ng/alpha/alpha.ipynb"]
    printed = capsys.readouterr().out
    assert "onlinetext.html: not a notebook of alpha" in printed
    assert "the download has none and marks none late (a Moodle download never does)" in printed


def test_does_collect_place_no_file_for_a_roster_id_that_is_markup(lms_course, tmp_path, capsys):
    """An id that is markup for formgrader's pages: its file is listed, the others placed. (An id that
    cannot name a folder, ``../../outside`` say, refuses the roster: test_lms_attacks.py.)"""
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="") as file:
        csv.writer(file).writerows([["id", "first_name", "last_name", "email", "lms_user_id"],
                                    ["<img src=x onerror=alert(1)>", "Eve", "Img", "", "901"],
                                    ["grace", "Grace", "Hopper", "", "903"]])
    archive = zip_of(tmp_path / "submissions.zip", {f"eve{kind}_{user}_1_alpha.ipynb": b"{}"
                                                   for kind, user in (("img", 901), ("grace", 903))})
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive), "--roster", str(roster)]) == 0
    assert submitted_files(lms_course) == ["grace/alpha/alpha.ipynb"]
    printed = capsys.readouterr().out
    assert "not placed: 1 file(s)" in printed and printed.count("the gradebook refuses it") == 1, printed


@pytest.mark.parametrize("members, error", [
    (None, "is not a zip archive"),
    ({"../nganh_67890_111_alpha.ipynb": b"{}"}, "outside the course"),
    ({"/tmp/nganh_67890_111_alpha.ipynb": b"{}"}, "outside the course"),
])
def test_does_collect_refuse_a_bad_archive_and_change_nothing(lms_course, tmp_path, capsys, members, error):
    archive = tmp_path / "bad.zip"
    if members is None:
        archive.write_bytes(b"not a zip at all")
    else:
        zip_of(archive, {"nganh_67890_110_alpha.ipynb": b"{}", **members})
    before = sorted(p.relative_to(lms_course) for p in lms_course.rglob("*"))
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive)]) == 1
    assert error in capsys.readouterr().err
    assert sorted(p.relative_to(lms_course) for p in lms_course.rglob("*")) == before

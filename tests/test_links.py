"""Does the grader, running as root, follow no link a submission holds? (issue: a notebook linked to
the solutions earned full marks; a data file linked to a root-only file reached the feedback)

Links arrive whenever an instructor unpacks an archive with ``unzip``, ``tar`` or ``cp -a``: in
``course grade --submissions DIR`` and beside the notebook in ``submitted/<student>/<assignment>/``.
"""
import os

import nbformat
import pytest

from autograder.desk import grading
from autograder.desk.submissions import meets
from autograder.engine.links import printable, remove_links, why_not_plain
from hostile_submissions import answered
from test_hostile_grading import ASSIGNMENT, course_with

pytestmark = pytest.mark.slow
SECRET = "ROOT-ONLY-SECRET-7f3a"


@pytest.fixture(scope="module")
def linked_batch(tmp_path_factory):
    """Two students: one whose notebook is a link to the solutions (source/), one with a correct
    notebook beside links to a root-only file (symbolic and hard) and to a classmate's notebook."""
    tmp = tmp_path_factory.mktemp("links")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET)
    secret.chmod(0o600)
    course_dir = course_with(tmp / "course", lambda _: {"classmate": answered(), "neighbour": answered()})
    solutions = course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    linker = course_dir / "submitted" / "linker" / ASSIGNMENT
    linker.mkdir(parents=True)
    (linker / f"{ASSIGNMENT}.ipynb").symlink_to(solutions)
    neighbour = course_dir / "submitted" / "neighbour" / ASSIGNMENT
    (neighbour / "data.txt").symlink_to(secret)
    os.link(secret, neighbour / "hard.txt")
    (neighbour / "copy.ipynb.txt").symlink_to(f"../../classmate/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    (neighbour / "solutions").symlink_to(course_dir / "source" / ASSIGNMENT)
    grading.nbgrader("autograde", ASSIGNMENT, course_dir=course_dir)
    grading.nbgrader("generate_feedback", ASSIGNMENT, course_dir=course_dir)
    return course_dir, grading.scores(ASSIGNMENT, course_dir)


def everything_under(folder):
    """The text of every file under ``folder`` (links included, followed: what a reader would get)."""
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_does_a_notebook_linked_to_the_solutions_earn_nothing_and_say_why(linked_batch):
    course_dir, scores = linked_batch
    assert all(score == 0 for score, _ in scores["linker"].values()), scores["linker"]
    summary = (course_dir / "feedback" / "linker" / ASSIGNMENT / f"{ASSIGNMENT}.txt").read_text()
    assert "a link to another file" in summary and "submit the notebook file itself" in summary, summary
    assert "BEGIN SOLUTION" not in everything_under(course_dir / "feedback" / "linker")


def test_do_links_beside_a_notebook_reach_neither_autograded_nor_feedback(linked_batch):
    course_dir, scores = linked_batch
    assert all(meets("full", *scores["neighbour"][e]) for e in scores["neighbour"])
    for folder in ("autograded", "feedback"):
        student = course_dir / folder / "neighbour" / ASSIGNMENT
        names = sorted(p.name for p in student.iterdir())
        assert not {"data.txt", "hard.txt", "copy.ipynb.txt", "solutions"} & set(names), (folder, names)
        assert SECRET not in everything_under(student)
    submitted = course_dir / "submitted" / "neighbour" / ASSIGNMENT
    assert sorted(p.name for p in submitted.iterdir()) == [f"{ASSIGNMENT}.ipynb"]  # the links only were removed
    assert (course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()


def test_does_course_grade_submissions_place_no_link(tmp_path, capsys):
    """``--submissions DIR``: a linked notebook, a linked student folder and a hard link are left
    where they are, each named with the reason; a plain notebook is placed."""
    course_dir = tmp_path / "course"
    secret = tmp_path / "secret.ipynb"
    secret.write_text(SECRET)
    incoming = tmp_path / "incoming"
    for student in ("plain", "symbolic", "hard"):
        (incoming / student).mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), str(incoming / "plain" / f"{ASSIGNMENT}.ipynb"))
    (incoming / "symbolic" / f"{ASSIGNMENT}.ipynb").symlink_to(secret)
    os.link(secret, incoming / "hard" / f"{ASSIGNMENT}.ipynb")
    (incoming / "folder-link").symlink_to(incoming / "plain")
    left = grading.place_submissions(ASSIGNMENT, incoming, course_dir)
    assert sorted(p.parent.name if p.suffix else p.name for p, _ in left) == ["folder-link", "hard", "symbolic"]
    placed = sorted(p.relative_to(course_dir / "submitted") for p in (course_dir / "submitted").rglob("*.ipynb"))
    assert [str(p) for p in placed] == [f"plain/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"]
    assert SECRET not in everything_under(course_dir)


def test_are_links_removed_without_touching_their_targets(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("kept")
    folder = tmp_path / "submission"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "link.txt").symlink_to(target)
    (folder / "plain.txt").write_text("mine")
    (folder / "x.ipynb").symlink_to(target)
    removed = remove_links(folder)
    assert [name for name, _ in removed] == ["sub/link.txt"]  # notebooks are the reader's to refuse
    assert target.read_text() == "kept" and (folder / "plain.txt").exists()
    assert why_not_plain(folder / "x.ipynb").startswith("a link")


def test_are_control_characters_in_names_shown_escaped():
    assert printable("late\x1b[1A\x1b[2K\rok") == "late\\x1b[1A\\x1b[2K\\rok"


def test_does_the_score_table_show_a_student_id_with_escapes_escaped():
    from autograder.desk.cli import format_scores
    text, _ = format_scores(ASSIGNMENT, {"mallory\x1b[2K\r": {}})
    assert "\x1b" not in text and "\r" not in text and "mallory\\x1b[2K\\r" in text

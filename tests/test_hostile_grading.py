"""Can a hostile or broken submission fool, stall or corrupt grading? (plain `nbgrader autograde`)"""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import nbformat
import pytest

from nbgrader.api import Gradebook

from autograder import grading
from autograder.demos import demos_of
from autograder.submissions import meets
from conftest import copy_course
from hostile_submissions import EXERCISES, catalogue

pytestmark = pytest.mark.slow
ASSIGNMENT = "initialization"
SHORT_LIMITS = 'c.SandboxedExecute.limits = {"cell_seconds": 6, "call_seconds": 6, "notebook_seconds": 180}\n'


def course_with(tmp_path, submissions):
    """A course with short limits and ``{student: notebook}`` placed in submitted/."""
    course_dir = copy_course(tmp_path)
    with open(course_dir / "nbgrader_config.py", "a") as config:
        config.write(SHORT_LIMITS)
    grading.build([ASSIGNMENT], course_dir)
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course_dir)
    for student, build in submissions(course_dir).items():
        folder = course_dir / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(build(release), str(folder / f"{ASSIGNMENT}.ipynb"))
    return course_dir


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("hostile")

    def submissions(course_dir):
        entries = {h.student: h.build for h in catalogue(course_dir)}
        entries.update({grading.demo_student_id(d): d.notebook for d in demos_of(ASSIGNMENT)})
        return entries

    course_dir = course_with(tmp_path, submissions)
    started = time.monotonic()
    output = grading.nbgrader("autograde", ASSIGNMENT, course_dir=course_dir)  # raises if the batch fails
    seconds = time.monotonic() - started
    grading.nbgrader("generate_feedback", ASSIGNMENT, course_dir=course_dir)
    return course_dir, grading.scores(ASSIGNMENT, course_dir), output, seconds


CATALOGUE = catalogue("COURSE")


def test_is_the_catalogue_large_enough():
    assert len(CATALOGUE) >= 20 and len({h.student for h in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("hostile", CATALOGUE, ids=[h.student for h in CATALOGUE])
def test_does_a_hostile_submission_get_only_what_it_earned(hostile_batch, hostile):
    course_dir, scores, _, _ = hostile_batch
    row = scores[hostile.student]
    assert set(row) == set(EXERCISES), f"grades missing: {sorted(set(EXERCISES) - set(row))}"
    for exercise in EXERCISES:
        score, max_score = row[exercise]
        expectation = hostile.expected.get(exercise, "full")
        assert meets(expectation, score, max_score), f"{exercise}: {score}/{max_score}, expected {expectation}"
    summary = (course_dir / "feedback" / hostile.student / ASSIGNMENT / f"{ASSIGNMENT}.txt").read_text()
    assert hostile.message in summary, summary


@pytest.mark.parametrize("demo", demos_of(ASSIGNMENT), ids=lambda d: d.student)
def test_do_demos_keep_their_scores_beside_hostile_ones(hostile_batch, demo):
    _, scores, _, _ = hostile_batch
    for exercise, (score, max_score) in scores[grading.demo_student_id(demo)].items():
        assert meets(demo.expectation(exercise), score, max_score), exercise


def test_is_the_gradebook_consistent_after_the_batch(hostile_batch):
    course_dir, scores, _, _ = hostile_batch
    assert len(scores) == len(CATALOGUE) + len(demos_of(ASSIGNMENT))
    with sqlite3.connect(course_dir / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        [notebook] = gradebook.find_assignment(ASSIGNMENT).notebooks
        names = {cell.name for cell in notebook.grade_cells}
        assert names == {f"test_{e}" for e in EXERCISES}, "a student added a graded cell to the gradebook"
        for student in scores:
            assert gradebook.find_submission(ASSIGNMENT, student).needs_manual_grade is False, student
    assert not list((course_dir / "autograded").glob("*/*/.grading-in-progress"))
    assert not (course_dir / "autograded" / "hacked.txt").exists()


def test_are_course_files_out_of_a_submissions_reach(hostile_batch):
    course_dir, _, _, _ = hostile_batch
    notebook = nbformat.read(str(course_dir / "autograded" / "course-files-attack" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "WROTE" not in printed and printed.count("blocked") == 9, printed


def test_does_no_sandboxed_process_outlive_the_batch(hostile_batch):
    alive = subprocess.run(["ps", "-eo", "uid=,args="], capture_output=True, text=True).stdout.splitlines()
    leftovers = [line for line in alive if line.split() and 60000 <= int(line.split()[0]) < 60064]
    assert leftovers == []


def test_does_a_killed_batch_finish_consistently_when_restarted(tmp_path):
    """kill -9 in the middle of `nbgrader autograde`, start it again: every student graded once, right."""
    demos = {grading.demo_student_id(d): d for d in demos_of(ASSIGNMENT)}
    course_dir = course_with(tmp_path, lambda _: {s: d.notebook for s, d in demos.items()})
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    command = [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT]
    first = subprocess.Popen(command, cwd=course_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    autograded = course_dir / "autograded"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(autograded.glob("*/*/*.ipynb"))) < 2:
        time.sleep(0.2)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    finished = {p.parent.parent.name: p.stat().st_mtime_ns for p in autograded.glob("*/*/*.ipynb")
                if not (p.parent / ".grading-in-progress").exists()}
    assert 0 < len(finished) < len(demos), "the kill did not land in the middle of the batch"

    subprocess.run(command, cwd=course_dir, env=env, check=True, capture_output=True)
    scores = grading.scores(ASSIGNMENT, course_dir)
    assert set(scores) == set(demos)
    grading.nbgrader("generate_feedback", ASSIGNMENT, course_dir=course_dir)
    for student, demo in demos.items():
        summary = (course_dir / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.txt").read_text()
        for exercise, (score, max_score) in scores[student].items():
            assert meets(demo.expectation(exercise), score, max_score), summary
    for student, mtime in finished.items():  # what was final before the kill was not graded again
        assert (autograded / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns == mtime

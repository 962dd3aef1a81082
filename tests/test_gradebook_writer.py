"""Does the batch writer leave the gradebook exactly as nbgrader's ``SaveAutoGrades`` and
``AssignLatePenalties`` leave it (late penalty included), once per student however often a batch is
written, and nothing of a batch that fails?

Into SQLite gradebooks of one built course (PostgreSQL: ``test_cluster.py`` and
``test_cluster_faults.py`` grade through this writer).
"""
import copy
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook, MissingEntry
from traitlets.config import Config

from autograder.desk import grading
from autograder.engine.cluster import write_result
from autograder.engine.gradebook_writer import GradebookWriter, GradedSubmission
from conftest import built_course

ASSIGNMENT = "initialization"
DUE = "2026-01-10 12:00:00 UTC"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A built course whose assignment is due at ``DUE``; yields its folder."""
    course_dir = built_course(tmp_path_factory.mktemp("writer-course"), ASSIGNMENT)
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate=DUE)
    return course_dir


def late_config():
    """nbgrader's own late plugin, set to zero a late notebook."""
    config = Config()
    config.LateSubmissionPlugin.penalty_method = "zero"
    return config


def submissions(course_dir):
    """Autograded notebooks: one on time with every test passing, one late with a failing test."""
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course_dir)
    failing = copy.deepcopy(release)
    test = next(c for c in failing.cells if c.metadata.get("nbgrader", {}).get("grade"))
    test.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="wrong", traceback=[])]
    return [GradedSubmission("on-time", {ASSIGNMENT: release}, "2026-01-09 12:00:00 UTC"),
            GradedSubmission("late", {ASSIGNMENT: failing}, "2026-01-11 12:00:00 UTC")]


def gradebook_copy(course_dir, folder):
    """A copy of the course's gradebook in ``folder``; its URL."""
    shutil.copy(course_dir / "gradebook.db", folder / "gradebook.db")
    return f"sqlite:///{folder / 'gradebook.db'}"


def rows(url):
    """Everything nbgrader keeps of the assignment's submissions, by student."""
    table = {}
    with Gradebook(url) as gradebook:
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            table[submission.student.id] = {
                "timestamp": submission.timestamp,
                "notebooks": {n.name: (n.late_submission_penalty,
                                       sorted((g.name, g.auto_score, g.needs_manual_grade) for g in n.grades),
                                       sorted((c.name, c.auto_comment) for c in n.comments))
                              for n in submission.notebooks}}
    return table


def old_path(course_dir, url, graded):
    """nbgrader's path, as ``write_result`` takes it (timestamp.txt in submitted/)."""
    for submission in graded:
        folder = course_dir / "submitted" / submission.student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "timestamp.txt").write_text(submission.timestamp)
        files = {f"{name}.ipynb": nbformat.writes(nb).encode() for name, nb in submission.notebooks.items()}
        write_result(course_dir, ASSIGNMENT, {"student": submission.student, "checksum": "x", "files": files}, url,
                     late_config())


def test_does_the_batch_writer_write_what_nbgrader_writes_late_penalty_included(course, tmp_path):
    graded = submissions(course)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old_url, new_url = gradebook_copy(course, tmp_path / "old"), gradebook_copy(course, tmp_path / "new")
    old_path(course, old_url, graded)
    with GradebookWriter(new_url, ASSIGNMENT, late_config()) as writer:
        writer.write(graded)
    expected = rows(old_url)
    assert expected["late"]["notebooks"][ASSIGNMENT][0] > 0  # nbgrader penalised the late one
    assert expected["on-time"]["notebooks"][ASSIGNMENT][0] is None
    assert rows(new_url) == expected


def test_is_a_batch_written_twice_in_the_gradebook_once(course, tmp_path):
    url = gradebook_copy(course, tmp_path)
    with GradebookWriter(url, ASSIGNMENT, late_config()) as writer:
        writer.write(submissions(course))
        first = rows(url)
        writer.write(submissions(course))
    assert rows(url) == first and sorted(first) == ["late", "on-time"]


def test_does_a_failing_batch_leave_nothing_of_itself(course, tmp_path):
    url = gradebook_copy(course, tmp_path)
    good, _ = submissions(course)
    wrong = GradedSubmission("wrong", {"no-such-notebook": good.notebooks[ASSIGNMENT]})
    with GradebookWriter(url, ASSIGNMENT) as writer:
        with pytest.raises(MissingEntry, match="no-such-notebook"):
            writer.write([good, wrong])
    assert rows(url) == {}
    with Gradebook(url) as gradebook:
        assert [s.id for s in gradebook.students] == []

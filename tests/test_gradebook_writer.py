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
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, Execute, LimitOutput,
                                    SaveAutoGrades)
from traitlets.config import Config

from autograder.desk import grading
from autograder.engine.cluster import write_result
from autograder.engine.gradebook_writer import GradebookWriter, GradedSubmission, saving_steps, without_saving_steps
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


def late_config(steps=None):
    """nbgrader's own late plugin, set to zero a late notebook; ``steps``: the autograde steps
    (nbgrader's own by default)."""
    config = Config()
    config.LateSubmissionPlugin.penalty_method = "zero"
    if steps is not None:
        config.Autograde.autograde_preprocessors = steps
    return config


WITHOUT_PENALTIES = [Execute, SaveAutoGrades, CheckCellMetadata]  # a course that assigns no late penalty


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


def old_path(course_dir, url, graded, config):
    """nbgrader's path, as ``write_result`` takes it: its saving steps, a commit per grade cell."""
    for submission in graded:
        files = {f"{name}.ipynb": nbformat.writes(nb).encode() for name, nb in submission.notebooks.items()}
        write_result(course_dir, ASSIGNMENT, {"student": submission.student, "checksum": "x", "files": files,
                                              "timestamp": submission.timestamp}, url, config)


@pytest.mark.parametrize("steps", [None, WITHOUT_PENALTIES], ids=["nbgrader-steps", "no-late-penalties"])
def test_does_the_batch_writer_write_what_nbgrader_writes_late_penalty_included(course, tmp_path, steps):
    """The same rows as nbgrader's saving steps, with the steps the configuration runs: nbgrader's
    own (a late penalty), or a course whose autograde has no ``AssignLatePenalties`` (none)."""
    graded = submissions(course)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old_url, new_url = gradebook_copy(course, tmp_path / "old"), gradebook_copy(course, tmp_path / "new")
    old_path(course, old_url, graded, late_config(steps))
    with GradebookWriter(new_url, ASSIGNMENT, late_config(steps)) as writer:
        writer.write(graded)
    expected = rows(old_url)
    penalty = expected["late"]["notebooks"][ASSIGNMENT][0]
    assert penalty is None if steps else penalty > 0  # nbgrader penalised the late one if it was to
    assert expected["on-time"]["notebooks"][ASSIGNMENT][0] is None
    assert rows(new_url) == expected


def test_does_a_worker_run_every_step_but_the_saving_ones():
    """A worker's autograde runs the configuration's steps without the saving ones, which the
    client's writer runs once for the batch; nbgrader's default steps when none are configured."""
    assert without_saving_steps(late_config(WITHOUT_PENALTIES)) == [Execute, CheckCellMetadata]
    assert saving_steps(late_config(WITHOUT_PENALTIES)) == [SaveAutoGrades]
    assert saving_steps(None) == [SaveAutoGrades, AssignLatePenalties]
    named = late_config(["nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.LimitOutput"])
    assert saving_steps(named) == [SaveAutoGrades] and without_saving_steps(named) == [LimitOutput]


def test_is_a_notebook_not_submitted_zero_as_nbgrader_makes_it(course, tmp_path):
    """A submission without the assignment's notebook: each of its grades 0, none left to grade by
    hand, as nbgrader's autograde records a missing notebook."""
    url = gradebook_copy(course, tmp_path)
    with GradebookWriter(url, ASSIGNMENT) as writer:
        writer.write([GradedSubmission("nothing", {})])
    [notebook] = rows(url)["nothing"]["notebooks"].values()
    assert notebook[1] and all(score == 0 and not manual for _, score, manual in notebook[1]), notebook


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

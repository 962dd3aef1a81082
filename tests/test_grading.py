"""Does real nbgrader grade the demo submissions as the course promises?

Through nbgrader go the correct, the untouched and one buggy demo of each assignment
(``conftest.nbgrader_demos``); every demo is graded in-process by the same checks in ``test_demos.py``.
"""
import sqlite3

import nbformat
import pytest
from bs4 import BeautifulSoup

from autograder.desk import grading
from autograder.course.optimization.demos import CORRECT as OPTIMIZATION
from autograder.course.demo import fill_release, with_edit
from autograder.desk.submissions import meets
from conftest import ASSIGNMENTS, PARALLEL_ASSIGNMENT, REPOSITORY, error_outputs, execute, nbgrader_demos, text_output

pytestmark = pytest.mark.slow

CASES = [(a, d) for a in ASSIGNMENTS for d in nbgrader_demos(a)]


@pytest.mark.parametrize("assignment, demo", CASES, ids=[f"{a}-{d.student}" for a, d in CASES])
def test_does_each_demo_get_the_score_it_should(graded_batch, assignment, demo):
    """Correct and different-but-correct get full marks, untouched gets zero, a bug costs its exercise only."""
    batch = graded_batch(assignment)
    scores = batch.scores[grading.demo_student_id(demo)]
    for exercise, points in grading.exercises(assignment).items():
        score, max_score = scores[exercise]
        assert max_score == points
        expectation = demo.expectation(exercise)
        assert meets(expectation, score, max_score), (
            f"{demo.student}: {exercise} scored {score}/{max_score}, expected {expectation}; its test cell said: "
            + " | ".join(text_output(c) for n in batch.autograded_notebook(grading.demo_student_id(demo))
                         for c in n.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{exercise}"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_the_correct_demo_run_without_any_error(graded_batch, assignment):
    for notebook in graded_batch(assignment).autograded_notebook("demo-correct"):
        assert error_outputs(notebook) == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_the_untouched_release_stop_at_its_first_test_cell_saying_what_to_do(assignment, tmp_path):
    """The public part of each test cell, as a student runs it: the untouched release stops at its
    first test cell with a message saying what to do. (The correct demo passes every public check in
    the whole notebook, run as in Colab: ``test_colab_setup.py``.)"""
    for name in grading.notebook_names(assignment, REPOSITORY):
        release = grading.release_notebook(assignment, name, REPOSITORY)
        first_test = next(i for i, c in enumerate(release.cells) if c.metadata.get("nbgrader", {}).get("grade"))
        release.cells = release.cells[:first_test + 1]
        errors = error_outputs(execute(release, tmp_path))
        assert errors[-1][0] == first_test and errors[-1][1] == "AssertionError"
        assert "is not implemented yet: replace `raise NotImplementedError()`" in errors[-1][2]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_a_bug_get_a_message_that_names_it(graded_batch, assignment):
    """Every partially-failing demo's feedback carries at least one hidden-check message."""
    batch = graded_batch(assignment)
    for demo in batch.demos:
        if not demo.partial:
            continue
        [notebook] = batch.autograded_notebook(grading.demo_student_id(demo))[:1]
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("test_") and grade_id.removeprefix("test_") in demo.partial:
                printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
                assert "  - " in printed, f"{demo.student}: no message in {grade_id}: {printed!r}"


def test_do_feedback_and_export_work_without_showing_hidden_tests(graded_batch):
    batch = graded_batch(PARALLEL_ASSIGNMENT)
    assignment = batch.assignment
    grading.nbgrader("generate_feedback", assignment, "--force", course_dir=batch.course_dir)
    grading.nbgrader("export", course_dir=batch.course_dir)
    pages = list((batch.course_dir / "feedback").glob(f"*/{assignment}/*.html"))
    assert len(pages) == len(batch.demos) * len(grading.notebook_names(assignment, batch.course_dir))
    for page in pages:
        html = page.read_text()
        assert "HIDDEN TESTS" not in html and "autograder.course" not in html, page
        assert "Test cell (Score" not in html and "COURSE_REPOSITORY" not in html, page  # no clutter, no setup code
    correct = next(p for p in pages if "demo-correct" in str(p)).read_text()
    assert "Checks of initialize_parameters_he: 3 / 3 points" in correct  # the findings are shown, the code is not
    [bug] = [d for d in batch.demos if d.partial]
    [page] = (batch.course_dir / "feedback" / grading.demo_student_id(bug) / assignment).glob("*.html")
    rows = feedback_rows(page.read_text())
    assert list(rows) == list(grading.exercises(assignment)), "one row an exercise, in notebook order"
    for exercise in bug.partial:
        points, found = rows[exercise]
        assert points != f"{grading.exercises(assignment)[exercise]:g}" and bug.about[:40] in found, rows[exercise]
    assert "data:image/png;base64" in page.read_text(), "the student's own plots are on the page"
    grades = (batch.course_dir / "grades.csv").read_text()
    assert "demo-correct" in grades and assignment in grades


def feedback_rows(html):
    """``{exercise: (points earned, what the checks found)}`` of a feedback page's summary table."""
    rows = BeautifulSoup(html, "html.parser").select("table#exercises tr")[1:]
    cells = [[td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows]
    return {name.split(". ", 1)[1]: (points.split(" / ")[0], found) for name, points, found in cells}


def test_does_parallel_grading_give_each_demo_its_score_in_a_whole_gradebook(graded_batch):
    """Initialization's batch is graded two students at a time (``course grade --jobs 2``)."""
    batch = graded_batch(PARALLEL_ASSIGNMENT)
    demos = batch.demos
    assert f"[{len(demos)}/{len(demos)}]" in batch.output, f"no progress lines in {batch.output!r}"
    assert set(batch.scores) == {grading.demo_student_id(demo) for demo in demos}
    for demo in demos:
        for exercise, (score, max_score) in batch.scores[grading.demo_student_id(demo)].items():
            assert meets(demo.expectation(exercise), score, max_score), (demo.student, exercise, score)
    with sqlite3.connect(batch.course_dir / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list((batch.course_dir / "autograded").glob("*/*/.grading-in-progress"))


def test_does_grading_a_submission_again_give_the_same_feedback(graded_batch):
    """Hidden-check inputs are seeded by (assignment, student, exercise). The submission forgets the
    mini-batch of a set smaller than one batch, which only a random case has: its message quotes
    that case's random m and seed."""
    batch = graded_batch("optimization")
    student = "forgets-small-sets"
    answers = with_edit(OPTIMIZATION, "random_mini_batches", "if m % mini_batch_size != 0:",
                        "if num_complete_mini_batches and m % mini_batch_size != 0:")
    folder = batch.course_dir / "submitted" / student / batch.assignment
    folder.mkdir(parents=True)
    release = grading.release_notebook(batch.assignment, batch.assignment, batch.course_dir)
    nbformat.write(fill_release(release, answers), str(folder / f"{batch.assignment}.ipynb"))

    def test_cell_outputs():
        [notebook] = batch.autograded_notebook(student)
        return [text_output(c) for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]

    grading.nbgrader("autograde", batch.assignment, "--student", student, course_dir=batch.course_dir)
    first = test_cell_outputs()
    grading.nbgrader("autograde", batch.assignment, "--force", "--student", student, course_dir=batch.course_dir)
    assert test_cell_outputs() == first
    assert any("returned no mini-batch (m=" in text for text in first), first

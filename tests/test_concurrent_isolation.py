"""Can students graded side by side reach each other? (`course grade --jobs 2`: one plain
`nbgrader autograde --student` per student, two at a time)

A spinner starts busy processes up to its limit and keeps them alive for a minute while correct
submissions are graded beside it; two students try to leave and read keys in the kernel keyring,
which outlives a kernel and is shared by every kernel graded as the same user.
"""
import pytest

from autograder.desk import grading
from autograder.engine.sandbox import available_layers, starved
from autograder.desk.submissions import meets
from hostile_submissions import EXERCISES, KEYRING, answered, spinner, with_cell_after
from test_hostile_grading import ASSIGNMENT, course_with, feedback_text

pytestmark = pytest.mark.slow
VICTIMS = [f"victim-{n}" for n in range(1, 4)]


@pytest.fixture(scope="module")
def concurrent_batch(tmp_path_factory):
    """Graded two at a time in name order: the spinner in one slot for the whole batch, the
    keyring students and the victims one after another in the other."""
    submissions = {"cpu-spinner": spinner, "keyring-1": with_cell_after(EXERCISES[0], KEYRING),
                   "keyring-2": with_cell_after(EXERCISES[0], KEYRING)}
    submissions.update({victim: answered() for victim in VICTIMS})
    course_dir = course_with(tmp_path_factory.mktemp("concurrent"), lambda _: submissions)
    grading.autograde(ASSIGNMENT, course_dir, jobs=2)
    grading.nbgrader("generate_feedback", ASSIGNMENT, course_dir=course_dir)
    return course_dir, grading.scores(ASSIGNMENT, course_dir)


@pytest.mark.parametrize("victim", VICTIMS)
def test_does_a_correct_submission_keep_full_marks_beside_a_spinner(concurrent_batch, victim):
    course_dir, scores = concurrent_batch
    for exercise, (score, max_score) in scores[victim].items():
        assert meets("full", score, max_score), (exercise, feedback_text(course_dir, victim))
    if available_layers()["cgroups"]:  # its CPU share held: no time limit ran out, nothing re-graded
        assert "graded again alone" not in feedback_text(course_dir, victim)


def test_is_the_spinner_told_that_its_processes_were_capped_and_not_graded_twice(concurrent_batch):
    """Its own processes slowed it, not other kernels: no second grading for it."""
    course_dir, _ = concurrent_batch
    text = feedback_text(course_dir, "cpu-spinner")
    assert "could not start another process (the limit of a kernel is" in text
    assert "graded again alone" not in text


def test_can_no_key_be_left_in_the_keyring_for_the_next_student(concurrent_batch):
    course_dir, scores = concurrent_batch
    for student in ("keyring-1", "keyring-2"):
        text = feedback_text(course_dir, student)
        assert "keyring write: refused (Operation not permitted)" in text, text
        assert "found a key" not in text and "planted a key" not in text
        assert all(meets("full", *scores[student][e]) for e in EXERCISES)


@pytest.mark.parametrize("ran, waited, others_ran, verdict", [
    (1.0, 9.0, 9.0, True),    # other kernels held the CPU: graded again alone
    (1.0, 9.0, 0.5, False),   # work outside the grader slowed every kernel alike
    (12.0, 30.0, 9.0, False),  # its own busy processes ran: it got its share
    (1.0, 1.0, 9.0, False),   # it hardly waited: its own slowness
], ids=["other-kernels", "outside-load", "own-processes", "no-wait"])
def test_is_a_kernel_starved_only_by_the_kernels_graded_beside_it(ran, waited, others_ran, verdict):
    """A 10 s limit ran out, one other kernel graded on 2 CPUs."""
    assert starved(10, ran, waited, others_ran, others=1, cpus=2) is verdict

"""Does every demo submission get, from the hidden checks, the score and the messages it should?

Graded in-process: the answers are defined in a namespace like the notebook's and handed to the same
checks that grade through nbgrader (``test_grading.py`` runs a few demos per assignment that way).
"""
import pytest

from autograder.course import demos_of, points_of
from autograder.desk.submissions import meets
from conftest import ASSIGNMENTS, evaluate_answers

CASES = [(a, d) for a in ASSIGNMENTS for d in demos_of(a)]
SEEDS = (0, 1, 2)


@pytest.mark.parametrize("assignment, demo", CASES, ids=[f"{a}-{d.student}" for a, d in CASES])
def test_does_each_demo_get_the_score_it_should_from_the_hidden_checks(assignment, demo):
    """Correct and different-but-correct: full marks; untouched: zero; a bug costs its exercise only,
    with a message; full marks come with no message."""
    points = points_of(assignment)
    for exercise in points:
        for seed in SEEDS:
            earned, max_points, messages = evaluate_answers(assignment, demo.answers, exercise, seed)
            assert max_points == points[exercise]
            assert meets(demo.expectation(exercise), earned, max_points), (exercise, seed, earned, messages)
            assert (earned < max_points) == bool(messages), (exercise, seed, messages)

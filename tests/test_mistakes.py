"""Is every typical mistake named in the same words by the public check, wherever its inputs show it,
and by the hidden check, which takes points off its exercise?

Each assignment's catalogue is ``MISTAKES`` in its demos module. What each mistake gives on the public
checks is recorded by ``course diagnoses`` and shipped with ``dlcourse``; a test here re-records it,
so that the shipped file cannot go stale. The session ends with a table: mistake, public message,
hidden points lost (see ``conftest.pytest_terminal_summary``).
"""
import json

import pytest

from autograder import diagnoses
from autograder.checks import evaluate
from autograder.demos import demos_module
from conftest import ASSIGNMENTS, MISTAKE_TABLE, answers_namespace
from dlcourse.public_checks import diagnose

CASES = [(a, m) for a in ASSIGNMENTS for m in diagnoses.mistakes_of(a)]
SLOW = {"tensorflow_signs"}  # a TensorFlow check trains: one seed


def shipped(assignment):
    path = diagnoses.output_path(assignment)
    return json.loads(path.read_text()) if path.exists() else {}


def public_message(assignment, mistake):
    """What the student's public check says of ``mistake`` (None if it passes or names nothing)."""
    [seen] = [s for s in shipped(assignment).get(mistake.exercise, []) if s["mistake"] == mistake.name]
    if not (seen["failed_at"] or seen["error"]):
        return None
    return diagnose({**seen, "exercise": mistake.exercise}) or f"fails at {seen['failed_at'] or seen['error']}, names nothing"


@pytest.mark.parametrize("assignment, mistake", CASES, ids=[f"{a}-{m.name}" for a, m in CASES])
def test_is_each_mistake_named_by_the_public_and_the_hidden_check(assignment, mistake):
    namespace = answers_namespace(assignment, mistake.answers(demos_module(assignment).CORRECT))
    lost = []
    for seed in (0,) if assignment in SLOW else (0, 1, 2):
        earned, max_points, messages = evaluate(assignment, mistake.exercise, namespace[mistake.exercise], seed)
        assert earned < max_points, (seed, messages)
        assert any(mistake.diagnosis in message for message in messages), (seed, messages)
        lost.append(max_points - earned)
    public = public_message(assignment, mistake)
    MISTAKE_TABLE.append((f"{assignment}/{mistake.name}", public or "(passes the public check)",
                          f"-{min(lost):g}..{max(lost):g} of {max_points:g}"))
    if public is not None and "names nothing" not in public:
        assert mistake.diagnosis in public, public


@pytest.mark.parametrize("assignment", sorted({a for a, _ in CASES}))
def test_are_the_shipped_diagnoses_what_the_public_checks_give(assignment):
    """``course diagnoses`` re-run now writes the file that ships (run it and commit if not)."""
    assert diagnoses.text(diagnoses.record(assignment)) == diagnoses.text(shipped(assignment)), (
        f"run `course diagnoses {assignment}` and commit datasets/dlcourse/files/diagnoses/")

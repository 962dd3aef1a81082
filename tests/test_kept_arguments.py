"""Does a graded function that changes an argument its caller still uses lose points, named in one
sentence, while the arguments the exercise updates on purpose (an update rule's parameters, v and s;
batchnorm_forward's bn_param) may change?

Each checks module lists, in ``KEPT_ARGUMENTS``, the arguments each graded function must leave as they
were; the engine judges them (``autograder.engine.checks.evaluate``, criterion ``inputs``) and the
public checks' ``call`` does the same in every test cell.
"""
import textwrap

import numpy as np
import pytest

from autograder.course import ARGUMENTS_CHANGED, check_module, evaluate
from autograder.course import demos_module
from conftest import ASSIGNMENTS, answers_namespace
from dlcourse.public_checks import call, public_checks

SLOW = {"tensorflow_signs"}  # its checks train: the first kept argument of model only
CASES = [(a, e, name) for a in ASSIGNMENTS for e, kept in getattr(check_module(a), "KEPT_ARGUMENTS", {}).items()
         for name in (list(kept.values())[:1] if a in SLOW and e == "model" else kept.values())]


def changed_in_place(value):
    """Change ``value`` in place (an array, a variable, or a dict, list or tuple holding one); False if
    nothing in it can change."""
    if isinstance(value, np.ndarray) and value.size and value.flags.writeable:
        value.flat[0] = (not value.flat[0]) if value.dtype == bool else value.flat[0] + 1
        return True
    if isinstance(value, dict):
        return any(changed_in_place(item) for item in value.values())
    if isinstance(value, list):
        value.append(value[0] if value else 0)
        return True
    if isinstance(value, tuple):
        return any(changed_in_place(item) for item in value)
    if hasattr(value, "assign_add"):  # a tf.Variable
        value.assign_add(value * 0 + 1)
        return True
    return False


def changing(body, name):
    """``body`` of a correct answer, which then changes its argument ``name`` in place, once it has
    computed what it returns."""
    return (f"__given__ = {name}\ntry:\n" + textwrap.indent(body, "    ")
            + "\nfinally:\n    __changed__.append(__change__(__given__))")


@pytest.mark.parametrize("assignment, exercise, name", CASES, ids=[f"{a}-{e}-{n}" for a, e, n in CASES])
def test_does_changing_a_kept_argument_lose_points_with_the_sentence(assignment, exercise, name):
    correct = demos_module(assignment).CORRECT
    namespace = answers_namespace(assignment, {**correct, exercise: changing(correct[exercise], name)})
    changed = []
    namespace.update(__change__=changed_in_place, __changed__=changed)
    earned, max_points, messages = evaluate(assignment, exercise, namespace[exercise], seed=0)
    if not any(changed):
        pytest.skip(f"the hidden check gives {name} as a value that cannot change in place (a tensor)")
    assert earned < max_points, messages
    # the names of every argument changed (an array and a view of it change together: model's X_test is
    # a slice of X_train in one of its checks), then the sentence with them
    [message] = [m for m in messages if m.startswith(f"{exercise} changed ")]
    names = message[len(f"{exercise} changed "):message.index(", which it was given. ")]
    assert name in names.split(" and "), message
    assert message.endswith(ARGUMENTS_CHANGED.format(function=exercise, arguments=names)), message


def test_does_the_public_call_check_the_arguments_but_those_the_exercise_updates():
    """``call`` in a test cell: an argument changed in place fails a named check, unless ``updates``
    names it."""
    def update_parameters(parameters, grads):
        parameters["W1"] -= grads["dW1"]
        grads["dW1"] *= 0
        return parameters

    def arguments():
        return {"W1": np.ones((2, 2))}, {"dW1": np.ones((2, 2))}

    with pytest.raises(AssertionError, match="update_parameters changed grads, which it was given"):
        with public_checks():
            call(update_parameters, *arguments(), updates=("parameters",))
    with pytest.raises(AssertionError, match="changed parameters and grads"):
        with public_checks():
            call(update_parameters, *arguments())

    def kind(parameters, grads):
        return {"W1": parameters["W1"] - grads["dW1"]}

    with public_checks():
        call(kind, *arguments())

    def best_two(trials):
        trials.sort(key=lambda trial: trial["cost"])  # same dicts, another order: the caller's list changed
        return trials[:2]

    with pytest.raises(AssertionError, match="best_two changed trials, which it was given"):
        with public_checks():
            call(best_two, [{"cost": 0.5}, {"cost": 0.2}, {"cost": 0.9}])

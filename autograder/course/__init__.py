"""The course's content, one folder per assignment: ``autograder/course/<id>/`` holds its
``reference`` (the solutions, their one copy as code), its ``checks`` (the hidden checks, one per
graded function, registered with its points in ``EXERCISES``, whose ``points`` are the assignment's
``{exercise: points}``; written with the engine's check API, ``autograder.engine.checks``, and
compared with the reference) and its ``demos`` (demo submissions with their expected scores,
``CORRECT`` and ``MISTAKES``, the catalogue of typical mistakes, written with
``autograder.course.demo``: ``Demo``, ``Mistake`` and the helpers that make answers and fill a release
notebook with them). The course imports the engine's check API and nothing of the desk.

The trusted grader finds an assignment's checks through ``c.SandboxedExecute.checks_module``
(``"autograder.course.{assignment}.checks"``) in ``nbgrader_config.py``; the hidden-test cells of the
source notebooks (and the tests) call ``grade`` and ``evaluate`` here.
"""
import importlib
import inspect
from dataclasses import dataclass
from typing import Callable

import numpy as np

from autograder.engine import checks as engine


def assignment_module(assignment, part):
    """The module ``part`` (``"reference"``, ``"checks"`` or ``"demos"``) of ``assignment``."""
    return importlib.import_module(f"{__name__}.{assignment}.{part}")


def check_module(assignment):
    return assignment_module(assignment, "checks")


def reference_module(assignment):
    return assignment_module(assignment, "reference")


def demos_module(assignment):
    return assignment_module(assignment, "demos")


def demos_of(assignment):
    return demos_module(assignment).DEMOS


def points_of(assignment):
    """``{exercise: points}`` of ``assignment``'s graded functions, in notebook order (its checks
    module's ``EXERCISES.points``)."""
    return check_module(assignment).EXERCISES.points


def evaluate(assignment, exercise, student_function, seed=None):
    """``(points earned, max points, messages)`` of the hidden check of ``exercise``."""
    return engine.evaluate(check_module(assignment), exercise, student_function, seed)


def grade(assignment, exercise, student_function):
    """Hidden-test entry point of a source notebook: print the findings, return the points earned."""
    earned, max_points, messages = evaluate(assignment, exercise, student_function)
    print(engine.report(exercise, earned, max_points, messages), end="")
    return earned


@dataclass(frozen=True)
class CaseKind:
    """One kind of hidden case of an exercise and its public twin.

    ``name`` says what the hidden cases of this kind have in common (m below one mini-batch, one
    layer, ...); ``public_check`` is the name under which the exercise's test cell checks a case of
    that kind (the name its ``expect_*`` call gives); ``applies(arguments)`` tells whether a call of
    the graded function, its arguments by parameter name with the defaults filled in, is of this kind.
    Each checks module declares ``CASE_KINDS = {exercise: (CaseKind, ...)}``: every hidden case is of
    at least one kind, and ``tests/test_case_kinds.py`` runs the hidden and the public checks on the
    reference to hold both to the table, so that no hidden case comes as a surprise.
    """

    name: str
    public_check: str
    applies: Callable[[dict], bool]


# The sentence of a graded function that changes an argument its caller still uses (the rubric's
# ``inputs`` criterion, see ``autograder.engine.checks.evaluate``; ``{function}``, ``{arguments}``).
ARGUMENTS_CHANGED = ("Your {function} changes {arguments} in place (with -=, /=, .sort() or an assignment into it), "
                     "and the caller still uses them: compute new arrays or lists instead (Z_centered = Z - mu, "
                     "sorted(trials, ...)) and leave the arguments as they were.")


def kept_arguments(function, *names):
    """``{position: name}`` of the parameters ``names`` of ``function`` (a reference function): the
    arguments it must leave as they were, for a checks module's ``KEPT_ARGUMENTS``."""
    parameters = list(inspect.signature(function).parameters)
    return {parameters.index(name): name for name in names}


def layer_count(parameters):
    """The number of layers ``L`` of a parameter dict (``"W1"``, ``"b1"``, ...) or a gradient dict."""
    return sum(1 for key in parameters if str(key).lstrip("d").startswith("W"))


def random_layers_dims(rng, model_dims, depths, widths):
    """``model_dims`` (a notebook's network) plus two random ``layers_dims``: ``depths`` and
    ``widths`` are the (lowest, highest) number of layers and of units per layer."""
    cases = [list(model_dims)]
    for _ in range(2):
        depth = int(rng.integers(depths[0], depths[1] + 1))
        cases.append([int(n) for n in rng.integers(widths[0], widths[1] + 1, size=depth + 1)])
    return cases


def first_difference(actual, expected, name):
    """Where two arrays of one shape differ most, as ``"name[i, j] is a, expected e"`` (``"name is a,
    expected e"`` for numbers; the index goes where ``name`` has ``{}``, if it has): what a message shows
    before the sentence that names a mistake."""
    try:
        actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return f"{name} is not the expected value"
    if actual.shape != expected.shape or actual.size == 0:
        return f"{name} has shape {actual.shape}, expected {expected.shape}"
    with np.errstate(invalid="ignore"):
        gaps = np.abs(actual - expected)
    index = np.unravel_index(int(np.argmax(np.where(np.isnan(gaps), np.inf, gaps))), actual.shape)
    where = f"[{', '.join(str(int(i)) for i in index)}]" if actual.ndim else ""
    name = name.format(where) if "{}" in name else name + where
    return f"{name} is {actual[index]:.6g}, expected {expected[index]:.6g}"

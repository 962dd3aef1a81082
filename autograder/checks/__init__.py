"""Hidden checks of the course: one module per assignment, one ``check_<exercise>`` per graded
function, written with the engine's check API (``autograder.engine.checks``), compared with
``autograder.reference``. The trusted grader finds them through ``c.SandboxedExecute.checks_package``
in ``nbgrader_config.py``; the hidden-test cells of the source notebooks (and the tests) call
``grade`` and ``evaluate`` here.
"""
import importlib

import numpy as np

from autograder.engine import checks as engine


def check_module(assignment):
    return importlib.import_module(f"{__name__}.{assignment}")


def evaluate(assignment, exercise, student_function, seed=None):
    """``(points earned, max points, messages)`` of the hidden check of ``exercise``."""
    return engine.evaluate(check_module(assignment), exercise, student_function, seed)


def grade(assignment, exercise, student_function):
    """Hidden-test entry point of a source notebook: print the findings, return the points earned."""
    earned, max_points, messages = evaluate(assignment, exercise, student_function)
    print(engine.report(exercise, earned, max_points, messages), end="")
    return earned


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

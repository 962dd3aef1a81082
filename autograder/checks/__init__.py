"""Hidden checks of the course: one module per assignment, one ``check_<exercise>`` per graded
function, written with the engine's check API (``autograder.engine.checks``), compared with
``autograder.reference``. The trusted grader finds them through ``c.SandboxedExecute.checks_package``
in ``nbgrader_config.py``; the hidden-test cells of the source notebooks (and the tests) call
``grade`` and ``evaluate`` here.
"""
import importlib

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

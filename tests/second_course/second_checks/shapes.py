"""Hidden checks of the shapes assignment."""
import numpy as np

from autograder.engine.checks import Exercises, Rubric, run_student

EXERCISES = Exercises({"polygon_area": 3, "perimeter": 2})
KEPT_ARGUMENTS = {"polygon_area": {0: "xs", 1: "ys"}}  # the engine's inputs criterion: left as they were
ARGUMENTS_CHANGED = ("Your {function} changes {arguments} in place, and the caller still uses them: compute "
                     "new arrays instead (xs - xs.mean()) and leave the arguments as they were.")

SIGNED_AREA = "Your polygon_area is negative for corners given clockwise: return the absolute value of the shoelace sum."
AREA_WRONG = "Your polygon_area differs from the shoelace formula: half the absolute value of the sum of x_i * y_(i+1) - x_(i+1) * y_i, the last corner wrapping round to the first."
OPEN_PERIMETER = "Your perimeter leaves out the side from the last corner back to the first: the polygon is closed."
PERIMETER_WRONG = "Your perimeter differs from the sum of the lengths of the sides: add np.hypot(dx, dy) over every side."
NOT_A_NUMBER = "Your {name} returns {kind}, not a number: return a float."


def polygon_area(xs, ys):
    """The reference: the area of the polygon with corners ``(xs, ys)`` (each of shape (n,))."""
    return abs(np.sum(xs * np.roll(ys, -1) - np.roll(xs, -1) * ys)) / 2


def perimeter(xs, ys):
    """The reference: the length of the closed polygon's boundary."""
    return float(np.sum(np.hypot(np.roll(xs, -1) - xs, np.roll(ys, -1) - ys)))


def random_polygon(rng, clockwise):
    """A star-shaped polygon of 3 to 9 corners around a random centre: ``(xs, ys)``."""
    n = int(rng.integers(3, 10))
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))[::-1 if clockwise else 1]
    radii = rng.uniform(0.5, 3, n)
    centre = rng.uniform(-5, 5, 2)
    return centre[0] + radii * np.cos(angles), centre[1] + radii * np.sin(angles)


def polygons(rng):
    square = (np.array([0.0, 1.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0, 1.0]))
    return [square, random_polygon(rng, False), random_polygon(rng, True), random_polygon(rng, True)]


def number(rubric, criterion, got, name):
    """``got`` as a float, or None with ``criterion`` failed."""
    try:
        return float(got)
    except (TypeError, ValueError):
        rubric.fail(criterion, NOT_A_NUMBER.format(name=name, kind=type(got).__name__))
        return None


@EXERCISES.check("polygon_area")
def check_polygon_area(student, rng):
    rubric = Rubric(area=2, orientation=1)
    for xs, ys in rubric.cases(polygons(rng)):
        ok, got = run_student(rubric, rubric.weights, student, xs.copy(), ys.copy())
        got = number(rubric, "area", got, "polygon_area") if ok else None
        want = polygon_area(xs, ys)
        if got is None or np.isclose(got, want):
            continue
        rubric.fail("orientation", SIGNED_AREA) if np.isclose(got, -want) else rubric.fail("area", AREA_WRONG)
    return rubric


@EXERCISES.check("perimeter")
def check_perimeter(student, rng):
    rubric = Rubric(perimeter=1)
    for xs, ys in rubric.cases(polygons(rng)):
        ok, got = run_student(rubric, rubric.weights, student, xs.copy(), ys.copy())
        got = number(rubric, "perimeter", got, "perimeter") if ok else None
        want = perimeter(xs, ys)
        if got is None or np.isclose(got, want):
            continue
        closing = np.hypot(xs[0] - xs[-1], ys[0] - ys[-1])
        rubric.fail("perimeter", OPEN_PERIMETER if np.isclose(got, want - closing) else PERIMETER_WRONG)
    return rubric

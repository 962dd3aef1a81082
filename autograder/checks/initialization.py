"""Hidden checks of the Initialization assignment."""
import numpy as np

from autograder.checks import random_layers_dims
from autograder.engine.checks import Rubric, compare_arrays, run_student
from autograder.reference import initialization as reference

POINTS = {
    "initialize_parameters_zeros": 2,
    "initialize_parameters_random": 3,
    "initialize_parameters_he": 3,
}

# Provided helpers one call of which would answer an exercise (see ``autograder.checks.evaluate``).
SHORTCUTS = dict.fromkeys(POINTS, ["dlcourse.three_layer_net.initialize_parameters"])

# Weight scalings a student may confuse, as functions of n_prev (the fan-in).
SCALINGS = {
    "randn * 10 (large random)": lambda n_prev: 10.0,
    "sqrt(2/n) (He)": lambda n_prev: np.sqrt(2 / n_prev),
    "sqrt(1/n) (Xavier)": lambda n_prev: np.sqrt(1 / n_prev),
    "randn without scaling": lambda n_prev: 1.0,
    "randn * 0.01 (small random)": lambda n_prev: 0.01,
    "randn * 2/n (He without the square root)": lambda n_prev: 2 / n_prev,
}


def seeded_weights(layers_dims, scale, reseed_every_layer=False):
    """Weights from ``np.random.seed(3)`` then ``randn(n_l, n_prev) * scale(n_prev)`` layer by layer."""
    np.random.seed(3)
    weights = {}
    for l in range(1, len(layers_dims)):
        if reseed_every_layer:
            np.random.seed(3)
        n_l, n_prev = layers_dims[l], layers_dims[l - 1]
        weights["W" + str(l)] = np.random.randn(n_l, n_prev) * scale(n_prev)
    return weights


def diagnose_weights(actual, layers_dims, expected_scaling):
    """A message naming the likely mistake behind weights of the right shapes but wrong values."""
    def matches(candidate):
        return all(np.allclose(actual[key], value) for key, value in candidate.items())

    for label, scale in SCALINGS.items():
        if label != expected_scaling and matches(seeded_weights(layers_dims, scale)):
            return f"the weights look like {label}; this initializer uses {expected_scaling}"
    if matches(seeded_weights(layers_dims, SCALINGS[expected_scaling], reseed_every_layer=True)):
        return ("np.random.seed(3) is called inside the loop, so every layer repeats the same draws; "
                "call it once, before the loop")
    return (f"weights differ from np.random.seed(3) then randn(n_l, n_prev) * {expected_scaling}, "
            f"layer by layer in order (layers_dims={layers_dims})")


def _only(parameters, prefix):
    """The entries of a parameter dict whose key starts with ``prefix`` (``"W"`` or ``"b"``)."""
    if not isinstance(parameters, dict):
        return parameters
    return {k: v for k, v in parameters.items() if str(k).startswith(prefix)}


def check_initializer(student_function, reference_function, diagnose, rng):
    """Shared rubric of the three initializers: structure 1, zero biases 1, weights 2."""
    rubric = Rubric(structure=1, biases=1, weights=2)
    for layers_dims in random_layers_dims(rng, [2, 10, 5, 1], depths=(2, 4), widths=(1, 8)):
        ran, actual = run_student(rubric, rubric.weights, student_function, layers_dims)
        if not ran:
            break
        expected = reference_function(layers_dims)
        nonzero_biases, unusable = compare_arrays(rubric, _only(actual, "b"), _only(expected, "b"), "structure")
        if unusable:
            rubric.fail("biases", f"biases {unusable} could not be checked (see the structure problem)")
        elif nonzero_biases:
            rubric.fail("biases", f"{nonzero_biases[0]} is not zero: biases start at np.zeros((n_l, 1))")
        wrong_weights, unusable = compare_arrays(rubric, _only(actual, "W"), _only(expected, "W"), "structure")
        if unusable:
            rubric.fail("weights", f"weights {unusable} could not be compared (see the structure problem)")
        elif wrong_weights:
            rubric.fail("weights", diagnose(actual, layers_dims))
    return rubric


def check_initialize_parameters_zeros(student_function, rng):
    def diagnose(actual, layers_dims):
        key = next(k for k in sorted(actual) if k.startswith("W") and np.any(actual[k] != 0))
        return f"{key} is not all zeros"

    return check_initializer(student_function, reference.initialize_parameters_zeros, diagnose, rng)


def check_initialize_parameters_random(student_function, rng):
    def diagnose(actual, layers_dims):
        return diagnose_weights(actual, layers_dims, "randn * 10 (large random)")

    return check_initializer(student_function, reference.initialize_parameters_random, diagnose, rng)


def check_initialize_parameters_he(student_function, rng):
    def diagnose(actual, layers_dims):
        return diagnose_weights(actual, layers_dims, "sqrt(2/n) (He)")

    return check_initializer(student_function, reference.initialize_parameters_he, diagnose, rng)

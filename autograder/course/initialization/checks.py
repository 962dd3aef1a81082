"""Hidden checks of the Initialization assignment."""
import numpy as np

from autograder.course import (  # noqa: F401 (ARGUMENTS_CHANGED: read by the engine)
    ARGUMENTS_CHANGED, CaseKind, first_difference, kept_arguments, random_layers_dims)
from autograder.engine.checks import Exercises, Rubric, compare_arrays, run_student
from autograder.course.initialization import reference

EXERCISES = Exercises({
    "initialize_parameters_zeros": 2,
    "initialize_parameters_random": 3,
    "initialize_parameters_he": 3,
})

# Provided helpers one call of which would answer an exercise (see ``autograder.course.evaluate``).
SHORTCUTS = dict.fromkeys(EXERCISES.points, ["dlcourse.three_layer_net.initialize_parameters"])

# Weight scalings a student may confuse, as functions of n_prev (the fan-in).
SCALINGS = {
    "randn * 10 (large random)": lambda n_prev: 10.0,
    "sqrt(2/n) (He)": lambda n_prev: np.sqrt(2 / n_prev),
    "sqrt(1/n) (Xavier)": lambda n_prev: np.sqrt(1 / n_prev),
    "randn without scaling": lambda n_prev: 1.0,
    "randn * 0.01 (small random)": lambda n_prev: 0.01,
    "randn * 2/n (He without the square root)": lambda n_prev: 2 / n_prev,
}

# What the messages call each typical mistake, one sentence each: what the code does wrong, then what to do
# (``autograder/course/initialization/demos.py`` refers to the same constants).
NONZERO_BIASES = "Your biases do not start at zero: make each one np.zeros((layers_dims[l], 1))."
WEIGHTS_NOT_ZEROS = ("Your weights are not all zeros: make each one np.zeros((layers_dims[l], layers_dims[l - 1])), "
                     "as this initializer asks.")
SEED_IN_LOOP = ("Your initializer calls np.random.seed(3) inside the loop, so every layer repeats the same draws: "
                "call it once, before the loop.")
RANDOM_NOT_SCALED = ("Your weights are np.random.randn(...) without a scale: multiply them by 10, for this "
                     "initializer's large random values.")
RANDOM_SMALL = ("Your weights are np.random.randn(...) * 0.01, small random values: multiply by 10 instead, for this "
                "initializer's large random values.")
XAVIER_NOT_HE = ("Your weights are scaled by np.sqrt(1 / layers_dims[l - 1]), Xavier initialization: scale them by "
                 "np.sqrt(2 / layers_dims[l - 1]) for He.")
HE_WITHOUT_ROOT = ("Your weights are scaled by 2 / layers_dims[l - 1], without the square root: scale them by "
                   "np.sqrt(2 / layers_dims[l - 1]).")
OTHER_SCALING = "Your weights look like {}: scale them as {} instead."

# The typical mistakes of each initializer's scaling: ``{label in SCALINGS: sentence}``.
RANDOM_SCALING_MISTAKES = {"randn without scaling": RANDOM_NOT_SCALED, "randn * 0.01 (small random)": RANDOM_SMALL}
HE_SCALING_MISTAKES = {"sqrt(1/n) (Xavier)": XAVIER_NOT_HE, "randn * 2/n (He without the square root)": HE_WITHOUT_ROOT}


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


def diagnose_weights(actual, expected, layers_dims, expected_scaling, typical):
    """A message naming the likely mistake behind weights of the right shapes but wrong values, after
    where they differ: ``typical`` holds the sentences of this initializer's typical mistakes, keyed by
    their labels in ``SCALINGS``."""
    def matches(candidate):
        return all(np.allclose(actual[key], value) for key, value in candidate.items())

    key = next(k for k in sorted(expected) if not np.allclose(actual[k], expected[k], rtol=1e-6, atol=1e-9))
    differs = f"{first_difference(actual[key], expected[key], key)} (layers_dims={layers_dims})"
    for label, scale in SCALINGS.items():
        if label != expected_scaling and matches(seeded_weights(layers_dims, scale)):
            return f"{differs}. {typical.get(label) or OTHER_SCALING.format(label, expected_scaling)}"
    if matches(seeded_weights(layers_dims, SCALINGS[expected_scaling], reseed_every_layer=True)):
        return f"{differs}. {SEED_IN_LOOP}"
    return (f"{differs}: the weights differ from np.random.seed(3) then randn(n_l, n_prev) * {expected_scaling}, "
            "layer by layer in order")


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
            key = nonzero_biases[0]
            rubric.fail("biases", f"{first_difference(actual[key], expected[key], key)}. {NONZERO_BIASES}")
        wrong_weights, unusable = compare_arrays(rubric, _only(actual, "W"), _only(expected, "W"), "structure")
        if unusable:
            rubric.fail("weights", f"weights {unusable} could not be compared (see the structure problem)")
        elif wrong_weights:
            rubric.fail("weights", diagnose(_only(actual, "W"), _only(expected, "W"), layers_dims))
    return rubric


@EXERCISES.check("initialize_parameters_zeros")
def check_initialize_parameters_zeros(student_function, rng):
    def diagnose(actual, expected, layers_dims):
        key = next(k for k in sorted(expected) if not np.allclose(actual[k], expected[k], rtol=1e-6, atol=1e-9))
        return f"{first_difference(actual[key], expected[key], key)}. {WEIGHTS_NOT_ZEROS}"

    return check_initializer(student_function, reference.initialize_parameters_zeros, diagnose, rng)


@EXERCISES.check("initialize_parameters_random")
def check_initialize_parameters_random(student_function, rng):
    def diagnose(actual, expected, layers_dims):
        return diagnose_weights(actual, expected, layers_dims, "randn * 10 (large random)", RANDOM_SCALING_MISTAKES)

    return check_initializer(student_function, reference.initialize_parameters_random, diagnose, rng)


@EXERCISES.check("initialize_parameters_he")
def check_initialize_parameters_he(student_function, rng):
    def diagnose(actual, expected, layers_dims):
        return diagnose_weights(actual, expected, layers_dims, "sqrt(2/n) (He)", HE_SCALING_MISTAKES)

    return check_initializer(student_function, reference.initialize_parameters_he, diagnose, rng)


# ----------------------------------------------------------------------------------------------
# The kinds of hidden cases, each with the public check that shows one (tests/test_case_kinds.py)

def _depth_kinds():
    return (CaseKind("two layers (layers_dims of length 3)", 'parameters["W2"]',
                     lambda a: len(a["layers_dims"]) == 3),
            CaseKind("three or four layers", 'parameters["W3"] of layers_dims [4, 3, 2, 1]',
                     lambda a: len(a["layers_dims"]) > 3))


CASE_KINDS = dict.fromkeys(EXERCISES.points, _depth_kinds())


# The arguments each graded function must leave as they were (the rubric's "inputs" criterion, judged by
# autograder.engine.checks.evaluate with the sentence ARGUMENTS_CHANGED).
KEPT_ARGUMENTS = {exercise: kept_arguments(getattr(reference, exercise), "layers_dims")
                  for exercise in EXERCISES.points}

"""Hidden checks of the Regularization assignment.

Every check runs the student's function on randomized networks (the model's ``[2, 20, 3, 1]`` and
random sizes, nonzero biases, random ``lambd`` and ``keep_prob``) and compares with the reference.
The dropout checks call the student's function right after ``np.random.seed(seed)`` (``seeded``: where
that function runs, in the sandboxed kernel under the trusted grader) and the reference after the same
seed here, so the student's masks and the reference's masks come from the same draws.
"""
import numpy as np

from autograder.course import (  # noqa: F401 (ARGUMENTS_CHANGED: read by the engine)
    ARGUMENTS_CHANGED, CaseKind, first_difference, kept_arguments, layer_count)
from autograder.engine.checks import Exercises, Rubric, as_number, compare_arrays, run_student, seeded
from autograder.course.regularization import reference
from dlcourse.three_layer_net import backward_propagation, compute_cost, forward_propagation, relu

EXERCISES = Exercises({
    "compute_cost_with_regularization": 2,
    "backward_propagation_with_regularization": 2,
    "forward_propagation_with_dropout": 3,
    "backward_propagation_with_dropout": 3,
})

PLAIN_CACHE = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
DROPOUT_CACHE = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
PARAMETER_GRADIENTS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")

# What the messages call each typical mistake, one sentence each: what the code does wrong, then what to do
# (``autograder/course/regularization/demos.py`` refers to the same constants).
L2_WITHOUT_HALF = "Your L2 term lacks the 1/2: multiply the sum of squared weights by lambd / (2 * m)."
L2_NOT_DIVIDED_BY_M = "Your L2 term is not divided by m: multiply the sum of squared weights by lambd / (2 * m)."
L2_WITH_BIASES = "The biases are included in your L2 term: sum the squares of W1, W2 and W3 only."
L2_MISSING = ("Your cost has no L2 term: add lambd / (2 * m) times the sum of squared weights to the "
              "cross-entropy.")
L2_NOT_SQUARED = "Your L2 term sums the weights themselves: sum their squares, np.sum(np.square(W1)) and so on."
PENALIZED_BIASES = ("Your bias gradients include lambd / m * b, but the biases are not penalized: keep each db "
                    "the unregularized gradient.")
GRADIENT_WITHOUT_L2 = "Your weight gradients lack the L2 term: add lambd / m * W to each dW."
L2_GRADIENT_NOT_DIVIDED_BY_M = ("Your weight gradients' L2 term is lambd * W, not divided by m: add lambd / m * W "
                                "to each dW.")
L2_GRADIENT_HALVED = ("Your weight gradients' L2 term is lambd / (2 * m) * W: add lambd / m * W to each dW, as the "
                      "2 of the derivative of W**2 cancels the 1/2 of the cost.")
L2_GRADIENT_DOUBLED = "Your weight gradients' L2 term is doubled, 2 * lambd / m * W: add lambd / m * W to each dW."
FLIPPED_MASKS = ("Your masks are flipped, keeping each unit with probability 1 - keep_prob: keep a unit when "
                 "np.random.rand(...) < keep_prob.")
SEEDS_INSIDE_FORWARD = ("Your forward pass calls np.random.seed itself, so every iteration would drop the same "
                        "units: seed once, outside the forward pass.")
MASKS_OUT_OF_ORDER = ("Your masks are drawn in another order: draw D1 first, then D2, with one np.random.rand call "
                      "per layer.")
NOT_INVERTED = ("Your dropout does not scale the kept units: divide each masked activation by keep_prob, so that "
                "its expected value stays the same.")
MASK_NOT_APPLIED = "Your dropout does not apply the masks: multiply A1 by D1 and A2 by D2, then divide by keep_prob."
# One sentence for a backward pass that forgets D1, D2 or both: which one shows depends on the units
# the draw dropped (a mask that dropped none changes nothing), and the fix is the same.
MASKS_NOT_APPLIED_BACKWARD = ("Your backward pass does not shut down the units the forward pass dropped: multiply "
                              "dA1 by D1 and dA2 by D2 before dividing by keep_prob.")
NOT_SCALED_BACKWARD = ("Your backward pass does not divide dA1 and dA2 by keep_prob: scale them as the forward pass "
                       "scaled A1 and A2.")


def random_cases(rng, count=3):
    """``(X, Y, parameters)`` for the model's ``[2, 20, 3, 1]`` and ``count - 1`` random networks."""
    dims = [[2, 20, 3, 1]] + [[int(rng.integers(2, 6)), int(rng.integers(2, 9)), int(rng.integers(2, 7)), 1]
                              for _ in range(count - 1)]
    cases = []
    for layers_dims in dims:
        m = int(rng.integers(4, 12))
        X = rng.normal(size=(layers_dims[0], m))
        Y = np.zeros((1, m), dtype=np.int64)
        Y[0, rng.permutation(m)[: m // 2]] = 1  # both labels present
        parameters = {}
        for l in range(1, 4):
            parameters[f"W{l}"] = rng.normal(size=(layers_dims[l], layers_dims[l - 1])) / np.sqrt(layers_dims[l - 1])
            parameters[f"b{l}"] = 0.3 * rng.normal(size=(layers_dims[l], 1))
        cases.append((X, Y, parameters))
    return cases


def random_lambd(rng):
    return round(float(rng.uniform(0.1, 2.0)), 3)


def random_keep_prob(rng):
    return round(float(rng.uniform(0.5, 0.95)), 3)


def copies(*arrays):
    """Fresh copies, so that a student's in-place edit cannot change what the reference sees."""
    return tuple({k: v.copy() for k, v in a.items()} if isinstance(a, dict) else
                 tuple(x.copy() for x in a) if isinstance(a, tuple) else a.copy() for a in arrays)


def _squares(parameters, prefix):
    return sum(np.sum(np.square(v)) for k, v in parameters.items() if k.startswith(prefix))


# --- compute_cost_with_regularization -------------------------------------------------------------

def diagnose_cost(actual, A3, Y, parameters, lambd):
    m = Y.shape[1]
    cross_entropy = compute_cost(A3, Y)
    weights, biases = _squares(parameters, "W"), _squares(parameters, "b")
    variants = {
        L2_WITHOUT_HALF: lambd / m * weights,
        L2_NOT_DIVIDED_BY_M: lambd / 2 * weights,
        L2_WITH_BIASES: lambd / (2 * m) * (weights + biases),
        L2_MISSING: 0.0,
        L2_NOT_SQUARED: lambd / (2 * m) * sum(np.sum(v) for k, v in parameters.items() if k.startswith("W")),
    }
    differs = f"the cost with lambd={lambd} is {float(actual)!r}, expected {float(cross_entropy + lambd / (2 * m) * weights)!r}"
    for sentence, penalty in variants.items():
        if np.isclose(actual, cross_entropy + penalty, rtol=1e-6):
            return f"{differs}. {sentence}"
    return f"{differs} (cross-entropy + lambd / (2 * m) * sum of squared weights)"


@EXERCISES.check("compute_cost_with_regularization")
def check_compute_cost_with_regularization(student_function, rng):
    """Rubric: returns a number 1, equals the cross-entropy when lambd=0 1, full cost 2."""
    rubric = Rubric(number=1, cross_entropy=1, penalty=2)
    for X, Y, parameters in rubric.cases(random_cases(rng)):
        A3, _ = forward_propagation(X, parameters)
        for lambd in (0.0, random_lambd(rng)):
            ran, actual = run_student(rubric, rubric.weights, student_function, *copies(A3, Y, parameters), lambd)
            if not ran:
                break
            value = as_number(actual)
            if value is None:
                rubric.fail("number", f"the cost should be a number (a float), got {type(actual).__name__}")
                rubric.fail("cross_entropy" if lambd == 0 else "penalty", "the cost could not be read as a number")
                continue
            expected = reference.compute_cost_with_regularization(A3, Y, parameters, lambd)
            if np.isclose(value, expected, rtol=1e-6):
                continue
            if lambd == 0:
                rubric.fail("cross_entropy", f"with lambd=0 the cost should be the cross-entropy {expected!r}, "
                                             f"got {value!r}")
            rubric.fail("penalty", diagnose_cost(value, A3, Y, parameters, lambd))
    return rubric


# --- backward_propagation_with_regularization -----------------------------------------------------

def compare_gradients(rubric, actual, expected, structure):
    """Compare the parameter gradients (``dW1`` ... ``db3``); other keys of ``grads`` are not graded."""
    if isinstance(actual, dict):
        actual = {k: v for k, v in actual.items() if k in PARAMETER_GRADIENTS}
    wanted = {k: expected[k] for k in PARAMETER_GRADIENTS}
    return compare_arrays(rubric, actual, wanted, structure, what="grads")


@EXERCISES.check("backward_propagation_with_regularization")
def check_backward_propagation_with_regularization(student_function, rng):
    """Rubric: structure 1, bias gradients 1, weight gradients 2."""
    rubric = Rubric(structure=1, biases=1, weights=2)
    for X, Y, parameters in rubric.cases(random_cases(rng)):
        _, cache = forward_propagation(X, parameters)
        lambd = random_lambd(rng)
        ran, actual = run_student(rubric, rubric.weights, student_function, *copies(X, Y, cache), lambd)
        if not ran:
            continue
        expected = reference.backward_propagation_with_regularization(X, Y, cache, lambd)
        differ, unusable = compare_gradients(rubric, actual, expected, "structure")
        if unusable:
            for criterion in ("biases", "weights"):
                rubric.fail(criterion, "the gradients could not be compared (see the structure problem)")
            continue
        plain = backward_propagation(X, Y, cache)
        m = X.shape[1]
        for key in [k for k in differ if k.startswith("db")]:
            bias = parameters["b" + key[2:]]
            if np.allclose(actual[key], plain[key] + lambd / m * bias):
                rubric.fail("biases", f"{first_difference(actual[key], expected[key], key)}, as it includes lambd / m "
                                      f"* b{key[2:]} (lambd={lambd}, m={m}). {PENALIZED_BIASES}")
            else:
                rubric.fail("biases", f"{key} differs from the unregularized bias gradient (lambd={lambd})")
        for key in [k for k in differ if k.startswith("dW")]:
            rubric.fail("weights", diagnose_weight_gradient(key, actual[key], plain[key], parameters, lambd, m))
    return rubric


def diagnose_weight_gradient(key, actual, plain, parameters, lambd, m):
    W = parameters["W" + key[2:]]
    variants = {
        GRADIENT_WITHOUT_L2: plain,
        L2_GRADIENT_NOT_DIVIDED_BY_M: plain + lambd * W,
        L2_GRADIENT_HALVED: plain + lambd / (2 * m) * W,
        L2_GRADIENT_DOUBLED: plain + 2 * lambd / m * W,
    }
    differs = f"{first_difference(actual, plain + lambd / m * W, key)} (lambd={lambd}, m={m})"
    for sentence, value in variants.items():
        if np.allclose(actual, value):
            return f"{differs}. {sentence}"
    return f"{differs}: {key} should be the cross-entropy gradient + lambd / m * W{key[2:]}"


# --- forward_propagation_with_dropout -------------------------------------------------------------

def seeded_call(function, seed, *args, **kwargs):
    """``function(*args, **kwargs)`` right after ``np.random.seed(seed)`` (student or reference)."""
    return seeded(function, seed)(*args, **kwargs)


def unpack_cache(rubric, output, names, structure):
    """``(A3, {name: array})`` from a forward pass's ``(A3, cache)``, or None after failing ``structure``."""
    if not (isinstance(output, tuple) and len(output) == 2):
        rubric.fail(structure, f"the function should return (A3, cache), got {type(output).__name__}")
        return None
    A3, cache = output
    if not isinstance(cache, (tuple, list)) or len(cache) != len(names):
        rubric.fail(structure, f"cache should be a tuple of {len(names)} arrays ({', '.join(names)}), "
                               f"got {type(cache).__name__} of length {len(cache) if hasattr(cache, '__len__') else '?'}")
        return None
    return A3, dict(zip(names, cache))


@EXERCISES.check("forward_propagation_with_dropout")
def check_forward_propagation_with_dropout(student_function, rng):
    """Rubric: structure 1, masks 1, inverted dropout applied 1, output A3 1.

    The masks are checked under a seed we choose; the dropout arithmetic is checked against the
    student's own masks, so a wrong mask costs only the mask criterion.
    """
    rubric = Rubric(structure=1, masks=1, dropout=1, output=1)
    kept = []  # (units kept, units, keep_prob) of each mask
    for index, (X, Y, parameters) in enumerate(rubric.cases(random_cases(rng))):
        keep_prob = random_keep_prob(rng)
        seed = int(rng.integers(0, 2**31))
        kwargs = {} if index == 1 else {"keep_prob": keep_prob}  # once with the default keep_prob=0.5
        keep_prob = kwargs.get("keep_prob", 0.5)
        ran, output = run_student(rubric, rubric.weights, seeded(student_function, seed), *copies(X, parameters),
                                  **kwargs)
        if not ran:
            continue
        A3_ref, cache_ref = seeded_call(reference.forward_propagation_with_dropout, seed, X, parameters, keep_prob)
        expected = dict(zip(DROPOUT_CACHE, cache_ref))
        unpacked = unpack_cache(rubric, output, DROPOUT_CACHE, "structure")
        if unpacked is None:
            for criterion in ("masks", "dropout", "output"):
                rubric.fail(criterion, "the output could not be checked (see the structure problem)")
            continue
        A3, cache = unpacked
        differ, unusable = compare_arrays(rubric, {"A3": A3, **cache}, {"A3": A3_ref, **expected}, "structure",
                                          what="(A3, cache)")
        if unusable:
            for criterion in ("masks", "dropout", "output"):
                rubric.fail(criterion, "the output could not be checked (see the structure problem)")
            continue
        if {"D1", "D2"} & set(differ):
            rubric.fail("masks", diagnose_masks(student_function, X, parameters, kwargs, cache, expected, seed))
        for layer in ("1", "2"):
            Z, D, A = cache["Z" + layer], cache["D" + layer], cache["A" + layer]
            kept.append((float(np.sum(D != 0)), D.size, keep_prob))
            if not np.allclose(A, relu(Z) * D / keep_prob):
                rubric.fail("dropout", diagnose_dropout(layer, A, Z, D, keep_prob))
        if "A3" in differ:
            rubric.fail("output", f"A3 differs from the reference under the same random draws (keep_prob={keep_prob})")
    rate_problem = keep_rate_problem(kept)
    if rate_problem:
        rubric.fail("dropout", rate_problem)
    return rubric


def keep_rate_problem(kept):
    """A message if the masks keep units at a rate other than keep_prob, beyond chance (over 6
    standard deviations of the binomial count: never for masks drawn right), else None. ``kept``:
    ``[(units kept, units, keep_prob)]``. Masks drawn with a wrong distribution (``np.random.randn``)
    keep the wrong share of units, which no seed mends."""
    if not kept:
        return None
    count = sum(k for k, _, _ in kept)
    expected = sum(n * p for _, n, p in kept)
    spread = np.sqrt(sum(n * p * (1 - p) for _, n, p in kept))
    if abs(count - expected) <= 6 * spread:
        return None
    units = sum(n for _, n, _ in kept)
    return (f"the masks keep {count / units:.0%} of the units where keep_prob keeps {expected / units:.0%}: draw "
            "each mask with np.random.rand (uniform on [0, 1)) and keep a unit when it is < keep_prob")


def diagnose_masks(student_function, X, parameters, kwargs, cache, expected, seed):
    keep_prob = kwargs.get("keep_prob", 0.5)
    D1, D2 = cache["D1"], cache["D2"]
    if np.array_equal(D1, 1 - expected["D1"]) and np.array_equal(D2, 1 - expected["D2"]):
        return f"D1 and D2 are 1 minus the expected masks (keep_prob={keep_prob}). {FLIPPED_MASKS}"
    if masks_ignore_the_seed(student_function, X, parameters, kwargs, D1, D2, seed):
        return (f"the masks drawn after np.random.seed({seed + 1}) are those drawn after np.random.seed({seed}): "
                f"they do not depend on numpy's random state. {SEEDS_INSIDE_FORWARD}")
    if np.array_equal(D1, expected["D2"]) or np.array_equal(D2, expected["D1"]):
        return f"D1 or D2 is the mask expected of the other layer (keep_prob={keep_prob}). {MASKS_OUT_OF_ORDER}"
    return (f"the masks differ from np.random.rand(*A1.shape) < keep_prob then np.random.rand(*A2.shape) "
            f"< keep_prob, drawn in that order (keep_prob={keep_prob})")


def masks_ignore_the_seed(student_function, X, parameters, kwargs, D1, D2, seed):
    """Does the student's function draw the same masks after another seed (it reseeds itself)?"""
    try:
        _, other = seeded_call(student_function, seed + 1, *copies(X, parameters), **kwargs)
        return np.array_equal(other[1], D1) and np.array_equal(other[6], D2)
    except Exception:  # student code: any failure just means "no"
        return False


def diagnose_dropout(layer, A, Z, D, keep_prob):
    differs = f"{first_difference(A, relu(Z) * D / keep_prob, f'A{layer}')} (keep_prob={keep_prob})"
    if np.allclose(A, relu(Z) * D):
        return f"{differs}: A{layer} is not divided by keep_prob after the mask. {NOT_INVERTED}"
    if np.allclose(A, relu(Z)) or np.allclose(A, relu(Z) / keep_prob):
        return f"{differs}: the mask D{layer} is not applied to A{layer}. {MASK_NOT_APPLIED}"
    return f"{differs}: A{layer} should be relu(Z{layer}) * D{layer} / keep_prob"


# --- backward_propagation_with_dropout ------------------------------------------------------------

def unmasked_cache(cache, keep_prob):
    """The cache with the dropped units' activations left in place (``A = relu(Z) / keep_prob``).

    A real forward pass zeroes them, and then ``A > 0`` already hides the dropped units in the
    ReLU derivative. With this cache, only a backward pass that applies ``D1``, ``D2`` itself
    gets the gradients right.
    """
    named = dict(zip(DROPOUT_CACHE, cache))
    named["A1"] = relu(named["Z1"]) / keep_prob
    named["A2"] = relu(named["Z2"]) / keep_prob
    return tuple(named[name] for name in DROPOUT_CACHE)


def with_masks(cache, **masks):
    named = dict(zip(DROPOUT_CACHE, cache))
    named.update(masks)
    return tuple(named[name] for name in DROPOUT_CACHE)


@EXERCISES.check("backward_propagation_with_dropout")
def check_backward_propagation_with_dropout(student_function, rng):
    """Rubric: structure 1, last layer 1, hidden layers on real caches 2, masks applied 1."""
    rubric = Rubric(structure=1, last_layer=1, hidden_layers=2, masks=1)
    for X, Y, parameters in rubric.cases(random_cases(rng)):
        keep_prob = random_keep_prob(rng)
        _, cache = seeded_call(reference.forward_propagation_with_dropout, int(rng.integers(0, 2**31)),
                               X, parameters, keep_prob)
        probe = unmasked_cache(cache, keep_prob)
        real_right = False
        for kind, this_cache in (("real", cache), ("probe", probe)):
            ran, actual = run_student(rubric, rubric.weights, student_function, *copies(X, Y, this_cache), keep_prob)
            if not ran:
                break
            expected = reference.backward_propagation_with_dropout(X, Y, this_cache, keep_prob)
            differ, unusable = compare_gradients(rubric, actual, expected, "structure")
            if unusable:
                for criterion in ("last_layer", "hidden_layers", "masks"):
                    rubric.fail(criterion, "the gradients could not be compared (see the structure problem)")
                return rubric
            if not differ:
                real_right = kind == "real"
                continue
            message = diagnose_dropout_backward(student_function, actual, X, Y, this_cache, keep_prob)
            if kind == "probe":  # right on a real cache, wrong where the masks are not hidden by A > 0
                if real_right:
                    rubric.fail("masks", "With the dropped units' activations left in the cache (a real cache hides "
                                         f"this, as A > 0 is already 0 there), {message}")
                continue
            if {"dW3", "db3"} & set(differ):
                rubric.fail("last_layer", "dW3 or db3 differs: the last layer has no dropout, its gradients are "
                                          "those of the plain backward pass")
            if set(differ) - {"dW3", "db3"}:
                rubric.fail("hidden_layers", message)
    return rubric


def diagnose_dropout_backward(student_function, actual, X, Y, cache, keep_prob):
    named = dict(zip(DROPOUT_CACHE, cache))
    ones = {name: np.ones_like(named[name]) for name in ("D1", "D2")}

    def matches(grads):
        return all(np.allclose(actual[k], grads[k]) for k in PARAMETER_GRADIENTS)

    variants = {
        f"dA1 is not multiplied by D1. {MASKS_NOT_APPLIED_BACKWARD}":
            reference.backward_propagation_with_dropout(X, Y, with_masks(cache, D1=ones["D1"]), keep_prob),
        f"dA2 is not multiplied by D2. {MASKS_NOT_APPLIED_BACKWARD}":
            reference.backward_propagation_with_dropout(X, Y, with_masks(cache, D2=ones["D2"]), keep_prob),
        f"neither dA1 nor dA2 is multiplied by its mask. {MASKS_NOT_APPLIED_BACKWARD}":
            reference.backward_propagation_with_dropout(X, Y, with_masks(cache, **ones), keep_prob),
        f"dA1 and dA2 are not divided by keep_prob. {NOT_SCALED_BACKWARD}":
            reference.backward_propagation_with_dropout(X, Y, cache, 1.0),
    }
    expected = reference.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    key = next(k for k in PARAMETER_GRADIENTS if not np.allclose(actual[k], expected[k], rtol=1e-6, atol=1e-9))
    differs = f"{first_difference(actual[key], expected[key], key)} (keep_prob={keep_prob})"
    for message, grads in variants.items():
        if matches(grads):
            return f"{differs}: {message}"
    return (f"{differs}: the gradients differ from the reference, dA<l> = (W<l+1>.T @ dZ<l+1>) * D<l> / keep_prob, "
            "then dZ<l> = dA<l> * (A<l> > 0)")


# ----------------------------------------------------------------------------------------------
# The kinds of hidden cases, each with the public check that shows one (tests/test_case_kinds.py):
# every hidden network has three layers, as the notebook's, of random sizes.

CASE_KINDS = {
    "compute_cost_with_regularization": (
        CaseKind("lambd = 0 (the cross-entropy alone)", "the cost with lambd=0 (the cross-entropy)",
                 lambda a: a["lambd"] == 0),
        CaseKind("lambd above 0", "the cost with lambd=0.1", lambda a: a["lambd"] > 0),
    ),
    "backward_propagation_with_regularization": (
        CaseKind("a three-layer network's cache, lambd above 0", "dW1", lambda a: len(a["cache"]) == 12 and a["lambd"] > 0),
    ),
    "forward_propagation_with_dropout": (
        CaseKind("a three-layer network, keep_prob below 1", "D1",
                 lambda a: layer_count(a["parameters"]) == 3 and a["keep_prob"] < 1),
    ),
    "backward_propagation_with_dropout": (
        CaseKind("a cache with masks D1 and D2, keep_prob below 1", "dW1",
                 lambda a: len(a["cache"]) == 14 and a["keep_prob"] < 1),
    ),
}


# The arguments each graded function must leave as they were (the rubric's "inputs" criterion, judged by
# autograder.engine.checks.evaluate with the sentence ARGUMENTS_CHANGED).
KEPT_ARGUMENTS = {
    "compute_cost_with_regularization": kept_arguments(reference.compute_cost_with_regularization, "A3", "Y", "parameters"),
    "backward_propagation_with_regularization": kept_arguments(reference.backward_propagation_with_regularization, "X",
                                                               "Y", "cache"),
    "forward_propagation_with_dropout": kept_arguments(reference.forward_propagation_with_dropout, "X", "parameters"),
    "backward_propagation_with_dropout": kept_arguments(reference.backward_propagation_with_dropout, "X", "Y", "cache"),
}

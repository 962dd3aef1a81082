"""Hidden checks of the Optimization assignment.

Update rules are checked on random networks, random gradients, random optimizer states (not only
the zeros a first step sees) and random hyperparameters. A step that depends on an earlier one
(the parameters depend on the new ``v``) is checked against the student's own earlier result, so
one mistake costs one criterion. When a value is wrong, the candidates of ``*_MISTAKES`` (what
the usual mistakes would have produced) name it.
"""
import copy

import numpy as np

from autograder.course import (  # noqa: F401 (ARGUMENTS_CHANGED: read by the engine)
    ARGUMENTS_CHANGED, CaseKind, first_difference, kept_arguments, layer_count, random_layers_dims)
from autograder.engine.checks import Exercises, Rubric, compare_arrays, run_student
from autograder.course.optimization import reference

EXERCISES = Exercises({
    "update_parameters_with_gd": 1,
    "random_mini_batches": 3,
    "initialize_velocity": 1,
    "update_parameters_with_momentum": 2,
    "initialize_rmsprop": 1,
    "update_parameters_with_rmsprop": 2,
    "initialize_adam": 1,
    "update_parameters_with_adam": 3,
    "update_lr": 1,
    "schedule_lr_decay": 1,
})

# Provided helpers one call of which would answer an exercise (see ``autograder.course.evaluate``).
SHORTCUTS = {"update_parameters_with_gd": ["dlcourse.three_layer_net.update_parameters"]}

# What the messages call each typical mistake, one sentence each: what the code does wrong, then what to do
# (``autograder/course/optimization/demos.py`` refers to the same constants).
GD_WRONG_SIGN = ("Your update moves along the gradient instead of against it: subtract the step, "
                 "W = W - learning_rate * dW.")
GD_NO_LEARNING_RATE = "Your update does not apply the learning rate: use W = W - learning_rate * dW."
GD_UNCHANGED = "Your update leaves the parameters as they were: set W = W - learning_rate * dW for every layer."
GD_SKIPS_LAST_LAYER = "Your update skips the last layer: loop over l = 1, ..., L (range(1, L + 1))."
NOT_SHUFFLED = ("Your mini-batches take the examples in their given order: start with np.random.permutation(m) and "
                "reorder the columns of X and Y with it.")
DROPS_LAST_BATCH = ("The last, smaller mini-batch is missing: after the full mini-batches, add one with the "
                    "remaining m % mini_batch_size examples.")
EMPTY_LAST_BATCH = ("Your mini-batches end with an empty one when m is a multiple of mini_batch_size: add the last "
                    "batch only if m % mini_batch_size != 0.")
TWO_PERMUTATIONS = ("Your mini-batches shuffle X and Y with different permutations, so their columns no longer "
                    "match: reorder both with the same permutation.")
OTHER_SEED = "Your shuffle does not use the seed argument: call np.random.seed(seed) first."
STATE_SKIPS_LAST_LAYER = ("Your initializer skips the last layer: loop over every layer, l = 1, ..., L "
                          "(range(1, L + 1)).")
SHARED_ARRAYS = ("Your v and s share their arrays, so updating one would change the other: create separate zeros "
                 "for each.")
MOMENTUM_WITHOUT_ONE_MINUS_BETA = ("Your velocity adds the whole gradient: multiply it by 1 - beta, "
                                   "v = beta * v + (1 - beta) * dW.")
MOMENTUM_BETAS_SWAPPED = "Your velocity swaps beta and 1 - beta: compute v = beta * v + (1 - beta) * dW."
V_NOT_UPDATED = "Your velocity is not updated: compute v = beta * v + (1 - beta) * dW."
STEPS_WITH_GRADIENT = ("Your step uses the gradient dW instead of the velocity: update W = W - learning_rate * v, "
                       "with the new v.")
STEPS_WITH_OLD_VELOCITY = ("Your step uses the velocity from before its update: update v first, then "
                           "W = W - learning_rate * v.")
S_WITHOUT_SQUARE = "Your s accumulates dW instead of its square: compute s = beta2 * s + (1 - beta2) * dW**2."
S_WITHOUT_ONE_MINUS_BETA2 = ("Your s adds the whole squared gradient: multiply it by 1 - beta2, "
                             "s = beta2 * s + (1 - beta2) * dW**2.")
S_NOT_UPDATED = "Your s is not updated: compute s = beta2 * s + (1 - beta2) * dW**2."
RMSPROP_EPSILON_INSIDE = "Your step puts epsilon inside the square root: divide by np.sqrt(s) + epsilon."
RMSPROP_DIVIDES_BY_S = "Your step divides the gradient by s: divide it by np.sqrt(s) + epsilon."
ADAM_V_WITHOUT_ONE_MINUS_BETA1 = ("Your v adds the whole gradient: multiply it by 1 - beta1, "
                                  "v = beta1 * v + (1 - beta1) * dW.")
ADAM_V_NOT_UPDATED = "Your v is not updated: compute v = beta1 * v + (1 - beta1) * dW."
ADAM_S_WITH_BETA1 = "Your s is updated with beta1: use beta2, s = beta2 * s + (1 - beta2) * dW**2."
NO_BIAS_CORRECTION = ("Your v_corrected and s_corrected are v and s without the bias correction: divide them by "
                      "1 - beta1**t and 1 - beta2**t.")
T_NOT_ADVANCED = ("Your bias correction divides by 1 - beta1 and 1 - beta2, as if t stayed 1: divide by "
                  "1 - beta1**t and 1 - beta2**t.")
SQUARE_OF_BETA = ("Your bias correction divides by 1 - beta1**2 and 1 - beta2**2: divide by 1 - beta1**t and "
                  "1 - beta2**t, with the t given.")
POWER_OF_ONE_MINUS_BETA = ("Your bias correction divides by (1 - beta1)**t and (1 - beta2)**t: divide by "
                           "1 - beta1**t and 1 - beta2**t.")
CORRECTION_MULTIPLIES = ("Your bias correction multiplies by 1 - beta1**t and 1 - beta2**t: divide v by "
                         "1 - beta1**t and s by 1 - beta2**t.")
ADAM_EPSILON_INSIDE = "Your step puts epsilon inside the square root: divide by np.sqrt(s_corrected) + epsilon."
STEPS_WITHOUT_CORRECTION = ("Your step uses v and s instead of their bias-corrected values: divide v_corrected by "
                            "np.sqrt(s_corrected) + epsilon.")
ADAM_DIVIDES_BY_S = ("Your step divides by s_corrected instead of its square root: divide by "
                     "np.sqrt(s_corrected) + epsilon.")
DECAY_IGNORES_EPOCH = "Your learning rate ignores the epoch number: divide learning_rate0 by 1 + decay_rate * epoch_num."
DECAY_UNCHANGED = "Your learning rate does not change at all: divide learning_rate0 by 1 + decay_rate * epoch_num."
DECAY_IGNORES_RATE = "Your learning rate ignores the decay rate: divide learning_rate0 by 1 + decay_rate * epoch_num."
DECAY_MULTIPLIES = ("Your learning rate multiplies learning_rate0 by 1 + decay_rate * epoch_num: divide it by that "
                    "instead.")
SCHEDULE_NOT_ROUNDED = ("Your schedule does not round epoch_num / time_interval down: use "
                        "np.floor(epoch_num / time_interval).")
SCHEDULE_EVERY_EPOCH = ("Your schedule ignores time_interval and decays at every epoch: use "
                        "np.floor(epoch_num / time_interval).")
SCHEDULE_FIXED_INTERVAL = ("Your schedule ignores time_interval and decays every 1000 epochs: use "
                           "np.floor(epoch_num / time_interval).")
SCHEDULE_IGNORES_EPOCH = ("Your schedule ignores the epoch number: divide learning_rate0 by "
                          "1 + decay_rate * np.floor(epoch_num / time_interval).")
SCHEDULE_UNCHANGED = ("Your schedule does not change the rate at all: divide learning_rate0 by "
                      "1 + decay_rate * np.floor(epoch_num / time_interval).")


# ----------------------------------------------------------------------------------------------
# Random inputs

def random_parameters(rng, layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = rng.standard_normal((layers_dims[l], 1))
    return parameters


def like_grads(parameters, draw):
    """A dict keyed like ``grads`` (``"dW1"``, ...) with ``draw(shape)`` for each parameter."""
    return {"d" + key: draw(value.shape) for key, value in parameters.items()}


def cases(rng):
    """Random ``(parameters, grads, v, s)``: ``v`` of either sign, ``s`` positive and small."""
    for layers_dims in random_layers_dims(rng, [2, 5, 2, 1], depths=(1, 4), widths=(1, 6)):
        parameters = random_parameters(rng, layers_dims)
        grads = like_grads(parameters, rng.standard_normal)
        v = like_grads(parameters, lambda shape: 0.5 * rng.standard_normal(shape))
        s = like_grads(parameters, lambda shape: rng.uniform(1e-5, 1e-3, shape))
        yield layers_dims, parameters, grads, v, s


def fresh(*values):
    """Deep copies, so that a student's in-place changes never reach the reference."""
    return copy.deepcopy(values)


# ----------------------------------------------------------------------------------------------
# Shared steps

def unpack(rubric, criteria, result, names, function_name):
    """Split a returned tuple into ``len(names)`` parts, or fail every criterion saying what came back."""
    if len(names) == 1:
        return (result,)
    if not isinstance(result, tuple) or len(result) != len(names):
        got = f"a tuple of {len(result)}" if isinstance(result, tuple) else type(result).__name__
        for criterion in criteria:
            rubric.fail(criterion, f"{function_name} should return ({', '.join(names)}), got {got}")
        return None
    return result


def check_values(rubric, criterion, actual, expected, mistakes, what, context):
    """Compare a dict of arrays; on wrong values, say where they differ most, then name the first
    matching mistake of ``mistakes``.

    ``mistakes``: ``{sentence: expected dict that mistake would give}``. Shape problems go to the
    ``structure`` criterion. Returns True when ``actual`` is right.
    """
    differ, unusable = compare_arrays(rubric, actual, expected, "structure", what)
    if len(unusable) == len(expected):
        rubric.fail(criterion, f"{what} could not be compared (see the structure problem)")
        return False
    if not differ:
        return not unusable
    actual = {key: actual[key] for key in expected if key not in unusable}
    expected = {key: value for key, value in expected.items() if key not in unusable}
    key = differ[0]
    differs = f"{first_difference(actual[key], expected[key], f'{what}[{key!r}]')} ({context})"
    for sentence, candidate in mistakes.items():
        if all(np.allclose(actual[key], candidate[key], rtol=1e-6, atol=1e-9) for key in expected):
            rubric.fail(criterion, f"{differs}. {sentence}")
            return False
    rubric.fail(criterion, differs)
    return False


def same_keys_map(function, *dicts):
    """``{key: function(d1[key], d2[key], ...)}`` over the keys of the first dict."""
    return {key: function(*(d[key] for d in dicts)) for key in dicts[0]}


def parameter_step(parameters, step):
    """``{"W1": W1 - step["dW1"], ...}``."""
    return {key: value - step["d" + key] for key, value in parameters.items()}


def usable(actual, expected):
    """Is ``actual`` a dict with arrays of the expected shapes (so it can feed a later step)?"""
    return isinstance(actual, dict) and all(
        isinstance(actual.get(key), np.ndarray) and actual[key].shape == np.shape(value)
        for key, value in expected.items())


# ----------------------------------------------------------------------------------------------
# Gradient descent

@EXERCISES.check("update_parameters_with_gd")
def check_update_parameters_with_gd(student_function, rng):
    rubric = Rubric(structure=1, weights=2, biases=1)
    for layers_dims, parameters, grads, _, _ in rubric.cases(cases(rng)):
        learning_rate = float(rng.uniform(0.01, 1))
        ran, actual = run_student(rubric, rubric.weights, student_function, *fresh(parameters, grads), learning_rate)
        if not ran:
            continue
        expected = reference.update_parameters_with_gd(*fresh(parameters, grads), learning_rate)
        mistakes = {
            GD_WRONG_SIGN: parameter_step(parameters, {k: -learning_rate * g for k, g in grads.items()}),
            GD_NO_LEARNING_RATE: parameter_step(parameters, grads),
            GD_UNCHANGED: parameters,
            GD_SKIPS_LAST_LAYER: {
                **expected, **{k: parameters[k] for k in ("W" + str(len(layers_dims) - 1), "b" + str(len(layers_dims) - 1))}},
        }
        context = f"layers_dims={layers_dims}, learning_rate={learning_rate:.3g}"
        for criterion, prefix in (("weights", "W"), ("biases", "b")):
            keep = lambda d: {k: v for k, v in d.items() if k.startswith(prefix)} if isinstance(d, dict) else d
            check_values(rubric, criterion, keep(actual), keep(expected),
                         {m: keep(c) for m, c in mistakes.items()}, "parameters", context)
    return rubric


# ----------------------------------------------------------------------------------------------
# Mini-batches

def mini_batch_cases(rng):
    """``(m, mini_batch_size, seed)``: the course's case, a divisible one, two random ones, and one
    with fewer examples than a mini-batch holds."""
    yield 300, 64, 11
    yield 128, 32, int(rng.integers(0, 1000))
    yield int(rng.integers(20, 200)), int(rng.integers(5, 19)), int(rng.integers(0, 1000))
    yield 7, 3, int(rng.integers(0, 1000))
    yield int(rng.integers(2, 10)), 16, int(rng.integers(0, 1000))


@EXERCISES.check("random_mini_batches")
def check_random_mini_batches(student_function, rng):
    rubric = Rubric(structure=1, sizes=1, last_batch=1, pairing=1, shuffling=2)
    for m, size, seed in rubric.cases(mini_batch_cases(rng)):
        n_x = int(rng.integers(1, 4))
        X = rng.standard_normal((n_x, m))
        Y = (X[:1] > 0).astype(float) + 2 * X[:1]  # a function of the column of X: pairs can be checked
        ran, batches = run_student(rubric, rubric.weights, student_function, X.copy(), Y.copy(), size, seed)
        if not ran:
            continue
        call = f"m={m}, mini_batch_size={size}, seed={seed}"
        if isinstance(batches, list) and not batches:
            for criterion in ("sizes", "last_batch"):
                rubric.fail(criterion, f"random_mini_batches returned no mini-batch ({call}): with fewer examples "
                                       "than mini_batch_size, they all make one smaller mini-batch")
            continue
        if not structure_ok(rubric, batches, n_x, call) or not holds_each_example_once(rubric, batches, m, call):
            break
        check_sizes(rubric, [b[0].shape[1] for b in batches], m, size, call)
        X_order = np.concatenate([b[0] for b in batches], axis=1)
        Y_order = np.concatenate([b[1] for b in batches], axis=1)
        if not np.allclose(Y_order, (X_order[:1] > 0) + 2 * X_order[:1]):
            rubric.fail("pairing", f"some labels in the mini-batches are not those of their columns of X ({call}). "
                                   f"{TWO_PERMUTATIONS}")
        check_order(rubric, X, X_order, m, size, seed, call)
    return rubric


def structure_ok(rubric, batches, n_x, call):
    criteria = list(rubric.weights)
    problem = None
    if not isinstance(batches, list):
        problem = f"random_mini_batches should return a list, got {type(batches).__name__}"
    elif not all(isinstance(b, tuple) and len(b) == 2 for b in batches):
        problem = "each mini-batch should be a tuple (mini_batch_X, mini_batch_Y)"
    elif not all(isinstance(x, np.ndarray) and isinstance(y, np.ndarray) for x, y in batches):
        problem = "mini_batch_X and mini_batch_Y should be numpy arrays"
    elif not all(x.ndim == 2 and x.shape[0] == n_x and y.shape == (1, x.shape[1]) for x, y in batches):
        shapes = [(x.shape, y.shape) for x, y in batches][:3]
        problem = (f"mini-batches should keep one column per example: mini_batch_X ({n_x}, k) and "
                   f"mini_batch_Y (1, k); got {shapes} ... ({call})")
    if problem:
        for criterion in criteria:
            rubric.fail(criterion, problem)
        return False
    return True


def holds_each_example_once(rubric, batches, m, call):
    """Mini-batches holding more than the m examples of X (X itself twice, say) partition nothing:
    every criterion fails (its form or its pairs earn nothing on their own)."""
    k = sum(b[0].shape[1] for b in batches)
    if k <= m:
        return True
    for criterion in rubric.weights:
        rubric.fail(criterion, f"the mini-batches hold {k} examples in all, not the m={m} of X ({call}): each "
                               "example belongs to exactly one mini-batch")
    return False


def check_sizes(rubric, sizes, m, size, call):
    expected = [size] * (m // size) + ([m % size] if m % size else [])
    if sizes == expected:
        return
    differs = f"the mini-batch sizes end with {sizes[-3:]}, expected {expected[-3:]} ({call})"
    if m % size and sizes == expected[:-1]:
        rubric.fail("last_batch", f"{differs}. {DROPS_LAST_BATCH}")
    elif m % size == 0 and sizes == expected + [0]:
        rubric.fail("last_batch", f"{differs}. {EMPTY_LAST_BATCH}")
    else:
        only_last = sizes[:-1] == expected[:-1] and len(sizes) == len(expected)
        more = lambda sizes: " ..." if len(sizes) > 6 else ""
        for criterion in ("last_batch",) if only_last else ("sizes", "last_batch"):
            rubric.fail(criterion, f"mini-batch sizes are {sizes[:6]}{more(sizes)}, expected "
                                   f"{expected[:6]}{more(expected)} ({call})")


def check_order(rubric, X, X_order, m, size, seed, call):
    """Are the examples in the order ``np.random.seed(seed); np.random.permutation(m)`` gives?

    Only the examples present are compared, so a missing last batch is not counted twice.
    """
    k = X_order.shape[1]  # at most m (holds_each_example_once)

    def permuted(with_seed):
        np.random.seed(with_seed)
        return X[:, np.random.permutation(m)][:, :k]

    if np.allclose(X_order, permuted(seed)):
        return
    if np.allclose(X_order, X[:, :k]):
        rubric.fail("shuffling", f"the mini-batches hold the columns of X in their given order ({call}). {NOT_SHUFFLED}")
        return
    for other in (0, 1):
        if other != seed and np.allclose(X_order, permuted(other)):
            rubric.fail("shuffling", f"the examples are in the order of seed {other}, not of the seed argument "
                                     f"({call}). {OTHER_SEED}")
            return
    rubric.fail("shuffling", f"the examples are shuffled in another order than np.random.seed(seed) "
                             f"then np.random.permutation(m) ({call})")


# ----------------------------------------------------------------------------------------------
# Zero states

def check_zero_state(student_function, rng, names, reference_function):
    """Shared rubric of the initializers: structure 1, zeros 1 (``names``: the returned dicts)."""
    rubric = Rubric(structure=1, zeros=1)
    for layers_dims, parameters, _, _, _ in rubric.cases(cases(rng)):
        ran, result = run_student(rubric, rubric.weights, student_function, *fresh(parameters))
        if not ran:
            continue
        parts = unpack(rubric, rubric.weights, result, names, student_function.__name__)
        if parts is None:
            break
        expected = reference_function(*fresh(parameters))
        expected = expected if len(names) > 1 else (expected,)
        for name, actual, want in zip(names, parts, expected):
            last = [f"dW{len(layers_dims) - 1}", f"db{len(layers_dims) - 1}"]
            if isinstance(actual, dict) and sorted(set(want) - set(actual)) == sorted(last):
                rubric.fail("structure", f"{name} has no {last[0]!r} and {last[1]!r} (layers_dims={layers_dims}). "
                                         f"{STATE_SKIPS_LAST_LAYER}")
            check_values(rubric, "zeros", actual, want, {}, name,
                         f"layers_dims={layers_dims}: every entry starts at 0, keys 'dW1', 'db1', ...")
        if len(parts) == 2 and shares_arrays(*parts):
            rubric.fail("structure", f"v and s hold the same array objects (layers_dims={layers_dims}). {SHARED_ARRAYS}")
    return rubric


def shares_arrays(first, second):
    if first is second:
        return True
    if not (isinstance(first, dict) and isinstance(second, dict)):
        return False
    return any(first.get(key) is value for key, value in second.items())


@EXERCISES.check("initialize_velocity")
def check_initialize_velocity(student_function, rng):
    return check_zero_state(student_function, rng, ["v"], reference.initialize_velocity)


@EXERCISES.check("initialize_rmsprop")
def check_initialize_rmsprop(student_function, rng):
    return check_zero_state(student_function, rng, ["s"], reference.initialize_rmsprop)


@EXERCISES.check("initialize_adam")
def check_initialize_adam(student_function, rng):
    return check_zero_state(student_function, rng, ["v", "s"], reference.initialize_adam)


# ----------------------------------------------------------------------------------------------
# Momentum and RMSprop

@EXERCISES.check("update_parameters_with_momentum")
def check_update_parameters_with_momentum(student_function, rng):
    rubric = Rubric(structure=1, velocity=2, parameters=1)
    for layers_dims, parameters, grads, v, _ in rubric.cases(cases(rng)):
        beta, learning_rate = float(rng.uniform(0.5, 0.99)), float(rng.uniform(0.01, 1))
        ran, result = run_student(rubric, rubric.weights, student_function,
                                  *fresh(parameters, grads, v), beta, learning_rate)
        if not ran:
            continue
        parts = unpack(rubric, rubric.weights, result, ["parameters", "v"], student_function.__name__)
        if not parts:
            break
        actual_parameters, actual_v = parts
        _, expected_v = reference.update_parameters_with_momentum(*fresh(parameters, grads, v), beta, learning_rate)
        context = f"layers_dims={layers_dims}, beta={beta:.3g}, learning_rate={learning_rate:.3g}"
        check_values(rubric, "velocity", actual_v, expected_v, {
            MOMENTUM_WITHOUT_ONE_MINUS_BETA: same_keys_map(lambda v_, g: beta * v_ + g, v, grads),
            MOMENTUM_BETAS_SWAPPED: same_keys_map(lambda v_, g: (1 - beta) * v_ + beta * g, v, grads),
            V_NOT_UPDATED: v,
        }, "v", context)
        step_v = actual_v if usable(actual_v, expected_v) else expected_v
        check_values(rubric, "parameters", actual_parameters,
                     parameter_step(parameters, {k: learning_rate * x for k, x in step_v.items()}), {
            STEPS_WITH_GRADIENT: parameter_step(parameters, {k: learning_rate * g for k, g in grads.items()}),
            STEPS_WITH_OLD_VELOCITY: parameter_step(parameters, {k: learning_rate * x for k, x in v.items()}),
        }, "parameters", context + ": W - learning_rate * v['dW'] with the new v")
    return rubric


# A check that cannot judge a criterion fails it: a step taken with a negative s cannot be right.
NEGATIVE_S = ("s has negative entries ({context}), so the step, which divides by sqrt(s) + epsilon, cannot be "
              "taken: s accumulates squares, dW**2")


@EXERCISES.check("update_parameters_with_rmsprop")
def check_update_parameters_with_rmsprop(student_function, rng):
    rubric = Rubric(structure=1, squares=2, parameters=2)
    for index, (layers_dims, parameters, grads, _, s) in enumerate(rubric.cases(cases(rng))):
        beta2, learning_rate = float(rng.uniform(0.8, 0.999)), float(rng.uniform(0.001, 0.1))
        epsilon = 1e-8 if index == 0 else 1e-2  # large enough that its place shows
        ran, result = run_student(rubric, rubric.weights, student_function,
                                  *fresh(parameters, grads, s), beta2, learning_rate, epsilon)
        if not ran:
            continue
        parts = unpack(rubric, rubric.weights, result, ["parameters", "s"], student_function.__name__)
        if not parts:
            break
        actual_parameters, actual_s = parts
        _, expected_s = reference.update_parameters_with_rmsprop(*fresh(parameters, grads, s), beta2,
                                                                 learning_rate, epsilon)
        context = f"layers_dims={layers_dims}, beta2={beta2:.3g}, learning_rate={learning_rate:.3g}, epsilon={epsilon:g}"
        check_values(rubric, "squares", actual_s, expected_s, {
            S_WITHOUT_SQUARE: same_keys_map(lambda s_, g: beta2 * s_ + (1 - beta2) * g, s, grads),
            S_WITHOUT_ONE_MINUS_BETA2: same_keys_map(lambda s_, g: beta2 * s_ + g ** 2, s, grads),
            S_NOT_UPDATED: s,
        }, "s", context)
        step_s = actual_s if usable(actual_s, expected_s) else expected_s
        if any(np.any(x < 0) for x in step_s.values()):
            rubric.fail("parameters", NEGATIVE_S.format(context=context))
            continue
        check_values(rubric, "parameters", actual_parameters, parameter_step(
            parameters, same_keys_map(lambda g, x: learning_rate * g / (np.sqrt(x) + epsilon), grads, step_s)), {
            RMSPROP_EPSILON_INSIDE: parameter_step(
                parameters, same_keys_map(lambda g, x: learning_rate * g / np.sqrt(x + epsilon), grads, step_s)),
            RMSPROP_DIVIDES_BY_S: parameter_step(
                parameters, same_keys_map(lambda g, x: learning_rate * g / (x + epsilon), grads, step_s)),
        }, "parameters", context + ": W - learning_rate * dW / (sqrt(s['dW']) + epsilon) with the new s")
    return rubric


# ----------------------------------------------------------------------------------------------
# Adam

@EXERCISES.check("update_parameters_with_adam")
def check_update_parameters_with_adam(student_function, rng):
    rubric = Rubric(structure=1, moments=2, bias_correction=2, parameters=2)
    names = ["parameters", "v", "s", "v_corrected", "s_corrected"]
    for index, (layers_dims, parameters, grads, v, s) in enumerate(rubric.cases(cases(rng))):
        for t in (1, 2, int(rng.integers(5, 50))):
            learning_rate = float(rng.uniform(0.001, 0.1))
            beta1, beta2 = float(rng.uniform(0.8, 0.95)), float(rng.uniform(0.95, 0.999))
            epsilon = 1e-8 if index == 0 else 1e-2  # large enough that its place shows
            args = (t, learning_rate, beta1, beta2, epsilon)
            ran, result = run_student(rubric, rubric.weights, student_function, *fresh(parameters, grads, v, s), *args)
            if not ran:
                break  # this case earns nothing; the next case is called
            parts = unpack(rubric, rubric.weights, result, names, student_function.__name__)
            if not parts:
                return rubric
            expected = reference.update_parameters_with_adam(*fresh(parameters, grads, v, s), *args)
            context = (f"layers_dims={layers_dims}, t={t}, beta1={beta1:.3g}, beta2={beta2:.3g}, "
                       f"learning_rate={learning_rate:.3g}, epsilon={epsilon:g}")
            check_adam_step(rubric, parts, expected, parameters, grads, v, s, args, context)
    return rubric


def check_adam_step(rubric, actual, expected, parameters, grads, v, s, args, context):
    t, learning_rate, beta1, beta2, epsilon = args
    actual_parameters, actual_v, actual_s, actual_vc, actual_sc = actual
    _, expected_v, expected_s, _, _ = expected
    check_values(rubric, "moments", actual_v, expected_v, {
        ADAM_V_WITHOUT_ONE_MINUS_BETA1: same_keys_map(lambda a, g: beta1 * a + g, v, grads),
        ADAM_V_NOT_UPDATED: v,
    }, "v", context)
    check_values(rubric, "moments", actual_s, expected_s, {
        S_WITHOUT_SQUARE: same_keys_map(lambda a, g: beta2 * a + (1 - beta2) * g, s, grads),
        S_WITHOUT_ONE_MINUS_BETA2: same_keys_map(lambda a, g: beta2 * a + g ** 2, s, grads),
        ADAM_S_WITH_BETA1: same_keys_map(lambda a, g: beta1 * a + (1 - beta1) * g ** 2, s, grads),
        S_NOT_UPDATED: s,
    }, "s", context)
    # The corrections and the step are checked against the student's own moments.
    new_v = actual_v if usable(actual_v, expected_v) else expected_v
    new_s = actual_s if usable(actual_s, expected_s) else expected_s
    for name, actual_corrected, moment, beta, beta_name in (
            ("v_corrected", actual_vc, new_v, beta1, "beta1"), ("s_corrected", actual_sc, new_s, beta2, "beta2")):
        check_values(rubric, "bias_correction", actual_corrected,
                     {k: x / (1 - beta ** t) for k, x in moment.items()}, {
            NO_BIAS_CORRECTION: moment,
            T_NOT_ADVANCED: {k: x / (1 - beta) for k, x in moment.items()},
            SQUARE_OF_BETA: {k: x / (1 - beta ** 2) for k, x in moment.items()},
            POWER_OF_ONE_MINUS_BETA: {k: x / (1 - beta) ** t for k, x in moment.items()},
            CORRECTION_MULTIPLIES: {k: x * (1 - beta ** t) for k, x in moment.items()},
        }, name, f"{context}: {name} = {name[0]} / (1 - {beta_name}**t)")
    if any(np.any(x < 0) for x in new_s.values()):
        rubric.fail("parameters", NEGATIVE_S.format(context=context))
        return
    vc = {k: x / (1 - beta1 ** t) for k, x in new_v.items()}
    sc = {k: x / (1 - beta2 ** t) for k, x in new_s.items()}
    if usable(actual_vc, vc) and usable(actual_sc, sc):
        vc, sc = actual_vc, actual_sc
    step = lambda a, b: learning_rate * a / (np.sqrt(b) + epsilon)
    check_values(rubric, "parameters", actual_parameters, parameter_step(parameters, same_keys_map(step, vc, sc)), {
        ADAM_EPSILON_INSIDE: parameter_step(
            parameters, same_keys_map(lambda a, b: learning_rate * a / np.sqrt(b + epsilon), vc, sc)),
        STEPS_WITHOUT_CORRECTION: parameter_step(parameters, same_keys_map(step, new_v, new_s)),
        ADAM_DIVIDES_BY_S: parameter_step(
            parameters, same_keys_map(lambda a, b: learning_rate * a / (b + epsilon), vc, sc)),
    }, "parameters", context + ": W - learning_rate * v_corrected / (sqrt(s_corrected) + epsilon)")


# ----------------------------------------------------------------------------------------------
# Learning-rate decay

def check_number(rubric, value, call):
    """A learning rate is a Python or numpy scalar (fail ``number`` otherwise); returns it as float."""
    if isinstance(value, (int, float, np.floating, np.integer)) or (
            isinstance(value, np.ndarray) and value.size == 1):
        return float(np.asarray(value).reshape(-1)[0])
    rubric.fail("number", f"{call} should return a number, got {type(value).__name__}")
    return None


@EXERCISES.check("update_lr")
def check_update_lr(student_function, rng):
    rubric = Rubric(number=1, value=3)
    for epoch_num in (0, 1, int(rng.integers(2, 100)), int(rng.integers(100, 5000))):
        learning_rate0, decay_rate = float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 2))
        ran, result = run_student(rubric, rubric.weights, student_function, learning_rate0, epoch_num, decay_rate)
        call = f"update_lr({learning_rate0:.4g}, {epoch_num}, {decay_rate:.4g})"
        value = check_number(rubric, result, call) if ran else None
        if value is None:
            continue
        expected = reference.update_lr(learning_rate0, epoch_num, decay_rate)
        if np.isclose(value, expected, rtol=1e-9):
            continue
        mistakes = {
            DECAY_IGNORES_EPOCH: learning_rate0 / (1 + decay_rate),
            DECAY_UNCHANGED: learning_rate0,
            DECAY_IGNORES_RATE: learning_rate0 / (1 + epoch_num),
            DECAY_MULTIPLIES: learning_rate0 * (1 + decay_rate * epoch_num),
        }
        found = next((m for m, c in mistakes.items() if np.isclose(value, c, rtol=1e-9)), None)
        rubric.fail("value", f"{call} returned {value:.6g}, expected {expected:.6g}"
                             + (f". {found}" if found else ""))
    return rubric


@EXERCISES.check("schedule_lr_decay")
def check_schedule_lr_decay(student_function, rng):
    rubric = Rubric(number=1, steps=1, value=2)
    for time_interval in (1000, int(rng.integers(10, 200))):
        learning_rate0, decay_rate = float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 2))
        epochs = [0, time_interval - 1, time_interval, int(2.5 * time_interval), int(rng.integers(0, 20 * time_interval))]
        values = {}
        for epoch_num in epochs:
            ran, result = run_student(rubric, rubric.weights, student_function, learning_rate0, epoch_num,
                                      decay_rate, time_interval)
            call = f"schedule_lr_decay({learning_rate0:.4g}, {epoch_num}, {decay_rate:.4g}, {time_interval})"
            value = check_number(rubric, result, call) if ran else None
            if value is None:
                return rubric
            values[epoch_num] = value
            expected = reference.schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval)
            if not np.isclose(value, expected, rtol=1e-9):
                mistakes = {
                    SCHEDULE_NOT_ROUNDED: learning_rate0 / (1 + decay_rate * epoch_num / time_interval),
                    SCHEDULE_EVERY_EPOCH: learning_rate0 / (1 + decay_rate * epoch_num),
                    SCHEDULE_FIXED_INTERVAL: learning_rate0 / (1 + decay_rate * np.floor(epoch_num / 1000)),
                    SCHEDULE_IGNORES_EPOCH: learning_rate0 / (1 + decay_rate),
                    SCHEDULE_UNCHANGED: learning_rate0,
                }
                found = next((m for m, c in mistakes.items() if np.isclose(value, c, rtol=1e-9)), None)
                rubric.fail("value", f"{call} returned {value:.6g}, expected {expected:.6g}"
                                     + (f". {found}" if found else ""))
        if values[0] != values[time_interval - 1] or values[time_interval - 1] == values[time_interval]:
            rubric.fail("steps", f"the rate should stay constant for time_interval={time_interval} epochs and "
                                 "drop only when epoch_num reaches a multiple of time_interval")
    return rubric


# ----------------------------------------------------------------------------------------------
# The kinds of hidden cases, each with the public check that shows one (tests/test_case_kinds.py)

def _layers_kinds(several_check, one_check="W1 of a one-layer network"):
    """A network of one layer (``L = 1``: a loop over l = 1, ..., L that starts at 2 does nothing) or more."""
    return (CaseKind("one layer", one_check, lambda a: layer_count(a["parameters"]) == 1),
            CaseKind("two or more layers", several_check, lambda a: layer_count(a["parameters"]) >= 2))


CASE_KINDS = {
    "update_parameters_with_gd": _layers_kinds('parameters["W2"]'),
    "random_mini_batches": (
        CaseKind("m above mini_batch_size and not a multiple of it (a smaller last mini-batch)", "the mini-batch sizes",
                 lambda a: a["X"].shape[1] > a["mini_batch_size"] and a["X"].shape[1] % a["mini_batch_size"]),
        CaseKind("m an exact multiple of mini_batch_size", "the mini-batch sizes for m=128, mini_batch_size=32",
                 lambda a: a["X"].shape[1] % a["mini_batch_size"] == 0),
        CaseKind("m below one mini-batch", "the mini-batch sizes for m=5, mini_batch_size=16",
                 lambda a: a["X"].shape[1] < a["mini_batch_size"]),
    ),
    "initialize_velocity": _layers_kinds('v["dW2"]', 'v["dW1"] of a one-layer network'),
    "update_parameters_with_momentum": _layers_kinds('parameters["W2"]'),
    "initialize_rmsprop": _layers_kinds('s["dW2"]', 's["dW1"] of a one-layer network'),
    "update_parameters_with_rmsprop": _layers_kinds('parameters["W2"]'),
    "initialize_adam": _layers_kinds('s["dW2"]', 's["dW1"] of a one-layer network'),
    "update_parameters_with_adam": _layers_kinds('parameters["W2"]', "W1 of a one-layer network after Adam's first "
                                                 "step (t = 1)") + (
        CaseKind("t = 1, Adam's first step", "W1 of a one-layer network after Adam's first step (t = 1)",
                 lambda a: a["t"] == 1),
        CaseKind("t above 1", 'v_corrected["dW1"]', lambda a: a["t"] > 1),
    ),
    "update_lr": (
        CaseKind("epoch_num = 0", "update_lr(0.5, 0, 1)", lambda a: a["epoch_num"] == 0),
        CaseKind("epoch_num above 0", "update_lr(0.5, 2, 1)", lambda a: a["epoch_num"] > 0),
    ),
    "schedule_lr_decay": (
        CaseKind("epoch_num below time_interval (no step yet)", "schedule_lr_decay(0.5, 999, 1)",
                 lambda a: a["epoch_num"] < a["time_interval"]),
        CaseKind("epoch_num a positive multiple of time_interval (the rate just stepped down)",
                 "schedule_lr_decay(0.5, 1000, 1)",
                 lambda a: a["epoch_num"] > 0 and a["epoch_num"] % a["time_interval"] == 0),
        CaseKind("epoch_num past time_interval, between two steps", "schedule_lr_decay(0.5, 2500, 1)",
                 lambda a: a["epoch_num"] > a["time_interval"] and a["epoch_num"] % a["time_interval"]),
        CaseKind("a time_interval other than the default", "schedule_lr_decay(0.5, 130, 0.5, 50)",
                 lambda a: a["time_interval"] != 1000),
    ),
}


# The arguments each graded function must leave as they were (the rubric's "inputs" criterion, judged by
# autograder.engine.checks.evaluate with the sentence ARGUMENTS_CHANGED).
KEPT_ARGUMENTS = {  # parameters, v and s are the updates' to change (the course's code assigns into them)
    "update_parameters_with_gd": kept_arguments(reference.update_parameters_with_gd, "grads"),
    "random_mini_batches": kept_arguments(reference.random_mini_batches, "X", "Y"),
    "initialize_velocity": kept_arguments(reference.initialize_velocity, "parameters"),
    "update_parameters_with_momentum": kept_arguments(reference.update_parameters_with_momentum, "grads"),
    "initialize_rmsprop": kept_arguments(reference.initialize_rmsprop, "parameters"),
    "update_parameters_with_rmsprop": kept_arguments(reference.update_parameters_with_rmsprop, "grads"),
    "initialize_adam": kept_arguments(reference.initialize_adam, "parameters"),
    "update_parameters_with_adam": kept_arguments(reference.update_parameters_with_adam, "grads"),
}

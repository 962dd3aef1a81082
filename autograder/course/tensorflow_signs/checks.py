"""Hidden checks of the TensorFlow signs assignment.

Besides values, these checks look at what TensorFlow needs: results that are tensors (not numpy
arrays) of dtype float32, parameters that are ``tf.Variable`` (or the optimizer cannot update them),
a cost computed from logits, and gradients that reach every parameter through
``forward_propagation`` (a numpy round trip cuts them). ``model`` is judged with the student's own
initialize_parameters, forward_propagation and compute_cost, so that a mistake there costs the points
of that exercise only; its optimizer and the order of its examples are read from the footprint
Adam leaves on the weights (``check_adam_and_shuffling``).

Two conventions of the original course are accepted with full marks: biases drawn, like the
weights, from GlorotNormal(seed=1), and a cost that is the sum over the examples (the course's
``compute_total_loss``), provided the model then divides the epoch's total by m.
"""
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up lines on stderr are noise here
import tensorflow as tf  # noqa: E402

from autograder.course import (  # noqa: F401 (ARGUMENTS_CHANGED: read by the engine)
    ARGUMENTS_CHANGED, CaseKind, first_difference, kept_arguments)
from autograder.engine import checks
from autograder.engine.checks import Exercises, Rubric, run_student, sibling, tf_seeded, with_gradients
from autograder.course.tensorflow_signs import reference
from dlcourse.metrics import accuracy

EXERCISES = Exercises({
    "linear_function": 2,
    "sigmoid": 2,
    "one_hot_matrix": 2,
    "initialize_parameters": 3,
    "forward_propagation": 3,
    "compute_cost": 3,
    "model": 3,
})

PARAMETER_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")

# What the messages call each typical mistake, one sentence each: what the code does wrong, then what to do
# (``autograder/course/tensorflow_signs/demos.py`` refers to the same constants).
DRAW_ORDER = ("Your linear_function draws W before X: draw X (3, 1) first, then W (4, 3), then b (4, 1), all after "
              "np.random.seed(1).")
SIGMOID_NO_CAST = ("Your sigmoid passes z on as it comes, but TensorFlow's sigmoid needs float32 here: cast z with "
                   "tf.cast(z, tf.float32) first.")
ONE_HOT_FIXED_DEPTH = "Your one_hot_matrix uses a fixed depth of 6: pass the depth argument to tf.one_hot and tf.reshape."
NOT_VARIABLES = ("Your parameters are not tf.Variable objects, and the optimizer can only update variables: wrap each "
                 "one, tf.Variable(...).")
BIASES_NOT_ZERO = ("Your biases do not start at zero: make each one tf.zeros((n_l, 1)) (the original course's "
                   "GlorotNormal(seed=1) biases are accepted too).")
WEIGHTS_NOT_GLOROT_NORMAL = ("Your weights differ from those of tf.keras.initializers.GlorotNormal(seed=1): draw each "
                             "one with that initializer, initializer(shape=(n_l, n_prev)).")
RELU_MISSING_FIRST = ("Your forward pass misses the relu after the first LINEAR: compute "
                      "A1 = tf.keras.activations.relu(Z1).")
RELU_MISSING_SECOND = ("Your forward pass misses the relu after the second LINEAR: compute "
                       "A2 = tf.keras.activations.relu(Z2).")
RELU_MISSING_BOTH = ("Your forward pass misses the relu after both hidden LINEAR steps: compute A1 = relu(Z1) and "
                     "A2 = relu(Z2).")
RELU_ON_THE_LOGITS = "Your forward pass applies a relu after the last LINEAR: return the logits Z3 themselves."
SOFTMAX_IN_FORWARD = ("Your forward pass applies a softmax to Z3: return the logits Z3 and leave the softmax to the "
                      "cost.")
BIAS_MISSING = "Your forward pass leaves a bias out: compute Z = W A + b at every layer."
NUMPY_ROUND_TRIP = ("Your forward pass goes through numpy (.numpy(), np.dot, ...), which cuts the gradient tape: use "
                    "TensorFlow operations only (tf.matmul, tf.add, ...).")
SOFTMAX_BEFORE_LOSS = ("Your compute_cost applies a softmax before a from_logits=True loss: pass the logits "
                       "themselves.")
NOT_FROM_LOGITS = "Your compute_cost treats the logits as probabilities: pass from_logits=True."
COST_PER_EXAMPLE = ("Your compute_cost returns one cost per example: take their mean over the examples, with "
                    "tf.reduce_mean.")
LABELS_NOT_TRANSPOSED = ("Your compute_cost passes the labels without transposing them, while "
                         "categorical_crossentropy wants one example per row: pass tf.transpose(labels) as well as "
                         "tf.transpose(logits).")
NO_OPTIMIZER_STEP = ("Your model leaves parameters as they were initialized: compute the gradients of the cost with "
                     "respect to all six variables and let the optimizer apply them.")
NOT_ADAM = ("Your model's optimizer is not Adam, whose first step moves every weight by about learning_rate "
            "whatever its gradient: use tf.keras.optimizers.Adam(learning_rate).")
NOT_ADAM_ON_MINI_BATCHES = ("Your model does not run Adam on mini-batches of minibatch_size examples: use "
                            "tf.keras.optimizers.Adam(learning_rate) and .batch(minibatch_size).")
LEARNING_RATE_IGNORED = ("Your model's optimizer does not use the learning_rate argument: create it as "
                         "tf.keras.optimizers.Adam(learning_rate).")
NOT_SHUFFLED = ("Your model does not shuffle the training examples: add .shuffle(m, seed=1) before "
                ".batch(minibatch_size), for a new order every epoch.")
SAME_ORDER_EVERY_EPOCH = ("Your model shuffles the examples once and keeps that order in every epoch "
                          "(reshuffle_each_iteration=False): leave reshuffle_each_iteration at its default, True, "
                          "for a new order every epoch.")
BATCHES_SHUFFLED = ("Your model shuffles whole mini-batches, not examples, so each mini-batch holds the same examples "
                    "every epoch: call .shuffle(m, seed=1) before .batch(minibatch_size).")
SHUFFLE_BUFFER_OF_ONE_BATCH = ("Your model shuffles with a buffer of minibatch_size examples, which only moves each "
                               "example a few places: pass the number of examples, .shuffle(m, seed=1), for a "
                               "uniform shuffle.")
EPOCH_COST_PLAIN_MEAN = ("Your epoch's cost is the plain mean of the mini-batch costs, which counts the smaller last "
                         "mini-batch as much as a full one: weight each mini-batch cost by its size over m.")
EPOCH_COST_SUMMED = ("Your epoch's cost is the sum of the mini-batch costs: weight each by its size over m, which "
                     "gives the mean cost over the training set.")
EPOCH_COST_TOTAL_OVER_M = ("Your epoch's cost is the total of the mini-batch costs divided by m, as for the original "
                           "course's compute_total_loss, which sums over the examples; your compute_cost is a mean, "
                           "so weight each mini-batch cost by its size over m instead.")


def tensor_problem(value, name, shape, dtype=tf.float32):
    """A message if ``value`` is not a tensor of ``shape`` (and ``dtype``, unless None), else None."""
    if isinstance(value, tf.Variable):
        value = tf.convert_to_tensor(value)
    if not isinstance(value, tf.Tensor):
        return (f"{name} should be a TensorFlow tensor, got {type(value).__name__}: keep the computation "
                "in TensorFlow (tf.matmul, tf.add, ...), without numpy round trips")
    if tuple(value.shape) != tuple(shape):
        return f"{name} has shape {tuple(value.shape)}, expected {tuple(shape)}"
    if dtype is not None and value.dtype != dtype:
        return f"{name} has dtype {value.dtype.name}, expected {dtype.name}"
    return None


def close(actual, expected, rtol=1e-5, atol=1e-5):
    """``checks.close`` with float32's tolerances."""
    return checks.close(actual, expected, rtol, atol)


@EXERCISES.check("linear_function")
def check_linear_function(student_function, rng):
    rubric = Rubric(tensor=1, shape=1, values=2)
    ran, Y = run_student(rubric, rubric.weights, student_function)
    if not ran:
        return rubric
    expected = reference.linear_function()
    if not isinstance(Y, (tf.Tensor, tf.Variable)):
        rubric.fail("tensor", f"linear_function should return a TensorFlow tensor, got {type(Y).__name__}")
    if np.shape(Y) != (4, 1):
        rubric.fail("shape", f"Y has shape {np.shape(Y)}, expected (4, 1): Y = W X + b with W (4, 3), X (3, 1)")
        rubric.fail("values", "Y could not be compared (wrong shape)")
    elif not close(Y, expected):
        np.random.seed(1)
        W, X, b = np.random.randn(4, 3), np.random.randn(3, 1), np.random.randn(4, 1)
        if close(Y, W @ X + b):
            rubric.fail("values", f"{first_difference(Y, expected, 'Y')}. {DRAW_ORDER}")
        else:
            rubric.fail("values", "Y differs from W X + b with X (3, 1), W (4, 3), b (4, 1) drawn in that order "
                                  "by np.random.randn after np.random.seed(1)")
    return rubric


@EXERCISES.check("sigmoid")
def check_sigmoid(student_function, rng):
    rubric = Rubric(dtype=1, values=2, integers=1)
    shape = tuple(int(n) for n in rng.integers(1, 5, size=2))
    z = rng.normal(0, 4, size=shape)  # float64, as numpy gives it
    ran, a = run_student(rubric, rubric.weights, student_function, z)
    if not ran:
        return rubric
    problem = tensor_problem(a, "sigmoid(z)", shape)
    if problem:
        rubric.fail("dtype", problem + (f". {SIGMOID_NO_CAST}" if "dtype" in problem else ""))
    if np.shape(a) != shape or not close(a, 1 / (1 + np.exp(-z)), atol=1e-6):
        rubric.fail("values", "sigmoid(z) differs from 1 / (1 + exp(-z))")
    for k in (int(rng.integers(-5, 6)), 0):
        ran, a = run_student(rubric, (), student_function, k)
        if not ran:
            rubric.fail("integers", f"sigmoid({k}) raised an error. {SIGMOID_NO_CAST}")
        elif tensor_problem(a, "sigmoid", ()) or not close(a, 1 / (1 + np.exp(-k)), atol=1e-6):
            rubric.fail("integers", f"sigmoid({k}) should be a float32 scalar tensor equal to {1 / (1 + np.exp(-k)):.6f}")
    return rubric


@EXERCISES.check("one_hot_matrix")
def check_one_hot_matrix(student_function, rng):
    rubric = Rubric(tensor=1, values=2, depth=1)
    for label, kind in zip(rng.permutation(6)[:3], (int, np.int64, tf.constant)):
        label = kind(int(label))  # the notebook passes numpy integers; tf.data would pass tensors
        ran, one_hot = run_student(rubric, ("tensor", "values"), student_function, label)
        if not ran:
            break
        problem = tensor_problem(one_hot, f"one_hot_matrix({int(label)})", (6,))
        if problem:
            rubric.fail("tensor", problem)
        if np.shape(one_hot) != (6,) or not close(one_hot, np.eye(6)[int(label)]):
            rubric.fail("values", f"one_hot_matrix({int(label)}) should be 1 at index {int(label)} and 0 elsewhere, "
                                  "of shape (6,)")
    depth = int(rng.choice([3, 4, 8, 10]))
    label = int(rng.integers(depth))
    ran, one_hot = run_student(rubric, ("depth",), student_function, tf.constant(label), depth=depth)
    if ran and (tensor_problem(one_hot, "one_hot", (depth,)) or not close(one_hot, np.eye(depth)[label])):
        rubric.fail("depth", f"one_hot_matrix({label}, depth={depth}) gave shape {tuple(np.shape(one_hot))}, expected "
                             f"({depth},) with a 1 at index {label}. {ONE_HOT_FIXED_DEPTH}")
    return rubric


def course_bias(shape):
    """The original course's bias of ``shape``: drawn like the weights, by GlorotNormal(seed=1)."""
    return tf.keras.initializers.GlorotNormal(seed=1)(shape=shape)


@EXERCISES.check("initialize_parameters")
def check_initialize_parameters(student_function, rng):
    rubric = Rubric(structure=1, variables=1, biases=1, weights=1)
    ran, parameters = run_student(rubric, rubric.weights, student_function)
    if not ran:
        return rubric
    expected = reference.initialize_parameters()
    if not isinstance(parameters, dict):
        rubric.fail_all(f"initialize_parameters should return a dict, got {type(parameters).__name__}")
        return rubric
    if sorted(parameters) != sorted(PARAMETER_KEYS):
        rubric.fail("structure", f"parameters has keys {sorted(parameters)}, expected {sorted(PARAMETER_KEYS)}")
    for key in PARAMETER_KEYS:
        value, want = parameters.get(key), expected[key]
        if value is None or np.shape(value) != tuple(want.shape):
            message = f"parameters has no {key!r}" if value is None else \
                f"{key} has shape {np.shape(value)}, expected {tuple(want.shape)}"
            rubric.fail("structure", message)
            rubric.fail("biases" if key.startswith("b") else "weights", f"{key} could not be checked (see the structure problem)")
            continue
        if not isinstance(value, tf.Variable):
            rubric.fail("variables", f"{key} is a {'numpy array' if isinstance(value, np.ndarray) else 'constant tensor'}. "
                                     f"{NOT_VARIABLES}")
        elif value.dtype != tf.float32:
            rubric.fail("variables", f"{key} has dtype {value.dtype.name}, expected float32")
        if key.startswith("b") and np.any(np.asarray(value) != 0) and not close(value, course_bias(want.shape)):
            rubric.fail("biases", f"{first_difference(value, np.zeros(want.shape), key)}. {BIASES_NOT_ZERO}")
        if key.startswith("W") and not close(value, want, rtol=1e-5, atol=1e-7):
            rubric.fail("weights", f"{first_difference(value, want, key)}. {WEIGHTS_NOT_GLOROT_NORMAL}")
    return rubric


def random_network(rng, n_y=6):
    """A small LINEAR-RELU-LINEAR-RELU-LINEAR network of random float32 variables, nonzero biases."""
    n_x, n_1, n_2 = (int(n) for n in rng.integers(3, 12, size=3))
    sizes = [(n_1, n_x), (n_2, n_1), (n_y, n_2)]
    parameters = {}
    for l, (n_l, n_prev) in enumerate(sizes, start=1):
        parameters[f"W{l}"] = tf.Variable(rng.normal(0, 1, size=(n_l, n_prev)).astype(np.float32), name=f"W{l}")
        parameters[f"b{l}"] = tf.Variable(rng.normal(0, 0.5, size=(n_l, 1)).astype(np.float32), name=f"b{l}")
    m = int(rng.integers(2, 9))
    X = tf.constant(rng.normal(0, 1, size=(n_x, m)).astype(np.float32))
    return X, parameters


def forward_variants():
    """The right logits and those of common mistakes, as functions of (X, parameters) in TensorFlow
    operations, keyed by the sentence that names the mistake (None: right)."""
    relu, softmax = tf.nn.relu, lambda Z: tf.nn.softmax(Z, axis=0)
    Z1 = lambda X, p: p["W1"] @ X + p["b1"]  # noqa: E731
    Z2 = lambda X, p: p["W2"] @ relu(Z1(X, p)) + p["b2"]  # noqa: E731
    Z3 = lambda X, p: p["W3"] @ relu(Z2(X, p)) + p["b3"]  # noqa: E731
    return {
        None: Z3,
        RELU_MISSING_FIRST: lambda X, p: p["W3"] @ relu(p["W2"] @ Z1(X, p) + p["b2"]) + p["b3"],
        RELU_MISSING_SECOND: lambda X, p: p["W3"] @ Z2(X, p) + p["b3"],
        RELU_MISSING_BOTH: lambda X, p: p["W3"] @ (p["W2"] @ Z1(X, p) + p["b2"]) + p["b3"],
        RELU_ON_THE_LOGITS: lambda X, p: relu(Z3(X, p)),
        SOFTMAX_IN_FORWARD: lambda X, p: softmax(Z3(X, p)),
        BIAS_MISSING: lambda X, p: p["W3"] @ relu(p["W2"] @ relu(p["W1"] @ X)),
    }


def logits_and_gradients(function, X, parameters, weights):
    """``function``'s logits and the gradients of ``sum(logits * weights)`` with respect to each
    parameter, computed here in float64."""
    variables = {k: tf.Variable(tf.cast(v, tf.float64)) for k, v in parameters.items()}
    with tf.GradientTape() as tape:
        logits = function(tf.cast(X, tf.float64), variables)
        loss = tf.reduce_sum(logits * tf.constant(weights, tf.float64))
    gradients = tape.gradient(loss, list(variables.values()))
    return logits.numpy(), {k: None if g is None else g.numpy() for k, g in zip(variables, gradients)}


def check_forward_gradients(rubric, reported, computed):
    """The gradients the student's call reported, against those of the computation its logits
    match (``computed``; None when they match none: then nothing vouches for the gradients)."""
    missing = [key for key in PARAMETER_KEYS if (reported or {}).get(key) is None]
    if missing:
        rubric.fail("gradients", f"no gradient reaches {', '.join(missing)} through forward_propagation. "
                                 f"{NUMPY_ROUND_TRIP}")
    elif computed is None:
        rubric.fail("gradients", "the logits match no known computation, so the gradients that reach the "
                                 "parameters cannot be checked")
    elif not all(close(reported[k], computed[k], rtol=1e-3, atol=1e-3) for k in PARAMETER_KEYS):
        rubric.fail("gradients", "the gradients that reach the parameters do not match the logits returned: "
                                 "compute the logits with TensorFlow operations on the variables themselves")


@EXERCISES.check("forward_propagation")
def check_forward_propagation(student_function, rng):
    rubric = Rubric(tensor=1, values=1, gradients=1)
    for _ in range(2):
        X, parameters = random_network(rng)
        expected = reference.forward_propagation(X, parameters)
        weights = rng.normal(size=expected.shape)
        forward = with_gradients(student_function, weights)
        ran, Z3 = run_student(rubric, rubric.weights, forward, X, parameters)
        if not ran:
            return rubric
        problem = tensor_problem(Z3, "Z3", expected.shape)
        if problem:
            rubric.fail("tensor", problem)
        computed = None
        if np.shape(Z3) != tuple(expected.shape):
            rubric.fail("values", f"the logits have shape {np.shape(Z3)}, expected (6, m) = {tuple(expected.shape)}")
        else:
            for mistake, function in forward_variants().items():
                logits, gradients = logits_and_gradients(function, X, parameters, weights)
                if close(Z3, logits, rtol=1e-4, atol=1e-4):
                    computed = gradients
                    if mistake:
                        rubric.fail("values", f"{first_difference(Z3, expected, 'Z3')}. {mistake}")
                    break
            else:
                rubric.fail("values", "the logits differ from LINEAR -> RELU -> LINEAR -> RELU -> LINEAR")
        check_forward_gradients(rubric, forward.gradients, computed)
    return rubric


def categorical_cross_entropy(logits, labels):
    """Per-example cross-entropy of logits (6, m) with one-hot labels (6, m), in float64."""
    logits, labels = np.asarray(logits, dtype=np.float64), np.asarray(labels, dtype=np.float64)
    shifted = logits - logits.max(axis=0)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=0))
    return -(labels * log_softmax).sum(axis=0)


def cost_variants(logits, labels):
    """Costs (means over the examples) of common mistakes, keyed by the sentence that names the mistake."""
    logits64 = np.asarray(logits, dtype=np.float64)
    probabilities = np.exp(logits64 - logits64.max(axis=0))
    probabilities /= probabilities.sum(axis=0)
    clipped = np.clip(logits64 / logits64.sum(axis=0), 1e-7, 1 - 1e-7)
    return {
        SOFTMAX_BEFORE_LOSS: categorical_cross_entropy(probabilities, labels).mean(),
        NOT_FROM_LOGITS: -(np.asarray(labels) * np.log(clipped)).sum(axis=0).mean(),
    }


def labels_not_transposed(student_function, rng):
    """Does ``student_function`` give, on square inputs (6 examples), the cost of labels passed without
    tf.transpose (one class per row)? On other inputs that mistake raises a shape error."""
    logits = rng.normal(0, 2, size=(6, 6)).astype(np.float32)
    labels = np.roll(np.eye(6, dtype=np.float32), 1, axis=0)  # example i is of class i + 1: not symmetric
    shifted = logits - logits.max(axis=0)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=0))
    losses = -(labels * log_softmax.T).sum(axis=1)  # row i of labels against the logits of example i
    ran, cost = run_student(Rubric(), (), student_function, tf.constant(logits), tf.constant(labels))
    return ran and np.size(cost) == 1 and any(close(np.ravel(cost)[0], value) for value in (losses.mean(), losses.sum()))


@EXERCISES.check("compute_cost")
def check_compute_cost(student_function, rng):
    rubric = Rubric(scalar=1, values=2)
    if labels_not_transposed(student_function, rng):
        rubric.fail("values", "compute_cost on 6 examples gives the cost of their labels left untransposed, one class "
                              f"a row. {LABELS_NOT_TRANSPOSED}")
    for m in rng.choice([2, 3, 4, 5, 7, 9, 11], size=2, replace=False):
        logits = tf.constant(rng.normal(0, 2, size=(6, int(m))).astype(np.float32))
        labels = tf.constant(np.eye(6, dtype=np.float32)[:, rng.integers(6, size=int(m))])
        ran, cost = run_student(rubric, rubric.weights, student_function, logits, labels)
        if not ran:
            return rubric
        problem = tensor_problem(cost, "the cost", ())
        if problem:
            rubric.fail("scalar", problem + (" (one number: the mean over the examples)" if "shape" in problem else ""))
        losses = categorical_cross_entropy(logits, labels)  # the mean, or the original course's sum
        if np.size(cost) != 1 or not any(close(np.ravel(cost)[0], value) for value in (losses.mean(), losses.sum())):
            found = [msg for msg, value in cost_variants(logits, labels).items()
                     if np.size(cost) == 1 and (close(np.ravel(cost)[0], value) or close(np.ravel(cost)[0], m * value))]
            if np.size(cost) == int(m) and close(np.ravel(cost), losses):
                found = [COST_PER_EXAMPLE]
            differs = f"{first_difference(cost, losses.mean(), 'the cost')} (m={int(m)})"
            rubric.fail("values", f"{differs}. {found[0]}" if found else
                        f"{differs}: the cost differs from the mean over the examples of the categorical cross-entropy "
                        "of tf.transpose(labels) and tf.transpose(logits), from_logits=True")
    return rubric


MODEL_SETTINGS = {"learning_rate": 0.0001, "num_epochs": 3, "minibatch_size": 16, "print_cost": False}


def small_signs(rng, prototypes, m):
    """``m`` stand-in pictures (12288, m) float32 in [0, 1], half their class's prototype and half
    noise, with one-hot labels (6, m)."""
    classes = rng.integers(6, size=m)
    X = 0.5 * prototypes[classes].T + 0.5 * rng.random((12288, m))
    return X.astype(np.float32), np.eye(6, dtype=np.float32)[:, classes]


def model_result_problems(result, num_epochs):
    """Messages about the shape of what ``model`` returned (empty if it is as documented)."""
    if not (isinstance(result, (tuple, list)) and len(result) == 4):
        return [f"model should return (parameters, costs, train_acc, test_acc), got {type(result).__name__}"]
    parameters, *curves = result
    problems = []
    if not (isinstance(parameters, dict) and sorted(parameters) == sorted(PARAMETER_KEYS)
            and all(isinstance(parameters[k], tf.Variable) for k in PARAMETER_KEYS)):
        problems.append(f"the parameters should be a dict of the tf.Variables {', '.join(PARAMETER_KEYS)}")
    for name, curve in zip(("costs", "train_acc", "test_acc"), curves):
        if not (isinstance(curve, (list, tuple, np.ndarray)) and np.shape(curve) == (num_epochs,)):
            problems.append(f"{name} should hold one number per epoch ({num_epochs}), got {_length(curve)}")
    return problems


def _length(value):
    return f"{len(value)} values" if isinstance(value, (list, tuple)) else type(value).__name__


@EXERCISES.check("model")
def check_model(student_function, rng):
    """``model`` runs the student's own initialize_parameters, forward_propagation and compute_cost,
    as the notebook asks, so what it returns is judged with those same functions (called where the
    model ran): nothing of the reference enters the student's kernel, and a helper's mistake that
    does not crash the model costs only that helper's points."""
    rubric = Rubric(returns=1, training=1, cost=1, optimizer=1, shuffle=1)
    model = tf_seeded(student_function, int(rng.integers(2**31)))  # an unseeded shuffle: the same at every grading
    prototypes = rng.random((6, 12288))
    X_train, Y_train = small_signs(rng, prototypes, int(rng.integers(40, 60)))
    X_test, Y_test = small_signs(rng, prototypes, 12)
    ran, result = run_student(rubric, rubric.weights, model, X_train, Y_train, X_test, Y_test,
                              **MODEL_SETTINGS)
    if not ran:
        return rubric
    problems = model_result_problems(result, MODEL_SETTINGS["num_epochs"])
    if problems:
        rubric.fail_all(problems[0])
        return rubric
    parameters, costs, train_acc, test_acc = result
    helpers = {name: sibling(student_function, name) for name in ("initialize_parameters", "forward_propagation",
                                                                  "compute_cost")}
    returned_logits = {}  # of the returned parameters, on each set
    for name, accuracies, X, Y in (("train_acc", train_acc, X_train, Y_train), ("test_acc", test_acc, X_test, Y_test)):
        ran, logits = run_student(rubric, ["returns"], helpers["forward_propagation"], X, parameters)
        returned_logits[name] = logits if ran else None
        if ran and not (np.shape(logits) == (6, X.shape[1]) and accuracy_of(accuracies[-1], np.asarray(logits), Y)):
            rubric.fail("returns", f"{name} should end with the accuracy of the returned parameters on that set, "
                                   "computed with your forward_propagation")
    training = ["training", "cost", "optimizer", "shuffle"]
    ran, initial = run_student(rubric, training, helpers["initialize_parameters"])
    if not ran:
        return rubric
    if not (isinstance(initial, dict) and all(np.shape(initial.get(k)) == np.shape(parameters[k]) for k in PARAMETER_KEYS)):
        for criterion in training:
            rubric.fail(criterion, "your initialize_parameters() does not return the six parameters of the "
                                   "returned shapes, so the training cannot be judged: fix it first")
        return rubric
    unchanged = [k for k in PARAMETER_KEYS if close(parameters[k], initial[k], rtol=0, atol=1e-9)]
    if unchanged:
        rubric.fail("training", f"{', '.join(unchanged)} never changed in training. {NO_OPTIMIZER_STEP}")
    if "W1" not in unchanged:
        check_adam_and_shuffling(rubric, model, helpers["initialize_parameters"], initial, rng)
    ran, initial_logits = run_student(rubric, ["cost"], helpers["forward_propagation"], X_train, initial)
    start, summed = mean_cost(rubric, helpers["compute_cost"], initial_logits if ran else None, Y_train)
    end, _ = mean_cost(rubric, helpers["compute_cost"], returned_logits["train_acc"], Y_train)
    check_epoch_costs(rubric, costs, start, end, summed, X_train.shape[1])
    if not rubric.failed("cost") and "W1" not in unchanged:
        check_epoch_cost_weights(rubric, model, helpers, initial, rng)
    return rubric


def accuracy_of(reported, logits, Y, tie=1e-4):
    """Is ``reported`` the accuracy of ``logits`` (6, m) on the one-hot ``Y``? An example whose two
    largest logits lie within ``tie`` of each other may count either way: the model's own forward pass
    and the check's may round its last bits differently (their sums run on several threads)."""
    top_two = np.sort(logits, axis=0)[-2:]
    right = np.argmax(logits, axis=0) == np.argmax(Y, axis=0)
    unsure = top_two[1] - top_two[0] < tie
    low, high = np.mean(right & ~unsure), np.mean(right | unsure)
    return bool(low - 1e-6 <= reported <= high + 1e-6)


def mean_cost(rubric, compute_cost, logits, Y):
    """The student's ``compute_cost`` of ``logits`` (of the student's forward pass; None if it
    failed), as a mean over the examples, and whether compute_cost sums over the examples (the
    original course's convention: then it doubles on the examples taken twice); ``(None, False)``
    (and the cost criterion failed) if it gives no number."""
    ran, cost = run_student(rubric, ["cost"], compute_cost, logits, Y) if logits is not None else (False, None)
    if not (ran and np.size(cost) == 1 and np.isfinite(np.ravel(cost)[0])):
        if ran:
            rubric.fail("cost", "your compute_cost gives no single finite number on the training set, so the "
                                "epoch's cost cannot be checked: fix compute_cost first")
        return None, False
    cost, summed = float(np.ravel(cost)[0]), False
    if np.shape(logits) == np.shape(Y):
        twice = (tf.constant(np.tile(np.asarray(logits, dtype=np.float32), 2)), tf.constant(np.tile(Y, 2)))
        ran, doubled = run_student(rubric, [], compute_cost, *twice)
        summed = ran and np.size(doubled) == 1 and bool(np.isclose(np.ravel(doubled)[0], 2 * cost, rtol=1e-3))
    return (cost / Y.shape[1] if summed else cost), summed


def check_epoch_costs(rubric, costs, start, end, summed, m):
    """The first epoch's cost lies between the mean costs at the initial and at the returned
    parameters (up to 10%): the mini-batch costs each weighted by its size over m, or, if compute_cost
    sums over the examples, their total over m; then it falls (unless the optimizer is already
    blamed: plain gradient descent at this learning rate barely moves in 3 epochs)."""
    if start is None or end is None:
        return
    low, high = min(start, end), max(start, end)
    between = lambda factor: 0.9 * factor * low <= costs[0] <= 1.1 * factor * high  # noqa: E731
    batches = -(-m // MODEL_SETTINGS["minibatch_size"])
    convention = ("your compute_cost sums over the examples (the original course's convention), so the epoch's "
                  "cost is the total of the mini-batch costs divided by m" if summed else
                  "the mean over the epoch of the mini-batch costs, each weighted by its size over m")
    differs = (f"the first epoch's cost is {costs[0]:.4f}, expected between {low:.4f} and {high:.4f} (your mean "
               "costs at the initial and at the returned parameters)")
    if not between(1):
        if not summed and between(batches):
            rubric.fail("cost", f"{differs}. {EPOCH_COST_SUMMED}")
        elif not summed and between(batches / m):
            rubric.fail("cost", f"{differs}. {EPOCH_COST_TOTAL_OVER_M}")
        else:
            rubric.fail("cost", f"{differs}: {convention}")
    elif not costs[-1] < 0.99 * costs[0] and not rubric.failed("optimizer"):  # the optimizer's fault, if it failed
        rubric.fail("cost", f"the cost did not fall in {len(costs)} epochs ({costs[0]:.4f} to {costs[-1]:.4f})")


FOOTPRINT_SETTINGS = {"learning_rate": 0.0005, "num_epochs": 1, "minibatch_size": 2, "print_cost": False}


def own_pixels(rng, m=12):
    """``m`` pictures (12288, m), each lighting a block of pixels that no other lights (values in
    [0.2, 1]), with one-hot labels: a weight of W1 in picture i's block gets a gradient only from the
    mini-batch that holds picture i."""
    block = 12288 // m
    X = np.zeros((12288, m), dtype=np.float32)
    for i in range(m):
        X[i * block:(i + 1) * block, i] = rng.uniform(0.2, 1, size=block)
    return X, np.eye(6, dtype=np.float32)[:, rng.integers(6, size=m)]


def adam_moves(steps, beta1=0.9, beta2=0.999):
    """How far Adam has moved a weight after ``steps`` steps, in learning rates, when its gradient g
    was nonzero at step t only, for t = 1, ..., steps: Adam divides v_corrected by
    sqrt(s_corrected), so the size of g cancels out (up to epsilon), and v keeps moving the weight."""
    moves = []
    for t in range(1, steps + 1):
        after = np.arange(t, steps + 1)
        v_corrected = (1 - beta1) * beta1 ** (after - t) / (1 - beta1 ** after)  # over |g|
        s_corrected = (1 - beta2) * beta2 ** (after - t) / (1 - beta2 ** after)  # over g**2
        moves.append(np.sum(v_corrected / np.sqrt(s_corrected)))
    return np.array(moves)


def check_adam_and_shuffling(rubric, model, initialize_parameters, initial, rng):
    """One epoch of ``model`` on ``own_pixels`` in mini-batches of two. Adam moves every weight of
    picture i's block of W1 (with a gradient) by ``adam_moves(steps)[t - 1]`` learning rates, t the step
    that used picture i, whatever the gradient; plain gradient descent moves it in proportion to its
    gradient. So the moves tell the optimizer, its learning rate, and the order the pictures were
    used in, without any code of ours in the student's kernel."""
    X, Y = own_pixels(rng)
    m, size, learning_rate = X.shape[1], FOOTPRINT_SETTINGS["minibatch_size"], FOOTPRINT_SETTINGS["learning_rate"]
    ran, result = run_student(rubric, ["optimizer", "shuffle"], model, X, Y, X[:, :size], Y[:, :size],
                              **FOOTPRINT_SETTINGS)
    ran, again = run_student(rubric, [], initialize_parameters) if ran else (False, None)
    if not ran or model_result_problems(result, 1) or not (
            isinstance(again, dict) and close(again.get("W1"), initial["W1"], rtol=0, atol=0)):
        return  # no result, or initialize_parameters draws other values each call: the moves are unknown
    moved = np.abs(np.asarray(result[0]["W1"], dtype=np.float64) - np.asarray(initial["W1"])) / learning_rate
    blocks = [block[block > 0.01] for block in np.split(moved, m, axis=1)]  # rows of dead relu units stay put
    used = [i for i, block in enumerate(blocks) if block.size]  # a picture whose gradient is 0 leaves no trace
    if not used or any(np.percentile(blocks[i], 10) < 0.9 * np.percentile(blocks[i], 90) for i in used):
        rubric.fail("optimizer", "one epoch moved the weights by amounts that follow the sizes of their gradients, as "
                                 f"plain gradient descent (tf.keras.optimizers.SGD) does. {NOT_ADAM}")
        return
    sizes = np.array([np.median(blocks[i]) for i in used])
    expected = adam_moves(-(-m // size))
    scale = 1.0
    if len(used) == m:  # every step's moves are there: they also tell the learning rate Adam used
        scale = np.median(np.sort(sizes)[::-1] / np.repeat(expected, size))
    used_at = np.array([np.argmin(np.abs(scale * expected - s)) for s in sizes])  # the step that used each picture
    if np.max(np.abs(sizes / (scale * expected[used_at]) - 1)) > 0.03 or np.bincount(used_at).max() > size:
        rubric.fail("optimizer", f"one epoch in mini-batches of {size} moved the weights as no run of Adam on such "
                                 f"mini-batches does. {NOT_ADAM_ON_MINI_BATCHES}")
        return
    if abs(scale - 1) > 0.03:
        rubric.fail("optimizer", f"the steps are those of Adam with a learning rate of {scale * learning_rate:.2g}, not "
                                 f"{learning_rate:g}. {LEARNING_RATE_IGNORED}")
    if len(used) == m and list(used_at) == [i // size for i in range(m)]:
        rubric.fail("shuffle", "one epoch used the training examples in their given order (the original course's "
                               f"model does not shuffle; this one does). {NOT_SHUFFLED}")
    elif len(used) == m:
        check_shuffled_examples(rubric, used_at, size)
        if not rubric.failed("shuffle"):
            check_reshuffled_every_epoch(rubric, model, initial, X, Y)


def check_shuffled_examples(rubric, used_at, size):
    """``used_at``: the step of one epoch that used each example. Shuffling mini-batches keeps each
    batch's examples together (examples 0 and 1, 2 and 3, ...: a correct shuffle of 12 does so once in
    about 10 000 epochs); a buffer of one mini-batch cannot let an example out before the example
    ``size - 1`` places ahead of it came in (for 12 examples in steps of 2, a uniform shuffle keeps to
    that about once in 30 000)."""
    m = len(used_at)
    batches = [set(used_at[k:k + size]) for k in range(0, m, size)]
    if all(len(batch) == 1 for batch in batches):
        rubric.fail("shuffle", f"one epoch in mini-batches of {size} kept the examples of each mini-batch of the given "
                               f"order together (examples 0 to {size - 1}, then {size} to {2 * size - 1}, ...). "
                               f"{BATCHES_SHUFFLED}")
    elif all(used_at[i] >= (i - size + 1) // size for i in range(m)):
        rubric.fail("shuffle", f"one epoch used no example more than {size - 1} place(s) before its place in the given "
                               f"order, as a shuffle buffer of {size} examples does. {SHUFFLE_BUFFER_OF_ONE_BATCH}")


REPEAT_SETTINGS = {"learning_rate": 1e-6, "num_epochs": 2, "minibatch_size": 2, "print_cost": False}


def adam_moves_of_steps(steps, total):
    """How far Adam moves a weight in ``total`` steps, in learning rates, when its gradient was the same
    nonzero g at each of ``steps`` and 0 at the others (the size of g cancels out, up to epsilon)."""
    first, second, moved = 0.0, 0.0, 0.0
    for t in range(1, total + 1):
        g = 1.0 if t in steps else 0.0
        first, second = 0.9 * first + 0.1 * g, 0.999 * second + 0.001 * g
        if second:
            moved += (first / (1 - 0.9 ** t)) / np.sqrt(second / (1 - 0.999 ** t))
    return moved


def check_reshuffled_every_epoch(rubric, model, initial, X, Y):
    """Two epochs of ``model`` on ``own_pixels`` at a learning rate so small that each picture's
    gradient is the same in both: picture i's block of W1 then moves by ``adam_moves_of_steps({t1, t2})``,
    t1 and t2 the steps that used it. Keeping one order for every epoch gives every picture t2 = t1 + the
    steps of one epoch, the pictures of a mini-batch the same pair: a new order each epoch does so for
    all twelve about once in ten million runs."""
    size, learning_rate = REPEAT_SETTINGS["minibatch_size"], REPEAT_SETTINGS["learning_rate"]
    ran, result = run_student(rubric, [], model, X, Y, X[:, :size], Y[:, :size], **REPEAT_SETTINGS)
    if not ran or model_result_problems(result, REPEAT_SETTINGS["num_epochs"]):
        return
    moved = np.abs(np.asarray(result[0]["W1"], dtype=np.float64) - np.asarray(initial["W1"])) / learning_rate
    blocks = [block[block > 0.01] for block in np.split(moved, X.shape[1], axis=1)]
    if not all(block.size for block in blocks):
        return
    sizes = np.array([np.median(block) for block in blocks])
    epoch = X.shape[1] // size
    same_order = np.array([adam_moves_of_steps({t, t + epoch}, 2 * epoch) for t in range(1, epoch + 1)])
    nearest = np.argmin(np.abs(sizes[:, None] / same_order[None, :] - 1), axis=1)
    if (np.max(np.abs(sizes / same_order[nearest] - 1)) < 0.01
            and np.array_equal(np.bincount(nearest, minlength=epoch), np.full(epoch, size))):
        rubric.fail("shuffle", f"two epochs in mini-batches of {size} used every example at the same step of each "
                               f"epoch. {SAME_ORDER_EVERY_EPOCH}")


COST_SETTINGS = {"learning_rate": 1e-7, "num_epochs": 1, "minibatch_size": 8, "print_cost": False}


def check_epoch_cost_weights(rubric, model, helpers, initial, rng):
    """One epoch of ``model`` on 9 pictures in mini-batches of 8 and 1, one of them far costlier than
    the others, at a learning rate so small that every cost stays as at the start: the epoch's cost is
    then the mean of the examples' costs (by the student's compute_cost), while the plain mean of the
    two mini-batch costs counts the lone example as much as the other eight."""
    X, Y = own_pixels(rng, m=9)
    X[:, 0] *= 40  # picture 0's logits are large: labelled as its lowest, it costs far more than the others
    ran, logits = run_student(rubric, [], helpers["forward_propagation"], X, initial)
    if not ran or np.shape(logits) != Y.shape:
        return
    Y[:, 0] = np.eye(6, dtype=np.float32)[int(np.argmin(np.asarray(logits)[:, 0]))]
    costs = []
    for i in range(X.shape[1]):
        ran, cost = run_student(rubric, [], helpers["compute_cost"], tf.constant(np.asarray(logits)[:, i:i + 1]),
                                tf.constant(Y[:, i:i + 1]))
        if not (ran and np.size(cost) == 1):
            return
        costs.append(float(np.ravel(cost)[0]))
    ran, result = run_student(rubric, [], model, X, Y, X[:, :2], Y[:, :2], **COST_SETTINGS)
    if not ran or model_result_problems(result, 1):
        return
    costs, epoch_cost = np.array(costs), result[1][0]
    plain_means = [(np.mean(np.delete(costs, k)) + costs[k]) / 2 for k in range(len(costs))]  # k: the lone one
    if not np.isclose(epoch_cost, np.mean(costs), rtol=0.02) and np.any(np.isclose(epoch_cost, plain_means, rtol=0.02)):
        rubric.fail("cost", f"one epoch in mini-batches of 8 and 1 gave a cost of {epoch_cost:.4f}, the plain mean of "
                            f"the two mini-batch costs, not the mean over the 9 examples ({np.mean(costs):.4f}). "
                            f"{EPOCH_COST_PLAIN_MEAN}")


# ----------------------------------------------------------------------------------------------
# The kinds of hidden cases, each with the public check that shows one (tests/test_case_kinds.py)

def _epochs_and_batches(a):
    return a["num_epochs"], a["X_train"].shape[1], a["minibatch_size"]


CASE_KINDS = {
    "linear_function": (CaseKind("no arguments (the seeded draw)", "Y", lambda a: not a),),
    "sigmoid": (
        CaseKind("a Python number", "sigmoid(-1)", lambda a: isinstance(a["z"], (int, float))),
        CaseKind("a numpy array of floats", "sigmoid([[0, 2]])", lambda a: isinstance(a["z"], np.ndarray)),
    ),
    "one_hot_matrix": (
        CaseKind("a Python int label, depth 6", "one_hot_matrix(1)", lambda a: isinstance(a["label"], int)
                 and a["depth"] == 6),
        CaseKind("a numpy integer label (as the notebook passes them)", "one_hot_matrix(np.int64(4))",
                 lambda a: isinstance(a["label"], np.integer)),
        CaseKind("a depth other than 6", "one_hot_matrix(3, depth=4)", lambda a: a["depth"] != 6),
        CaseKind("a label given as a tensor (as the dataset's map passes it)", "one_hot_matrix(tf.constant(2), depth=3)",
                 lambda a: isinstance(a["label"], tf.Tensor)),
    ),
    "initialize_parameters": (CaseKind("no arguments (the course's layer sizes)", "the shape of W1", lambda a: not a),),
    "forward_propagation": (
        CaseKind("a small network of random layer sizes, six logits", "Z3",
                 lambda a: a["parameters"]["W1"].shape[1] == a["X"].shape[0] and a["parameters"]["W3"].shape[0] == 6),
    ),
    "compute_cost": (
        CaseKind("logits and one-hot labels of shape (6, m)", "compute_cost(logits, labels)",
                 lambda a: a["logits"].shape == a["labels"].shape and a["logits"].shape[0] == 6),
    ),
    "model": (
        CaseKind("several epochs", "the cost falls", lambda a: _epochs_and_batches(a)[0] > 1),
        CaseKind("one epoch", "one cost per epoch of one epoch on 20 pictures in mini-batches of 8",
                 lambda a: _epochs_and_batches(a)[0] == 1),
        CaseKind("m an exact multiple of minibatch_size", "the cost falls",
                 lambda a: _epochs_and_batches(a)[1] % _epochs_and_batches(a)[2] == 0),
        CaseKind("a smaller last mini-batch", "one cost per epoch of one epoch on 20 pictures in mini-batches of 8",
                 lambda a: _epochs_and_batches(a)[1] % _epochs_and_batches(a)[2] != 0),
    ),
}


# The arguments each graded function must leave as they were (the rubric's "inputs" criterion, judged by
# autograder.engine.checks.evaluate with the sentence ARGUMENTS_CHANGED).
KEPT_ARGUMENTS = {
    "sigmoid": kept_arguments(reference.sigmoid, "z"),
    "forward_propagation": kept_arguments(reference.forward_propagation, "X", "parameters"),
    "compute_cost": kept_arguments(reference.compute_cost, "logits", "labels"),
    "model": kept_arguments(reference.model, "X_train", "Y_train", "X_test", "Y_test"),
}

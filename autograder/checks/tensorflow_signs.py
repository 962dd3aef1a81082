"""Hidden checks of the TensorFlow signs assignment.

Besides values, these checks look at what TensorFlow needs: results that are tensors (not numpy
arrays) of dtype float32, parameters that are ``tf.Variable`` (or the optimizer cannot update them),
a cost computed from logits and averaged over the examples, and gradients that reach every parameter
through ``forward_propagation`` (a numpy round trip cuts them). ``model`` is checked with the
reference's parameters, forward pass and cost in place of the student's, so that a mistake there
costs the points of that exercise only.
"""
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up lines on stderr are noise here
import tensorflow as tf  # noqa: E402

from autograder.checks import Rubric, run_student, sibling, with_gradients
from autograder.reference import tensorflow_signs as reference
from dlcourse.metrics import accuracy

POINTS = {
    "linear_function": 2,
    "sigmoid": 2,
    "one_hot_matrix": 2,
    "initialize_parameters": 3,
    "forward_propagation": 3,
    "compute_cost": 3,
    "model": 3,
}

PARAMETER_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


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
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    return actual.shape == expected.shape and np.allclose(actual, expected, rtol=rtol, atol=atol)


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
            rubric.fail("values", "W was drawn before X: after np.random.seed(1) draw X (3, 1), then W (4, 3), then b (4, 1)")
        else:
            rubric.fail("values", "Y differs from W X + b with X (3, 1), W (4, 3), b (4, 1) drawn in that order "
                                  "by np.random.randn after np.random.seed(1)")
    return rubric


def check_sigmoid(student_function, rng):
    rubric = Rubric(dtype=1, values=2, integers=1)
    shape = tuple(int(n) for n in rng.integers(1, 5, size=2))
    z = rng.normal(0, 4, size=shape)  # float64, as numpy gives it
    ran, a = run_student(rubric, rubric.weights, student_function, z)
    if not ran:
        return rubric
    problem = tensor_problem(a, "sigmoid(z)", shape)
    if problem:
        rubric.fail("dtype", problem + (": cast z with tf.cast(z, tf.float32) first" if "dtype" in problem else ""))
    if np.shape(a) != shape or not close(a, 1 / (1 + np.exp(-z)), atol=1e-6):
        rubric.fail("values", "sigmoid(z) differs from 1 / (1 + exp(-z))")
    for k in (int(rng.integers(-5, 6)), 0):
        ran, a = run_student(rubric, (), student_function, k)
        if not ran:
            rubric.fail("integers", f"sigmoid({k}) raised an error: TensorFlow's sigmoid needs floats, so cast z "
                                    "with tf.cast(z, tf.float32) first")
        elif tensor_problem(a, "sigmoid", ()) or not close(a, 1 / (1 + np.exp(-k)), atol=1e-6):
            rubric.fail("integers", f"sigmoid({k}) should be a float32 scalar tensor equal to {1 / (1 + np.exp(-k)):.6f}")
    return rubric


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
        rubric.fail("depth", f"one_hot_matrix({label}, depth={depth}) should have shape ({depth},): use the depth "
                             "argument, not a fixed 6")
    return rubric


def check_initialize_parameters(student_function, rng):
    rubric = Rubric(structure=1, variables=1, biases=1, weights=1)
    ran, parameters = run_student(rubric, rubric.weights, student_function)
    if not ran:
        return rubric
    expected = reference.initialize_parameters()
    if not isinstance(parameters, dict):
        for criterion in rubric.weights:
            rubric.fail(criterion, f"initialize_parameters should return a dict, got {type(parameters).__name__}")
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
            rubric.fail("variables", f"{key} is a {'numpy array' if isinstance(value, np.ndarray) else 'constant tensor'}, "
                                     "not a tf.Variable: the optimizer can only "
                                     f"update variables, so wrap it: tf.Variable(...)")
        elif value.dtype != tf.float32:
            rubric.fail("variables", f"{key} has dtype {value.dtype.name}, expected float32")
        if key.startswith("b") and np.any(np.asarray(value) != 0):
            rubric.fail("biases", f"{key} is not zero: biases start at tf.zeros(({want.shape[0]}, 1))")
        if key.startswith("W") and not close(value, want, rtol=1e-5, atol=1e-7):
            rubric.fail("weights", f"{key} differs from tf.keras.initializers.GlorotNormal(seed=1)(shape={tuple(want.shape)})")
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
    operations, keyed by the message that names the mistake (None: right)."""
    relu, softmax = tf.nn.relu, lambda Z: tf.nn.softmax(Z, axis=0)
    Z1 = lambda X, p: p["W1"] @ X + p["b1"]  # noqa: E731
    Z2 = lambda X, p: p["W2"] @ relu(Z1(X, p)) + p["b2"]  # noqa: E731
    Z3 = lambda X, p: p["W3"] @ relu(Z2(X, p)) + p["b3"]  # noqa: E731
    return {
        None: Z3,
        "relu is missing after the first LINEAR: A1 = relu(Z1)":
            lambda X, p: p["W3"] @ relu(p["W2"] @ Z1(X, p) + p["b2"]) + p["b3"],
        "relu is missing after the second LINEAR: A2 = relu(Z2)": lambda X, p: p["W3"] @ Z2(X, p) + p["b3"],
        "relu is missing after both hidden LINEAR steps":
            lambda X, p: p["W3"] @ (p["W2"] @ Z1(X, p) + p["b2"]) + p["b3"],
        "the output should be the logits Z3: no relu after the last LINEAR": lambda X, p: relu(Z3(X, p)),
        "the output should be the logits Z3: leave the softmax to the cost": lambda X, p: softmax(Z3(X, p)),
        "a bias is missing: Z = W A + b at every layer": lambda X, p: p["W3"] @ relu(p["W2"] @ relu(p["W1"] @ X)),
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
        rubric.fail("gradients", f"no gradient reaches {', '.join(missing)} through forward_propagation: "
                                 "a numpy step (.numpy(), np.dot, ...) cuts the tape; use TensorFlow operations")
    elif computed is None:
        rubric.fail("gradients", "the logits match no known computation, so the gradients that reach the "
                                 "parameters cannot be checked")
    elif not all(close(reported[k], computed[k], rtol=1e-3, atol=1e-3) for k in PARAMETER_KEYS):
        rubric.fail("gradients", "the gradients that reach the parameters do not match the logits returned: "
                                 "compute the logits with TensorFlow operations on the variables themselves")


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
                        rubric.fail("values", mistake)
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
    """Costs of common mistakes, keyed by the message that names the mistake."""
    logits64 = np.asarray(logits, dtype=np.float64)
    probabilities = np.exp(logits64 - logits64.max(axis=0))
    probabilities /= probabilities.sum(axis=0)
    clipped = np.clip(logits64 / logits64.sum(axis=0), 1e-7, 1 - 1e-7)
    return {
        "the cost is the sum over the examples: take the mean (tf.reduce_mean)":
            categorical_cross_entropy(logits, labels).sum(),
        "softmax was applied before a from_logits=True loss: pass the logits themselves":
            categorical_cross_entropy(probabilities, labels).mean(),
        "the logits were treated as probabilities: use from_logits=True":
            -(np.asarray(labels) * np.log(clipped)).sum(axis=0).mean(),
    }


def check_compute_cost(student_function, rng):
    rubric = Rubric(scalar=1, values=2)
    for m in rng.choice([2, 3, 4, 5, 7, 9, 11], size=2, replace=False):
        logits = tf.constant(rng.normal(0, 2, size=(6, int(m))).astype(np.float32))
        labels = tf.constant(np.eye(6, dtype=np.float32)[:, rng.integers(6, size=int(m))])
        ran, cost = run_student(rubric, rubric.weights, student_function, logits, labels)
        if not ran:
            return rubric
        problem = tensor_problem(cost, "the cost", ())
        if problem:
            rubric.fail("scalar", problem + (" (one number: the mean over the examples)" if "shape" in problem else ""))
        expected = categorical_cross_entropy(logits, labels).mean()
        if np.size(cost) != 1 or not close(np.ravel(cost)[0], expected):
            found = [msg for msg, value in cost_variants(logits, labels).items()
                     if np.size(cost) == 1 and close(np.ravel(cost)[0], value)]
            if np.size(cost) == int(m) and close(np.ravel(cost), categorical_cross_entropy(logits, labels)):
                found = ["the cost is per example: take the mean over the examples (tf.reduce_mean)"]
            rubric.fail("values", found[0] if found else
                        "the cost differs from the mean over the examples of the categorical cross-entropy "
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


def check_model(student_function, rng):
    """``model`` runs the student's own initialize_parameters, forward_propagation and compute_cost,
    as the notebook asks, so what it returns is judged with those same functions (called where the
    model ran): nothing of the reference enters the student's kernel, and a helper's mistake that
    does not crash the model costs only that helper's points."""
    rubric = Rubric(returns=1, training=1, cost=1)
    prototypes = rng.random((6, 12288))
    X_train, Y_train = small_signs(rng, prototypes, int(rng.integers(40, 60)))
    X_test, Y_test = small_signs(rng, prototypes, 12)
    ran, result = run_student(rubric, rubric.weights, student_function, X_train, Y_train, X_test, Y_test,
                              **MODEL_SETTINGS)
    if not ran:
        return rubric
    problems = model_result_problems(result, MODEL_SETTINGS["num_epochs"])
    if problems:
        for criterion in rubric.weights:
            rubric.fail(criterion, problems[0])
        return rubric
    parameters, costs, train_acc, test_acc = result
    helpers = {name: sibling(student_function, name) for name in ("initialize_parameters", "forward_propagation",
                                                                  "compute_cost")}
    for name, accuracies, X, Y in (("train_acc", train_acc, X_train, Y_train), ("test_acc", test_acc, X_test, Y_test)):
        ran, logits = run_student(rubric, ["returns"], helpers["forward_propagation"], X, parameters)
        if ran and not (np.shape(logits) == (6, X.shape[1]) and
                        np.isclose(accuracies[-1], accuracy(np.asarray(logits), Y), atol=1e-6)):
            rubric.fail("returns", f"{name} should end with the accuracy of the returned parameters on that set, "
                                   "computed with your forward_propagation")
    ran, initial = run_student(rubric, ["training", "cost"], helpers["initialize_parameters"])
    if not ran:
        return rubric
    if not (isinstance(initial, dict) and all(np.shape(initial.get(k)) == np.shape(parameters[k]) for k in PARAMETER_KEYS)):
        for criterion in ("training", "cost"):
            rubric.fail(criterion, "your initialize_parameters() does not return the six parameters of the "
                                   "returned shapes, so the training cannot be judged: fix it first")
        return rubric
    unchanged = [k for k in PARAMETER_KEYS if close(parameters[k], initial[k], rtol=0, atol=1e-9)]
    if unchanged:
        rubric.fail("training", f"{', '.join(unchanged)} never changed: compute the gradients of the cost with "
                                "respect to all six variables and let the optimizer apply them")
    check_epoch_costs(rubric, costs, initial_cost(rubric, helpers, initial, X_train, Y_train), X_train.shape[1])
    return rubric


def initial_cost(rubric, helpers, initial, X_train, Y_train):
    """The student's cost of the student's forward pass at the initial parameters, or None (and the
    cost criterion failed) if those functions give no number."""
    ran, logits = run_student(rubric, ["cost"], helpers["forward_propagation"], X_train, initial)
    ran, cost = run_student(rubric, ["cost"], helpers["compute_cost"], logits, Y_train) if ran else (False, None)
    if ran and np.size(cost) == 1 and np.isfinite(np.ravel(cost)[0]):
        return float(np.ravel(cost)[0])
    if ran:
        rubric.fail("cost", "your compute_cost gives no single finite number at the initial parameters, so the "
                            "epoch's cost cannot be checked: fix compute_cost first")
    return None


def check_epoch_costs(rubric, costs, expected, m):
    """The first epoch's cost is about the cost at the initial parameters (the learning rate is
    small), a mean over the training set; then it falls."""
    if expected is None:
        return
    batches = -(-m // MODEL_SETTINGS["minibatch_size"])
    if abs(costs[0] - expected) > 0.1 * abs(expected):
        if abs(costs[0] - batches * expected) < 0.1 * abs(batches * expected):
            rubric.fail("cost", "the epoch's cost is the sum of the mini-batch costs: weight each by its size "
                                "over m, which gives the mean cost over the training set")
        else:
            rubric.fail("cost", f"the first epoch's cost is {costs[0]:.4f}, expected about {expected:.4f} (your "
                                "cost at the initial parameters): the mean over the epoch of the mini-batch "
                                "costs, each weighted by its size over m")
    elif not costs[-1] < 0.99 * costs[0]:  # without training it stays put, up to rounding
        rubric.fail("cost", f"the cost did not fall in {len(costs)} epochs ({costs[0]:.4f} to {costs[-1]:.4f})")

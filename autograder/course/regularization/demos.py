"""Demo submissions of the Regularization assignment."""
from autograder.course.demo import Demo, Mistake, reference_answers
from autograder.course.regularization import checks, reference

CORRECT = reference_answers(reference, checks.EXERCISES.points)

DIFFERENT_STYLE = {
    "compute_cost_with_regularization": """\
m = Y.shape[1]
log_likelihood = Y * np.log(A3) + (1 - Y) * np.log(1 - A3)
weight_norms = [np.linalg.norm(parameters[name]) ** 2 for name in ("W1", "W2", "W3")]
return float(-np.mean(log_likelihood) + lambd * sum(weight_norms) / (2 * m))""",
    "backward_propagation_with_regularization": """\
m = X.shape[1]
Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
dZ3 = A3 - Y
dW3 = (np.dot(dZ3, A2.T) + lambd * W3) / m
db3 = np.sum(dZ3, axis=1, keepdims=True) / m
dZ2 = np.dot(W3.T, dZ3) * np.int64(A2 > 0)
dW2 = (np.dot(dZ2, A1.T) + lambd * W2) / m
db2 = np.sum(dZ2, axis=1, keepdims=True) / m
dZ1 = np.dot(W2.T, dZ2) * np.int64(A1 > 0)
dW1 = (np.dot(dZ1, X.T) + lambd * W1) / m
db1 = np.sum(dZ1, axis=1, keepdims=True) / m
return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}""",
    "forward_propagation_with_dropout": """\
def dropped(A):
    keep = np.random.rand(A.shape[0], A.shape[1]) < keep_prob
    return np.where(keep, A / keep_prob, 0.0), keep

Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
A1, D1 = dropped(np.maximum(Z1, 0))
Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
A2, D2 = dropped(np.maximum(Z2, 0))
Z3 = np.dot(parameters["W3"], A2) + parameters["b3"]
A3 = 1 / (1 + np.exp(-Z3))
cache = (Z1, D1, A1, parameters["W1"], parameters["b1"], Z2, D2, A2, parameters["W2"], parameters["b2"],
         Z3, A3, parameters["W3"], parameters["b3"])
return A3, cache""",
    "backward_propagation_with_dropout": """\
Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
m = X.shape[1]
grads = {}
dZ = A3 - Y
activations = {0: X, 1: A1, 2: A2}
masks = {1: D1, 2: D2}
weights = {1: W1, 2: W2, 3: W3}
pre_activations = {1: Z1, 2: Z2}
for l in (3, 2, 1):
    grads["dW%d" % l] = np.dot(dZ, activations[l - 1].T) / m
    grads["db%d" % l] = np.sum(dZ, axis=1, keepdims=True) / m
    if l > 1:
        dA = np.dot(weights[l].T, dZ) * masks[l - 1] / keep_prob
        dZ = dA * (pre_activations[l - 1] > 0)
return grads""",
}

MASKS = ("np.random.rand(*A1.shape) < keep_prob", "np.random.rand(*A2.shape) < keep_prob")
SCALED = ("A1 = A1 * D1 / keep_prob", "A2 = A2 * D2 / keep_prob")
PENALTIES = tuple(f"lambd / m * W{l}" for l in (1, 2, 3))

MISTAKES = [
    Mistake("l2-without-half", "compute_cost_with_regularization", (("lambd / (2 * m)", "lambd / m"),),
            checks.L2_WITHOUT_HALF),
    Mistake("l2-not-divided-by-m", "compute_cost_with_regularization", (("lambd / (2 * m)", "lambd / 2"),),
            checks.L2_NOT_DIVIDED_BY_M),
    Mistake("l2-with-biases", "compute_cost_with_regularization",
            (('sum(np.sum(np.square(parameters["W" + str(l)])) for l in (1, 2, 3))',
              "sum(np.sum(np.square(value)) for value in parameters.values())"),),
            checks.L2_WITH_BIASES),
    Mistake("l2-not-squared", "compute_cost_with_regularization",
            (('np.square(parameters["W" + str(l)])', 'parameters["W" + str(l)]'),),
            checks.L2_NOT_SQUARED),
    Mistake("penalized-biases", "backward_propagation_with_regularization",
            (("return grads", 'for l, b in ((1, b1), (2, b2), (3, b3)):\n'
                              '    grads["db" + str(l)] = grads["db" + str(l)] + lambd / m * b\nreturn grads'),),
            checks.PENALIZED_BIASES),
    Mistake("l2-gradient-not-divided-by-m", "backward_propagation_with_regularization",
            tuple((old, old.replace(" / m", "")) for old in PENALTIES), checks.L2_GRADIENT_NOT_DIVIDED_BY_M),
    Mistake("l2-gradient-halved", "backward_propagation_with_regularization",
            tuple((old, old.replace("/ m", "/ (2 * m)")) for old in PENALTIES),
            checks.L2_GRADIENT_HALVED),
    Mistake("flipped-mask", "forward_propagation_with_dropout",
            tuple((old, old.replace("<", ">")) for old in MASKS), checks.FLIPPED_MASKS),
    Mistake("no-inverted-scaling", "forward_propagation_with_dropout",
            tuple((old, old.replace(" / keep_prob", "")) for old in SCALED), checks.NOT_INVERTED),
    Mistake("mask-not-applied", "forward_propagation_with_dropout",
            tuple((old, old.replace(" * D1", "").replace(" * D2", "")) for old in SCALED),
            checks.MASK_NOT_APPLIED),
    Mistake("seeds-inside-forward-pass", "forward_propagation_with_dropout",
            (("W1, b1, W2, b2, W3, b3 = (", "np.random.seed(1)\nW1, b1, W2, b2, W3, b3 = ("),),
            checks.SEEDS_INSIDE_FORWARD),
    Mistake("backward-forgets-D1", "backward_propagation_with_dropout",
            (("dA1 = dA1 * D1 / keep_prob", "dA1 = dA1 / keep_prob"),), checks.MASKS_NOT_APPLIED_BACKWARD),
    Mistake("backward-forgets-masks", "backward_propagation_with_dropout",
            (("dA1 = dA1 * D1 / keep_prob", "dA1 = dA1 / keep_prob"), ("dA2 = dA2 * D2 / keep_prob", "dA2 = dA2 / keep_prob")),
            checks.MASKS_NOT_APPLIED_BACKWARD),  # which mask shows depends on the units the draw drops
    Mistake("backward-not-scaled", "backward_propagation_with_dropout",
            (("dA1 = dA1 * D1 / keep_prob", "dA1 = dA1 * D1"), ("dA2 = dA2 * D2 / keep_prob", "dA2 = dA2 * D2")),
            checks.NOT_SCALED_BACKWARD),
]
MISTAKE = {mistake.name: mistake for mistake in MISTAKES}

# Written as the published course's solved notebook writes it, without its np.random.seed(1) in the
# dropout forward pass (a mistake here, as the notebook explains: see MISTAKES).
COURSE_STYLE = {
    "compute_cost_with_regularization": """\
m = Y.shape[1]
W1 = parameters["W1"]
W2 = parameters["W2"]
W3 = parameters["W3"]
cross_entropy_cost = compute_cost(A3, Y)
L2_regularization_cost = (1 / m) * (lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
cost = cross_entropy_cost + L2_regularization_cost
return cost""",
    "backward_propagation_with_regularization": """\
m = X.shape[1]
(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
dZ3 = A3 - Y
dW3 = 1. / m * np.dot(dZ3, A2.T) + (lambd / m) * W3
db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
dA2 = np.dot(W3.T, dZ3)
dZ2 = np.multiply(dA2, np.int64(A2 > 0))
dW2 = 1. / m * np.dot(dZ2, A1.T) + (lambd / m) * W2
db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
dA1 = np.dot(W2.T, dZ2)
dZ1 = np.multiply(dA1, np.int64(A1 > 0))
dW1 = 1. / m * np.dot(dZ1, X.T) + (lambd / m) * W1
db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
             "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
             "dZ1": dZ1, "dW1": dW1, "db1": db1}
return gradients""",
    "forward_propagation_with_dropout": """\
W1 = parameters["W1"]
b1 = parameters["b1"]
W2 = parameters["W2"]
b2 = parameters["b2"]
W3 = parameters["W3"]
b3 = parameters["b3"]
Z1 = np.dot(W1, X) + b1
A1 = relu(Z1)
D1 = np.random.rand(A1.shape[0], A1.shape[1])
D1 = (D1 < keep_prob).astype(int)
A1 = A1 * D1
A1 = A1 / keep_prob
Z2 = np.dot(W2, A1) + b2
A2 = relu(Z2)
D2 = np.random.rand(A2.shape[0], A2.shape[1])
D2 = (D2 < keep_prob).astype(int)
A2 = A2 * D2
A2 = A2 / keep_prob
Z3 = np.dot(W3, A2) + b3
A3 = sigmoid(Z3)
cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
return A3, cache""",
    "backward_propagation_with_dropout": """\
m = X.shape[1]
(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
dZ3 = A3 - Y
dW3 = 1. / m * np.dot(dZ3, A2.T)
db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
dA2 = np.dot(W3.T, dZ3)
dA2 = dA2 * D2
dA2 = dA2 / keep_prob
dZ2 = np.multiply(dA2, np.int64(A2 > 0))
dW2 = 1. / m * np.dot(dZ2, A1.T)
db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
dA1 = np.dot(W2.T, dZ2)
dA1 = dA1 * D1
dA1 = dA1 / keep_prob
dZ1 = np.multiply(dA1, np.int64(A1 > 0))
dW1 = 1. / m * np.dot(dZ1, X.T)
db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
             "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
             "dZ1": dZ1, "dW1": dW1, "db1": db1}
return gradients""",
}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(checks.EXERCISES.points), about="the release as distributed"),
    *(MISTAKE[name].demo(CORRECT) for name in ("l2-without-half", "penalized-biases", "flipped-mask",
                                                "no-inverted-scaling", "backward-forgets-D1")),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other loops and names"),
    Demo("course-style", COURSE_STYLE, about="correct, as the published course's solved notebook writes it"),
]

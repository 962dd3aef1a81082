"""Demo submissions of the TensorFlow signs assignment."""
from autograder.checks.tensorflow_signs import POINTS
from autograder.reference import tensorflow_signs as reference
from autograder.submissions import Demo, reference_answers, with_edit

CORRECT = reference_answers(reference, POINTS)


def biases_as_constants(answers):
    """Biases made with tf.zeros but never wrapped in tf.Variable."""
    for l, n in ((1, 25), (2, 12), (3, 6)):
        answers = with_edit(answers, "initialize_parameters",
                            f'tf.Variable(tf.zeros(({n}, 1)), name="b{l}")', f"tf.zeros(({n}, 1))")
    return answers


DIFFERENT_STYLE = {
    "linear_function": """\
np.random.seed(1)
X = np.random.randn(3, 1)
W = np.random.randn(4, 3)
b = np.random.randn(4, 1)
return tf.constant(W) @ tf.constant(X) + b""",
    "sigmoid": """\
return 1 / (1 + tf.exp(-tf.cast(z, tf.float32)))""",
    "one_hot_matrix": """\
return tf.cast(tf.equal(tf.range(depth), tf.cast(label, tf.int32)), tf.float32)""",
    "initialize_parameters": """\
glorot = tf.keras.initializers.GlorotNormal(seed=1)
sizes = {1: (25, 12288), 2: (12, 25), 3: (6, 12)}
params = {}
for l, (n_l, n_prev) in sizes.items():
    params[f"W{l}"] = tf.Variable(glorot(shape=(n_l, n_prev)))
    params[f"b{l}"] = tf.Variable(tf.zeros((n_l, 1)))
return params""",
    "forward_propagation": """\
A = X
for l in (1, 2, 3):
    Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
    A = tf.nn.relu(Z) if l < 3 else Z
return A""",
    "compute_cost": """\
per_example = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, axis=0)
return tf.reduce_mean(per_example)""",
    "model": """\
X_train, Y_train = tf.cast(X_train, tf.float32), tf.cast(Y_train, tf.float32)
X_test, Y_test = tf.cast(X_test, tf.float32), tf.cast(Y_test, tf.float32)
params = initialize_parameters()
trainable = list(params.values())
adam = tf.keras.optimizers.Adam(learning_rate=learning_rate)
m = int(X_train.shape[1])
dataset = tf.data.Dataset.from_tensor_slices((tf.transpose(X_train), tf.transpose(Y_train)))
dataset = dataset.shuffle(buffer_size=m).batch(minibatch_size)
costs, train_acc, test_acc = [], [], []
for epoch in range(num_epochs):
    total = 0.0
    for xb, yb in dataset:  # eager steps, no tf.function: slower, same result
        with tf.GradientTape() as tape:
            c = compute_cost(forward_propagation(tf.transpose(xb), params), tf.transpose(yb))
        adam.apply_gradients(zip(tape.gradient(c, trainable), trainable))
        total += float(c) * int(xb.shape[0])
    costs.append(total / m)
    train_acc.append(accuracy(forward_propagation(X_train, params), Y_train))
    test_acc.append(accuracy(forward_propagation(X_test, params), Y_test))
    if print_cost and epoch % 10 == 0:
        print("epoch", epoch, "cost", costs[-1])
return params, costs, train_acc, test_acc""",
}

# The typical bug of each graded function. Demos pair bugs of two different functions, each of which
# must lose its own points only: TensorFlow submissions take some 20 s each to grade. `model` runs the
# student's own initialize_parameters, forward_propagation and compute_cost (as the notebook says), so
# a bug that makes one of them crash inside the model costs the model's points too.
DRAW_ORDER = ("linear_function", 'X = tf.constant(np.random.randn(3, 1), name="X")\nW = tf.constant(np.random.randn(4, 3), name="W")',
              'W = tf.constant(np.random.randn(4, 3), name="W")\nX = tf.constant(np.random.randn(3, 1), name="X")')
NO_CAST = ("sigmoid", "z = tf.cast(z, tf.float32)\n", "")
DEPTH_6 = ("one_hot_matrix", "tf.one_hot(label, depth, axis=0), shape=[depth]", "tf.one_hot(label, 6, axis=0), shape=[6]")
RELU_MISSING = ("forward_propagation", "A1 = tf.keras.activations.relu(Z1)", "A1 = Z1")
NUMPY_ROUND_TRIP = ("forward_propagation", 'Z1 = tf.add(tf.matmul(parameters["W1"], X), parameters["b1"])',
                    'Z1 = tf.constant(np.dot(parameters["W1"].numpy(), np.asarray(X)) + parameters["b1"].numpy())')
SOFTMAX_BEFORE_LOSS = ("compute_cost", "tf.transpose(logits), from_logits=True",
                       "tf.nn.softmax(tf.transpose(logits)), from_logits=True")
LABELS_NOT_TRANSPOSED = ("compute_cost", "tf.transpose(labels), tf.transpose(logits)", "labels, tf.transpose(logits)")
NO_OPTIMIZER_STEP = ("model", "optimizer.apply_gradients(zip(gradients, variables))",
                     "del gradients  # the optimizer step is missing")


def with_bugs(*bugs, answers=CORRECT):
    """``answers`` with each ``(exercise, old, new)`` edit made."""
    for exercise, old, new in bugs:
        answers = with_edit(answers, exercise, old, new)
    return answers


DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(POINTS), about="the release as distributed"),
    Demo("draw-order-and-model-no-step", with_bugs(DRAW_ORDER, NO_OPTIMIZER_STEP),
         partial=frozenset({"linear_function", "model"}), about="W drawn before X; gradients never applied"),
    Demo("one-hot-depth-6-and-biases-constants", with_bugs(DEPTH_6, answers=biases_as_constants(CORRECT)),
         partial=frozenset({"one_hot_matrix", "initialize_parameters"}), zero=frozenset({"model"}),
         about="one-hot of a fixed depth 6, ignoring `depth`; biases created as constants, not variables, "
               "which the model's optimizer cannot update (it raises)"),
    Demo("relu-missing-and-softmax-before-loss", with_bugs(RELU_MISSING, SOFTMAX_BEFORE_LOSS),
         partial=frozenset({"forward_propagation", "compute_cost"}),
         about="no relu after the first LINEAR; softmax applied before a from-logits loss (the model that "
               "uses both keeps its points)"),
    Demo("numpy-round-trip-and-sigmoid-no-cast", with_bugs(NUMPY_ROUND_TRIP, NO_CAST),
         partial=frozenset({"forward_propagation", "sigmoid"}), zero=frozenset({"model"}),
         about="first layer computed in numpy, so no gradient reaches W1, b1 (and the model's compiled "
               "step cannot run it); no cast to float32"),
    Demo("labels-not-transposed", with_bugs(LABELS_NOT_TRANSPOSED),
         zero=frozenset({"compute_cost", "model"}),
         about="labels (6, m) against logits (m, 6): a shape error, in compute_cost and in the model that calls it"),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other operations and names"),
]

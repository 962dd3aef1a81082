"""Demo submissions of the TensorFlow signs assignment."""
from autograder.course.demo import Demo, Mistake, reference_answers
from autograder.course.tensorflow_signs import checks, reference

CORRECT = reference_answers(reference, checks.EXERCISES.points)


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

# The typical mistakes of each graded function, each with the sentence the hidden check names it with.
ADAM = "tf.keras.optimizers.Adam(learning_rate)"
MISTAKES = [
    Mistake("draw-order", "linear_function",
            (('X = tf.constant(np.random.randn(3, 1), name="X")\nW = tf.constant(np.random.randn(4, 3), name="W")',
              'W = tf.constant(np.random.randn(4, 3), name="W")\nX = tf.constant(np.random.randn(3, 1), name="X")'),),
            checks.DRAW_ORDER),
    Mistake("sigmoid-no-cast", "sigmoid", (("z = tf.cast(z, tf.float32)\n", ""),),
            checks.SIGMOID_NO_CAST),
    Mistake("one-hot-depth-6", "one_hot_matrix",
            (("tf.one_hot(label, depth, axis=0), shape=[depth]", "tf.one_hot(label, 6, axis=0), shape=[6]"),),
            checks.ONE_HOT_FIXED_DEPTH),
    Mistake("biases-as-constants", "initialize_parameters",
            tuple((f'tf.Variable(tf.zeros(({n}, 1)), name="b{l}")', f"tf.zeros(({n}, 1))")
                  for l, n in ((1, 25), (2, 12), (3, 6))),
            checks.NOT_VARIABLES),
    Mistake("weights-glorot-uniform", "initialize_parameters", (("GlorotNormal", "GlorotUniform"),),
            checks.WEIGHTS_NOT_GLOROT_NORMAL),
    Mistake("relu-missing", "forward_propagation", (("A1 = tf.keras.activations.relu(Z1)", "A1 = Z1"),),
            checks.RELU_MISSING_FIRST),
    Mistake("softmax-in-forward", "forward_propagation", (("return Z3", "return tf.nn.softmax(Z3, axis=0)"),),
            checks.SOFTMAX_IN_FORWARD),
    Mistake("numpy-round-trip", "forward_propagation",
            (('Z1 = tf.add(tf.matmul(parameters["W1"], X), parameters["b1"])',
              'Z1 = tf.constant(np.dot(parameters["W1"].numpy(), np.asarray(X)) + parameters["b1"].numpy())'),),
            checks.NUMPY_ROUND_TRIP),
    Mistake("softmax-before-loss", "compute_cost",
            (("tf.transpose(logits), from_logits=True", "tf.nn.softmax(tf.transpose(logits)), from_logits=True"),),
            checks.SOFTMAX_BEFORE_LOSS),
    Mistake("not-from-logits", "compute_cost", (("from_logits=True", "from_logits=False"),),
            checks.NOT_FROM_LOGITS),
    Mistake("cost-per-example", "compute_cost", (("tf.reduce_mean(tf.keras", "(tf.keras"),),
            checks.COST_PER_EXAMPLE),
    Mistake("labels-not-transposed", "compute_cost",
            (("tf.transpose(labels), tf.transpose(logits)", "labels, tf.transpose(logits)"),),
            checks.LABELS_NOT_TRANSPOSED),
    Mistake("no-optimizer-step", "model",
            (("optimizer.apply_gradients(zip(gradients, variables))", "del gradients  # the optimizer step is missing"),),
            checks.NO_OPTIMIZER_STEP),
    Mistake("sgd-instead-of-adam", "model", ((ADAM, "tf.keras.optimizers.SGD(learning_rate)"),),
            checks.NOT_ADAM),
    Mistake("learning-rate-ignored", "model", ((ADAM, "tf.keras.optimizers.Adam(0.0001)"),),
            checks.LEARNING_RATE_IGNORED),
    Mistake("not-shuffled", "model", ((".shuffle(m, seed=1)  # a new order every epoch\n", ""),),
            checks.NOT_SHUFFLED),
    Mistake("same-order-every-epoch", "model",
            ((".shuffle(m, seed=1)", ".shuffle(m, seed=1, reshuffle_each_iteration=False)"),),
            checks.SAME_ORDER_EVERY_EPOCH),
    Mistake("batches-shuffled", "model",
            ((".shuffle(m, seed=1)  # a new order every epoch\n               .batch(minibatch_size)",
              ".batch(minibatch_size)\n               .shuffle(m, seed=1)"),),
            checks.BATCHES_SHUFFLED),
    Mistake("shuffle-buffer-of-one-batch", "model", ((".shuffle(m, seed=1)", ".shuffle(minibatch_size, seed=1)"),),
            checks.SHUFFLE_BUFFER_OF_ONE_BATCH),
    Mistake("epoch-cost-plain-mean", "model",
            (("epoch_cost += float(cost) * minibatch_X.shape[0] / m",
              "epoch_cost += float(cost) / -(-m // minibatch_size)  # the plain mean of the mini-batch costs"),),
            checks.EPOCH_COST_PLAIN_MEAN),
    Mistake("epoch-cost-summed", "model",
            (("epoch_cost += float(cost) * minibatch_X.shape[0] / m", "epoch_cost += float(cost)"),),
            checks.EPOCH_COST_SUMMED),
    Mistake("epoch-cost-total-over-m", "model",
            (("epoch_cost += float(cost) * minibatch_X.shape[0] / m", "epoch_cost += float(cost) / m"),),
            checks.EPOCH_COST_TOTAL_OVER_M),
]
MISTAKE = {mistake.name: mistake for mistake in MISTAKES}
# Mistakes in a helper that cost the model's points too, since the model runs the student's helpers (as
# the notebook says): these make its training crash (all the model's points) ...
CRASH_THE_MODEL = frozenset({"biases-as-constants", "numpy-round-trip", "cost-per-example", "labels-not-transposed"})
# ... and this one makes it train on a cost that rises (clipped "probabilities": most examples give no
# gradient), which the model's cost criterion sees.
SPOIL_THE_MODEL = frozenset({"not-from-logits"})


def with_mistakes(*names):
    """The reference answers with each named mistake made (in different exercises)."""
    answers = CORRECT
    for name in names:
        answers = MISTAKE[name].answers(answers)
    return answers


# Demos pair mistakes of two different functions, each of which must lose its own points only:
# TensorFlow submissions take some 20 s each to grade through nbgrader.
DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(checks.EXERCISES.points), about="the release as distributed"),
    Demo("draw-order-and-model-no-step", with_mistakes("draw-order", "no-optimizer-step"),
         partial=frozenset({"linear_function", "model"}), about="W drawn before X; gradients never applied"),
    Demo("one-hot-depth-6-and-biases-constants", with_mistakes("one-hot-depth-6", "biases-as-constants"),
         partial=frozenset({"one_hot_matrix", "initialize_parameters"}), zero=frozenset({"model"}),
         about="one-hot of a fixed depth 6, ignoring `depth`; biases created as constants, not variables, "
               "which the model's optimizer cannot update (it raises)"),
    Demo("relu-missing-and-softmax-before-loss", with_mistakes("relu-missing", "softmax-before-loss"),
         partial=frozenset({"forward_propagation", "compute_cost"}),
         about="no relu after the first LINEAR; softmax applied before a from-logits loss (the model that "
               "uses both keeps its points)"),
    Demo("numpy-round-trip-and-sigmoid-no-cast", with_mistakes("numpy-round-trip", "sigmoid-no-cast"),
         partial=frozenset({"forward_propagation", "sigmoid"}), zero=frozenset({"model"}),
         about="first layer computed in numpy, so no gradient reaches W1, b1 (and the model's compiled "
               "step cannot run it); no cast to float32"),
    Demo("labels-not-transposed", with_mistakes("labels-not-transposed"),
         zero=frozenset({"compute_cost", "model"}),
         about="labels (6, m) against logits (m, 6): a shape error, in compute_cost and in the model that calls it"),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other operations and names"),
    # The model's ways of shuffling and averaging that break what the exercise states, one each.
    *(MISTAKE[name].demo(CORRECT) for name in ("same-order-every-epoch", "batches-shuffled",
                                               "shuffle-buffer-of-one-batch", "epoch-cost-plain-mean")),
]

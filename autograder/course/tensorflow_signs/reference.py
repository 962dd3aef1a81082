"""TensorFlow signs: the graded functions.

Notation: ``X`` is ``(n_x, m)`` float32 (one flattened picture per column), ``labels`` one-hot
``(6, m)``, ``W<l>`` is ``(n_l, n_{l-1})`` and ``b<l>`` is ``(n_l, 1)``, all ``tf.Variable``.
"""
import numpy as np
import tensorflow as tf

from dlcourse.metrics import accuracy


def linear_function():
    """``Y = W X + b`` as a tensor, with X (3, 1), W (4, 3), b (4, 1) drawn in that order after seed 1."""
    np.random.seed(1)
    X = tf.constant(np.random.randn(3, 1), name="X")
    W = tf.constant(np.random.randn(4, 3), name="W")
    b = tf.constant(np.random.randn(4, 1), name="b")
    Y = tf.add(tf.matmul(W, X), b)
    return Y


def sigmoid(z):
    """Elementwise sigmoid of ``z`` (any numeric type) as a float32 tensor."""
    z = tf.cast(z, tf.float32)
    a = tf.keras.activations.sigmoid(z)
    return a


def one_hot_matrix(label, depth=6):
    """One-hot column of an integer ``label``, shape ``(depth,)``, float32."""
    one_hot = tf.reshape(tf.one_hot(label, depth, axis=0), shape=[depth])
    return one_hot


def initialize_parameters():
    """W1 (25, 12288), W2 (12, 25), W3 (6, 12) from GlorotNormal(seed=1), zero biases, as tf.Variable."""
    initializer = tf.keras.initializers.GlorotNormal(seed=1)
    W1 = tf.Variable(initializer(shape=(25, 12288)), name="W1")
    b1 = tf.Variable(tf.zeros((25, 1)), name="b1")
    W2 = tf.Variable(initializer(shape=(12, 25)), name="W2")
    b2 = tf.Variable(tf.zeros((12, 1)), name="b2")
    W3 = tf.Variable(initializer(shape=(6, 12)), name="W3")
    b3 = tf.Variable(tf.zeros((6, 1)), name="b3")
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    return parameters


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR: logits Z3 of shape (6, m) for X (n_x, m)."""
    Z1 = tf.add(tf.matmul(parameters["W1"], X), parameters["b1"])
    A1 = tf.keras.activations.relu(Z1)
    Z2 = tf.add(tf.matmul(parameters["W2"], A1), parameters["b2"])
    A2 = tf.keras.activations.relu(Z2)
    Z3 = tf.add(tf.matmul(parameters["W3"], A2), parameters["b3"])
    return Z3


def compute_cost(logits, labels):
    """Mean over the m examples of the categorical cross-entropy of ``logits`` (6, m) and one-hot ``labels`` (6, m)."""
    cost = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(
        tf.transpose(labels), tf.transpose(logits), from_logits=True))
    return cost


def model(X_train, Y_train, X_test, Y_test, learning_rate=0.0001, num_epochs=1500, minibatch_size=32,
          print_cost=True):
    """Train the [12288, 25, 12, 6] network with Adam on shuffled mini-batches of ``tf.data``.

    X_train: (12288, m) float32, Y_train: one-hot (6, m); X_test, Y_test likewise.
    Returns ``(parameters, costs, train_acc, test_acc)``: the trained variables, then per epoch the
    mean cost over the training set and the train and test accuracies.
    """
    X_train, Y_train, X_test, Y_test = (tf.convert_to_tensor(data, dtype=tf.float32)
                                        for data in (X_train, Y_train, X_test, Y_test))
    parameters = initialize_parameters()
    variables = [parameters[key] for key in ("W1", "b1", "W2", "b2", "W3", "b3")]
    optimizer = tf.keras.optimizers.Adam(learning_rate)
    m = X_train.shape[1]
    minibatches = (tf.data.Dataset.from_tensor_slices((tf.transpose(X_train), tf.transpose(Y_train)))
                   .shuffle(m, seed=1)  # a new order every epoch
                   .batch(minibatch_size)
                   .prefetch(8))

    @tf.function(reduce_retracing=True)
    def train_step(X, Y):
        with tf.GradientTape() as tape:
            cost = compute_cost(forward_propagation(X, parameters), Y)
        gradients = tape.gradient(cost, variables)
        optimizer.apply_gradients(zip(gradients, variables))
        return cost

    costs, train_acc, test_acc = [], [], []
    for epoch in range(num_epochs):
        epoch_cost = 0.0
        for minibatch_X, minibatch_Y in minibatches:
            cost = train_step(tf.transpose(minibatch_X), tf.transpose(minibatch_Y))
            epoch_cost += float(cost) * minibatch_X.shape[0] / m  # examples in rows, as tf.data gives them
        costs.append(epoch_cost)
        train_acc.append(accuracy(forward_propagation(X_train, parameters), Y_train))
        test_acc.append(accuracy(forward_propagation(X_test, parameters), Y_test))
        if print_cost and (epoch % 10 == 0 or epoch == num_epochs - 1):
            print(f"Cost after epoch {epoch}: {epoch_cost:.6f}   train accuracy {train_acc[-1]:.3f}   "
                  f"test accuracy {test_acc[-1]:.3f}")
    return parameters, costs, train_acc, test_acc

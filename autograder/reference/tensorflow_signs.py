"""TensorFlow signs: the graded functions.

Notation: ``X`` is ``(n_x, m)`` float32 (one flattened picture per column), ``labels`` one-hot
``(6, m)``, ``W<l>`` is ``(n_l, n_{l-1})`` and ``b<l>`` is ``(n_l, 1)``, all ``tf.Variable``.
"""
import numpy as np
import tensorflow as tf


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
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = tf.add(tf.matmul(W1, X), b1)
    A1 = tf.keras.activations.relu(Z1)
    Z2 = tf.add(tf.matmul(W2, A1), b2)
    A2 = tf.keras.activations.relu(Z2)
    Z3 = tf.add(tf.matmul(W3, A2), b3)
    return Z3


def compute_cost(logits, labels):
    """Mean over the m examples of the categorical cross-entropy of ``logits`` (6, m) and one-hot ``labels`` (6, m)."""
    cost = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(
        tf.transpose(labels), tf.transpose(logits), from_logits=True))
    return cost

"""The fraud-detection network of the gradient-checking assignment, as a colleague handed it over.

LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, for any layer sizes (the notebook uses
``[4, 5, 3, 1]``). ``forward_propagation_n`` is the course's three-layer network plus its cost.
``backward_propagation_n`` is written out line by line so that it can be read, and it is NOT
correct: it is the code whose mistakes a gradient check has to expose. Do not use it to train.
"""
import numpy as np

from dlcourse.gradient_check import COURSE_SHAPES
from dlcourse.three_layer_net import compute_cost, forward_propagation


def forward_propagation_n(X, Y, parameters):
    """Forward pass and cost.

    Inputs:
        X: (n_x, m); Y: (1, m) labels 0/1; parameters: dict with W1 (n_1, n_x), b1 (n_1, 1),
        W2 (n_2, n_1), b2 (n_2, 1), W3 (1, n_2), b3 (1, 1)
    Returns:
        cost: float, the mean cross-entropy;
        cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    A3, cache = forward_propagation(X, parameters)
    return compute_cost(A3, Y), cache


def backward_propagation_n(X, Y, cache):
    """Gradients of the cost of ``forward_propagation_n`` (as handed over: check them before use).

    Inputs:
        X: (n_x, m); Y: (1, m); cache from ``forward_propagation_n``
    Returns:
        gradients: dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) * 2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 4.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def gradient_check_n_test_case():
    """The course's example: 3 payments with 4 features each and a ``[4, 5, 3, 1]`` network.

    ``np.random.seed(1)``, then ``randn`` draws X (4, 3), W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1),
    W3 (1, 3), b3 (1, 1) in that order (``COURSE_SHAPES``); Y is ``[[1, 1, 0]]``.

    Returns:
        X: (4, 3); Y: (1, 3); parameters: dict W1, b1, W2, b2, W3, b3 (47 numbers in all)
    """
    np.random.seed(1)
    X = np.random.randn(4, 3)
    Y = np.array([[1, 1, 0]])
    parameters = {key: np.random.randn(*shape) for key, shape in COURSE_SHAPES}
    return X, Y, parameters

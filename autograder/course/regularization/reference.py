"""Regularization: the L2 cost and backward pass, the dropout forward and backward passes.

The network is ``dlcourse.three_layer_net``'s LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.
Plain cache: ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``; dropout cache:
``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``. The bodies run in the notebook's
namespace, which imports ``np``, ``relu``, ``sigmoid``, ``compute_cost`` and ``backward_propagation``.
"""
import numpy as np

from dlcourse.three_layer_net import backward_propagation, compute_cost, relu, sigmoid


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    cross_entropy_cost = compute_cost(A3, Y)
    squared_weights = sum(np.sum(np.square(parameters["W" + str(l)])) for l in (1, 2, 3))
    L2_regularization_cost = lambd / (2 * m) * squared_weights
    return cross_entropy_cost + L2_regularization_cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    grads = backward_propagation(X, Y, cache)
    grads["dW1"] = grads["dW1"] + lambd / m * W1
    grads["dW2"] = grads["dW2"] + lambd / m * W2
    grads["dW3"] = grads["dW3"] + lambd / m * W3
    return grads


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    W1, b1, W2, b2, W3, b3 = (parameters[key] for key in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    D1 = (np.random.rand(*A1.shape) < keep_prob).astype(int)
    A1 = A1 * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    D2 = (np.random.rand(*A2.shape) < keep_prob).astype(int)
    A2 = A2 * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    dZ3 = (A3 - Y) / m
    dW3 = dZ3 @ A2.T
    db3 = np.sum(dZ3, axis=1, keepdims=True)
    dA2 = W3.T @ dZ3
    dA2 = dA2 * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dA1 = W2.T @ dZ2
    dA1 = dA1 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3,
            "dZ1": dZ1, "dA1": dA1, "dZ2": dZ2, "dA2": dA2, "dZ3": dZ3}

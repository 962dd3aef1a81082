"""The network the numpy notebooks train: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

Notation: ``X`` is ``(n_x, m)``, ``Y`` is ``(1, m)``, ``W<l>`` is ``(n_l, n_{l-1})``, ``b<l>`` is
``(n_l, 1)``. The forward pass returns ``(A3, cache)`` with
``cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``; the backward pass takes that cache.
"""
import numpy as np

from dlcourse.metrics import accuracy  # noqa: F401  (the notebooks import it from here too)


def sigmoid(Z):
    """Elementwise logistic function, computed without overflow for large ``|Z|``."""
    return np.exp(-np.logaddexp(0.0, -Z))


def relu(Z):
    """Elementwise ``max(0, Z)``."""
    return np.maximum(0, Z)


def initialize_parameters(layers_dims, weight_scale, seed=3):
    """Seeded random weights and zero biases, for notebooks whose exercise is not initialization.

    Inputs:
        layers_dims: [n_x, n_1, ..., n_L]; weight_scale: function of the fan-in ``n_prev`` giving the
        factor of ``randn(n_l, n_prev)``; seed: ``np.random.seed`` called once, before layer 1
    Returns:
        parameters: dict with W<l> (n_l, n_{l-1}) and zero b<l> (n_l, 1)
    """
    np.random.seed(seed)
    parameters = {}
    for l, (n_prev, n_l) in enumerate(zip(layers_dims[:-1], layers_dims[1:]), start=1):
        parameters["W" + str(l)] = np.random.randn(n_l, n_prev) * weight_scale(n_prev)
        parameters["b" + str(l)] = np.zeros((n_l, 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass.

    Inputs:
        X: (n_x, m); parameters: dict with W1 (n_1, n_x), b1 (n_1, 1), ..., W3 (1, n_2), b3 (1, 1)
    Returns:
        A3: (1, m) probabilities; cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation(X, Y, cache):
    """Gradients of the mean cross-entropy cost.

    Inputs:
        X: (n_x, m); Y: (1, m); cache from ``forward_propagation``
    Returns:
        grads: dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 (shapes of their arrays)
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = (A3 - Y) / m
    dW3 = dZ3 @ A2.T
    db3 = dZ3.sum(axis=1, keepdims=True)
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T
    db1 = dZ1.sum(axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def compute_cost(A3, Y):
    """Mean cross-entropy ``J = -(1/m) * sum(y*log(a) + (1-y)*log(1-a))``.

    A prediction of exactly 0 or 1 on the wrong label costs ``inf`` (as it does in the maths);
    numpy's divide-by-zero warning for it is silenced.
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore"):
        losses = -np.log(np.where(Y == 1, A3, 1 - A3))  # one log per example: it is most of the cost
    return float(losses.sum() / m)


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: ``W<l> -= learning_rate * dW<l>``, same for ``b<l>``."""
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def train(X, Y, parameters, learning_rate, num_iterations, print_cost=True,
          forward=forward_propagation, backward=backward_propagation, cost=compute_cost,
          parameter_cost=None):
    """Batch gradient descent.

    Inputs:
        X: (n_x, m); Y: (1, m); parameters: initial dict; ``forward``/``backward``/``cost`` follow the
        contracts of this module (so other notebooks can pass their own variants);
        ``parameter_cost``, if given, replaces ``cost`` by a function of ``(A3, Y, parameters)`` (a
        regularized cost needs the weights), called with the parameters that produced ``A3``.
    Returns:
        parameters: trained dict; costs: list of the cost every 100 iterations
    """
    costs = []
    for i in range(num_iterations):
        A3, cache = forward(X, parameters)
        if i % 100 == 0:
            costs.append(cost(A3, Y) if parameter_cost is None else parameter_cost(A3, Y, parameters))
            if print_cost and i % 1000 == 0:
                print(f"Cost after iteration {i}: {costs[-1]}")
        grads = backward(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def predict_dec(parameters, X):
    """0/1 predictions ``(1, m)`` for the decision-boundary plots (threshold 0.5)."""
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(int)


def predict(X, Y, parameters, verbose=True):
    """0/1 predictions of shape ``(1, m)``; prints the accuracy on ``Y`` unless ``verbose=False``."""
    predictions = predict_dec(parameters, X)
    if verbose:
        print(f"Accuracy: {accuracy(predictions, Y)}")
    return predictions


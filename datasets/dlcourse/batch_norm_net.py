"""A deep network with optional batch normalization, for the Batch normalization notebook.

``layers_dims = [n_x, n_1, ..., n_{L-1}, 1]``: hidden layers LINEAR -> (BATCHNORM) -> RELU, output
LINEAR -> SIGMOID, cost the mean binary cross-entropy. Without batch normalization a hidden layer
has ``W<l>`` ``(n_l, n_{l-1})`` and ``b<l>`` ``(n_l, 1)``; with it, ``W<l>``, ``gamma<l>`` and
``beta<l>`` ``(n_l, 1)`` (no bias: ``beta<l>`` takes its place) and a ``bn_param`` dict of its own.
The output layer always has ``W<L>`` and ``b<L>``.

The batch-normalization step itself is not here: ``forward`` and ``backward`` take it as arguments,
``batchnorm = (batchnorm_forward, batchnorm_backward)``, the notebook's functions, under the contract
``batchnorm_forward(Z, gamma, beta, bn_param) -> (Z_tilde, cache)`` and
``batchnorm_backward(dZ_tilde, cache) -> (dZ, dgamma, dbeta)``.

Training is mini-batch gradient descent with momentum (the course's ``beta``, 0.9 by default):
``v = beta * v + (1 - beta) * grad``, ``parameter -= learning_rate * v``.
"""
import numpy as np

BN_EPS = 1e-5
BN_MOMENTUM = 0.9


def initialize_parameters(layers_dims, batch_norm, seed):
    """He-initialized weights (``randn * sqrt(2 / n_prev)``, ``np.random.default_rng(seed)``).

    Returns:
        parameters: dict (see the module docstring); bn_params: list of L - 1 dicts (mode "train",
        ``eps``, ``momentum``, ``running_mean`` zeros and ``running_var`` ones, ``(n_l, 1)``), or [].
    """
    rng = np.random.default_rng(seed)
    L = len(layers_dims) - 1
    parameters, bn_params = {}, []
    for l in range(1, L + 1):
        n_l, n_prev = layers_dims[l], layers_dims[l - 1]
        parameters["W" + str(l)] = rng.standard_normal((n_l, n_prev)) * np.sqrt(2 / n_prev)
        if batch_norm and l < L:
            parameters["gamma" + str(l)] = np.ones((n_l, 1))
            parameters["beta" + str(l)] = np.zeros((n_l, 1))
            bn_params.append({"mode": "train", "eps": BN_EPS, "momentum": BN_MOMENTUM,
                              "running_mean": np.zeros((n_l, 1)), "running_var": np.ones((n_l, 1))})
        else:
            parameters["b" + str(l)] = np.zeros((n_l, 1))
    return parameters, bn_params


def depth(parameters):
    return sum(1 for key in parameters if key.startswith("W"))


def forward(X, parameters, bn_params, batchnorm=None, mode="train"):
    """Forward pass; ``mode`` is written into every ``bn_param``.

    Inputs:
        X: (n_x, m); parameters, bn_params: from ``initialize_parameters``; batchnorm: the pair of
        functions (needed when bn_params is not empty)
    Returns:
        ZL: (1, m) the output layer's linear part (the logits); caches: list of L tuples
    """
    L = depth(parameters)
    A, caches = X, []
    for l in range(1, L + 1):
        W = parameters["W" + str(l)]
        Z = W @ A
        if l < L and bn_params:
            bn_param = bn_params[l - 1]
            bn_param["mode"] = mode
            Z_tilde, bn_cache = batchnorm[0](Z, parameters["gamma" + str(l)], parameters["beta" + str(l)], bn_param)
        else:
            Z_tilde, bn_cache = Z + parameters["b" + str(l)], None
        caches.append((A, W, bn_cache, Z_tilde))
        A = np.maximum(0, Z_tilde) if l < L else Z_tilde
    return A, caches


def sigmoid(Z):
    return np.exp(-np.logaddexp(0.0, -Z))


def compute_cost(ZL, Y):
    """Mean binary cross-entropy of the logits ``ZL`` (1, m) against ``Y`` (1, m), computed without
    overflow: ``log(1 + exp(-z))`` for a 1, ``log(1 + exp(z))`` for a 0. NaN logits give ``inf``."""
    losses = np.where(Y == 1, np.logaddexp(0.0, -ZL), np.logaddexp(0.0, ZL))
    cost = float(np.mean(losses))
    return cost if np.isfinite(cost) else float("inf")


def backward(ZL, Y, caches, batchnorm=None):
    """Gradients of ``compute_cost``: dict with ``dW<l>``, ``db<l>`` or ``dgamma<l>``/``dbeta<l>``."""
    m = Y.shape[1]
    L = len(caches)
    grads = {}
    dZ_tilde = (sigmoid(ZL) - Y) / m
    for l in range(L, 0, -1):
        A_prev, W, bn_cache, Z_tilde = caches[l - 1]
        if l < L:
            dZ_tilde = dZ_tilde * (Z_tilde > 0)
        if bn_cache is not None:
            dZ, grads["dgamma" + str(l)], grads["dbeta" + str(l)] = batchnorm[1](dZ_tilde, bn_cache)
        else:
            dZ, grads["db" + str(l)] = dZ_tilde, np.sum(dZ_tilde, axis=1, keepdims=True)
        grads["dW" + str(l)] = dZ @ A_prev.T
        dZ_tilde = W.T @ dZ
    return grads


def mini_batches(m, mini_batch_size, rng):
    """Column indices of the shuffled mini-batches of one epoch (the last one may be smaller)."""
    order = rng.permutation(m)
    return [order[k:k + mini_batch_size] for k in range(0, m, mini_batch_size)]


def train(X, Y, layers_dims, learning_rate, beta=0.9, num_epochs=100, mini_batch_size=64, seed=0,
          batchnorm=None):
    """Mini-batch gradient descent with momentum; with ``batchnorm`` (the pair of functions) every
    hidden layer is batch-normalized.

    Inputs:
        X: (n_x, m); Y: (1, m); seed: initialization and shuffles
    Returns:
        parameters, bn_params (their running averages, for test mode), costs: list of the epoch's
        mean cost of the mini-batches, one per epoch (``inf`` once training has diverged)
    """
    parameters, bn_params = initialize_parameters(layers_dims, batchnorm is not None, seed)
    v = {key: np.zeros_like(value) for key, value in parameters.items()}
    rng = np.random.default_rng(seed + 1)
    costs = []
    with np.errstate(all="ignore"):
        for _ in range(num_epochs):
            total = 0.0
            for columns in mini_batches(X.shape[1], mini_batch_size, rng):
                ZL, caches = forward(X[:, columns], parameters, bn_params, batchnorm)
                total += compute_cost(ZL, Y[:, columns]) * len(columns)
                grads = backward(ZL, Y[:, columns], caches, batchnorm)
                for key in parameters:
                    v[key] = beta * v[key] + (1 - beta) * grads["d" + key]
                    parameters[key] = parameters[key] - learning_rate * v[key]
            costs.append(total / X.shape[1] if np.isfinite(total) else float("inf"))
            if not np.isfinite(total):
                costs += [float("inf")] * (num_epochs - len(costs))
                break
    return parameters, bn_params, costs


def predict(X, parameters, bn_params, batchnorm=None):
    """0/1 predictions (1, m), batch normalization in test mode (its running averages)."""
    ZL, _ = forward(X, parameters, bn_params, batchnorm, mode="test")
    return (ZL > 0).astype(int)

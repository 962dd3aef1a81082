"""Gradient checking: centered differences compared with a backward pass.

One module for the notebooks, the reference code and the tests. Parameters travel as dicts
(``{"W1": (n_1, n_x), "b1": (n_1, 1), ...}``); ``dict_to_vector`` flattens them in a fixed key
order and ``vector_to_dict`` rebuilds them from the shapes, so no slice is ever hard-coded.
"""
import numpy as np

THRESHOLD = 2e-7  # one threshold for every gradient check in the course


def relative_error(grad, gradapprox):
    """``||grad - gradapprox|| / (||grad|| + ||gradapprox||)`` as a float (0 when both are 0)."""
    grad, gradapprox = np.asarray(grad, dtype=float), np.asarray(gradapprox, dtype=float)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(grad - gradapprox) / denominator)


def parameter_shapes(parameters, keys=None):
    """``[(key, shape), ...]`` in the order used for flattening (``keys`` or the dict's order)."""
    keys = list(parameters) if keys is None else keys
    return [(key, np.shape(parameters[key])) for key in keys]


def dict_to_vector(arrays, keys=None):
    """Concatenate the arrays of a dict into one column vector ``(n, 1)``."""
    keys = list(arrays) if keys is None else keys
    return np.concatenate([np.reshape(arrays[key], (-1, 1)) for key in keys])


def vector_to_dict(vector, shapes):
    """Rebuild a dict from a ``(n, 1)`` vector and ``[(key, shape), ...]`` (from ``parameter_shapes``)."""
    vector = np.reshape(vector, -1)
    sizes = [int(np.prod(shape)) for _, shape in shapes]
    if sum(sizes) != vector.size:
        raise ValueError(f"vector has {vector.size} entries, the shapes need {sum(sizes)}")
    pieces = np.split(vector, np.cumsum(sizes)[:-1])
    return {key: piece.reshape(shape) for (key, shape), piece in zip(shapes, pieces)}


def numerical_gradient(cost_of_vector, theta, epsilon=1e-7):
    """Centered differences ``(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)`` for every i.

    Inputs:
        cost_of_vector: function of a ``(n, 1)`` vector returning a scalar cost; theta: (n, 1)
    Returns:
        gradapprox: (n, 1)
    """
    theta = np.asarray(theta, dtype=float).reshape(-1, 1)
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i, 0] += epsilon
        minus[i, 0] -= epsilon
        gradapprox[i, 0] = (cost_of_vector(plus) - cost_of_vector(minus)) / (2 * epsilon)
    return gradapprox


def check_parameter_gradients(cost_of_parameters, parameters, grads, epsilon=1e-7):
    """Relative error between ``grads`` (keys ``"d" + key``) and centered differences of a cost.

    Inputs:
        cost_of_parameters: function of a parameter dict returning a scalar cost
        parameters: dict of arrays; grads: dict holding ``"dW1"``, ``"db1"``, ... for each key
    Returns:
        the relative error (float); below ``THRESHOLD`` means the gradients agree
    """
    shapes = parameter_shapes(parameters)
    theta = dict_to_vector(parameters)
    grad = dict_to_vector({key: grads["d" + key] for key, _ in shapes})
    gradapprox = numerical_gradient(lambda v: cost_of_parameters(vector_to_dict(v, shapes)), theta, epsilon)
    return relative_error(grad, gradapprox)

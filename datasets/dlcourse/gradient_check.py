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
    J_plus, J_minus = perturbed_costs(cost_of_vector, theta, epsilon)
    return (J_plus - J_minus) / (2 * epsilon)


def perturbed_costs(cost_of_vector, theta, epsilon=1e-7):
    """The costs ``J(theta + eps e_i)`` and ``J(theta - eps e_i)`` for every component i.

    Inputs:
        cost_of_vector: function of a ``(n, 1)`` vector returning a scalar cost; theta: (n, 1)
    Returns:
        J_plus: (n, 1); J_minus: (n, 1)
    """
    theta = np.asarray(theta, dtype=float).reshape(-1, 1)
    J_plus, J_minus = np.zeros_like(theta), np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i, 0] += epsilon
        minus[i, 0] -= epsilon
        J_plus[i, 0], J_minus[i, 0] = cost_of_vector(plus), cost_of_vector(minus)
    return J_plus, J_minus


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


def grads_to_vector(grads, shapes):
    """Flatten ``grads["d" + key]`` in the order of ``shapes`` (from ``parameter_shapes``) to ``(n, 1)``.

    The gradient of component i of ``dict_to_vector(parameters)`` is then component i of this vector.
    """
    return dict_to_vector({key: grads["d" + key] for key, _ in shapes})


def component_errors(grad, gradapprox):
    """Each component's share of ``relative_error``: ``|grad_i - gradapprox_i| / (||grad|| + ||gradapprox||)``.

    The Euclidean norm of the result is ``relative_error(grad, gradapprox)``, so the largest entries
    point at the components that make a gradient check fail. (Dividing each component by its own
    size instead would blow rounding noise up wherever a gradient is close to 0.)

    Inputs:
        grad, gradapprox: arrays of one shape, for example (n, 1)
    Returns:
        errors: (n,) non-negative floats (all 0 when both vectors are 0)
    """
    grad = np.asarray(grad, dtype=float).ravel()
    gradapprox = np.asarray(gradapprox, dtype=float).ravel()
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    if denominator == 0:
        return np.zeros_like(grad)
    return np.abs(grad - gradapprox) / denominator


def component_labels(shapes):
    """Names of the components of a flattened dict, ``["W1[0,0]", ..., "b3[0,0]"]``, in vector order."""
    return [f"{key}[{','.join(map(str, index))}]" for key, shape in shapes for index in np.ndindex(*shape)]


def verdict(difference, threshold=THRESHOLD):
    """One line saying whether a gradient check with this ``difference`` passes (``< threshold``)."""
    if difference < threshold:
        return f"The backward pass agrees with the numerical gradient: difference = {difference:.3g} < {threshold:g}"
    return f"There is a mistake in the backward pass: difference = {difference:.3g} >= {threshold:g}"

"""Gradient checking: centered differences compared with a backward pass.

One module for the notebooks, the reference code and the tests. Parameters travel as dicts
(``{"W1": (n_1, n_x), "b1": (n_1, 1), ...}``); ``dict_to_vector`` flattens them in a fixed key
order and ``vector_to_dict`` rebuilds them from the shapes, so no slice is ever hard-coded.

The published course's own helpers are here too, under its names and calling conventions, so that code
written to the course runs unchanged: ``dictionary_to_vector(parameters)`` -> ``(theta, keys)``,
``vector_to_dictionary(theta)`` and ``gradients_to_vector(gradients)``, in the course's key order
W1, b1, W2, b2, ... . ``vector_to_dictionary`` cannot read shapes from a vector: like the course's,
it rebuilds the course's ``[4, 5, 3, 1]`` network (``COURSE_SHAPES``) unless given other ``shapes``.
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


def as_difference(difference):
    """The float inside ``difference`` if it holds one number, else None."""
    if isinstance(difference, (str, bytes)) or np.size(difference) != 1:
        return None
    try:
        return float(np.asarray(difference, dtype=float).ravel()[0])
    except (TypeError, ValueError):
        return None


def agrees(difference, expected, threshold=THRESHOLD):
    """Does ``difference``, from a gradient check you wrote, match ``expected``, the same check made with
    this module's helpers (``check_parameter_gradients``), up to rounding?"""
    value = as_difference(difference)
    return value is not None and bool(np.isclose(value, expected, rtol=1e-3, atol=threshold / 10))


def checked_verdict(difference, expected, threshold=THRESHOLD):
    """``verdict(difference)`` if ``difference`` ``agrees`` with ``expected``; otherwise a line saying that the
    gradient check itself is wrong, which tells nothing yet about the backward pass."""
    if agrees(difference, expected, threshold):
        return verdict(as_difference(difference), threshold)
    value = as_difference(difference)
    returned = f"{value:.3g}" if value is not None else f"{type(difference).__name__} {np.shape(difference)}"
    return (f"Your gradient check returned {returned}, but the same check made with the course's helpers gives "
            f"{expected:.3g}: the mistake is in your check, so it tells nothing yet about the backward pass. "
            "Fix your check first.")


# --------------------------------------------------------------------------- the course's names

# The course's network, layers_dims = [4, 5, 3, 1] (47 parameters): the gradient-checking notebook's.
COURSE_SHAPES = (("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)),
                 ("W3", (1, 3)), ("b3", (1, 1)))


def course_keys(arrays, prefix=""):
    """``[prefix + "W1", prefix + "b1", ..., prefix + "bL"]`` for the L weights ``arrays`` holds."""
    layers = sum(1 for key in arrays if key.startswith(prefix + "W"))
    return [f"{prefix}{name}{l}" for l in range(1, layers + 1) for name in ("W", "b")]


def dictionary_to_vector(parameters):
    """The course's helper: the parameters in one column vector, W1, b1, W2, b2, ... in this order.

    Returns:
        theta: (n, 1); keys: list of n names, the parameter each row of theta comes from
    """
    keys = course_keys(parameters)
    return dict_to_vector(parameters, keys), [key for key in keys for _ in range(np.size(parameters[key]))]


def vector_to_dictionary(theta, shapes=COURSE_SHAPES):
    """The course's helper: the parameter dict from theta (n, 1), the inverse of ``dictionary_to_vector``.

    ``shapes`` (``[(key, shape), ...]``) default to the course's ``[4, 5, 3, 1]`` network, W1 (5, 4)
    to b3 (1, 1); for another network pass ``parameter_shapes(parameters)``.
    """
    try:
        return vector_to_dict(theta, shapes)
    except ValueError as error:
        raise ValueError(f"{error}; vector_to_dictionary(theta) rebuilds the [4, 5, 3, 1] network unless given "
                         "shapes=parameter_shapes(parameters)") from None


def gradients_to_vector(gradients):
    """The course's helper: dW1, db1, dW2, db2, ... of ``gradients`` in one column vector (n, 1), row i
    the derivative with respect to row i of ``dictionary_to_vector(parameters)[0]`` (dZ1, dA1, ... are ignored)."""
    return dict_to_vector(gradients, course_keys(gradients, "d"))

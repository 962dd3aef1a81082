"""Gradient checking: the graded functions and the fix of the planted bugs.

The 1-D case is ``J(theta) = theta * x``. The N-D case checks the ``gradients`` of the fraud-detection
network (``dlcourse.fraud_network``) against centered differences of ``forward_propagation_n``.
Both checks return ``||grad - gradapprox|| / (||grad|| + ||gradapprox||)`` as one number.
``course build`` writes these bodies into the notebook, so they use only the names it has: its own
``forward_propagation`` and ``backward_propagation``, and the helpers of its ``imports`` cell.
"""
import numpy as np

from dlcourse.fraud_network import forward_propagation_n
from dlcourse.gradient_check import dict_to_vector, grads_to_vector, parameter_shapes, vector_to_dict, verdict


def forward_propagation(x, theta):
    J = theta * x
    return J


def backward_propagation(x, theta):
    dtheta = x
    return dtheta


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)

    grad = backward_propagation(x, theta)

    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    if print_msg:
        print(verdict(difference))
    return difference


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, shapes = dict_to_vector(parameters), parameter_shapes(parameters)
    grad = grads_to_vector(gradients, shapes)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] += epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dict(theta_plus, shapes))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] -= epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dict(theta_minus, shapes))
    gradapprox = (J_plus - J_minus) / (2 * epsilon)

    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    if print_msg:
        print(verdict(difference))
    return difference


def backward_propagation_n_fixed(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)  # fixed: without the factor 2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)  # fixed: 1/m, not 4/m

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}

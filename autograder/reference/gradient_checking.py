"""Gradient checking: the graded functions and the fix of the planted bugs.

The 1-D case is ``J(theta) = theta * x``. The N-D case checks the ``gradients`` of the fraud-detection
network (``dlcourse.fraud_network``) against centered differences of ``forward_propagation_n``.
Both checks return ``||grad - gradapprox|| / (||grad|| + ||gradapprox||)`` as one number.
"""
import numpy as np

from dlcourse import three_layer_net
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
    # The two planted bugs fixed (dW2 without the factor 2, db1 with 1/m instead of 4/m) give the
    # gradients of the course's three-layer network.
    return three_layer_net.backward_propagation(X, Y, cache)

"""The shared gradient-check helper (dlcourse.gradient_check), and the backward passes it vouches for."""
import numpy as np
import pytest

from dlcourse import three_layer_net
from dlcourse.data import load_circles
from dlcourse.fraud_network import gradient_check_n_test_case
from dlcourse.gradient_check import (COURSE_SHAPES, THRESHOLD, agrees, check_parameter_gradients, checked_verdict,
                                     component_errors, component_labels, dict_to_vector, dictionary_to_vector,
                                     gradients_to_vector, grads_to_vector, numerical_gradient, parameter_shapes,
                                     perturbed_costs, relative_error, vector_to_dict, vector_to_dictionary, verdict)
from autograder.course.initialization.reference import initialize_parameters_he


def small_parameters():
    rng = np.random.default_rng(0)
    return {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=(3, 1)), "W2": rng.normal(size=(1, 3)),
            "b2": rng.normal(size=(1, 1))}


def test_does_vector_to_dict_undo_dict_to_vector_from_the_shapes_alone():
    parameters = small_parameters()
    shapes = parameter_shapes(parameters)
    theta = dict_to_vector(parameters)
    assert theta.shape == (13, 1)
    rebuilt = vector_to_dict(theta, shapes)
    assert list(rebuilt) == list(parameters)
    for key, value in parameters.items():
        np.testing.assert_array_equal(rebuilt[key], value)


def test_does_vector_to_dict_refuse_a_vector_of_the_wrong_length():
    with pytest.raises(ValueError, match="12 entries"):
        vector_to_dict(np.zeros((12, 1)), parameter_shapes(small_parameters()))


def test_does_grads_to_vector_follow_the_parameters_order_whatever_the_gradients_order():
    parameters = small_parameters()
    grads = {"d" + key: value + 100 for key, value in reversed(list(parameters.items()))}
    grads["dZ1"] = np.ones((3, 5))  # ignored
    vector = grads_to_vector(grads, parameter_shapes(parameters))
    np.testing.assert_array_equal(vector, dict_to_vector(parameters) + 100)


def test_is_relative_error_zero_for_equal_vectors_one_for_opposite_and_a_float():
    grad = np.array([[1.0], [-2.0]])
    assert relative_error(grad, grad) == 0.0
    assert relative_error(grad, -grad) == pytest.approx(1.0)
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert isinstance(relative_error(grad, 2 * grad), float)
    assert relative_error(grad, 2 * grad) == pytest.approx(1 / 3)


def test_are_centered_differences_exact_for_a_quadratic():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    theta = np.array([[0.5], [-1.0]])
    gradapprox = numerical_gradient(lambda v: (v.T @ A @ v).item() / 2, theta, epsilon=1e-3)
    np.testing.assert_allclose(gradapprox, A @ theta, atol=1e-9)
    J_plus, J_minus = perturbed_costs(lambda v: float(v.sum()), theta, epsilon=0.5)
    np.testing.assert_allclose(J_plus - J_minus, np.ones((2, 1)))


def test_do_component_errors_add_up_in_norm_to_the_relative_error():
    rng = np.random.default_rng(1)
    grad, gradapprox = rng.normal(size=(7, 1)), rng.normal(size=(7, 1))
    errors = component_errors(grad, gradapprox)
    assert errors.shape == (7,)
    assert np.linalg.norm(errors) == pytest.approx(relative_error(grad, gradapprox))
    assert not component_errors(np.zeros(3), np.zeros(3)).any()


def test_do_component_labels_name_every_component_in_vector_order():
    labels = component_labels(parameter_shapes(small_parameters()))
    assert len(labels) == 13
    assert labels[:2] == ["W1[0,0]", "W1[0,1]"] and labels[-1] == "b2[0,0]"


def test_does_verdict_compare_with_the_one_threshold():
    assert THRESHOLD == 2e-7
    assert verdict(1e-9).startswith("The backward pass agrees")
    assert verdict(THRESHOLD).startswith("There is a mistake")


def test_do_the_course_names_give_our_vectors_in_the_course_order_whatever_the_dict_order():
    _, _, parameters = gradient_check_n_test_case()
    shuffled = {key: parameters[key] for key in ("b3", "W1", "W3", "b1", "W2", "b2")}
    theta, keys = dictionary_to_vector(shuffled)
    np.testing.assert_array_equal(theta, dict_to_vector(parameters))
    assert keys == [key for key, shape in COURSE_SHAPES for _ in range(int(np.prod(shape)))]
    gradients = {"d" + key: value + 1 for key, value in shuffled.items()}
    gradients["dZ1"] = np.ones((5, 3))  # ignored, as in the course
    np.testing.assert_array_equal(gradients_to_vector(gradients), theta + 1)


def test_does_vector_to_dictionary_rebuild_the_course_network_by_default_and_any_network_given_shapes():
    _, _, parameters = gradient_check_n_test_case()
    assert parameter_shapes(parameters) == list(COURSE_SHAPES)
    rebuilt = vector_to_dictionary(dictionary_to_vector(parameters)[0])
    assert all(np.array_equal(rebuilt[key], value) for key, value in parameters.items())
    small = small_parameters()
    theta, _ = dictionary_to_vector(small)
    with pytest.raises(ValueError, match="shapes=parameter_shapes"):
        vector_to_dictionary(theta)
    rebuilt = vector_to_dictionary(theta, parameter_shapes(small))
    assert all(np.array_equal(rebuilt[key], value) for key, value in small.items())


def test_does_checked_verdict_blame_the_check_when_it_disagrees_with_the_helpers():
    assert checked_verdict(0.2850931, 0.2850931) == verdict(0.2850931)
    assert checked_verdict(5e-8, 5.000001e-8) == verdict(5e-8)
    assert not agrees(1.5e-7, 5e-8) and not agrees(np.ones((2, 1)), 0.2) and not agrees("0.2", 0.2)
    assert "the mistake is in your check" in checked_verdict(0.5178, 0.2851)
    assert "ndarray (47, 1)" in checked_verdict(np.zeros((47, 1)), 0.2851)


def initialization_network():
    """The Initialization assignment's [2, 10, 5, 1] network at its He start, on 20 training points."""
    train_X, train_Y, _, _ = load_circles()
    return train_X[:, :20], train_Y[:, :20], initialize_parameters_he([2, 10, 5, 1])


def cost_of(X, Y):
    return lambda parameters: three_layer_net.compute_cost(three_layer_net.forward_propagation(X, parameters)[0], Y)


def test_does_the_helper_verify_the_initialization_networks_backward_pass():
    X, Y, parameters = initialization_network()
    _, cache = three_layer_net.forward_propagation(X, parameters)
    grads = three_layer_net.backward_propagation(X, Y, cache)
    assert check_parameter_gradients(cost_of(X, Y), parameters, grads) < THRESHOLD


def test_does_the_helper_reject_the_initialization_network_with_one_gradient_off():
    X, Y, parameters = initialization_network()
    _, cache = three_layer_net.forward_propagation(X, parameters)
    grads = three_layer_net.backward_propagation(X, Y, cache)
    grads["db2"] = 1.1 * grads["db2"]
    assert check_parameter_gradients(cost_of(X, Y), parameters, grads) > 100 * THRESHOLD


def regularization_network():
    """The Regularization assignment's [2, 20, 3, 1] shape, random weights and points."""
    rng = np.random.default_rng(3)
    layers_dims = [2, 20, 3, 1]
    parameters = {}
    for l in range(1, 4):
        parameters["W" + str(l)] = rng.normal(size=(layers_dims[l], layers_dims[l - 1])) / np.sqrt(layers_dims[l - 1])
        parameters["b" + str(l)] = rng.normal(size=(layers_dims[l], 1)) * 0.1
    X = rng.normal(size=(2, 15))
    Y = (rng.random((1, 15)) < 0.5).astype(int)
    return X, Y, parameters


def test_does_the_helper_verify_the_regularization_backward_pass_with_l2():
    regularization = pytest.importorskip("autograder.course.regularization.reference")
    X, Y, parameters = regularization_network()
    lambd = 0.7

    def cost(p):
        A3, _ = three_layer_net.forward_propagation(X, p)
        return regularization.compute_cost_with_regularization(A3, Y, p, lambd)

    _, cache = three_layer_net.forward_propagation(X, parameters)
    grads = regularization.backward_propagation_with_regularization(X, Y, cache, lambd)
    assert check_parameter_gradients(cost, parameters, grads) < THRESHOLD


def test_does_the_helper_verify_the_dropout_backward_pass_with_the_masks_held_fixed():
    regularization = pytest.importorskip("autograder.course.regularization.reference")
    X, Y, parameters = regularization_network()
    keep_prob = 0.8

    def forward(p):
        np.random.seed(5)  # the same masks at every evaluation: the cost is then a function of p
        return regularization.forward_propagation_with_dropout(X, p, keep_prob)

    def cost(p):
        return three_layer_net.compute_cost(forward(p)[0], Y)

    grads = regularization.backward_propagation_with_dropout(X, Y, forward(parameters)[1], keep_prob)
    assert check_parameter_gradients(cost, parameters, grads) < THRESHOLD

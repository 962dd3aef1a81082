"""The Gradient checking assignment: its network, reference, hidden checks and lesson."""
import numpy as np
import pytest

from autograder.checks import evaluate
from autograder.checks.gradient_checking import POINTS
from autograder.demos.gradient_checking import CORRECT, DIFFERENT_STYLE
from autograder.reference import gradient_checking as reference
from autograder.submissions import with_edit
from dlcourse import gradient_check, three_layer_net
from dlcourse.fraud_network import backward_propagation_n, forward_propagation_n, gradient_check_n_test_case
from dlcourse.gradient_check import THRESHOLD, check_parameter_gradients
from conftest import answers_namespace, error_outputs, run_source_notebook


def course_example():
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    return X, Y, parameters, cache


def test_is_the_course_example_a_4_5_3_1_network_with_47_parameters():
    X, Y, parameters, _ = course_example()
    assert X.shape == (4, 3) and Y.shape == (1, 3)
    assert [p.shape for p in parameters.values()] == [(5, 4), (5, 1), (3, 5), (3, 1), (1, 3), (1, 1)]
    assert gradient_check.dict_to_vector(parameters).shape == (47, 1)


def test_do_the_planted_bugs_touch_exactly_dW2_doubled_and_db1_times_four():
    X, Y, _, cache = course_example()
    buggy = backward_propagation_n(X, Y, cache)
    fixed = reference.backward_propagation_n_fixed(X, Y, cache)
    for key in ("dW1", "dW3", "db2", "db3"):
        np.testing.assert_allclose(buggy[key], fixed[key], rtol=1e-12)
    np.testing.assert_allclose(buggy["dW2"], 2 * fixed["dW2"], rtol=1e-12)
    np.testing.assert_allclose(buggy["db1"], 4 * fixed["db1"], rtol=1e-12)


def test_does_the_shared_helper_fail_the_planted_bugs_and_pass_the_fix():
    X, Y, parameters, cache = course_example()
    cost = lambda p: forward_propagation_n(X, Y, p)[0]  # noqa: E731
    with_bugs = check_parameter_gradients(cost, parameters, backward_propagation_n(X, Y, cache))
    fixed = check_parameter_gradients(cost, parameters, reference.backward_propagation_n_fixed(X, Y, cache))
    assert with_bugs == pytest.approx(0.2850931567761623, abs=1e-6)  # the course's number for this example
    assert fixed < THRESHOLD


def test_does_the_reference_agree_with_the_shared_helper():
    X, Y, parameters, cache = course_example()
    cost = lambda p: forward_propagation_n(X, Y, p)[0]  # noqa: E731
    for backward in (backward_propagation_n, three_layer_net.backward_propagation):
        gradients = backward(X, Y, cache)
        expected = check_parameter_gradients(cost, parameters, gradients, epsilon=1e-4)
        assert reference.gradient_check_n(parameters, gradients, X, Y, epsilon=1e-4) == pytest.approx(expected, rel=1e-9)


def test_is_the_1d_reference_right():
    assert reference.forward_propagation(3, 4) == 12
    assert reference.backward_propagation(3, 4) == 3
    difference = reference.gradient_check(3, 4)
    assert np.ndim(difference) == 0 and difference < THRESHOLD


# --------------------------------------------------------------------------- hidden checks

def namespace(answers):
    """The graded functions defined from ``answers`` in a namespace like the notebook's."""
    return answers_namespace("gradient_checking", answers)


def grade_answers(answers, exercise, seed):
    earned, max_points, messages = evaluate("gradient_checking", exercise, namespace(answers)[exercise], seed)
    return earned, max_points, " | ".join(messages)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("answers", [CORRECT, {**CORRECT, **DIFFERENT_STYLE}], ids=["reference", "different-style"])
def test_do_correct_answers_get_full_marks_on_any_random_draw(answers, seed):
    for exercise, points in POINTS.items():
        earned, _, messages = grade_answers(answers, exercise, seed)
        assert earned == points, f"{exercise}: {messages}"


EDIT_1D = ("gradient_check",)
EDIT_ND = ("gradient_check_n",)
MISTAKES = {
    # name: (exercise, old, new, words the message must contain)
    "divides by epsilon, not 2 * epsilon (1-D)":
        (*EDIT_1D, "(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon", "instead of 2 * epsilon"),
    "one-sided difference (1-D)":
        (*EDIT_1D, "(J_plus - J_minus) / (2 * epsilon)", "(J_plus - forward_propagation(x, theta)) / epsilon",
         "one-sided"),
    "no denominator (1-D)": (*EDIT_1D, "/ (np.linalg.norm(grad) + np.linalg.norm(gradapprox))", "",
                             "forgets the denominator"),
    "norm of the sum as denominator (1-D)":
        (*EDIT_1D, "(np.linalg.norm(grad) + np.linalg.norm(gradapprox))", "np.linalg.norm(grad + gradapprox)",
         "||grad + gradapprox||"),
    "compares a vector with itself (1-D)": (*EDIT_1D, "np.linalg.norm(grad - gradapprox)", "np.linalg.norm(grad - grad)",
                                            "compared a vector with itself"),
    "array instead of a scalar (1-D)": (*EDIT_1D, "return difference", "return np.array([[difference]])",
                                        "return a scalar"),
    "divides by epsilon, not 2 * epsilon (N-D)":
        (*EDIT_ND, "(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon", "instead of 2 * epsilon"),
    "one-sided difference (N-D)":
        (*EDIT_ND, "(J_plus - J_minus) / (2 * epsilon)",
         "(J_plus - forward_propagation_n(X, Y, parameters)[0]) / epsilon", "one-sided"),
    "no denominator (N-D)": (*EDIT_ND, "/ (np.linalg.norm(grad) + np.linalg.norm(gradapprox))", "",
                             "forgets the denominator"),
    "compares grad with theta (N-D)": (*EDIT_ND, "np.linalg.norm(grad - gradapprox)",
                                       "np.linalg.norm(grad - parameters_values)", "compares grad with theta"),
    "compares J_plus with J_minus (N-D)": (*EDIT_ND, "np.linalg.norm(grad - gradapprox)",
                                           "np.linalg.norm(J_plus - J_minus)", "compares J_plus with J_minus"),
    "gradients flattened in their own order (N-D)":
        (*EDIT_ND, "grad = grads_to_vector(gradients, shapes)",
         "grad = dict_to_vector({k: v for k, v in gradients.items() if k[1:] in parameters})", "own key order"),
    "recomputes the gradients (N-D)":
        (*EDIT_ND, "grad = grads_to_vector(gradients, shapes)",
         "grad = grads_to_vector(backward_propagation_n(X, Y, forward_propagation_n(X, Y, parameters)[1]), shapes)",
         "calls backward_propagation_n itself"),
    "array instead of a scalar (N-D)": (*EDIT_ND, "np.linalg.norm(grad - gradapprox)",
                                        "np.linalg.norm(grad - gradapprox, axis=0)", "return a scalar"),
}


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_does_each_usual_mistake_lose_points_with_a_message_naming_it(mistake, seed):
    exercise, old, new, words = MISTAKES[mistake]
    earned, points, messages = grade_answers(with_edit(CORRECT, exercise, old, new), exercise, seed)
    assert 0 < earned < points
    assert words in messages


def test_does_a_gradient_check_that_skips_forward_propagation_say_so():
    answers = with_edit(CORRECT, "gradient_check", "J_plus = forward_propagation(x, theta_plus)",
                        "J_plus = theta_plus * x")
    earned, points, messages = grade_answers(answers, "gradient_check", 0)
    assert earned < points and "calls forward_propagation 1 time(s) where 2 calls are needed" in messages


def test_do_the_1d_functions_name_the_usual_mistakes():
    earned, _, messages = grade_answers(with_edit(CORRECT, "forward_propagation", "theta * x", "theta + x"),
                                        "forward_propagation", 0)
    assert earned < 1 and "theta + x" in messages
    earned, _, messages = grade_answers(with_edit(CORRECT, "backward_propagation", "dtheta = x", "dtheta = theta"),
                                        "backward_propagation", 0)
    assert earned < 1 and "dJ/dtheta of theta * x is x" in messages


def test_does_the_hidden_check_leave_the_notebook_namespace_untouched():
    ns = namespace(CORRECT)
    before = dict(ns)
    evaluate("gradient_checking", "gradient_check", ns["gradient_check"], 0)
    evaluate("gradient_checking", "gradient_check_n", ns["gradient_check_n"], 0)
    assert ns == before


# --------------------------------------------------------------------------- the lesson

PROBE = ('{"difference_1d": float(difference_1d), "difference_with_bugs": float(difference_with_bugs), '
         '"difference_fixed": float(difference_fixed), "failing_with_bugs": failing_with_bugs}')


@pytest.fixture(scope="module")
def lesson():
    """Run the instructor notebook top to bottom; return its numbers (its run time is measured by
    ``benchmarks/notebooks.py``)."""
    notebook, numbers = run_source_notebook("gradient_checking", PROBE)
    assert error_outputs(notebook) == []
    return numbers


def test_does_the_check_pass_the_1d_case_and_fail_the_planted_bugs(lesson):
    numbers = lesson
    assert numbers["difference_1d"] < THRESHOLD
    assert numbers["difference_with_bugs"] > 0.1  # about 0.285: far above the threshold


def test_do_the_components_point_at_the_two_bugs(lesson):
    numbers = lesson
    assert sorted(numbers["failing_with_bugs"]) == ["W2", "b1"]


def test_does_the_fix_bring_the_difference_below_the_threshold(lesson):
    numbers = lesson
    assert numbers["difference_fixed"] < THRESHOLD


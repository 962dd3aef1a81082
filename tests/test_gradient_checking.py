"""The Gradient checking assignment: its network, reference, hidden checks and lesson."""
import contextlib
import io

import numpy as np
import pytest

from autograder.desk import grading
from autograder.course import evaluate
from autograder.course.gradient_checking.checks import DIVIDES_BY_EPSILON, EXERCISES
from autograder.course.gradient_checking.demos import COURSE_HELPER_NAMES, CORRECT, DIFFERENT_STYLE, MISTAKE
from autograder.course.gradient_checking import reference
from autograder.course.demo import graded_cell, with_edit
from dlcourse import gradient_check, three_layer_net
from dlcourse.fraud_network import backward_propagation_n, forward_propagation_n, gradient_check_n_test_case
from dlcourse.gradient_check import THRESHOLD, check_parameter_gradients
from conftest import FIGURES, REPOSITORY, answers_namespace, error_outputs, figure_problems, run_source_notebook


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
    for exercise, points in EXERCISES.points.items():
        earned, _, messages = grade_answers(answers, exercise, seed)
        assert earned == points, f"{exercise}: {messages}"


def test_does_a_vector_that_is_not_copied_get_its_own_diagnosis_not_a_wrong_denominator():
    earned, points, messages = grade_answers(MISTAKE["nd-no-copy"].answers(CORRECT), "gradient_check_n", 0)
    assert earned < points and "does not copy the vector" in messages
    assert DIVIDES_BY_EPSILON not in messages


# --------------------------------------------------------------------------- the course's helper names

def test_does_the_course_solution_with_the_course_helper_names_get_full_marks():
    for seed in range(3):
        for exercise, points in EXERCISES.points.items():
            earned, _, messages = grade_answers({**CORRECT, **COURSE_HELPER_NAMES}, exercise, seed)
            assert earned == points, (exercise, seed, messages)


def test_are_the_course_helper_names_in_the_notebook_namespace():
    ns = namespace(CORRECT)
    X, Y, parameters, _ = course_example()
    theta, keys = ns["dictionary_to_vector"](parameters)
    assert theta.shape == (47, 1) and keys[0] == "W1" and keys[-1] == "b3" and len(keys) == 47
    rebuilt = ns["vector_to_dictionary"](theta)
    assert all(np.array_equal(rebuilt[key], value) for key, value in parameters.items())


# --------------------------------------------------------------------------- no shortcuts

IMPORT = "from dlcourse.gradient_check import {}\n"
SHORTCUT_ANSWERS = {
    # name: (exercise, answer, the helper the message names)
    "numerical_gradient and relative_error (1-D)": ("gradient_check", IMPORT.format(
        "numerical_gradient, relative_error") + """\
gradapprox = numerical_gradient(lambda v: forward_propagation(x, v.item()), np.array([[theta]]), epsilon)
difference = relative_error(backward_propagation(x, theta), gradapprox)
if print_msg:
    print(verdict(difference))
return difference""", "numerical_gradient"),
    "relative_error only (1-D)": ("gradient_check", IMPORT.format("relative_error") + """\
gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
difference = relative_error(backward_propagation(x, theta), gradapprox)
if print_msg:
    print(verdict(difference))
return difference""", "relative_error"),
    "check_parameter_gradients (N-D)": ("gradient_check_n", IMPORT.format("check_parameter_gradients") + """\
difference = check_parameter_gradients(lambda p: forward_propagation_n(X, Y, p)[0], parameters, gradients, epsilon)
if print_msg:
    print(verdict(difference))
return difference""", "check_parameter_gradients"),
    "perturbed_costs (N-D)": ("gradient_check_n", IMPORT.format("perturbed_costs") + """\
shapes = parameter_shapes(parameters)
cost = lambda theta: forward_propagation_n(X, Y, vector_to_dict(theta, shapes))[0]
J_plus, J_minus = perturbed_costs(cost, dict_to_vector(parameters), epsilon)
grad, gradapprox = grads_to_vector(gradients, shapes), (J_plus - J_minus) / (2 * epsilon)
difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
if print_msg:
    print(verdict(difference))
return difference""", "perturbed_costs"),
    "component_errors (N-D)": ("gradient_check_n", IMPORT.format("component_errors") + CORRECT[
        "gradient_check_n"].replace("np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm("
                                    "gradapprox))", "np.linalg.norm(component_errors(grad, gradapprox))"),
        "component_errors"),
}


@pytest.mark.parametrize("case", list(SHORTCUT_ANSWERS))
def test_does_a_provided_helper_that_answers_the_exercise_earn_nothing(case):
    exercise, answer, helper_name = SHORTCUT_ANSWERS[case]
    for seed in range(3):
        earned, _, messages = grade_answers({**CORRECT, exercise: answer}, exercise, seed)
        assert earned == 0, messages
        assert helper_name in messages and "which the course's helpers provide" in messages


def test_is_a_shortcut_imported_in_the_notebook_seen_too():
    ns = namespace({**CORRECT, "gradient_check": SHORTCUT_ANSWERS["relative_error only (1-D)"][1].split("\n", 1)[1]})
    ns["relative_error"] = gradient_check.relative_error  # imported by a cell of the notebook, not in the function
    earned, _, messages = evaluate("gradient_checking", "gradient_check", ns["gradient_check"], 0)
    assert earned == 0 and any("calls relative_error" in m for m in messages)


def test_are_the_provided_helpers_themselves_again_after_a_watched_call():
    """The notebook's cells after the exercises use numerical_gradient outside any graded function."""
    originals = {name: getattr(gradient_check, name) for name in ("numerical_gradient", "relative_error")}
    exercise, answer, _ = SHORTCUT_ANSWERS["numerical_gradient and relative_error (1-D)"]
    grade_answers({**CORRECT, exercise: answer}, exercise, 0)
    assert all(getattr(gradient_check, name) is helper for name, helper in originals.items())
    X, Y, parameters, cache = course_example()
    cost = lambda p: forward_propagation_n(X, Y, p)[0]  # noqa: E731
    assert check_parameter_gradients(cost, parameters, backward_propagation_n(X, Y, cache)) > 0.1


# --------------------------------------------------------------------------- the verdict after Exercise 4

def run_cell(ns, grade_id):
    """Run a cell of the release notebook in ``ns``; what it printed."""
    release = grading.release_notebook("gradient_checking", grading.notebook_names("gradient_checking", REPOSITORY)[0], REPOSITORY)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(graded_cell(release, grade_id).source, ns)
    return printed.getvalue()


def test_does_the_verdict_blame_a_wrong_check_and_not_the_backward_pass():
    wrong = namespace(MISTAKE["nd-no-copy"].answers(CORRECT))
    printed = run_cell(wrong, "check-colleague")
    assert "the mistake is in your check" in printed and "There is a mistake in the backward pass" not in printed
    assert "your gradient_check_n is wrong" in wrong["results"]["[4, 5, 3, 1] network, backward pass as handed over"][1]
    right = namespace(CORRECT)
    assert run_cell(right, "check-colleague").startswith("There is a mistake in the backward pass")


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


def test_do_the_figures_have_titles_labelled_axes_and_legends_that_hide_no_data(lesson):
    """Each figure the notebook shows, saved under tests/artifacts/figures/gradient_checking/ by the run above."""
    assert figure_problems("gradient_checking") == {}
    shown = " ".join(figure["png"] for figure in FIGURES["gradient_checking"])
    for picture in ["flattening-the-parameters", "backward-pass-after-the-fix"]:
        assert picture in shown, f"the notebook does not show {picture}: {shown}"


@pytest.mark.parametrize("exercise", ["gradient_check", "gradient_check_n"])
def test_does_a_check_that_also_prints_without_print_msg_lose_the_print_point(exercise):
    """A verdict when asked plus a line printed always: the public check says "print nothing with
    print_msg=False"; the hidden check, which took nothing off, now agrees."""
    answers = with_edit(CORRECT, exercise, "return difference", "print(difference)\nreturn difference")
    function = answers_namespace("gradient_checking", answers)[exercise]
    earned, points, messages = evaluate("gradient_checking", exercise, function, seed=0)
    assert earned < points and any("prints with print_msg=False" in m for m in messages), messages

"""Initialization: data, reference, hidden checks and the lesson of the notebook."""
import numpy as np
import pytest

from autograder.course import evaluate
from autograder.course.initialization import reference
from dlcourse import builders
from dlcourse.data import dataset_path, load_circles, read_h5
from dlcourse.gradient_check import THRESHOLD, check_parameter_gradients
from dlcourse.three_layer_net import backward_propagation, compute_cost, forward_propagation
from conftest import FIGURES, error_outputs, figure_problems, reproduces, run_source_notebook


def test_does_the_builder_reproduce_the_committed_circles():
    arrays, attrs = builders.build_circles()
    assert reproduces(arrays, read_h5(dataset_path("circles"))) == []


def test_does_the_loader_return_the_course_orientation():
    train_X, train_Y, test_X, test_Y = load_circles()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert test_X.shape == (2, 100) and test_Y.shape == (1, 100)
    assert set(np.unique(train_Y)) == {0, 1} and train_Y.mean() == 0.5


@pytest.mark.parametrize("layers_dims", [[2, 10, 5, 1], [3, 4, 2, 1]])
def test_does_the_backward_pass_match_centered_differences(layers_dims):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(layers_dims[0], 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    parameters = reference.initialize_parameters_he(layers_dims)
    parameters = {k: v + 0.1 * rng.normal(size=v.shape) for k, v in parameters.items()}  # nonzero biases
    _, cache = forward_propagation(X, parameters)
    grads = backward_propagation(X, Y, cache)
    difference = check_parameter_gradients(lambda p: compute_cost(forward_propagation(X, p)[0], Y), parameters, grads)
    assert difference < THRESHOLD


def test_does_he_initialization_follow_the_spec():
    parameters = reference.initialize_parameters_he([4, 3, 1])
    np.random.seed(3)
    W1 = np.random.randn(3, 4) * np.sqrt(2 / 4)
    assert np.array_equal(parameters["W1"], W1) and not parameters["b1"].any()


@pytest.mark.parametrize("exercise", ["initialize_parameters_zeros", "initialize_parameters_random",
                                      "initialize_parameters_he"])
def test_does_the_reference_earn_full_marks_on_random_inputs(exercise):
    for seed in range(5):
        earned, max_points, messages = evaluate("initialization", exercise, getattr(reference, exercise), seed)
        assert earned == max_points and messages == []


def test_is_a_transposed_weight_reported_by_its_shape():
    def transposed(layers_dims):
        parameters = reference.initialize_parameters_he(layers_dims)
        parameters["W2"] = parameters["W2"].T
        return parameters

    earned, _, messages = evaluate("initialization", "initialize_parameters_he", transposed, seed=0)
    assert 0 < earned < 3 and "W2 has shape (10, 5), expected (5, 10)" in messages


def test_does_the_notebook_teach_the_lesson():
    """Zeros stay at 50%, He reaches 97% on train and beats large random weights."""
    notebook, results = run_source_notebook("initialization", "results")
    assert error_outputs(notebook) == []
    assert results["zeros"] == [0.5, 0.5]
    assert results["he"][0] >= 0.97
    assert results["he"][0] > results["random"][0] and results["he"][1] > results["random"][1]
    first_costs = [c for c in notebook.cells if "initialization=\"random\"" in c.source][0]
    printed = "".join(o.get("text", "") for o in first_costs.outputs if o.output_type == "stream")
    first_cost = float(printed.split("Cost after iteration 0: ")[1].split()[0])
    assert first_cost > 10  # the saturated start: huge or infinite


def test_do_the_figures_have_titles_labelled_axes_and_legends_that_hide_no_data():
    """Each figure the notebook shows, saved under tests/artifacts/figures/initialization/ by the run above."""
    assert figure_problems("initialization") == {}
    shown = " ".join(figure["png"] for figure in FIGURES["initialization"])
    for picture in ["training-set", "decision-boundary-zeros"]:
        assert picture in shown, f"the notebook does not show {picture}: {shown}"

"""Regularization: data, loader, reference against the course and against numerical gradients, checks, lesson."""
import numpy as np
import pytest

from autograder.course import evaluate
from autograder.course.regularization.checks import DROPOUT_CACHE, EXERCISES
from autograder.course.regularization.demos import CORRECT, MASKS, MISTAKE
from autograder.course.regularization import reference
from autograder.course.demo import with_edit
from dlcourse import builders
from dlcourse.data import dataset_path, load_goalkeeper, read_h5
from dlcourse.gradient_check import THRESHOLD, check_parameter_gradients
from dlcourse.three_layer_net import (accuracy, compute_cost, forward_propagation, initialize_parameters,
                                      predict, train)
from conftest import (FIGURES, SHARED, answers_namespace, error_outputs, figure_problems, reproduces,
                      run_source_notebook, text_output)

ORIGINAL = SHARED / "reference-data" / "football_original.mat"
needs_original = pytest.mark.skipif(not ORIGINAL.exists(), reason=f"{ORIGINAL} is absent")


MODEL_WEIGHT_SCALE = lambda n_prev: 1 / np.sqrt(n_prev)  # noqa: E731  (as the notebook's model)


def train_reference(X, Y, lambd=0, keep_prob=1):
    """The notebook's ``model`` with the reference functions: [2, 20, 3, 1], rate 0.3, 30 000 iterations."""
    steps = {}
    if lambd:
        steps = {"backward": lambda X, Y, cache: reference.backward_propagation_with_regularization(X, Y, cache, lambd),
                 "parameter_cost": lambda A3, Y, p: reference.compute_cost_with_regularization(A3, Y, p, lambd)}
    if keep_prob < 1:
        steps = {"forward": lambda X, p: reference.forward_propagation_with_dropout(X, p, keep_prob),
                 "backward": lambda X, Y, cache: reference.backward_propagation_with_dropout(X, Y, cache, keep_prob)}
    parameters, _ = train(X, Y, initialize_parameters([X.shape[0], 20, 3, 1], MODEL_WEIGHT_SCALE), 0.3, 30000,
                          print_cost=False, **steps)
    return parameters


def accuracies(parameters, train_X, train_Y, test_X, test_Y):
    return (accuracy(predict(train_X, train_Y, parameters, verbose=False), train_Y),
            accuracy(predict(test_X, test_Y, parameters, verbose=False), test_Y))


def small_network(seed=0, layers_dims=(3, 5, 4, 1), m=6):
    """Random X, Y and parameters with nonzero biases (so that a penalized bias would show)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(layers_dims[0], m))
    Y = np.array([[1, 0] * (m // 2)])
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = rng.normal(size=(layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = 0.5 * rng.normal(size=(layers_dims[l], 1))
    return X, Y, parameters


# --- data -----------------------------------------------------------------------------------------

def test_does_the_builder_reproduce_the_committed_goalkeeper_file():
    arrays, attrs = builders.build_goalkeeper()
    assert reproduces(arrays, read_h5(dataset_path("goalkeeper"))) == []


def test_does_the_goalkeeper_loader_return_the_course_orientation():
    train_X, train_Y, test_X, test_Y = load_goalkeeper()
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert train_Y.dtype == np.int64 and set(np.unique(train_Y)) == {0, 1}
    assert 0.35 < train_Y.mean() < 0.65 and 0.35 < test_Y.mean() < 0.65


@needs_original
def test_does_the_loader_read_the_original_matlab_file():
    train_X, train_Y, test_X, test_Y = load_goalkeeper(ORIGINAL)
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert train_Y.dtype == np.int64 and int((train_Y == 0).sum()) == 105


# --- the reference against the course and against the maths ---------------------------------------

@needs_original
@pytest.mark.parametrize("lambd, expected", [(0, (0.9478672985781991, 0.915)), (0.7, (0.9383886255924171, 0.93))],
                         ids=["baseline", "L2"])
def test_does_the_reference_reproduce_the_course_on_its_data(lambd, expected):
    data = load_goalkeeper(ORIGINAL)
    parameters = train_reference(data[0], data[1], lambd=lambd)
    assert accuracies(parameters, *data) == expected


def test_does_the_model_start_from_the_course_initialization():
    """Seed 3, then randn(n_l, n_prev) / sqrt(n_prev) layer by layer (to rounding: we multiply)."""
    parameters = initialize_parameters([2, 20, 3, 1], MODEL_WEIGHT_SCALE)
    np.random.seed(3)
    assert np.allclose(parameters["W1"], np.random.randn(20, 2) / np.sqrt(2), rtol=1e-15, atol=0)
    assert np.allclose(parameters["W2"], np.random.randn(3, 20) / np.sqrt(20), rtol=1e-15, atol=0)
    assert not parameters["b2"].any()


@pytest.mark.parametrize("seed", [0, 1])
def test_does_the_l2_backward_pass_match_centered_differences(seed):
    X, Y, parameters = small_network(seed)
    lambd = 0.7
    _, cache = forward_propagation(X, parameters)
    grads = reference.backward_propagation_with_regularization(X, Y, cache, lambd)

    def cost(p):
        return reference.compute_cost_with_regularization(forward_propagation(X, p)[0], Y, p, lambd)

    assert check_parameter_gradients(cost, parameters, grads) < THRESHOLD


def named(cache):
    """A dropout cache's arrays by name (``D1``, ``A2``, ...)."""
    return dict(zip(DROPOUT_CACHE, cache))


@pytest.mark.parametrize("seed", [0, 1])
def test_does_the_dropout_backward_pass_match_centered_differences_with_fixed_masks(seed):
    X, Y, parameters = small_network(seed)
    keep_prob = 0.7

    def forward(p):
        np.random.seed(seed)  # the same masks at every evaluation
        return reference.forward_propagation_with_dropout(X, p, keep_prob)

    A3, cache = forward(parameters)
    masks = named(cache)
    assert 0 < masks["D1"].mean() < 1 and 0 < masks["D2"].mean() < 1  # some units dropped, some kept
    grads = reference.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    assert check_parameter_gradients(lambda p: compute_cost(forward(p)[0], Y), parameters, grads) < THRESHOLD


def test_does_each_dropout_call_draw_fresh_masks():
    X, _, parameters = small_network()
    np.random.seed(0)
    first = named(reference.forward_propagation_with_dropout(X, parameters, 0.5)[1])["D1"]
    second = named(reference.forward_propagation_with_dropout(X, parameters, 0.5)[1])["D1"]
    assert not np.array_equal(first, second)


def test_does_keep_prob_one_give_the_plain_forward_pass():
    X, _, parameters = small_network()
    A3, cache = reference.forward_propagation_with_dropout(X, parameters, 1.0)
    assert np.allclose(A3, forward_propagation(X, parameters)[0]) and named(cache)["D1"].all() and named(cache)["D2"].all()


# --- hidden checks --------------------------------------------------------------------------------

@pytest.mark.parametrize("exercise", list(EXERCISES.points))
def test_does_the_reference_earn_full_marks_on_random_inputs(exercise):
    for seed in range(4):
        earned, max_points, messages = evaluate("regularization", exercise, getattr(reference, exercise), seed)
        assert earned == max_points and messages == [], messages


# The typical mistakes (reseeding inside the forward pass, a backward pass without D1, ...) are
# catalogued in autograder/course/regularization/demos.py and tested in test_mistakes.py.


def test_is_a_cost_that_penalizes_the_biases_named():
    def with_biases(A3, Y, parameters, lambd):
        squares = sum(np.sum(np.square(v)) for v in parameters.values())
        return compute_cost(A3, Y) + lambd / (2 * Y.shape[1]) * squares

    earned, max_points, messages = evaluate("regularization", "compute_cost_with_regularization", with_biases, 0)
    assert 0 < earned < max_points and any("biases are included" in m for m in messages)


# --- the lesson -----------------------------------------------------------------------------------

def test_does_the_notebook_teach_the_lesson():
    """The baseline overfits (gap of 3 points or more); L2 and dropout each raise test accuracy and shrink the gap."""
    notebook, results = run_source_notebook("regularization", "results")
    assert error_outputs(notebook) == []
    base, l2, dropout = (results[k] for k in ("no regularization", "L2 regularization", "dropout"))
    assert base[0] - base[1] >= 0.03
    for regularized in (l2, dropout):
        assert regularized[1] > base[1]
        assert regularized[0] - regularized[1] < base[0] - base[1]
    both = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "both"][0]
    assert "ValueError: use L2 regularization" in text_output(both)


def test_do_the_figures_have_titles_labelled_axes_and_legends_that_hide_no_data():
    """Each figure the notebook shows, saved under tests/artifacts/figures/regularization/ by the run above."""
    assert figure_problems("regularization") == {}
    shown = " ".join(figure["png"] for figure in FIGURES["regularization"])
    for picture in ["dropout-with-keep-prob", "decision-boundary-dropout"]:
        assert picture in shown, f"the notebook does not show {picture}: {shown}"


def test_does_a_mask_of_the_wrong_distribution_lose_more_than_one_reseeded():
    """``np.random.randn(...) > keep_prob`` keeps about a fifth of the units, not keep_prob of them: it
    loses the dropout criterion too, where a mask whose only fault is reseeding keeps its rate."""
    randn = CORRECT
    for mask in MASKS:
        randn = with_edit(randn, "forward_propagation_with_dropout", mask,
                          mask.replace("np.random.rand", "np.random.randn").replace("<", ">"))
    reseeded = MISTAKE["seeds-inside-forward-pass"].answers(CORRECT)
    scores = {}
    for name, answers in (("randn", randn), ("reseeded", reseeded)):
        function = answers_namespace("regularization", answers)["forward_propagation_with_dropout"]
        scores[name] = evaluate("regularization", "forward_propagation_with_dropout", function, seed=0)
    assert scores["randn"][0] < scores["reseeded"][0] < scores["reseeded"][1], scores
    assert any("of the units where keep_prob keeps" in m for m in scores["randn"][2]), scores["randn"][2]
    assert not any("of the units where keep_prob keeps" in m for m in scores["reseeded"][2]), scores["reseeded"][2]

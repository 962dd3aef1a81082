"""TensorFlow signs: generated data, loader, reference, hidden checks and the lesson of the notebook."""

import numpy as np
import pytest

from autograder.checks import evaluate
from autograder.checks.tensorflow_signs import POINTS
from autograder.demos.tensorflow_signs import CORRECT
from autograder.submissions import with_edit
from autograder.reference import tensorflow_signs as reference
from dlcourse import builders
from dlcourse.data import dataset_path, load_signs, read_h5, read_signs
from dlcourse.hand_signs import make_signs
from conftest import SHARED, answers_namespace, error_outputs, run_source_notebook

import tensorflow as tf  # noqa: E402  (after autograder.checks.tensorflow_signs quieted it)

COURSE_TEST_FILE = SHARED / "reference-data" / "test_signs_original.h5"


def test_does_the_builder_reproduce_the_committed_signs():
    built = {name: builders.BUILDERS[name]() for name in ("train_signs", "test_signs")}  # timed in benchmarks/
    for name, (arrays, attrs) in built.items():
        committed = read_h5(dataset_path(name))
        assert set(committed) == set(arrays)
        for key, value in arrays.items():
            assert committed[key].dtype == value.dtype and np.array_equal(committed[key], value), (name, key)


def test_is_the_generator_deterministic_and_balanced():
    X, y = make_signs(4, seed=5)
    X_again, y_again = make_signs(4, seed=5)
    assert np.array_equal(X, X_again) and np.array_equal(y, y_again)
    assert X.shape == (24, 64, 64, 3) and X.dtype == np.uint8 and y.dtype == np.int64
    assert np.bincount(y, minlength=6).tolist() == [4] * 6
    assert not np.array_equal(X, make_signs(4, seed=6)[0])


def test_does_the_loader_read_our_files_in_the_course_schema():
    train_x, train_y, test_x, test_y, classes = load_signs()
    assert train_x.shape == (1080, 64, 64, 3) and train_x.dtype == np.uint8 and train_y.shape == (1, 1080)
    assert test_x.shape == (120, 64, 64, 3) and test_y.shape == (1, 120)
    assert classes.tolist() == list(range(6))
    assert np.bincount(train_y[0]).tolist() == [180] * 6 and np.bincount(test_y[0]).tolist() == [20] * 6


@pytest.mark.skipif(not COURSE_TEST_FILE.exists(), reason="the course's SIGNS file is not here")
def test_does_the_loader_read_the_course_file():
    test_x, test_y, classes = read_signs(COURSE_TEST_FILE)
    assert test_x.shape == (120, 64, 64, 3) and test_x.dtype == np.uint8
    assert test_y.shape == (1, 120) and np.bincount(test_y[0]).tolist() == [20] * 6
    assert classes.tolist() == list(range(6))
    assert load_signs(test_path=COURSE_TEST_FILE)[3].shape == (1, 120)


def test_is_the_reference_cost_gradient_softmax_minus_labels_over_m():
    rng = np.random.default_rng(0)
    logits = tf.Variable(rng.normal(size=(6, 5)).astype(np.float32))
    labels = tf.constant(np.eye(6, dtype=np.float32)[:, rng.integers(6, size=5)])
    with tf.GradientTape() as tape:
        cost = reference.compute_cost(logits, labels)
    expected = (tf.nn.softmax(logits, axis=0) - labels) / 5
    np.testing.assert_allclose(tape.gradient(cost, logits).numpy(), expected.numpy(), atol=1e-6)


def test_do_gradients_reach_every_parameter_through_the_reference_forward_pass():
    parameters = reference.initialize_parameters()
    X = tf.constant(np.random.default_rng(1).random((12288, 3)).astype(np.float32))
    with tf.GradientTape() as tape:
        cost = reference.compute_cost(reference.forward_propagation(X, parameters), tf.eye(6)[:, :3])
    gradients = tape.gradient(cost, list(parameters.values()))
    assert all(g is not None and g.shape == p.shape for g, p in zip(gradients, parameters.values()))


@pytest.mark.parametrize("exercise", list(POINTS))
def test_does_the_reference_earn_full_marks_on_random_inputs(exercise):
    for seed in range(3):
        earned, max_points, messages = evaluate("tensorflow_signs", exercise, getattr(reference, exercise), seed)
        assert earned == max_points and messages == []


def test_is_a_cost_summed_over_examples_named():
    def summed(logits, labels):
        return tf.reduce_sum(tf.keras.losses.categorical_crossentropy(
            tf.transpose(labels), tf.transpose(logits), from_logits=True))

    earned, _, messages = evaluate("tensorflow_signs", "compute_cost", summed, seed=0)
    assert 0 < earned < 3 and any("sum over the examples" in m for m in messages)


def test_does_the_notebook_teach_the_lesson():
    """Train accuracy at least 0.95, test clearly lower: the case for regularization."""
    notebook, results = run_source_notebook("tensorflow_signs", "results")
    assert error_outputs(notebook) == []
    assert results["train"] >= 0.95
    assert results["test"] <= results["train"] - 0.05


def test_is_an_epoch_cost_summed_over_mini_batches_named():
    answers = with_edit(CORRECT, "model", "epoch_cost += float(cost) * minibatch_X.shape[0] / m",
                        "epoch_cost += float(cost)")
    summed_model = answers_namespace("tensorflow_signs", answers)["model"]
    earned, _, messages = evaluate("tensorflow_signs", "model", summed_model, seed=0)
    assert earned == 2 and any("sum of the mini-batch costs" in m for m in messages)


def test_is_the_model_judged_with_the_students_own_helpers():
    """A forward pass without its first relu is that exercise's mistake: the model that uses it
    consistently keeps its points."""
    answers = with_edit(CORRECT, "forward_propagation", "A1 = tf.keras.activations.relu(Z1)", "A1 = Z1")
    namespace = answers_namespace("tensorflow_signs", answers)
    assert evaluate("tensorflow_signs", "forward_propagation", namespace["forward_propagation"], seed=0)[0] < 3
    earned, points, messages = evaluate("tensorflow_signs", "model", namespace["model"], seed=0)
    assert earned == points, messages

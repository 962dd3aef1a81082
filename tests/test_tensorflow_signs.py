"""TensorFlow signs: generated data, loader, reference, hidden checks and the lesson of the notebook."""

import numpy as np
import pytest

from autograder.course import evaluate
from autograder.course.tensorflow_signs.checks import EXERCISES
from autograder.course.tensorflow_signs.demos import CORRECT, CRASH_THE_MODEL, MISTAKE, MISTAKES, SPOIL_THE_MODEL
from autograder.course.demo import with_edit
from autograder.desk.submissions import meets
from autograder.course.tensorflow_signs import reference
from dlcourse import builders
from dlcourse.data import dataset_path, load_signs, read_h5, read_signs
from dlcourse.hand_signs import make_signs
from conftest import (FIGURES, SHARED, answers_namespace, error_outputs, evaluate_answers, figure_problems,
                      reproduces, run_source_notebook, text_output)

import tensorflow as tf  # noqa: E402  (after autograder.course.tensorflow_signs.checks quieted it)

COURSE_TEST_FILE = SHARED / "reference-data" / "test_signs_original.h5"


def test_does_the_builder_reproduce_the_committed_signs():
    built = {name: builders.BUILDERS[name]() for name in ("train_signs", "test_signs")}  # timed in benchmarks/
    for name, (arrays, attrs) in built.items():
        assert reproduces(arrays, read_h5(dataset_path(name))) == [], name


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


@pytest.mark.parametrize("exercise", list(EXERCISES.points))
def test_does_the_reference_earn_full_marks_on_random_inputs(exercise):
    for seed in range(3):
        earned, max_points, messages = evaluate("tensorflow_signs", exercise, getattr(reference, exercise), seed)
        assert earned == max_points and messages == []


def test_does_the_notebook_teach_the_lesson():
    """Train accuracy at least 0.95, test clearly lower: the case for regularization; the tf.data
    walkthrough normalizes as the numpy cell does and shows a batch of 32."""
    notebook, results = run_source_notebook("tensorflow_signs", "results")
    assert error_outputs(notebook) == []
    assert results["train"] >= 0.95
    assert results["test"] <= results["train"] - 0.05
    printed = {c.metadata["nbgrader"]["grade_id"]: text_output(c) for c in notebook.cells if c.cell_type == "code"}
    assert "X_train's first column: True" in printed["tf-data-map"]  # map(normalize) = the numpy flattening
    assert "minibatch_X (32, 12288) minibatch_Y (32, 6)" in printed["tf-data-batch"]


def test_do_the_figures_have_titles_labelled_axes_and_legends_that_hide_no_data():
    """Each figure the notebook shows, saved under tests/artifacts/figures/tensorflow_signs/ by the run above."""
    assert figure_problems("tensorflow_signs") == {}
    shown = " ".join(figure["png"] for figure in FIGURES["tensorflow_signs"])
    for picture in ["training-pictures-and-their-labels", "one-hot", "fingers-the-network-says"]:
        assert picture in shown, f"the notebook does not show {picture}: {shown}"


def test_is_the_model_judged_with_the_students_own_helpers():
    """A forward pass without its first relu is that exercise's mistake: the model that uses it
    consistently keeps its points."""
    answers = MISTAKE["relu-missing"].answers(CORRECT)
    assert evaluate_answers("tensorflow_signs", answers, "forward_propagation", seed=0)[0] < 3
    earned, points, messages = evaluate_answers("tensorflow_signs", answers, "model", seed=0)
    assert earned == points, messages


MODEL_CALLS = {"initialize_parameters", "forward_propagation", "compute_cost", "model"}


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_does_each_typical_mistake_cost_its_own_exercise_only_and_get_named(mistake):
    """Seed 0 (the model's check trains); the model is graded when it calls the mistaken function, and
    loses points only when the mistake makes its training crash or its cost rise."""
    answers = mistake.answers(CORRECT)
    for exercise in EXERCISES.points:
        if exercise == "model" and mistake.exercise not in MODEL_CALLS:
            continue
        earned, max_points, messages = evaluate_answers("tensorflow_signs", answers, exercise, seed=0)
        if exercise == mistake.exercise:
            assert earned < max_points and any(mistake.diagnosis in m for m in messages), messages
        else:
            expected = "full" if exercise != "model" else (
                "zero" if mistake.name in CRASH_THE_MODEL else "partial" if mistake.name in SPOIL_THE_MODEL else "full")
            assert meets(expected, earned, max_points), (exercise, earned, messages)


ORIGINAL_COURSE = {  # the published course's way, in our signatures: Glorot biases, a summed cost, its model
    "initialize_parameters": """\
initializer = tf.keras.initializers.GlorotNormal(seed=1)
W1 = tf.Variable(initializer(shape=(25, 12288)))
b1 = tf.Variable(initializer(shape=(25, 1)))
W2 = tf.Variable(initializer(shape=(12, 25)))
b2 = tf.Variable(initializer(shape=(12, 1)))
W3 = tf.Variable(initializer(shape=(6, 12)))
b3 = tf.Variable(initializer(shape=(6, 1)))
return {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}""",
    "compute_cost": """\
return tf.reduce_sum(tf.keras.losses.categorical_crossentropy(tf.transpose(labels), tf.transpose(logits),
                                                              from_logits=True))""",
    "model": """\
costs, train_acc, test_acc = [], [], []
parameters = initialize_parameters()
W1, b1, W2, b2, W3, b3 = (parameters[key] for key in ("W1", "b1", "W2", "b2", "W3", "b3"))
optimizer = tf.keras.optimizers.Adam(learning_rate)
train_accuracy = tf.keras.metrics.CategoricalAccuracy()
test_accuracy = tf.keras.metrics.CategoricalAccuracy()
dataset = tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(tf.transpose(X_train)),
                               tf.data.Dataset.from_tensor_slices(tf.transpose(Y_train))))
m = dataset.cardinality().numpy()
minibatches = dataset.shuffle(m).batch(minibatch_size).prefetch(8)
for epoch in range(num_epochs):
    epoch_total_loss = 0.
    for (minibatch_X, minibatch_Y) in minibatches:
        with tf.GradientTape() as tape:
            Z3 = forward_propagation(tf.transpose(minibatch_X), parameters)
            minibatch_total_loss = compute_cost(Z3, tf.transpose(minibatch_Y))
        trainable_variables = [W1, b1, W2, b2, W3, b3]
        grads = tape.gradient(minibatch_total_loss, trainable_variables)
        optimizer.apply_gradients(zip(grads, trainable_variables))
        epoch_total_loss += minibatch_total_loss
    epoch_total_loss /= m
    train_accuracy.reset_state()
    test_accuracy.reset_state()
    train_accuracy.update_state(tf.transpose(Y_train), tf.transpose(forward_propagation(X_train, parameters)))
    test_accuracy.update_state(tf.transpose(Y_test), tf.transpose(forward_propagation(X_test, parameters)))
    costs.append(float(epoch_total_loss))
    train_acc.append(float(train_accuracy.result()))
    test_acc.append(float(test_accuracy.result()))
    if print_cost and epoch % 10 == 0:
        print("Cost after epoch %i: %f" % (epoch, epoch_total_loss))
return parameters, costs, train_acc, test_acc""",
}


def test_does_a_model_written_the_original_courses_way_get_full_marks():
    """Its GlorotNormal biases and its summed cost, divided by m over the epoch, are accepted (with the
    shuffling this course asks for, which the original's model leaves out)."""
    namespace = answers_namespace("tensorflow_signs", {**CORRECT, **ORIGINAL_COURSE})
    for exercise in ORIGINAL_COURSE:
        for seed in (0, 1):
            earned, max_points, messages = evaluate("tensorflow_signs", exercise, namespace[exercise], seed)
            assert earned == max_points and messages == [], (exercise, seed, messages)


def test_is_a_summed_cost_with_size_weighted_epoch_costs_named_in_the_model():
    """The summed cost is accepted, but then the epoch's cost is the total over m: the model that
    weights each mini-batch's (summed) cost by its size instead is told why its costs are off."""
    answers = with_edit(CORRECT, "compute_cost", "tf.reduce_mean", "tf.reduce_sum")
    namespace = answers_namespace("tensorflow_signs", answers)
    assert evaluate("tensorflow_signs", "compute_cost", namespace["compute_cost"], seed=0)[:2] == (3, 3)
    earned, points, messages = evaluate("tensorflow_signs", "model", namespace["model"], seed=0)
    assert 0 < earned < points and any("sums over the examples (the original course's convention)" in m
                                       for m in messages), messages


def test_does_grading_the_same_model_again_give_the_same_points_and_messages():
    """The model's check, called directly, three times on one submission (the hidden inputs of one seed):
    the same points and messages each time, for the reference (its shuffle seeded) and for the original
    course's model, whose shuffle has no seed: the check seeds TensorFlow before each call of the model."""
    from autograder.course.tensorflow_signs.checks import check_model

    for answers in (CORRECT, {**CORRECT, **ORIGINAL_COURSE}):
        namespace = answers_namespace("tensorflow_signs", answers)
        verdicts = set()
        for _ in range(3):
            rubric = check_model(namespace["model"], np.random.default_rng(7))
            verdicts.add((rubric.fraction, tuple(rubric.messages)))
        assert len(verdicts) == 1, verdicts
        [(fraction, messages)] = verdicts
        assert fraction == 1 and messages == (), messages


def test_does_a_tf_seeded_call_draw_the_same_unseeded_shuffle_each_time():
    """What makes the check repeatable: an unseeded tf.data shuffle, called through ``tf_seeded``, gives
    one order for one seed (and, for another seed, almost surely another)."""
    from autograder.engine.checks import tf_seeded

    def order(m):
        return [int(x) for x in tf.data.Dataset.range(m).shuffle(m)]

    assert tf_seeded(order, 5)(20) == tf_seeded(order, 5)(20)
    assert tf_seeded(order, 5)(20) != tf_seeded(order, 6)(20)


def test_does_a_tf_seeded_call_leave_the_kernels_global_seed_as_it_was():
    """The student's later cells run as if the grader had never seeded: with TensorFlow's global seed
    set, the notebook's own model shuffles (seed=1) into orders in which its training stalls."""
    from tensorflow.python.eager import context

    from autograder.engine.checks import tf_seeded

    tf_seeded(lambda: None, 5)()
    assert context.global_seed() is None
    tf.random.set_seed(11)
    try:
        tf_seeded(lambda: None, 5)()
        assert context.global_seed() == 11
    finally:
        tf.random.set_seed(None)

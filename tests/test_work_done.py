"""Do the hidden checks give points only for work done? A criterion a check cannot judge is failed,
never skipped: answers that compute nothing, or fake what they cannot compute, earn nothing for it."""
import numpy as np
import pytest
import tensorflow as tf

from autograder.course import evaluate
from autograder.course.optimization.demos import CORRECT as OPTIMIZATION
from autograder.course.demo import with_edit
from conftest import answers_namespace


def earned(assignment, exercise, function, seeds=(0, 1, 2)):
    """The lowest score over ``seeds`` and the messages that came with it."""
    return min((evaluate(assignment, exercise, function, seed)[::2] for seed in seeds), key=lambda r: r[0])


def test_does_a_gradient_check_that_returns_zero_earn_nothing():
    for exercise in ("gradient_check", "gradient_check_n"):
        answers = {exercise: "return 0.0"}
        points, messages = earned("gradient_checking", exercise, answers_namespace("gradient_checking", answers)[exercise])
        assert points == 0, (exercise, messages)
        assert any("time(s) where" in m for m in messages)


def test_do_mini_batches_that_repeat_the_whole_set_earn_at_most_their_structure_and_pairing():
    function = answers_namespace("optimization", {"random_mini_batches": "return [(X, Y), (X, Y)]"})["random_mini_batches"]
    points, messages = earned("optimization", "random_mini_batches", function)
    assert points <= 1.0 and any("each example belongs to exactly one mini-batch" in m for m in messages)


def test_does_a_negative_s_without_a_step_lose_the_step():
    """s accumulates dW, not dW**2, and the parameters are returned unchanged: only the structure
    (and Adam's bias correction, which was computed right from that s) keep their points."""
    cases = {"update_parameters_with_rmsprop": ('np.square(grads["d" + name])', 'grads["d" + name]', 0.4),
             "update_parameters_with_adam": ("np.square(grads[d])", "grads[d]", 1.3)}
    for exercise, (square, plain, at_most) in cases.items():
        answers = with_edit(OPTIMIZATION, exercise, square, plain)
        answers = with_edit(answers, exercise, "parameters[name] = parameters[name] - learning_rate",
                            "parameters[name] = parameters[name] - 0 * learning_rate")
        function = answers_namespace("optimization", answers)[exercise]
        points, messages = earned("optimization", exercise, function)
        assert points <= at_most and any("s has negative entries" in m for m in messages), (exercise, points, messages)


def test_are_gradients_that_do_not_follow_from_the_logits_refused():
    def forward_in_numpy(X, parameters):
        p = {k: np.asarray(v) for k, v in parameters.items()}
        relu = lambda Z: np.maximum(Z, 0)  # noqa: E731
        Z3 = p["W3"] @ relu(p["W2"] @ relu(p["W1"] @ np.asarray(X) + p["b1"]) + p["b2"]) + p["b3"]
        return tf.constant(Z3) + 0.0 * sum(tf.reduce_sum(v) for v in parameters.values())  # gradients of zeros

    points, messages = earned("tensorflow_signs", "forward_propagation", forward_in_numpy)
    assert points < 3 and any("do not match the logits" in m for m in messages), messages


SHORTCUTS = {  # (assignment, exercise): an answer that is one call to a provided helper
    ("initialization", "initialize_parameters_zeros"):
        "from dlcourse.three_layer_net import initialize_parameters\n"
        "parameters = initialize_parameters(layers_dims, lambda n: 1.0)\n"
        "return {k: 0 * v for k, v in parameters.items()}",
    ("initialization", "initialize_parameters_random"):
        "from dlcourse import three_layer_net\nreturn three_layer_net.initialize_parameters(layers_dims, lambda n: 10.0)",
    ("initialization", "initialize_parameters_he"):
        "from dlcourse.three_layer_net import initialize_parameters\n"
        "return initialize_parameters(layers_dims, lambda n: np.sqrt(2 / n))",
    ("optimization", "update_parameters_with_gd"):
        "import dlcourse.three_layer_net as net\nreturn net.update_parameters(parameters, grads, learning_rate)",
}


@pytest.mark.parametrize("assignment, exercise", SHORTCUTS, ids=[e for _, e in SHORTCUTS])
def test_does_an_answer_that_calls_a_provided_helper_earn_nothing(assignment, exercise):
    """The course's helpers include functions that would answer an exercise in one call (training
    needs them): a graded function that calls one gets no points, and is told why."""
    function = answers_namespace(assignment, {exercise: SHORTCUTS[assignment, exercise]})[exercise]
    points, messages = earned(assignment, exercise, function)
    assert points == 0 and any("which the course's helpers provide" in m for m in messages), messages

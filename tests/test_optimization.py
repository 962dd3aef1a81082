"""Optimization assignment: data, reference maths, the update-rule contract and the lesson (its demos:
``test_demos.py``)."""
import numpy as np
import pytest

from autograder.desk import grading
from autograder.course import evaluate
from autograder.course.optimization.demos import CORRECT
from autograder.course.optimization import reference
from autograder.course.demo import graded_cell, with_edit
from dlcourse.builders import build_moons
from dlcourse.data import load_moons
from dlcourse.gradient_check import THRESHOLD, check_parameter_gradients
from dlcourse.optimization import UpdateRule, train_mini_batches, update_rules
from dlcourse.three_layer_net import (backward_propagation, compute_cost, forward_propagation,
                                      initialize_parameters)
from conftest import FIGURES, REPOSITORY, answers_namespace, error_outputs, figure_problems, reproduces, run_source_notebook

HYPER = {"learning_rate": 0.01, "beta": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def he_parameters(layers_dims=(2, 5, 2, 1)):
    return initialize_parameters(list(layers_dims), lambda n_prev: np.sqrt(2 / n_prev), seed=3)


def random_grads(parameters, seed=0):
    rng = np.random.default_rng(seed)
    return {"d" + key: rng.standard_normal(value.shape) for key, value in parameters.items()}


# --- data ---------------------------------------------------------------------------------------

def test_does_the_moons_builder_reproduce_the_committed_file():
    arrays, _ = build_moons()
    train_X, train_Y = load_moons()
    assert reproduces(arrays, {"train_X": train_X, "train_Y": train_Y}) == []
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert set(np.unique(train_Y)) == {0, 1}


# --- reference maths against independent oracles ------------------------------------------------

def test_does_backward_propagation_match_numerical_gradients_on_a_mini_batch():
    X, Y = load_moons()
    X, Y = X[:, :64], Y[:, :64]
    parameters = he_parameters()
    for key, bias in random_grads(parameters, seed=1).items():  # nonzero biases: no unit sits on a kink
        if key.startswith("db"):
            parameters[key[1:]] = 0.1 + 0.05 * bias
    _, cache = forward_propagation(X, parameters)
    grads = backward_propagation(X, Y, cache)
    error = check_parameter_gradients(lambda p: compute_cost(forward_propagation(X, p)[0], Y), parameters, grads)
    assert error < THRESHOLD


def test_is_momentum_with_beta_zero_plain_gradient_descent():
    parameters = he_parameters()
    grads = random_grads(parameters)
    expected = reference.update_parameters_with_gd(dict(parameters), grads, 0.1)
    actual, _ = reference.update_parameters_with_momentum(dict(parameters), grads,
                                                          reference.initialize_velocity(parameters), 0.0, 0.1)
    for key in expected:
        np.testing.assert_allclose(actual[key], expected[key])


def test_is_the_first_adam_step_the_learning_rate_times_the_sign_of_the_gradient():
    parameters = he_parameters()
    grads = random_grads(parameters)
    v, s = reference.initialize_adam(parameters)
    new, _, _, v_corrected, s_corrected = reference.update_parameters_with_adam(
        dict(parameters), grads, v, s, 1, learning_rate=0.01, epsilon=0.0)
    for key in parameters:
        np.testing.assert_allclose(new[key], parameters[key] - 0.01 * np.sign(grads["d" + key]))
        np.testing.assert_allclose(v_corrected["d" + key], grads["d" + key])  # bias correction undoes 1 - beta1
        np.testing.assert_allclose(s_corrected["d" + key], grads["d" + key] ** 2)


def test_do_the_mini_batches_partition_a_permutation_of_the_examples():
    X = np.arange(300, dtype=float).reshape(1, -1)
    batches = reference.random_mini_batches(X, X + 1000, 64, seed=11)
    assert [b[0].shape[1] for b in batches] == [64, 64, 64, 64, 44]
    order = np.concatenate([b[0] for b in batches], axis=1).ravel()
    assert sorted(order) == list(range(300)) and list(order) != list(range(300))
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches], axis=1).ravel(), order + 1000)
    assert len(reference.random_mini_batches(X[:, :128], X[:, :128], 64)) == 2  # no empty last batch


def test_are_the_decay_schedules_right_at_known_epochs():
    assert reference.update_lr(0.5, 0, 1) == 0.5
    assert reference.update_lr(0.5, 4, 1) == pytest.approx(0.1)
    assert reference.schedule_lr_decay(0.5, 999, 1) == 0.5
    assert reference.schedule_lr_decay(0.5, 1000, 1) == pytest.approx(0.25)


# --- the update-rule contract and the training loop ---------------------------------------------

def test_does_every_rule_keep_its_state_in_one_dict():
    rules = update_rules(vars(reference))
    assert set(rules) == {"gd", "momentum", "rmsprop", "adam"}
    parameters = he_parameters()
    expected_state = {"gd": set(), "momentum": {"v"}, "rmsprop": {"s"}, "adam": {"v", "s", "t"}}
    for name, rule in rules.items():
        state = rule.init(parameters)
        assert set(state) == expected_state[name]
        parameters_after, state_after = rule.step(dict(parameters), random_grads(parameters), state, HYPER)
        assert set(state_after) == expected_state[name]
        assert not np.allclose(parameters_after["W1"], parameters["W1"])


def test_does_the_loop_follow_the_seed_schedule_and_count_adam_steps_from_one():
    X, Y = load_moons()
    seeds, steps = [], []

    def spying_mini_batches(X, Y, mini_batch_size, seed):
        seeds.append(seed)
        return reference.random_mini_batches(X, Y, mini_batch_size, seed)

    def spying_adam(parameters, grads, v, s, t, *args):
        steps.append(t)
        return reference.update_parameters_with_adam(parameters, grads, v, s, t, *args)

    rule = update_rules({**vars(reference), "update_parameters_with_adam": spying_adam})["adam"]
    train_mini_batches(X, Y, he_parameters(), rule, spying_mini_batches, HYPER, num_epochs=3, print_cost=False)
    assert seeds == [11, 12, 13]
    assert steps == list(range(1, 16))  # 5 mini-batches an epoch, t never restarts


def test_is_the_recorded_cost_the_epoch_mean_over_all_examples():
    X, Y = load_moons()
    frozen = UpdateRule("frozen", lambda parameters: {}, lambda parameters, grads, state, hyper: (parameters, state))
    parameters = he_parameters()
    _, history = train_mini_batches(X, Y, parameters, frozen, reference.random_mini_batches, HYPER,
                                    num_epochs=1, print_cost=False)
    assert history["cost"][0] == pytest.approx(compute_cost(forward_propagation(X, parameters)[0], Y))


def test_does_decay_set_the_rate_after_each_epoch():
    X, Y = load_moons()
    rule = update_rules(vars(reference))["gd"]
    _, history = train_mini_batches(X, Y, he_parameters(), rule, reference.random_mini_batches,
                                    {**HYPER, "learning_rate": 0.1}, num_epochs=201, print_cost=False,
                                    decay=reference.update_lr, decay_rate=1)
    assert history["learning_rate"] == pytest.approx([0.1, 0.1 / 101, 0.1 / 201])


# --- the lesson, from the source notebook ---------------------------------------------------------

@pytest.fixture(scope="module")
def accuracies():
    """Train accuracy of every run of the source notebook, by run label, after a clean full run."""
    notebook, accuracies = run_source_notebook(
        "optimization", '{label: result["accuracy"] for label, result in results.items()}')
    assert error_outputs(notebook) == []
    return accuracies


def test_does_adam_beat_gd_and_momentum_by_ten_points_at_a_small_learning_rate(accuracies):
    adam = accuracies["adam, learning rate 0.0007"]
    assert adam >= accuracies["gd, learning rate 0.0007"] + 0.10
    assert adam >= accuracies["momentum, learning rate 0.0007"] + 0.10
    assert adam >= 0.90


def test_does_decay_after_every_epoch_stall_while_scheduled_decay_reaches_ninety_percent(accuracies):
    scheduled = {label: value for label, value in accuracies.items() if label.endswith("schedule_lr_decay")}
    assert {label.split(",")[0] for label in scheduled} == {"gd", "momentum", "adam"}
    assert all(value >= 0.90 for value in scheduled.values()), scheduled
    assert accuracies["gd, learning rate 0.1, update_lr"] < 0.80


# --- the course's own code and an edge case -------------------------------------------------------

# The course's own code: the demo `course-style` (test_demos.py), with its math.floor.


def test_do_mini_batches_that_forget_a_set_smaller_than_one_batch_lose_points():
    answers = with_edit(CORRECT, "random_mini_batches", "if m % mini_batch_size != 0:",
                        "if num_complete_mini_batches and m % mini_batch_size != 0:")
    function = answers_namespace("optimization", answers)["random_mini_batches"]
    earned, points, messages = evaluate("optimization", "random_mini_batches", function, seed=0)
    assert 0 < earned < points and any("returned no mini-batch" in m for m in messages), messages


LOOP_VARIABLE_LAST_BATCH = """\
np.random.seed(seed)
m = X.shape[1]
order = np.random.permutation(m)
X, Y = X[:, order], Y[:, order]
mini_batches = []
for k in range(m // mini_batch_size):
    mini_batches.append((X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                         Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
if m % mini_batch_size != 0:
    mini_batches.append((X[:, (k + 1) * mini_batch_size:], Y[:, (k + 1) * mini_batch_size:]))
return mini_batches
"""


def test_does_a_crash_in_one_case_cost_only_that_cases_share():
    """The last batch built from the loop variable ``k``: right on four of the five hidden cases,
    ``NameError`` when m < mini_batch_size (the loop never ran). It lost every point; now the one
    case, reported with its input."""
    answers = {**CORRECT, "random_mini_batches": LOOP_VARIABLE_LAST_BATCH}
    function = answers_namespace("optimization", answers)["random_mini_batches"]
    earned, points, messages = evaluate("optimization", "random_mini_batches", function, seed=0)
    assert earned == pytest.approx(points * 4 / 5), messages
    [message] = messages
    assert message.startswith("1 of 5 cases raised") and ", 16, " in message and "UnboundLocalError" in message, message


def test_does_the_public_check_show_the_case_of_fewer_examples_than_a_mini_batch():
    """The hidden case that took every point from the loop-variable answer has a public twin: the
    student's own test cell fails on it, naming the case, before any grading (the correct answer passes)."""
    release = grading.release_notebook("optimization", "optimization", REPOSITORY)
    test_cell = graded_cell(release, "test_random_mini_batches").source
    train_X, train_Y = load_moons()
    for body, fails in ((CORRECT["random_mini_batches"], False), (LOOP_VARIABLE_LAST_BATCH, True)):
        namespace = answers_namespace("optimization", {**CORRECT, "random_mini_batches": body})
        namespace.update(train_X=train_X, train_Y=train_Y)
        if fails:
            with pytest.raises(Exception, match="local variable 'k'"):
                exec(test_cell, namespace)
        else:
            exec(test_cell, namespace)


def test_does_returning_the_whole_set_twice_earn_nothing():
    """``[(X, Y), (X, Y)]``: no shuffle, no batches; its pairs match and its form is right, which
    earned 1/3 on their own."""
    answers = {**CORRECT, "random_mini_batches": "return [(X, Y), (X, Y)]\n"}
    function = answers_namespace("optimization", answers)["random_mini_batches"]
    earned, points, messages = evaluate("optimization", "random_mini_batches", function, seed=0)
    assert earned == 0 and any("examples in all, not the m=" in m for m in messages), messages


def test_do_the_figures_have_titles_labelled_axes_and_legends_that_hide_no_data(accuracies):
    """Each figure the notebook shows, saved under tests/artifacts/figures/optimization/ by the run above."""
    assert figure_problems("optimization") == {}
    shown = " ".join(figure["png"] for figure in FIGURES["optimization"])
    for picture in ["gradient-descent-on-an-elongated-bowl", "momentum-a-running-average", "learning-rate-per-epoch",
                    "every-run-its-cost-and-the-learning-rate", "what-each-run-learned"]:
        assert picture in shown, f"the notebook does not show {picture}: {shown}"

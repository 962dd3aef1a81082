"""Batch normalization and hyperparameter search: the network helper, the reference, a shortcut and
the lesson of the notebook."""
import numpy as np
import pytest

from autograder.desk import grading
from autograder.course import evaluate
from autograder.course.batch_norm.demos import CORRECT
from autograder.course.batch_norm import reference
from autograder.course.demo import graded_cell, with_edit
from dlcourse import batch_norm_net
from dlcourse.gradient_check import THRESHOLD, check_parameter_gradients
from conftest import FIGURES, REPOSITORY, answers_namespace, error_outputs, figure_problems, run_source_notebook

BATCHNORM = (reference.batchnorm_forward, reference.batchnorm_backward)


@pytest.mark.parametrize("batchnorm", [None, BATCHNORM], ids=["plain", "batch-norm"])
def test_does_the_network_backward_pass_agree_with_numerical_gradients(batchnorm):
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 7)), (rng.random((1, 7)) > 0.5).astype(float)
    parameters, bn_params = batch_norm_net.initialize_parameters([2, 4, 3, 3, 1], batchnorm is not None, seed=1)

    def cost_of(parameters):
        ZL, _ = batch_norm_net.forward(X, parameters, bn_params, batchnorm)
        return batch_norm_net.compute_cost(ZL, Y)

    ZL, caches = batch_norm_net.forward(X, parameters, bn_params, batchnorm)
    grads = batch_norm_net.backward(ZL, Y, caches, batchnorm)
    assert check_parameter_gradients(cost_of, parameters, grads) < THRESHOLD


def test_do_the_running_averages_move_towards_the_batch_statistics():
    Z = np.array([[1.0, 3.0], [2.0, 2.0]])
    bn_param = {"mode": "train", "eps": 1e-5, "momentum": 0.9, "running_mean": np.zeros((2, 1)),
                "running_var": np.ones((2, 1))}
    reference.batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)), bn_param)
    assert np.allclose(bn_param["running_mean"], [[0.2], [0.2]]) and np.allclose(bn_param["running_var"], [[1.0], [0.9]])
    bn_param["mode"] = "test"
    Z_tilde, _ = reference.batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)), bn_param)
    assert np.allclose(Z_tilde, (Z - 0.2) / np.sqrt(np.array([[1.0], [0.9]]) + 1e-5))
    assert np.allclose(bn_param["running_mean"], [[0.2], [0.2]])


def test_does_a_random_search_that_calls_the_provided_trial_runner_earn_nothing():
    body = """learning_rates = sample_log_uniform(lr_range[0], lr_range[1], n_trials, rng)
betas = 1 - sample_log_uniform(1 - beta_range[1], 1 - beta_range[0], n_trials, rng)
return run_trials(train_and_score, zip(learning_rates, betas))"""
    namespace = answers_namespace("batch_norm", {"random_search": body})
    earned, _, messages = evaluate("batch_norm", "random_search", namespace["random_search"], seed=0)
    assert earned == 0 and any("run_trials" in message for message in messages), messages


def test_is_a_best_chosen_by_learning_rate_not_called_the_trial_of_highest_cost():
    """The largest learning rate is the trial of highest cost in some cases, by chance, not in all:
    the feedback says what differs instead of naming a mistake that was not made."""
    body = """learning_rates = sample_log_uniform(lr_range[0], lr_range[1], n_trials, rng)
betas = 1 - sample_log_uniform(1 - beta_range[1], 1 - beta_range[0], n_trials, rng)
trials = [{"learning_rate": float(lr), "beta": float(b), "cost": float(train_and_score(float(lr), float(b)))}
          for lr, b in zip(learning_rates, betas)]
return max(trials, key=lambda trial: trial["learning_rate"]), trials"""
    namespace = answers_namespace("batch_norm", {"random_search": body})
    for seed in range(3):
        earned, points, messages = evaluate("batch_norm", "random_search", namespace["random_search"], seed=seed)
        assert earned < points and not any("highest cost" in message for message in messages), messages
        assert any("not the lowest of its trials" in message for message in messages), messages


FAKES = {
    "batchnorm_forward": "return Z, (Z, Z, 0.0, 1.0, gamma, 1e-5)",
    "batchnorm_backward": "return dZ_tilde, np.zeros((dZ_tilde.shape[0], 1)), np.zeros((dZ_tilde.shape[0], 1))",
    "sample_log_uniform": "return np.full(size, float(low))",
    "random_search": "trial = {'learning_rate': 0.01, 'beta': 0.9, 'cost': 0.0}\nreturn trial, [trial] * n_trials",
    "narrow_ranges": "return (0.01, 0.1), (0.9, 0.99)",
}


@pytest.mark.parametrize("exercise", sorted(FAKES))
def test_does_an_answer_of_the_right_form_that_computes_nothing_earn_nothing(exercise):
    function = answers_namespace("batch_norm", {exercise: FAKES[exercise]})[exercise]
    for seed in (0, 1):
        earned, _, messages = evaluate("batch_norm", exercise, function, seed)
        assert earned == 0 and messages, messages


@pytest.fixture(scope="module")
def lesson():
    notebook, found = run_source_notebook(
        "batch_norm",
        "{'runs': {f'{name}@{rate}': run['costs'] for (name, rate), run in runs.items()}, "
        "'sweep': sweep, 'grid': grid_best, 'random': [searches[seed][0] for seed in SEARCH_SEEDS], "
        "'coarse': coarse_best, 'fine': fine_best, 'fine_ranges': [fine_lr_range, fine_beta_range]}")
    return notebook, found


def test_does_the_notebook_teach_the_lesson(lesson):
    """With the same learning rate and epochs the batch-normalized network ends lower; at a learning
    rate where the plain network diverges (its cost jumps, then ends at chance, ln 2) the batch-normalized
    one still trains; on every seed the random log-scale search finds a lower cost than the linear grid
    of the same budget, and the fine search narrows around the coarse one."""
    notebook, found = lesson
    assert error_outputs(notebook) == []
    runs = found["runs"]
    print({name: round(costs[-1], 3) for name, costs in runs.items()})
    assert runs["batch norm@0.1"][-1] < runs["plain@0.1"][-1] - 0.02
    plain, normalized = runs["plain@10.0"], runs["batch norm@10.0"]
    assert max(plain) > 3 * plain[0] and plain[-1] > np.log(2) - 0.01
    assert normalized[-1] < 0.4 and max(normalized) < 1.0
    assert sum(c < np.log(2) - 0.05 for c in found["sweep"]["batch norm"]) > sum(
        c < np.log(2) - 0.05 for c in found["sweep"]["plain"])
    grid = found["grid"]
    print("grid", grid, "random", found["random"], "fine", found["fine"])
    assert all(best["cost"] < grid["cost"] - 0.03 for best in found["random"])
    assert len({round(best["learning_rate"], 6) for best in found["random"]}) == len(found["random"])
    lr_range, beta_range = found["fine_ranges"]
    assert lr_range[0] <= found["coarse"]["learning_rate"] <= lr_range[1]
    assert 1e-4 < lr_range[0] and lr_range[1] < 10 and 0.9 <= beta_range[0] <= beta_range[1] <= 0.999
    assert found["fine"]["cost"] <= found["coarse"]["cost"]
    [results] = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "results"]
    table = "".join(o["data"].get("text/markdown", "") for o in results.outputs if "data" in o)
    assert "Batch norm, learning rate 10" in table and "diverges" in table and "coarse to fine" in table
    assert notebook.cells[-1].source.startswith("## What to remember")


def test_do_the_figures_have_titles_labelled_axes_and_legends_that_hide_no_data(lesson):
    """Each figure the notebook shows, saved under tests/artifacts/figures/batch_norm/ by the run above."""
    assert figure_problems("batch_norm") == {}
    shown = " ".join(figure["png"] for figure in FIGURES["batch_norm"])
    assert len(FIGURES["batch_norm"]) >= 3, shown


def test_does_a_test_mode_cache_of_the_batch_statistics_lose_the_cache_point():
    """Test mode normalizes with the running averages; a cache built from the batch's own statistics
    is not what the notebook asks for (the mu and var it used)."""
    answers = with_edit(CORRECT, "batchnorm_forward", "cache = (Z, Z_norm, mu, var, gamma, eps)",
                        "cache = (Z, Z_norm, np.mean(Z, axis=1, keepdims=True), np.var(Z, axis=1, keepdims=True), "
                        "gamma, eps)")
    namespace = answers_namespace("batch_norm", answers)
    earned, points, messages = evaluate("batch_norm", "batchnorm_forward", namespace["batchnorm_forward"], seed=0)
    assert earned < points and any("the cache's mu" in m for m in messages), messages


def test_does_the_test_of_batchnorm_backward_say_that_an_unfinished_batchnorm_forward_is_not_implemented_yet():
    """Exercise 2's test cell needs Exercise 1's function for its caches: with that stub left, the
    student reads the message every test cell gives for a stub, naming batchnorm_forward, not a bare
    NotImplementedError."""
    namespace = answers_namespace("batch_norm", {"batchnorm_backward": CORRECT["batchnorm_backward"]})
    test_cell = graded_cell(grading.release_notebook("batch_norm", "batch_norm", REPOSITORY), "test_batchnorm_backward")
    with pytest.raises(AssertionError, match=r"^batchnorm_forward is not implemented yet: replace "):
        exec(test_cell.source, namespace)

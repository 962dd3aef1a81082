"""Train/dev/test distributions: the evening pictures, the lesson's model, reference, hidden checks and
the lesson of the notebook."""
import numpy as np
import pytest

from autograder.course import evaluate
from autograder.course.data_distributions import reference
from dlcourse.data import dataset_path, load_evening_signs, read_signs
from dlcourse.distributions import picture_features, predict_logistic, train_logistic
from dlcourse.hand_signs import make_signs
from conftest import FIGURES, answers_namespace, error_outputs, figure_problems, run_source_notebook


def test_do_studio_conditions_still_draw_the_committed_signs_pictures():
    X, y = make_signs(20, seed=2)
    committed_X, committed_Y, _ = read_signs(dataset_path("test_signs"))
    assert np.array_equal(X, committed_X) and np.array_equal(y, committed_Y.ravel())


def test_are_the_evening_pictures_deterministic_and_darker():
    X, Y = load_evening_signs(per_class=5, seed=7)
    again, _ = load_evening_signs(per_class=5, seed=7)
    assert X.shape == (30, 64, 64, 3) and X.dtype == np.uint8 and Y.shape == (1, 30)
    assert np.array_equal(X, again) and sorted(np.bincount(Y.ravel())) == [5] * 6
    studio, _ = make_signs(5, seed=7)
    assert X.mean() < studio.mean() - 40


def test_are_picture_features_blind_to_brightness():
    X, _ = make_signs(2, seed=3)
    features = picture_features(X)
    assert features.shape == (16 * 16 * 3, 12)
    dimmed = picture_features((X * 0.6).astype(np.uint8))
    assert np.corrcoef(features.ravel(), dimmed.ravel())[0, 1] > 0.99


def test_does_the_logistic_regression_learn_a_separable_problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 200))
    Y = (X[0:1] + X[1:2] > 0).astype(np.int64)
    parameters = train_logistic(X, Y, num_iterations=500, learning_rate=0.5)
    assert np.mean(predict_logistic(X, parameters) == Y) > 0.95


def test_does_the_reference_match_the_definitions():
    assert reference.histogram_intersection(np.array([2, 6, 0, 2]), np.array([1, 1, 2, 0])) == pytest.approx(0.45)
    assert reference.histogram_intersection(np.array([0.0, 1.0]), np.array([1.0, 0.0])) == 0.0
    image = np.random.default_rng(1).random((10, 12, 3))
    assert reference.compare_images(image, image, 7) == pytest.approx(1.0)
    assert reference.compare_images(image * 0.3, image[:5] * 0.3 + 0.7, 10) == 0.0


@pytest.mark.parametrize("exercise", ["histogram_intersection", "compare_images"])
def test_does_the_reference_earn_full_marks_on_random_inputs(exercise):
    for seed in range(5):
        earned, max_points, messages = evaluate("data_distributions", exercise, getattr(reference, exercise), seed)
        assert earned == max_points and messages == []


def test_is_normalizing_after_the_minimum_not_named_as_normalizing_hist_1_only():
    """sum(min(hist_1, hist_2)) / sum(hist_1) matches "normalizes hist_1 only" on some inputs, not all."""
    def after_the_minimum(hist_1, hist_2):
        return float(np.sum(np.minimum(hist_1, hist_2)) / np.sum(hist_1))

    for seed in range(3):
        earned, points, messages = evaluate("data_distributions", "histogram_intersection", after_the_minimum, seed)
        assert earned < points and messages and not any("hist_1 only" in m for m in messages), messages


def test_is_a_histogram_of_one_channel_only_caught():
    def first_channel(image_a, image_b, bins):
        hist_a = np.histogram(image_a[:, :, 0], bins=bins, range=(0, 1))[0]
        hist_b = np.histogram(image_b[:, :, 0], bins=bins, range=(0, 1))[0]
        return reference.histogram_intersection(hist_a, hist_b)

    earned, _, messages = evaluate("data_distributions", "compare_images", first_channel, seed=0)
    assert earned < 4 and messages


@pytest.mark.parametrize("exercise", ["histogram_intersection", "compare_images"])
@pytest.mark.parametrize("constant", ["1.0", "0.0", "0.5"])
def test_does_an_answer_that_computes_nothing_earn_nothing(exercise, constant):
    """1 is right for identical inputs and 0 for disjoint ones, but not whatever the inputs."""
    function = answers_namespace("data_distributions", {exercise: f"return {constant}"})[exercise]
    for seed in (0, 1):
        earned, _, messages = evaluate("data_distributions", exercise, function, seed)
        assert earned == 0 and any("whatever its inputs" in m for m in messages), messages


def test_does_a_split_without_shuffling_lose_the_shuffle_points():
    def first_come(X_orig, Y, dev_size, seed):
        return X_orig[:dev_size], Y[:, :dev_size], X_orig[dev_size:], Y[:, dev_size:]

    earned, max_points, messages = evaluate("data_distributions", "split_dev_test", first_come, seed=0)
    assert earned <= max_points / 2 and any("does not shuffle" in m for m in messages)


def test_does_the_notebook_teach_the_lesson():
    """Pictures of one distribution share more colour than pictures of two; on every seed, the model
    picked by the matched dev set does at least as well on the test set as the mismatched pick, whose
    dev accuracy overstates its test accuracy; the results table closes the notebook."""
    notebook, found = run_source_notebook(
        "data_distributions",
        "{'intersections': intersections, 'gaussian': gaussian_intersection, 'shifts': shift_intersections, "
        "'seeds': [picks] + [run_selection(seed)['picks'] for seed in (2, 3, 4)]}")  # picks: the notebook's SEED run
    assert error_outputs(notebook) == []
    intersections = found["intersections"]
    assert min(intersections["studio vs studio"], intersections["evening vs evening"]) > (
        intersections["studio vs evening"] + 0.15)
    assert found["gaussian"] == pytest.approx(0.62, abs=0.03)  # 2 * Phi(-1/2)
    assert found["shifts"] == sorted(found["shifts"], reverse=True) and found["shifts"][0] > 0.95
    for picks in found["seeds"]:
        matched, mismatched = picks["matched"], picks["mismatched"]
        assert matched["test"] >= mismatched["test"], picks
        assert mismatched["dev"] > mismatched["test"] + 0.1, picks
        assert matched["evening_weight"] >= mismatched["evening_weight"], picks
    first = found["seeds"][0]
    assert first["matched"]["test"] > first["mismatched"]["test"]
    [results] = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "results"]
    table = "".join(o["data"].get("text/markdown", "") for o in results.outputs if "data" in o)
    assert "picked by the mismatched dev set" in table and "picked by the matched dev set" in table
    assert f"{first['matched']['test']:.1%}" in table and f"{first['mismatched']['test']:.1%}" in table
    assert notebook.cells[-1].source.startswith("## What to remember")


def test_do_the_figures_have_titles_labelled_axes_and_legends_that_hide_no_data():
    """Each figure the notebook shows, saved under tests/artifacts/figures/data_distributions/ by the run above."""
    assert figure_problems("data_distributions") == {}
    shown = " ".join(figure["png"] for figure in FIGURES["data_distributions"])
    for picture in ["two-gaussian-samples", "accuracy-of-each-model"]:
        assert picture in shown, f"the notebook does not show {picture}: {shown}"

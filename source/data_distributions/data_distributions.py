# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "title", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Train, dev and test sets: do they come from the same distribution?
#
# [Open in Colab](https://colab.research.google.com/github/improving-dnn-course/improving-deep-neural-networks/blob/main/assignments/data_distributions/data_distributions.ipynb)
#
# You pick a model by its accuracy on the dev set and you trust its accuracy on the test set. Both
# only work when the dev set and the test set come from the **same distribution**: the data that the
# model will meet in use. In this assignment you
#
# 1. measure how much two distributions overlap with the **histogram intersection**,
# 2. use it to compare the colours of two pictures, and find that pictures of hands taken in a
#    studio and in the evening come from different distributions,
# 3. split data into dev and test sets of one distribution, and see a dev set from the wrong
#    distribution pick a worse model than a dev set from the right one.
#
# | Exercise | Function | Points |
# |---|---|---|
# | 1 | `histogram_intersection` | 4 |
# | 2 | `compare_images` | 4 |
# | 3 | `split_dev_test` | 3 |
#
# In each exercise's cell, replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, and keep the function's name and arguments. Run every cell in order, and each exercise's test
# cell right after it: it shows the values your function should give and, when yours differ, says
# which one and names the typical mistake that gives the same values, if there is one.


# %% [markdown] nbgrader={"grade": false, "grade_id": "contents", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Contents** (3 graded exercises, 11 points; this list is written from the headings below by `course build`)
#
# - [The data](#The-data)
# - [Part 1: how much do two distributions overlap?](#Part-1:-how-much-do-two-distributions-overlap?)
# - [Exercise 1: histogram intersection](#Exercise-1:-histogram-intersection) (4 points)
#   - [Two Gaussian samples](#Two-Gaussian-samples)
# - [Part 2: pictures from two distributions](#Part-2:-pictures-from-two-distributions)
# - [Exercise 2: compare the colours of two pictures](#Exercise-2:-compare-the-colours-of-two-pictures) (4 points)
#   - [Same distribution or not?](#Same-distribution-or-not?)
# - [Part 3: a dev set from the wrong distribution picks the wrong model](#Part-3:-a-dev-set-from-the-wrong-distribution-picks-the-wrong-model)
# - [Exercise 3: split into dev and test sets of one distribution](#Exercise-3:-split-into-dev-and-test-sets-of-one-distribution) (3 points)
# - [Results](#Results)
# - [What to remember](#What-to-remember)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np

from dlcourse.data import load_evening_signs, load_signs
from dlcourse.distributions import picture_features, predict_logistic, train_logistic
from dlcourse.metrics import accuracy
from dlcourse.public_checks import call, expect, expect_array, expect_value, public_checks
from dlcourse.report import results_table

plt.rcParams["figure.figsize"] = (6.0, 4.0)
SEED = 1  # draws the evening pictures below; the lesson holds for other seeds too


# %% [markdown] nbgrader={"grade": false, "grade_id": "data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The data
#
# Pictures of hands showing 0 to 5 fingers, 64x64 pixels in RGB: the course's SIGNS set (drawn by
# `dlcourse`), taken in a bright studio in front of a light wall, and pictures of the same kind taken
# in the evening (a dim, warm room, a dark wall), which `load_evening_signs(per_class, seed)` draws,
# `per_class` of each count. Parts 2 and 3 use them.


# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
studio_X_orig, studio_Y, studio_test_X_orig, studio_test_Y, classes = load_signs()
evening_X_orig, evening_Y = load_evening_signs(per_class=20, seed=SEED)
print(f"studio pictures: train {studio_X_orig.shape}, test {studio_test_X_orig.shape}; "
      f"evening pictures {evening_X_orig.shape}")


# %% [markdown] nbgrader={"grade": false, "grade_id": "histograms-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 1: how much do two distributions overlap?
#
# A histogram counts how many values fall in each of `bins` equal intervals ("bins") of a range.
# Divided by its sum it becomes a **normalized histogram**: the fraction of the values in each bin, a
# rough picture of the distribution the values come from. The **histogram intersection** of two
# normalized histograms $h_1$ and $h_2$ of the same bins is
#
# $$I(h_1, h_2) = \sum_{k} \min\left(h_1[k], h_2[k]\right).$$
#
# It is the area the two histograms share: 1 when they are equal, 0 when no bin holds values of both,
# and in between otherwise. (For normalized histograms, $I = 1 - \frac{1}{2}\sum_k |h_1[k] - h_2[k]|$.)


# %% [markdown] nbgrader={"grade": false, "grade_id": "intersection-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: histogram intersection
#
# Implement `histogram_intersection(hist_1, hist_2)`:
#
# - `hist_1`, `hist_2` are 1-D numpy arrays of the same length, with non-negative values and a
#   positive sum: normalized histograms, or plain counts such as `np.histogram` returns;
# - first **normalize** each one (divide it by its sum), so that counts work too and a histogram
#   that already sums to 1 stays as it is;
# - return the sum of the elementwise minimum (`np.minimum`) as one number (a `float`), in [0, 1].


# %% nbgrader={"grade": false, "grade_id": "histogram_intersection", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: histogram_intersection
def histogram_intersection(hist_1, hist_2):
    """
    Arguments:
    hist_1 -- histogram, numpy array of shape (n_bins,): counts or frequencies, positive sum
    hist_2 -- histogram of the same bins, shape (n_bins,)

    Returns:
    intersection -- float in [0, 1]: sum over the bins of min(hist_1, hist_2), each normalized
                    to sum 1 first
    """
    ### BEGIN SOLUTION
    hist_1 = hist_1 / np.sum(hist_1)
    hist_2 = hist_2 / np.sum(hist_2)
    intersection = np.sum(np.minimum(hist_1, hist_2))
    return float(intersection)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_histogram_intersection", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # Counts: [2, 6, 0, 2] normalizes to [0.2, 0.6, 0, 0.2] and [1, 1, 2, 0] to [0.25, 0.25, 0.5, 0];
    # their minimum is [0.2, 0.25, 0, 0], which sums to 0.45.
    intersection = call(histogram_intersection, np.array([2, 6, 0, 2]), np.array([1, 1, 2, 0]))
    expect_value(intersection, 0.45, "histogram_intersection([2, 6, 0, 2], [1, 1, 2, 0])", scalar=True)
    h = np.array([0.1, 0.4, 0.0, 0.5])
    expect_value(call(histogram_intersection, h, h), 1.0, "histogram_intersection(h, h) of identical histograms")
    expect_value(call(histogram_intersection, h, np.array([0.3, 0.3, 0.2, 0.2])), 0.6,
                 "histogram_intersection([0.1, 0.4, 0.0, 0.5], [0.3, 0.3, 0.2, 0.2])")
    expect_value(call(histogram_intersection, np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.0, 0.0, 0.3, 0.7])), 0.0,
                 "histogram_intersection of histograms with no bin in common")
    # The caller's histograms stay as they were (the notebook uses its counts again after the call).
    counts_1, counts_2 = np.array([2.0, 6.0, 0.0, 2.0]), np.array([1.0, 1.0, 2.0, 0.0])
    expect_value(call(histogram_intersection, counts_1, counts_2), 0.45,
                 "histogram_intersection of the float counts [2.0, 6.0, 0.0, 2.0] and [1.0, 1.0, 2.0, 0.0]")
    expect(counts_1.tolist() == [2, 6, 0, 2] and counts_2.tolist() == [1, 1, 2, 0],
           "the histograms given to histogram_intersection",
           "histogram_intersection changed the histograms it was given: normalize new arrays, not the caller's")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("data_distributions", "histogram_intersection", histogram_intersection)
### END HIDDEN TESTS


# %% [markdown] nbgrader={"grade": false, "grade_id": "gaussians-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Two Gaussian samples
#
# Draw `datapoints` values from a Gaussian of mean `mu_1` and as many from one of mean `mu_2` (both of
# standard deviation 1), take their histograms over the same `bins` bins of the interval
# `hist_range` (`np.histogram`'s `range` argument: both histograms must use the same bins), and
# measure how much they overlap.


# %% nbgrader={"grade": false, "grade_id": "gaussians", "locked": true, "schema_version": 3, "solution": false, "task": false}
mu_1, mu_2 = 0.0, 1.0
datapoints = 10000
bins = 40
hist_range = (-4.0, 5.0)

rng = np.random.default_rng(SEED)
sample_1 = rng.normal(mu_1, 1.0, datapoints)
sample_2 = rng.normal(mu_2, 1.0, datapoints)
hist_1, edges = np.histogram(sample_1, bins=bins, range=hist_range)
hist_2, _ = np.histogram(sample_2, bins=bins, range=hist_range)
gaussian_intersection = histogram_intersection(hist_1, hist_2)
print(f"Intersection of the histograms of N({mu_1}, 1) and N({mu_2}, 1): {gaussian_intersection:.3f}")

fig, ax = plt.subplots()
ax.stairs(hist_1 / hist_1.sum(), edges, fill=True, alpha=0.5, label=f"$\\mu_1 = {mu_1}$")
ax.stairs(hist_2 / hist_2.sum(), edges, fill=True, alpha=0.5, label=f"$\\mu_2 = {mu_2}$")
ax.stairs(np.minimum(hist_1 / hist_1.sum(), hist_2 / hist_2.sum()), edges, color="k", label="minimum (shared area)")
ax.set_title(f"Two Gaussian samples: intersection {gaussian_intersection:.2f}")
ax.set_xlabel("value")
ax.set_ylabel("fraction of the sample")
ax.legend()
plt.show()


# %% [markdown] nbgrader={"grade": false, "grade_id": "gaussians-shift-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The further apart the means, the smaller the shared area. For two Gaussians of standard deviation
# 1 whose means are $d$ apart, the exact overlap is $2\Phi(-d/2)$ ($\Phi$ the standard normal
# distribution function): about 0.62 for $d = 1$, 0.32 for $d = 2$, 0.13 for $d = 3$.


# %% nbgrader={"grade": false, "grade_id": "gaussians-shift", "locked": true, "schema_version": 3, "solution": false, "task": false}
shifts = [0.0, 0.5, 1.0, 2.0, 3.0, 4.0]
shift_intersections = []
for shift in shifts:
    sample = rng.normal(mu_1 + shift, 1.0, datapoints)
    shift_intersections.append(histogram_intersection(hist_1, np.histogram(sample, bins=bins, range=hist_range)[0]))
fig, ax = plt.subplots()
ax.plot(shifts, shift_intersections, "o-", label="two samples of 10000 values")
ax.set_title("Histogram intersection of two Gaussians")
ax.set_xlabel("$\\mu_2 - \\mu_1$")
ax.set_ylabel("intersection")
ax.legend()
plt.show()


# %% [markdown] nbgrader={"grade": false, "grade_id": "pictures-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2: pictures from two distributions
#
# The SIGNS pictures were taken in a studio. Suppose the users of your finger-counting app take theirs
# in the evening. Here are a few of each.


# %% nbgrader={"grade": false, "grade_id": "pictures", "locked": true, "schema_version": 3, "solution": false, "task": false}
fig, axes = plt.subplots(2, 6, figsize=(10, 3.8))
for row, (pictures, labels, where) in enumerate([(studio_X_orig, studio_Y, "studio"),
                                                  (evening_X_orig, evening_Y, "evening")]):
    for column, ax in enumerate(axes[row]):
        ax.imshow(pictures[column])
        ax.set_title(f"{where}, y = {labels[0, column]}", fontsize=9)
        ax.axis("off")
fig.suptitle("Pictures of the two distributions")
plt.show()


# %% [markdown] nbgrader={"grade": false, "grade_id": "compare-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: compare the colours of two pictures
#
# A picture's colour histograms summarize its colours, whatever the hand's pose. Implement
# `compare_images(image_a, image_b, bins)`, with this exact definition:
#
# - `image_a`, `image_b` are numpy arrays of shape `(height, width, 3)` (heights and widths may
#   differ between the two) with values in [0, 1];
# - for each colour channel `c` (0, 1, 2: red, green, blue), take the histogram of the channel's
#   values, `image[:, :, c]`, with `np.histogram(..., bins=bins, range=(0, 1))`: `bins` equal bins
#   over [0, 1] for both pictures;
# - compute the intersection of the two pictures' histograms of that channel with your
#   `histogram_intersection` (which normalizes them);
# - return the **mean** of the three channels' intersections, a `float` in [0, 1].


# %% nbgrader={"grade": false, "grade_id": "compare_images", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: compare_images
def compare_images(image_a, image_b, bins):
    """
    Arguments:
    image_a -- picture, numpy array of shape (height_a, width_a, 3), values in [0, 1]
    image_b -- picture, numpy array of shape (height_b, width_b, 3), values in [0, 1]
    bins -- number of equal bins over [0, 1] of each channel's histogram

    Returns:
    similarity -- float in [0, 1]: the mean over the 3 channels of the intersection of the
                  two pictures' histograms of that channel
    """
    ### BEGIN SOLUTION
    intersections = []
    for channel in range(3):
        hist_a, _ = np.histogram(image_a[:, :, channel], bins=bins, range=(0, 1))
        hist_b, _ = np.histogram(image_b[:, :, channel], bins=bins, range=(0, 1))
        intersections.append(histogram_intersection(hist_a, hist_b))
    return float(np.mean(intersections))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_compare_images", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    rng_check = np.random.default_rng(0)
    image_a = rng_check.random((64, 64, 3))  # uniform on [0, 1]
    image_b = 0.1 + 0.6 * rng_check.random((64, 64, 3)) ** np.array([1.0, 2.0, 3.0])  # each channel its own way
    similarity = call(compare_images, image_a, image_b, 5)
    expect_value(similarity, 0.6685384114583334, "compare_images(image_a, image_b, bins=5)", scalar=True)
    expect_value(call(compare_images, image_a, image_a, 5), 1.0, "compare_images(image_a, image_a, bins=5)")
    expect_value(call(compare_images, image_a[:32] * 0.4, image_b[:20, :50] * 0.4 + 0.6, 5), 0.0,
                 "compare_images of pictures whose values lie in [0, 0.4] and [0.6, 1]")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("data_distributions", "compare_images", compare_images)
### END HIDDEN TESTS


# %% [markdown] nbgrader={"grade": false, "grade_id": "compare-pictures-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Same distribution or not?
#
# Compare 60 pairs of pictures of each kind: two studio pictures, two evening pictures, and a studio
# picture with an evening one (8 bins a channel).


# %% nbgrader={"grade": false, "grade_id": "compare-pictures", "locked": true, "schema_version": 3, "solution": false, "task": false}
def pair_scores(pictures_a, pictures_b, pairs=60, bins=8):
    """compare_images of the first `pairs` pictures of pictures_a with those of pictures_b (uint8)."""
    return np.array([compare_images(a / 255, b / 255, bins) for a, b in zip(pictures_a[:pairs], pictures_b[:pairs])])


scores = {
    "studio vs studio": pair_scores(studio_X_orig[:60], studio_X_orig[60:120]),
    "evening vs evening": pair_scores(evening_X_orig[:60], evening_X_orig[60:120]),
    "studio vs evening": pair_scores(studio_X_orig[:60], evening_X_orig[:60]),
}
intersections = {pair: float(values.mean()) for pair, values in scores.items()}

fig, ax = plt.subplots()
for pair, values in scores.items():
    ax.hist(values, bins=20, range=(0, 1), histtype="step", linewidth=2, label=f"{pair} (mean {values.mean():.2f})")
ax.set_title("Colour-histogram intersection of pairs of pictures")
ax.set_xlabel("compare_images (8 bins a channel)")
ax.set_ylabel("number of pairs")
ax.legend()
plt.show()
results_table([(pair, float(values.mean()), float(values.min()), float(values.max())) for pair, values in scores.items()],
              columns=("Pair of pictures", "Mean intersection", "Lowest", "Highest"))


# %% [markdown] nbgrader={"grade": false, "grade_id": "compare-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Pictures of one distribution share much of their colours; a studio picture and an evening picture
# share little. A model trained on studio pictures sees evening pictures as something new: it may
# well do worse on them, and a studio dev set cannot tell you how much worse.


# %% [markdown] nbgrader={"grade": false, "grade_id": "selection-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: a dev set from the wrong distribution picks the wrong model
#
# The app must answer one question: does the hand show **three fingers or more**? Our training set is
# the 1080 studio pictures plus 120 evening pictures that users sent in. The model is a logistic
# regression on small versions of the pictures (16x16 pixels, each picture standardized on its own:
# `dlcourse.distributions`). Its one hyperparameter here is `evening_weight`: how much each evening
# picture counts in the cost relative to a studio one (0: evening pictures ignored).
#
# Which `evening_weight` is best? Pick it by the dev set, then report the accuracy on the test set,
# which is 120 evening pictures, what the app meets. Try two dev sets:
#
# - **mismatched**: the 120 studio pictures of the SIGNS test file, easy to get;
# - **matched**: 120 other evening pictures, from the same distribution as the test set.
#
# The 240 evening pictures for the dev and test sets came sorted by count, as they were collected.
# Split as they come, the dev set would hold the pictures of 0 to 2 fingers and the test set those of
# 3 to 5: two different distributions again. Shuffle them first.


# %% [markdown] nbgrader={"grade": false, "grade_id": "split-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: split into dev and test sets of one distribution
#
# Implement `split_dev_test(X_orig, Y, dev_size, seed)`:
#
# - `X_orig` holds `m` examples, **one a row** (pictures: shape `(m, 64, 64, 3)`), `Y` their labels,
#   **one a column** (shape `(1, m)`), as `load_signs` returns them;
# - call `np.random.seed(seed)`, then draw **one** `np.random.permutation(m)` and reorder both `X_orig`
#   and `Y` with it, so that each label stays with its picture;
# - return `(X_dev, Y_dev, X_test, Y_test)`: the first `dev_size` shuffled examples as the dev set,
#   the others as the test set.


# %% nbgrader={"grade": false, "grade_id": "split_dev_test", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: split_dev_test
def split_dev_test(X_orig, Y, dev_size, seed):
    """
    Arguments:
    X_orig -- examples, numpy array of shape (m, ...): one a row
    Y -- labels, numpy array of shape (1, m): one a column
    dev_size -- number of examples of the dev set
    seed -- seed of np.random.seed, called once before the one permutation

    Returns:
    X_dev -- (dev_size, ...), Y_dev -- (1, dev_size): the first dev_size examples after shuffling
    X_test -- (m - dev_size, ...), Y_test -- (1, m - dev_size): the others
    """
    ### BEGIN SOLUTION
    np.random.seed(seed)
    permutation = np.random.permutation(X_orig.shape[0])
    X_shuffled = X_orig[permutation]
    Y_shuffled = Y[:, permutation]
    return X_shuffled[:dev_size], Y_shuffled[:, :dev_size], X_shuffled[dev_size:], Y_shuffled[:, dev_size:]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_split_dev_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # Picture i of X_check holds only the value i, and its label is 100 + i. np.random.seed(0) then
    # np.random.permutation(10) gives [2, 8, 4, 9, 1, 6, 7, 3, 0, 5].
    X_check = np.arange(10.0).reshape(10, 1, 1, 1) * np.ones((10, 2, 2, 3))
    Y_check = (100 + np.arange(10)).reshape(1, 10)
    X_dev, Y_dev, X_test, Y_test = call(split_dev_test, X_check, Y_check, 4, 0)
    expect_array(Y_dev, [[102, 108, 104, 109]], "Y_dev of split_dev_test(X_check, Y_check, dev_size=4, seed=0)")
    expect_array(X_dev[:, 0, 0, 0], [2, 8, 4, 9], "the pictures of X_dev (X_dev[:, 0, 0, 0])")
    expect_array(Y_test, [[101, 106, 107, 103, 100, 105]], "Y_test")
    expect_array(X_test, X_check[[1, 6, 7, 3, 0, 5]], "X_test")
    # The grader also tries examples that are rows of features, X_orig of shape (m, n).
    X_rows = np.arange(10.0).reshape(10, 1) * np.ones((10, 3))
    X_dev_rows, _, _, _ = call(split_dev_test, X_rows, Y_check, 4, 0)
    expect_array(X_dev_rows, X_rows[[2, 8, 4, 9]], "the rows of X_dev of a two-dimensional X_orig (10, 3)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("data_distributions", "split_dev_test", split_dev_test)
### END HIDDEN TESTS


# %% [markdown] nbgrader={"grade": false, "grade_id": "selection-run-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Now train one model per `evening_weight` and pick one with each dev set. `model` and `predict` are
# written for you.


# %% nbgrader={"grade": false, "grade_id": "selection", "locked": true, "schema_version": 3, "solution": false, "task": false}
EVENING_WEIGHTS = [0, 1, 4, 16, 64]


def model(X, Y, example_weights, learning_rate=0.1, num_iterations=300):
    """Logistic regression on features X (n_x, m), labels Y (1, m), weights (m,): its parameters."""
    return train_logistic(X, Y, example_weights, learning_rate, num_iterations)


def predict(X, Y, parameters, print_accuracy=True):
    """0/1 predictions (1, m) on X; prints the accuracy against Y."""
    predictions = predict_logistic(X, parameters)
    if print_accuracy:
        print(f"Accuracy: {accuracy(predictions, Y):.3f}")
    return predictions


def three_or_more(Y):
    return (Y >= 3).astype(np.int64)


def run_selection(seed):
    """Train one model per evening weight; pick one by each dev set. The evening pictures (training,
    dev, test) are drawn from `seed`. Returns a dict of the accuracies and picks."""
    evening_train_X_orig, evening_train_Y = load_evening_signs(per_class=20, seed=1000 + seed)
    evening_heldout_X_orig, evening_heldout_Y = load_evening_signs(per_class=40, seed=2000 + seed)
    by_count = np.argsort(evening_heldout_Y[0], kind="stable")  # as collected: sorted by count
    evening_dev_X_orig, evening_dev_Y, evening_test_X_orig, evening_test_Y = split_dev_test(
        evening_heldout_X_orig[by_count], evening_heldout_Y[:, by_count], 120, seed)
    X_train = picture_features(np.concatenate([studio_X_orig, evening_train_X_orig]))
    Y_train = three_or_more(np.hstack([studio_Y, evening_train_Y]))
    is_evening = np.r_[np.zeros(studio_Y.shape[1]), np.ones(evening_train_Y.shape[1])]
    sets = {
        "studio dev": (picture_features(studio_test_X_orig), three_or_more(studio_test_Y)),
        "evening dev": (picture_features(evening_dev_X_orig), three_or_more(evening_dev_Y)),
        "evening test": (picture_features(evening_test_X_orig), three_or_more(evening_test_Y)),
    }
    table = {"train": [], "studio dev": [], "evening dev": [], "evening test": []}
    for evening_weight in EVENING_WEIGHTS:
        parameters = model(X_train, Y_train, np.where(is_evening == 1, evening_weight, 1.0))
        table["train"].append(accuracy(predict(X_train, Y_train, parameters, False), Y_train))
        for name, (X, Y) in sets.items():
            table[name].append(accuracy(predict(X, Y, parameters, False), Y))
    picks = {}
    for split, dev in (("mismatched", "studio dev"), ("matched", "evening dev")):
        best = int(np.argmax(table[dev]))  # the first of equal dev accuracies
        picks[split] = {"evening_weight": EVENING_WEIGHTS[best], "train": table["train"][best],
                        "dev": table[dev][best], "test": table["evening test"][best]}
    return {"table": table, "picks": picks}


selection = run_selection(SEED)
table, picks = selection["table"], selection["picks"]
fig, ax = plt.subplots()
positions = np.arange(len(EVENING_WEIGHTS))
for name, style in (("studio dev", "s--"), ("evening dev", "o-"), ("evening test", "^:")):
    ax.plot(positions, table[name], style, label=name)
for split, colour in (("mismatched", "C0"), ("matched", "C1")):
    ax.axvline(EVENING_WEIGHTS.index(picks[split]["evening_weight"]), color=colour, alpha=0.4,
               label=f"picked by the {split} dev set")
ax.set_xticks(positions, [str(w) for w in EVENING_WEIGHTS])
ax.set_title("Accuracy of each model on the two dev sets and the test set")
ax.set_xlabel("evening_weight")
ax.set_ylabel("accuracy (three fingers or more?)")
ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5))  # beside the axes: it hides no line
plt.show()
for split in ("mismatched", "matched"):
    pick = picks[split]
    print(f"{split:10} dev set picks evening_weight = {pick['evening_weight']:2}: dev accuracy {pick['dev']:.3f}, "
          f"test accuracy {pick['test']:.3f}")


# %% [markdown] nbgrader={"grade": false, "grade_id": "selection-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The studio dev set is almost indifferent to `evening_weight`: every model does well on studio
# pictures, so it picks one that pays little attention to evening pictures. Its dev accuracy also
# promises far more than the test set gives. The evening dev set sees what the test set sees: it
# picks a larger weight, and that model does better on the test set. Choose the dev and test sets from
# the distribution you want to do well on, and from the same one; the training set may differ.


# %% [markdown] nbgrader={"grade": false, "grade_id": "results-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Results
#
# The table below is filled from your own run.


# %% nbgrader={"grade": false, "grade_id": "results", "locked": true, "schema_version": 3, "solution": false, "task": false}
results = {split: (pick["train"], pick["dev"], pick["test"]) for split, pick in picks.items()}
comments = {
    "mismatched": "studio dev, evening test: the dev accuracy misleads",
    "matched": "evening dev and test: the better pick",
}
results_table([(f"Logistic regression, evening_weight {picks[split]['evening_weight']} (picked by the {split} dev set)",
                *results[split], comments[split]) for split in ("mismatched", "matched")],
              columns=("Model", "Train accuracy", "Dev accuracy", "Test accuracy", "Comment"))


# %% [markdown] nbgrader={"grade": false, "grade_id": "remember", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What to remember
#
# - The histogram intersection, $\sum_k \min(h_1[k], h_2[k])$ of normalized histograms, measures how
#   much two distributions overlap: 1 for the same, 0 for disjoint.
# - Colour histograms show at a glance that pictures taken in other conditions come from another
#   distribution.
# - Shuffle before you split: data sorted as it was collected gives a dev and a test set of different
#   distributions.
# - Dev and test sets must come from the same distribution, the one the model will meet in use: a dev
#   set from another distribution picks a worse model and promises an accuracy the test set does not
#   give.
# - The training set may come from a different, larger source; give the target data a say in it
#   (here, a weight), and measure on target data.

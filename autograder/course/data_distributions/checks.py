"""Hidden checks of the Train/dev/test distributions assignment.

``histogram_intersection`` is run on random histograms with empty bins, on counts that are not
normalized, and on identical and disjoint pairs; ``compare_images`` on random pictures of the
notebook's size and of other sizes, with other ``bins``, and on identical pictures and pictures whose
values do not overlap. ``compare_images`` runs with the reference ``histogram_intersection`` in place
of the student's (``with_helpers``), so that a mistake in the first exercise costs points there only.
``split_dev_test`` is run on examples that carry their index (every value of picture i is i, its
label 1000 + i), so that where each example went, and with which label, can be read off the result.
A wrong value is compared with what each typical mistake gives, so that the message names it; an
answer that returns one value whatever its inputs earns nothing.
"""
import numpy as np

from autograder.course import (  # noqa: F401 (ARGUMENTS_CHANGED: read by the engine)
    ARGUMENTS_CHANGED, CaseKind, kept_arguments)
from autograder.engine.checks import (Exercises, Rubric, as_number, changed_arguments, consistent_mistake, echoing,
                                      matching_mistake, run_student, scalar_problem, type_name, with_helpers)
from autograder.course.data_distributions import reference

EXERCISES = Exercises({
    "histogram_intersection": 4,
    "compare_images": 4,
    "split_dev_test": 3,
})

# The reference histogram_intersection, as a helper expression for ``with_helpers``.
INTERSECTION_HELPER = ("lambda hist_1, hist_2: float(np.sum(np.minimum(np.asarray(hist_1, dtype=float) / np.sum(hist_1), "
                       "np.asarray(hist_2, dtype=float) / np.sum(hist_2))))")

ONE_NUMBER = "Return one number: np.sum of the whole array gives one."

# What the messages call each typical mistake, one sentence each: what the code does wrong, then what to do
# (``autograder/course/data_distributions/demos.py`` refers to the same constants).
SUM_OF_MAX = ("Your histogram_intersection sums the elementwise maximum (np.maximum): sum the elementwise minimum "
              "(np.minimum) instead.")
NOT_NORMALIZED = ("Your histogram_intersection does not normalize the histograms, which may be counts: divide each "
                  "by its sum first.")
ONLY_FIRST_NORMALIZED = "Your histogram_intersection normalizes hist_1 only: divide hist_2 by its sum too."
IN_PLACE = ("Your histogram_intersection normalizes the histograms in place (hist_1 /= ...), which changes the "
            "caller's arrays and fails on integer counts: make new arrays, hist_1 = hist_1 / np.sum(hist_1).")
ONLY_SECOND_NORMALIZED = "Your histogram_intersection normalizes hist_2 only: divide hist_1 by its sum too."
MEAN_OF_MIN = ("Your histogram_intersection averages the elementwise minimum over the bins (np.mean): sum it "
               "(np.sum) instead.")
DIVIDED_BY_MAX = ("Your histogram_intersection divides each histogram by its largest bin (np.max): divide it by "
                  "its sum (np.sum) instead.")
ONE_MINUS_L1 = ("Your histogram_intersection computes 1 - sum(|h1 - h2|), but for normalized histograms the "
                "intersection is 1 - sum(|h1 - h2|) / 2: sum the elementwise minimum (np.minimum) instead.")

RANGE_255 = ("Your compare_images builds histograms over 0..255, but the pictures' values are in [0, 1]: "
             "use range=(0, 1).")
NO_RANGE = ("Your compare_images builds histograms without range=(0, 1), so each spans its channel's own "
            "min..max and the two pictures' bins differ: pass range=(0, 1) to np.histogram.")
CHANNELS_MIXED = ("Your compare_images builds one histogram of all three channels together: compare each "
                  "channel's histogram (image[:, :, c]) separately, then average.")
NOT_AVERAGED = ("Your compare_images adds the three channels' intersections (np.sum): average them (np.mean), so "
                "that the result is in [0, 1].")
ROW_NOT_CHANNEL = "Your compare_images takes image[c], a row of pixels: take the colour channel c as image[:, :, c]."
BINS_IGNORED = "Your compare_images uses {} bins whatever bins is: pass bins=bins to np.histogram."
UNNORMALIZED_COUNTS = ("Your compare_images sums the minimum of the raw counts: normalize each channel's histogram "
                       "(divide it by its sum) first, or call histogram_intersection.")
NO_SHUFFLE = ("Your split_dev_test does not shuffle, so the dev set is the first dev_size examples as they come: "
              "shuffle first, with np.random.permutation.")
TWO_PERMUTATIONS = ("Your split_dev_test shuffles Y with another permutation than X_orig, so the labels no longer "
                    "belong to their pictures: index both with one permutation.")
SKLEARN_ORDER = ("Your split_dev_test returns (X_dev, X_test, Y_dev, Y_test), scikit-learn's order: return "
                 "(X_dev, Y_dev, X_test, Y_test).")
NOT_SEEDED = ("Your split_dev_test shuffles in another order than np.random.seed(seed) then one "
              "np.random.permutation(m) of the examples gives: call those two, in that order.")


# --------------------------------------------------------------------------- shared

def wrong_value(call, actual, expected, candidates):
    mistake = matching_mistake(actual, expected, candidates)
    return f"{call} returned {actual:.6g}, expected {expected:.6g}" + (f". {mistake}" if mistake else "")


def fail_if_constant(rubric, results, name):
    """An answer that returns one value whatever its inputs computes nothing: it earns nothing, not
    even for the identical or disjoint inputs whose answer it may happen to be."""
    numbers = [as_number(result) for result in results]
    if len(numbers) > 2 and None not in numbers and len(set(numbers)) == 1:
        rubric.fail_all(f"{name} returned {numbers[0]:g} whatever its inputs: it should compute the intersection")


def intersect(hist_1, hist_2):
    return float(np.sum(np.minimum(hist_1, hist_2)))


# --------------------------------------------------------------------------- histogram_intersection

def mistaken_intersections(hist_1, hist_2):
    """``[(mistake, value it gives)]`` for two histograms (arrays of one length)."""
    h1, h2 = np.asarray(hist_1, dtype=float), np.asarray(hist_2, dtype=float)
    n1, n2 = h1 / h1.sum(), h2 / h2.sum()
    return [
        (SUM_OF_MAX, float(np.sum(np.maximum(n1, n2)))),
        (NOT_NORMALIZED, intersect(h1, h2)),
        (ONLY_FIRST_NORMALIZED, intersect(n1, h2)),
        (ONLY_SECOND_NORMALIZED, intersect(h1, n2)),
        (MEAN_OF_MIN, float(np.mean(np.minimum(n1, n2)))),
        (DIVIDED_BY_MAX, intersect(h1 / h1.max(), h2 / h2.max())),
        (ONE_MINUS_L1, float(1 - np.sum(np.abs(n1 - n2)))),
    ]


def random_histogram(rng, length, empty, counts):
    """A histogram of ``length`` bins, ``empty`` of them 0: integer counts (not normalized) or
    frequencies summing to 1."""
    values = rng.integers(1, 50, size=length) if counts else rng.random(length) + 0.05  # counts: int64, as np.histogram's
    values[rng.choice(length, size=empty, replace=False)] = 0
    return values if counts else values / values.sum()


def histogram_cases(rng):
    """``(criterion, hist_1, hist_2)`` probes."""
    cases = []
    for length, empty in ((10, 3), (int(rng.integers(4, 8)), 1), (int(rng.integers(20, 40)), 8)):
        cases.append(("value", random_histogram(rng, length, empty, False), random_histogram(rng, length, empty, False)))
    for length in (6, int(rng.integers(10, 30))):
        cases.append(("normalization", random_histogram(rng, length, 2, True), random_histogram(rng, length, 1, True)))
    cases.append(("normalization", random_histogram(rng, 8, 2, False) * 3.5, random_histogram(rng, 8, 0, False)))
    same = random_histogram(rng, 12, 3, False)
    cases.append(("identical", same, same.copy()))
    counts = random_histogram(rng, 12, 3, True)
    cases.append(("identical", counts, counts * 7))
    length = int(rng.integers(6, 16))
    split = int(rng.integers(2, length - 2))
    left, right = random_histogram(rng, length, 0, True), random_histogram(rng, length, 0, True)
    left[split:], right[:split] = 0, 0
    cases.append(("disjoint", left, right))
    return cases


@EXERCISES.check("histogram_intersection")
def check_histogram_intersection(student_function, rng):
    """Rubric: one number 1, random normalized histograms 3, counts (integers, as np.histogram gives
    them) normalized first 2, identical inputs give 1 (1), disjoint ones 0 (1), the caller's
    histograms left as they were 1."""
    rubric = Rubric(number=1, value=3, normalization=2, identical=1, disjoint=1, inputs=1)
    results, function, wrong = [], echoing(student_function), []
    for criterion, hist_1, hist_2 in rubric.cases(histogram_cases(rng)):
        ran, result = run_student(rubric, rubric.weights, function, hist_1.copy(), hist_2.copy())
        if not ran:
            continue
        results.append(result)
        if changed_arguments([hist_1, hist_2], function.arguments):
            rubric.fail("inputs", f"histogram_intersection changed the histograms it was given. {IN_PLACE}")
        problem = scalar_problem(result, "histogram_intersection", array=ONE_NUMBER)
        if problem:
            rubric.fail("number", problem)
        actual, expected = as_number(result), reference.histogram_intersection(hist_1, hist_2)
        if actual is None:
            rubric.fail(criterion, problem or f"histogram_intersection returned {type_name(result)}")
        elif not np.isclose(actual, expected, rtol=1e-6, atol=1e-9):
            call = (f"histogram_intersection({np.round(hist_1, 3).tolist()}, {np.round(hist_2, 3).tolist()})"
                    if len(hist_1) <= 12 else f"histogram_intersection on two histograms of {len(hist_1)} bins")
            wrong.append((criterion, call, actual, expected, mistaken_intersections(hist_1, hist_2)))
    mistake = consistent_mistake([finding[2:] for finding in wrong])  # named only if it explains every case
    for criterion, call, actual, expected, _ in wrong:
        rubric.fail(criterion, f"{call} returned {actual:.6g}, expected {expected:.6g}"
                    + (f". {mistake}" if mistake else ""))
    fail_if_constant(rubric, results, "histogram_intersection")
    return rubric


# --------------------------------------------------------------------------- compare_images

def channel_histograms(image, bins, value_range=(0, 1)):
    return [np.histogram(image[:, :, c], bins=bins, range=value_range)[0] for c in range(3)]


def mean_intersection(hists_a, hists_b):
    return float(np.mean([reference.histogram_intersection(a, b) for a, b in zip(hists_a, hists_b)]))


def mistaken_comparisons(image_a, image_b, bins):
    """``[(mistake, value it gives)]`` for two pictures."""
    candidates = [
        (RANGE_255, mean_intersection(channel_histograms(image_a, bins, (0, 255)),
                                      channel_histograms(image_b, bins, (0, 255)))),
        (NO_RANGE, float(np.mean([reference.histogram_intersection(np.histogram(image_a[:, :, c], bins=bins)[0],
                                                                   np.histogram(image_b[:, :, c], bins=bins)[0])
                                  for c in range(3)]))),
        (CHANNELS_MIXED, reference.histogram_intersection(np.histogram(image_a, bins=bins, range=(0, 1))[0],
                                                          np.histogram(image_b, bins=bins, range=(0, 1))[0])),
        (NOT_AVERAGED, 3 * reference.compare_images(image_a, image_b, bins)),
        (UNNORMALIZED_COUNTS, float(np.mean([intersect(a, b) for a, b in zip(channel_histograms(image_a, bins),
                                                                                channel_histograms(image_b, bins))]))),
    ]
    if image_a.shape[0] > 2 and image_b.shape[0] > 2:
        rows = float(np.mean([reference.histogram_intersection(np.histogram(image_a[c], bins=bins, range=(0, 1))[0],
                                                               np.histogram(image_b[c], bins=bins, range=(0, 1))[0])
                              for c in range(3)]))
        candidates.append((ROW_NOT_CHANNEL, rows))
    for fixed in (8, 10, 16, 20, 32, 64, 256):
        if fixed != bins:
            candidates.append((BINS_IGNORED.format(fixed), reference.compare_images(image_a, image_b, fixed)))
    return candidates


def random_picture(rng, height, width):
    """A picture with values in [0, 1] whose three channels are distributed differently, some pixels
    exactly 0 or 1."""
    image = rng.random((height, width, 3)) ** rng.uniform(0.3, 3.0, size=3)
    image = rng.uniform(0, 0.3, size=3) + rng.uniform(0.5, 0.7, size=3) * image
    image.reshape(-1, 3)[rng.choice(height * width, size=3, replace=False)] = [0.0, 1.0, 1.0]
    return np.clip(image, 0, 1)


def picture_cases(rng):
    """``(criterion, image_a, image_b, bins)`` probes."""
    cases = [("value", random_picture(rng, 64, 64), random_picture(rng, 64, 64), 16) for _ in range(2)]
    cases.append(("value", random_picture(rng, 64, 64), random_picture(rng, 64, 64), int(rng.integers(5, 13))))
    for _ in range(2):
        height, width = (int(n) for n in rng.integers(12, 48, size=2))
        cases.append(("other_sizes", random_picture(rng, height, width), random_picture(rng, height, width),
                      int(rng.choice([7, 16, 25]))))
    cases.append(("other_sizes", random_picture(rng, 64, 64), random_picture(rng, 30, 50), 16))
    cases.append(("other_bins", *(random_picture(rng, 40, 40) for _ in range(2)), 3))
    cases.append(("other_bins", *(random_picture(rng, 40, 40) for _ in range(2)), int(rng.integers(40, 100))))
    image = random_picture(rng, 64, 64)
    cases.append(("identical", image, image.copy(), 16))
    dark, bright = rng.uniform(0, 0.45, size=(64, 64, 3)), rng.uniform(0.55, 1.0, size=(24, 32, 3))
    cases.append(("disjoint", dark, bright, 10))
    return cases


@EXERCISES.check("compare_images")
def check_compare_images(student_function, rng):
    """Rubric: one number 1, random 64x64 pictures 3, other sizes 1, other bins 1, identical pictures
    give 1 (1), pictures whose values do not overlap 0 (1)."""
    rubric = Rubric(number=1, value=3, other_sizes=1, other_bins=1, identical=1, disjoint=1)
    function = with_helpers(student_function, {"histogram_intersection": INTERSECTION_HELPER})
    results = []
    for criterion, image_a, image_b, bins in rubric.cases(picture_cases(rng)):
        ran, result = run_student(rubric, rubric.weights, function, image_a.copy(), image_b.copy(), bins)
        if not ran:
            continue
        results.append(result)
        problem = scalar_problem(result, "compare_images", array=ONE_NUMBER)
        if problem:
            rubric.fail("number", problem)
        actual, expected = as_number(result), reference.compare_images(image_a, image_b, bins)
        if actual is None:
            rubric.fail(criterion, problem or f"compare_images returned {type_name(result)}")
        elif not np.isclose(actual, expected, rtol=1e-6, atol=1e-9):
            call = f"compare_images(<picture {image_a.shape}>, <picture {image_b.shape}>, bins={bins})"
            rubric.fail(criterion, wrong_value(call, actual, expected, mistaken_comparisons(image_a, image_b, bins)))
    fail_if_constant(rubric, results, "compare_images")
    return rubric


# --------------------------------------------------------------------------- split_dev_test

def indexed_examples(m, picture_shape):
    """Examples that say who they are: picture i holds only i (float), its label is 1000 + i."""
    X = np.arange(m, dtype=float).reshape((m,) + (1,) * len(picture_shape)) * np.ones(picture_shape)
    return X, (1000 + np.arange(m)).reshape(1, m)


def split_cases(rng):
    """``(m, picture shape, dev_size, seed)`` probes: the notebook's kind of pictures and others."""
    return [(40, (2, 2, 3), 15, int(rng.integers(0, 100))),
            (int(rng.integers(20, 60)), (3,), int(rng.integers(5, 15)), int(rng.integers(0, 100))),
            (25, (2, 3, 3), 12, int(rng.integers(0, 100)))]


def split_structure_problem(result, m, picture_shape, dev_size):
    """A message if ``result`` is not four arrays of the expected shapes, else None."""
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        return f"split_dev_test should return 4 arrays (X_dev, Y_dev, X_test, Y_test), got {type_name(result)}"
    shapes = [(dev_size,) + picture_shape, (1, dev_size), (m - dev_size,) + picture_shape, (1, m - dev_size)]
    got = [getattr(value, "shape", None) for value in result]
    if got == [shapes[0], shapes[2], shapes[1], shapes[3]]:
        return f"split_dev_test returned arrays of shapes {got}. {SKLEARN_ORDER}"
    for name, value, shape in zip(("X_dev", "Y_dev", "X_test", "Y_test"), result, shapes):
        if not isinstance(value, np.ndarray):
            return f"{name} should be a numpy array, got {type_name(value)}"
        if value.shape != shape:
            return (f"{name} has shape {value.shape}, expected {shape} (m={m} examples, dev_size={dev_size}; "
                    "pictures one a row, labels one a column)")
    return None


@EXERCISES.check("split_dev_test")
def check_split_dev_test(student_function, rng):
    """Rubric: four arrays of the right shapes 1, each example once 1, labels with their pictures 2,
    shuffled 3, in the order of np.random.seed(seed) then one permutation 1."""
    rubric = Rubric(structure=1, partition=1, pairing=2, shuffled=3, order=1)
    for m, picture_shape, dev_size, seed in rubric.cases(split_cases(rng)):
        X, Y = indexed_examples(m, picture_shape)
        ran, result = run_student(rubric, rubric.weights, student_function, X.copy(), Y.copy(), dev_size, seed)
        if not ran:
            continue
        problem = split_structure_problem(result, m, picture_shape, dev_size)
        if problem and SKLEARN_ORDER in problem:  # the split may be right: judge it in the right order
            rubric.fail("structure", problem)
            result = (result[0], result[2], result[1], result[3])
        elif problem:
            rubric.fail_all(problem)
            break
        X_dev, Y_dev, X_test, Y_test = result
        picture_index = np.concatenate([X_dev.reshape(dev_size, -1)[:, 0], X_test.reshape(m - dev_size, -1)[:, 0]])
        label_index = np.concatenate([Y_dev[0], Y_test[0]]) - 1000
        _, expected_dev, _, expected_test = reference.split_dev_test(X, Y, dev_size, seed)
        expected = np.concatenate([expected_dev[0], expected_test[0]]) - 1000
        if sorted(picture_index.tolist()) != list(range(m)) or sorted(label_index.tolist()) != list(range(m)):
            rubric.fail("partition", "X_dev and X_test (or Y_dev and Y_test) together should hold every example "
                                     "exactly once")
        if not np.array_equal(picture_index, label_index):
            message = "some labels are not those of their pictures"
            if np.array_equal(picture_index, expected):
                message = f"{message}, while the pictures are in the expected order. {TWO_PERMUTATIONS}"
            rubric.fail("pairing", message)
        if np.array_equal(picture_index, np.arange(m)):
            unshuffled = f"split_dev_test(..., dev_size={dev_size}, seed={seed}) kept the {m} examples in their order."
            rubric.fail("shuffled", f"{unshuffled} {NO_SHUFFLE}")
            rubric.fail("order", f"{unshuffled} {NO_SHUFFLE}")
        elif not np.array_equal(picture_index, expected):
            rubric.fail("order", f"split_dev_test(..., dev_size={dev_size}, seed={seed}) put the {m} examples in "
                                 f"another order than expected. {NOT_SEEDED}")
    return rubric


# ----------------------------------------------------------------------------------------------
# The kinds of hidden cases, each with the public check that shows one (tests/test_case_kinds.py)

def _frequencies(hist):
    return np.issubdtype(np.asarray(hist).dtype, np.floating) and np.isclose(np.sum(hist), 1)


def _normalized(hist):
    return np.asarray(hist, dtype=float) / np.sum(hist)


CASE_KINDS = {
    "histogram_intersection": (
        CaseKind("two frequency histograms (floats summing to 1) that differ",
                 "histogram_intersection([0.1, 0.4, 0.0, 0.5], [0.3, 0.3, 0.2, 0.2])",
                 lambda a: _frequencies(a["hist_1"]) and _frequencies(a["hist_2"])
                 and not np.allclose(a["hist_1"], a["hist_2"])),
        CaseKind("integer counts, as np.histogram gives them", "histogram_intersection([2, 6, 0, 2], [1, 1, 2, 0])",
                 lambda a: np.issubdtype(np.asarray(a["hist_1"]).dtype, np.integer)),
        CaseKind("float histograms that do not sum to 1", "histogram_intersection of the float counts [2.0, 6.0, 0.0, "
                 "2.0] and [1.0, 1.0, 2.0, 0.0]", lambda a: np.issubdtype(np.asarray(a["hist_1"]).dtype, np.floating)
                 and not (_frequencies(a["hist_1"]) and _frequencies(a["hist_2"]))),
        CaseKind("histograms equal once normalized", "histogram_intersection(h, h) of identical histograms",
                 lambda a: np.allclose(_normalized(a["hist_1"]), _normalized(a["hist_2"]))),
        CaseKind("histograms with no bin in common", "histogram_intersection of histograms with no bin in common",
                 lambda a: not np.any(np.minimum(a["hist_1"], a["hist_2"]))),
    ),
    "compare_images": (
        CaseKind("two 64 x 64 pictures", "compare_images(image_a, image_b, bins=5)",
                 lambda a: a["image_a"].shape == a["image_b"].shape == (64, 64, 3)),
        CaseKind("pictures of another size, or of two sizes", "compare_images of pictures whose values lie in "
                 "[0, 0.4] and [0.6, 1]", lambda a: (64, 64, 3) != a["image_a"].shape or (64, 64, 3) != a["image_b"].shape),
    ),
    "split_dev_test": (
        CaseKind("pictures, X_orig of shape (m, height, width, 3)",
                 "Y_dev of split_dev_test(X_check, Y_check, dev_size=4, seed=0)", lambda a: a["X_orig"].ndim == 4),
        CaseKind("examples as rows of features, X_orig of shape (m, n)",
                 "the rows of X_dev of a two-dimensional X_orig (10, 3)", lambda a: a["X_orig"].ndim == 2),
    ),
}


# The arguments each graded function must leave as they were (the rubric's "inputs" criterion, judged by
# autograder.engine.checks.evaluate with the sentence ARGUMENTS_CHANGED).
KEPT_ARGUMENTS = {  # histogram_intersection: its own criterion, "inputs"
    "compare_images": kept_arguments(reference.compare_images, "image_a", "image_b"),
    "split_dev_test": kept_arguments(reference.split_dev_test, "X_orig", "Y"),
}

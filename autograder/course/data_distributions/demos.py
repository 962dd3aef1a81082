"""Demo submissions of the Train/dev/test distributions assignment."""
from autograder.course.data_distributions import checks, reference
from autograder.course.demo import Demo, Mistake, reference_answers

CORRECT = reference_answers(reference, checks.EXERCISES.points)

DIFFERENT_STYLE = {
    "histogram_intersection": """\
p = np.asarray(hist_1, dtype=np.float64)
q = np.asarray(hist_2, dtype=np.float64)
p, q = p / p.sum(), q / q.sum()
return float(np.where(p < q, p, q).sum())""",
    "compare_images": """\
edges = np.linspace(0.0, 1.0, bins + 1)
total = 0.0
for c in range(image_a.shape[-1]):
    counts_a = np.histogram(image_a[..., c].ravel(), bins=edges)[0]
    counts_b = np.histogram(image_b[..., c].ravel(), bins=edges)[0]
    total += np.minimum(counts_a / counts_a.sum(), counts_b / counts_b.sum()).sum()
return total / 3""",
    "split_dev_test": """np.random.seed(seed)
order = np.random.permutation(len(X_orig))
dev, test = order[:dev_size], order[dev_size:]
return X_orig[dev], Y[:, dev], X_orig[test], Y[:, test]""",
}

A_LINE = "image_a[:, :, channel], bins=bins, range=(0, 1)"
B_LINE = "image_b[:, :, channel], bins=bins, range=(0, 1)"

MISTAKES = [
    Mistake("sum-of-max", "histogram_intersection", (("np.minimum", "np.maximum"),), checks.SUM_OF_MAX),
    Mistake("not-normalized", "histogram_intersection",
            (("hist_1 = hist_1 / np.sum(hist_1)\nhist_2 = hist_2 / np.sum(hist_2)\n", ""),), checks.NOT_NORMALIZED),
    Mistake("only-first-normalized", "histogram_intersection", (("hist_2 = hist_2 / np.sum(hist_2)\n", ""),),
            checks.ONLY_FIRST_NORMALIZED),
    Mistake("normalized-in-place", "histogram_intersection",
            (("hist_1 = hist_1 / np.sum(hist_1)\nhist_2 = hist_2 / np.sum(hist_2)\n",
              "hist_1 /= np.sum(hist_1)\nhist_2 /= np.sum(hist_2)\n"),), checks.IN_PLACE),
    Mistake("mean-not-sum", "histogram_intersection", (("np.sum(np.minimum", "np.mean(np.minimum"),), checks.MEAN_OF_MIN),
    Mistake("divided-by-max", "histogram_intersection",
            (("hist_1 / np.sum(hist_1)", "hist_1 / np.max(hist_1)"), ("hist_2 / np.sum(hist_2)", "hist_2 / np.max(hist_2)")),
            checks.DIVIDED_BY_MAX),
    Mistake("range-255", "compare_images",
            ((A_LINE, A_LINE.replace("(0, 1)", "(0, 255)")), (B_LINE, B_LINE.replace("(0, 1)", "(0, 255)"))),
            checks.RANGE_255),
    Mistake("no-range", "compare_images",
            ((A_LINE, A_LINE.replace(", range=(0, 1)", "")), (B_LINE, B_LINE.replace(", range=(0, 1)", ""))),
            checks.NO_RANGE),
    Mistake("channels-mixed", "compare_images",
            (("image_a[:, :, channel]", "image_a"), ("image_b[:, :, channel]", "image_b")), checks.CHANNELS_MIXED),
    Mistake("not-averaged", "compare_images", (("np.mean(intersections)", "np.sum(intersections)"),),
            checks.NOT_AVERAGED),
    Mistake("row-not-channel", "compare_images",
            (("image_a[:, :, channel]", "image_a[channel]"), ("image_b[:, :, channel]", "image_b[channel]")),
            checks.ROW_NOT_CHANNEL),
    Mistake("bins-ignored", "compare_images",
            ((A_LINE, A_LINE.replace("bins=bins", "bins=16")), (B_LINE, B_LINE.replace("bins=bins", "bins=16"))),
            checks.BINS_IGNORED.format(16)),
    Mistake("no-shuffle", "split_dev_test",
            (("X_shuffled = X_orig[permutation]", "X_shuffled = X_orig"), ("Y_shuffled = Y[:, permutation]", "Y_shuffled = Y")),
            checks.NO_SHUFFLE),
    Mistake("two-permutations", "split_dev_test",
            (("Y_shuffled = Y[:, permutation]", "Y_shuffled = Y[:, np.random.permutation(X_orig.shape[0])]"),),
            checks.TWO_PERMUTATIONS),
    Mistake("sklearn-order", "split_dev_test",
            (("return X_shuffled[:dev_size], Y_shuffled[:, :dev_size], X_shuffled[dev_size:], Y_shuffled[:, dev_size:]",
              "return X_shuffled[:dev_size], X_shuffled[dev_size:], Y_shuffled[:, :dev_size], Y_shuffled[:, dev_size:]"),),
            checks.SKLEARN_ORDER),
]
MISTAKE = {mistake.name: mistake for mistake in MISTAKES}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(checks.EXERCISES.points), about="the release as distributed"),
    *(mistake.demo(CORRECT) for mistake in MISTAKES if mistake.name != "range-255"),
    # Over 0..255 every value in [0, 1] falls in the first bin: the answer is 1 whatever the pictures,
    # which earns nothing.
    Demo("range-255", MISTAKE["range-255"].answers(CORRECT), zero=frozenset({"compare_images"}), about=checks.RANGE_255),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other names, np.where and explicit bin edges"),
]

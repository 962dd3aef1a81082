"""Train/dev/test distributions: histogram intersection and the colour-histogram comparison of pictures.

``histogram_intersection(hist_1, hist_2)`` takes two 1-D histograms of one length (counts or
frequencies, each with a positive sum), normalizes each to sum 1 and returns ``sum(min(h1, h2))``,
a float in [0, 1]. ``compare_images(image_a, image_b, bins)`` takes two ``(height, width, 3)``
pictures with values in [0, 1] and returns the mean over the three colour channels of the
intersection of the channel's histograms (``bins`` equal bins over [0, 1]).
``split_dev_test(X_orig, Y, dev_size, seed)`` shuffles examples (``X_orig`` one a row, ``Y`` one a
column) with ``np.random.seed(seed)`` then one ``np.random.permutation(m)``, and returns the first
``dev_size`` as the dev set and the rest as the test set: ``(X_dev, Y_dev, X_test, Y_test)``.
"""
import numpy as np


def histogram_intersection(hist_1, hist_2):
    hist_1 = hist_1 / np.sum(hist_1)
    hist_2 = hist_2 / np.sum(hist_2)
    intersection = np.sum(np.minimum(hist_1, hist_2))
    return float(intersection)


def compare_images(image_a, image_b, bins):
    intersections = []
    for channel in range(3):
        hist_a, _ = np.histogram(image_a[:, :, channel], bins=bins, range=(0, 1))
        hist_b, _ = np.histogram(image_b[:, :, channel], bins=bins, range=(0, 1))
        intersections.append(histogram_intersection(hist_a, hist_b))
    return float(np.mean(intersections))


def split_dev_test(X_orig, Y, dev_size, seed):
    np.random.seed(seed)
    permutation = np.random.permutation(X_orig.shape[0])
    X_shuffled = X_orig[permutation]
    Y_shuffled = Y[:, permutation]
    return X_shuffled[:dev_size], Y_shuffled[:, :dev_size], X_shuffled[dev_size:], Y_shuffled[:, dev_size:]

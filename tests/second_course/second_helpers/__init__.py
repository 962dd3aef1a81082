"""What the second course's notebooks import: a sample text and polygons to try the exercises on."""
from collections import Counter

import numpy as np

SAMPLE = "The pot, the cup and the tea: tea in the pot, milk in the cup."


def count_all(words):
    """``{word: count}`` of a list of words (the exercise ``word_counts`` may not call it)."""
    return dict(Counter(words))


def regular_polygon(n, radius=1.0):
    """The corners of a regular ``n``-gon of ``radius`` around the origin, counterclockwise:
    ``(xs, ys)``, each of shape (n,)."""
    angles = 2 * np.pi * np.arange(n) / n
    return radius * np.cos(angles), radius * np.sin(angles)

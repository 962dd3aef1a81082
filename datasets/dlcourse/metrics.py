"""Classification metrics shared by the notebooks and the reference solutions."""
import numpy as np


def accuracy(logits, labels):
    """Fraction of the examples whose largest logit is at their class.

    Arguments:
        logits: (n_y, m) scores, one column per example (a numpy array or a TensorFlow tensor)
        labels: (n_y, m) one-hot columns

    Returns:
        a Python float in [0, 1]
    """
    return float(np.mean(np.argmax(logits, axis=0) == np.argmax(labels, axis=0)))

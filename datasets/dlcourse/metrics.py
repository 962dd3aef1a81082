"""Classification metrics shared by the notebooks and the reference solutions."""
import numpy as np


def accuracy(predictions, labels):
    """Fraction of the examples predicted right.

    Arguments:
        predictions: (1, m) 0/1 predictions, or (n_y, m) scores, one column per example (a numpy
                     array or a TensorFlow tensor)
        labels: (1, m) 0/1 labels, or (n_y, m) one-hot columns

    Returns:
        a Python float in [0, 1]: with one row, the share of predictions equal to the labels; with
        several, the share of examples whose largest score is at their class
    """
    predictions, labels = np.asarray(predictions), np.asarray(labels)
    if labels.shape[0] == 1:
        return float(np.mean(predictions == labels))
    return float(np.mean(np.argmax(predictions, axis=0) == np.argmax(labels, axis=0)))

"""The small model of the train/dev/test lesson: logistic regression on pictures of hands.

``picture_features`` turns ``(m, 64, 64, 3)`` uint8 pictures into ``(768, m)`` columns: each picture
averaged over 4x4 blocks (16x16 pixels, 3 channels), then standardized per picture and channel
(its own mean 0 and standard deviation 1), so that a brighter or darker picture gives about the
same features. ``train_logistic`` fits a logistic regression by batch gradient descent on a
weighted cross-entropy: ``example_weights`` says how much each training example counts.
"""
import numpy as np

BLOCK = 4  # pixels averaged along each side


def picture_features(X_orig, block=BLOCK):
    """Inputs: X_orig (m, height, width, 3) pictures, uint8 or in [0, 1].

    Returns: (height/block * width/block * 3, m) features, one column per picture.
    """
    X = np.asarray(X_orig, dtype=float)
    if X_orig.dtype == np.uint8:
        X = X / 255
    m, height, width, channels = X.shape
    X = X.reshape(m, height // block, block, width // block, block, channels).mean(axis=(2, 4))
    X = X.reshape(m, -1, channels)
    X = (X - X.mean(axis=1, keepdims=True)) / (X.std(axis=1, keepdims=True) + 1e-8)
    return X.reshape(m, -1).T


def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


def train_logistic(X, Y, example_weights=None, learning_rate=0.1, num_iterations=300):
    """Logistic regression by batch gradient descent on the weighted cross-entropy.

    Inputs:
        X: (n_x, m) features; Y: (1, m) 0/1 labels; example_weights: (m,) non-negative weights of the
        examples in the cost (rescaled to mean 1; None: all 1)
    Returns:
        parameters: {"w": (1, n_x), "b": (1, 1)}
    """
    n_x, m = X.shape
    weights = np.ones(m) if example_weights is None else np.asarray(example_weights, dtype=float)
    weights = weights / weights.mean()
    w, b = np.zeros((1, n_x)), np.zeros((1, 1))
    for _ in range(num_iterations):
        A = sigmoid(w @ X + b)
        dZ = (A - Y) * weights / m
        w -= learning_rate * dZ @ X.T
        b -= learning_rate * np.sum(dZ, axis=1, keepdims=True)
    return {"w": w, "b": b}


def predict_logistic(X, parameters):
    """0/1 predictions (1, m) of the logistic regression ``parameters`` on features ``X`` (n_x, m)."""
    return (parameters["w"] @ X + parameters["b"] > 0).astype(np.int64)

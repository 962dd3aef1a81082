"""Loaders for the course datasets.

Every loader returns arrays in the course's orientation: ``X`` is ``(n_x, m)`` and ``Y`` is
``(1, m)``. The files and their schema are described in ``datasets/SCHEMA.md``.
"""
from importlib import resources
from pathlib import Path

import h5py
import numpy as np

FILES = resources.files("dlcourse") / "files"


def dataset_path(name):
    """Path of the shipped HDF5 file of dataset ``name`` (e.g. ``"circles"``)."""
    return Path(str(FILES / f"{name}.h5"))


def read_h5(path):
    """Every dataset of an HDF5 file as a dict of numpy arrays."""
    with h5py.File(path, "r") as f:
        return {key: f[key][()] for key in f.keys()}


def load_circles():
    """The Initialization data: two concentric circles of points.

    Returns:
        train_X: (2, 300), train_Y: (1, 300), test_X: (2, 100), test_Y: (1, 100)
    """
    arrays = read_h5(dataset_path("circles"))
    return arrays["train_X"], arrays["train_Y"], arrays["test_X"], arrays["test_Y"]


def load_goalkeeper(path=None):
    """The Regularization data: where on the field our player (1) or the other team (0) headed the ball.

    Inputs:
        path: the shipped file when None; otherwise an HDF5 file of the same schema, or the course's
        original MATLAB file (``.mat`` with ``X (m, 2)``, ``y (m, 1)``, ``Xval``, ``yval``: train
        is ``X, y`` and test is ``Xval, yval``, transposed to the course's orientation)
    Returns:
        train_X: (2, 211), train_Y: (1, 211), test_X: (2, 200), test_Y: (1, 200); labels as int64
    """
    path = dataset_path("goalkeeper") if path is None else Path(path)
    if path.suffix == ".mat":
        from scipy.io import loadmat

        arrays = loadmat(str(path))
        return (arrays["X"].T, arrays["y"].T.astype(np.int64),
                arrays["Xval"].T, arrays["yval"].T.astype(np.int64))
    arrays = read_h5(path)
    return arrays["train_X"], arrays["train_Y"], arrays["test_X"], arrays["test_Y"]


def load_moons():
    """The Optimization data: two interleaving half circles ("moons") of points.

    Returns:
        train_X: (2, 300), train_Y: (1, 300)
    """
    arrays = read_h5(dataset_path("moons"))
    return arrays["train_X"], arrays["train_Y"]


def read_signs(path):
    """One SIGNS file, ours or the course's: ``train_set_*`` or ``test_set_*`` plus ``list_classes``.

    Returns:
        X_orig: (m, 64, 64, 3) uint8 pictures; Y: (1, m) int64 labels 0..5; classes: (6,) int64
    """
    arrays = read_h5(path)
    [prefix] = [key[: -len("_x")] for key in arrays if key.endswith("_set_x")]
    labels = np.asarray(arrays[prefix + "_y"], dtype=np.int64).reshape(1, -1)
    return arrays[prefix + "_x"], labels, np.asarray(arrays["list_classes"], dtype=np.int64)


def load_signs(train_path=None, test_path=None):
    """The TensorFlow assignment's pictures of hands showing 0 to 5 fingers.

    By default our generated files; pass the paths of the course's ``train_signs.h5`` and
    ``test_signs.h5`` to use those instead (same schema).

    Returns:
        train_set_x_orig: (1080, 64, 64, 3) uint8; train_set_y: (1, 1080) int64;
        test_set_x_orig: (120, 64, 64, 3) uint8; test_set_y: (1, 120) int64; classes: (6,) int64
    """
    train_x, train_y, classes = read_signs(train_path or dataset_path("train_signs"))
    test_x, test_y, _ = read_signs(test_path or dataset_path("test_signs"))
    return train_x, train_y, test_x, test_y, classes


def load_evening_signs(per_class, seed):
    """Pictures of hands like SIGNS', taken in other conditions (a dim, warm room, a dark wall, darker
    skin tones, more noise): ``dlcourse.hand_signs.make_signs(per_class, seed, "evening")``, drawn
    when called (about 5 ms a picture), deterministic given ``seed``. No file ships them.

    Returns:
        X_orig: (6 * per_class, 64, 64, 3) uint8; Y: (1, 6 * per_class) int64 labels 0..5
    """
    from dlcourse.hand_signs import make_signs

    X, y = make_signs(per_class, seed, conditions="evening")
    return X, y.reshape(1, -1)

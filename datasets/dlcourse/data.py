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


def load_moons():
    """The Optimization data: two interleaving half circles ("moons") of points.

    Returns:
        train_X: (2, 300), train_Y: (1, 300)
    """
    arrays = read_h5(dataset_path("moons"))
    return arrays["train_X"], arrays["train_Y"]

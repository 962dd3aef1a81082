"""Deterministic builders of the course datasets.

``python -m dlcourse.builders`` rewrites every file in ``dlcourse/files``; the tests check that a
fresh build equals the committed files. Builders need scikit-learn (the ``dev`` extra); loading
the files does not.
"""
import argparse

import h5py
import numpy as np

from dlcourse.data import dataset_path
from dlcourse.hand_signs import make_signs


def _circles(n_samples, seed, noise):
    """Points on two concentric circles, drawn from numpy's global state seeded with ``seed``.

    Seeding the global state and leaving ``random_state`` unset reproduces the course's data.
    """
    from sklearn.datasets import make_circles

    np.random.seed(seed)
    X, y = make_circles(n_samples=n_samples, noise=noise)
    return X.T, y.reshape(1, -1).astype(np.int64)


def build_circles():
    """Initialization data: 300 train points (seed 1) and 100 test points (seed 2), noise 0.05."""
    train_X, train_Y = _circles(300, seed=1, noise=0.05)
    test_X, test_Y = _circles(100, seed=2, noise=0.05)
    arrays = {"train_X": train_X, "train_Y": train_Y, "test_X": test_X, "test_Y": test_Y}
    attrs = {"train_seed": 1, "test_seed": 2, "noise": 0.05, "generator": "sklearn.datasets.make_circles"}
    return arrays, attrs


# The goalkeeper field: headers land in a disc; a wavy line separates the teams' zones; near it
# the zones mix (Gaussian noise on the side of the line), a few labels are flipped at random, and in
# a few small pockets the other team wins every header. Train and test are two independent draws.
GOALKEEPER = {
    "centre": (-0.15, -0.02), "radius": 0.55,  # the disc where headers land
    "angle": 35.0, "amplitude": 0.08, "frequency": 7.0,  # the wavy line: direction (degrees), wave
    "side_noise": 0.03, "flip": 0.01,  # mixing near the line, labels flipped anywhere
    "pockets": 5, "pocket_radius": 0.05,  # small zones won by the other team
}


def _goalkeeper(m, seed, centre, radius, angle, amplitude, frequency, side_noise, flip, pockets, pocket_radius):
    """``m`` headers drawn with ``numpy.random.default_rng(seed)``: X (2, m), Y (1, m) int64."""
    rng = np.random.default_rng(seed)
    distance, direction = radius * np.sqrt(rng.random(m)), rng.uniform(0, 2 * np.pi, m)
    X = np.vstack([centre[0] + distance * np.cos(direction), centre[1] + distance * np.sin(direction)])
    a = np.deg2rad(angle)
    along = (X[0] - centre[0]) * np.cos(a) + (X[1] - centre[1]) * np.sin(a)
    across = -(X[0] - centre[0]) * np.sin(a) + (X[1] - centre[1]) * np.cos(a)
    side = across - amplitude * np.sin(frequency * along) + rng.normal(0, side_noise, m)
    Y = (side > 0).astype(np.int64)
    distance, direction = 0.8 * radius * np.sqrt(rng.random(pockets)), rng.uniform(0, 2 * np.pi, pockets)
    P = np.vstack([centre[0] + distance * np.cos(direction), centre[1] + distance * np.sin(direction)])
    in_pocket = (np.sum((X[:, :, None] - P[:, None, :]) ** 2, axis=0) < pocket_radius**2).any(axis=1)
    flipped = in_pocket | (rng.random(m) < flip)
    Y[flipped] = 1 - Y[flipped]
    return X, Y.reshape(1, -1)


def build_goalkeeper():
    """Regularization data: 211 train headers (seed 5), 200 test headers (seed 6), label 1 = ours."""
    train_X, train_Y = _goalkeeper(211, seed=5, **GOALKEEPER)
    test_X, test_Y = _goalkeeper(200, seed=6, **GOALKEEPER)
    arrays = {"train_X": train_X, "train_Y": train_Y, "test_X": test_X, "test_Y": test_Y}
    attrs = {"train_seed": 5, "test_seed": 6, "generator": "dlcourse.builders._goalkeeper (numpy default_rng)",
             **{key: np.asarray(value) for key, value in GOALKEEPER.items()}}
    return arrays, attrs


def build_moons():
    """Optimization data: 300 points on two interleaving half circles, seed 3, noise 0.2."""
    from sklearn.datasets import make_moons

    np.random.seed(3)
    X, y = make_moons(n_samples=300, noise=0.2)
    arrays = {"train_X": X.T, "train_Y": y.reshape(1, -1).astype(np.int64)}
    attrs = {"train_seed": 3, "noise": 0.2, "generator": "sklearn.datasets.make_moons"}
    return arrays, attrs


def build_signs(split, per_class, seed):
    """SIGNS-format file ``split`` ("train" or "test"): ``per_class`` pictures of each count 0..5."""
    X, y = make_signs(per_class, seed)
    arrays = {f"{split}_set_x": X, f"{split}_set_y": y, "list_classes": np.arange(6, dtype=np.int64)}
    attrs = {"seed": seed, "per_class": per_class, "generator": "dlcourse.hand_signs.make_signs"}
    return arrays, attrs


BUILDERS = {
    "circles": build_circles,
    "goalkeeper": build_goalkeeper,
    "moons": build_moons,
    "train_signs": lambda: build_signs("train", per_class=180, seed=1),
    "test_signs": lambda: build_signs("test", per_class=20, seed=2),
}


def write_h5(path, arrays, attrs):
    """Write ``arrays`` (name -> ndarray) and file attributes ``attrs`` to an HDF5 file."""
    with h5py.File(path, "w") as f:
        for key, value in arrays.items():
            # Pictures are big: compress arrays over 1 MiB (the small ones stay byte-for-byte plain).
            compression = "gzip" if value.nbytes > 2**20 else None
            f.create_dataset(key, data=value, compression=compression)
        f.attrs.update(attrs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(BUILDERS), help="datasets to rebuild")
    args = parser.parse_args(argv)
    for name in args.names:
        arrays, attrs = BUILDERS[name]()
        path = dataset_path(name)
        write_h5(path, arrays, attrs)
        print(f"wrote {path}: " + ", ".join(f"{k} {v.shape} {v.dtype}" for k, v in arrays.items()))


if __name__ == "__main__":
    main()

"""The checks students read and run in each test cell.

A test cell wraps its checks in ``with public_checks():``. A failed check raises
``AssertionError`` with a message that says what differs; a function whose body is still the
``raise NotImplementedError()`` stub gets a message saying so. Under grading (see
``dlcourse.grading_mode``) a failure is printed instead of raised, so that the hidden checks after
it still run and award partial credit.
"""
from contextlib import contextmanager

import numpy as np

from dlcourse.grading_mode import grading


@contextmanager
def public_checks():
    """Run the checks of a test cell; print a check mark when they all hold."""
    try:
        yield
    except Exception as failure:
        if not grading():
            raise
        print(f"\N{BALLOT X} public check failed: {type(failure).__name__}: {failure}")
    else:
        print("\N{CHECK MARK} All public checks passed.")


def call(function, *args, **kwargs):
    """Call a student's function, turning the untouched stub into a clear message."""
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise AssertionError(
            f"{function.__name__} is not implemented yet: replace `raise NotImplementedError()` "
            "with your code, run its cell, then run this cell again."
        ) from None


def expect_array(actual, expected, name, atol=1e-7):
    """``actual`` is a numpy array with the shape and (within ``atol``) the values of ``expected``."""
    expected = np.asarray(expected)
    assert isinstance(actual, np.ndarray), f"{name} should be a numpy array, got {type(actual).__name__}"
    assert actual.shape == expected.shape, f"{name} has shape {actual.shape}, expected {expected.shape}"
    if not np.allclose(actual, expected, atol=atol, rtol=1e-6):
        worst = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(actual - expected)), expected.shape))
        where = str(list(worst)) if worst else ""
        raise AssertionError(f"{name}{where} is {actual[worst].item()!r}, expected {expected[worst].item()!r}")


def expect_arrays(actual, expected, what="parameters", atol=1e-7):
    """A dict of arrays with exactly the keys of ``expected`` and matching arrays."""
    assert isinstance(actual, dict), f"{what} should be a dict, got {type(actual).__name__}"
    missing = [key for key in expected if key not in actual]
    extra = [key for key in actual if key not in expected]
    assert not missing, f"{what} is missing {missing}"
    assert not extra, f"{what} has unexpected keys {extra}"
    for key, value in expected.items():
        expect_array(actual[key], value, key, atol=atol)


def expect_tensor(actual, expected, name, dtype="float32", atol=1e-6):
    """``actual`` is a TensorFlow tensor or variable (not a numpy array) of ``dtype`` (unless None)
    with the shape and values of ``expected``. Needs no TensorFlow import: it reads the tensor's API.
    """
    is_tensor = hasattr(actual, "numpy") and hasattr(actual, "dtype") and not isinstance(actual, np.ndarray)
    assert is_tensor, f"{name} should be a TensorFlow tensor, got {type(actual).__name__}"
    if dtype is not None:
        assert actual.dtype.name == dtype, f"{name} has dtype {actual.dtype.name}, expected {dtype}"
    expect_array(np.asarray(actual.numpy()), expected, name, atol=atol)

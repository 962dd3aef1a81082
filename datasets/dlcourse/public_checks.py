"""The checks students read and run in each test cell.

A test cell wraps its checks in ``with public_checks():``. A failed check raises
``AssertionError`` with a message that says what differs; a function whose body is still the
``raise NotImplementedError()`` stub gets a message saying so. (The course's grader does not run
these checks: it replaces each test cell by its own, hidden, checks.)

A failed check also looks for the typical mistake it could be. The course's maintainers ran each
typical mistake of the exercise through these same checks (their results ship in
``files/diagnoses/``, one file per assignment); when what the student's function gave matches what
a mistake gives, the message names it, in the words the grader uses for it.
"""
import inspect
import io
import json
from contextlib import contextmanager, redirect_stdout
from importlib import resources

import numpy as np


DIAGNOSES = resources.files("dlcourse") / "files" / "diagnoses"


class _Block:
    """What one ``public_checks`` block saw: the exercise called, each checked value by name, and
    the name of the check that failed."""

    def __init__(self):
        self.exercise, self.observed, self.failed_at = None, [], None


_blocks = []  # the blocks running now, innermost last
_recordings = []  # set by ``recording``: where each block's outcome goes instead of being reported


@contextmanager
def public_checks():
    """Run the checks of a test cell; print a check mark when they all hold. A failure is raised,
    with the typical mistake it matches named after its message."""
    block = _Block()
    _blocks.append(block)
    try:
        yield
    except Exception as failure:
        if _recordings:
            _recordings[-1].append(outcome(block, failure))
            return
        diagnosis = diagnose(outcome(block, failure))
        if diagnosis:
            raise AssertionError(f"{failure}\n{diagnosis}") from None
        raise
    else:
        if _recordings:
            _recordings[-1].append(outcome(block, None))
        else:
            print("\N{CHECK MARK} All public checks passed.")
    finally:
        _blocks.pop()


@contextmanager
def recording():
    """Collect the outcome of each ``public_checks`` block run inside, instead of reporting it:
    ``{"exercise", "failed_at", "error", "observed"}`` dicts (how the diagnoses are made)."""
    outcomes = []
    _recordings.append(outcomes)
    try:
        yield outcomes
    finally:
        _recordings.pop()


def outcome(block, failure):
    """What a block saw, as plain data: ``failed_at`` the failed check's name (None if something
    else failed, or nothing), ``error`` the type of a failure that was not a check's."""
    error = None if failure is None or block.failed_at else type(failure).__name__
    seen = {"exercise": block.exercise, "failed_at": block.failed_at, "error": error, "observed": block.observed}
    if block.failed_at and block.failed_at not in dict(block.observed):  # a dict's keys, say: no values
        seen["message"] = str(failure)
    return seen


def diagnose(seen):
    """The typical mistakes whose recorded outcome ``seen`` matches, as a message, or None."""
    if seen["exercise"] is None or (seen["failed_at"] is None and seen["error"] in (None, "AssertionError")):
        return None  # nothing failed, or a plain assert (the stub's message, say) that names no value
    found = []
    for path in sorted(DIAGNOSES.iterdir()) if DIAGNOSES.is_dir() else []:
        for mistake in json.loads(path.read_text()).get(seen["exercise"], []):
            if matches(seen, mistake) and mistake["diagnosis"] not in found:
                found.append(mistake["diagnosis"])
    if not found:
        return None
    what = "This error is" if seen["failed_at"] is None else "This is"
    if len(found) == 1:
        return f"{what} what a typical mistake gives here: {found[0]}"
    return f"{what} what one of these typical mistakes gives here: " + "; or ".join(found)


def matches(seen, mistake):
    """Did the student's function fail where ``mistake`` fails, with the same values everywhere
    both were checked?"""
    if [seen.get(key) for key in ("failed_at", "error", "message")] != [
            mistake.get(key) for key in ("failed_at", "error", "message")]:
        return False
    recorded = dict(map(tuple, mistake["observed"]))
    shared = [(value, recorded[name]) for name, value in seen["observed"] if name in recorded]
    return all(same(a, b) for a, b in shared)


def same(first, second):
    if "type" in first or "type" in second:
        return first == second
    return first["shape"] == second["shape"] and np.allclose(first["values"], second["values"], rtol=1e-5, atol=1e-7,
                                                             equal_nan=True)


def observe(name, value):
    """Note ``value`` under ``name`` in the running block (as shape and numbers when numeric)."""
    if not _blocks:
        return
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):  # a TensorFlow tensor or variable
        value = value.numpy()
    try:
        array = np.asarray(value, dtype=float)
        seen = {"shape": list(array.shape), "values": array.ravel().tolist()}
    except (TypeError, ValueError):
        seen = {"type": type(value).__name__}
    _blocks[-1].observed.append([name, seen])


@contextmanager
def checking(name):
    """A named check: if it fails, the block knows which one did."""
    try:
        yield
    except AssertionError:
        if _blocks and _blocks[-1].failed_at is None:
            _blocks[-1].failed_at = name
        raise


def call(function, *args, updates=(), **kwargs):
    """Call a student's function, turning the untouched stub into a clear message. The first function
    a block calls this way is the exercise the block checks.

    The arrays, dicts, lists and tuples passed by position must be as they were after the call (a
    named check, "the arguments <function> was given"), except the parameters named in ``updates``,
    which the exercise updates in place (``parameters`` of an update rule, say)."""
    if _blocks and _blocks[-1].exercise is None:
        _blocks[-1].exercise = getattr(function, "__name__", None)
    watched = [(position, name, _snapshot(args[position])) for position, name in enumerate(_parameter_names(function))
               if position < len(args) and name not in updates and _holds_arrays(args[position])]
    value = _calling(function, args, kwargs)
    if watched:
        changed = [name for position, name, before in watched if not _same_arrays(before, _snapshot(args[position]))]
        expect(not changed, f"the arguments {function.__name__} was given",
               f"{function.__name__} changed {' and '.join(changed)}, which it was given: compute new arrays instead of "
               "changing the caller's in place")
    return value


def _parameter_names(function):
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):  # no signature to read: nothing is watched
        return []


def _holds_arrays(value):
    return isinstance(value, (np.ndarray, dict, list, tuple)) or (hasattr(value, "numpy") and hasattr(value, "dtype"))


def _snapshot(value):
    """A copy of ``value`` as it is now: arrays copied, containers rebuilt, tensors as arrays."""
    if isinstance(value, dict):
        return {key: _snapshot(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_snapshot(item) for item in value]
    if hasattr(value, "numpy") and hasattr(value, "dtype") and not isinstance(value, np.ndarray):
        return np.array(value.numpy())
    return value.copy() if isinstance(value, np.ndarray) else value


def _same_arrays(first, second):
    if isinstance(first, dict):
        return isinstance(second, dict) and first.keys() == second.keys() and all(
            _same_arrays(first[key], second[key]) for key in first)
    if isinstance(first, list):
        return isinstance(second, list) and len(first) == len(second) and all(map(_same_arrays, first, second))
    if isinstance(first, np.ndarray):
        return isinstance(second, np.ndarray) and first.shape == second.shape and np.array_equal(first, second,
                                                                                                 equal_nan=True)
    if isinstance(first, (bool, int, float, complex, str, np.generic)):  # in a list or dict, it may have been replaced
        return isinstance(second, (bool, int, float, complex, str, np.generic)) and (
            first == second or (first != first and second != second))
    return True


def call_earlier(function, *args, **kwargs):
    """``call`` for an earlier exercise's function that a block needs before it can check its own
    (``batchnorm_forward`` makes the cache that ``batchnorm_backward`` is checked with): the same
    message for the untouched stub, and the block still checks the function it ``call``s."""
    return _calling(function, args, kwargs)


def _calling(function, args, kwargs):
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise AssertionError(
            f"{function.__name__} is not implemented yet: replace `raise NotImplementedError()` "
            "with your code, run its cell, then run this cell again."
        ) from None


def call_printing(function, *args, **kwargs):
    """``call``, also returning what the function printed (shown here as well): ``(value, text)``."""
    with redirect_stdout(io.StringIO()) as printed:
        value = call(function, *args, **kwargs)
    print(printed.getvalue(), end="")
    return value, printed.getvalue()


def expect_value(actual, expected, name, atol=1e-7, scalar=False):
    """``actual`` is a number equal (within ``atol``, or a relative 1e-6) to ``expected``; with
    ``scalar``, a Python or numpy scalar, not an array of one element."""
    observe(name, actual)
    with checking(name):
        if scalar:
            assert np.ndim(actual) == 0, f"{name} should be one number, got an array of shape {np.shape(actual)}"
        try:
            numeric = actual is not None and not isinstance(actual, (str, bytes)) and np.size(actual) == 1
            value = float(np.ravel(np.asarray(actual, dtype=float))[0]) if numeric else None
        except (TypeError, ValueError):
            value = None
        assert value is not None, f"{name} should be a single number, got {type(actual).__name__} {np.shape(actual)}"
        assert np.isclose(value, expected, atol=atol, rtol=1e-6), f"{name} is {value!r}, expected {expected!r}"


def expect(condition, name, message):
    """A named check of a property (no value to compare): ``condition`` holds, else ``message``."""
    observe(name, bool(condition))
    with checking(name):
        assert condition, message


@contextmanager
def replacing(namespace, **names):
    """Within the block, ``namespace`` (a notebook's ``globals()``) holds ``names`` in place of its own
    values: a public check can hand a student's function a known helper, a wrong one, say."""
    missing = object()
    saved = {name: namespace.get(name, missing) for name in names}
    namespace.update(names)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def expect_array(actual, expected, name, atol=1e-7):
    """``actual`` is a numpy array with the shape and (within ``atol``) the values of ``expected``."""
    observe(name, actual)
    with checking(name):
        _expect_array(actual, np.asarray(expected), name, atol)


def _expect_array(actual, expected, name, atol):
    assert isinstance(actual, np.ndarray), f"{name} should be a numpy array, got {type(actual).__name__}"
    assert actual.shape == expected.shape, f"{name} has shape {actual.shape}, expected {expected.shape}"
    if not np.allclose(actual, expected, atol=atol, rtol=1e-6):
        worst = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(actual - expected)), expected.shape))
        where = f" at {list(worst)}" if worst else ""
        raise AssertionError(f"{name} is {actual[worst].item()!r}{where}, expected {expected[worst].item()!r}")


def expect_arrays(actual, expected, what="parameters", atol=1e-7):
    """A dict of arrays with exactly the keys of ``expected`` and matching arrays
    (each named ``what["key"]`` in messages)."""
    with checking(what):
        assert isinstance(actual, dict), f"{what} should be a dict, got {type(actual).__name__}"
        missing = [key for key in expected if key not in actual]
        extra = [key for key in actual if key not in expected]
        assert not missing, f"{what} is missing {missing}"
        assert not extra, f"{what} has unexpected keys {extra}"
    for key, value in expected.items():
        expect_array(actual[key], value, f'{what}["{key}"]', atol=atol)


def expect_tensor(actual, expected, name, dtype="float32", atol=1e-6):
    """``actual`` is a TensorFlow tensor or variable (not a numpy array) of ``dtype`` (unless None)
    with the shape and values of ``expected``. Needs no TensorFlow import: it reads the tensor's API.
    """
    is_tensor = hasattr(actual, "numpy") and hasattr(actual, "dtype") and not isinstance(actual, np.ndarray)
    with checking(name):
        assert is_tensor, f"{name} should be a TensorFlow tensor, got {type(actual).__name__}"
        if dtype is not None:
            assert actual.dtype.name == dtype, f"{name} has dtype {actual.dtype.name}, expected {dtype}"
    expect_array(np.asarray(actual.numpy()), expected, name, atol=atol)

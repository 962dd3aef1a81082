"""The student's function as a hidden check sees it, wherever it runs; what its failures raise.

``StudentFunction`` is the one interface: calling it gives the value; ``invoke(args, kwargs,
**options)`` gives ``kernel_side.invoke``'s whole result (the value, the helpers it called, the
gradients, the arguments as it left them) with that function's call options (a seed, helpers, a
tape, echoing); ``sibling(name)`` is another function of the same student's notebook; the provided
helpers it is ``watch``-ed for are collected in ``delegated``, the arguments it must ``keep`` as
they were and changed in ``changed``. ``LocalFunction`` runs a plain
function in this process (tests, demos); ``remote.RemoteFunction`` runs it in the sandboxed kernel.
This module is the ground floor of the check API: it imports nothing of the kernel machinery.
"""
import numpy as np

from autograder.engine import kernel_side

MAX_MESSAGE = 300  # characters of a student's error message that reach the feedback


class StudentCodeError(Exception):
    """The student's code failed, hung or returned something that cannot be read."""


class StudentCodeStopped(StudentCodeError):
    """The student's function hung or took its kernel down: it is not called again."""


def shorten(text, limit=MAX_MESSAGE):
    """``text`` cut to ``limit`` characters, saying so."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more characters)"


def raise_student_error(error):
    """Raise what a failed call of student code reported (``{"type": name, "message": text}``): the
    release's stub (NotImplementedError without a message) as NotImplementedError, anything else as
    StudentCodeError."""
    if not (isinstance(error, dict) and isinstance(error.get("type"), str) and isinstance(error.get("message"), str)):
        raise StudentCodeError("its error could not be read back")
    if error["type"] == "NotImplementedError" and not error["message"].strip():
        raise NotImplementedError()
    raise StudentCodeError(f"raised {shorten(error['type'] + ': ' + error['message'])}")


class StudentFunction:
    """The student's function ``name``; subclasses say where it runs (``call``, ``sibling``)."""

    def __init__(self, name):
        self.__name__ = name
        self.watched, self.delegated = [], set()
        self.kept, self.changed, self.returned = {}, [], 0

    def __call__(self, *args, **kwargs):
        return self.invoke(args, kwargs)["value"]

    def watch(self, paths):
        """Record which of the provided helpers at ``paths`` ("package.module.name") each call uses,
        directly or through a module, in ``delegated``. Returns the function."""
        self.watched, self.delegated = list(paths), set()
        return self

    def keep(self, kept):
        """Compare, at each call, the positional arguments ``kept`` (``{position: name}``) before and
        after (as the call left them where it ran): the names of those it changed in place go to
        ``changed``; ``returned`` counts the calls that returned. Returns the function."""
        self.kept, self.changed, self.returned = dict(kept), [], 0
        return self

    def invoke(self, args, kwargs, **options):
        """One call with ``kernel_side.invoke``'s ``options``: its ``{"value", "calls", "gradients"}``
        (and ``"arguments"``), or StudentCodeError (NotImplementedError for the stub)."""
        asked = dict(options)
        if self.watched:
            options["watched"] = self.watched
        before = {i: snapshot(args[i]) for i in self.kept if i < len(args)}
        result = self.call(args, kwargs, **({**options, "echo": True} if before else options))
        self.delegated.update(path for path in self.watched if result["calls"].get(path))
        self.returned += 1 if self.kept else 0
        if before:
            self._compare(before, result.get("arguments") or [])
            if not asked.get("echo"):
                result = {key: value for key, value in result.items() if key != "arguments"}
        return result

    def _compare(self, before, after):
        for i, given in before.items():
            if i < len(after) and changed_arguments([given], [snapshot(after[i])]) and self.kept[i] not in self.changed:
                self.changed.append(self.kept[i])

    def call(self, args, kwargs, **options):
        raise NotImplementedError

    def sibling(self, name):
        raise NotImplementedError


class LocalFunction(StudentFunction):
    """A plain function, called in this process exactly as the kernel would call it."""

    def __init__(self, function):
        super().__init__(function.__name__)
        self.function = function

    def call(self, args, kwargs, **options):
        result = kernel_side.invoke(self.function, args, kwargs, **options)
        if "error" in result:
            raise_student_error(result["error"])
        return result

    def sibling(self, name):
        """The function ``name`` of the same module (a stub raising NotImplementedError if none)."""
        found = getattr(self.function, "__globals__", {}).get(name)
        if callable(found):
            return LocalFunction(found)

        def missing(*args, **kwargs):
            raise NotImplementedError()
        missing.__name__ = name
        return LocalFunction(missing)


def as_student(function):
    """``function`` as a ``StudentFunction``: a plain function runs in this process."""
    return function if isinstance(function, StudentFunction) else LocalFunction(function)


def changed_arguments(given, after):
    """The positions of the arguments ``given`` (arrays, dicts, lists and tuples of them, numbers)
    that a call left different (``after``: an ``echoing`` function's ``arguments``): what it changed
    in place."""
    return [i for i, (a, b) in enumerate(zip(given, after or given)) if not _same_argument(a, b)]


def _same_argument(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_argument(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(map(_same_argument, a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, (bool, int, float, complex, str, np.generic)):  # in a list or dict, it may have been replaced
        return isinstance(b, (bool, int, float, complex, str, np.generic)) and (a == b or (a != a and b != b))
    return True  # another object: not compared


def snapshot(value):
    """A copy of ``value`` as it is now, for ``changed_arguments``: arrays copied, dicts, lists and
    tuples rebuilt around copies, a tensor or variable of a framework as a numpy array, anything
    else as it is."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {key: snapshot(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [snapshot(item) for item in value]
    if hasattr(value, "numpy") and hasattr(value, "dtype"):  # a TensorFlow tensor or variable
        return np.array(value.numpy())
    return value

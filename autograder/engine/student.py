"""The student's function as a hidden check sees it, wherever it runs; what its failures raise.

``StudentFunction`` is the one interface: calling it gives the value; ``invoke(args, kwargs,
**options)`` gives ``kernel_side.invoke``'s whole result (the value, the helpers it called, the
gradients, the arguments as it left them) with that function's call options (a seed, helpers, a
tape, echoing); ``sibling(name)`` is another function of the same student's notebook; the provided
helpers it is ``watch``-ed for are collected in ``delegated``. ``LocalFunction`` runs a plain
function in this process (tests, demos); ``remote.RemoteFunction`` runs it in the sandboxed kernel.
This module is the ground floor of the check API: it imports nothing of the kernel machinery.
"""
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

    def __call__(self, *args, **kwargs):
        return self.invoke(args, kwargs)["value"]

    def watch(self, paths):
        """Record, from now on, which of the provided helpers at ``paths`` ("package.module.name") a
        call uses, directly or through a module (in ``delegated``). Returns the function."""
        self.watched = list(paths)
        return self

    def invoke(self, args, kwargs, **options):
        """One call with ``kernel_side.invoke``'s ``options``: its ``{"value", "calls", "gradients"}``
        (and ``"arguments"``), or StudentCodeError (NotImplementedError for the stub)."""
        if self.watched:
            options = {**options, "watched": self.watched}
        result = self.call(args, kwargs, **options)
        self.delegated.update(path for path in self.watched if result["calls"].get(path))
        return result

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


def student_function(function):
    """``function`` as a ``StudentFunction``: a plain function runs in this process."""
    return function if isinstance(function, StudentFunction) else LocalFunction(function)

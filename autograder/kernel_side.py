"""How a hidden check calls a student's function: optionally seeded, optionally with helpers.

The source of this module runs inside the student's kernel when grading is sandboxed (see
``autograder.remote``), and in the checker's own process otherwise, so both ways call a student's
function identically. It is self-contained on purpose.

Helpers replace globals of the student's function for one call: a check gives each as the source
of an expression (``"lambda x, theta: theta * x"``), evaluated with ``np`` and ``importlib`` in
scope, and learns how many times the student's function called it.
"""
import types


def with_helpers(function, helpers):
    """``(function seeing the helpers in place of those globals, {helper name: calls so far})``."""
    import importlib

    import numpy

    space = {"np": numpy, "numpy": numpy, "importlib": importlib}
    calls = {name: 0 for name in helpers}

    def counted(name, helper):
        def call(*args, **kwargs):
            calls[name] += 1
            return helper(*args, **kwargs)
        return call

    made = {name: counted(name, eval(source, space)) for name, source in helpers.items()}
    if made and isinstance(function, types.FunctionType):
        original = function
        function = types.FunctionType(original.__code__, {**original.__globals__, **made}, original.__name__,
                                      original.__defaults__, original.__closure__)
        function.__kwdefaults__ = original.__kwdefaults__
    return function, calls


def invoke(function, args, kwargs, seed=None, helpers=None):
    """Call ``function``; ``{"value": ..., "calls": {...}}``, or ``{"error": "Type: message"}``."""
    function, calls = with_helpers(function, helpers or {})
    if seed is not None:
        import numpy

        numpy.random.seed(seed)
    try:
        value = function(*args, **kwargs)
    except (Exception, SystemExit) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return {"value": value, "calls": calls}

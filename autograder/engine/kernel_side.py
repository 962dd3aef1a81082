"""How a hidden check calls a student's function: optionally seeded, with helpers, or under a tape.

The source of this module runs inside the student's kernel when grading is sandboxed (see
``autograder.engine.remote``), and in the checker's own process otherwise, so both ways call a student's
function identically. It is self-contained on purpose.

Helpers replace globals of the student's function for one call: a check gives each as the source
of an expression (``"lambda x, theta: theta * x"``), evaluated with ``np`` and ``importlib`` in
scope, and learns how many times the student's function called it.

Gradient weights ask for the call to run under a ``tf.GradientTape``: the gradients of
``sum(result * gradient_weights)`` with respect to every ``tf.Variable`` among the arguments (or
the values of a dict argument) come back as arrays, ``None`` where no gradient reached a variable.
"""
import types


def with_globals(function, names):
    """A copy of a plain Python ``function`` that sees ``names`` (a dict) in place of the globals of
    those names; anything else (a builtin, a callable object) comes back unchanged."""
    if not names or not isinstance(function, types.FunctionType):
        return function
    copy = types.FunctionType(function.__code__, {**function.__globals__, **names}, function.__name__,
                              function.__defaults__, function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy


def helper_from_source(source):
    """The function a helper's source (an expression using ``np`` or ``importlib``) stands for."""
    import importlib

    import numpy

    return eval(source, {"np": numpy, "numpy": numpy, "importlib": importlib})


def counting_helpers(function, helpers):
    """``(function seeing the helpers in place of those globals, {helper name: calls so far})``."""
    calls = {name: 0 for name in helpers}

    def counted(name, helper):
        def call(*args, **kwargs):
            calls[name] += 1
            return helper(*args, **kwargs)
        return call

    made = {name: counted(name, helper_from_source(source)) for name, source in helpers.items()}
    return with_globals(function, made), calls


def watching(function, paths):
    """``(function, {path: calls so far}, restore)``: each provided helper at ``paths``
    (``"package.module.name"``) replaced, in its module and among the function's globals, by a
    stand-in that counts its calls; ``restore()`` puts the helpers back."""
    import importlib

    calls = {path: 0 for path in paths}
    originals, stand_ins, depth = [], {}, [0]  # a helper called by another watched one is not counted
    for path in paths:
        module_name, _, name = path.rpartition(".")
        try:
            module = importlib.import_module(module_name)
            helper = getattr(module, name)
        except (ImportError, AttributeError):  # not installed where the function runs: nothing to watch
            continue

        def counted(*args, __path=path, __helper=helper, **kwargs):
            calls[__path] += depth[0] == 0
            depth[0] += 1
            try:
                return __helper(*args, **kwargs)
            finally:
                depth[0] -= 1

        originals.append((module, name, helper))
        stand_ins[id(helper)] = counted
        setattr(module, name, counted)
    globals_ = getattr(function, "__globals__", {})
    names = {name: stand_ins[id(value)] for name, value in globals_.items() if id(value) in stand_ins}

    def restore():
        for module, name, helper in originals:
            setattr(module, name, helper)

    return with_globals(function, names), calls, restore


def argument_variables(args):
    """``{name: tf.Variable}`` among ``args``: a dict's variables by key, others as ``arg<i>``."""
    import tensorflow as tf

    found = {}
    for position, arg in enumerate(args):
        items = arg.items() if isinstance(arg, dict) else [(f"arg{position}", arg)]
        found.update({str(key): value for key, value in items if isinstance(value, tf.Variable)})
    return found


def call_under_tape(function, args, kwargs, gradient_weights):
    """``(value, {variable name: gradient array or None})`` of one call recorded by a tape."""
    import tensorflow as tf

    variables = argument_variables(args)
    with tf.GradientTape() as tape:
        value = function(*args, **kwargs)
        try:
            loss = tf.reduce_sum(tf.cast(value, tf.float32) * tf.constant(gradient_weights, tf.float32))
        except Exception:  # not numeric, or not of the weights' shape: no gradient can be asked for
            loss = None
    if loss is None:
        return value, {name: None for name in variables}
    gradients = tape.gradient(loss, list(variables.values()))
    return value, {name: None if g is None else tf.convert_to_tensor(g).numpy()
                   for name, g in zip(variables, gradients)}


def seed_tensorflow(seed):
    """Set TensorFlow's global seed to ``seed`` (ops without a seed of their own then draw the same at
    every call); returns what puts back the global seed the kernel had (None, usually: the student's
    later cells must run as if the grader had never seeded)."""
    import tensorflow
    from tensorflow.python.eager import context

    before = context.global_seed()
    tensorflow.random.set_seed(seed)
    return lambda: tensorflow.random.set_seed(before)


def invoke(function, args, kwargs, seed=None, helpers=None, gradient_weights=None, watched=(), echo=False,
           tf_seed=None):
    """Call ``function``; ``{"value", "calls", "gradients"}`` or ``{"error": {"type", "message"}}``.

    ``calls`` counts the calls of each helper and of each watched provided helper (by path). ``seed``
    seeds numpy's global random state, ``tf_seed`` TensorFlow's, before the call. With
    ``echo``, ``"arguments"`` holds the positional arguments as they are after the call (a function
    may change a dict it was given in place).
    """
    function, calls = counting_helpers(function, helpers or {})
    function, watched_calls, restore = watching(function, watched)
    if seed is not None:
        import numpy

        numpy.random.seed(seed)
    restore_tf_seed = seed_tensorflow(tf_seed) if tf_seed is not None else None
    gradients = None
    try:
        if gradient_weights is None:
            value = function(*args, **kwargs)
        else:
            value, gradients = call_under_tape(function, args, kwargs, gradient_weights)
    except (Exception, SystemExit) as error:
        return {"error": {"type": type(error).__name__, "message": str(error)}}
    finally:
        restore()
        if restore_tf_seed:
            restore_tf_seed()
    result = {"value": value, "calls": {**calls, **watched_calls}, "gradients": gradients}
    if echo:
        result["arguments"] = list(args)
    return result

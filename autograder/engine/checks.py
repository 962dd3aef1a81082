"""The engine's check API: what a course's hidden checks are written with.

A course has one checks module per assignment: ``EXERCISES`` (an ``Exercises``: each graded
function's points, in notebook order, and its check ``check(student_function, rng)``, registered
with ``@EXERCISES.check(exercise)``), and optionally ``SHORTCUTS``
(``{exercise: [path of a provided helper, ...]}``). A check runs the student's function on inputs
drawn from ``rng``, compares with the course's reference, and fills a ``Rubric``: weighted criteria,
each failed one with a message that says what is wrong. ``evaluate`` turns that into points and
messages. Under the trusted grader the student's function is a ``remote.RemoteFunction`` that runs
in the sandboxed kernel; in tests, a plain function. Either way the check calls it the same way.
"""
import warnings

import numpy as np

from autograder.engine.student import StudentCodeError, as_student, changed_arguments, shorten  # noqa: F401
from autograder.engine.wire import Opaque, Source  # noqa: F401  (Source: a check's function argument)


MAX_FEEDBACK_MESSAGE = 600  # characters of one finding in the feedback (a student's error text: student.MAX_MESSAGE)


class Exercises:
    """The graded exercises of one assignment: ``Exercises({exercise: points, ...})`` in the order of
    its notebook, then ``@EXERCISES.check(exercise)`` on the function that checks each one (a check
    ``(student_function, rng)`` returns a ``Rubric``). Only registered functions are checks; helpers of
    a checks module may be named as they like. ``points`` is ``{exercise: points}``."""

    def __init__(self, points):
        self.points = dict(points)
        self.checks = {}

    def check(self, exercise):
        """Register the decorated function as the check of ``exercise``."""
        if exercise not in self.points:
            raise KeyError(f"{exercise!r} is not an exercise of this assignment: give it points first "
                           f"(one of {', '.join(self.points)})")

        def register(function):
            if exercise in self.checks:
                raise ValueError(f"{exercise!r} has a check already: {self.checks[exercise].__name__}")
            self.checks[exercise] = function
            return function
        return register

    def check_of(self, exercise):
        """The check registered for ``exercise``."""
        if exercise not in self.checks:
            raise LookupError(f"no check is registered for {exercise!r} (@EXERCISES.check({exercise!r}))")
        return self.checks[exercise]

    def unchecked(self):
        """The exercises with points and no check (none in a complete checks module)."""
        return [exercise for exercise in self.points if exercise not in self.checks]


class Rubric:
    """Weighted criteria of one exercise; a criterion passes unless ``fail`` is called on it.

    A check that runs the student's function on several inputs loops over ``rubric.cases(inputs)``:
    then a case whose call raises costs only that case's share of the points (``run_student``
    reports it with its input), and the criteria are judged on the cases that ran.
    """

    def __init__(self, **weights):
        self.weights = dict(weights)
        self.failures = {}
        self.case_count, self.crashed, self.in_case = 0, {}, False  # crashed: {case number: message}

    def cases(self, inputs):
        """Yield each of ``inputs``, counting it as one case of equal share."""
        for case in inputs:
            self.case_count += 1
            self.in_case = True
            try:
                yield case
            finally:
                self.in_case = False

    def crash(self, message):
        """The running case's call raised: that case earns nothing, the others keep their verdict."""
        self.crashed.setdefault(self.case_count, shorten(message, MAX_FEEDBACK_MESSAGE))

    def fail(self, criterion, message):
        """Mark ``criterion`` failed; the first message given for it is kept (shortened: it may quote
        what the student's code returned or raised)."""
        if criterion not in self.weights:
            raise KeyError(f"unknown criterion {criterion!r}")
        self.failures.setdefault(criterion, shorten(message, MAX_FEEDBACK_MESSAGE))

    def fail_all(self, message):
        """Mark every criterion failed with ``message``."""
        for criterion in self.weights:
            self.fail(criterion, message)

    def failed(self, criterion):
        return criterion in self.failures

    @property
    def fraction(self):
        total = sum(self.weights.values())
        judged = sum(w for c, w in self.weights.items() if c not in self.failures) / total
        ran = 1 - len(self.crashed) / self.case_count if self.case_count else 1
        return judged * ran

    @property
    def messages(self):
        found = list(self.failures.values())
        if self.crashed and len(self.crashed) < self.case_count:
            found.append(f"{len(self.crashed)} of {self.case_count} cases raised, each losing its share of "
                         "the points: " + "; ".join(dict.fromkeys(self.crashed.values())))
        elif self.crashed:  # every case raised (the stub, say): nothing was judged
            found += self.crashed.values()
        return list(dict.fromkeys(found))  # each distinct message once, in order


class Prepared:
    """The student's function, called after ``np.random.seed(seed)``, with helpers, or under a tape.

    Checks use ``seeded(function, seed)``, ``with_helpers(function, {name: source})`` and
    ``with_gradients(function, weights)`` instead of seeding numpy, patching globals or recording a
    ``tf.GradientTape`` themselves: under the trusted grader the student's function runs in the
    sandboxed kernel, whose random state, globals and tapes are the ones that matter. After a call,
    ``calls`` counts how often the function called each helper, ``gradients`` holds what
    ``kernel_side.invoke`` says of the variables among the arguments, and (``echoing``)
    ``arguments`` the positional arguments as the call left them.
    """

    def __init__(self, function, seed=None, helpers=None, gradient_weights=None, echo=False, tf_seed=None):
        self.function = function
        self.options = {"seed": seed, "helpers": dict(helpers or {}), "gradient_weights": gradient_weights}
        if echo:
            self.options["echo"] = True
        if tf_seed is not None:
            self.options["tf_seed"] = tf_seed
        self.__name__ = function.__name__
        self.calls, self.gradients, self.arguments = {}, None, None

    def __call__(self, *args, **kwargs):
        result = as_student(self.function).invoke(args, kwargs, **self.options)
        self.calls, self.gradients = result["calls"], result["gradients"]
        self.arguments = result.get("arguments")
        return result["value"]


def seeded(function, seed):
    """``function``, to be called right after ``np.random.seed(seed)`` where it runs."""
    return Prepared(function, seed=seed)


def tf_seeded(function, seed):
    """``function``, to be called right after ``tf.random.set_seed(seed)`` where it runs: what it draws
    without a seed of its own (an unseeded ``shuffle``, an initializer) is then the same at every
    grading, so that its check is too."""
    return Prepared(function, tf_seed=seed)


def with_helpers(function, helpers, seed=None):
    """``function`` seeing ``helpers`` (name -> source of an expression) in place of those globals."""
    return Prepared(function, seed=seed, helpers=helpers)


def echoing(function):
    """``function``, whose ``arguments`` after a call are the positional arguments as the call left
    them there: what it changed in place (a dict it was given) can be checked."""
    return Prepared(function, echo=True)


def consistent_mistake(findings, rtol=1e-6, atol=1e-9):
    """The typical mistake that gives every wrong value a check found, or None. ``findings``:
    ``[(actual, expected, [(mistake, value it gives), ...])]``, one per case the answer got wrong
    (each with the same mistakes, in catalogue order). A mistake that matches one case by
    coincidence and not another is not named: a wrong name misleads more than none."""
    if not findings:
        return None
    names = [name for name, _ in findings[0][2]]
    for name in names:
        if all(np.isclose(actual, dict(candidates)[name], rtol=rtol, atol=atol)
               and not np.isclose(expected, dict(candidates)[name], rtol=rtol, atol=atol)
               for actual, expected, candidates in findings):
            return name
    return None


def with_gradients(function, weights):
    """``function`` called under a tape: afterwards its ``gradients`` map each ``tf.Variable``
    argument to the gradient of ``sum(result * weights)`` (an array), or None if none reached it."""
    return Prepared(function, gradient_weights=np.asarray(weights, dtype=np.float32))


def sibling(function, name):
    """The student's function ``name``, from the notebook of the student's ``function`` and called
    where it runs (a stub raising NotImplementedError if the notebook defines none)."""
    return as_student(function).sibling(name)


def run_student(rubric, criteria, function, *args, **kwargs):
    """Call the student's ``function``; if it raises, fail every criterion in ``criteria`` (within
    ``rubric.cases``, the running case instead: it earns nothing, the others keep their share).

    Returns ``(True, result)`` or ``(False, None)``.
    """
    try:
        return True, function(*args, **kwargs)
    except NotImplementedError as error:
        if str(error):  # raised by a library (TensorFlow's .numpy() in a graph, say), not the stub
            message = f"{function.__name__}{_format_call(args, kwargs)} raised NotImplementedError: {shorten(error)}"
        else:
            message = f"{function.__name__} is not implemented (it still raises NotImplementedError)"
    except StudentCodeError as error:  # raised by a sandboxed call: already says what happened
        message = f"{function.__name__}{_format_call(args, kwargs)} {error}"
    except Exception as error:  # any failure of student code is a finding, not a crash of the grader
        message = f"{function.__name__}{_format_call(args, kwargs)} raised {type(error).__name__}: {shorten(error)}"
    if rubric.in_case:
        rubric.crash(message)
    else:
        for criterion in criteria:
            rubric.fail(criterion, message)
    return False, None


def _format_call(args, kwargs):
    parts = [_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items()]
    return "(" + ", ".join(parts) + ")"


def _short(value):
    if isinstance(value, np.ndarray):
        return f"<array {value.shape}>"
    if hasattr(value, "shape") and hasattr(value, "dtype"):  # a tensor of a framework (TensorFlow)
        return f"<tensor {tuple(value.shape)}>"
    if isinstance(value, dict):
        return "{" + ", ".join(value) + "}"
    return repr(value)


def compare_arrays(rubric, actual, expected, structure, what="parameters"):
    """Compare a dict of arrays with the expected dict, key by key.

    Missing or extra keys, non-arrays and wrong shapes fail the ``structure`` criterion.
    Returns ``(differ, unusable)``: the keys with the right shape but other values, and the keys
    that could not be compared at all.
    """
    if not isinstance(actual, dict):
        rubric.fail(structure, f"{what} should be a dict, got {type_name(actual)}")
        return [], list(expected)
    extra = sorted(set(actual) - set(expected))
    if extra:
        rubric.fail(structure, f"{what} has unexpected keys {extra}; expected exactly {sorted(expected)}")
    differ, unusable = [], []
    for key, want in expected.items():
        problem = _shape_problem(actual.get(key, _MISSING), want, key, what)
        if problem:
            rubric.fail(structure, problem)
            unusable.append(key)
        elif not np.allclose(actual[key], want, rtol=1e-6, atol=1e-9):
            differ.append(key)
    return differ, unusable


_MISSING = object()


def _shape_problem(value, want, key, what):
    if value is _MISSING:
        return f"{what} has no {key!r}"
    return array_problem(value, np.shape(want), key)


def array_problem(value, shape, name):
    """A message if ``value`` is not a numpy array of ``shape``, else None."""
    if not isinstance(value, np.ndarray):
        return f"{name} should be a numpy array, got {type_name(value)}"
    if value.shape != tuple(shape):
        return f"{name} has shape {value.shape}, expected {tuple(shape)}"
    return None


def close(actual, expected, rtol=1e-6, atol=1e-9):
    """Do ``actual`` and ``expected`` hold the same numbers: the same shape, each within ``rtol`` and
    ``atol``? False for what does not read as numbers."""
    try:
        actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return actual.shape == expected.shape and bool(np.allclose(actual, expected, rtol=rtol, atol=atol))


def matching_mistake(actual, expected, candidates, known=(), rtol=1e-6, atol=1e-9):
    """Which typical mistake gives ``actual``: the label of the first of ``candidates`` (``[(label,
    the value that mistake gives)]``) whose value ``actual`` matches and ``expected`` does not, else
    None. When several match, one in ``known`` (named on an earlier input) goes first: two mistakes can
    give one value on one input. Across several inputs: ``consistent_mistake``."""
    matching = [label for label, value in candidates
                if close(actual, value, rtol, atol) and not close(expected, value, rtol, atol)]
    return next((label for label in matching if label in known), matching[0] if matching else None)


def type_name(value):
    """The name of a value's type, also for values that came back from a sandboxed call as opaque."""
    return value.type_name if isinstance(value, Opaque) else type(value).__name__


def as_number(value):
    """The number inside ``value`` if it holds exactly one real number (a 0-d or one-element array
    counts, as does text that reads as one), else None (None and a bool are no number)."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return None
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(array.ravel()[0]) if array.size == 1 else None


def scalar_problem(value, name, none="Return the number it computes.", array="Return one number."):
    """A message if ``value`` is not one real number, else None: it says what ``name`` returned (None,
    a bool, a value of another type, a complex number, an array), then what to do (``none`` and
    ``array``: the course's sentences for a missing return and an array, plain ones by default)."""
    if value is None:
        return f"{name} returned None. {none}"
    if isinstance(value, (bool, np.bool_)):
        return f"{name} returned a bool; it should return a number"
    numeric = np.asarray(value) if isinstance(value, (int, float, complex, np.generic, np.ndarray)) else None
    if numeric is None or not np.issubdtype(numeric.dtype, np.number):
        return f"{name} returned {type_name(value)}; it should return a number"
    if numeric.ndim != 0:
        return f"{name} returned an array of shape {numeric.shape}. {array}"
    if np.iscomplexobj(numeric):
        return f"{name} returned a complex number; it should return a real one"
    return None


def evaluate(module, exercise, student_function, seed=None):
    """Run ``module``'s check of ``exercise``: ``(points earned, max points, messages)``.

    Numpy's warnings are silenced (a student's NaN is a finding, not a crash). A function that calls
    one of the module's ``SHORTCUTS`` gets no points: the helper would answer the exercise. For an
    exercise of the module's ``KEPT_ARGUMENTS`` (``{exercise: {position: name}}``: the arrays, dicts
    and lists the function must leave as they were), a call that changed one (or no call returned)
    adds the criterion ``inputs`` (weight 1), failed with ``module.ARGUMENTS_CHANGED`` (a sentence
    with ``{function}`` and ``{arguments}``): a penalty, never points of its own.
    """
    check = module.EXERCISES.check_of(exercise)
    shortcuts = getattr(module, "SHORTCUTS", {}).get(exercise)
    kept = getattr(module, "KEPT_ARGUMENTS", {}).get(exercise)
    function = as_student(student_function).watch(shortcuts or ()).keep(kept or {})
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        rubric = check(function, np.random.default_rng(seed))
    if kept:
        judge_kept_arguments(rubric, function, module.ARGUMENTS_CHANGED, exercise)
    if shortcuts and function.delegated:
        names = ", ".join(sorted(path.rpartition(".")[2] for path in function.delegated))
        rubric.fail_all(f"{exercise} calls {names}, which the course's helpers provide: the exercise is to "
                        "write that computation yourself")
    max_points = module.EXERCISES.points[exercise]
    return round(max_points * rubric.fraction, 3), max_points, rubric.messages


def judge_kept_arguments(rubric, function, sentence, exercise):
    """The ``inputs`` criterion of an exercise whose function ``keep``s arguments (see ``evaluate``): a
    penalty only. It is added, failed, when a call changed a kept argument or no call returned to be
    judged; leaving the arguments as they were earns nothing by itself (points only for work done)."""
    if function.changed:
        names = " and ".join(function.changed)
        message = f"{exercise} changed {names}, which it was given. " + sentence.format(function=exercise, arguments=names)
    elif not function.returned:
        message = f"whether {exercise} leaves its arguments as they were could not be judged: no call returned"
    else:
        return
    rubric.weights.setdefault("inputs", 1)
    rubric.fail("inputs", message)


def report(exercise, earned, max_points, messages):
    """The text of a test cell's verdict: points, then one line per message."""
    return f"Hidden checks of {exercise}: {earned:g} / {max_points:g} points\n" + "".join(
        f"  - {message}\n" for message in messages)

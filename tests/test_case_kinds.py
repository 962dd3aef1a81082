"""Does every kind of hidden case have a public twin, so that no hidden case takes a student by surprise?

Each checks module declares ``CASE_KINDS`` (``autograder.course.CaseKind``): per exercise, the kinds
of its hidden cases (m below one mini-batch, one layer, integer counts, ...), each with the public
check that shows a case of that kind. The tests run the reference through the hidden checks and
through the notebook's test cells, recording each call of the graded function and the kinds its
arguments are of, and hold the table to what they saw: every hidden call is of a declared kind, every
declared kind occurs among the hidden calls, and its named public check follows a public call of that
kind (not merely a check of that name somewhere in the cell).
"""
import json

import nbformat
import pytest

from autograder.course import CaseKind, check_module, evaluate, points_of
from autograder.course import demos_module
from conftest import ASSIGNMENTS, REPOSITORY, answers_namespace, execute, text_output

SLOW = {"tensorflow_signs"}  # its checks train: one seed
MARKER = "CASE-KINDS "


def kinds_of(kinds, arguments):
    """The names of the ``kinds`` that a call with ``arguments`` (by parameter name) is of."""
    def applies(kind):
        try:
            return bool(kind.applies(arguments))
        except Exception:  # noqa: BLE001 (an argument of another form: not of this kind)
            return False
    return [kind.name for kind in kinds if applies(kind)]


def described(arguments):
    """The arguments of a call in a few words: arrays and tensors by their shape."""
    return {name: f"<{tuple(value.shape)}>" if hasattr(value, "shape") else
            f"<{len(value)} items>" if isinstance(value, (dict, list, tuple)) else repr(value)[:30]
            for name, value in arguments.items()}


def hidden_calls(assignment, exercise, seeds):
    """``[(kinds, arguments described)]`` of each call the hidden check of ``exercise`` makes of the
    reference, over ``seeds``."""
    kinds, calls = check_module(assignment).CASE_KINDS[exercise], []
    correct = demos_module(assignment).CORRECT
    recorded = {**correct, exercise: "__record_call__(dict(locals()))\n" + correct[exercise]}
    namespace = answers_namespace(assignment, recorded)
    namespace["__record_call__"] = lambda arguments: calls.append((kinds_of(kinds, arguments), described(arguments)))
    for seed in seeds:
        earned, max_points, messages = evaluate(assignment, exercise, namespace[exercise], seed=seed)
        assert earned == max_points, (exercise, seed, messages)
    return calls


def public_events(assignment):
    """Run the instructor notebook (test cells without their hidden part) in a kernel, recording
    within each test cell the calls of its exercise, with their kinds, and the checks made:
    ``{exercise: [["call", [kind, ...]] or ["check", name], ...]}``."""
    [path] = (REPOSITORY / "source" / assignment).glob("*.ipynb")
    notebook = nbformat.read(str(path), as_version=4)
    exercises = set(points_of(assignment))
    cells = [nbformat.v4.new_code_cell(SETUP.replace("ASSIGNMENT", repr(assignment)))]
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        source = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        if grade_id.startswith("test_") and grade_id[5:] in exercises:
            cells += [nbformat.v4.new_code_cell(f"_phase({grade_id[5:]!r})"), nbformat.v4.new_code_cell(source),
                      nbformat.v4.new_code_cell("_phase(None)")]
        else:
            cells.append(nbformat.v4.new_code_cell(source))
        if grade_id in exercises:
            cells.append(nbformat.v4.new_code_cell(f"_wrap({grade_id!r})"))
    cells.append(nbformat.v4.new_code_cell(f"print({MARKER!r} + _json.dumps(_events))"))
    notebook.cells = cells
    executed = execute(notebook, path.parent, env=None)
    errors = [(i, o.ename, o.evalue) for i, c in enumerate(executed.cells) for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert not errors, errors
    [line] = [line for line in text_output(executed.cells[-1]).splitlines() if line.startswith(MARKER)]
    return json.loads(line[len(MARKER):])


SETUP = """\
import functools as _functools
import inspect as _inspect
import json as _json
import os as _os
_os.environ["NBGRADER_EXECUTION"] = "autograde"  # the grading flag: training cells on their short budget
import dlcourse.public_checks as _public_checks
from autograder.course import check_module as _check_module
_KINDS = _check_module(ASSIGNMENT).CASE_KINDS
_events, _now = {}, [None]
_observe = _public_checks.observe

def _observing(name, value):
    if _now[0]:
        _events[_now[0]].append(["check", name])
    return _observe(name, value)

_public_checks.observe = _observing

def _phase(exercise):
    _now[0] = exercise
    if exercise:
        _events.setdefault(exercise, [])

def _kinds_of(kinds, arguments):
    found = []
    for kind in kinds:
        try:
            if kind.applies(arguments):
                found.append(kind.name)
        except Exception:
            pass
    return found

def _wrap(exercise):
    original = globals()[exercise]
    signature = _inspect.signature(original)

    @_functools.wraps(original)
    def recorded(*args, **kwargs):
        if _now[0] == exercise:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            _events[exercise].append(["call", _kinds_of(_KINDS.get(exercise, ()), dict(bound.arguments))])
        return original(*args, **kwargs)
    globals()[exercise] = recorded
"""


def unexercised(kinds, events):
    """The names of the ``kinds`` whose public check follows no public call of that kind (``events``
    of one exercise, in order: a check belongs to the call before it)."""
    last_call, shown = [], set()
    for event in events:
        if event[0] == "call":
            last_call = event[1]
        else:
            shown.update(kind.name for kind in kinds if kind.name in last_call and kind.public_check == event[1])
    return [kind.name for kind in kinds if kind.name not in shown]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_every_exercise_declare_its_case_kinds(assignment):
    module = check_module(assignment)
    assert sorted(module.CASE_KINDS) == sorted(module.EXERCISES.points)
    for exercise, kinds in module.CASE_KINDS.items():
        assert kinds and all(isinstance(kind, CaseKind) for kind in kinds), exercise
        assert len({kind.name for kind in kinds}) == len(kinds), exercise


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_is_every_hidden_case_of_a_declared_kind_and_every_kind_a_hidden_case(assignment):
    """Over three seeds (one for TensorFlow's, which train), each call the hidden check makes is of
    at least one declared kind, and each declared kind is met."""
    seeds = (0,) if assignment in SLOW else (0, 1, 2)
    for exercise, kinds in check_module(assignment).CASE_KINDS.items():
        calls = hidden_calls(assignment, exercise, seeds)
        assert calls, exercise
        assert [arguments for found, arguments in calls if not found] == [], (exercise, "hidden calls of no kind")
        met = {name for found, _ in calls for name in found}
        assert [kind.name for kind in kinds if kind.name not in met] == [], exercise


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_the_named_public_check_exercise_each_hidden_kind(assignment):
    """The test cell calls the exercise's function on arguments of each kind, and checks what that
    call returned under the name the table gives."""
    events = public_events(assignment)
    for exercise, kinds in check_module(assignment).CASE_KINDS.items():
        assert unexercised(kinds, events.get(exercise, [])) == [], (exercise, events.get(exercise))


def test_does_a_check_after_a_call_of_another_kind_leave_the_kind_unexercised():
    """The matching itself: a check counts for the call just before it, not for any call of the cell."""
    kinds = (CaseKind("small", "sizes of the small case", lambda a: a["m"] < 10),
             CaseKind("large", "sizes of the large case", lambda a: a["m"] >= 10))
    events = [["call", ["large"]], ["check", "sizes of the large case"], ["call", ["small"]],
              ["check", "sizes of the large case"]]
    assert unexercised(kinds, events) == ["small"]
    events[-1] = ["check", "sizes of the small case"]
    assert unexercised(kinds, events) == []
    assert kinds_of(kinds, {"m": 3}) == ["small"] and kinds_of(kinds, {"n": 3}) == []

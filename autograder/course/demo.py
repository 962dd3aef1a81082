"""What the demos modules (``autograder/course/<id>/demos.py``) are written with: a ``Demo``
submission (its answers and the score each exercise must get), a typical ``Mistake`` (the reference
answer with a few edits) and the helpers that make answers and put them into a release notebook.

An answer is the code that replaces the ``raise NotImplementedError()`` stub of one graded cell
(the part between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` in the source).
"""
import copy
import inspect
import re
import textwrap
from dataclasses import dataclass, field

STUB = re.compile(r"^(?P<indent>[ \t]*)# YOUR CODE HERE\n(?P=indent)raise NotImplementedError\(\)[ \t]*$", re.M)


def function_body(function):
    """The body of ``function`` without its ``def`` line and docstring, dedented."""
    source = textwrap.dedent(inspect.getsource(function))
    lines = source.splitlines()
    body_start = next(i for i, line in enumerate(lines) if line.rstrip().endswith(":")) + 1
    body = textwrap.dedent("\n".join(lines[body_start:]))
    docstring = inspect.getdoc(function)
    if docstring is not None:
        body = re.sub(r'^\s*("""|\'\'\')[\s\S]*?\1\s*\n', "", body, count=1)
    return body.strip("\n")


def reference_answers(module, exercises):
    """``{exercise: body of module.exercise}`` for each graded function name."""
    return {name: function_body(getattr(module, name)) for name in exercises}


def with_edit(answers, exercise, old, new):
    """A copy of ``answers`` whose ``exercise`` has ``old`` replaced by ``new`` (exactly once)."""
    count = answers[exercise].count(old)
    if count != 1:
        raise ValueError(f"{old!r} occurs {count} times in the answer to {exercise}, expected once")
    return {**answers, exercise: answers[exercise].replace(old, new)}


def graded_cell(notebook, exercise):
    """The solution cell whose nbgrader grade_id is ``exercise``."""
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == exercise:
            return cell
    raise KeyError(f"no cell with grade_id {exercise!r}")


def fill_release(release, answers):
    """A copy of the release notebook with the stub of each answered exercise replaced by its code."""
    notebook = copy.deepcopy(release)
    for exercise, code in answers.items():
        cell = graded_cell(notebook, exercise)
        match = STUB.search(cell.source)
        if match is None:
            raise ValueError(f"the cell of {exercise} has no `raise NotImplementedError()` stub")
        indented = textwrap.indent(code, match["indent"], lambda line: True)
        cell.source = cell.source[: match.start()] + indented + cell.source[match.end():]
    return notebook


@dataclass(frozen=True)
class Demo:
    """A demo submission: its answers and which exercises it must lose points on.

    ``zero``: exercises that must score 0; ``partial``: exercises that must score above 0 and below
    full marks; every other exercise must get full marks.
    """

    student: str
    answers: dict
    zero: frozenset = field(default_factory=frozenset)
    partial: frozenset = field(default_factory=frozenset)
    about: str = ""

    def expectation(self, exercise):
        """``"zero"``, ``"partial"`` or ``"full"``."""
        if exercise in self.zero:
            return "zero"
        if exercise in self.partial:
            return "partial"
        return "full"

    def notebook(self, release):
        return fill_release(release, self.answers)


@dataclass(frozen=True)
class Mistake:
    """A typical mistake in one exercise: the reference answer with ``edits`` (``(old, new)`` pairs)
    made, and ``diagnosis``, the sentence with which the hidden check names it (a constant of the
    checks module: what the code does wrong, then what to do). The public check names it with the same
    sentence wherever its inputs reveal it (the desk's ``diagnoses``, ``course diagnoses``)."""

    name: str
    exercise: str
    edits: tuple
    diagnosis: str

    def answers(self, correct):
        """``correct`` (``{exercise: code}``) with this mistake made in its exercise."""
        for old, new in self.edits:
            correct = with_edit(correct, self.exercise, old, new)
        return correct

    def demo(self, correct):
        """A demo submission with only this mistake: it loses points on its exercise only."""
        return Demo(self.name, self.answers(correct), partial=frozenset({self.exercise}), about=self.diagnosis)

"""What each typical mistake gives on the public checks, shipped so that they can name it.

Each assignment's demos module lists its typical mistakes (``MISTAKES``, ``Mistake`` objects: the
reference answer with an edit, and the words the hidden check uses). ``record`` runs the instructor
notebook once in a kernel (under the grading flag: training cells use their short budget); before
the test cell of each exercise, it runs that cell's public checks once per mistake of the exercise,
on a copy of the notebook's namespace where the exercise's function has the mistake, and records
what the checks saw (``dlcourse.public_checks.recording``). The result, ``{exercise: [outcome]}``,
goes to ``datasets/dlcourse/files/diagnoses/<assignment>.json``: values of wrong answers on public
inputs, never a solution. ``dlcourse.public_checks`` compares a student's failed check with them.
"""
import inspect
import json
import os
import textwrap
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.course import demos_module, reference_module

MARKER = "DLCOURSE-DIAGNOSES "
HIDDEN = "### BEGIN HIDDEN TESTS"


def output_path(assignment, course_dir):
    return Path(course_dir) / "datasets" / "dlcourse" / "files" / "diagnoses" / f"{assignment}.json"


def mistakes_of(assignment):
    return list(getattr(demos_module(assignment), "MISTAKES", []))


def definition(assignment, exercise, body):
    """``def exercise(<the reference's signature>):`` with ``body``."""
    signature = inspect.signature(getattr(reference_module(assignment), exercise))
    return f"def {exercise}{signature}:\n" + textwrap.indent(body, "    ")


def probe_cell(assignment, exercise, public_code):
    """Code that runs ``public_code`` once per mistake of ``exercise`` and prints the outcomes."""
    correct = demos_module(assignment).CORRECT
    cases = [(m.name, m.diagnosis, definition(assignment, exercise, m.answers(correct)[exercise]))
             for m in mistakes_of(assignment) if m.exercise == exercise]
    return textwrap.dedent(f"""\
        import json as _json
        from dlcourse.public_checks import recording as _recording
        _outcomes = []
        for _name, _diagnosis, _definition in {cases!r}:
            # the notebook's arrays copied: a mistake that changes its arguments in place leaves them as they were
            _namespace = {{_key: _value.copy() if type(_value).__name__ == "ndarray" else _value
                          for _key, _value in globals().items()}}
            exec(_definition, _namespace)
            with _recording() as _seen:
                exec({public_code!r}, _namespace)
            _failed = [s for s in _seen if s["failed_at"] or s["error"]]
            _outcomes.append({{"mistake": _name, "diagnosis": _diagnosis, **(_failed or _seen)[0]}})
        print({MARKER!r} + _json.dumps({{{exercise!r}: _outcomes}}))
        """)


def record(assignment, course_dir):
    """``{exercise: [outcome of each of its mistakes on the public checks]}``."""
    folder = Path(course_dir) / "source" / assignment
    [path] = folder.glob("*.ipynb")
    notebook = nbformat.read(str(path), as_version=4)
    exercises = {m.exercise for m in mistakes_of(assignment)}
    cells = []
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        exercise = grade_id.removeprefix("test_")
        if grade_id.startswith("test_") and exercise in exercises:
            public_code = cell.source.split(HIDDEN)[0]
            cells.append(nbformat.v4.new_code_cell(probe_cell(assignment, exercise, public_code)))
        cells.append(cell)
    notebook.cells = [c for c in cells if c.cell_type == "code"]
    for cell in notebook.cells:
        cell.source = cell.source.split(HIDDEN)[0]
    env = {**os.environ, "NBGRADER_EXECUTION": "autograde", "MPLBACKEND": "agg"}
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute(env=env)
    found = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if line.startswith(MARKER):
                    found.update(json.loads(line[len(MARKER):]))
    for exercise, outcomes in found.items():
        for seen in outcomes:  # public_checks knows the exercise by the function its cell calls first
            if seen.pop("exercise") not in (exercise, None):
                raise ValueError(f"the test cell of {exercise} calls another function first")
    return {exercise: found.get(exercise, []) for exercise in sorted(exercises)}


SIGNIFICANT = 10  # digits kept of each recorded value: far finer than the matching's tolerance (1e-5)


def rounded(value):
    """``value`` (the recorded JSON data) with every float rounded to ``SIGNIFICANT`` digits: the last
    bits of a float depend on the processor (BLAS kernel, SIMD path), what ships must not."""
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT}g}")
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def text(diagnoses):
    """The file's text: stable, one outcome per line group, its floats rounded (``rounded``)."""
    return json.dumps(rounded(diagnoses), indent=1, sort_keys=True) + "\n"


def write(assignment, course_dir):
    """Record ``assignment``'s diagnoses and write them where ``dlcourse`` finds them."""
    path = output_path(assignment, course_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text(record(assignment, course_dir)))
    return path

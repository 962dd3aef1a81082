"""The solutions where instructors look for them, written from their one copy,
``autograder/course/<id>/reference.py``.

``course build`` writes the body of each reference function into the solution region (between
``### BEGIN SOLUTION`` and ``### END SOLUTION``) of the source cell whose grade id is its name, in
the notebook and its percent-format twin alike; nbgrader then makes the student version, and
``solutions/<id>/<name>.ipynb`` is that student version with every stub replaced by its solution,
for release after the deadline.
"""
import re
import textwrap
from pathlib import Path

import jupytext
import nbformat

from autograder.course import reference_module
from autograder.course.demo import fill_release, reference_answers
from autograder.desk.submissions import read_notebook

REGION = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION\n.*?^(?P=indent)### END SOLUTION$", re.M | re.S)
FORMATS = {".ipynb": "ipynb", ".py": "py:percent"}
NOTE = ("*Solutions, for release after the deadline: the student version with every exercise solved, "
        "written by `course build`. Do not edit it, and do not hand it out before the deadline.*")


def solution_cells(notebook):
    """``{grade id: cell}`` of the solution cells; each grade id names a reference function."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def with_solution(source, body):
    """``source`` with its one solution region holding ``body``, indented as the region's markers."""
    regions = list(REGION.finditer(source))
    if len(regions) != 1:
        raise ValueError(f"expected one solution region, found {len(regions)} in {source[:60]!r}")
    region = regions[0]
    indent = region["indent"]
    filled = f"{indent}### BEGIN SOLUTION\n{textwrap.indent(body, indent)}\n{indent}### END SOLUTION"
    return source[:region.start()] + filled + source[region.end():]


def source_files(assignment, course_dir):
    """The source notebooks of ``assignment`` and their percent-format twins."""
    notebooks = sorted((Path(course_dir) / "source" / assignment).glob("*.ipynb"))
    return [path for notebook in notebooks for path in (notebook, notebook.with_suffix(".py")) if path.exists()]


def stale_cells(notebook, assignment):
    """``{grade id: source with the reference body}`` of each solution cell whose region differs from it."""
    cells = solution_cells(notebook)
    answers = reference_answers(reference_module(assignment), cells)
    fresh = {name: with_solution(cell.source, answers[name]) for name, cell in cells.items()}
    return {name: source for name, source in fresh.items() if source != cells[name].source}


def fill_sources(assignment, course_dir):
    """Write each reference body into its solution region, in every source file of ``assignment``
    (read and written by jupytext, so that a file changes in its regions only); return the files changed."""
    changed = []
    for path in source_files(assignment, course_dir):
        notebook = jupytext.read(path)
        stale, cells = stale_cells(notebook, assignment), solution_cells(notebook)
        for name, source in stale.items():
            cells[name].source = source
        if stale:
            jupytext.write(notebook, path, fmt=FORMATS[path.suffix])
            changed.append(path)
    return changed


def stale_regions(assignment, course_dir):
    """``["<file>: <grade id>"]`` for each solution region that differs from its reference body."""
    return [f"{path.relative_to(Path(course_dir))}: {name}" for path in source_files(assignment, course_dir)
            for name in stale_cells(jupytext.read(path), assignment)]


def write_solutions(assignment, course_dir):
    """Write ``solutions/<id>/<name>.ipynb``: each student notebook of ``assignment`` (no hidden tests)
    with every stub replaced by its reference body, under a note saying what it is; return the paths."""
    folder = Path(course_dir) / "solutions" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for release_path in sorted((Path(course_dir) / "assignments" / assignment).glob("*.ipynb")):
        release = read_notebook(release_path)
        notebook = fill_release(release, reference_answers(reference_module(assignment), solution_cells(release)))
        notebook.cells.insert(0, nbformat.v4.new_markdown_cell(NOTE, id="solutions-note"))
        nbformat.write(notebook, str(folder / release_path.name))
        written.append(folder / release_path.name)
    return written

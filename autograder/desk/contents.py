"""The table of contents at the top of each notebook, written by ``course build`` from the notebook's
own headings, so that it never goes stale.

Each ``##`` and ``###`` heading of a markdown cell becomes a link (the anchor Jupyter gives a heading:
its text with spaces as ``-``); a heading followed by a graded function (a solution cell whose grade id
has a graded test cell ``test_<id>``) shows that test cell's points. The table is the markdown cell
whose grade id is ``CONTENTS_ID``, right after the title cell (the first with a ``#`` heading); the
title's own table of exercises stays as it is.
"""
import re

import jupytext
import nbformat

from autograder.desk.solutions import FORMATS, source_files

CONTENTS_ID = "contents"
HEADING = re.compile(r"^(#{2,3})[ \t]+(.+?)[ \t]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
METADATA = {"grade": False, "grade_id": CONTENTS_ID, "locked": True, "schema_version": 3, "solution": False,
            "task": False}


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def cell_headings(source):
    """``[(level, text)]`` of the ``##`` and ``###`` headings of a markdown source, outside code fences."""
    found, fenced = [], False
    for line in source.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            found.append((len(match[1]), match[2]))
    return found


def entries(notebook):
    """``[(level, heading text, points or None)]`` in notebook order, the contents cell excluded."""
    points = {grade_id(c): c.metadata["nbgrader"].get("points") for c in notebook.cells
              if c.metadata.get("nbgrader", {}).get("grade")}
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and grade_id(cell) != CONTENTS_ID:
            found += [[level, text, None] for level, text in cell_headings(cell.source)]
        elif cell.metadata.get("nbgrader", {}).get("solution") and found:
            value = points.get(f"test_{grade_id(cell)}")
            if value is not None and found[-1][2] is None:
                found[-1][2] = value
    return [tuple(entry) for entry in found]


def anchor(text):
    """The id Jupyter gives a heading: its rendered text (no backticks or asterisks), spaces as ``-``."""
    return re.sub(r"[`*]", "", text).strip().replace(" ", "-")


def contents_source(notebook):
    """The markdown of the table of contents of ``notebook``."""
    listed = entries(notebook)
    graded = [points for _, _, points in listed if points is not None]
    exercises = f"{len(graded)} graded exercise{'s' if len(graded) != 1 else ''}"
    lines = [f"**Contents** ({exercises}, {sum(graded):g} points; this list is written from the headings "
             "below by `course build`)", ""]
    for level, text, points in listed:
        suffix = f" ({points:g} point{'s' if points != 1 else ''})" if points is not None else ""
        lines.append(f"{'  ' * (level - 2)}- [{text}](#{anchor(text)}){suffix}")
    return "\n".join(lines)


def title_index(notebook):
    """Index of the title cell: the first markdown cell with a ``#`` heading (0 if none)."""
    return next((i for i, c in enumerate(notebook.cells)
                 if c.cell_type == "markdown" and re.search(r"^#[ \t]", c.source, re.M)), 0)


def with_contents(notebook):
    """``notebook`` with its contents cell written (inserted after the title if missing); whether it changed."""
    source = contents_source(notebook)
    cell = next((c for c in notebook.cells if grade_id(c) == CONTENTS_ID), None)
    if cell is None:
        cell = nbformat.v4.new_markdown_cell(source, metadata={"nbgrader": dict(METADATA)}, id=CONTENTS_ID)
        notebook.cells.insert(title_index(notebook) + 1, cell)
        return True
    changed = cell.source != source
    cell.source = source
    return changed


def write_contents(assignment, course_dir):
    """Write the contents cell into each source notebook of ``assignment`` and its percent-format twin
    (read and written by jupytext, like the solution regions); return the files changed."""
    changed = []
    for path in source_files(assignment, course_dir):
        notebook = jupytext.read(path)
        if with_contents(notebook):
            jupytext.write(notebook, path, fmt=FORMATS[path.suffix])
            changed.append(path)
    return changed

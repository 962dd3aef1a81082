"""Are the instructor notebooks well-formed sources for nbgrader and for review?"""
import re

import jupytext
import nbformat
import pytest

from autograder import grading
from conftest import ASSIGNMENTS, REPOSITORY

SOURCES = sorted((REPOSITORY / "source").glob("**/*.ipynb"))


def cells_of(notebook):
    return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in notebook.cells]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_is_the_text_twin_in_sync_with_the_notebook(path):
    notebook = nbformat.read(str(path), as_version=4)
    twin = jupytext.read(str(path.with_suffix(".py")))
    assert cells_of(twin) == cells_of(notebook), f"run `jupytext --sync {path.relative_to(REPOSITORY)}`"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_is_the_notebook_committed_without_outputs(path):
    notebook = nbformat.read(str(path), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:80]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_does_every_cell_carry_nbgrader_metadata(path):
    notebook = nbformat.read(str(path), as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader")
        assert meta and meta.get("grade_id"), f"cell without nbgrader metadata: {cell.source[:80]!r}"
        assert meta["locked"] or meta["solution"], f"unlocked non-solution cell {meta['grade_id']}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_do_graded_cells_match_the_hidden_checks(assignment):
    """Each graded function has a solution cell and a test cell worth exactly its POINTS."""
    points = grading.exercises(assignment)
    cells = {}
    title = ""
    for name in grading.notebook_names(assignment):
        notebook = nbformat.read(str(REPOSITORY / "source" / assignment / f"{name}.ipynb"), as_version=4)
        title += notebook.cells[0].source
        cells.update({c.metadata.nbgrader["grade_id"]: c for c in notebook.cells})
    for exercise, value in points.items():
        solution, test = cells[exercise], cells[f"test_{exercise}"]
        assert solution.metadata.nbgrader["solution"]
        assert solution.source.startswith(f"# GRADED FUNCTION: {exercise}\n")
        assert test.metadata.nbgrader["grade"] and test.metadata.nbgrader["points"] == value
        assert f"grade({assignment!r}, {exercise!r}, {exercise})".replace("'", '"') in test.source
        assert re.search(rf"\|\s*`{exercise}`\s*\|\s*{value:g}\s*\|", title), f"points table lacks {exercise}"
    graded = {k for k, c in cells.items() if c.metadata.nbgrader.get("grade")}
    assert graded == {f"test_{e}" for e in points}, "a graded cell without hidden checks, or the reverse"

"""Are the instructor notebooks well-formed sources for nbgrader and for review?"""
import re

import jupytext
import nbformat
import pytest

from autograder.desk import grading
from autograder.desk.contents import CONTENTS_ID, cell_headings, contents_source, title_index, with_contents
from conftest import ASSIGNMENTS, REPOSITORY

SOURCES = sorted((REPOSITORY / "source").glob("**/*.ipynb"))
NOTEBOOKS = sorted((REPOSITORY / "source").glob("*/*.ipynb")) + sorted((REPOSITORY / "assignments").glob("*/*.ipynb"))


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
    """Each graded function has a solution cell and a test cell worth exactly its points (``EXERCISES.points``)."""
    points = grading.exercises(assignment)
    cells = {}
    title = ""
    for name in grading.notebook_names(assignment, REPOSITORY):
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_does_the_table_of_contents_match_the_headings(path):
    """The contents cell, right after the title, lists every heading below it, with each graded
    exercise's points (``course build`` writes it; this fails when it is stale)."""
    notebook = nbformat.read(str(path), as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells]
    assert CONTENTS_ID in ids, "no table of contents: run `course build`"
    contents_cell = notebook.cells[ids.index(CONTENTS_ID)]
    assert ids.index(CONTENTS_ID) == title_index(notebook) + 1, "the contents should follow the title"
    assert contents_cell.source == contents_source(notebook), "stale table of contents: run `course build`"
    headings = [text for c in notebook.cells if c.cell_type == "markdown" for _, text in cell_headings(c.source)]
    assert [line.split("](#")[0].split("[", 1)[1] for line in contents_cell.source.splitlines()[2:]] == headings


def test_does_a_new_assignment_get_its_table_of_contents_with_the_points():
    """Nothing names an assignment: any notebook with headings and graded cells gets one."""
    def cell(kind, source, grade_id, **nbgrader):
        meta = {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": True, "solution": False, **nbgrader}}
        return (nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell)(source, metadata=meta)

    notebook = nbformat.v4.new_notebook(cells=[
        cell("md", "# Batch norm\n\nIntro.", "title"),
        cell("md", "## The idea\n\n```\n## not a heading\n```", "idea"),
        cell("md", "### Exercise 1: `batchnorm_forward`", "forward-intro"),
        cell("code", "# GRADED FUNCTION: batchnorm_forward", "batchnorm_forward", locked=False, solution=True),
        cell("code", "check()", "test_batchnorm_forward", grade=True, points=4),
    ])
    assert with_contents(notebook) and notebook.cells[1].metadata.nbgrader["grade_id"] == CONTENTS_ID
    assert notebook.cells[1].source.splitlines()[2:] == [
        "- [The idea](#The-idea)",
        "  - [Exercise 1: `batchnorm_forward`](#Exercise-1:-batchnorm_forward) (4 points)"]
    assert notebook.cells[1].source.startswith("**Contents** (1 graded exercise, 4 points")
    assert not with_contents(notebook)  # written once, then unchanged

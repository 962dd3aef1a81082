"""Do the source notebooks hold the reference solutions, and does the solutions notebook pass its checks?"""
import os

import nbformat
import pytest

from autograder.desk import grading, solutions
from conftest import ASSIGNMENTS, REPOSITORY, built_course, error_outputs, execute, text_output


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_each_solution_region_hold_the_body_of_its_reference_function(assignment):
    stale = solutions.stale_regions(assignment, REPOSITORY)
    assert not stale, (f"these solution regions differ from autograder/course/{assignment}/reference.py: {stale}; "
                       f"change solutions there (not in source/), then run `course build {assignment}`")


def test_do_the_source_notebooks_import_neither_the_reference_nor_the_grader_kernel_side():
    for path in sorted((REPOSITORY / "source").rglob("*")):
        if path.suffix in (".py", ".ipynb"):
            text = path.read_text().replace("from autograder.course import grade", "")  # the hidden tests' import
            found = [word for word in ("autograder.course", "kernel_side", "with_globals") if word in text]
            assert not found, f"{path.relative_to(REPOSITORY)} mentions {found}"


def test_does_the_solutions_notebook_pass_every_public_check(tmp_path):
    """Initialization's solutions notebook: no stub, no solution or hidden-test markers, and run in a
    real kernel (with the grading flag: short training) every test cell passes its public checks."""
    assignment = "initialization"
    course_dir = built_course(tmp_path, assignment)
    [path] = (course_dir / "solutions" / assignment).glob("*.ipynb")
    text = path.read_text()
    notebook = nbformat.read(str(path), as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")  # the introduction names the stub
    found = [word for word in ("BEGIN SOLUTION", "HIDDEN TESTS") if word in text]
    found += [word for word in ("raise NotImplementedError()", "YOUR CODE HERE") if word in code]
    assert not found, f"the solutions notebook contains {found}"
    grading_flag = {"NBGRADER_EXECUTION": "autograde"}  # nbgrader's grading flag: short training
    execute(notebook, path.parent, env={**os.environ, **grading_flag, "MPLBACKEND": "agg"})
    assert error_outputs(notebook) == []
    test_cells = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(test_cells) == len(grading.exercises(assignment))
    for cell in test_cells:
        assert "All public checks passed." in text_output(cell), cell.metadata.nbgrader["grade_id"]

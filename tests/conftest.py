"""Shared fixtures: course copies in temporary folders, executed notebooks, graded demo batches."""
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import grading

REPOSITORY = grading.REPOSITORY
ASSIGNMENTS = grading.assignments()
SHARED = REPOSITORY.parent / "shared"


def copy_course(destination):
    """A fresh nbgrader course directory: the repository's source/ and nbgrader_config.py."""
    destination = Path(destination)
    shutil.copytree(REPOSITORY / "source", destination / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy2(REPOSITORY / "nbgrader_config.py", destination / "nbgrader_config.py")
    return destination


def execute(notebook, cwd, timeout=600, kernel_name="python3", env=None):
    """Execute ``notebook`` in place with a real kernel; cell errors are kept as outputs.

    ``env``, if given, is the whole environment of the kernel process.
    """
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel_name, allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    return client.execute(**({"env": env} if env is not None else {}))


def error_outputs(notebook):
    """``[(cell index, ename, evalue)]`` of every error output in the notebook."""
    return [(i, out.ename, out.evalue) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if out.output_type == "error"]


def text_output(cell):
    return "".join(out.get("text", "") for out in cell.get("outputs", []) if out.output_type == "stream")


def run_source_notebook(assignment, probe):
    """Execute the instructor notebook top to bottom, then ``probe`` (code printing one JSON value).

    Returns ``(executed notebook without the probe, the probe's value)``.
    """
    folder = REPOSITORY / "source" / assignment
    [path] = [p for p in folder.glob("*.ipynb")]
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import json as _json\nprint(_json.dumps(" + probe + "))"))
    execute(notebook, folder)
    value = json.loads(text_output(notebook.cells.pop()).strip().splitlines()[-1])
    return notebook, value


class GradedBatch:
    """The demo submissions of one assignment, graded by real nbgrader in a temporary course."""

    def __init__(self, assignment, course_dir):
        self.assignment = assignment
        self.course_dir = course_dir
        grading.build([assignment], course_dir)
        grading.place_demo_submissions(assignment, course_dir)
        grading.autograde(assignment, course_dir)
        self.scores = grading.scores(assignment, course_dir)

    def autograded_notebook(self, student):
        folder = self.course_dir / "autograded" / student / self.assignment
        return [nbformat.read(str(p), as_version=4) for p in sorted(folder.glob("*.ipynb"))]


_batches = {}


@pytest.fixture(scope="session")
def graded_batch(tmp_path_factory):
    """``graded_batch(assignment)``: the graded demo batch of an assignment (built once a session)."""
    def get(assignment):
        if assignment not in _batches:
            course_dir = copy_course(tmp_path_factory.mktemp(f"course-{assignment}"))
            _batches[assignment] = GradedBatch(assignment, course_dir)
        return _batches[assignment]
    return get

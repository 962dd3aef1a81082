"""Does the first cell of a student notebook set up a bare Colab-like machine, without solutions?"""
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.desk import grading
from autograder.course import demos_of
from conftest import ASSIGNMENTS, REPOSITORY, error_outputs, execute, text_output

pytestmark = pytest.mark.slow


def reference_lines():
    """Lines of the reference solutions that would give an answer away."""
    lines = set()
    for path in (REPOSITORY / "autograder" / "reference").glob("*.py"):
        for line in path.read_text().splitlines():
            line = line.strip()
            # Loop headers such as `for epoch in range(num_epochs):` give nothing away.
            if len(line) > 30 and not line.startswith(("#", '"""', "def ", "import ", "from ", "for ")):
                lines.add(line)
    return lines


# What Colab ships, so that the setup cell does not install it: the bare environment gets it first.
COLAB_PREINSTALLED = ("ipykernel", "tensorflow-cpu")


class Colab:
    """A Colab-like machine: a new virtual environment with only what Colab ships, a stand-in for
    ``google.colab``, and a kernel of that environment named ``colab``."""

    def __init__(self, folder):
        self.folder = folder
        subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
        self.python = folder / "venv" / "bin" / "python"
        # --no-compile: the kernel compiles what it imports (TensorFlow: 12 s) instead of pip compiling
        # every module it installs (24 s).
        subprocess.run([str(self.python), "-m", "pip", "install", "--quiet", "--no-compile", *COLAB_PREINSTALLED],
                       check=True)
        stand_in = folder / "stand-in"
        (stand_in / "google" / "colab").mkdir(parents=True)
        # `google` stays a namespace package, as in Colab: protobuf (which TensorFlow imports) lives in it too.
        (stand_in / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s module."""\n')
        kernel_dir = folder / "jupyter" / "kernels" / "colab"
        kernel_dir.mkdir(parents=True)
        (kernel_dir / "kernel.json").write_text(json.dumps({
            "argv": [str(self.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "colab", "language": "python"}))
        self.env = {"PATH": os.environ["PATH"], "HOME": str(folder), "PYTHONPATH": str(stand_in),
                    "DLCOURSE_REPOSITORY": f"file://{REPOSITORY}"}

    def run(self, notebook, monkeypatch):
        monkeypatch.setenv("JUPYTER_PATH", str(self.folder / "jupyter"))
        return execute(notebook, self.folder, kernel_name="colab", env=self.env)


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    return Colab(tmp_path_factory.mktemp("colab"))


def cells_before_first_exercise(path):
    notebook = nbformat.read(str(path), as_version=4)
    first = next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("solution"))
    notebook.cells = notebook.cells[:first]
    return notebook


def release_path(assignment):
    return REPOSITORY / "assignments" / assignment / f"{grading.notebook_names(assignment, REPOSITORY)[0]}.ipynb"


@pytest.fixture(scope="module")
def installed(colab):
    """The files the first setup cell installed (every notebook's setup cell is the header's)."""
    notebook = cells_before_first_exercise(release_path(ASSIGNMENTS[0]))
    notebook.cells = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "header-setup"]
    with pytest.MonkeyPatch.context() as monkeypatch:
        colab.run(notebook, monkeypatch)
    assert error_outputs(notebook) == []
    files = subprocess.run([str(colab.python), "-m", "pip", "show", "--files", "dlcourse"], check=True,
                           capture_output=True, text=True).stdout
    location = Path(files.split("Location: ")[1].splitlines()[0])
    return location, [location / line.strip() for line in files.split("Files:")[1].splitlines() if line.strip()]


def test_does_the_setup_cell_install_helpers_and_data_but_no_solution(installed):
    location, files = installed
    assert any(p.suffix == ".h5" for p in files), "the data files were not installed"
    assert not (location / "autograder").exists(), "the grader was installed on the student's machine"
    # The colleague's backward pass of gradient checking is given with its bugs: its right lines are no secret.
    given = set(line.strip() for line in (REPOSITORY / "datasets" / "dlcourse" / "fraud_network.py").read_text().splitlines())
    forbidden = (reference_lines() - given) | {"BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "autograder"}
    for path in files:
        if path.suffix == ".py":
            text = path.read_text()
            leaked = [line for line in forbidden if line in text]
            assert not leaked, f"{path.name} contains {leaked[:3]}"


def solved(assignment):
    """The release with every exercise solved (the correct demo): the whole notebook."""
    [correct] = [d for d in demos_of(assignment) if d.student == "correct"]
    return correct.notebook(nbformat.read(str(release_path(assignment)), as_version=4))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_every_cell_of_the_solved_notebook_run_in_colab(assignment, colab, installed, monkeypatch):
    """The whole notebook, as a student who solved every exercise runs it in Colab: setup, data, every
    exercise and its test cell (each passes its public checks), every picture and lesson cell. Training
    cells run with the short budget of the grading flag: the lessons themselves are checked at full
    length by each assignment's lesson test."""
    notebook = solved(assignment)
    with_flag = {**colab.env, "NBGRADER_EXECUTION": "autograde", "MPLBACKEND": "agg"}
    monkeypatch.setenv("JUPYTER_PATH", str(colab.folder / "jupyter"))
    execute(notebook, colab.folder, kernel_name="colab", env=with_flag)
    assert error_outputs(notebook) == []
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert tests and all("All public checks passed." in text_output(c) for c in tests), [
        c.metadata.nbgrader["grade_id"] for c in tests if "All public checks passed." not in text_output(c)]
    assert any("data" in o or o.get("name") == "stdout" for c in notebook.cells if c.cell_type == "code"
               for o in c.outputs), "the data cells printed nothing"
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert tests and all("All public checks passed." in text_output(c) for c in tests), [
        c.metadata["nbgrader"]["grade_id"] for c in tests if "All public checks passed." not in text_output(c)]

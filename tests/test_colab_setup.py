"""Does the first cell of a student notebook set up a bare Colab-like machine, without solutions?"""
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import grading
from conftest import ASSIGNMENTS, REPOSITORY, error_outputs, execute

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


# What Colab ships and an assignment's setup cell therefore does not install: the bare environment
# of such an assignment gets it first, to stand in for Colab.
COLAB_PREINSTALLED = {"tensorflow_signs": ("tensorflow-cpu",)}


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """``bare_python(packages)``: a new virtual environment with only ipykernel and ``packages``."""
    made = {}

    def make(packages=()):
        if packages not in made:
            folder = tmp_path_factory.mktemp("bare")
            subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
            python = folder / "venv" / "bin" / "python"
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", "ipykernel", *packages], check=True)
            made[packages] = python
        return made[packages]
    return make


def cells_before_first_exercise(path):
    notebook = nbformat.read(str(path), as_version=4)
    first = next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("solution"))
    notebook.cells = notebook.cells[:first]
    return notebook


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_the_setup_cell_install_helpers_and_data_but_no_solution(assignment, bare_python, tmp_path, monkeypatch):
    bare_python = bare_python(COLAB_PREINSTALLED.get(assignment, ()))
    stand_in = tmp_path / "stand-in"
    (stand_in / "google" / "colab").mkdir(parents=True)
    # `google` stays a namespace package, as in Colab: protobuf (which TensorFlow imports) lives in it too.
    (stand_in / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s module."""\n')
    kernel_dir = tmp_path / "jupyter" / "kernels" / "bare"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(json.dumps({
        "argv": [str(bare_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "bare", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": str(stand_in),
           "DLCOURSE_REPOSITORY": f"file://{REPOSITORY}"}

    name = grading.notebook_names(assignment)[0]
    notebook = cells_before_first_exercise(REPOSITORY / "assignments" / assignment / f"{name}.ipynb")
    execute(notebook, tmp_path, kernel_name="bare", env=env)
    assert error_outputs(notebook) == []
    assert any("data" in o or o.get("name") == "stdout" for c in notebook.cells if c.cell_type == "code"
               for o in c.outputs), "the data cell printed nothing"

    files = subprocess.run([str(bare_python), "-m", "pip", "show", "--files", "dlcourse"], check=True,
                           capture_output=True, text=True).stdout
    location = Path(files.split("Location: ")[1].splitlines()[0])
    installed = [location / line.strip() for line in files.split("Files:")[1].splitlines() if line.strip()]
    assert any(p.suffix == ".h5" for p in installed), "the data files were not installed"
    assert not (location / "autograder").exists(), "the grader was installed on the student's machine"
    forbidden = reference_lines() | {"BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "autograder"}
    for path in installed:
        if path.suffix == ".py":
            text = path.read_text()
            leaked = [line for line in forbidden if line in text]
            assert not leaked, f"{path.name} contains {leaked[:3]}"

"""How long do the instructor notebooks and the dataset builders take? Seconds, and ratios against a
baseline measured in the same run: a notebook that only imports numpy and matplotlib, run by nbclient
in a new kernel (what starting any notebook costs on this machine, under its current load).

    python benchmarks/notebooks.py [ASSIGNMENT ...]

Not a test: timings depend on the machine and its load (the test suite asserts no duration). Run it
when a notebook's training or a builder changes, and quote it in the closing note.
"""
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from autograder.desk import grading  # noqa: E402
from conftest import REPOSITORY, execute  # noqa: E402
from dlcourse import builders  # noqa: E402


def timed(action):
    started = time.monotonic()
    action()
    return time.monotonic() - started


def baseline(folder):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import numpy as np\nimport matplotlib.pyplot as plt\nplt.plot(np.arange(3)); plt.show()")])
    return timed(lambda: execute(notebook, folder))


def source_notebook(assignment):
    [path] = (REPOSITORY / "source" / assignment).glob("*.ipynb")
    notebook = nbformat.read(str(path), as_version=4)
    return lambda: execute(notebook, path.parent)


def main(names):
    base = baseline(REPOSITORY)
    print(f"baseline (new kernel, numpy + a plot): {base:.1f} s")
    rows = [(f"builder {name}", lambda name=name: builders.BUILDERS[name]())
            for name in ("train_signs", "test_signs")]
    rows += [(f"notebook {a}", source_notebook(a)) for a in names or grading.assignments(REPOSITORY)]
    for label, action in rows:
        seconds = timed(action)
        print(f"{label:32s} {seconds:7.1f} s  {seconds / base:6.1f}x baseline", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

"""How fast is grading? Seconds per submission, and ratios against plain serial nbgrader.

    python benchmarks/grading_speed.py [N] [--assignment ID]

Grades N submissions (copies of the demo submissions, default 20) five ways, each in a fresh
temporary course directory, in this one process:
  1. baseline: plain serial `nbgrader autograde ID` with nbgrader's own autograde steps (the
     course's configuration minus its trusted grading: what grading cost before it);
  2. plain serial `nbgrader autograde ID` with the course's configuration (trusted grading:
     sandboxed kernels, test cells graded by the checker's own process);
  3. the main command's grading path (`autograder.grading.autograde`, what `course demo` runs),
     serially and then with one job per core (`course grade --jobs N`);
  4. the floor: each submission executed bare by nbclient (a new kernel each, no nbgrader at all),
     which no serial grader can beat.
Not a test: timings depend on the machine and its load. Run it when grading changes.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from autograder import grading  # noqa: E402
from conftest import copy_course  # noqa: E402


NBGRADER_OWN_STEPS = """
from nbgrader.converters import Autograde
c.Autograde.sanitize_preprocessors = Autograde().sanitize_preprocessors
c.Autograde.autograde_preprocessors = Autograde().autograde_preprocessors
"""


def course_with_submissions(root, assignment, n, nbgrader_own_steps=False):
    """A course directory with the release built and ``n`` submissions cycling through the demos."""
    course_dir = copy_course(root)
    if nbgrader_own_steps:
        with open(course_dir / "nbgrader_config.py", "a") as config:
            config.write(NBGRADER_OWN_STEPS)
    grading.build([assignment], course_dir)
    grading.place_demo_submissions(assignment, course_dir)
    demos = sorted((course_dir / "submitted").iterdir())
    for i in range(n):
        shutil.copytree(demos[i % len(demos)], course_dir / "submitted" / f"student-{i:03d}")
    for demo in demos:
        shutil.rmtree(demo)
    return course_dir


def plain_nbgrader(course_dir, assignment):
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment],
                   cwd=course_dir, env=env, check=True, capture_output=True)


def bare_nbclient(course_dir, assignment):
    env = dict(os.environ, NBGRADER_EXECUTION="autograde")
    for notebook_path in sorted((course_dir / "submitted").glob(f"*/{assignment}/*.ipynb")):
        notebook = nbformat.read(str(notebook_path), as_version=4)
        NotebookClient(notebook, timeout=600, allow_errors=True,
                       resources={"metadata": {"path": str(notebook_path.parent)}}).execute(env=env)


def timed(label, n, function, nbgrader_own_steps=False):
    with tempfile.TemporaryDirectory() as root:
        course_dir = course_with_submissions(Path(root), ARGS.assignment, n, nbgrader_own_steps)
        started = time.perf_counter()
        function(course_dir, ARGS.assignment)
        seconds = time.perf_counter() - started
    print(f"{label:<40} {seconds:8.1f} s  {seconds / n:6.2f} s/submission", flush=True)
    return seconds


def main():
    print(f"grading {ARGS.n} submissions of {ARGS.assignment} on {os.cpu_count()} cores")
    baseline = timed("nbgrader autograde, nbgrader's own steps", ARGS.n, plain_nbgrader, nbgrader_own_steps=True)
    trusted = timed("nbgrader autograde, trusted grading", ARGS.n, plain_nbgrader)
    main_path = timed("course grading path", ARGS.n, lambda d, a: grading.autograde(a, d))
    jobs = os.cpu_count()
    parallel = timed(f"course grading path, --jobs {jobs}", ARGS.n, lambda d, a: grading.autograde(a, d, jobs=jobs))
    floor = timed("bare nbclient (floor)", ARGS.n, bare_nbclient)
    print(f"\nratio trusted grading / nbgrader's own steps: {trusted / baseline:.2f}")
    print(f"ratio course path / nbgrader's own steps:     {main_path / baseline:.2f}")
    print(f"ratio --jobs {jobs} / nbgrader's own steps:        {parallel / baseline:.2f}")
    print(f"ratio floor / nbgrader's own steps:           {floor / baseline:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=20)
    parser.add_argument("--assignment", default="initialization")
    ARGS = parser.parse_args()
    main()

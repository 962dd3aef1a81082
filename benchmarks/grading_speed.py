"""How fast is grading? Seconds per submission, and ratios against plain serial nbgrader.

    python benchmarks/grading_speed.py [N] [--assignment ID]

Grades N submissions (copies of the demo submissions, default 50) four ways, each in a fresh
temporary course directory:
  1. baseline: plain serial `nbgrader autograde ID` with nbgrader's own autograde steps (the
     course's configuration minus its trusted grading: what grading cost before it);
  2. plain serial `nbgrader autograde ID` with the course's configuration (trusted grading:
     sandboxed kernels, test cells graded by the checker's own process);
  3. `course grade ID --cluster local:C` (C = the number of cores; also what `--jobs C` runs):
     C Dask worker processes, each keeping nbgrader loaded and its course folder warm; twice: as the
     first command after a build (the template gradebook made while the cluster starts), and as a
     later command (the template gradebook made by an earlier one, before the clock starts);
  4. the floor: each submission executed bare by nbclient (a new kernel each, no nbgrader at all),
     which no serial grader can beat.
It prints the cluster's throughput against serial trusted grading, and its cost per submission in
core-seconds against the floor's. Not a test: timings depend on the machine and its load.
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
from autograder.desk import grading  # noqa: E402
from autograder.course import demos_of  # noqa: E402
from autograder.engine.cluster.template import cached_template_gradebook  # noqa: E402
from conftest import copy_course  # noqa: E402


NBGRADER_OWN_STEPS = """
from nbgrader.converters import Autograde
c.Autograde.sanitize_preprocessors = Autograde().sanitize_preprocessors
c.Autograde.autograde_preprocessors = Autograde().autograde_preprocessors
"""


def course_with_submissions(root, assignment, n, nbgrader_own_steps=False, demo=None):
    """A course directory with the release built and ``n`` submissions cycling through the demos
    (copies of the one whose student is ``demo``, if given)."""
    course_dir = copy_course(root)
    if nbgrader_own_steps:
        with open(course_dir / "nbgrader_config.py", "a") as config:
            config.write(NBGRADER_OWN_STEPS)
    grading.build([assignment], course_dir)
    grading.place_demo_submissions(assignment, course_dir)
    placed = sorted((course_dir / "submitted").iterdir())
    sources = placed if demo is None else [course_dir / "submitted" / grading.demo_student_id(
        next(d for d in demos_of(assignment) if d.student == demo))]
    for i in range(n):
        shutil.copytree(sources[i % len(sources)], course_dir / "submitted" / f"student-{i:03d}")
    for folder in placed:
        shutil.rmtree(folder)
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


def timed(label, n, function, nbgrader_own_steps=False, before=None):
    """Seconds ``function(course folder, assignment)`` takes on a new course with ``n`` submissions
    (``before(course folder, assignment)`` run first, off the clock); prints them."""
    with tempfile.TemporaryDirectory() as root:
        course_dir = course_with_submissions(Path(root), ARGS.assignment, n, nbgrader_own_steps)
        if before:
            before(course_dir, ARGS.assignment)
        started = time.perf_counter()
        function(course_dir, ARGS.assignment)
        seconds = time.perf_counter() - started
    print(f"{label:<40} {seconds:8.1f} s  {seconds / n:6.2f} s/submission", flush=True)
    return seconds


def main():
    cores = os.cpu_count()
    print(f"grading {ARGS.n} submissions of {ARGS.assignment} on {cores} cores")
    baseline = timed("nbgrader autograde, nbgrader's own steps", ARGS.n, plain_nbgrader, nbgrader_own_steps=True)
    serial = timed("nbgrader autograde, trusted grading", ARGS.n, plain_nbgrader)
    cluster = timed(f"course grade --cluster local:{cores}", ARGS.n,
                    lambda d, a: grading.autograde_on_cluster(a, f"local:{cores}", d))
    later = timed("  again, template made before", ARGS.n,
                  lambda d, a: grading.autograde_on_cluster(a, f"local:{cores}", d),
                  before=lambda d, a: cached_template_gradebook(d, a))
    floor = timed("bare nbclient (floor)", ARGS.n, bare_nbclient)
    print(f"\nratio trusted grading / nbgrader's own steps:          {serial / baseline:.2f}")
    print(f"throughput of the cluster / serial trusted grading:     {serial / cluster:.2f}x "
          f"(a later command: {serial / later:.2f}x)")
    print(f"core-seconds per submission, cluster / floor:          {cluster * cores / floor:.2f} "
          f"(a later command: {later * cores / floor:.2f})")
    print(f"serial trusted grading / floor:                         {serial / floor:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=50)
    parser.add_argument("--assignment", default="initialization")
    ARGS = parser.parse_args()
    main()

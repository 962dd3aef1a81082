"""How fast does the cluster's one writer store results: nbgrader's way and the batch writer, side by side.

    python benchmarks/gradebook_writer.py [--db URL] [--results N] [--batch B]

Builds Initialization into the gradebook at URL (an empty database, say; default: a PostgreSQL
server started here on loopback, stopped after), grades nbgrader's demos of it for real on a
worker's function (correct, untouched, one with a bug), then writes N results cycling through
them, each under its own student name, the way ``course grade --cluster`` does:

- old: one ``write_result`` a result (nbgrader's ``SaveAutoGrades`` and ``AssignLatePenalties``, a
  commit per grade cell);
- new: ``ResultWriter``, B results a transaction (what the cluster path does when results arrive
  faster than they are written).

Both place the autograded files and record checksums; the last line is
``writer: old X results/s, new Y results/s``. Not a test: rates depend on the machine and its load;
compare the two of one run.
"""
import argparse
import contextlib
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from autograder.desk import grading  # noqa: E402
from autograder.engine.cluster import Bundle, ResultWriter, Submission, grade_submission, write_result  # noqa: E402
from conftest import copy_course, nbgrader_demos  # noqa: E402
from services import postgres_server  # noqa: E402

ASSIGNMENT = "initialization"


def real_results(course_dir):
    """The worker's results for nbgrader's demos of the assignment, graded here."""
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course_dir)
    bundle = Bundle.of(course_dir, ASSIGNMENT)
    results = []
    for demo in nbgrader_demos(ASSIGNMENT):
        files = {f"{ASSIGNMENT}.ipynb": nbformat.writes(demo.notebook(release)).encode()}
        results.append(grade_submission(bundle, Submission(demo.student, ASSIGNMENT, files)))
    return results


def rate(write, results, count, prefix):
    """Results per second of ``write(list of results)`` over ``count`` results named ``prefix-i``."""
    named = [dict(results[i % len(results)], student=f"{prefix}-{i:06d}") for i in range(count)]
    started = time.perf_counter()
    write(named)
    return count / (time.perf_counter() - started)


def main(args):
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own session use, on both paths
    with contextlib.ExitStack() as stack:
        url = args.db or stack.enter_context(postgres_server())
        course_dir = copy_course(Path(stack.enter_context(tempfile.TemporaryDirectory())) / "course")
        os.environ[grading.DB_URL] = url
        try:
            grading.build([ASSIGNMENT], course_dir)
        finally:
            del os.environ[grading.DB_URL]
        results = real_results(course_dir)
        print(f"{grading.shown_url(url)}: {args.results} results each way, load average {os.getloadavg()[0]:.1f}",
              flush=True)

        def old(named):
            for result in named:
                write_result(course_dir, ASSIGNMENT, result, url)

        def new(named):
            writer = ResultWriter(course_dir, ASSIGNMENT, url)
            try:
                for start in range(0, len(named), args.batch):
                    for result in named[start:start + args.batch]:
                        writer.add(result)
                    writer.flush()
            finally:
                writer.close()

        old_rate = rate(old, results, args.results, "old")
        new_rate = rate(new, results, args.results, "new")
    print(f"writer: old {old_rate:.1f} results/s, new {new_rate:.1f} results/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="the gradebook (default: PostgreSQL started here)")
    parser.add_argument("--results", type=int, default=200, metavar="N")
    parser.add_argument("--batch", type=int, default=50, metavar="B")
    main(parser.parse_args())

"""What does grading a class cost? The numbers of the README's capacity model.

    python benchmarks/capacity.py [--copies K] [--writes W] [ASSIGNMENT ...]

1. Core-seconds per submission, per assignment: K copies of the correct demo graded by plain serial
   `nbgrader autograde` with the course's trusted grading; the CPU time of nbgrader, its sandboxed
   kernels and checks (every process it started), divided by K. CPU time, not wall time, so that
   other load on the machine changes it little; the wall time is printed beside it.
2. The gradebook's write rate: W results written one after the other by the cluster's one writer
   (`autograder.engine.cluster.write_result`, nbgrader's SaveAutoGrades) into SQLite and into a
   PostgreSQL server started here on loopback: results per second, which bounds a batch's
   throughput whatever the number of workers.
3. The model: for 1 000, 10 000 and 100 000 submissions, the core-hours, and the wall time on 2, 16
   and 128 worker cores (the larger of grading time and writing time).
Not a test: timings depend on the machine and its load.
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from autograder import grading  # noqa: E402
from autograder.engine.cluster import Bundle, Submission, grade_submission, write_result  # noqa: E402
from grading_speed import course_with_submissions  # noqa: E402
from services import postgres_server  # noqa: E402

CLASS_SIZES = (1_000, 10_000, 100_000)
WORKER_CORES = (2, 16, 128)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def course_with_copies(root, assignment, copies):
    """A course with the release built and ``copies`` copies of the correct demo submitted."""
    return course_with_submissions(root, assignment, copies, demo="correct")


def core_seconds(assignment, copies):
    """``(core-seconds, wall seconds)`` per submission of serial trusted grading."""
    with tempfile.TemporaryDirectory() as root:
        course_dir = course_with_copies(Path(root), assignment, copies)
        env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
        cpu, started = children_cpu(), time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment],
                       cwd=course_dir, env=env, check=True, capture_output=True)
        return (children_cpu() - cpu) / copies, (time.perf_counter() - started) / copies


def write_rate(writes, db_urls, assignment="initialization"):
    """``{database: results written per second}``: one graded result written ``writes`` times."""
    rates = {}
    with tempfile.TemporaryDirectory() as root:
        course_dir = course_with_copies(Path(root), assignment, 1)
        template = Path(root) / "template"
        template.mkdir()
        bundle = Bundle.of(course_dir, assignment, grading.template_gradebook(assignment, template, course_dir))
        submitted = course_dir / "submitted" / "student-000" / assignment
        result = grade_submission(bundle, Submission.read(submitted, "student-000", assignment))
        for name, url in db_urls.items():
            os.environ[grading.DB_URL] = url
            try:
                grading.nbgrader("generate_assignment", assignment, "--force", course_dir=course_dir)
            finally:
                del os.environ[grading.DB_URL]
            started = time.perf_counter()
            for i in range(writes):
                write_result(course_dir, assignment, dict(result, student=f"writer-{i:05d}"), url)
            rates[name] = writes / (time.perf_counter() - started)
    return rates


def hours(seconds):
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def main(args):
    names = args.assignments or grading.assignments()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {args.copies} copies of the correct demo each")
    print("\n| assignment | core-s / submission | wall s / submission (serial) |\n|---|---|---|")
    costs = {}
    for assignment in names:
        costs[assignment], wall = core_seconds(assignment, args.copies)
        print(f"| `{assignment}` | {costs[assignment]:.2f} | {wall:.2f} |", flush=True)
    with tempfile.TemporaryDirectory() as root, postgres_server() as postgres:
        rates = write_rate(args.writes, {"SQLite": f"sqlite:///{Path(root) / 'gradebook.db'}", "PostgreSQL": postgres})
    print("\n| gradebook | results written / s |\n|---|---|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:.1f} |")
    worst = max(costs.values())
    write_seconds = 1 / rates["PostgreSQL"]
    print(f"\nModel for the costliest assignment ({worst:.1f} core-s) into PostgreSQL ({write_seconds * 1000:.0f} ms a write):")
    print("\n| submissions | core-hours | " + " | ".join(f"wall, {w} worker cores" for w in WORKER_CORES)
          + " |\n|---|---|" + "---|" * len(WORKER_CORES))
    for n in CLASS_SIZES:
        walls = [hours(max(n * worst / w, n * write_seconds)) for w in WORKER_CORES]
        print(f"| {n:,} | {n * worst / 3600:.1f} | " + " | ".join(walls) + " |")
    print(f"\nThe one writer saturates at {rates['PostgreSQL']:.0f} results/s: beyond "
          f"{worst * rates['PostgreSQL']:.0f} worker cores more workers do not help.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--writes", type=int, default=40)
    main(parser.parse_args())

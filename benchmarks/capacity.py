"""What does grading a class cost? The numbers of the README's capacity model.

    python benchmarks/capacity.py [--copies K] [--results W] [--tasks T] [ASSIGNMENT ...]

1. Core-seconds per submission, per assignment: what a warm cluster worker spends. K copies of the
   correct demo graded one after the other by the worker's own function (``grade_submission``:
   nbgrader's autograde in-process, the course's sandbox and checks), after one grading that warms
   it; the CPU time of this process and of every process it started (kernels, sandbox: a cgroup v1
   ``cpuacct`` group of its own, ``cpu_clock``), divided by K. CPU time, not wall time, so that other load on the machine changes it little; the wall time
   is printed beside it.
2. The one writer's rate: W real autograded results written by the cluster's batch writer
   (``ResultWriter``, 50 a transaction, what it does when results arrive faster than it writes)
   into SQLite and into a PostgreSQL server started here on loopback: results per second.
3. The scheduler's cost per task: T short tasks on a local Dask cluster of two single-threaded
   workers, taken one by one as the cluster path takes its results (``as_completed``): with an
   empty result, and with a result the size of a real autograded one (which the client fetches).
4. The model: for 1 000, 10 000 and 100 000 submissions, the core-hours, and the wall time on 2, 16
   and 128 worker cores: the largest of grading (core-seconds over cores), writing and scheduling;
   where more workers stop helping; and the target (100 000 Initialization submissions in an hour
   on 100 worker cores).
Not a test: timings depend on the machine and its load; the ratios of one run are what compare.
"""
import argparse
import contextlib
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from autograder.desk import grading  # noqa: E402
from autograder.engine.cluster import Bundle, ResultWriter, Submission, grade_submission  # noqa: E402
from conftest import REPOSITORY  # noqa: E402
from gradebook_writer import rate, real_results  # noqa: E402
from grading_speed import course_with_submissions  # noqa: E402
from services import postgres_server  # noqa: E402

CLASS_SIZES = (1_000, 10_000, 100_000)
WORKER_CORES = (2, 16, 128)
TARGET = ("initialization", 100_000, 100, 3600)  # assignment, submissions, worker cores, seconds
BATCH = 50


CPUACCT = Path("/sys/fs/cgroup/cpuacct")  # cgroup v1's CPU accounting, apart from the sandbox's cpu groups


@contextlib.contextmanager
def cpu_clock():
    """Yields a function giving the CPU seconds so far of this process and of every process it
    starts: a cgroup v1 ``cpuacct`` group of its own where one can be made (the sandbox moves kernels
    into its own ``cpu`` groups, not out of this one), else ``getrusage`` of this process and its
    ended children (which misses a kernel killed before its sandbox reaped it)."""
    group = CPUACCT / f"capacity-{os.getpid()}"
    try:
        group.mkdir()
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        yield _rusage_seconds
        return
    try:
        yield lambda: int((group / "cpuacct.usage").read_text()) / 1e9
    finally:
        (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
        with contextlib.suppress(OSError):
            group.rmdir()


def _rusage_seconds():
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def core_seconds(assignment, copies):
    """``(core-seconds, wall seconds)`` per submission on a warm worker (``grade_submission``)."""
    with tempfile.TemporaryDirectory() as root:
        course_dir = course_with_submissions(Path(root), assignment, copies + 1, demo="correct")
        bundle = Bundle.of(course_dir, assignment)
        submissions = [Submission.read(folder / assignment, folder.name, assignment)
                       for folder in sorted((course_dir / "submitted").iterdir())]
        grade_submission(bundle, submissions[0])  # warms the worker: nbgrader loaded, the course unpacked
        with cpu_clock() as cpu_seconds:
            cpu, started = cpu_seconds(), time.perf_counter()
            for submission in submissions[1:]:
                grade_submission(bundle, submission)
            return (cpu_seconds() - cpu) / copies, (time.perf_counter() - started) / copies


def write_rates(count, urls):
    """``({database: results written per second}, bytes of a result)``: ``count`` real results,
    ``BATCH`` a transaction, by the cluster's writer."""
    from conftest import copy_course

    rates, size = {}, 0
    for name, url in urls.items():
        with tempfile.TemporaryDirectory() as root:
            course_dir = copy_course(Path(root) / "course")
            os.environ[grading.DB_URL] = url
            try:
                grading.build(["initialization"], course_dir)
            finally:
                del os.environ[grading.DB_URL]
            results = real_results(course_dir)
            size = max(sum(len(data) for data in result["files"].values()) for result in results)

            def batched(named, course_dir=course_dir, url=url):
                writer = ResultWriter(course_dir, "initialization", url)
                try:
                    for start in range(0, len(named), BATCH):
                        for result in named[start:start + BATCH]:
                            writer.add(result)
                        writer.flush()
                finally:
                    writer.close()

            rates[name] = rate(batched, results, count, name.lower())
    return rates, size


def _payload(_, size):
    """A short task's result: ``size`` bytes."""
    return b"x" * size


def task_rates(count, result_bytes):
    """``{label: tasks per second}`` of ``count`` short tasks on a local cluster of two workers,
    each result taken as the cluster path takes it."""
    from distributed import Client, as_completed

    from autograder.engine.cluster import local_cluster

    rates = {}
    with local_cluster(2) as cluster, Client(cluster) as client:
        client.wait_for_workers(2)
        for label, size in (("empty result", 0), (f"{result_bytes / 1e3:.0f} kB result", result_bytes)):
            client.gather(client.map(_payload, range(20), size=size, pure=False))  # warm
            started = time.perf_counter()
            futures = client.map(_payload, range(count), size=size, pure=False)
            for future in as_completed(futures):
                future.result()
                future.release()
            rates[label] = count / (time.perf_counter() - started)
    return rates


def hours(seconds):
    """``seconds`` in hours, minutes or seconds, whichever reads best."""
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def wall_seconds(n, cores, core_s, write_rate, task_rate):
    """Wall time of ``n`` submissions on ``cores`` worker cores: whichever is slowest of grading,
    writing and scheduling (they overlap)."""
    return max(n * core_s / cores, n / write_rate, n / task_rate)


def print_model(label, core_s, write_rate, task_rate):
    print(f"\n{label} ({core_s:.2f} core-s a submission) into PostgreSQL:")
    print("\n| submissions | core-hours | " + " | ".join(f"wall, {w} worker cores" for w in WORKER_CORES)
          + " |\n|---|---|" + "---|" * len(WORKER_CORES))
    for n in CLASS_SIZES:
        walls = [hours(wall_seconds(n, w, core_s, write_rate, task_rate)) for w in WORKER_CORES]
        print(f"| {n:,} | {n * core_s / 3600:.1f} | " + " | ".join(walls) + " |")
    bound, limit = min((write_rate, "the writer"), (task_rate, "the scheduler"))
    print(f"\nMore worker cores stop helping at {core_s * bound:.0f}: {limit} then sets the pace "
          f"({bound:.0f} submissions/s).")


def main(args):
    warnings.filterwarnings("ignore")  # nbgrader's own SQLAlchemy session use: not what is measured
    names = args.assignments or grading.assignments(REPOSITORY)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {args.copies} copies of the correct "
          "demo each, on a warm worker")
    print("\n| assignment | core-s / submission | wall s / submission |\n|---|---|---|")
    costs = {}
    for assignment in names:
        costs[assignment], wall = core_seconds(assignment, args.copies)
        print(f"| `{assignment}` | {costs[assignment]:.2f} | {wall:.2f} |", flush=True)
    with contextlib.ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        postgres = stack.enter_context(postgres_server())
        writes, result_bytes = write_rates(args.results, {"SQLite": f"sqlite:///{root / 'gradebook.db'}",
                                                          "PostgreSQL": postgres})
    print("\n| gradebook | results written / s (batch writer) |\n|---|---|")
    for name, value in writes.items():
        print(f"| {name} | {value:.1f} |")
    tasks = task_rates(args.tasks, result_bytes)
    print(f"\n| {args.tasks} short tasks, 2 workers | tasks / s | ms / task |\n|---|---|---|")
    for label, value in tasks.items():
        print(f"| {label} | {value:.0f} | {1000 / value:.1f} |")
    task_rate = min(tasks.values())
    for assignment in (TARGET[0], max(costs, key=costs.get)):
        if assignment in costs:
            print_model(f"`{assignment}`", costs[assignment], writes["PostgreSQL"], task_rate)
    if TARGET[0] in costs:
        assignment, n, cores, limit = TARGET
        seconds = wall_seconds(n, cores, costs[assignment], writes["PostgreSQL"], task_rate)
        print(f"\nTarget: {n:,} {assignment} submissions on {cores} worker cores: {hours(seconds)} "
              f"({'within' if seconds <= limit else 'over'} {hours(limit)}).")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--results", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=2000)
    main(parser.parse_args())

"""Does grading on a Dask cluster into a PostgreSQL gradebook give what plain nbgrader gives, each
submission exactly once, even when a worker is killed and the scheduler restarted mid-batch?

A real PostgreSQL server (Debian's, started here on loopback as the ``postgres`` user) and a real Dask
scheduler with two worker processes on loopback (``dask scheduler``, ``dask worker``, the workers
restarted when they end, as a supervisor would); the command is ``course grade --cluster ADDRESS
--db URL``, run as the instructor runs it.
"""
import copy
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from distributed import Client
from nbgrader.api import Gradebook

from autograder.desk import grading
from autograder.engine.cluster import CHECKSUM_FILE, Bundle, Submission, grade_submission
from autograder.engine.summary import GradingSummary
from autograder.desk.submissions import meets
from conftest import copy_course, nbgrader_demos
from hostile_submissions import catalogue
from services import free_port, postgres_server

pytestmark = pytest.mark.slow
ASSIGNMENT = "initialization"
COPIES = 2  # each nbgrader demo under this many student names: enough tasks for a kill to land mid-batch


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server on loopback for this module; yields the URL of an empty database."""
    with postgres_server() as url:
        yield url


class SupervisedCluster:
    """A ``dask scheduler`` and ``workers`` ``dask worker`` processes on loopback; a worker that ends
    is started again (Dask workers end with their scheduler), as systemd or Kubernetes would."""

    def __init__(self, workers=2):
        self.port = free_port()
        self.scheduler_address = f"tcp://127.0.0.1:{self.port}"
        self.dask = str(Path(sys.executable).parent / "dask")
        self.scheduler = self._start_scheduler()
        self.workers = [None] * workers
        self.closing = threading.Event()
        self.supervisor = threading.Thread(target=self._supervise, daemon=True)
        self.supervisor.start()

    def _start_scheduler(self):
        return subprocess.Popen([self.dask, "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                 "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _supervise(self):
        while not self.closing.is_set():
            for index, worker in enumerate(self.workers):
                if worker is None or worker.poll() is not None:
                    self.workers[index] = subprocess.Popen(
                        [self.dask, "worker", self.scheduler_address, "--nthreads", "1", "--host", "127.0.0.1",
                         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.closing.wait(0.5)

    def restart_scheduler(self):
        """``kill -9`` the scheduler and start a new one at the same address."""
        self.scheduler.kill()
        self.scheduler.wait()
        self.scheduler = self._start_scheduler()

    def close(self):
        self.closing.set()
        self.supervisor.join()
        for process in [self.scheduler, *self.workers]:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster():
    started = SupervisedCluster(2)
    try:
        with Client(started.scheduler_address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield started
    finally:
        started.close()


def course_command(course_dir, db_url, *args):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    return [sys.executable, "-m", "autograder.desk.cli", "--course-dir", str(course_dir), "--db", db_url, *args], env


@pytest.fixture(scope="module")
def cluster_batch(tmp_path_factory, postgres, cluster):
    """The nbgrader demos of Initialization (each under ``COPIES`` names) and two hostile submissions,
    graded on the cluster into PostgreSQL; one worker is killed once the first result is written, the
    scheduler restarted once the third is."""
    course_dir = copy_course(tmp_path_factory.mktemp("cluster-course"))
    os.environ[grading.DB_URL] = postgres
    try:
        grading.build([ASSIGNMENT], course_dir)
    finally:
        del os.environ[grading.DB_URL]
    expected = place_batch(course_dir)
    command, env = course_command(course_dir, postgres, "grade", ASSIGNMENT, "--cluster", cluster.scheduler_address)
    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    faults = inject_faults(course_dir, cluster)
    output, _ = run.communicate(timeout=1800)
    assert run.returncode == 0, output
    return course_dir, expected, output, faults


def place_batch(course_dir):
    """Write the submissions; ``{student: expectation(exercise) -> "full" | "partial" | "zero"}``."""
    expected = {}
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course_dir)
    for demo in nbgrader_demos(ASSIGNMENT):
        for copy in range(COPIES):
            student = f"{grading.demo_student_id(demo)}-{copy}"
            folder = course_dir / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            nbformat.write(demo.notebook(release), str(folder / f"{ASSIGNMENT}.ipynb"))
            expected[student] = demo.expectation
    for hostile in catalogue(course_dir):
        if hostile.student in ("not-a-notebook", "unreadable-return-value"):
            folder = course_dir / "submitted" / hostile.student / ASSIGNMENT
            folder.mkdir(parents=True)
            built = hostile.build(release)
            path = folder / f"{ASSIGNMENT}.ipynb"
            path.write_bytes(built) if isinstance(built, bytes) else nbformat.write(built, str(path))
            expected[hostile.student] = lambda exercise, h=hostile: h.expected.get(exercise, "full")
    return expected


def inject_faults(course_dir, cluster):
    """``kill -9`` one worker process once a first result is written, restart the scheduler once a
    third is; returns how many results were written at each fault."""
    written = lambda: len(list((course_dir / "autograded").glob(f"*/*/{CHECKSUM_FILE}")))  # noqa: E731

    def wait_for(count):
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline and written() < count:
            time.sleep(0.1)
        return written()

    wait_for(1)
    with Client(cluster.scheduler_address) as client:
        pid = next(iter(client.run(os.getpid).values()))
    os.kill(pid, signal.SIGKILL)
    faults = {"worker killed": written()}
    faults["scheduler restarted"] = wait_for(3)
    cluster.restart_scheduler()
    return faults


def test_does_the_cluster_grade_every_submission_once_with_the_scores_of_plain_nbgrader(cluster_batch, postgres,
                                                                                       graded_batch):
    course_dir, expected, output, _ = cluster_batch
    with Gradebook(postgres) as gradebook:
        submissions = gradebook.assignment_submissions(ASSIGNMENT)
        assert sorted(s.student.id for s in submissions) == sorted(expected)  # each once, none lost
        for submission in submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    exercise = grade.name.removeprefix("test_")
                    assert meets(expected[submission.student.id](exercise), grade.score, grade.max_score), (
                        submission.student.id, exercise, grade.score)
    plain = graded_batch(ASSIGNMENT).scores  # the same demos through plain `nbgrader autograde` into SQLite
    os.environ[grading.DB_URL] = postgres
    try:
        clustered = grading.scores(ASSIGNMENT, course_dir)
    finally:
        del os.environ[grading.DB_URL]
    for student, scores in plain.items():
        for copy in range(COPIES):
            assert clustered[f"{student}-{copy}"] == scores
    assert f"[{len(expected)}/{len(expected)}] failed 0" in output, output
    assert f"graded {len(expected)}, unchanged since graded 0, failed 0" in output, output


def test_do_a_killed_worker_and_a_restarted_scheduler_cost_no_submission(cluster_batch):
    course_dir, expected, output, faults = cluster_batch
    for fault, written in faults.items():
        assert 0 < written < len(expected), f"{fault} not in the middle of the batch: {faults}"
    for student in expected:
        folder = course_dir / "autograded" / student / ASSIGNMENT
        assert (folder / CHECKSUM_FILE).exists() and (folder / f"{ASSIGNMENT}.ipynb").exists(), student


def test_does_grading_again_grade_nothing_new(cluster_batch, postgres, cluster):
    course_dir, expected, _, _ = cluster_batch
    command, env = course_command(course_dir, postgres, "grade", ASSIGNMENT, "--cluster", cluster.scheduler_address)
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert f"graded 0, unchanged since graded {len(expected)}, failed 0" in output, output


def test_do_feedback_and_export_read_the_postgresql_gradebook(cluster_batch, postgres):
    course_dir, expected, _, _ = cluster_batch
    env = dict(os.environ, **{grading.DB_URL: postgres})
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    for args in (["generate_feedback", ASSIGNMENT], ["export"]):
        subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=env, check=True,
                       capture_output=True)
    grades = (course_dir / "grades.csv").read_text()
    assert all(student in grades for student in expected)
    assert all((course_dir / "feedback" / s / ASSIGNMENT / f"{ASSIGNMENT}.html").exists() for s in expected)


def test_is_a_submission_past_the_task_time_limit_stopped_and_reported(cluster_batch, tmp_path):
    """Graded by the worker's own function, here: a submission still running at its task's limit is
    stopped with a message naming the limit, and the same warm course then grades the next one."""
    course_dir = cluster_batch[0]
    bundle = Bundle.of(course_dir, ASSIGNMENT)
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course_dir)
    slow = copy.deepcopy(release)
    answer = next(cell for cell in slow.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    answer.source = "import time\ntime.sleep(600)\n" + answer.source  # the student's cell: kept by the rebuild
    slow_files = {f"{ASSIGNMENT}.ipynb": nbformat.writes(slow).encode()}
    with pytest.raises(TimeoutError, match="took more than the task's limit of 8 s; it was stopped"):
        grade_submission(bundle, Submission("sleeper", ASSIGNMENT, slow_files), task_seconds=8)
    correct = next(d for d in nbgrader_demos(ASSIGNMENT) if d.student == "correct")
    files = {f"{ASSIGNMENT}.ipynb": nbformat.writes(correct.notebook(release)).encode()}
    result = grade_submission(bundle, Submission("next-student", ASSIGNMENT, files), task_seconds=600)
    graded = nbformat.reads(result["files"][f"{ASSIGNMENT}.ipynb"].decode(), as_version=4)
    exercises = GradingSummary.of(graded).exercises
    assert exercises and all(e.points == e.max_points for e in exercises.values()), exercises

"""Autograding on a Dask cluster: the same nbgrader pipeline, one submission per task, one writer.

The shape of the graders that scale (a queue with at-least-once delivery, a worker that grades one
submission and returns a result, results keyed by the submission) on Dask distributed:

- The instructor's machine (the client) packs what a worker needs once, as a ``Bundle``: the
  course's nbgrader configuration, the assignment's source and release folders and a template
  gradebook holding the assignment alone. The bundle is the result of one task that every grading
  task depends on (Dask copies it to the workers that need it, and computes it again if the workers
  holding it die); each submission goes to a worker as its files.
- A worker (``grade_submission``) keeps one course folder per bundle, warm between tasks, with
  nbgrader loaded once in its process. Per task it starts from the template gradebook, places the
  submission and runs nbgrader's own ``autograde`` in-process (``NbGraderAPI``): the configured
  preprocessors, sandbox and trusted checks, exactly as ``nbgrader autograde`` runs them. It returns
  the autograded folder's files.
- The client is the only writer of the instructor's gradebook (SQLite or PostgreSQL, nbgrader's
  ``db_url``): it writes the autograded files and saves the grades as nbgrader's own
  ``SaveAutoGrades`` and ``AssignLatePenalties`` do, on nbgrader's tables, but for every result that
  arrived meanwhile in one transaction (``ResultWriter``, ``gradebook_writer``), then records each
  submission's checksum beside its files.
  A result is written once per (student, assignment, checksum), whatever Dask re-delivers, and an
  unchanged submission is not sent again.

Faults (every wait on the cluster is bounded by the batch's time):
- a worker that dies (``kill -9``, its nanny with it), at any moment: while the bundle is copied to
  it, while it grades (Dask runs the task again on another worker), or holding a result the client
  has not fetched yet (Dask computes it again); a submission its workers died on three times is
  reported as failed;
- a task past its time limit (``task_seconds``, for everything the submission's grading runs): the
  worker stops its kernel and reports it as failed, and stays warm for the next task;
- a scheduler that restarts (at the same address, within the client's timeout: ``course grade
  --scheduler-wait``): every task in flight is lost with it; the client reconnects (Dask's own
  reconnection, with backoff; the wait is reported on standard error), waits for workers (Dask
  workers end with their scheduler: run them under a supervisor that restarts them) and sends what
  is not graded yet again;
- every worker gone and none back within ``worker_wait`` (``course grade --scheduler-wait``): what
  is not graded then is reported as failed, each with why (the scheduler's count of workers, asked
  while no result arrives);
- a batch that does not finish in ``batch_seconds`` (workers that stopped answering): what is not
  graded by then is reported as failed.
"""
import atexit
import hashlib
import io
import logging
import shutil
import sys
import tempfile
import time
import warnings
import zipfile
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.engine.links import is_plain, read_plain

CHECKSUM_FILE = ".submission-sha256"  # in autograded/<student>/<assignment>/: what was graded there
WORKER_WAIT_SECONDS = 300  # how long a batch waits while its scheduler has no worker at all


@dataclass(frozen=True)
class Bundle:
    """What a worker needs to grade submissions of one assignment, as one zip archive."""

    key: str          # sha256 of the archive: a worker unpacks each bundle once
    assignment: str
    archive: bytes

    @classmethod
    def of(cls, course_dir, assignment, template_gradebook, secrets=()):
        """The bundle of ``assignment`` in ``course_dir``, with ``template_gradebook`` (a SQLite file
        holding the assignment and no student) as its gradebook. ``secrets`` (a database password,
        say) are blanked out of the configuration it carries: a worker grades into its template
        gradebook and never needs them, and a bundle travels to every worker."""
        course_dir = Path(course_dir)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("nbgrader_config.py", without_secrets(
                (course_dir / "nbgrader_config.py").read_text(encoding="utf-8"), secrets))
            for folder in ("source", "assignments"):
                for path in sorted((course_dir / folder / assignment).rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts:
                        archive.write(path, str(path.relative_to(course_dir)))
            archive.write(template_gradebook, "gradebook.db")
        data = buffer.getvalue()
        return cls(hashlib.sha256(data).hexdigest(), assignment, data)


def without_secrets(text, secrets):
    """``text`` with each of ``secrets``, as written or as a URL writes it, replaced by ``REDACTED``."""
    from urllib.parse import quote, quote_plus

    for secret in sorted({str(s) for s in secrets if s}, key=len, reverse=True):
        for written in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = text.replace(written, "REDACTED")
    return text


@dataclass(frozen=True)
class Submission:
    """One student's submitted files of an assignment, and their checksum."""

    student: str
    assignment: str
    files: dict       # name -> bytes
    timestamp: str = ""

    @property
    def checksum(self):
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()

    @classmethod
    def read(cls, folder, student, assignment):
        files = {p.name: read_plain(p) for p in sorted(Path(folder).iterdir())
                 if is_plain(p)}  # a link could point anywhere on this machine (``links``)
        timestamp = files.pop("timestamp.txt", b"").decode(errors="replace").strip()
        return cls(student, assignment, files, timestamp)


# ------------------------------------------------------------------------------------------------
# Worker side

_courses = {}  # bundle key -> the warm course folder of this worker process


def grade_submission(bundle, submission, task_seconds=None):
    """Grade one submission with nbgrader's autograde, in this worker's warm course folder.

    Returns ``{"student", "checksum", "files": {name: bytes}}``: the autograded folder's files.
    Raises ``RuntimeError`` with nbgrader's log if nbgrader fails, ``TimeoutError`` if grading took
    more than ``task_seconds`` (its kernel is stopped then).
    """
    from autograder.engine.sandbox import TaskTimeLimit, task_time_limit

    course = _course(bundle)
    for folder in ("submitted", "autograded"):
        shutil.rmtree(course / folder, ignore_errors=True)
    shutil.copyfile(course / "template-gradebook.db", course / "gradebook.db")
    target = course / "submitted" / submission.student / submission.assignment
    target.mkdir(parents=True)
    for name, data in submission.files.items():
        (target / Path(name).name).write_bytes(data)
    if submission.timestamp:
        (target / "timestamp.txt").write_text(submission.timestamp)
    with task_time_limit(task_seconds or float("inf")):
        result = _api(course).autograde(submission.assignment, submission.student, force=True, create=True)
    graded = course / "autograded" / submission.student / submission.assignment
    if TaskTimeLimit.__name__ in (result.get("error") or ""):
        raise TimeoutError(f"grading {submission.student} took more than the task's limit of {task_seconds:g} s; "
                           "it was stopped")
    if not result.get("success") or not graded.is_dir():
        raise RuntimeError(f"nbgrader could not grade {submission.student}: "
                           f"{(result.get('error') or result.get('log') or '')[-2000:]}")
    files = {str(p.relative_to(graded)): p.read_bytes() for p in sorted(graded.rglob("*")) if p.is_file()}
    return {"student": submission.student, "checksum": submission.checksum, "files": files}


def _course(bundle):
    if bundle.key not in _courses:
        course = Path(tempfile.mkdtemp(prefix="cluster-course-"))
        with zipfile.ZipFile(io.BytesIO(bundle.archive)) as archive:
            archive.extractall(course)
        (course / "gradebook.db").rename(course / "template-gradebook.db")
        atexit.register(shutil.rmtree, course, True)  # when the worker process ends
        _courses[bundle.key] = course
    return _courses[bundle.key]


def warm_worker():
    """Load what grading loads (nbgrader's autograde, the engine, Jupyter's kernel client) into this
    worker process, so that its first task does not: run on every worker while the client makes the
    bundle."""
    import nbgrader.apps  # noqa: F401
    import nbgrader.converters.autograde  # noqa: F401

    import autograder.engine.configuration  # noqa: F401


_apis = {}


def _api(course):
    """nbgrader's API on ``course``, its configuration loaded once per worker process."""
    if course not in _apis:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
        _apis[course] = NbGraderAPI(CourseDirectory(config=config), config=config)
    return _apis[course]


# ------------------------------------------------------------------------------------------------
# Client side: the one writer

def place_result(course_dir, assignment, result):
    """Write a worker's result's files into ``autograded/<student>/<assignment>/``; returns the folder."""
    folder = Path(course_dir) / "autograded" / result["student"] / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in result["files"].items():
        path = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            continue  # only files inside the folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def submitted_timestamp(course_dir, student, assignment):
    """What ``submitted/<student>/<assignment>/timestamp.txt`` says, or None."""
    submitted = Path(course_dir) / "submitted" / student / assignment / "timestamp.txt"
    return submitted.read_text().strip() if submitted.exists() else None


class GradebookWriteError(Exception):
    """The gradebook refused a batch of results (a server gone, a disk full, a permission): nothing of
    that batch is kept, and the command grades its submissions again when run again."""


def database_reason(error):
    """The first line of what the database said (not SQLAlchemy's statement and parameters)."""
    return (str(getattr(error, "orig", None) or error).strip().splitlines() or [type(error).__name__])[0]


class ResultWriter:
    """The client's one writer: results gathered into batches, each batch's files placed, its grades
    written in one transaction (``GradebookWriter``: what nbgrader's ``SaveAutoGrades`` and
    ``AssignLatePenalties`` write), then its checksums recorded. A batch killed before its commit
    leaves no checksum: the command grades those submissions again."""

    def __init__(self, course_dir, assignment, db_url, config=None):
        self.course_dir, self.assignment, self.db_url, self.config = Path(course_dir), assignment, db_url, config
        self.pending = []
        self.gradebook = None

    def add(self, result):
        self.pending.append(result)

    def flush(self):
        """Write the pending results; returns their students."""
        from sqlalchemy.exc import SAWarning, SQLAlchemyError

        from autograder.engine.gradebook_writer import GradebookWriter, GradedSubmission

        batch, self.pending = self.pending, []
        if not batch:
            return []
        graded = []
        for result in batch:
            folder = place_result(self.course_dir, self.assignment, result)
            notebooks = {path.stem: nbformat.read(str(path), as_version=4) for path in sorted(folder.glob("*.ipynb"))}
            graded.append(GradedSubmission(result["student"], notebooks,
                                           submitted_timestamp(self.course_dir, result["student"], self.assignment)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SAWarning)  # nbgrader's models, harmless: not the instructor's concern
            try:
                if self.gradebook is None:
                    self.gradebook = GradebookWriter(self.db_url, self.assignment, self.config)
                self.gradebook.write(graded)
            except SQLAlchemyError as error:
                raise GradebookWriteError(f"the gradebook refused {len(batch)} result(s): "
                                          f"{database_reason(error)}") from None
        for result in batch:
            (self.course_dir / "autograded" / result["student"] / self.assignment / CHECKSUM_FILE).write_text(
                result["checksum"])
        return [result["student"] for result in batch]

    def close(self):
        from sqlalchemy.exc import SQLAlchemyError

        if self.gradebook is not None:
            try:
                self.gradebook.close()
            except SQLAlchemyError:  # its connection already lost: what it wrote is committed or rolled back
                pass


def write_result(course_dir, assignment, result, db_url, config=None):
    """Write a worker's result into ``course_dir`` and the gradebook at ``db_url`` the way nbgrader
    does, a commit per grade cell (``SaveAutoGrades``): what the batch writer is measured against."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades
    from sqlalchemy.exc import SAWarning

    student = result["student"]
    folder = place_result(course_dir, assignment, result)
    timestamp = submitted_timestamp(course_dir, student, assignment)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own session use, harmless: not the instructor's concern
        with Gradebook(db_url) as gradebook:
            gradebook.update_or_create_student(student)
            gradebook.update_or_create_submission(assignment, student,
                                                  **({"timestamp": timestamp} if timestamp else {}))
        for path in sorted(folder.glob("*.ipynb")):
            notebook = nbformat.read(str(path), as_version=4)
            resources = {"nbgrader": {"db_url": db_url, "assignment": assignment, "notebook": path.stem,
                                      "student": student}}
            SaveAutoGrades(**({"config": config} if config else {})).preprocess(notebook, resources)
            AssignLatePenalties(**({"config": config} if config else {})).preprocess(notebook, resources)
    (folder / CHECKSUM_FILE).write_text(result["checksum"])


def graded_checksum(course_dir, student, assignment):
    path = Path(course_dir) / "autograded" / student / assignment / CHECKSUM_FILE
    return path.read_text().strip() if path.exists() else None


def submissions_to_grade(course_dir, assignment, force=False):
    """``(to grade, unchanged)``: the submissions whose checksum differs from the graded one."""
    todo, unchanged = [], []
    for folder in sorted(Path(course_dir).glob(f"submitted/*/{assignment}")):
        if folder.is_dir():
            submission = Submission.read(folder, folder.parent.name, assignment)
            same = graded_checksum(course_dir, submission.student, assignment) == submission.checksum
            (unchanged if same and not force else todo).append(submission)
    return todo, unchanged


def grade_on_cluster(client, course_dir, assignment, bundle, db_url, force=False, batch_seconds=3600,
                     task_seconds=1800, progress=None, config=None, restarts=5, scheduler_wait=None, log=None,
                     worker_wait=WORKER_WAIT_SECONDS):
    """Grade every new or changed submission of ``assignment`` on the Dask ``client``'s cluster.

    Returns ``{"graded": [students], "unchanged": [students], "failed": {student: reason}}``.
    ``progress(done, total, failed)`` is called after each result. ``task_seconds`` bounds the grading
    of one submission; ``batch_seconds`` the whole batch (what is not done by then is reported as
    failed); a scheduler may restart ``restarts`` times, and be away up to ``scheduler_wait`` seconds
    each time (the client's own reconnection, whose timeout the client was made with, does the
    waiting; ``log``, standard error by default, says that it waits and when the scheduler is back).
    A scheduler left without any worker for longer than ``worker_wait`` seconds (they died and nothing
    restarted them) ends the batch: what is not graded then is reported as failed, with why.
    """
    todo, unchanged = submissions_to_grade(course_dir, assignment, force)
    outcome = {"graded": [], "unchanged": [s.student for s in unchanged], "failed": {}}
    written = set()  # (student, checksum): a result Dask delivers twice is written once
    deadline = time.monotonic() + batch_seconds
    writer = ResultWriter(course_dir, assignment, db_url, config)

    def report():
        if progress:
            progress(len(outcome["graded"]) + len(outcome["failed"]), len(todo), len(outcome["failed"]))

    def flush():
        """Write the results taken so far, in one transaction."""
        students = writer.flush()
        if students:
            outcome["graded"].extend(students)
            report()

    def take(submission, future):
        """Write a result or record a failure; False if the task was lost with its scheduler."""
        try:
            result = future.result(timeout=max(deadline - time.monotonic(), 0.1))
        except CancelledError:  # the scheduler went away with the task: sent again
            return False
        except Exception as error:  # KilledWorker, a time limit, nbgrader's failure: reported, the batch goes on
            if future.status != "error":  # the result's worker died before it was fetched: not done yet
                return False
            outcome["failed"][submission.student] = f"{type(error).__name__}: {str(error)[:300]}"
            report()
        else:
            if (result["student"], result["checksum"]) not in written:
                writer.add(result)
                written.add((result["student"], result["checksum"]))
        return True

    pending, stopped = list(todo), None
    watch = WorkerWatch(client, worker_wait)
    try:
        for _ in range(restarts + 1):  # a round per scheduler: a restart loses the tasks in flight
            if not pending or time.monotonic() >= deadline:
                break
            stopped = _scheduler_back(client, deadline, scheduler_wait, log, worker_wait)
            if stopped:
                break
            pending, stopped = _grade_round(client, bundle, pending, task_seconds, deadline, take, flush, watch)
            if stopped:
                break
        flush()
    except GradebookWriteError as error:
        raise GradebookWriteError(f"{error}; the {len(outcome['graded'])} written before are kept, the others "
                                  "are graded again when the same command runs again") from None
    finally:
        writer.close()
    why = f"not graded within the batch's {batch_seconds:g} s" if time.monotonic() >= deadline else stopped
    if pending and why and why.startswith(NO_WORKERS):
        _say(log, f"{why}; {len(pending)} submission(s) not graded")
    for submission in pending:
        outcome["failed"][submission.student] = why or "the scheduler went away and did not come back"
    if pending:
        report()
    return outcome


class WorkerWatch:
    """Is a scheduler without any worker for longer than ``seconds``? Asked often, it asks the
    scheduler at most once every ``every`` seconds (Dask's ``Client.scheduler_info``, its count of
    workers)."""

    def __init__(self, client, seconds, every=1.0):
        self.client, self.seconds, self.every = client, seconds, every
        self.asked = float("-inf")
        self.none_since = None

    def reset(self):
        """Forget an earlier absence (a new round, workers back)."""
        self.none_since = None

    def gone(self):
        """``the reason`` if the scheduler has had no worker for longer than ``seconds``, else None."""
        now = time.monotonic()
        if now - self.asked < self.every:
            return self._verdict(now)
        self.asked = now
        if self.client.status != "running":  # the scheduler itself is away: the client's reconnection waits
            self.none_since = None
            return None
        workers = self.client.scheduler_info(n_workers=0).get("n_workers", 0)
        if workers:
            self.none_since = None
        elif self.none_since is None:
            self.none_since = now
        return self._verdict(now)

    def _verdict(self, now):
        if self.none_since is not None and now - self.none_since > self.seconds:
            return no_workers(self.seconds)
        return None


NO_WORKERS = "the scheduler had no worker for"


def no_workers(seconds):
    """Why a submission was not graded when the scheduler had no worker for ``seconds``."""
    return f"{NO_WORKERS} {seconds:g} s (--scheduler-wait): they died and nothing restarted them"


def _grade_round(client, bundle, submissions, task_seconds, deadline, take, flush, watch):
    """Send ``submissions`` as tasks, ``take`` each result; returns ``(lost, stopped)``: the
    submissions whose task was lost, and why the round stopped early (None unless the scheduler had
    no worker for longer than ``watch`` allows).

    The bundle reaches the workers as the result of a task that every grading task depends on, not
    scattered: Dask copies it to each worker that needs it and computes it again if the workers
    holding it die, whereas a broadcast (``scatter(broadcast=True)``) waits forever for a replica on
    a worker that died meanwhile. Every wait is bounded by the batch's ``deadline``, and by ``watch``
    while no worker is left. ``flush`` writes the results taken so far, whenever no other has arrived
    meanwhile: one result at a time when the writer keeps up, larger batches when results arrive
    faster than it writes."""
    from distributed import as_completed

    remote_bundle = client.submit(_held, bundle, key=f"bundle-{bundle.assignment}-{bundle.key[:16]}", pure=False)
    futures = {client.submit(grade_submission, remote_bundle, s, task_seconds, pure=False,
                             key=f"grade-{s.assignment}-{s.student}-{s.checksum[:16]}"): s for s in submissions}
    lost, done, stopped = [], set(), None
    watch.reset()
    finished = as_completed(list(futures))
    while not finished.is_empty():
        ready = finished.next_batch(block=False)
        if not ready:
            stopped = "time" if time.monotonic() >= deadline else watch.gone()
            if stopped:
                break
            time.sleep(POLL_SECONDS)
            continue
        for future in ready:
            done.add(future)
            if not take(futures[future], future):
                lost.append(futures[future])
        flush()
    for future in futures:  # the batch's time is up, or no worker is left: what is not done is lost
        if future not in done:
            future.cancel()
            lost.append(futures[future])
    return lost, (None if stopped == "time" else stopped)


POLL_SECONDS = 0.1  # how often a round looks for results and workers when none has arrived


def _say(log, line):
    """Write ``course grade: line`` on ``log`` (standard error by default)."""
    out = log or sys.stderr
    out.write(f"course grade: {line}\n")
    out.flush()


def _held(bundle):
    """The bundle itself: a task whose result Dask copies to the workers, and computes again if lost."""
    return bundle


def _scheduler_back(client, deadline, scheduler_wait=None, log=None, worker_wait=WORKER_WAIT_SECONDS):
    """None if the client is connected to a scheduler with at least one worker, else why not:
    waits for a restarted scheduler to come back (which the client's reconnection bounds) and for a
    worker to join (up to ``worker_wait`` seconds), within the batch's time. A wait for the scheduler
    is reported on ``log`` (standard error)."""
    if client.status == "connecting":
        away = time.monotonic()
        limit = f" up to {scheduler_wait:g} s (--scheduler-wait)" if scheduler_wait else ""
        _say(log, f"the scheduler at {getattr(client.scheduler, 'address', '?')} does not answer; "
                  f"waiting for it{limit}")
        while client.status == "connecting" and time.monotonic() < deadline:
            time.sleep(0.2)
        _say(log, f"the scheduler is back after {time.monotonic() - away:.0f} s; grading goes on"
             if client.status == "running" else "the scheduler did not come back")
    if client.status != "running":
        waited = f" within {scheduler_wait:g} s (--scheduler-wait)" if scheduler_wait else ""
        return f"the scheduler went away and did not come back with workers{waited}"
    try:
        client.wait_for_workers(1, timeout=max(min(worker_wait, deadline - time.monotonic()), 0.1))
    except TimeoutError:
        if time.monotonic() >= deadline:
            return "time"
        return no_workers(worker_wait)
    return None


def local_cluster(workers):
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes on loopback."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, silence_logs=logging.ERROR)


def progress_printer(stream=None, started=None):
    """``progress(done, total, failed)`` printing counts, failures, rate and ETA on one line (of
    ``stream``, standard output by default)."""
    started = time.monotonic() if started is None else started

    def progress(done, total, failed):
        out = stream or sys.stdout
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else float("nan")
        end = "\n" if done == total or not out.isatty() else "\r"
        out.write(f"[{done}/{total}] failed {failed}, {rate * 60:.1f} submissions/min, ETA {eta:.0f} s{' ' * 8}{end}")
        out.flush()

    return progress

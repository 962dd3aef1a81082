"""The client's batch: what to grade, tasks sent, results taken, the cluster's faults waited out."""
import glob
import logging
import re
import sys
import time
from concurrent.futures import CancelledError
from pathlib import Path

from autograder.engine.cluster.bundle import Submission
from autograder.engine.cluster.template import course_directory
from autograder.engine.cluster.worker import grade_submission
from autograder.engine.cluster.writer import GradebookWriteError, ResultWriter, graded_checksum

WORKER_WAIT_SECONDS = 300  # how long a batch waits while its scheduler has no worker at all


def submissions_to_grade(coursedir, assignment, force=False):
    """``(to grade, unchanged)``: the submissions (in the submitted folder of nbgrader's
    ``CourseDirectory`` ``coursedir``, found as nbgrader finds them) whose checksum differs from the
    graded one."""
    todo, unchanged = [], []
    step = coursedir.submitted_directory
    pattern = re.compile(coursedir.format_path(step, "(?P<student>[^/]+)", assignment, escape=True))
    for path in sorted(glob.glob(coursedir.format_path(step, "*", assignment))):
        found = pattern.fullmatch(path)
        if found and Path(path).is_dir():
            submission = Submission.read(path, found["student"], assignment)
            same = graded_checksum(coursedir, submission.student, assignment) == submission.checksum
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
    todo, unchanged = submissions_to_grade(course_directory(course_dir, config), assignment, force)
    deadline = time.monotonic() + batch_seconds
    taken = Taken(ResultWriter(course_dir, assignment, db_url, config), len(todo), unchanged, deadline, progress)
    pending, stopped = list(todo), None
    watch = WorkerWatch(client, worker_wait)
    try:
        try:
            for _ in range(restarts + 1):  # a round per scheduler: a restart loses the tasks in flight
                if not pending or time.monotonic() >= deadline:
                    break
                stopped = _scheduler_back(client, deadline, scheduler_wait, log, worker_wait)
                if stopped:
                    break
                pending, stopped = _grade_round(client, bundle, pending, task_seconds, deadline, taken, watch)
                if stopped:
                    break
        finally:
            taken.flush()  # the results taken so far, whatever ended the rounds
    except GradebookWriteError as error:
        raise GradebookWriteError(f"{error}; the {len(taken.outcome['graded'])} written before are kept, the "
                                  "others are graded again when the same command runs again") from None
    finally:
        taken.writer.close()
    why = f"not graded within the batch's {batch_seconds:g} s" if time.monotonic() >= deadline else stopped
    if pending and why and why.startswith(NO_WORKERS):
        _say(log, f"{why}; {len(pending)} submission(s) not graded")
    taken.fail(pending, why or "the scheduler went away and did not come back")
    return taken.outcome


class Taken:
    """What a batch has taken so far: ``outcome`` (``{"graded", "unchanged", "failed"}``), results
    written through ``writer`` (each (student, checksum) once, however often Dask delivers it), and
    ``progress(done, total, failed)`` told after each change."""

    def __init__(self, writer, total, unchanged, deadline, progress=None):
        self.writer, self.total, self.deadline, self.progress = writer, total, deadline, progress
        self.outcome = {"graded": [], "unchanged": [s.student for s in unchanged], "failed": {}}
        self.written = set()

    def report(self):
        if self.progress:
            failed = len(self.outcome["failed"])
            self.progress(len(self.outcome["graded"]) + failed, self.total, failed)

    def flush(self):
        """Write the results taken so far, in one transaction."""
        students = self.writer.flush()
        if students:
            self.outcome["graded"].extend(students)
            self.report()

    def take(self, submission, future):
        """Write a result or record a failure; False if the task was lost with its scheduler."""
        try:
            result = future.result(timeout=max(self.deadline - time.monotonic(), 0.1))
        except CancelledError:  # the scheduler went away with the task: sent again
            return False
        except Exception as error:  # KilledWorker, a time limit, nbgrader's failure: reported, the batch goes on
            if future.status != "error":  # the result's worker died before it was fetched: not done yet
                return False
            self.outcome["failed"][submission.student] = f"{type(error).__name__}: {str(error)[:300]}"
            self.report()
        else:
            if (result["student"], result["checksum"]) not in self.written:
                self.writer.add(result)
                self.written.add((result["student"], result["checksum"]))
        return True

    def fail(self, submissions, why):
        """Report ``submissions`` as not graded, for ``why``."""
        for submission in submissions:
            self.outcome["failed"][submission.student] = why
        if submissions:
            self.report()


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


def _grade_round(client, bundle, submissions, task_seconds, deadline, taken, watch):
    """Send ``submissions`` as tasks, each result ``taken``; returns ``(lost, stopped)``: the
    submissions whose task was lost, and why the round stopped early (None unless the scheduler had
    no worker for longer than ``watch`` allows).

    The bundle reaches the workers as the result of a task that every grading task depends on, not
    scattered: Dask copies it to each worker that needs it and computes it again if the workers
    holding it die, whereas a broadcast (``scatter(broadcast=True)``) waits forever for a replica on
    a worker that died meanwhile. Every wait is bounded by the batch's ``deadline``, and by ``watch``
    while no worker is left. The results taken so far are written (``taken.flush``) whenever no other has arrived
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
            if not taken.take(futures[future], future):
                lost.append(futures[future])
        taken.flush()
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

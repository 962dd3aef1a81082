"""Autograding on a Dask cluster: the same nbgrader pipeline, one submission per task, one writer.

The shape of the graders that scale (a queue with at-least-once delivery, a worker that grades one
submission and returns a result, results keyed by the submission) on Dask distributed:

- The instructor's machine (the client) packs what a worker needs once, as a ``Bundle``: the
  course's nbgrader configuration, the assignment's source and release folders (named as that
  configuration's ``CourseDirectory`` names them) and a template gradebook holding the assignment
  alone (``template``: made by nbgrader from the source, once per release). The bundle is the result of one task that every grading
  task depends on (Dask copies it to the workers that need it, and computes it again if the workers
  holding it die); each submission goes to a worker as its files.
- A worker (``grade_submission``) keeps one course folder per bundle, warm between tasks, with
  nbgrader loaded once in its process. Per task it starts from the template gradebook, places the
  submission and runs nbgrader's own ``autograde`` in-process (``NbGraderAPI``): the configured
  preprocessors, sandbox and trusted checks, exactly as ``nbgrader autograde`` runs them, but for
  the saving steps (``SaveAutoGrades``, ``AssignLatePenalties``). It returns the autograded folder's
  files.
- The client is the only writer of the instructor's gradebook (SQLite or PostgreSQL, nbgrader's
  ``db_url``): it writes the autograded files and runs the configuration's saving steps as nbgrader's
  own ``SaveAutoGrades`` and ``AssignLatePenalties`` do, on nbgrader's tables, but for every result
  that arrived meanwhile in one transaction (``ResultWriter``, ``gradebook_writer``): each result's
  grades are computed once, there, with the timestamp the client read with the submission; then it
  records each submission's checksum beside its files.
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
from autograder.engine.cluster.batch import (WORKER_WAIT_SECONDS, grade_on_cluster, local_cluster,
                                             progress_printer, submissions_to_grade)
from autograder.engine.cluster.bundle import Bundle, Submission, without_secrets
from autograder.engine.cluster.template import TemplateError
from autograder.engine.cluster.worker import grade_submission, warm_worker
from autograder.engine.cluster.writer import CHECKSUM_FILE, GradebookWriteError, ResultWriter, write_result

__all__ = ["Bundle", "CHECKSUM_FILE", "GradebookWriteError", "ResultWriter", "Submission", "TemplateError", "WORKER_WAIT_SECONDS",
           "grade_on_cluster", "grade_submission", "local_cluster", "progress_printer", "submissions_to_grade",
           "warm_worker", "without_secrets", "write_result"]

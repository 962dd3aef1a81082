"""The limits of grading: a kernel's resources (``Limits``) and the whole task's time
(``task_time_limit``), which the kernel checks before it starts and while it runs."""
import contextvars
import time
from contextlib import contextmanager
from dataclasses import dataclass


class TaskTimeLimit(BaseException):
    """The time limit of the whole grading task (``task_time_limit``) ran out. A BaseException, so
    that the handlers that keep one cell's fault from costing the others let it through: nothing more
    of the submission is run, every kernel is stopped on the way out."""


_task_deadline = contextvars.ContextVar("task_deadline", default=None)


@contextmanager
def task_time_limit(seconds):
    """Bound everything the sandbox runs inside the block (all kernels, cells and checks) to ``seconds``
    in total: past it, ``TaskTimeLimit`` is raised out of the kernel's ``start`` or ``run``."""
    token = _task_deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _task_deadline.reset(token)


def task_seconds_left():
    """Seconds left of the grading task's time limit (infinite outside ``task_time_limit``)."""
    deadline = _task_deadline.get()
    return float("inf") if deadline is None else deadline - time.monotonic()


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's kernel."""

    cell_seconds: float = 120.0       # wall clock per cell
    notebook_seconds: float = 900.0   # wall clock for all the cells of one notebook
    call_seconds: float = 60.0        # wall clock per call of a student function by a check
    cpu_seconds: int = 1800           # CPU time of the kernel process over its life
    memory_bytes: int = 6 * 2**30     # address space
    processes: int = 128              # processes and threads of the kernel (TensorFlow's are capped at 2 per pool)
    file_bytes: int = 256 * 2**20     # largest file the kernel may write
    tmp_bytes: int = 512 * 2**20      # size of the kernel's /tmp (memory, not counted in memory_bytes)
    cell_output_bytes: int = 256 * 2**10
    notebook_output_bytes: int = 8 * 2**20

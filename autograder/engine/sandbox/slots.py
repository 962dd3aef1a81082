"""Grading slots: each concurrently running kernel gets its own number, hence its own grading user.

Process-count limits are counted per user, so two kernels must never share one. A slot is held
through an exclusive lock on a file, which the operating system releases if the grader dies.
"""
import fcntl
import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

SLOTS = 64
SANDBOX_UID = 60000  # the grading user of slot 0; slot k's is SANDBOX_UID + k
STARVED = 0.2  # a time limit ran out and the kernel spent this share of it waiting for a CPU
# One fixed place, whatever TMPDIR a grader was started with: two graders must see the same locks,
# or they would take the same slot, hence the same user, and kill each other's processes.
LOCK_DIR = Path("/tmp/sandboxed-grading-slots")


def _lock_file(name):
    return os.open(LOCK_DIR / name, os.O_RDWR | os.O_CREAT, 0o600)


@contextmanager
def grading_slot():
    """Hold a free slot number (0 to SLOTS-1) for the duration of the block."""
    LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
    while True:
        for slot in range(SLOTS):
            handle = _lock_file(f"{slot}.lock")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                continue
            try:
                yield slot
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                os.close(handle)
            return
        time.sleep(0.5)


def busy_slots(slot):
    """How many slots other than ``slot`` are held right now (other kernels being graded)."""
    busy = 0
    for other in range(SLOTS):
        if other == slot or not (LOCK_DIR / f"{other}.lock").exists():
            continue
        handle = _lock_file(f"{other}.lock")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(handle, fcntl.LOCK_UN)
        except BlockingIOError:
            busy += 1
        finally:
            os.close(handle)
    return busy


@contextmanager
def alone():
    """Hold every slot, once the gradings running now have finished, and yield slot 0: the one
    kernel graded in the block has the machine to itself. The caller must hold no slot (a slot
    it held would never come free); one such grading runs at a time."""
    LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
    solo = _lock_file("alone.lock")
    fcntl.flock(solo, fcntl.LOCK_EX)
    handles = []
    try:
        for slot in range(SLOTS):
            handles.append(_lock_file(f"{slot}.lock"))
            fcntl.flock(handles[-1], fcntl.LOCK_EX)  # waits for the grading that holds it
        yield 0
    finally:
        for handle in handles + [solo]:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)


def kill_user_processes(uid, timeout=10):
    """SIGKILL every process of the grading user ``uid`` and wait until none is left."""
    deadline = time.monotonic() + timeout
    while True:
        pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and owner(p) == uid]
        if not pids or time.monotonic() > deadline:
            return not pids
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def starved(timeout, ran, waited, others_ran, others, cpus):
    """Was a kernel whose time limit (``timeout`` s) ran out starved by the ``others`` kernels graded
    beside it on ``cpus`` CPUs? It waited for a CPU over STARVED of the time (``waited`` s, summed over
    its threads) while it ran (``ran`` s) under half its fair share (a kernel slowed by its own
    processes got its share: it is not starved), and the other kernels ran longer than it did
    (``others_ran`` s: a machine busy with work outside the grader slows every kernel alike, which is
    no reason to grade one of them again)."""
    fair = min(timeout, timeout * cpus / (others + 1))
    return waited > STARVED * timeout and ran < 0.5 * fair and others_ran > ran


def owner(proc_dir):
    try:
        return proc_dir.stat().st_uid
    except OSError:
        return None


def schedule_times(uid):
    """``(ran, waited, others_ran)``: seconds the threads of grading user ``uid`` (all its processes)
    have run on a CPU and waited, ready, for one, and seconds the other grading users' threads (other
    kernels) have run (/proc/<pid>/task/<tid>/schedstat)."""
    ran = waited = others_ran = 0
    for proc in Path("/proc").iterdir():
        user = owner(proc) if proc.name.isdigit() else None
        if user is None or not SANDBOX_UID <= user < SANDBOX_UID + SLOTS:
            continue
        for stat in proc.glob("task/*/schedstat"):
            try:
                fields = stat.read_text().split()
                run, wait = int(fields[0]) / 1e9, int(fields[1]) / 1e9
            except (OSError, IndexError, ValueError):
                continue
            if user == uid:
                ran, waited = ran + run, waited + wait
            else:
                others_ran += run
    return ran, waited, others_ran

"""Grading slots: each concurrently running kernel gets its own number, hence its own grading user.

Process-count limits are counted per user, so two kernels must never share one. A slot is held
through an exclusive lock on a file, which the operating system releases if the grader dies.
"""
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

SLOTS = 64
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

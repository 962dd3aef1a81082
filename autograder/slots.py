"""Grading slots: each concurrently running kernel gets its own number, hence its own grading user.

Process-count limits are counted per user, so two kernels must never share one. A slot is held
through an exclusive lock on a file, which the operating system releases if the grader dies.
"""
import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SLOTS = 64
LOCK_DIR = Path(tempfile.gettempdir()) / "dlcourse-grading-slots"


@contextmanager
def grading_slot():
    """Hold a free slot number (0 to SLOTS-1) for the duration of the block."""
    LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
    while True:
        for slot in range(SLOTS):
            handle = os.open(LOCK_DIR / f"{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
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

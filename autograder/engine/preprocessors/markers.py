"""Markers of gradings in progress, for nbgrader's convert hooks: a killed grading is graded again."""
import fcntl
import os
import shutil
import sys
from pathlib import Path

from autograder.engine.links import printable, remove_links


class GradingMarkers:
    """Which autograded folders are being graded, for nbgrader's ``pre_convert_hook`` (``started``)
    and ``post_convert_hook`` (``finished``).

    nbgrader writes a submission's folder in ``autograded/`` before grading it, and skips a student
    whose folder exists; a folder left by a grading that was killed (``kill -9``, a power cut) would
    never be graded. ``started`` creates a marker file in the folder and holds a lock on it (``flock``,
    released by the kernel when the process dies, so no process id that could be reused is trusted);
    ``finished`` removes it once nbgrader has written the notebook and the grades. A marker that no
    process holds was left by a killed grading: ``discard_interrupted``, run when ``nbgrader_config.py``
    loads, removes its folder so that the submission is graded again.
    """

    MARKER = ".grading-in-progress"

    def __init__(self, root, autograded="autograded"):
        self.autograded = Path(root) / autograded
        self.held = {}  # folder -> open file descriptor holding the lock

    def folder(self, notebooks):
        """``autograded/<student>/<assignment>`` of the submission whose notebooks are given."""
        submitted = Path(sorted(notebooks)[0])  # <root>/submitted/<student>/<assignment>/<name>.ipynb
        return self.autograded / submitted.parent.parent.name / submitted.parent.name

    def started(self, assignment=None, student=None, notebooks=()):
        """Before nbgrader copies the submission's files: remove the links among them (``links``),
        then mark the grading as started."""
        if not notebooks:
            return
        submitted = Path(sorted(notebooks)[0]).parent
        for name, why in remove_links(submitted):
            print(f"{printable(submitted / name)}: {why}; removed from the submission", file=sys.stderr)
        folder = self.folder(notebooks)
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder / self.MARKER, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        self.held[folder] = descriptor

    def finished(self, assignment=None, student=None, notebooks=()):
        if not notebooks:
            return
        folder = self.folder(notebooks)
        (folder / self.MARKER).unlink(missing_ok=True)
        descriptor = self.held.pop(folder, None)
        if descriptor is not None:
            os.close(descriptor)

    def discard_interrupted(self):
        """Remove the folders whose marker no living process holds."""
        for marker in self.autograded.glob(f"*/*/{self.MARKER}"):
            try:
                descriptor = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                continue
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # still being graded
            finally:
                os.close(descriptor)
            shutil.rmtree(marker.parent, ignore_errors=True)

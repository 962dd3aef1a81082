"""The client's one writer: results placed in the course and written into the gradebook in batches."""
import shutil
import warnings
from pathlib import Path

import nbformat

from autograder.engine.cluster.template import course_directory, folder
from autograder.engine.gradebook_writer import saving_steps

CHECKSUM_FILE = ".submission-sha256"  # in autograded/<student>/<assignment>/: what was graded there


def place_result(coursedir, assignment, result):
    """Write a worker's result's files into the student's autograded folder (nbgrader's
    ``CourseDirectory`` ``coursedir`` names it); returns the folder."""
    folder = graded_folder(coursedir, result["student"], assignment)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in result["files"].items():
        path = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            continue  # only files inside the folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def graded_folder(coursedir, student, assignment):
    return folder(coursedir, "autograded", assignment, student)


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
        self.coursedir = course_directory(course_dir, config)
        self.assignment, self.db_url, self.config = assignment, db_url, config
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
            placed = place_result(self.coursedir, self.assignment, result)
            notebooks = {path.stem: nbformat.read(str(path), as_version=4) for path in sorted(placed.glob("*.ipynb"))}
            graded.append(GradedSubmission(result["student"], notebooks, result.get("timestamp") or None))
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
            (graded_folder(self.coursedir, result["student"], self.assignment) / CHECKSUM_FILE).write_text(
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
    does, its saving steps (``saving_steps``: ``SaveAutoGrades``, a commit per grade cell, and
    ``AssignLatePenalties``) run on each notebook: what the batch writer is measured against."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    student, timestamp = result["student"], result.get("timestamp")
    placed = place_result(course_directory(course_dir, config), assignment, result)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own session use, harmless: not the instructor's concern
        with Gradebook(db_url) as gradebook:
            gradebook.update_or_create_student(student)
            gradebook.update_or_create_submission(assignment, student,
                                                  **({"timestamp": timestamp} if timestamp else {}))
        for path in sorted(placed.glob("*.ipynb")):
            notebook = nbformat.read(str(path), as_version=4)
            resources = {"nbgrader": {"db_url": db_url, "assignment": assignment, "notebook": path.stem,
                                      "student": student}}
            for step in saving_steps(config):
                step(**({"config": config} if config else {})).preprocess(notebook, resources)
    (placed / CHECKSUM_FILE).write_text(result["checksum"])


def graded_checksum(coursedir, student, assignment):
    """The checksum of the submission graded last in the student's autograded folder, or None."""
    path = graded_folder(coursedir, student, assignment) / CHECKSUM_FILE
    return path.read_text().strip() if path.exists() else None

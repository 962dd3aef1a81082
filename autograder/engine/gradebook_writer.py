"""The one writer of a gradebook: many autograded submissions per transaction, on nbgrader's tables.

nbgrader's ``SaveAutoGrades`` and ``AssignLatePenalties`` commit each grade, comment and penalty on
its own: a few results a second, whatever the number of workers. ``GradebookWriter`` does what they
do (and what ``Gradebook.update_or_create_student`` / ``update_or_create_submission`` do before
them), through nbgrader's own ORM and schema, for a batch of submissions in one session and one
commit: a batch is wholly in the gradebook or not at all, so a writer killed mid-transaction loses
nothing that writing the batch again does not redo (every write sets a value, none adds to one).
formgrader, ``nbgrader export`` and ``generate_feedback`` read the result as they read nbgrader's.
"""
import logging
from dataclasses import dataclass, field

from nbgrader import utils
from nbgrader.api import (Comment, Gradebook, Grade, MissingEntry, Student, SubmittedAssignment,
                          SubmittedNotebook)

log = logging.getLogger(__name__)


def _steps(config=None):
    """The classes of the configuration's ``Autograde.autograde_preprocessors`` (nbgrader's default
    list if it sets none; a step given by its import path, imported)."""
    from nbgrader.converters import Autograde
    from traitlets.utils.importstring import import_item

    configured = (config or {}).get("Autograde", {}).get("autograde_preprocessors")
    steps = configured if configured is not None else Autograde.autograde_preprocessors.default()
    return [import_item(step) if isinstance(step, str) else step for step in steps]


def _saving(step):
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    return isinstance(step, type) and issubclass(step, (SaveAutoGrades, AssignLatePenalties))


def saving_steps(config=None):
    """The saving steps among the configuration's autograde steps (nbgrader's ``SaveAutoGrades``, the
    grades and comments, and ``AssignLatePenalties``, the late penalty; a subclass counts as the step
    it extends): what ``GradebookWriter`` does for a batch, in the configuration's stead."""
    return [step for step in _steps(config) if _saving(step)]


def without_saving_steps(config=None):
    """The configuration's autograde steps but the saving ones: what a worker runs, whose grades the
    client's writer saves (``saving_steps``)."""
    return [step for step in _steps(config) if not _saving(step)]


@dataclass
class GradedSubmission:
    """One student's autograded notebooks of an assignment: ``{notebook name: NotebookNode}``."""

    student: str
    notebooks: dict
    timestamp: str = None  # as nbgrader reads timestamp.txt; None: not recorded
    extra: dict = field(default_factory=dict)  # for the caller (files to write after the commit, say)


class GradebookWriter:
    """Writes ``GradedSubmission`` batches of one assignment into the gradebook at ``db_url``.

    ``config``: the course's nbgrader configuration: which saving steps its autograde runs
    (``saving_steps``), its late-submission plugin."""

    def __init__(self, db_url, assignment, config=None):
        from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

        self.gradebook = Gradebook(db_url)
        self.session = self.gradebook.db
        self.assignment_name = assignment
        self.assignment = self.gradebook.find_assignment(assignment)  # MissingEntry if not built there
        steps = saving_steps(config)
        self.saves = any(issubclass(step, SaveAutoGrades) for step in steps)
        self.late = None
        if any(issubclass(step, AssignLatePenalties) for step in steps):
            self.late = AssignLatePenalties(**({"config": config} if config else {}))
            self.late.init_plugin()

    def write(self, submissions):
        """Write ``submissions`` in one transaction (rolled back whole if any fails)."""
        try:
            for submission in submissions:
                self._write_one(submission)
            self.session.commit()
        except BaseException:
            self.session.rollback()
            raise

    def close(self):
        self.gradebook.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _write_one(self, graded):
        student = self.session.get(Student, graded.student)
        if student is None:
            student = Student(id=graded.student)
            self.session.add(student)
        submission = self._submission(student, graded.timestamp)
        notebooks = {notebook.name: notebook for notebook in submission.notebooks}
        for name, notebook in graded.notebooks.items():
            if name not in notebooks:
                raise MissingEntry(f"no notebook {name!r} in {self.assignment_name}")
            if self.saves:
                self._save_grades(notebooks[name], notebook)
        for name in notebooks.keys() - graded.notebooks.keys():
            self._missing(notebooks[name])
        self.session.flush()
        for entry in (submission, *notebooks.values()):
            self.session.expire(entry)  # the scores nbgrader computes in SQL, read again
        for name in graded.notebooks if self.late else ():
            self._late_penalty(submission, notebooks[name])

    def _submission(self, student, timestamp):
        """The student's submission, made as ``Gradebook.add_submission`` makes it if new (a grade
        and comment row for each cell of the assignment)."""
        submission = (self.session.query(SubmittedAssignment)
                      .filter(SubmittedAssignment.assignment_id == self.assignment.id,
                              SubmittedAssignment.student_id == student.id).one_or_none())
        when = utils.parse_utc(timestamp) if timestamp else None
        if submission is not None:
            if when is not None:
                submission.timestamp = when
            return submission
        submission = SubmittedAssignment(assignment=self.assignment, student=student,
                                         **({"timestamp": when} if when is not None else {}))
        for notebook in self.assignment.notebooks:
            submitted = SubmittedNotebook(notebook=notebook, assignment=submission)
            for cell in notebook.grade_cells:
                Grade(cell_id=cell.id, notebook=submitted)
            for cell in notebook.solution_cells:
                Comment(cell_id=cell.id, notebook=submitted)
            for cell in notebook.task_cells:
                Comment(cell_id=cell.id, notebook=submitted)
                Grade(cell_id=cell.id, notebook=submitted)
        self.session.add(submission)
        self.session.flush()
        return submission

    def _save_grades(self, submitted, notebook):
        """What ``SaveAutoGrades`` does for each cell of ``notebook``."""
        grades = {grade.name: grade for grade in submitted.grades}
        comments = {comment.name: comment for comment in submitted.comments}
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if utils.is_grade(cell):
                grade = _entry(grades, grade_id, "grade", submitted)
                grade.auto_score, _ = utils.determine_grade(cell, log)
                grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
            if utils.is_solution(cell) or utils.is_task(cell):
                comment = _entry(comments, grade_id, "comment", submitted)
                unchanged = cell.metadata.nbgrader.get("checksum", None) == utils.compute_checksum(cell)
                comment.auto_comment = "No response." if unchanged and not utils.is_task(cell) else None

    @staticmethod
    def _missing(submitted):
        """What nbgrader's autograde does for a notebook of the assignment that was not submitted:
        every grade 0, none to grade by hand."""
        for grade in submitted.grades:
            grade.auto_score = 0
            grade.needs_manual_grade = False

    def _late_penalty(self, submission, submitted):
        """What ``AssignLatePenalties`` does for one notebook."""
        submitted.late_submission_penalty = None
        if submission.total_seconds_late > 0:
            penalty = self.late.plugin_inst.late_submission_penalty(submission.student_id, submitted.score,
                                                                    submission.total_seconds_late)
            if penalty is not None:
                submitted.late_submission_penalty = self.late._check_late_penalty(submitted, penalty)


def _entry(entries, name, kind, submitted):
    if name not in entries:
        raise MissingEntry(f"no {kind} {name!r} in {submitted.name}")
    return entries[name]

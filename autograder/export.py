"""Grades out to an LMS: nbgrader export plugins, chosen with ``nbgrader export --exporter ...`` or
``course export --format canvas|exercises``.

- ``CanvasExport`` writes a Canvas gradebook CSV (``canvas_grades.csv``): Canvas's five leading
  columns (Student, ID, SIS User ID, SIS Login ID, Section), one column per assignment with the
  points earned (after the late penalty) out of the assignment's total, and a "Points Possible"
  row. Student is "Last, First" from nbgrader's student list, ID its ``lms_user_id`` (Canvas's user
  id: ``nbgrader db student import`` takes it as a column), SIS User ID the nbgrader student id, SIS
  Login ID the email. A student without a submission gets an empty cell (not graded), not a zero.
- ``ExerciseExport`` writes one row per student, assignment and graded cell (``exercises.csv``):
  the score of each exercise, the gradebook's, so an instructor's manual score counts.

Both write through the ``csv`` module, so names with commas or quotes stay in their column.
"""
import csv

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
EXERCISE_COLUMNS = ["student_id", "assignment", "notebook", "exercise", "score", "max_score"]


def wanted(names, chosen):
    """``names`` filtered by ``chosen`` (nbgrader's ``--assignment``/``--student`` lists; empty: all)."""
    chosen = {str(n) for n in chosen}
    return [n for n in names if not chosen or n in chosen]


def points(value):
    return f"{value:g}"


def final_score(gradebook, assignment, student):
    """Points earned after the late penalty, or None when the student submitted nothing."""
    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return None
    return max(0.0, submission.score - (submission.late_submission_penalty or 0.0))


def sortable_name(student):
    """"Last, First" as Canvas shows students; the id when the student list has no name."""
    names = [n for n in (student.last_name, student.first_name) if n]
    return ", ".join(names) or student.id


def canvas_rows(gradebook, assignments=(), students=()):
    """The rows of a Canvas gradebook CSV, header and "Points Possible" row first."""
    chosen = wanted(sorted(a.name for a in gradebook.assignments), assignments)
    by_name = {a.name: a for a in gradebook.assignments}
    rows = [CANVAS_COLUMNS + chosen, ["Points Possible", "", "", "", ""] + [points(by_name[a].max_score) for a in chosen]]
    for student in sorted(gradebook.students, key=lambda s: (sortable_name(s).lower(), s.id)):
        if students and student.id not in {str(s) for s in students}:
            continue
        scores = [final_score(gradebook, a, student.id) for a in chosen]
        rows.append([sortable_name(student), student.lms_user_id or "", student.id, student.email or "", ""]
                    + ["" if s is None else points(s) for s in scores])
    return rows


def exercise_rows(gradebook, assignments=(), students=()):
    """One row per student, assignment, notebook and graded cell (``test_`` dropped from its name)."""
    rows = [EXERCISE_COLUMNS]
    for assignment in wanted(sorted(a.name for a in gradebook.assignments), assignments):
        for submission in sorted(gradebook.assignment_submissions(assignment), key=lambda s: s.student.id):
            if students and submission.student.id not in {str(s) for s in students}:
                continue
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    rows.append([submission.student.id, assignment, notebook.name, grade.name.removeprefix("test_"),
                                 points(grade.score), points(grade.max_score)])
    return rows


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file, quoting=csv.QUOTE_MINIMAL).writerows(rows)


class CsvExport(ExportPlugin):
    """An export plugin writing the ``rows`` of the gradebook to ``--to`` (else ``default_file``)."""

    default_file = ""
    what = ""

    @staticmethod
    def rows(gradebook, assignments, students):
        raise NotImplementedError

    def export(self, gradebook):
        destination = self.to or self.default_file
        self.log.info("Writing %s to %s", self.what, destination)
        write_csv(destination, self.rows(gradebook, self.assignment, self.student))


class CanvasExport(CsvExport):
    """``nbgrader export --exporter autograder.export.CanvasExport [--to FILE]``."""

    default_file, what, rows = "canvas_grades.csv", "a Canvas gradebook CSV", staticmethod(canvas_rows)


class ExerciseExport(CsvExport):
    """``nbgrader export --exporter autograder.export.ExerciseExport [--to FILE]``."""

    default_file, what, rows = "exercises.csv", "the score of each exercise", staticmethod(exercise_rows)


EXPORTERS = {"canvas": CanvasExport, "exercises": ExerciseExport}

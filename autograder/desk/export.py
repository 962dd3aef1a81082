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

Both write through ``CsvExport``: numbers as numbers, empty cells for None, and every text cell
(names, ids, emails come from students and the LMS) through the ``csv`` module, so that commas or
quotes stay in their column, with a ``'`` before text that a spreadsheet would take as a formula
(OWASP's defence against CSV injection: text starting with = + - @, a tab or a carriage return).
"""
import csv

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
EXERCISE_COLUMNS = ["student_id", "assignment", "notebook", "exercise", "score", "max_score"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def wanted(names, chosen):
    """``names`` filtered by ``chosen`` (nbgrader's ``--assignment``/``--student`` lists; empty: all)."""
    chosen = {str(n) for n in chosen}
    return [n for n in names if not chosen or n in chosen]


def cell(value):
    """A CSV cell: a number written as one (``-1`` stays a number), None empty, text as text that no
    spreadsheet runs (a ``'`` before a formula's first character)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:g}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    rows = [CANVAS_COLUMNS + chosen, ["Points Possible", "", "", "", ""] + [by_name[a].max_score for a in chosen]]
    for student in sorted(gradebook.students, key=lambda s: (sortable_name(s).lower(), s.id)):
        if students and student.id not in {str(s) for s in students}:
            continue
        rows.append([sortable_name(student), student.lms_user_id, student.id, student.email, ""]
                    + [final_score(gradebook, a, student.id) for a in chosen])
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
                                 grade.score, grade.max_score])
    return rows


class CsvExport(ExportPlugin):
    """An export plugin writing the ``rows`` of the gradebook to ``--to`` (else ``default_file``),
    each value made a ``cell``."""

    default_file = ""
    what = ""

    @staticmethod
    def rows(gradebook, assignments, students):
        raise NotImplementedError

    def export(self, gradebook):
        destination = self.to or self.default_file
        self.log.info("Writing %s to %s", self.what, destination)
        with open(destination, "w", newline="", encoding="utf-8") as file:
            csv.writer(file, quoting=csv.QUOTE_MINIMAL).writerows(
                [cell(value) for value in row] for row in self.rows(gradebook, self.assignment, self.student))


class CanvasExport(CsvExport):
    """``nbgrader export --exporter autograder.desk.export.CanvasExport [--to FILE]``."""

    default_file, what, rows = "canvas_grades.csv", "a Canvas gradebook CSV", staticmethod(canvas_rows)


class ExerciseExport(CsvExport):
    """``nbgrader export --exporter autograder.desk.export.ExerciseExport [--to FILE]``."""

    default_file, what, rows = "exercises.csv", "the score of each exercise", staticmethod(exercise_rows)


EXPORTERS = {"canvas": CanvasExport, "exercises": ExerciseExport}

"""Students' ids and names as they enter the gradebook, from which formgrader prints them.

Formgrader's pages come from nbgrader's templates, which this course does not own, and some print a
student's id and names without escaping them: the id into the page of a student (reached from the
student list) and into the link to the live notebook, the names above a submission. An LMS roster is
not the instructor's writing: a name or id in it may be HTML. So ``guard_gradebook`` (called by
``nbgrader_config.py``, hence in every nbgrader command of the course and in formgrader's server)
checks each student record when nbgrader's gradebook is about to write it, whatever wrote it
(``nbgrader db student import`` or ``add``, formgrader's student editor, ``nbgrader autograde``
meeting a new student):

- an id that is not a ``plain_id`` (letters, digits, ``. _ - @ +``, not starting with ``.``) is
  refused: the record is not written, and a warning names the id (the rest of the import or the
  batch goes on; nbgrader then reports a submission of that id as not graded);
- a first or last name loses the characters that make a tag (``<`` and ``>``) and control
  characters, with a warning: 'O'Brien, Jr.', 'Siobhán "Shiv"' and 'Smith & Jones' stay as they are
  (formgrader prints names as text, where quotes and ampersands make no markup).

Records written before the guard are cleaned when they are written again (import the roster again).
"""
import logging
import unicodedata

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger("autograder.engine.students")
ID_PUNCTUATION = "._-@+"
MARKUP = "<>"
NAME_FIELDS = ("first_name", "last_name")


def plain_id(student_id):
    """Is ``student_id`` an id that no page can mistake for markup or a path (``a.b-c@uni.edu``)?"""
    return (isinstance(student_id, str) and student_id != "" and not student_id.startswith(".")
            and all(ch.isalnum() or ch in ID_PUNCTUATION for ch in student_id))


def plain_name(name):
    """``name`` without the characters that make a tag and without control characters."""
    return "".join(ch for ch in name if ch not in MARKUP and unicodedata.category(ch) != "Cc")


def _check_students(session, flush_context, instances):
    from nbgrader.api import Student

    for record in list(session.new):
        if isinstance(record, Student) and not plain_id(record.id):
            session.expunge(record)
            log.warning("student id %r refused: an id is letters, digits and %s only; not added to the gradebook",
                        record.id, " ".join(ID_PUNCTUATION))
    for record in list(session.new) + list(session.dirty):
        if not isinstance(record, Student):
            continue
        for field in NAME_FIELDS:
            value = getattr(record, field)
            if isinstance(value, str) and plain_name(value) != value:
                setattr(record, field, plain_name(value))
                log.warning("student %r: the characters %s and control characters were removed from the %s %r",
                            record.id, " ".join(MARKUP), field.replace("_", " "), value)


def guard_gradebook():
    """Check every student record that nbgrader's gradebook writes in this process (idempotent)."""
    if not event.contains(Session, "before_flush", _check_students):
        event.listen(Session, "before_flush", _check_students)

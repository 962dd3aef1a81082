"""Submissions in from an LMS: ``course collect ASSIGNMENT ARCHIVE`` takes a Canvas or Moodle bulk
download (a zip of every student's files) and places each notebook in
``submitted/<student>/<assignment>/<notebook>.ipynb`` for nbgrader.

File names as the LMS writes them:

- Canvas: ``<lastnamefirstname>_<user id>_<attachment id>_<file name>``, with ``late_`` after the
  name part when the submission was late, and ``-<n>`` before the extension of a file submitted
  again under the same name;
- Moodle: ``<Full Name>_<participant id>_assignsubmission_file_/<file name>`` (one folder per
  submission) or ``<Full Name>_<participant id>_assignsubmission_file_<file name>``.

A file goes to the student whose ``lms_user_id`` is its id, else whose name it carries (compared
without case, spaces or punctuation). Students come from nbgrader's student list (the gradebook)
and from a roster CSV in the format of ``nbgrader db student import`` (``id, first_name,
last_name, email, lms_user_id``). A file that names no known student, or is not one of the
assignment's notebooks, is listed, never dropped silently; so is a file of a student whose id is not
a plain id (letters, digits, ``. _ - @ +``, the ids the course's gradebook takes, see
``autograder/engine/students.py``): such an id, from a roster, could be markup for formgrader's
pages or a path out of ``submitted/``. The archive is read and checked whole
before anything is written: a file that is not a zip, a member with an absolute path or ``..``,
or an archive larger than ``MAX_BYTES`` once unpacked is refused with a message, and nothing
changes.
"""
import csv
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from nbgrader.api import Gradebook

MAX_BYTES = 512 * 2**20  # unpacked size of an archive; a class's notebooks are far smaller
CANVAS = re.compile(r"^(?P<name>[^_/]+)_(?P<late>late_)?(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>[^/]+)$")
MOODLE = re.compile(r"^(?P<name>[^_/]+)_(?P<user>\d+)_assignsubmission_[a-z]+_/?(?P<file>[^/]+)$")
RESUBMITTED = re.compile(r"-\d+$")  # Canvas's suffix of a file name submitted again
ID_PUNCTUATION = "._-@+"  # with letters and digits, what a student id may hold (the gradebook's rule)


class CollectError(Exception):
    """An archive that cannot be taken in; nothing was written."""


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str = ""
    last_name: str = ""
    lms_user_id: str = ""

    def name_keys(self):
        """The ways an LMS writes this student's name, normalized: Canvas "lastfirst", Moodle "First Last"."""
        return {key(self.last_name + self.first_name), key(self.first_name + self.last_name), key(self.id)} - {""}


def key(name):
    """``name`` without accents, case, spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


@dataclass
class Plan:
    """What collecting an archive does: ``placed`` ``{target path: member}``, the rest listed."""

    placed: dict = field(default_factory=dict)
    late: list = field(default_factory=list)  # students whose submission the LMS marked late
    unmapped: list = field(default_factory=list)  # (member, why)

    def report(self):
        lines = [f"placed {len(self.placed)} notebook(s)"]
        lines += [f"  late (as the LMS says): {student}" for student in sorted(set(self.late))]
        if self.unmapped:
            lines.append(f"not placed: {len(self.unmapped)} file(s)")
            lines += [f"  {member}: {why}" for member, why in self.unmapped]
        return "\n".join(lines)


def roster(course_dir, db_url, roster_csv=None):
    """Students from nbgrader's student list and from ``roster_csv``."""
    students = {}
    if db_url and (not db_url.startswith("sqlite:///") or Path(db_url.removeprefix("sqlite:///")).exists()):
        with Gradebook(db_url) as gradebook:
            for s in gradebook.students:
                students[s.id] = Student(s.id, s.first_name or "", s.last_name or "", s.lms_user_id or "")
    if roster_csv and not Path(roster_csv).is_file():
        raise CollectError(f"{roster_csv}: no such roster file")
    if roster_csv:
        with open(roster_csv, newline="", encoding="utf-8-sig") as file:
            for row in csv.DictReader(file):
                if not row.get("id"):
                    raise CollectError(f"{roster_csv}: every row needs an 'id' (nbgrader's student id)")
                students[row["id"]] = Student(row["id"], row.get("first_name") or "", row.get("last_name") or "",
                                              row.get("lms_user_id") or "")
    return list(students.values())


def parse_name(member):
    """``(name, user id, file name, late)`` of an LMS's file name (inside any folders the archive
    wraps it in), or None."""
    parts = member.split("/")
    for start in range(len(parts)):
        for pattern in (CANVAS, MOODLE):
            match = pattern.match("/".join(parts[start:]))
            if match:
                return match["name"], match["user"], match["file"], bool(match.groupdict().get("late"))
    return None


def plain_id(student_id):
    """Is ``student_id`` one the gradebook takes (``autograder.engine.students.plain_id``)?"""
    return student_id != "" and not student_id.startswith(".") and all(
        ch.isalnum() or ch in ID_PUNCTUATION for ch in student_id)


def find_student(name, user, students):
    by_id = [s for s in students if s.lms_user_id and s.lms_user_id == user]
    if by_id:
        return by_id[0]
    by_name = [s for s in students if key(name) in s.name_keys()]
    return by_name[0] if len(by_name) == 1 else None


def notebook_for(file_name, notebooks):
    """The assignment's notebook a submitted file is: by its name (without Canvas's ``-n``), or the
    only notebook of the assignment; None if it is not a notebook."""
    path = PurePosixPath(file_name)
    if path.suffix != ".ipynb":
        return None
    stem = RESUBMITTED.sub("", path.stem)
    if stem in notebooks:
        return stem
    return notebooks[0] if len(notebooks) == 1 else None


def members(archive):
    """The file members of a zip, checked: no absolute path, no ``..``, bounded unpacked size."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            infos = [i for i in zipped.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as error:
        raise CollectError(f"{archive} is not a zip archive an LMS downloads ({error})") from None
    for info in infos:
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
            raise CollectError(f"{archive}: the member {info.filename!r} would be written outside the course")
        if info.flag_bits & 0x1:
            raise CollectError(f"{archive}: the member {info.filename!r} is encrypted")
    if sum(i.file_size for i in infos) > MAX_BYTES:
        raise CollectError(f"{archive} unpacks to more than {MAX_BYTES // 2**20} MiB")
    return [i.filename for i in infos]


def plan(archive, assignment, notebooks, students, submitted):
    """What collecting ``archive`` would do, without writing anything."""
    result = Plan()
    sources = {}
    for member in members(archive):
        parsed = parse_name(member)
        if parsed is None:
            result.unmapped.append((member, "not named as a Canvas or Moodle download names a submission"))
            continue
        name, user, file_name, late = parsed
        student = find_student(name, user, students)
        notebook = notebook_for(file_name, notebooks)
        if student is None:
            result.unmapped.append((member, f"no student in the roster is {name!r} (LMS id {user})"))
        elif notebook is None:
            result.unmapped.append((member, f"not a notebook of {assignment} ({', '.join(notebooks)})"))
        elif not plain_id(student.id):
            result.unmapped.append((member, f"the student id {student.id!r} is not letters, digits and "
                                            f"{' '.join(ID_PUNCTUATION)} only: the gradebook refuses it"))
        else:
            sources.setdefault(Path(submitted) / student.id / assignment / f"{notebook}.ipynb", []).append(member)
            if late:
                result.late.append(student.id)
    for target, found in sources.items():
        if len(found) > 1:
            result.unmapped += [(m, f"one of {len(found)} files for {target.parent.parent.name}'s "
                                    f"{target.name}: which one to grade is the instructor's choice") for m in found]
        else:
            result.placed[target] = found[0]
    return result


def collect(archive, assignment, notebooks, students, submitted):
    """Place the archive's notebooks in ``submitted``; returns the ``Plan`` carried out."""
    if not Path(archive).is_file():
        raise CollectError(f"{archive}: no such file")
    if not students:
        raise CollectError("no students to map files to: add them to nbgrader's student list "
                           "(nbgrader db student import) or give --roster")
    result = plan(archive, assignment, notebooks, students, submitted)
    with zipfile.ZipFile(archive) as zipped:
        for target, member in result.placed.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zipped.read(member))
    return result

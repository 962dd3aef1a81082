"""Submissions in from an LMS: ``course collect ASSIGNMENT ARCHIVE`` takes a Canvas or Moodle bulk
download (a zip of every student's files) and places each notebook in
``submitted/<student>/<assignment>/<notebook>.ipynb`` for nbgrader.

File names as the LMS writes them:

- Canvas: ``<lastnamefirstname>_<user id>_<attachment id>_<file name>``, with ``late_`` after the
  name part when the submission was late, and ``-<n>`` before the extension of a file submitted
  again under the same name;
- Moodle: ``<Full Name>_<participant id>_assignsubmission_file_/<file name>`` (one folder per
  submission) or ``<Full Name>_<participant id>_assignsubmission_file_<file name>``.

Only that layout names a submission's student: a top-level file, or a file directly in a
top-level Moodle folder (below any folders that wrap the whole archive). What a student put in
sub-folders of their own Moodle folder, even one named like a classmate's submission, is placed
for no one and listed.

A file goes to the student whose ``lms_user_id`` is its id, else whose name it carries (compared
without case, spaces or punctuation). Students come from nbgrader's student list (the gradebook)
and from a roster CSV in the format of ``nbgrader db student import`` (``id, first_name,
last_name, email, lms_user_id``); an id that cannot name a folder is refused. A file that names
no known student, or is not one of the assignment's notebooks, is listed, never dropped silently;
so is a file of a student whose id is not a plain id (letters, digits, ``. _ - @ +``, the ids the
course's gradebook takes, ``autograder.engine.students``): such an id, from a roster, could be
markup for formgrader's pages.
The archive is read and checked whole before anything is written: a file that is not a zip, a
member with an absolute path or ``..``, two members of one name, an encrypted member, an archive
larger than ``MAX_BYTES`` once unpacked, or a member whose data does not match its header (size,
CRC) is refused with a message, and nothing changes. Names from the archive and the roster are
printed with their control characters escaped (``links.printable``), so that none can rewrite the
terminal.

Neither LMS's download says when a file was handed in; Canvas's says which were late. Beside the
notebooks of a submission marked late, ``timestamp.txt`` (nbgrader's format) says one second after
the assignment's due date in the gradebook, so that nbgrader's late penalty (``AssignLatePenalties``)
applies; any other submission placed has none (on time), and the report says so.
"""
import csv
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.abc import Exchange

from autograder.engine import links
from autograder.engine import students as students_guard

MAX_BYTES = 512 * 2**20  # unpacked size of an archive; a class's notebooks are far smaller
CANVAS = re.compile(r"^(?P<name>[^_/]+)_(?P<late>late_)?(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>[^/]+)$")
MOODLE = re.compile(r"^(?P<name>[^_/]+)_(?P<user>\d+)_assignsubmission_[a-z]+_/?(?P<file>[^/]+)$")
MOODLE_FOLDER = re.compile(r"^[^_/]+_\d+_assignsubmission_[a-z]+_$")  # one submission's folder
RESUBMITTED = re.compile(r"-\d+$")  # Canvas's suffix of a file name submitted again
TIMESTAMP_FORMAT = Exchange.class_traits()["timestamp_format"].default_value  # nbgrader's timestamp.txt
LATE_BY = timedelta(seconds=1)  # how late a submission marked late counts: the download says no more
# What reading a damaged member raises (bad CRC or header, cut short, bad compressed data, a method zipfile lacks).
DAMAGED = (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError, OSError)


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
    """What collecting an archive does: ``placed`` ``{target path: member}``, ``stamps`` (each
    submission's ``timestamp.txt``), the rest listed."""

    assignment: str = ""
    due: datetime = None  # the assignment's due date in the gradebook (naive UTC), if it has one
    placed: dict = field(default_factory=dict)
    late: list = field(default_factory=list)  # students whose submission the LMS marked late
    stamps: dict = field(default_factory=dict)  # {submission folder: timestamp.txt's text, None: none}
    stale: list = field(default_factory=list)  # students whose timestamp.txt from before goes
    unmapped: list = field(default_factory=list)  # (member, why)

    def report(self):
        lines = [f"placed {len(self.placed)} notebook(s)"]
        lines += [f"  late (as the LMS says): {student}" for student in sorted(set(self.late))]
        lines += [f"  timestamp.txt from before removed (this download gives none): {s}" for s in sorted(self.stale)]
        if self.placed:
            lines.append(self.times())
        if self.unmapped:
            lines.append(f"not placed: {len(self.unmapped)} file(s)")
            lines += [f"  {member}: {why}" for member, why in self.unmapped]
        return "\n".join(links.printable(line) for line in lines)

    def times(self):
        """What the report says of submission times, which no LMS download carries."""
        if self.late and self.due is not None:
            return (f"submission times: the download has none; timestamp.txt of each submission marked late says "
                    f"{LATE_BY.seconds} s after {self.assignment}'s due date ({self.due:%Y-%m-%d %H:%M:%S} UTC), "
                    "so nbgrader's late penalty applies; the others have none (on time)")
        if self.late:
            return (f"submission times: the download has none and {self.assignment} has no due date in the "
                    "gradebook, so no late penalty applies: give it one (nbgrader db assignment add "
                    f"{self.assignment} --duedate ...) and collect again")
        return ("submission times: the download has none and marks none late (a Moodle download never does), "
                "so no timestamp.txt is written and nbgrader counts every submission on time")


def has_gradebook(db_url):
    """Whether ``db_url`` is a database to read (a SQLite gradebook only once its file exists)."""
    return db_url and (not db_url.startswith("sqlite:///") or Path(db_url.removeprefix("sqlite:///")).exists())


def due_date(db_url, assignment):
    """``assignment``'s due date in the gradebook (naive UTC, as nbgrader keeps it), or None."""
    if not has_gradebook(db_url):
        return None
    with Gradebook(db_url) as gradebook:
        try:
            return gradebook.find_assignment(assignment).duedate
        except MissingEntry:
            return None


def roster(course_dir, db_url, roster_csv=None):
    """Students from nbgrader's student list and from ``roster_csv``."""
    students = {}
    if has_gradebook(db_url):
        with Gradebook(db_url) as gradebook:
            for s in gradebook.students:
                check_id(s.id, "nbgrader's student list")
                students[s.id] = Student(s.id, s.first_name or "", s.last_name or "", s.lms_user_id or "")
    if roster_csv and not Path(roster_csv).is_file():
        raise CollectError(f"{roster_csv}: no such roster file")
    if roster_csv:
        with open(roster_csv, newline="", encoding="utf-8-sig") as file:
            for row in csv.DictReader(file):
                if not row.get("id"):
                    raise CollectError(f"{roster_csv}: every row needs an 'id' (nbgrader's student id)")
                check_id(row["id"], roster_csv)
                students[row["id"]] = Student(row["id"], row.get("first_name") or "", row.get("last_name") or "",
                                              row.get("lms_user_id") or "")
    return list(students.values())


def check_id(student_id, source):
    """Refuse a student id that cannot be the name of the student's folder in ``submitted/``."""
    if student_id in (".", "..") or not student_id.isprintable() or set(student_id) & set("/\\"):
        raise CollectError(f"{source}: the student id {student_id!r} cannot name a folder "
                           "(no control characters, slashes, '.' or '..'): correct it there")


def wrapper_depth(names):
    """How many folders wrap the whole archive: leading folders that every member shares and that
    are not a submission's folder. The LMS's layout starts below them."""
    depth = 0
    for level in zip(*(name.split("/")[:-1] for name in names)):
        if len(set(level)) > 1 or MOODLE_FOLDER.match(level[0]):
            break
        depth += 1
    return depth


def parse_name(path):
    """``(name, user id, file name, late)`` of a submission's ``path`` (below the archive's wrapping
    folders) where the LMS's layout puts one: a top-level file or a file directly in a top-level
    Moodle folder; None for any other path."""
    match = CANVAS.match(path) or MOODLE.match(path)
    return match and (match["name"], match["user"], match["file"], bool(match.groupdict().get("late")))


def why_unnamed(path):
    """Why a ``path`` that ``parse_name`` does not take is not placed."""
    folders = path.split("/")[:-1]
    if folders and MOODLE_FOLDER.match(folders[0]):
        if any(CANVAS.match(f) or MOODLE.match(f) or MOODLE_FOLDER.match(f) for f in folders[1:]):
            return (f"ignored: a folder inside {folders[0]} named like another student's submission; "
                    "placed for no one")
        return f"in a sub-folder of {folders[0]}: only files directly in a submission's folder are placed"
    return "not named as a Canvas or Moodle download names a submission"


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
    """The file members of a zip, checked whole: their headers (``check_headers``), then their data
    (``check_data``)."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            infos = [i for i in zipped.infolist() if not i.is_dir()]
            check_headers(archive, infos)
            for info in infos:
                check_data(archive, zipped, info)
    except (zipfile.BadZipFile, OSError) as error:
        raise CollectError(f"{archive} is not a zip archive an LMS downloads ({error})") from None
    return [i.filename for i in infos]


def check_headers(archive, infos):
    """No absolute path, ``..``, name given twice or encryption; a bounded unpacked size."""
    seen = set()
    for info in infos:
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
            raise CollectError(f"{archive}: the member {info.filename!r} would be written outside the course")
        if info.flag_bits & 0x1:
            raise CollectError(f"{archive}: the member {info.filename!r} is encrypted")
        if info.filename in seen:
            raise CollectError(f"{archive}: two members are named {info.filename!r}; an LMS writes each once")
        seen.add(info.filename)
    if sum(i.file_size for i in infos) > MAX_BYTES:
        raise CollectError(f"{archive} unpacks to more than {MAX_BYTES // 2**20} MiB")


def check_data(archive, zipped, info):
    """Read a member's data to its end, a MiB at a time: zipfile checks its CRC there and never
    unpacks more than the header's size, which it must reach."""
    try:
        with zipped.open(info) as data:
            size = sum(len(chunk) for chunk in iter(lambda: data.read(2**20), b""))
    except DAMAGED as error:
        raise CollectError(f"{archive}: the member {info.filename!r} is damaged ({error}): "
                           "download the archive from the LMS again") from None
    if size != info.file_size:
        raise CollectError(f"{archive}: the member {info.filename!r} holds {size} bytes, not the "
                           f"{info.file_size} its header says: download the archive from the LMS again")


def plan(archive, assignment, notebooks, students, submitted, due=None):
    """What collecting ``archive`` would do, without writing anything."""
    result = Plan(assignment, due)
    sources = {}
    names = members(archive)
    depth = wrapper_depth(names)
    for member in names:
        path = "/".join(member.split("/")[depth:])
        parsed = parse_name(path)
        if parsed is None:
            result.unmapped.append((member, why_unnamed(path)))
            continue
        name, user, file_name, late = parsed
        student = find_student(name, user, students)
        notebook = notebook_for(file_name, notebooks)
        if student is None:
            result.unmapped.append((member, f"no student in the roster is {name!r} (LMS id {user})"))
        elif notebook is None:
            result.unmapped.append((member, f"not a notebook of {assignment} ({', '.join(notebooks)})"))
        elif not students_guard.plain_id(student.id):
            result.unmapped.append((member, f"the student id {student.id!r} is not letters, digits and "
                                            f"{' '.join(students_guard.ID_PUNCTUATION)} only: "
                                            "the gradebook refuses it"))
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
    plan_stamps(result)
    return result


def plan_stamps(result):
    """The ``timestamp.txt`` of each submission folder with a notebook placed: ``late_stamp`` when
    the LMS marked the submission late and the assignment has a due date; else none."""
    for folder in {target.parent for target in result.placed}:
        late = folder.parent.name in result.late and result.due is not None
        result.stamps[folder] = late_stamp(result.due) if late else None
        if not late and (folder / "timestamp.txt").exists():
            result.stale.append(folder.parent.name)


def late_stamp(due):
    """nbgrader's ``timestamp.txt`` text (its format, in UTC) for ``LATE_BY`` after ``due`` (naive UTC)."""
    return (due + LATE_BY).replace(tzinfo=timezone.utc).strftime(TIMESTAMP_FORMAT)


def read_placed(archive, placed):
    """``{target: bytes}`` of the members to place, all read before any is written."""
    with zipfile.ZipFile(archive) as zipped:
        try:
            return {target: zipped.read(member) for target, member in placed.items()}
        except DAMAGED as error:
            raise CollectError(f"{archive} changed while it was read ({error}): collect it again") from None


def collect(archive, assignment, notebooks, students, submitted, due=None):
    """Place the archive's notebooks in ``submitted``, with their ``timestamp.txt`` when late (``due``:
    the assignment's due date); returns the ``Plan`` carried out."""
    if not Path(archive).is_file():
        raise CollectError(f"{archive}: no such file")
    if not students:
        raise CollectError("no students to map files to: add them to nbgrader's student list "
                           "(nbgrader db student import) or give --roster")
    result = plan(archive, assignment, notebooks, students, submitted, due)
    for target in [*result.placed, *(folder / "timestamp.txt" for folder in result.stamps)]:
        linked = links.linked_part(target.parent, submitted)  # writing through it would write where it points
        if linked:
            raise CollectError(f"{links.printable(linked)} is a link: remove it (submissions are placed in plain "
                               "folders), then collect again; nothing was changed")
    for target, data in read_placed(archive, result.placed).items():
        links.write_plain(target, data)
    for folder, stamp in result.stamps.items():
        if stamp:
            links.write_plain(folder / "timestamp.txt", stamp.encode())
        else:
            (folder / "timestamp.txt").unlink(missing_ok=True)
    return result

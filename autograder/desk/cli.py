"""``course``: build the student versions and grade submissions with nbgrader.

    course demo [ASSIGNMENT ...] [--jobs N]   build, grade the shipped demo submissions, print the scores
    course build [ASSIGNMENT ...]     regenerate assignments/ from source/ and put the assignments in
                                      the gradebook (which grading needs: gradebook.db is not committed)
    course grade ASSIGNMENT [--submissions DIR] [--force] [--jobs N | --cluster local[:N]|ADDRESS]
                 [--task-seconds S] [--scheduler-wait S]
                                      autograde what is not graded yet (DIR/<student>/*.ipynb
                                      copied in first; --force: re-grade everything; --jobs N:
                                      N students at once; --cluster: on a Dask cluster, N local
                                      worker processes or a scheduler's address; on workers, a
                                      submission whose grading takes over S seconds is stopped and
                                      reported; a scheduler that goes away, or that has no worker
                                      left, is waited for up to --scheduler-wait seconds)
    course --db URL ...               use the gradebook at URL (postgresql+psycopg://..., say)
                                      instead of gradebook.db
    course scores ASSIGNMENT          print the score table from the gradebook
    course collect ASSIGNMENT ARCHIVE [--roster CSV]
                                      place the notebooks of a Canvas or Moodle bulk download (zip) in
                                      submitted/<student>/ASSIGNMENT/ (timestamp.txt 1 s after the
                                      due date when Canvas marks one late); lists what it cannot place
    course export [--format canvas|exercises] [--to FILE] [--assignment A ...]
                                      write the gradebook as a Canvas gradebook CSV (canvas_grades.csv)
                                      or one row per exercise (exercises.csv), with nbgrader export
    course diagnoses [ASSIGNMENT ...] record what each typical mistake gives on the public checks
                                      (datasets/dlcourse/files/diagnoses/, shipped to students)

Bad input is checked before anything changes (the course directory, the assignment, the gradebook
and a cluster's scheduler) and answered in a line or two that say what is wrong and what to do:
exit status 2 for a usage error (argparse's own, options that exclude each other or mean nothing
together), 1 otherwise. ``course grade`` grades every submission it can and exits with 1 if any
was not graded, listing each with why.
"""
import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from autograder.course import demos_of
from autograder.desk import collect, diagnoses, grading
from autograder.desk.export import EXPORTERS
from autograder.desk.submissions import meets
from autograder.engine import links

# The course directory when --course-dir is not given: the repository this package lives in. The
# command passes the one it works on down to every function it calls.
DEFAULT_COURSE_DIR = Path(__file__).resolve().parents[2]


def format_scores(assignment, table, expectations=None):
    """A text table: one row a student, one column an exercise, then the total.

    With ``expectations`` (``{student: Demo}``), a last column says whether each row is as expected.
    """
    exercises = grading.exercises(assignment)
    headers = ["student"] + list(exercises) + ["total"] + (["as expected"] if expectations else [])
    rows = []
    for student in sorted(table):
        scores = table[student]
        cells = [links.printable(student)]  # an id from an LMS roster: no terminal escapes
        for exercise, points in exercises.items():
            score = scores.get(exercise, (0.0, points))[0]
            cells.append(f"{score:g}/{points:g}")
        total = sum(scores.get(e, (0.0,))[0] for e in exercises)
        cells.append(f"{total:g}/{sum(exercises.values()):g}")
        if expectations:
            demo = expectations.get(student)
            ok = demo is not None and all(
                meets(demo.expectation(e), scores.get(e, (0.0, p))[0], p) for e, p in exercises.items())
            cells.append("yes" if ok else "NO")
        rows.append(cells)
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(headers, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in rows]
    return f"{assignment}\n" + "\n".join(lines), all(r[-1] == "yes" for r in rows) if expectations else True


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error in two lines: what is wrong, and where the usage is."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message}\n(`{self.prog} --help` shows the usage)\n")


def positive_seconds(text):
    """``--task-seconds``: a number of seconds above zero."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above zero")
    return seconds


def positive_int(text):
    """``--jobs``: a whole number, 1 or more."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def cluster_address(text):
    """``--cluster``: ``local``, ``local:N`` (N of 1 or more) or a scheduler's address."""
    if text == "local" or text.startswith("local:"):
        workers = text.partition(":")[2]
        if text != "local" and not (workers.isdigit() and int(workers) >= 1):
            raise argparse.ArgumentTypeError(f"{text!r}: local:N needs N, a number of worker processes of 1 or more")
    elif not text.strip():
        raise argparse.ArgumentTypeError("an empty address: give local[:N] or a scheduler's, tcp://HOST:8786 say")
    return text


def database_url(text):
    """``--db``: a URL SQLAlchemy can open with a driver this environment has (not yet connected)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(text).get_dialect().import_dbapi()
    except ArgumentError as error:  # unparseable, or a dialect SQLAlchemy does not know
        raise argparse.ArgumentTypeError(f"{text!r} is not a database URL ({grading.one_line(error)}); "
                                         "give postgresql+psycopg://USER@HOST/DATABASE or sqlite:///FILE") from None
    except ImportError as error:
        raise argparse.ArgumentTypeError(f"the driver of {text.partition(':')[0]} is not installed ({error}); "
                                         "for PostgreSQL give postgresql+psycopg://USER@HOST/DATABASE") from None
    return text


class Refused(Exception):
    """Bad input found before anything changed: the message says what and how to fix it."""


def check_assignments(names, course_dir):
    """Every one of ``names`` is an assignment of the course (a folder of ``source/`` with a notebook)."""
    known = grading.assignments(course_dir) if (course_dir / "source").is_dir() else []
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(known) if known else f"none: {course_dir / 'source'} holds no assignment folder"
        raise Refused(f"no assignment {', '.join(map(repr, unknown))} in this course; known: {listed}")


def check_course_dir(course_dir, needs_source, needs_config):
    if not course_dir.is_dir():
        raise Refused(f"{course_dir}: no such directory; give --course-dir the course directory "
                      "(the folder holding nbgrader_config.py and source/)")
    if needs_source and not (course_dir / "source").is_dir():
        raise Refused(f"{course_dir} has no source/ folder, so no assignments; give --course-dir the course "
                      "directory (the folder holding nbgrader_config.py and source/)")
    if needs_config and not (course_dir / "nbgrader_config.py").is_file():
        raise Refused(f"{course_dir} is not an nbgrader course directory (no nbgrader_config.py); give "
                      "--course-dir the folder holding nbgrader_config.py and source/")


def check_gradebook(course_dir, assignment=None, must_exist=False, db=None):
    """The gradebook can be read (``must_exist``: and exists; ``assignment``: and holds it)."""
    try:
        known = grading.gradebook_assignments(course_dir)
    except grading.GradebookError as error:
        raise Refused(f"{error}\n(is the database server running, and the URL given to --db right?)") from None
    same_db = " with the same --db" if db else ""
    if known is None and (must_exist or assignment):
        build = f"`course build {assignment or ''}`".replace(" `", "`")
        raise Refused(f"no gradebook yet at {grading.shown_url(grading.gradebook_url(course_dir))} (gradebook.db "
                      f"is not committed); run {build}{same_db} first")
    if assignment and assignment not in known:
        raise Refused(f"assignment {assignment!r} is not in the gradebook at "
                      f"{grading.shown_url(grading.gradebook_url(course_dir))} yet; it must be built into "
                      f"that gradebook first (`course build {assignment}`{same_db}):\n"
                      f"  {build_command(course_dir, assignment, db)}")


def build_command(course_dir, assignment, db=None):
    """The ``course build`` command line that puts ``assignment`` into the gradebook of this run (its
    --course-dir and --db; a password in the URL shown as ***)."""
    words = ["course"]
    if Path(course_dir).resolve() != DEFAULT_COURSE_DIR:
        words += ["--course-dir", str(course_dir)]
    if db:
        words += ["--db", grading.shown_url(db)]
    return shlex.join(words + ["build", assignment])


def run_demo(names, course_dir, jobs=1):
    grading.build(names, course_dir)
    all_ok = True
    for assignment in names:
        started = time.monotonic()
        grading.place_demo_submissions(assignment, course_dir)
        demos = {grading.demo_student_id(d): d for d in demos_of(assignment)}
        print(f"grading {len(demos)} demo submissions of {assignment} with nbgrader autograde ...", flush=True)
        try:
            grading.autograde(assignment, course_dir, jobs=jobs)
        except (grading.NbgraderError, grading.NotGraded) as error:  # the others are graded: their table follows
            print(f"course demo: {grading.one_line(error)}", file=sys.stderr)
            all_ok = False
        table = {s: row for s, row in grading.scores(assignment, course_dir).items() if s in demos}
        text, ok = format_scores(assignment, table, demos)
        print(f"\n{text}\n({time.monotonic() - started:.0f} s)\n")
        all_ok &= ok
    print("Every demo submission got the score it should." if all_ok else "Some demo scores are not as expected.")
    return 0 if all_ok else 1


def run_collect(assignment, archive, roster_csv, course_dir):
    try:
        url = grading.gradebook_url(course_dir)
        students = collect.roster(course_dir, url, roster_csv)
        result = collect.collect(archive, assignment, grading.notebook_names(assignment, course_dir), students,
                                 course_dir / "submitted", collect.due_date(url, assignment))
    except collect.CollectError as error:
        print(links.printable(f"course collect: {error}; nothing was changed"), file=sys.stderr)
        return 1
    print(result.report())
    return 0


ASSIGNMENT_HELP = "an assignment's id: a folder of source/ (initialization, say)"


def parser():
    """``course``'s parser; ``parser().grade`` is the ``grade`` command's, for its usage errors."""
    course = Parser(prog="course", description="Build the student versions of the course's assignments and "
                    "grade submissions with nbgrader.",
                    epilog="Run it with the course's environment active (source .venv/bin/activate); "
                    "`course COMMAND --help` describes a command.")
    course.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR, metavar="DIR",
                        help="the nbgrader course directory, holding nbgrader_config.py and source/ "
                             "(default: this repository)")
    course.add_argument("--db", type=database_url, metavar="URL",
                        help="the gradebook's database URL, postgresql+psycopg://USER@HOST/DATABASE say "
                             "(default: the course's gradebook.db)")
    commands = course.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, summary, description, **kwargs):
        return commands.add_parser(name, help=summary, description=description, **kwargs)

    jobs = argparse.ArgumentParser(add_help=False)
    jobs.add_argument("--jobs", type=positive_int, metavar="N",
                      help="grade N students at once, on N local worker processes (default 1: plain nbgrader)")
    build = command("build", "make the student versions and put them in the gradebook",
                    "Regenerate assignments/ and solutions/ from source/ and put the assignments in the "
                    "gradebook (gradebook.db, or --db): an assignment is graded only once it is there.")
    build.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="(default: all)")
    demo = command("demo", "build, grade the demo submissions, check their scores",
                   "Build, grade the shipped demo submissions and check that each gets the score it should.",
                   parents=[jobs])
    demo.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="(default: all)")
    collecting = command("collect", "place an LMS bulk download's notebooks in submitted/",
                         "Place the notebooks of a Canvas or Moodle bulk download (zip) in "
                         "submitted/<student>/ASSIGNMENT/ and list the files it cannot place.")
    collecting.add_argument("assignment", metavar="ASSIGNMENT", help=ASSIGNMENT_HELP)
    collecting.add_argument("archive", type=Path, metavar="ARCHIVE",
                            help="the LMS's bulk download of submissions (zip)")
    collecting.add_argument("--roster", type=Path, metavar="CSV",
                            help="students as `nbgrader db student import` reads them "
                                 "(id, first_name, last_name, email, lms_user_id), besides nbgrader's student list")
    grade = command("grade", "autograde what is not graded yet; print the scores",
                    "Autograde the submissions of ASSIGNMENT not graded yet (all with --force) and print the "
                    "scores; the exit status is 1 if any submission could not be graded.", parents=[jobs])
    grade.add_argument("assignment", metavar="ASSIGNMENT", help=ASSIGNMENT_HELP)
    grade.add_argument("--submissions", type=Path, metavar="DIR",
                       help="first copy DIR/<student>/*.ipynb to submitted/<student>/ASSIGNMENT/")
    grade.add_argument("--force", action="store_true", help="re-grade submissions graded before")
    grade.add_argument("--cluster", type=cluster_address, metavar="local[:N]|ADDRESS",
                       help="grade on Dask: N local worker processes (default: one per core) or the scheduler "
                            "at ADDRESS (tcp://HOST:8786, say)")
    grade.add_argument("--task-seconds", type=positive_seconds, metavar="S",
                       help="on workers (--cluster, --jobs N): stop grading a submission after S seconds and "
                            "report it (default 1800)")
    grade.add_argument("--scheduler-wait", type=positive_seconds, metavar="S",
                       help="with --cluster ADDRESS: wait up to S seconds for a scheduler that went away (restarted, "
                            "say), or for a worker when it has none left, before reporting what is not graded (default "
                            f"{grading.SCHEDULER_WAIT_SECONDS})")
    scores = command("scores", "print an assignment's scores from the gradebook",
                     "Print the scores of ASSIGNMENT from the gradebook: a row a student, a column an exercise.")
    scores.add_argument("assignment", metavar="ASSIGNMENT", help=ASSIGNMENT_HELP)
    export = command("export", "write the gradebook as a Canvas or per-exercise CSV",
                     "Write the gradebook as a Canvas gradebook CSV (canvas_grades.csv) or one row per "
                     "exercise (exercises.csv), with nbgrader export.")
    export.add_argument("--format", choices=sorted(EXPORTERS), default="canvas",
                        help="canvas (canvas_grades.csv) or exercises (exercises.csv); default canvas")
    export.add_argument("--to", type=Path, metavar="FILE",
                        help="the CSV file to write (default: canvas_grades.csv or exercises.csv)")
    export.add_argument("--assignment", nargs="*", default=[], metavar="ASSIGNMENT",
                        help="only these assignments (default: all)")
    diagnosing = command("diagnoses", "record what typical mistakes give on public checks",
                         "For maintainers: record what each typical mistake gives on the public checks, in "
                         "datasets/dlcourse/files/diagnoses/ (shipped to students).")
    diagnosing.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="(default: all)")
    course.grade = grade
    return course


def main(argv=None):
    course = parser()
    args = course.parse_args(argv)
    if args.command == "grade":
        if args.jobs is not None and args.cluster:
            course.grade.error("give --jobs or --cluster, not both: both choose where to grade "
                               "(--jobs N is --cluster local:N)")
        if args.task_seconds is not None and not (args.cluster or (args.jobs or 1) > 1):
            course.grade.error("--task-seconds applies only on workers (with --cluster, or --jobs N above 1); "
                               "plain nbgrader has the cell and notebook limits of nbgrader_config.py")
        if args.scheduler_wait is not None and not (args.cluster and not args.cluster.startswith("local")):
            course.grade.error("--scheduler-wait applies only with --cluster ADDRESS (a scheduler of its own: "
                               "a local cluster's scheduler does not go away)")
    before = os.environ.get(grading.DB_URL)
    if args.db:
        os.environ[grading.DB_URL] = args.db  # for this process and the nbgrader commands it runs
    try:
        return run(args, args.course_dir.resolve())
    except Refused as error:
        print(f"course {args.command}: {error}", file=sys.stderr)
        return 1
    finally:
        if before is None:
            os.environ.pop(grading.DB_URL, None)
        else:
            os.environ[grading.DB_URL] = before


def run(args, course_dir):
    """Carry out the parsed command: first every check of its input, then the work."""
    check_course_dir(course_dir, needs_source=args.command != "export",
                     needs_config=args.command in ("build", "demo", "grade"))
    if args.command == "export":
        return run_export(args, course_dir)
    check_assignments(args.assignments if hasattr(args, "assignments") else [args.assignment], course_dir)
    if args.command == "diagnoses":
        for assignment in args.assignments or grading.assignments(course_dir):
            print(f"recording the typical mistakes of {assignment} on its public checks ...", flush=True)
            print(f"wrote {diagnoses.write(assignment, course_dir)}")
        return 0
    if args.command in ("demo", "build"):
        check_gradebook(course_dir)
        names = args.assignments or grading.assignments(course_dir)
        if args.command == "build":
            grading.build(names, course_dir)
            return 0
        return run_demo(names, course_dir, args.jobs or 1)
    if args.command == "collect":
        check_gradebook(course_dir)
        return run_collect(args.assignment, args.archive, args.roster, course_dir)
    check_gradebook(course_dir, args.assignment, db=args.db)
    if args.command == "grade":
        return run_grade(args, course_dir)
    print(format_scores(args.assignment, grading.scores(args.assignment, course_dir))[0])
    return 0


def run_export(args, course_dir):
    check_gradebook(course_dir, must_exist=True)
    unknown = sorted(set(args.assignment) - grading.gradebook_assignments(course_dir))
    if unknown:
        known = ", ".join(sorted(grading.gradebook_assignments(course_dir))) or "none"
        raise Refused(f"no assignment {', '.join(map(repr, unknown))} in the gradebook; it holds: {known}")
    path = grading.export(args.format, args.to, args.assignment, course_dir)
    print(f"wrote {path}")
    return 0


def readable(reason, assignment, student, course_dir):
    """One line saying why a submission was not graded: no notebook in it, or the first line of
    ``reason`` without a traceback it quotes (nbgrader's log, which a worker's error carries)."""
    text = str(reason).split("Traceback (most recent call last)")[0].strip().rstrip(":")
    return grading.no_notebook(assignment, student, course_dir) or (text.splitlines() or ["unknown"])[0]


def run_grade(args, course_dir):
    """``course grade``: exit status 1 if any submission was not graded (after grading the others)."""
    assignment = args.assignment
    cluster = args.cluster or (f"local:{args.jobs}" if (args.jobs or 1) > 1 else None)
    if args.submissions and not args.submissions.is_dir():
        raise Refused(f"--submissions {args.submissions}: no such folder; give the folder of "
                      "<student>/<notebook>.ipynb")
    if cluster and not (cluster == "local" or cluster.startswith("local:")):  # a scheduler's address
        try:
            grading.check_scheduler(cluster)
        except grading.ClusterError as error:
            raise Refused(f"{error}\n(is the scheduler running, and is the address right?)") from None
    if args.submissions:
        for path, why in grading.place_submissions(assignment, args.submissions, course_dir):
            print(f"{links.printable(path)}: {why}; not placed")
    if not grading.submitted_students(assignment, course_dir):
        raise Refused(f"nothing submitted: no folder submitted/<student>/{assignment}/ in {course_dir}; place "
                      f"submissions with `course collect {assignment} ARCHIVE` or --submissions DIR")
    if cluster:
        from autograder.engine import cluster as engine_cluster

        try:
            outcome = grading.autograde_on_cluster(assignment, cluster, course_dir, force=args.force,
                                                   task_seconds=args.task_seconds or 1800,
                                                   scheduler_wait=args.scheduler_wait or grading.SCHEDULER_WAIT_SECONDS)
        except engine_cluster.TemplateError as error:  # the source no longer builds
            raise Refused(f"{error}\n(`course build {assignment}` shows why; nothing was graded)") from None
        except engine_cluster.GradebookWriteError as error:  # the results taken so far are committed or rolled back
            raise Refused(f"{error}\n(is the database server running, with room and the right to write?)") from None
        print(f"graded {len(outcome['graded'])}, unchanged since graded {len(outcome['unchanged'])}, "
              f"failed {len(outcome['failed'])}")
        failed = outcome["failed"]
        trouble = None
    else:
        try:
            grading.autograde(assignment, course_dir, force=args.force)
            trouble = None
        except grading.NbgraderError as error:  # its errors were printed; what it left ungraded is listed below
            trouble = error
        failed = grading.not_graded(assignment, course_dir)
    print(format_scores(assignment, grading.scores(assignment, course_dir))[0])
    if failed:
        print(f"not graded: {len(failed)} submission(s)")
        for student, reason in sorted(failed.items()):
            print(f"  {links.printable(student)}: {readable(reason, assignment, student, course_dir)}")
    elif trouble:
        print(f"course grade: {trouble}; its errors are above", file=sys.stderr)
    return 1 if failed or trouble else 0


if __name__ == "__main__":
    sys.exit(main())

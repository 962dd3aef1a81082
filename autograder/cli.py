"""``course``: build the student versions and grade submissions with nbgrader.

    course demo [ASSIGNMENT ...] [--jobs N]   build, grade the shipped demo submissions, print the scores
    course build [ASSIGNMENT ...]     regenerate assignments/ from source/
    course grade ASSIGNMENT [--submissions DIR] [--force] [--jobs N | --cluster local[:N]|ADDRESS]
                 [--task-seconds S]   autograde what is not graded yet (DIR/<student>/*.ipynb
                                      copied in first; --force: re-grade everything; --jobs N:
                                      N students at once; --cluster: on a Dask cluster, N local
                                      worker processes or a scheduler's address; a submission
                                      whose grading takes over S seconds is stopped and reported)
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
"""
import argparse
import os
import sys
import time
from pathlib import Path

from autograder import collect, diagnoses, grading
from autograder.demos import demos_of
from autograder.engine import links
from autograder.export import EXPORTERS
from autograder.submissions import meets


def format_scores(assignment, table, expectations=None):
    """A text table: one row a student, one column an exercise, then the total.

    With ``expectations`` (``{student: Demo}``), a last column says whether each row is as expected.
    """
    exercises = grading.exercises(assignment)
    headers = ["student"] + list(exercises) + ["total"] + (["as expected"] if expectations else [])
    rows = []
    for student in sorted(table):
        scores = table[student]
        cells = [student]
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


def positive_seconds(text):
    """``--task-seconds``: a number of seconds above zero."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above zero")
    return seconds


def run_demo(names, course_dir, jobs=1):
    grading.build(names, course_dir)
    all_ok = True
    for assignment in names:
        started = time.monotonic()
        grading.place_demo_submissions(assignment, course_dir)
        demos = {grading.demo_student_id(d): d for d in demos_of(assignment)}
        print(f"grading {len(demos)} demo submissions of {assignment} with nbgrader autograde ...", flush=True)
        grading.autograde(assignment, course_dir, jobs=jobs)
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
        print(collect.visible(f"course collect: {error}; nothing was changed"), file=sys.stderr)
        return 1
    print(result.report())
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0])
    parser.add_argument("--course-dir", type=Path, default=grading.REPOSITORY,
                        help="the nbgrader course directory (default: this repository)")
    parser.add_argument("--db", help="the gradebook's database URL (default: the course's gradebook.db)")
    commands = parser.add_subparsers(dest="command", required=True)
    jobs = argparse.ArgumentParser(add_help=False)
    jobs.add_argument("--jobs", type=int, default=1, help="grade this many students at once (default 1)")
    commands.add_parser("build").add_argument("assignments", nargs="*")
    commands.add_parser("diagnoses").add_argument("assignments", nargs="*")
    commands.add_parser("demo", parents=[jobs]).add_argument("assignments", nargs="*")
    grade = commands.add_parser("grade", parents=[jobs])
    grade.add_argument("assignment")
    grade.add_argument("--submissions", type=Path, help="folder of <student>/<notebook>.ipynb")
    grade.add_argument("--force", action="store_true", help="re-grade submissions graded before")
    grade.add_argument("--cluster", help="grade on Dask: local[:N] (N worker processes) or a scheduler address")
    grade.add_argument("--task-seconds", type=positive_seconds, default=1800,
                       help="with --cluster: stop grading a submission after this long and report it (default 1800)")
    scores = commands.add_parser("scores")
    scores.add_argument("assignment")
    collecting = commands.add_parser("collect")
    collecting.add_argument("assignment")
    collecting.add_argument("archive", type=Path, help="the LMS's bulk download of submissions (zip)")
    collecting.add_argument("--roster", type=Path, help="students as `nbgrader db student import` reads them "
                         "(id, first_name, last_name, email, lms_user_id), besides nbgrader's student list")
    export = commands.add_parser("export")
    export.add_argument("--format", choices=sorted(EXPORTERS), default="canvas")
    export.add_argument("--to", type=Path, help="the CSV file to write (default: canvas_grades.csv or exercises.csv)")
    export.add_argument("--assignment", nargs="*", default=[], help="only these assignments (default: all)")
    args = parser.parse_args(argv)

    course_dir = args.course_dir.resolve()
    if args.db:
        os.environ[grading.DB_URL] = args.db  # for this process and the nbgrader commands it runs
    if args.command == "diagnoses":
        for assignment in args.assignments or grading.assignments(course_dir):
            print(f"recording the typical mistakes of {assignment} on its public checks ...", flush=True)
            print(f"wrote {diagnoses.write(assignment, course_dir)}")
        return 0
    if args.command in ("demo", "build"):
        names = args.assignments or grading.assignments(course_dir)
        if args.command == "build":
            grading.build(names, course_dir)
            return 0
        return run_demo(names, course_dir, args.jobs)
    if args.command == "collect":
        return run_collect(args.assignment, args.archive, args.roster, course_dir)
    if args.command == "export":
        path = grading.export(args.format, args.to, args.assignment, course_dir)
        print(f"wrote {path}")
        return 0
    if args.command == "grade":
        if args.submissions:
            for path, why in grading.place_submissions(args.assignment, args.submissions, course_dir):
                print(f"{links.printable(path)}: {why}; not placed")
        if args.cluster:
            outcome = grading.autograde_on_cluster(args.assignment, args.cluster, course_dir, force=args.force,
                                                   task_seconds=args.task_seconds)
            print(f"graded {len(outcome['graded'])}, unchanged since graded {len(outcome['unchanged'])}, "
                  f"failed {len(outcome['failed'])}")
            for student, reason in sorted(outcome["failed"].items()):
                print(f"  {student}: not graded: {reason}")
        else:
            grading.autograde(args.assignment, course_dir, force=args.force, jobs=args.jobs)
    print(format_scores(args.assignment, grading.scores(args.assignment, course_dir))[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Does ``course`` answer bad input with a line or two that name the problem and the fix, never a
traceback, and leave the course as it was? Exit status 2 for a usage error, 1 for other bad input
and whenever a submission could not be graded (after grading the others).

Refusals run ``autograder.desk.cli.main`` in this process (what the entry point runs); the help and
grading batches run the installed ``course`` entry point, whose whole output (its worker processes'
too) is checked.
"""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.desk import cli, grading
from autograder.course import demos_of
from conftest import REPOSITORY, built_course, copy_course
from services import free_port

ASSIGNMENT = "initialization"
COURSE = Path(sys.executable).parent / "course"  # the installed entry point (pyproject's [project.scripts])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A course with Initialization built (in its gradebook) and nothing submitted; tests leave it as is."""
    return built_course(tmp_path_factory.mktemp("cli-course"), ASSIGNMENT)


def state(folder):
    """Every file under ``folder`` with its size and modification time: what a refusal must not change."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in Path(folder).rglob("*") if p.is_file()}


def main(capsys, *argv):
    """``(exit status, everything printed)`` of ``course ARGV`` run in this process."""
    try:
        status = cli.main([str(a) for a in argv])
    except SystemExit as exit:  # argparse's usage errors and --help
        status = exit.code
    out, err = capsys.readouterr()
    return status, out + err


def refused(capsys, status, *argv, course_dir=None):
    """Run ``course ARGV`` and check a refusal: ``status``, one or two lines, no traceback, the course
    unchanged. Returns what it printed."""
    before = state(course_dir) if course_dir else None
    got, printed = main(capsys, *argv)
    assert got == status, printed
    assert "Traceback" not in printed and 1 <= len(printed.strip().splitlines()) <= 2, printed
    if course_dir:
        assert state(course_dir) == before, "a refusal changed the course"
    return printed


def course(*args, path=None, timeout=600):
    """``course ARGS`` as an instructor runs it: ``(exit status, stdout and stderr)``."""
    env = dict(os.environ, COLUMNS="80", PYTHONPATH=os.pathsep.join([str(REPOSITORY), str(REPOSITORY / "datasets"),
                                                       os.environ.get("PYTHONPATH", "")]))
    if path:
        env["PATH"] = path
    result = subprocess.run([str(COURSE), *map(str, args)], env=env, capture_output=True, text=True,
                            timeout=timeout)
    return result.returncode, result.stdout + result.stderr


def test_does_help_list_every_command_with_a_one_line_summary():
    status, printed = course("--help")
    assert status == 0 and "``" not in printed, printed
    listed = printed.split("  COMMAND\n", 1)[1].split("\n\n")[0].splitlines()  # under "positional arguments:"
    commands = {line.split()[0]: line.split(None, 1)[1:] for line in listed}
    assert set(commands) == {"build", "demo", "collect", "grade", "scores", "export", "diagnoses"}, printed
    assert all(summary for summary in commands.values()), f"a command without its summary line:\n{printed}"
    assert "source .venv/bin/activate" in printed


def test_does_grade_name_the_known_assignments_and_say_when_nothing_is_submitted(built, capsys):
    printed = refused(capsys, 1, "--course-dir", built, "grade", "nosuch", course_dir=built)
    assert "no assignment 'nosuch' in this course; known: batch_norm, data_distributions," in printed
    printed = refused(capsys, 1, "--course-dir", built, "grade", ASSIGNMENT, course_dir=built)
    assert "nothing submitted" in printed and "course collect" in printed and "--submissions" in printed


def test_does_an_assignment_not_in_the_gradebook_say_to_build_it_first(built, capsys, tmp_path):
    for command in ("grade", "scores"):
        printed = refused(capsys, 1, "--course-dir", built, command, "regularization", course_dir=built)
        assert "not in the gradebook" in printed and "course build regularization" in printed
    fresh = copy_course(tmp_path / "fresh")  # as cloned: gradebook.db is not committed
    printed = refused(capsys, 1, "--course-dir", fresh, "grade", ASSIGNMENT, course_dir=fresh)
    assert "no gradebook yet" in printed and f"course build {ASSIGNMENT}" in printed
    assert not (fresh / "gradebook.db").exists()


def test_do_scores_and_build_name_the_known_assignments(built, capsys):
    for command in ("scores", "build"):
        printed = refused(capsys, 1, "--course-dir", built, command, "nosuch", course_dir=built)
        assert "no assignment 'nosuch' in this course; known: batch_norm," in printed


def test_does_collect_refuse_an_unknown_assignment(built, capsys, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name,email,lms_user_id\nng,Anh,Ng,,67890\n")
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"nganh_67890_111_{ASSIGNMENT}.ipynb", "{}")
    printed = refused(capsys, 1, "--course-dir", built, "collect", "nosuch", archive, "--roster", roster,
                      course_dir=built)
    assert "no assignment 'nosuch' in this course; known:" in printed


def test_does_an_unusable_database_url_say_so_in_a_line(built, capsys):
    printed = refused(capsys, 2, "--course-dir", built, "--db", "bogus://x", "scores", ASSIGNMENT, course_dir=built)
    assert "--db" in printed and "'bogus://x' is not a database URL" in printed and "postgresql+psycopg://" in printed
    url = f"postgresql+psycopg://grader:secret@127.0.0.1:{free_port()}/course"  # no server there
    printed = refused(capsys, 1, "--course-dir", built, "--db", url, "scores", ASSIGNMENT, course_dir=built)
    assert "cannot read the gradebook at postgresql+psycopg://grader:***@127.0.0.1" in printed, printed
    assert "secret" not in printed and "Connection refused" in printed
    assert grading.DB_URL not in os.environ, "--db leaked out of the command"


def test_does_a_missing_course_dir_say_so_in_a_line(capsys, tmp_path):
    printed = refused(capsys, 1, "--course-dir", tmp_path / "nonexistent", "scores", ASSIGNMENT)
    assert "no such directory" in printed and "--course-dir" in printed and "nbgrader_config.py" in printed
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_must_jobs_be_at_least_one(built, capsys, jobs):
    printed = refused(capsys, 2, "--course-dir", built, "grade", ASSIGNMENT, "--jobs", jobs, course_dir=built)
    assert "--jobs" in printed and "1 or more" in printed and "--help" in printed


def test_does_an_unreachable_cluster_say_so_in_seconds(built, capsys):
    """Within the bound the message names (no test asserts a duration: a slow machine would fail it)."""
    address = f"tcp://127.0.0.1:{free_port()}"  # no scheduler there
    printed = refused(capsys, 1, "--course-dir", built, "grade", ASSIGNMENT, "--cluster", address, course_dir=built)
    assert f"no Dask scheduler answers at {address} within {grading.SCHEDULER_CONNECT_SECONDS} s" in printed


@pytest.mark.parametrize("options, words", [
    (["--task-seconds", "60"], "--task-seconds applies only on workers"),
    (["--jobs", "1", "--task-seconds", "60"], "--task-seconds applies only on workers"),
    (["--jobs", "2", "--cluster", "local:2"], "give --jobs or --cluster, not both"),
    (["--jobs", "1", "--cluster", "tcp://127.0.0.1:8786"], "give --jobs or --cluster, not both"),
    (["--cluster", "local:0"], "local:N needs N"),
    (["--scheduler-wait", "60"], "--scheduler-wait applies only with --cluster ADDRESS"),
    (["--cluster", "local:2", "--scheduler-wait", "60"], "--scheduler-wait applies only with --cluster ADDRESS"),
    (["--cluster", "tcp://127.0.0.1:8786", "--scheduler-wait", "0"], "'0' is not a number of seconds above zero"),
])
def test_are_meaningless_option_combinations_usage_errors(built, capsys, options, words):
    printed = refused(capsys, 2, "--course-dir", built, "grade", ASSIGNMENT, *options, course_dir=built)
    assert words in printed


def path_without_bubblewrap(folder):
    """A ``PATH`` with every program of this one but ``bwrap``: a machine without bubblewrap."""
    folder.mkdir()
    for directory in [Path(sys.executable).parent] + [Path(d) for d in os.environ["PATH"].split(os.pathsep)]:
        for program in (directory.iterdir() if directory.is_dir() else []):
            if program.name != "bwrap" and not os.path.lexists(folder / program.name):
                (folder / program.name).symlink_to(program)
    return str(folder)


def test_is_every_failed_submission_listed_with_exit_status_1_after_the_others_are_graded(tmp_path):
    """A correct submission and one without a notebook, through plain nbgrader (on a machine without
    bubblewrap, whose warning must show), a local cluster and ``--jobs``."""
    course_dir = built_course(tmp_path / "course", ASSIGNMENT)
    correct = next(d for d in demos_of(ASSIGNMENT) if d.student == "correct")
    grading.place_demo_submissions(ASSIGNMENT, course_dir, [correct])
    (course_dir / "submitted" / "nobody" / ASSIGNMENT).mkdir(parents=True)
    (course_dir / "submitted" / "nobody" / ASSIGNMENT / "notes.txt").write_text("no notebook here")
    no_notebook = f"nobody: no notebook (a .ipynb file) in submitted/nobody/{ASSIGNMENT}/"

    status, printed = course("--course-dir", course_dir, "grade", ASSIGNMENT,
                             path=path_without_bubblewrap(tmp_path / "bin"))
    assert status == 1 and "Traceback" not in printed, printed
    assert "sandbox layer 'namespaces' is not available: bubblewrap" in printed, printed
    assert "| INFO]" not in printed and "SAWarning" not in printed, printed
    assert "demo-correct  2/2" in printed and no_notebook in printed, printed

    for where in (["--cluster", "local:1"], ["--jobs", "2"]):  # the first grades the correct one again
        status, printed = course("--course-dir", course_dir, "grade", ASSIGNMENT, *where)
        assert status == 1 and "Traceback" not in printed and "Compute Failed" not in printed, (where, printed)
        assert "failed 1" in printed and "demo-correct  2/2" in printed and no_notebook in printed, (where, printed)

    (course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text("{not a notebook")  # the source broken
    status, printed = course("--course-dir", course_dir, "grade", ASSIGNMENT, "--cluster", "local:1")
    assert status == 1 and "Traceback" not in printed, printed
    assert f"nbgrader could not build {ASSIGNMENT} for the workers: " in printed, printed
    assert f"(`course build {ASSIGNMENT}` shows why; nothing was graded)" in printed, printed


def test_does_the_log_filter_keep_warnings_and_errors_and_drop_info():
    log = "\n".join([
        "[AutogradeApp | INFO] Converting notebook /course/submitted/a/x/x.ipynb",
        "/venv/nbgrader/api.py:2229: SAWarning: Object of type <SubmittedAssignment> not in session",
        "  for notebook in submission.assignment.notebooks:",
        "sandbox layer 'user' is not available: the grader does not run as root; grading goes on without it",
        "[AutogradeApp | ERROR] There was an error processing assignment: /course/submitted/b/x",
        "[AutogradeApp | ERROR] Traceback (most recent call last):",
        "      File \"nbconvert/exporters/exporter.py\", line 200, in from_filename",
        "    IsADirectoryError: [Errno 21] Is a directory: 'x.ipynb'",
        "    ",
        "[AutogradeApp | WARNING] Removing failed assignment: /course/autograded/b/x",
        "[AutogradeApp | ERROR] Please see the the above traceback for details on the specific errors on the above "
        "failures.",
    ])
    assert grading.worth_showing(log).splitlines() == [
        "sandbox layer 'user' is not available: the grader does not run as root; grading goes on without it",
        "[AutogradeApp | ERROR] There was an error processing assignment: /course/submitted/b/x",
        "[AutogradeApp | ERROR] IsADirectoryError: [Errno 21] Is a directory: 'x.ipynb'",
        "[AutogradeApp | WARNING] Removing failed assignment: /course/autograded/b/x",
    ]

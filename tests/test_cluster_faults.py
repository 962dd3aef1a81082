"""Does ``course grade --cluster`` finish, grading each submission once, whatever the cluster does: a
worker killed at any moment with nothing to restart it, a scheduler away for longer than 30 s, every
worker gone for good (reported, not waited for until the batch's hour is up)? Does
it say, in a line or two, how to build an assignment missing from its gradebook, and take the
gradebook's URL from wherever nbgrader takes it?

Real parts on loopback: a PostgreSQL server (``services.postgres_server``) holding the course's
gradebook, a ``dask scheduler`` and ``dask worker`` processes (``services.DaskCluster``); the command
is run as the instructor runs it. Each test grades a few Initialization submissions in a copy of one
built course and a copy of its database.
"""
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.desk import grading
from autograder.engine.cluster import CHECKSUM_FILE
from autograder.engine.cluster.template import cached_template_gradebook
from autograder.desk.submissions import meets
from conftest import built_course, copy_course, nbgrader_demos
from services import DaskCluster, database_copy, postgres_server

pytestmark = pytest.mark.slow
ASSIGNMENT = "initialization"
HANG_SECONDS = 900  # a command still running after this long is taken as hung (a guard, not a measure)
KILLER = Path(__file__).with_name("worker_killer.py")
COURSE = Path(sys.executable).parent / "course"  # the installed entry point


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server on loopback for this module; yields the URL of its database ``gradebook``."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def built(tmp_path_factory, postgres):
    """A course with Initialization built into the database ``gradebook`` (the template of each
    test's copy), and the workers' template gradebook made once in its cache (each copy takes it
    along; making it is tested in test_built_once.py and test_cluster.py): ``(course folder, URL)``."""
    course_dir = copy_course(tmp_path_factory.mktemp("faults-course"))
    os.environ[grading.DB_URL] = postgres
    try:
        grading.build([ASSIGNMENT], course_dir)
    finally:
        del os.environ[grading.DB_URL]
    cached_template_gradebook(course_dir, ASSIGNMENT)
    return course_dir, postgres


@pytest.fixture(scope="module")
def scheduler():
    """A scheduler with one worker, for the tests that do not harm it."""
    with DaskCluster(workers=1) as cluster:
        cluster.wait_for_workers(1)
        yield cluster


def fresh_course(built, folder):
    """A copy of the built course in ``folder`` and a copy of its database: ``(course folder, URL)``."""
    course_dir, url = built
    copy = Path(folder) / "course"
    shutil.copytree(course_dir, copy, symlinks=True)
    return copy, database_copy(url, f"gradebook_{uuid.uuid4().hex[:12]}")


def hand_in(course_dir, count):
    """Write ``count`` demo submissions to ``course_dir/handed-in/<student>/``; returns the folder and
    ``{student: expectation}``."""
    folder = course_dir / "handed-in"
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course_dir)
    expected = {}
    for demo in nbgrader_demos(ASSIGNMENT)[:count]:
        student = grading.demo_student_id(demo)
        (folder / student).mkdir(parents=True)
        nbformat.write(demo.notebook(release), str(folder / student / f"{ASSIGNMENT}.ipynb"))
        expected[student] = demo.expectation
    return folder, expected


def course(course_dir, *args, env=None):
    """Start ``course --course-dir COURSE_DIR ARGS`` as the instructor runs it."""
    env = {**os.environ, **(env or {})}
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    return subprocess.Popen([sys.executable, "-m", "autograder.desk.cli", "--course-dir", str(course_dir), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(run):
    """``(exit status, standard output, standard error)`` of ``run``; fails the test if it hangs."""
    try:
        out, err = run.communicate(timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        run.kill()
        out, err = run.communicate()
        pytest.fail(f"course grade still ran after {HANG_SECONDS} s (hung):\n{out}\n{err}")
    assert "Traceback" not in out + err, out + err
    return run.returncode, out, err


def written(course_dir):
    """How many results the command has written so far."""
    return len(list((course_dir / "autograded").glob(f"*/*/{CHECKSUM_FILE}")))


def assert_graded_once(url, expected):
    """Each student of ``expected`` has exactly one submission in the gradebook at ``url``, with the
    scores the demo should get."""
    with Gradebook(url) as gradebook:
        submissions = gradebook.assignment_submissions(ASSIGNMENT)
        assert sorted(s.student.id for s in submissions) == sorted(expected)
        for submission in submissions:
            grades = [g for n in submission.notebooks for g in n.grades]
            assert grades
            for grade in grades:
                exercise = grade.name.removeprefix("test_")
                assert meets(expected[submission.student.id](exercise), grade.score, grade.max_score), (
                    submission.student.id, exercise, grade.score)


@pytest.mark.parametrize("moment", ["broadcast", "mid-task", "between-tasks"])
def test_does_a_worker_killed_at_any_moment_cost_no_submission(built, tmp_path, moment):
    """One of two workers is killed with its nanny (``worker_killer``): while the assignment's bundle
    is copied to it, while it grades, or holding a result not fetched yet. The other grades the rest."""
    course_dir, url = fresh_course(built, tmp_path)
    submissions, expected = hand_in(course_dir, 3)
    log = tmp_path / "killed.log"
    env = {**os.environ, "WORKER_KILLER_AT": moment, "WORKER_KILLER_LOG": str(log)}
    with DaskCluster(workers=2, preload=KILLER, env=env) as cluster:
        cluster.wait_for_workers(2)
        status, out, err = finished(course(course_dir, "--db", url, "grade", ASSIGNMENT, "--submissions",
                                           str(submissions), "--cluster", cluster.address))
        survivors = [w for w in cluster.workers if w.poll() is None]
    assert log.read_text().startswith(f"{moment}: "), out + err  # the kill happened, at that moment
    assert len(survivors) == 1, "the killed worker came back or both died"
    assert status == 0, out + err
    assert f"graded {len(expected)}, unchanged since graded 0, failed 0" in out, out + err
    assert_graded_once(url, expected)


def test_is_an_assignment_missing_from_the_gradebook_answered_with_the_command_that_builds_it(built, tmp_path,
                                                                                             scheduler):
    course_dir, _ = fresh_course(built, tmp_path)
    empty = database_copy(built[1], f"empty_{uuid.uuid4().hex[:12]}", template="template0")
    submissions, _ = hand_in(course_dir, 1)
    status, out, err = finished(course(course_dir, "--db", empty, "grade", ASSIGNMENT, "--submissions",
                                       str(submissions), "--cluster", scheduler.address))
    assert status == 1 and not out, out + err
    lines = err.strip().splitlines()
    assert len(lines) <= 2 and "must be built into that gradebook first" in lines[0], err
    command = shlex.split(lines[-1])
    assert command == ["course", "--course-dir", str(course_dir), "--db", empty, "build", ASSIGNMENT], err
    subprocess.run([str(COURSE), *command[1:]], check=True, capture_output=True)  # the command given works
    os.environ[grading.DB_URL] = empty
    try:
        assert ASSIGNMENT in grading.gradebook_assignments(course_dir)
    finally:
        del os.environ[grading.DB_URL]


def test_does_grading_wait_for_a_scheduler_away_longer_than_30_s_and_go_on(built, tmp_path):
    """The scheduler and its worker are killed once a first result is written and started again 35 s
    later; ``--scheduler-wait 240`` lets the command wait, say so and grade the rest."""
    course_dir, url = fresh_course(built, tmp_path)
    submissions, expected = hand_in(course_dir, 2)
    with DaskCluster(workers=1) as cluster:
        cluster.wait_for_workers(1)
        run = course(course_dir, "--db", url, "grade", ASSIGNMENT, "--submissions", str(submissions),
                     "--cluster", cluster.address, "--scheduler-wait", "240")
        while written(course_dir) < 1 and run.poll() is None:
            time.sleep(0.1)
        for process in [cluster.scheduler, *cluster.workers]:
            cluster.kill(process)
        time.sleep(35)
        cluster.start_scheduler()
        cluster.start_worker()
        status, out, err = finished(run)
    assert "does not answer; waiting for it up to 240 s (--scheduler-wait)" in err, out + err
    assert re.search(r"the scheduler is back after \d+ s; grading goes on", err), out + err
    assert status == 0, out + err
    assert f"graded {len(expected)}, unchanged since graded 0, failed 0" in out, out + err
    assert_graded_once(url, expected)


def test_is_a_scheduler_away_past_the_wait_reported_in_a_line(built, tmp_path):
    course_dir, url = fresh_course(built, tmp_path)
    submissions, expected = hand_in(course_dir, 2)
    with DaskCluster(workers=1) as cluster:
        cluster.wait_for_workers(1)
        run = course(course_dir, "--db", url, "grade", ASSIGNMENT, "--submissions", str(submissions),
                     "--cluster", cluster.address, "--scheduler-wait", "3")
        while written(course_dir) < 1 and run.poll() is None:
            time.sleep(0.1)
        for process in [cluster.scheduler, *cluster.workers]:
            cluster.kill(process)
        status, out, err = finished(run)
    assert status == 1, out + err
    assert "waiting for it up to 3 s (--scheduler-wait)" in err, out + err
    assert "the scheduler went away and did not come back with workers within 3 s (--scheduler-wait)" in out, out
    assert "graded 1, unchanged since graded 0, failed 1" in out, out


def test_are_submissions_left_without_any_worker_reported_in_a_line_each(built, tmp_path):
    """The only worker is killed with its nanny once a first result is written, and nothing starts
    another: the command stops waiting after ``--scheduler-wait`` seconds without workers (not the
    batch's hour), lists each submission not graded with why, and exits 1."""
    course_dir, url = fresh_course(built, tmp_path)
    submissions, expected = hand_in(course_dir, 4)
    with DaskCluster(workers=1) as cluster:
        cluster.wait_for_workers(1)
        run = course(course_dir, "--db", url, "grade", ASSIGNMENT, "--submissions", str(submissions),
                     "--cluster", cluster.address, "--scheduler-wait", "5")
        while written(course_dir) < 1 and run.poll() is None:
            time.sleep(0.1)
        cluster.kill(cluster.workers[0])
        status, out, err = finished(run)
        assert cluster.scheduler.poll() is None, "the scheduler itself died"
    graded = written(course_dir)
    assert status == 1, out + err
    assert graded < len(expected), "every submission was graded before the worker died"
    assert f"graded {graded}, unchanged since graded 0, failed {len(expected) - graded}" in out, out + err
    reason = "the scheduler had no worker for 5 s (--scheduler-wait): they died and nothing restarted them"
    lines = [line for line in out.splitlines() if line.startswith("  ") and reason in line]
    assert len(lines) == len(expected) - graded, out
    assert f"{reason}; {len(expected) - graded} submission(s) not graded" in err, err
    assert_graded_once(url, {student: expected[student] for student in expected
                             if (course_dir / "autograded" / student / ASSIGNMENT / CHECKSUM_FILE).exists()})


def refuse_writes(url, refusing=True):
    """Make the database at ``url`` refuse (or take again) every new or changed grade, as a full disk
    or a lost right to write would: a trigger raising on nbgrader's ``grade`` table."""
    from sqlalchemy import create_engine, text

    statements = ([
        "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file: "
        "No space left on device'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON grade FOR EACH ROW EXECUTE FUNCTION refuse()",
    ] if refusing else ["DROP TRIGGER refuse ON grade", "DROP FUNCTION refuse"])
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_is_a_gradebook_refusing_writes_reported_in_a_line_and_nothing_lost(built, tmp_path, scheduler):
    """The database refuses the results (a disk full): the command says so in a line, exits 1 with no
    traceback, keeps no half-written result, and once the database takes writes again, the same
    command grades every submission."""
    course_dir, url = fresh_course(built, tmp_path)
    submissions, expected = hand_in(course_dir, 2)
    refuse_writes(url)
    command = ["--db", url, "grade", ASSIGNMENT, "--submissions", str(submissions), "--cluster", scheduler.address]
    status, out, err = finished(course(course_dir, *command))
    assert status == 1, out + err
    [line] = [line for line in err.splitlines() if line.startswith("course grade: ")]
    assert "the gradebook refused" in line and "No space left on device" in line, err
    assert "the others are graded again when the same command runs again" in line, err
    assert written(course_dir) == 0, "a result was recorded as graded while the gradebook refused it"
    with Gradebook(url) as gradebook:
        assert gradebook.assignment_submissions(ASSIGNMENT) == []
    refuse_writes(url, refusing=False)
    status, out, err = finished(course(course_dir, *command))
    assert status == 0 and f"graded {len(expected)}, unchanged since graded 0, failed 0" in out, out + err
    assert_graded_once(url, expected)


def configure(course_dir, way, url, folder):
    """Give the gradebook's URL ``url`` the way ``way`` names; returns ``(course options, environment)``.

    - ``--db``: on ``course``'s command line, over a course configuration naming another database
      (``decoy``, which must stay empty);
    - ``course config``: ``c.CourseDirectory.db_url`` in the course's nbgrader_config.py;
    - ``jupyter config``: in the nbgrader_config.py of a Jupyter configuration folder
      (``$JUPYTER_CONFIG_DIR``), the course's configuration setting none.
    """
    config = course_dir / "nbgrader_config.py"
    line = re.compile(r"^c\.CourseDirectory\.db_url = .*$", re.M)
    assert line.search(config.read_text())
    if way == "--db":
        decoy = database_copy(url, f"decoy_{uuid.uuid4().hex[:12]}", template="template0")
        config.write_text(line.sub(f"c.CourseDirectory.db_url = {decoy!r}", config.read_text()))
        return ["--db", url], {}, decoy
    if way == "course config":
        config.write_text(line.sub(f"c.CourseDirectory.db_url = {url!r}", config.read_text()))
        return [], {}, None
    config.write_text(line.sub("", config.read_text()))
    (folder / "jupyter").mkdir()
    (folder / "jupyter" / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.db_url = {url!r}\n")
    return [], {"JUPYTER_CONFIG_DIR": str(folder / "jupyter")}, None


@pytest.mark.parametrize("way,cluster", [("--db", "address"), ("course config", "address"),
                                         ("jupyter config", "address"), ("course config", "local:1")])
def test_is_the_gradebook_url_taken_from_wherever_nbgrader_takes_it(built, tmp_path, scheduler, way, cluster):
    """The template gradebook of the workers is never the instructor's database, and results go to
    the URL given, whichever way it is given."""
    course_dir, url = fresh_course(built, tmp_path)
    options, env, decoy = configure(course_dir, way, url, tmp_path)
    submissions, expected = hand_in(course_dir, 1)
    address = scheduler.address if cluster == "address" else cluster
    status, out, err = finished(course(course_dir, *options, "grade", ASSIGNMENT, "--submissions", str(submissions),
                                       "--cluster", address, env=env))
    assert status == 0, out + err
    assert f"graded {len(expected)}, unchanged since graded 0, failed 0" in out, out + err
    assert_graded_once(url, expected)
    assert not (course_dir / "gradebook.db").exists()
    if decoy:
        assert not tables(decoy), "the decoy database was written"


def tables(url):
    """The tables of the database at ``url``."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return inspect(connection).get_table_names()
    finally:
        engine.dispose()


def test_is_a_password_kept_off_the_nbgrader_command_line():
    """`course --db` gives nbgrader the URL on its command line (over the configuration files), which
    any local user can read: PostgreSQL's password goes in its driver's environment variable."""
    arguments, env = grading.url_for_nbgrader("postgresql+psycopg://grader:s3cret@db.example:5432/course")
    assert arguments == ["--CourseDirectory.db_url=postgresql+psycopg://grader@db.example:5432/course"]
    assert env == {"PGPASSWORD": "s3cret"}
    assert grading.url_for_nbgrader("mysql+pymysql://grader:s3cret@db.example/course") == ([], {})
    assert grading.url_for_nbgrader("sqlite:////srv/course/gradebook.db") == (
        ["--CourseDirectory.db_url=sqlite:////srv/course/gradebook.db"], {})


def test_is_a_password_in_the_course_configuration_kept_out_of_the_bundle(tmp_path):
    """A gradebook URL written with its password in nbgrader_config.py, as nbgrader documents it: the
    bundle every worker receives carries the configuration without it (a worker never needs it)."""
    from autograder.engine.cluster import Bundle, without_secrets

    course_dir = built_course(tmp_path / "course", ASSIGNMENT)
    url = "postgresql+psycopg://grader:s3cret!word@db.example:5432/course"
    config = course_dir / "nbgrader_config.py"
    config.write_text(config.read_text() + f"c.CourseDirectory.db_url = {url.replace('!', '%21')!r}\n"
                      f"c.Other.dsn = {url!r}\n")
    secrets = grading.database_passwords(url, "not a url", None)
    assert secrets == ["s3cret!word"]
    bundle = Bundle.of(course_dir, ASSIGNMENT, secrets=secrets)
    with zipfile.ZipFile(io.BytesIO(bundle.archive)) as archive:
        shipped = archive.read("nbgrader_config.py").decode()
        assert all(b"s3cret" not in archive.read(name) for name in archive.namelist())
    assert shipped.count("REDACTED") == 2 and "grader:REDACTED@db.example" in shipped
    plain = config.read_text()
    assert without_secrets(plain, ["course"]) == plain, "a common word as password changed the configuration"
    assert without_secrets("sqlite:///gradebook.db", ["gradebook"]) == "sqlite:///gradebook.db"

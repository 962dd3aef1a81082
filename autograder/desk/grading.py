"""Drive nbgrader for the course: build releases, place submissions, autograde, read scores.

Every step is a real nbgrader command run from the course directory; this module only chooses the
commands and reads the gradebook afterwards.
"""
import asyncio
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from autograder.course import demos_of, points_of
from autograder.desk import contents, solutions
from autograder.desk.export import EXPORTERS
from autograder.desk.submissions import read_notebook
from autograder.engine import links

def assignments(course_dir):
    """Assignment ids: the folders of ``source/`` that hold a notebook, in alphabetical order."""
    source = Path(course_dir) / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def notebook_names(assignment, course_dir):
    return sorted(p.stem for p in (Path(course_dir) / "source" / assignment).glob("*.ipynb"))


def exercises(assignment):
    """Graded function names of ``assignment``, in notebook order, with their points."""
    return dict(points_of(assignment))


class NbgraderError(RuntimeError):
    """An nbgrader command that ended with an error; its warnings and errors were printed."""


LOG_RECORD = re.compile(r"^\[\w+ \| (?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL)\] ")
NOISE = (
    re.compile(r"^\S+:\d+: SAWarning: "),  # SQLAlchemy on nbgrader's own session use: harmless
    re.compile(r"^\[\w+ \| ERROR\] Please see the the above traceback"),  # cut to its last line below
)


def worth_showing(log):
    """What an instructor needs of an nbgrader command's ``log``: nbgrader's warnings and errors (a
    traceback cut to its last line, the exception) and every line the course's grader writes (a
    sandbox layer this machine lacks, a link removed from a submission), without nbgrader's INFO
    records and SQLAlchemy's warnings about nbgrader's own session use."""
    records = []  # [first line, continuation lines...]: a continuation line is indented or blank
    for line in log.splitlines():
        if records and (not line.strip() or line[:1].isspace()):
            records[-1].append(line)
        elif line.strip():
            records.append([line])
    shown = []
    for first, *rest in records:
        record = LOG_RECORD.match(first)
        if (record and record["level"] in ("DEBUG", "INFO")) or any(n.match(first) for n in NOISE):
            continue
        if record and first[record.end():].startswith("Traceback (most recent call last)"):
            cause = [line.strip() for line in rest if line.strip()]
            shown.append(first[:record.end()] + (cause[-1] if cause else "an error"))
        else:
            shown += [first] + [line for line in rest if line.strip()]
    return "\n".join(shown)


def nbgrader(*args, course_dir, quiet=True, env=None):
    """Run one nbgrader command from the course directory and return its log; raise
    ``NbgraderError`` if it fails. ``quiet``: print only what ``worth_showing`` keeps of the log (a
    sandbox layer that is missing, say), else all of it. ``env``: variables set for it.

    The environment's ``bin/`` goes first on ``PATH``: nbgrader runs ``alembic`` from there.
    """
    env = {**os.environ, **(env or {})}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    given, secret = url_for_nbgrader(env[DB_URL]) if env.get(DB_URL) else ([], {})  # `course --db` wins
    env.update(secret)
    command = [sys.executable, "-m", "autograder.desk.nbgrader_command", *args, *given]
    result = subprocess.run(command, cwd=course_dir, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    shown = worth_showing(result.stdout) if quiet else result.stdout
    if shown.strip():
        print(shown.rstrip("\n"), flush=True)
    if result.returncode != 0:
        raise NbgraderError(f"`nbgrader {' '.join(args)}` failed with exit code {result.returncode}")
    return result.stdout


def url_for_nbgrader(url):
    """``(arguments, environment)`` that give nbgrader the gradebook at ``url`` over any ``db_url`` of
    its configuration files: on its command line, as its own ``--db``. Any local user can read a
    command line, so a password stays out of it: PostgreSQL's goes in ``PGPASSWORD``, which its
    driver reads; with another database's, the URL is left to the configuration
    (``nbgrader_config.py`` reads ``$COURSE_DB_URL``)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.password is None:
        return [f"--CourseDirectory.db_url={url}"], {}
    if parsed.get_backend_name() == "postgresql":
        bare = parsed._replace(password=None).render_as_string(hide_password=False)  # set() keeps a None
        return [f"--CourseDirectory.db_url={bare}"], {"PGPASSWORD": str(parsed.password)}
    return [], {}


def build(names, course_dir):
    """Write the table of contents and the solutions into the source notebooks, generate the student
    version of each assignment into ``assignments/`` and its solved version into ``solutions/``."""
    for assignment in names or assignments(course_dir):
        print(f"building assignments/{assignment}/ ...", flush=True)
        forget_demo_submissions(assignment, course_dir)
        contents.write_contents(assignment, course_dir)  # from the notebook's own headings
        solutions.fill_sources(assignment, course_dir)  # the reference bodies in the solution regions
        nbgrader("generate_assignment", assignment, "--force", course_dir=course_dir)
        solutions.write_solutions(assignment, course_dir)  # for release after the deadline


def forget_demo_submissions(assignment, course_dir):
    """Remove the demo students' submissions of ``assignment`` from the gradebook and the folders.

    nbgrader refuses to regenerate an assignment whose cells changed while it has submissions. Demo
    submissions are remade by every ``course demo``, so they must not block a build; the
    submissions of real students still do.
    """
    course_dir = Path(course_dir)
    students = [demo_student_id(demo) for demo in demos_of(assignment)]
    if gradebook_exists(gradebook_url(course_dir)):
        with Gradebook(gradebook_url(course_dir)) as gradebook:
            for student in students:
                try:
                    gradebook.remove_submission(assignment, student)
                except MissingEntry:
                    pass
    for folder in ("submitted", "autograded", "feedback"):
        for student in students:
            shutil.rmtree(course_dir / folder / student / assignment, ignore_errors=True)


DB_URL = "COURSE_DB_URL"  # the gradebook's URL, if not the course folder's SQLite file (nbgrader_config.py)


def gradebook_url(course_dir):
    """The gradebook's URL: ``$COURSE_DB_URL`` (``course --db``: PostgreSQL, say), else the one
    nbgrader's configuration gives (``configured_db_url``: ``gradebook.db`` in this course)."""
    return os.environ.get(DB_URL) or configured_db_url(course_dir)


class GradebookError(Exception):
    """A gradebook that cannot be read: an unreachable server, a file that is not a database."""


CONFIG_NAME = "nbgrader_config"


def configured_db_url(course_dir):
    """The gradebook URL that nbgrader, run in ``course_dir``, takes from its configuration files:
    ``c.CourseDirectory.db_url`` of the course's ``nbgrader_config.py`` (or ``.json``) over that of
    Jupyter's configuration folders (``~/.jupyter``, ``$JUPYTER_CONFIG_DIR``, ...), as nbgrader loads
    them; nbgrader's default, ``gradebook.db`` in the course, if none sets one. A relative SQLite path
    is taken from the course directory, where nbgrader runs. Raises ``GradebookError`` if a
    configuration file fails."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    merged = Config()
    for folder in [*reversed(jupyter_config_path()), str(course_dir)]:  # the last one wins
        for loader in (PyFileConfigLoader, JSONFileConfigLoader):
            name = CONFIG_NAME + (".py" if loader is PyFileConfigLoader else ".json")
            try:
                merged.merge(loader(name, path=folder).load_config())
            except ConfigFileNotFound:
                pass
            except Exception as error:  # the instructor's file: say which, in a line
                raise GradebookError(f"cannot read {Path(folder) / name}: {one_line(error)}") from None
    url = merged.CourseDirectory.get("db_url") or f"sqlite:///{course_dir / 'gradebook.db'}"
    return absolute_sqlite(str(url), course_dir)


def absolute_sqlite(url, folder):
    """``url`` with a relative SQLite path made absolute against ``folder``; other URLs as they are."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    if Path(parsed.database).is_absolute():
        return url
    return parsed.set(database=str(Path(folder) / parsed.database)).render_as_string(hide_password=False)


def gradebook_exists(url):
    """False for a SQLite gradebook whose file does not exist yet (nbgrader would create it), else True."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database).is_file()
    return True


def shown_url(url):
    """``url`` as it may be printed: without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def one_line(error):
    """The first line of what ``error`` says, the driver's own words for a database error."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def gradebook_assignments(course_dir, connect_seconds=5):
    """The names of the assignments in the gradebook, read without writing anything (nbgrader's
    ``Gradebook`` would create a missing database); ``None`` if the course's SQLite gradebook does not
    exist yet. Raises ``GradebookError`` with a one-line cause when the database cannot be read;
    a server gets ``connect_seconds`` to answer."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    url = make_url(gradebook_url(course_dir))
    if not gradebook_exists(url.render_as_string(hide_password=False)):
        return None
    connect_args = {"connect_timeout": max(int(connect_seconds), 1)} if url.get_backend_name() == "postgresql" else {}
    try:
        engine = create_engine(url, connect_args=connect_args)
        try:
            with engine.connect() as connection:
                if "assignment" not in inspect(connection).get_table_names():
                    return set()
                return {name for (name,) in connection.execute(text("SELECT name FROM assignment"))}
        finally:
            engine.dispose()
    except SQLAlchemyError as error:
        raise GradebookError(f"cannot read the gradebook at {shown_url(url)}: {one_line(error)}") from None


class ClusterError(Exception):
    """A Dask scheduler that cannot be reached."""


SCHEDULER_CONNECT_SECONDS = 5  # how long `course grade --cluster ADDRESS` waits for the scheduler to answer


def check_scheduler(address, seconds=SCHEDULER_CONNECT_SECONDS):
    """Raise ``ClusterError`` unless a Dask scheduler answers at ``address`` within ``seconds``: a
    first contact, before any work, that fails fast (the client's own timeout, which also bounds its
    reconnection to a restarted scheduler, is longer)."""
    from distributed.comm import connect

    async def contact():
        comm = await connect(address, timeout=seconds)
        await comm.close()

    try:
        asyncio.run(contact())
    except (OSError, ValueError, TypeError) as error:  # refused, timed out, unknown host; a malformed address
        raise ClusterError(f"no Dask scheduler answers at {address} within {seconds:g} s: {one_line(error)}") from None


class _NotComputeFailed(logging.Filter):
    def filter(self, record):
        return not str(record.msg).startswith("Compute Failed")


def quiet_local_worker():
    """Run on each worker process of a local cluster (``--jobs N``, ``--cluster local:N``), whose
    standard error is the instructor's terminal: no log of a failed task (the command lists each
    submission not graded, with why) and no SQLAlchemy warnings on nbgrader's own session use. The
    sandbox's warnings (a layer this machine lacks) still show."""
    import warnings

    from sqlalchemy.exc import SAWarning

    logger = logging.getLogger("distributed.worker")
    if not any(isinstance(f, _NotComputeFailed) for f in logger.filters):
        logger.addFilter(_NotComputeFailed())
    warnings.filterwarnings("ignore", category=SAWarning)


SCHEDULER_WAIT_SECONDS = 300  # how long `course grade --cluster ADDRESS` waits for a scheduler that went away,
#                               and any cluster for a worker when none is left


def autograde_on_cluster(assignment, cluster, course_dir, force=False, task_seconds=1800,
                         scheduler_wait=SCHEDULER_WAIT_SECONDS):
    """``course grade --cluster``: grade on ``cluster`` (``local[:N]``, N worker processes here, or a
    Dask scheduler's address), writing results into this course and its gradebook; returns the outcome.
    A scheduler that goes away is waited for up to ``scheduler_wait`` seconds (the Dask client's own
    reconnection, with backoff), and so is a worker when the scheduler has none left.

    No fixed cost that can be avoided: the cluster is started (or reached) and its workers warmed
    while the bundle is made, and the template gradebook is made once per source and release
    (``Bundle.of``)."""
    from concurrent.futures import ThreadPoolExecutor

    from traitlets.config.loader import PyFileConfigLoader

    from autograder.engine import cluster as dask_grading

    course_dir = Path(course_dir)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    local = cluster == "local" or cluster.startswith("local:")
    with ThreadPoolExecutor(1, thread_name_prefix="cluster-start") as pool:
        opening = pool.submit(open_cluster, cluster, scheduler_wait)
        try:
            bundle = dask_grading.Bundle.of(course_dir, assignment, config,
                                            secrets=database_passwords(gradebook_url(course_dir),
                                                                       config.CourseDirectory.get("db_url")))
        except BaseException:
            close_cluster(*opening.result())
            raise
        client, started = opening.result()
    try:
        return dask_grading.grade_on_cluster(client, course_dir, assignment, bundle, gradebook_url(course_dir),
                                             force, task_seconds=task_seconds,
                                             progress=dask_grading.progress_printer(), config=config,
                                             scheduler_wait=None if local else scheduler_wait,
                                             worker_wait=scheduler_wait)
    finally:
        close_cluster(client, started)


def database_passwords(*urls):
    """The passwords in the database ``urls`` (those that parse and have one)."""
    from sqlalchemy.engine import make_url

    found = []
    for url in filter(None, urls):
        try:
            password = make_url(str(url)).password
        except Exception:  # not a URL: it holds no password this command knows of
            continue
        if password:
            found.append(str(password))
    return found


def open_cluster(cluster, scheduler_wait=SCHEDULER_WAIT_SECONDS):
    """``(client, local cluster or None)``: a Dask client of ``cluster`` (``local[:N]``: a
    ``LocalCluster`` of N worker processes started here, else a scheduler's address), whose workers
    have loaded the grading code (``warm_worker``, on every worker at once)."""
    from distributed import Client

    from autograder.engine import cluster as dask_grading

    local = cluster == "local" or cluster.startswith("local:")
    workers = int(cluster.partition(":")[2] or os.cpu_count() or 1) if local else None
    started = dask_grading.local_cluster(workers) if local else None
    try:
        client = Client(started or cluster, timeout=f"{scheduler_wait}s")
        if local:
            client.run(quiet_local_worker)
        client.run(dask_grading.warm_worker)
    except BaseException:
        close_cluster(None, started)
        raise
    return client, started


def close_cluster(client, started):
    """Close the client, then the local cluster it started (if any)."""
    try:
        if client is not None:
            client.close()
    finally:
        if started is not None:
            started.close()


def release_notebook(assignment, name, course_dir):
    return read_notebook(Path(course_dir) / "assignments" / assignment / f"{name}.ipynb")


def demo_student_id(demo):
    return f"demo-{demo.student}"


def place_demo_submissions(assignment, course_dir, demos=None):
    """Write each of ``demos`` (every demo of ``assignment`` by default) to
    ``submitted/demo-<name>/<assignment>/``."""
    for demo in demos_of(assignment) if demos is None else demos:
        folder = Path(course_dir) / "submitted" / demo_student_id(demo) / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name in notebook_names(assignment, course_dir):
            notebook = demo.notebook(release_notebook(assignment, name, course_dir))
            nbformat.write(notebook, str(folder / f"{name}.ipynb"))


def place_submissions(assignment, folder, course_dir):
    """Copy ``folder/<student>/*.ipynb`` to ``submitted/<student>/<assignment>/``, reading each as a
    plain file: a link (unpacked from an archive, say) is left where it is, never followed (the
    grader runs as root). Returns ``[(path, why)]`` of what was left."""
    left = []
    for student_dir in sorted(Path(folder).iterdir()):
        if student_dir.is_symlink():
            left.append((student_dir, "a link to a folder, which the grader does not follow"))
        elif student_dir.is_dir():
            target = Path(course_dir) / "submitted" / student_dir.name / assignment
            for notebook in sorted(student_dir.glob("*.ipynb")):
                why = links.why_not_plain(notebook)
                if why:
                    left.append((notebook, why))
                    continue
                target.mkdir(parents=True, exist_ok=True)
                (target / notebook.name).write_bytes(links.read_plain(notebook))
    return left


class NotGraded(RuntimeError):
    """Submissions that grading on workers could not grade (the others were graded)."""


def autograde(assignment, course_dir, student=None, force=False, jobs=1):
    """``nbgrader autograde`` of the submissions not graded yet (every one with ``force``), or of
    one ``student``; ``jobs`` > 1 grades that many students at once, on a local Dask cluster of
    ``jobs`` worker processes (``autograde_on_cluster``)."""
    if jobs > 1 and student is None:
        outcome = autograde_on_cluster(assignment, f"local:{jobs}", course_dir, force)
        if outcome["failed"]:
            raise NotGraded(f"not graded: {outcome['failed']}")
        return
    args = ["autograde", assignment] + (["--force"] if force else []) + (["--student", student] if student else [])
    nbgrader(*args, course_dir=course_dir)


def submitted_students(assignment, course_dir):
    """The students with a folder ``submitted/<student>/<assignment>/``."""
    return sorted(p.parent.name for p in (Path(course_dir) / "submitted").glob(f"*/{assignment}") if p.is_dir())


def no_notebook(assignment, student, course_dir):
    """Why ``student``'s submission cannot be graded if it holds no notebook file, else None."""
    folder = Path(course_dir) / "submitted" / student / assignment
    if not any(p.is_file() for p in folder.glob("*.ipynb")):
        return f"no notebook (a .ipynb file) in submitted/{student}/{assignment}/"
    return None


def not_graded(assignment, course_dir):
    """``{student: why}`` of the submissions that ``nbgrader autograde`` left without an
    ``autograded/<student>/<assignment>/`` folder (it removes the folder of one it failed on)."""
    left = {}
    for student in submitted_students(assignment, course_dir):
        if not (Path(course_dir) / "autograded" / student / assignment).is_dir():
            left[student] = (no_notebook(assignment, student, course_dir)
                             or "nbgrader could not grade it (its error is above)")
    return left


def export(format, to, assignments, course_dir):
    """``nbgrader export`` with the course's exporter of ``format`` (``autograder.desk.export.EXPORTERS``);
    returns the path written."""
    exporter = EXPORTERS[format]
    path = Path(to or Path(course_dir) / exporter.default_file).resolve()
    args = ["export", f"--exporter={exporter.__module__}.{exporter.__name__}", f"--to={path}"]
    args += [f"--assignment={assignment}" for assignment in assignments]
    nbgrader(*args, course_dir=course_dir)
    return path


def scores(assignment, course_dir):
    """``{student: {exercise: (score, max_score)}}`` from the gradebook."""
    table = {}
    with Gradebook(gradebook_url(course_dir)) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            row = table.setdefault(submission.student.id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.name.startswith("test_"):
                        row[grade.name[len("test_"):]] = (grade.score, grade.max_score)
    return table

"""The course as a worker reads it: nbgrader's configuration and folders, and the template gradebook.

A worker grades into a template gradebook: a SQLite file holding the assignment alone, made by
nbgrader's own ``generate_assignment`` from a copy of the course's configuration and source, once per
release (``cached_template_gradebook``). Folder names (source, release, submitted, autograded) are
nbgrader's ``CourseDirectory``'s, as the course's configuration sets them.
"""
import atexit
import copy
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CONFIG_FILE = "nbgrader_config.py"
IGNORED = (".ipynb_checkpoints", "__pycache__")
CACHE = ".course-cache/template-gradebooks"  # in the course folder (git-ignored)


class TemplateError(Exception):
    """nbgrader could not make the template gradebook (the assignment's source fails to build)."""


def course_config(course_dir):
    """The course's nbgrader configuration (its ``nbgrader_config.py``), as a worker loads it."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(CONFIG_FILE, path=str(course_dir)).load_config()


def course_directory(course_dir, config=None, db_url=None):
    """nbgrader's ``CourseDirectory`` of ``course_dir`` (its folders' names from ``config``, the
    course's configuration by default), rooted there; ``db_url`` over the configured one."""
    from nbgrader.coursedir import CourseDirectory

    config = copy.deepcopy(config or course_config(course_dir))  # the caller's is left as it was
    config.CourseDirectory.root = str(Path(course_dir).resolve())
    if db_url:
        config.CourseDirectory.db_url = db_url
    return CourseDirectory(config=config)


def folder(coursedir, step, assignment, student="."):
    """``<root>/<step's folder>/<student>/<assignment>`` as nbgrader names it (``step``: "source",
    "release", "submitted", "autograded", "feedback")."""
    return Path(coursedir.format_path(getattr(coursedir, f"{step}_directory"), student, assignment))


def step_folder(coursedir, step):
    """The folder of nbgrader's ``step`` ("submitted", "autograded", ...), every student's inside."""
    return Path(coursedir.root) / getattr(coursedir, f"{step}_directory")


def template_inputs(course_dir, assignment, config=None):
    """The files a template gradebook is made from: the configuration, the files beside the
    assignments in the source folder (a header notebook, say) and the assignment's source folder."""
    coursedir = course_directory(course_dir, config)
    source = folder(coursedir, "source", assignment).parent
    files = [Path(course_dir).resolve() / CONFIG_FILE]
    files += sorted(p for p in source.iterdir() if p.is_file()) if source.is_dir() else []
    files += _files(folder(coursedir, "source", assignment))
    return files


def _files(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file() and not set(p.parts) & set(IGNORED))


def template_gradebook(course_dir, assignment, into, config=None):
    """A SQLite gradebook in the folder ``into`` holding ``assignment`` alone, made by nbgrader's
    ``generate_assignment`` from a copy of the course's configuration and source there (nbgrader run
    in that folder, as an instructor runs it: the configuration's paths are relative to it)."""
    course_dir, into = Path(course_dir).resolve(), Path(into)
    for path in template_inputs(course_dir, assignment, config):
        copied = into / path.relative_to(course_dir)
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copied)
    database = into / "gradebook.db"
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    # the template's database on nbgrader's command line: over any db_url of the configuration files,
    # which name the instructor's real gradebook
    result = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
                             f"--CourseDirectory.db_url=sqlite:///{database}"],
                            cwd=into, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0 or not database.is_file():
        raise TemplateError(f"nbgrader could not build {assignment} for the workers: {_cause(result.stdout)}")
    return database


RAISED = re.compile(r"^\s*(?:[\w]+\.)*(?P<error>\w+(?:Error|Exception)): (?P<message>.*)$")


def _cause(log):
    """The error nbgrader's log ends on (``NotJSONError: ...``, the last one its tracebacks raised), or
    its first error line, or its last line."""
    lines = [line.strip() for line in log.splitlines() if line.strip()] or ["(no output)"]
    raised = [RAISED.match(line) for line in lines]
    found = [f"{m['error']}: {m['message']}" for m in raised if m]
    said = found[-1] if found else next((line for line in lines if "ERROR" in line), lines[-1])
    return said[:300]


def template_key(course_dir, assignment, config=None):
    """A digest of everything the template gradebook of ``assignment`` is made from: nbgrader's
    version, the template's inputs (``template_inputs``) and the assignment's release folder (a new
    release, a new template)."""
    import nbgrader

    course_dir = Path(course_dir).resolve()
    digest = hashlib.sha256(f"nbgrader {nbgrader.__version__}\0".encode())
    release = folder(course_directory(course_dir, config), "release", assignment)
    for path in template_inputs(course_dir, assignment, config) + _files(release):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(course_dir)}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def cached_template_gradebook(course_dir, assignment, config=None):
    """The template gradebook of ``assignment`` (``template_gradebook``), made once per
    ``template_key``: kept in the course's ``.course-cache/``, made again when the source, the
    configuration, nbgrader or the release changes. A course folder that cannot hold the cache gets
    a new template each time, in a temporary folder removed when the process ends."""
    course_dir = Path(course_dir).resolve()
    config = config or course_config(course_dir)  # loaded once (loading runs the course's configuration file)
    key = template_key(course_dir, assignment, config)
    cache = course_dir / CACHE
    cached = cache / f"{assignment}-{key[:32]}.db"
    if cached.is_file():
        return cached
    try:
        cache.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{assignment}-", dir=cache))
    except OSError:  # a read-only course folder
        building = Path(tempfile.mkdtemp(prefix=f"template-{assignment}-"))
        atexit.register(shutil.rmtree, building, True)
        return template_gradebook(course_dir, assignment, building, config)
    try:
        os.replace(template_gradebook(course_dir, assignment, building, config), cached)  # atomic: never half a file
    finally:
        shutil.rmtree(building, ignore_errors=True)
    for older in cache.glob(f"{assignment}-*.db"):
        if older != cached:
            older.unlink(missing_ok=True)
    return cached

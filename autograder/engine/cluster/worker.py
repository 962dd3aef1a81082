"""The worker side: a warm course folder per bundle, nbgrader loaded once, one submission a task."""
import atexit
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from autograder.engine.cluster.template import course_config, course_directory, folder, step_folder


_courses = {}  # bundle key -> the warm course folder of this worker process


def grade_submission(bundle, submission, task_seconds=None):
    """Grade one submission with nbgrader's autograde, in this worker's warm course folder.

    Returns ``{"student", "checksum", "timestamp", "files": {name: bytes}}``: the autograded folder's
    files (and the submission's timestamp, as the client read it). The grades are not saved here: the
    configuration's saving steps run once, in the client's writer, for the batch
    (``gradebook_writer.saving_steps``).
    Raises ``RuntimeError`` with nbgrader's log if nbgrader fails, ``TimeoutError`` if grading took
    more than ``task_seconds`` (its kernel is stopped then).
    """
    from autograder.engine.sandbox import TaskTimeLimit, task_time_limit

    course = _course(bundle)
    api = _api(course)
    target = folder(api.coursedir, "submitted", submission.assignment, submission.student)
    graded = folder(api.coursedir, "autograded", submission.assignment, submission.student)
    for step in ("submitted", "autograded"):  # the last task's student
        shutil.rmtree(step_folder(api.coursedir, step), ignore_errors=True)
    shutil.copyfile(course / "template-gradebook.db", course / "gradebook.db")
    target.mkdir(parents=True)
    for name, data in submission.files.items():
        (target / Path(name).name).write_bytes(data)
    if submission.timestamp:
        (target / "timestamp.txt").write_text(submission.timestamp)
    with task_time_limit(task_seconds or float("inf")):
        result = api.autograde(submission.assignment, submission.student, force=True, create=True)
    if TaskTimeLimit.__name__ in (result.get("error") or ""):
        raise TimeoutError(f"grading {submission.student} took more than the task's limit of {task_seconds:g} s; "
                           "it was stopped")
    if not result.get("success") or not graded.is_dir():
        raise RuntimeError(f"nbgrader could not grade {submission.student}: "
                           f"{(result.get('error') or result.get('log') or '')[-2000:]}")
    files = {str(p.relative_to(graded)): p.read_bytes() for p in sorted(graded.rglob("*")) if p.is_file()}
    return {"student": submission.student, "checksum": submission.checksum, "timestamp": submission.timestamp,
            "files": files}


def _course(bundle):
    if bundle.key not in _courses:
        course = Path(tempfile.mkdtemp(prefix="cluster-course-"))
        with zipfile.ZipFile(io.BytesIO(bundle.archive)) as archive:
            archive.extractall(course)
        (course / "gradebook.db").rename(course / "template-gradebook.db")
        atexit.register(shutil.rmtree, course, True)  # when the worker process ends
        _courses[bundle.key] = course
    return _courses[bundle.key]


def warm_worker():
    """Load what grading loads (nbgrader's autograde, the engine, Jupyter's kernel client) into this
    worker process, so that its first task does not: run on every worker while the client makes the
    bundle."""
    import nbgrader.apps  # noqa: F401
    import nbgrader.converters.autograde  # noqa: F401

    import autograder.engine.configuration  # noqa: F401


_apis = {}


def _api(course):
    """nbgrader's API on ``course``, its configuration loaded once per worker process: the course's,
    with the gradebook the worker's own and its autograde without the saving steps (the client's
    writer saves each result's grades once, for the batch)."""
    if course not in _apis:
        from nbgrader.apps import NbGraderAPI

        from autograder.engine.gradebook_writer import without_saving_steps

        config = course_config(course)
        config.Autograde.autograde_preprocessors = without_saving_steps(config)
        coursedir = course_directory(course, config, db_url=f"sqlite:///{course / 'gradebook.db'}")
        _apis[course] = NbGraderAPI(coursedir, config=coursedir.config)
    return _apis[course]

"""Shared fixtures: course copies in temporary folders, executed notebooks, graded demo batches."""
import atexit
import contextlib
import hashlib
import importlib
import inspect
import io
import json
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from autograder.desk import grading
from autograder.course import evaluate, points_of
from autograder.course import demos_of
from autograder.course.demo import graded_cell

REPOSITORY = Path(__file__).resolve().parent.parent
ASSIGNMENTS = grading.assignments(REPOSITORY)
SHARED = REPOSITORY.parent / "shared"


def copy_course(destination):
    """A fresh nbgrader course directory: the repository's source/ and nbgrader_config.py."""
    destination = Path(destination)
    shutil.copytree(REPOSITORY / "source", destination / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy2(REPOSITORY / "nbgrader_config.py", destination / "nbgrader_config.py")
    return destination


_built = {}  # assignment -> a course folder where it was built


def built_course(destination, assignment):
    """A fresh course directory (``copy_course``) with ``assignment`` built: a copy of one built once a
    session (a build is `nbgrader generate_assignment`, 5 to 15 s). Returns ``destination``."""
    if assignment not in _built:
        template = Path(tempfile.mkdtemp(prefix=f"built-{assignment}-"))
        atexit.register(shutil.rmtree, template, ignore_errors=True)
        grading.build([assignment], copy_course(template))
        _built[assignment] = template
    shutil.copytree(_built[assignment], destination, symlinks=True, dirs_exist_ok=True)
    return Path(destination)


def reproduces(arrays, committed):
    """The builder's ``arrays`` are the committed data file's ``committed`` (``{key: array}``): the same
    keys, dtypes and shapes; integers (labels, pixels) exactly, floats within a few units of their last
    place, which depend on the processor (numpy's SIMD sin/cos, the BLAS kernel). Returns the keys that
    differ."""
    def same(a, b):
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if np.issubdtype(a.dtype, np.floating):
            return np.allclose(a, b, rtol=1e-12, atol=1e-12)
        return np.array_equal(a, b)
    return sorted(set(arrays) ^ set(committed)) + [k for k in sorted(set(arrays) & set(committed))
                                                   if not same(np.asarray(arrays[k]), np.asarray(committed[k]))]


def execute(notebook, cwd, timeout=600, kernel_name="python3", env=None):
    """Execute ``notebook`` in place with a real kernel; cell errors are kept as outputs.

    ``env``, if given, is the whole environment of the kernel process.
    """
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel_name, allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    return client.execute(**({"env": env} if env is not None else {}))


def error_outputs(notebook):
    """``[(cell index, ename, evalue)]`` of every error output in the notebook."""
    return [(i, out.ename, out.evalue) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if out.output_type == "error"]


def text_output(cell):
    return "".join(out.get("text", "") for out in cell.get("outputs", []) if out.output_type == "stream")


FIGURE_FOLDER = Path(__file__).parent / "artifacts" / "figures"  # git-ignored
FIGURES = {}  # {assignment: [{"png": file name, "problems": [...]}, ...]}: filled by run_source_notebook


def json_cell(expression):
    return nbformat.v4.new_code_cell("import json as _json\nprint(_json.dumps(" + expression + "))")


def run_source_notebook(assignment, probe):
    """Execute the instructor notebook top to bottom, then ``probe`` (code printing one JSON value).

    Every figure the notebook displays is saved as ``FIGURE_FOLDER/<assignment>/NN-<title>.png`` and
    inspected (``figure_probe.py``, run first in the same kernel); the findings go to ``FIGURES``.
    Returns ``(executed notebook without the added cells, the probe's value)``.
    """
    folder = REPOSITORY / "source" / assignment
    [path] = [p for p in folder.glob("*.ipynb")]
    notebook = nbformat.read(str(path), as_version=4)
    figures = FIGURE_FOLDER / assignment
    shutil.rmtree(figures, ignore_errors=True)
    setup = (f"_figure_probe = {{}}\n"
             f"exec(open({str(Path(__file__).parent / 'figure_probe.py')!r}).read(), _figure_probe)\n"
             f"_figure_probe['install']({str(figures)!r})")
    notebook.cells.insert(0, nbformat.v4.new_code_cell(setup))
    notebook.cells += [json_cell(probe), json_cell("_figure_probe['FIGURE_REPORT']")]
    execute(notebook, folder)
    FIGURES[assignment] = json.loads(text_output(notebook.cells.pop()).strip().splitlines()[-1])
    value = json.loads(text_output(notebook.cells.pop()).strip().splitlines()[-1])
    notebook.cells.pop(0)
    return notebook, value


def figure_problems(assignment):
    """``{png file: [problem, ...]}`` of the figures of ``assignment``'s source notebook (run once)."""
    if assignment not in FIGURES:
        run_source_notebook(assignment, "None")
    assert FIGURES[assignment], f"{assignment} displayed no figure"
    return {figure["png"]: figure["problems"] for figure in FIGURES[assignment] if figure["problems"]}


def answers_namespace(assignment, answers):
    """The graded functions of ``assignment`` defined from ``answers`` (a stub where none is given),
    in a namespace like the student notebook's: the release's ``imports`` cell ran in it first."""
    [name] = grading.notebook_names(assignment, REPOSITORY)[:1]
    release = grading.release_notebook(assignment, name, REPOSITORY)
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(graded_cell(release, "imports").source, namespace)
    reference = importlib.import_module(f"autograder.course.{assignment}.reference")
    for exercise in points_of(assignment):
        signature = inspect.signature(getattr(reference, exercise))
        body = answers.get(exercise) or "raise NotImplementedError()"
        exec(f"def {exercise}{signature}:\n" + textwrap.indent(body, "    "), namespace)
    return namespace


_namespaces = {}
EVALUATIONS = []  # [folder] where evaluate_answers keeps its results for every worker of this run


@pytest.fixture(scope="session", autouse=True)
def shared_evaluations(tmp_path_factory):
    """The folder of ``evaluate_answers``'s results: one for the whole run, which every xdist worker
    shares (the parent of a worker's temporary folder), made afresh each run."""
    root = tmp_path_factory.getbasetemp()
    folder = (root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root) / "evaluations"
    folder.mkdir(exist_ok=True)
    EVALUATIONS[:] = [folder]


def evaluate_answers(assignment, answers, exercise, seed):
    """``evaluate`` of ``exercise`` as defined by ``answers`` (one ``answers_namespace`` for the same
    answers): ``(earned, max points, messages)``, computed once a run for the same answers, exercise
    and seed, whichever worker asks first. test_demos.py, test_mistakes.py and test_tensorflow_signs.py
    grade the same mistakes, and the checks of TensorFlow's model train."""
    answers_key = (assignment, tuple(sorted(answers.items())))
    digest = hashlib.sha256(repr(answers_key + (exercise, seed)).encode()).hexdigest()
    path = EVALUATIONS[0] / f"{assignment}-{exercise}-{seed}-{digest[:24]}.json" if EVALUATIONS else None
    if path is not None and path.exists():
        earned, max_points, messages = json.loads(path.read_text())
        return earned, max_points, messages
    if answers_key not in _namespaces:
        _namespaces[answers_key] = answers_namespace(assignment, answers)
    earned, max_points, messages = evaluate(assignment, exercise, _namespaces[answers_key][exercise], seed)
    result = (float(earned), max_points, [str(m) for m in messages])
    if path is not None:  # written whole, then named: a worker never reads half a result
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(result))
        partial.replace(path)
    return result


def nbgrader_demos(assignment):
    """The demos graded through real nbgrader: correct, untouched and the first one with a bug.

    Every demo is also graded in-process by the same hidden checks (``test_demos.py``)."""
    demos = demos_of(assignment)
    first_bug = next(d for d in demos if d.student not in ("correct", "untouched") and (d.partial or d.zero))
    return [d for d in demos if d.student in ("correct", "untouched")] + [first_bug]


class GradedBatch:
    """Demo submissions of one assignment, graded by real nbgrader in a temporary course.

    ``jobs`` > 1 grades them through ``course grade --jobs``; ``output`` is what grading printed."""

    def __init__(self, assignment, course_dir, demos, jobs=1):
        self.assignment = assignment
        self.course_dir = course_dir
        self.demos = demos
        built_course(course_dir, assignment)
        grading.place_demo_submissions(assignment, course_dir, demos)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            grading.autograde(assignment, course_dir, jobs=jobs)
        self.output = printed.getvalue()
        self.scores = grading.scores(assignment, course_dir)

    def autograded_notebook(self, student):
        folder = self.course_dir / "autograded" / student / self.assignment
        return [nbformat.read(str(p), as_version=4) for p in sorted(folder.glob("*.ipynb"))]


MISTAKE_TABLE = []  # (mistake, public message, hidden points lost): what test_mistakes.py records


def pytest_runtest_logreport(report):
    """Collect the rows test_mistakes.py records (``record_property("mistake", row)``): the reports
    reach this process from every xdist worker."""
    if report.when == "call":
        MISTAKE_TABLE.extend(tuple(row) for name, row in report.user_properties if name == "mistake")


def pytest_terminal_summary(terminalreporter):
    """The catalogue of typical mistakes: what the public check says, what the hidden check takes."""
    if MISTAKE_TABLE:
        terminalreporter.section("typical mistakes: public message, hidden points lost")
        for name, public, lost in sorted(MISTAKE_TABLE):
            terminalreporter.write_line(f"{name:50} {lost:>14}  {public.splitlines()[-1]}")


_batches = {}
PARALLEL_ASSIGNMENT = "initialization"


@pytest.fixture(scope="session")
def graded_batch(tmp_path_factory):
    """``graded_batch(assignment)``: the ``nbgrader_demos`` of an assignment graded by real nbgrader,
    once a session; Initialization's two students at a time (the parallel path)."""
    def get(assignment):
        if assignment not in _batches:
            course_dir = tmp_path_factory.mktemp(f"course-{assignment}")
            jobs = 2 if assignment == PARALLEL_ASSIGNMENT else 1
            _batches[assignment] = GradedBatch(assignment, course_dir, nbgrader_demos(assignment), jobs)
        return _batches[assignment]
    return get


# The suite runs on every core (pytest-xdist, ``--dist loadfile``, see pyproject.toml): each test file
# runs whole on one worker, so that its module fixtures (a graded batch, a server, a notebook's run
# with its figures) are made once. (``--dist loadgroup`` would also keep an assignment's tests of
# several files together, but pytest 9.2 ignores the group xdist 3.8 writes into a test's id.)
# The longest files (about 50 to 300 s each here) start first, so that no worker ends alone on one.
LONGEST_FIRST = ["test_grading", "test_cluster_faults", "test_hostile_grading", "test_tensorflow_signs",
                 "test_cluster", "test_mistakes", "test_colab_setup", "test_concurrent_isolation", "test_cli_errors",
                 "test_browser"]


def pytest_collection_modifyitems(items):
    """The longest files first, each file's tests in their order."""
    rank = {stem: i for i, stem in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one worker a core this process may use, at most four (each holds TensorFlow and
    grades with its own kernels)."""
    return min(len(os.sched_getaffinity(0)), 4)

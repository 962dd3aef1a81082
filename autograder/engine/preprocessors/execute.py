"""Execute a notebook in a sandboxed kernel and grade its test cells with the trusted checker."""
import copy
import hashlib
import importlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Dict, List, Unicode

from autograder.engine.cells import grade_id
from autograder.engine.checks import evaluate, report
from autograder.engine.links import is_plain
from autograder.engine.remote import KernelSession, RemoteFunction
from autograder.engine.sandbox import Execution, Limits, SandboxedKernel, available_layers, scratch_folder
from autograder.engine.sandbox.slots import alone, grading_slot
from autograder.engine.sanitize import clean_outputs
from autograder.engine.summary import ExerciseResult, GradingSummary

log = logging.getLogger("autograder.engine.preprocessors")


class SandboxedExecute(NbGraderPreprocessor):
    """Execute a notebook in a sandboxed kernel; grade its test cells with the trusted checker.

    The engine knows no course: ``checks_module`` names the course's hidden checks (the module of
    an assignment, ``{assignment}`` standing for its name, see ``autograder.engine.checks``),
    ``student_packages`` the packages its notebooks import from the grader's environment (made
    readable in the sandbox), and ``limits`` overrides fields of ``autograder.engine.sandbox.Limits``.
    """

    checks_module = Unicode(help="module of an assignment's hidden checks, {assignment} standing for the "
                            "assignment's name (mycourse_checks.{assignment})").tag(config=True)
    student_packages = List(Unicode(), help="packages the student's kernel imports from the grader's "
                            "environment").tag(config=True)
    limits = Dict(help="Limits fields to override (see autograder.engine.sandbox.Limits)").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        checks = importlib.import_module(self.checks_module.format(assignment=info["assignment"]))
        grader = Grader(checks, info["assignment"], info["student"], Limits(**self.limits),
                        tuple(self.student_packages),
                        student_files(Path(resources.get("metadata", {}).get("path") or ".")),
                        answers_digest(nb))
        cells = copy.deepcopy(nb.cells)
        with grading_slot() as slot:
            summary, contended = grader.grade(nb, slot)
        if contended:  # its time may have gone to other kernels: the result is not final yet
            nb.cells = cells
            with alone() as slot:
                summary, _ = grader.grade(nb, slot)
            summary.incidents.append("a time limit ran out while other submissions were being graded, so "
                                        "the notebook was graded again alone; this is that grading")
        summary.sandbox_layers = available_layers()
        summary.restored = (GradingSummary.of(nb) or GradingSummary()).restored
        summary.write(nb)
        return nb, resources


@dataclass(frozen=True)
class Grader:
    """What grading one submission needs: the assignment's checks module, who the student is, the
    kernel's limits, the packages it may import, and the files submitted beside the notebook."""

    checks: object
    assignment: str
    student: str
    limits: Limits
    packages: tuple = ()
    files: tuple = ()
    answers: str = ""  # answers_digest of the notebook: a new submission gets new hidden inputs

    def grade(self, nb, slot):
        """Run and grade ``nb`` in a new sandboxed kernel of ``slot``: ``(summary, contended)``."""
        with scratch_folder() as scratch:
            kernel = SandboxedKernel(scratch, self.limits, slot=slot, files=self.files, packages=self.packages)
            try:
                kernel.start()
                summary = run_notebook(nb, KernelSession(kernel), self)
            finally:
                kernel.stop()
        return summary, kernel.contended


def student_files(source):
    """The files the student submitted beside the notebook (data files): regular files only."""
    return tuple(path for path in (source.iterdir() if source.is_dir() else [])
                 if is_plain(path) and path.suffix != ".ipynb")


def run_notebook(nb, session, grader):
    """Run every code cell in order; grade each test cell when it comes. Returns the
    ``GradingSummary`` (its exercises and incidents)."""
    limits = grader.limits
    started = time.monotonic()
    summary = GradingSummary()
    execution_count = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_grade(cell):
            grade_test_cell(cell, session, grader, summary)
            continue
        elapsed = time.monotonic() - started
        if elapsed >= limits.notebook_seconds:
            cell.outputs = [_note(f"Not run: the notebook used up its {limits.notebook_seconds:g} s.")]
            continue
        timeout = min(limits.cell_seconds, limits.notebook_seconds - elapsed)
        try:
            execution = session.run_cell(cell.source, timeout)
        except Exception as error:  # a fault of the grader on one cell must not cost the others
            log.exception("running cell %d failed", index + 1)
            execution = Execution([], "died", f"the grader failed to run this cell ({type(error).__name__})")
        execution_count += 1
        cell.execution_count = execution_count
        cell.outputs = clean_outputs(execution.outputs)
        if execution.truncated:
            cell.outputs.append(_note("Output truncated: the cell printed more than the grader keeps."))
        where = f"cell {index + 1}" + (f" ({grade_id(cell)})" if grade_id(cell) else "")
        if execution.status in ("timeout", "died"):
            summary.incidents.append(f"{where}: {execution.message}")
            cell.outputs.append(new_output("error", ename="GraderStop", evalue=execution.message,
                                           traceback=[f"GraderStop: {execution.message}"]))
        limit = limit_reached(execution.outputs, limits)
        if limit:
            summary.incidents.append(f"{where}: {limit}")
    summary.incidents.extend(session.incidents)
    return summary


def limit_reached(outputs, limits):
    """The sandbox limit that a cell's error says it ran into, in words, or None."""
    for output in outputs:
        if output.get("output_type") != "error":
            continue
        if str(output.get("ename", "")).endswith("MemoryError"):  # numpy's is _ArrayMemoryError
            return f"ran out of memory (the limit of a kernel is {limits.memory_bytes / 2**30:g} GiB)"
        if output.get("ename") == "BlockingIOError" and "Resource temporarily unavailable" in output.get("evalue", ""):
            return f"could not start another process (the limit of a kernel is {limits.processes})"
        if "No space left on device" in output.get("evalue", ""):
            return f"filled its temporary space (/tmp of a kernel holds {limits.tmp_bytes / 2**20:g} MiB)"
        if "File too large" in output.get("evalue", ""):
            return f"wrote a file over the limit of {limits.file_bytes / 2**20:g} MiB"
    return None


def answers_digest(nb):
    """A digest of what the student wrote in ``nb`` (the rebuilt notebook: every cell's type and
    source, outputs aside)."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        digest.update(f"{cell.get('cell_type')}\0{len(source)}\0{source}".encode())
    return digest.hexdigest()


def check_seed(assignment, student, exercise, answers=""):
    """The seed of an exercise's hidden-check inputs for one submission: the same at every re-grading
    of the same ``answers`` (``answers_digest``), so the same submission always gets the same
    feedback; new for a new submission, so that inputs read from one feedback (a function that prints
    its arguments) are not those of the next."""
    key = f"{assignment}/{student}/{answers}/{exercise}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def grade_test_cell(cell, session, grader, summary):
    """Replace a test cell's outputs with the trusted checker's verdict."""
    exercise = grade_id(cell).removeprefix("test_")
    max_points = float(cell.metadata["nbgrader"]["points"])
    try:
        earned, _, messages = evaluate(grader.checks, exercise, RemoteFunction(session, exercise),
                                       check_seed(grader.assignment, grader.student, exercise, grader.answers))
    except Exception as error:  # a fault of the checker must not stop the batch; it is logged
        log.exception("the check of %s failed", exercise)
        earned, messages = 0.0, [f"the grader could not check {exercise} ({type(error).__name__}); "
                                 "your instructor has been told"]
    earned = min(max(float(earned), 0.0), max_points)
    summary.exercises[exercise] = ExerciseResult(earned, max_points, messages)
    text = report(exercise, earned, max_points, messages)
    text += "(Checked by the course's grader in a separate process; this cell's code was not run in your kernel.)\n"
    cell.outputs = [new_output("stream", name="stdout", text=text),
                    new_output("execute_result", data={"text/plain": repr(earned)}, execution_count=None)]


def _note(text):
    return new_output("stream", name="stdout", text=f"[grader] {text}\n")

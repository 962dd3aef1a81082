"""nbgrader preprocessors that grade untrusted notebooks safely.

``nbgrader_config.py`` puts them in place of nbgrader's own, so plain ``nbgrader autograde``
gets every guarantee:

- ``RebuildFromRelease`` (sanitizing): the notebook to grade is the release notebook, cell for
  cell, with only the student's answers (solution cells, matched by grade id) and the cells the
  student added (metadata stripped, kept after the release cell they followed; markdown and its
  pictures cleaned for the pages, ``autograder.engine.sanitize``). Deleted, edited, duplicated or
  re-typed locked and test cells are thereby restored, and a student cannot add a graded cell.
- ``SandboxedExecute`` (grading): runs the code cells in a sandboxed kernel (``autograder.engine.sandbox``)
  with time, memory, process and output limits, recovering from hangs and crashes. A test cell is
  not run in that kernel: the trusted checker calls the student's function through
  ``autograder.engine.remote`` and writes the cell's outputs itself (the messages, and the points as the
  cell's value, which nbgrader records as partial credit). Every output is cleaned for the pages
  that show it (``autograder.engine.sanitize.clean_outputs``).
"""
import copy
import fcntl
import hashlib
import importlib
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbformat.v4 import new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Dict, List, Unicode

from autograder.engine.checks import evaluate, report
from autograder.engine.links import is_plain, printable, remove_links, why_not_plain
from autograder.engine.remote import KernelSession, RemoteFunction
from autograder.engine.sandbox import Execution, Limits, SandboxedKernel, available_layers, scratch_folder
from autograder.engine.sanitize import MAX_ATTACHMENT_CHARS, clean_attachments, clean_markdown, clean_outputs, text
from autograder.engine.slots import alone, grading_slot

log = logging.getLogger("autograder.engine.preprocessors")
SUMMARY_KEY = "sandboxed_grading"


def nbgrader_metadata(cell):
    """A cell's nbgrader metadata; ``{}`` when it is missing or malformed (not a dict, or a grade id
    that is not a string): such a cell is the student's own code."""
    metadata = cell.get("metadata")
    found = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    if not isinstance(found, dict) or not isinstance(found.get("grade_id", ""), str):
        return {}
    return found


def malformed(cell):
    metadata = cell.get("metadata")
    return isinstance(metadata, dict) and "nbgrader" in metadata and not nbgrader_metadata(cell)


def grade_id(cell):
    return nbgrader_metadata(cell).get("grade_id")


class GradingMarkers:
    """Which autograded folders are being graded, for nbgrader's ``pre_convert_hook`` (``started``)
    and ``post_convert_hook`` (``finished``).

    nbgrader writes a submission's folder in ``autograded/`` before grading it, and skips a student
    whose folder exists; a folder left by a grading that was killed (``kill -9``, a power cut) would
    never be graded. ``started`` creates a marker file in the folder and holds a lock on it (``flock``,
    released by the kernel when the process dies, so no process id that could be reused is trusted);
    ``finished`` removes it once nbgrader has written the notebook and the grades. A marker that no
    process holds was left by a killed grading: ``discard_interrupted``, run when ``nbgrader_config.py``
    loads, removes its folder so that the submission is graded again.
    """

    MARKER = ".grading-in-progress"

    def __init__(self, root, autograded="autograded"):
        self.autograded = Path(root) / autograded
        self.held = {}  # folder -> open file descriptor holding the lock

    def folder(self, notebooks):
        """``autograded/<student>/<assignment>`` of the submission whose notebooks are given."""
        submitted = Path(sorted(notebooks)[0])  # <root>/submitted/<student>/<assignment>/<name>.ipynb
        return self.autograded / submitted.parent.parent.name / submitted.parent.name

    def started(self, assignment=None, student=None, notebooks=()):
        """Before nbgrader copies the submission's files: remove the links among them (``links``),
        then mark the grading as started."""
        if not notebooks:
            return
        submitted = Path(sorted(notebooks)[0]).parent
        for name, why in remove_links(submitted):
            print(f"{printable(submitted / name)}: {why}; removed from the submission", file=sys.stderr)
        folder = self.folder(notebooks)
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder / self.MARKER, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        self.held[folder] = descriptor

    def finished(self, assignment=None, student=None, notebooks=()):
        if not notebooks:
            return
        folder = self.folder(notebooks)
        (folder / self.MARKER).unlink(missing_ok=True)
        descriptor = self.held.pop(folder, None)
        if descriptor is not None:
            os.close(descriptor)

    def discard_interrupted(self):
        """Remove the folders whose marker no living process holds."""
        for marker in self.autograded.glob(f"*/*/{self.MARKER}"):
            try:
                descriptor = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                continue
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # still being graded
            finally:
                os.close(descriptor)
            shutil.rmtree(marker.parent, ignore_errors=True)


MAX_NOTEBOOK_BYTES = 100 * 2**20
UNREADABLE_KEY = "sandboxed_grading_unreadable"


class SubmissionReader(NotebookExporter):
    """nbgrader's reader of notebooks for autograding, which takes a submission that is not a
    notebook (not JSON, not UTF-8, too large) as an empty one marked unreadable: it is graded
    (the release alone, without answers) and its feedback says why, and the batch goes on."""

    def from_file(self, file_stream, resources=None, **kw):
        try:
            link = why_not_plain(getattr(file_stream, "name", ""))
            if link:  # opened, never read: the grader runs as root, the target may be anything
                raise ValueError(f"the submitted notebook is {link}; submit the notebook file itself")
            if os.fstat(file_stream.fileno()).st_size > MAX_NOTEBOOK_BYTES:
                raise ValueError(f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
            notebook = nbformat.read(file_stream, as_version=4)
        except Exception as error:  # whatever the file holds, it is the student's, not a grader fault
            notebook = nbformat.v4.new_notebook()
            notebook.metadata[UNREADABLE_KEY] = f"{type(error).__name__}: {str(error)[:200]}"
        return self.from_notebook_node(notebook, resources=resources, **kw)


class RebuildFromRelease(NbGraderPreprocessor):
    """Rebuild the submitted notebook on the release: only answers and added cells come from it.

    What had to be put back (a deleted, edited or duplicated locked cell, a graded cell the student
    added) is recorded in the notebook's metadata for the feedback."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        release_dir = Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"]))
        release = nbformat.read(str(release_dir / f"{info['notebook']}.ipynb"), as_version=4)
        rebuilt = rebuild(release, nb)
        rebuilt.metadata[SUMMARY_KEY] = {"restored": restorations(release, nb)}
        return rebuilt, resources


def rebuild(release, submitted):
    """The release's cells, with the submitted solution cells and the student's own added cells.

    What comes from the student is cleaned for the pages that show it (``autograder.engine.sanitize``):
    markdown keeps its image attachments, up to ``MAX_ATTACHMENT_CHARS`` for the notebook, and shows
    as typed whatever would be live or would not render."""
    release_ids = {grade_id(c) for c in release.cells}
    solutions = {}
    added = {None: []}  # anchor grade id -> cells the student added after it
    anchor = None
    budget = MAX_ATTACHMENT_CHARS  # characters of attachments the notebook may still keep
    for cell in submitted.cells:
        gid = grade_id(cell)
        if gid in release_ids:
            if nbgrader_metadata(cell).get("solution") and gid not in solutions:
                solutions[gid] = cell
            anchor = gid
            continue
        if cell.get("cell_type") == "code":
            added.setdefault(anchor, []).append(nbformat.v4.new_code_cell(text(cell.get("source")) or ""))
        elif cell.get("cell_type") == "markdown":
            own = nbformat.v4.new_markdown_cell()
            budget -= student_markdown(own, cell, budget)
            added.setdefault(anchor, []).append(own)
    notebook = copy.deepcopy(release)
    cells = list(added[None])
    for cell in notebook.cells:
        gid = grade_id(cell)
        if gid in solutions and cell.metadata["nbgrader"].get("solution"):
            if cell.cell_type == "markdown":
                budget -= student_markdown(cell, solutions[gid], budget)
            else:
                cell.source = text(solutions[gid].get("source")) or ""
        cells.append(cell)
        cells.extend(added.get(gid, []))
    notebook.cells = cells
    return notebook


def student_markdown(cell, submitted, budget):
    """Give ``cell`` the source and attachments (within ``budget`` characters) of the student's
    markdown cell ``submitted`` (which may be ``cell`` itself), cleaned; returns the characters of
    attachments kept."""
    attachments, used = clean_attachments(submitted.get("attachments"), budget)
    cell.pop("attachments", None)
    if attachments:
        cell.attachments = attachments
    cell.source = clean_markdown(submitted.get("source"), attachments)
    return used


def restorations(release, submitted):
    """What ``rebuild`` put back as released, one sentence each, for the student's feedback."""
    if UNREADABLE_KEY in submitted.metadata:
        return [f"your notebook file could not be read as a notebook ({submitted.metadata[UNREADABLE_KEY]}): "
                "the grader graded the release without your answers"]
    found = {}
    for cell in submitted.cells:
        found.setdefault(grade_id(cell), []).append(cell)
    notes = []
    for cell in release.cells:
        gid = grade_id(cell)
        if gid is None or cell.metadata["nbgrader"].get("solution"):
            continue
        copies = found.get(gid, [])
        what = f"the test cell of {gid.removeprefix('test_')}" if is_grade(cell) else f"the locked cell {gid!r}"
        if not copies:
            notes.append(f"{what} was missing from your notebook: the grader used the original")
        elif any(c.source != cell.source for c in copies):
            notes.append(f"{what} was changed in your notebook: the grader used the original")
        elif len(copies) > 1:
            notes.append(f"{what} appeared {len(copies)} times in your notebook: the grader used it once")
    release_ids = {grade_id(c) for c in release.cells}
    for gid in found:
        if gid is not None and gid not in release_ids and nbgrader_metadata(found[gid][0]).get("grade"):
            notes.append(f"your cell marked as graded ({gid[:80]!r}) is not part of the assignment: it ran as "
                         "your own code and earns no points")
    broken = sum(1 for cell in submitted.cells if malformed(cell))
    if broken:
        notes.append(f"{broken} cell(s) had malformed nbgrader metadata: they ran as your own code")
    return notes[:20]


class SandboxedExecute(NbGraderPreprocessor):
    """Execute a notebook in a sandboxed kernel; grade its test cells with the trusted checker.

    The engine knows no course: ``checks_package`` names the course's hidden checks (the module
    ``<checks_package>.<assignment>``, see ``autograder.engine.checks``), ``student_packages`` the
    packages its notebooks import from the grader's environment (made readable in the sandbox), and
    ``limits`` overrides fields of ``autograder.engine.sandbox.Limits``.
    """

    checks_package = Unicode(help="package of the hidden checks: <package>.<assignment> is a checks module"
                             ).tag(config=True)
    student_packages = List(Unicode(), help="packages the student's kernel imports from the grader's "
                            "environment").tag(config=True)
    limits = Dict(help="Limits fields to override (see autograder.engine.sandbox.Limits)").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        checks = importlib.import_module(f"{self.checks_package}.{info['assignment']}")
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
            summary["incidents"].append("a time limit ran out while other submissions were being graded, so "
                                        "the notebook was graded again alone; this is that grading")
        summary["sandbox_layers"] = available_layers()
        summary["restored"] = nb.metadata.get(SUMMARY_KEY, {}).get("restored", [])
        nb.metadata[SUMMARY_KEY] = summary
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
    """Run every code cell in order; grade each test cell when it comes. Returns the summary."""
    limits = grader.limits
    started = time.monotonic()
    summary = {"exercises": {}, "incidents": []}
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
            summary["incidents"].append(f"{where}: {execution.message}")
            cell.outputs.append(new_output("error", ename="GraderStop", evalue=execution.message,
                                           traceback=[f"GraderStop: {execution.message}"]))
        limit = limit_reached(execution.outputs, limits)
        if limit:
            summary["incidents"].append(f"{where}: {limit}")
    summary["incidents"].extend(session.incidents)
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
    summary["exercises"][exercise] = {"points": earned, "max_points": max_points, "messages": messages}
    text = report(exercise, earned, max_points, messages)
    text += "(Checked by the course's grader in a separate process; this cell's code was not run in your kernel.)\n"
    cell.outputs = [new_output("stream", name="stdout", text=text),
                    new_output("execute_result", data={"text/plain": repr(earned)}, execution_count=None)]


def _note(text):
    return new_output("stream", name="stdout", text=f"[grader] {text}\n")


def text_summary(nb, student, assignment):
    """A short text summary of a graded notebook for the student's feedback folder."""
    summary = nb.metadata.get(SUMMARY_KEY)
    if not summary:
        return None
    lines = [f"Feedback for {student}, assignment {assignment}", ""]
    total = sum(e["points"] for e in summary["exercises"].values())
    maximum = sum(e["max_points"] for e in summary["exercises"].values())
    for exercise, result in summary["exercises"].items():
        lines.append(f"{exercise}: {result['points']:g} / {result['max_points']:g}")
        lines += [f"  - {message}" for message in result["messages"]]
    lines.append(f"Total: {total:g} / {maximum:g}")
    if summary.get("restored"):
        lines += ["", "Put back as released:"] + [f"  - {note}" for note in summary["restored"]]
    if summary["incidents"]:
        lines += ["", "Stopped by the grader:"] + [f"  - {incident}" for incident in summary["incidents"]]
    return "\n".join(lines) + "\n"


class WriteTextSummary(NbGraderPreprocessor):
    """Feedback: write ``<notebook>.txt`` (points, messages, what was stopped) beside the HTML."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        text = text_summary(nb, info["student"], info["assignment"])
        if text:
            coursedir = CourseDirectory(config=self.config)
            folder = Path(coursedir.format_path(coursedir.feedback_directory, info["student"], info["assignment"]))
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{info['notebook']}.txt").write_text(text)
        return nb, resources



class HideHiddenTests(ClearHiddenTests):
    """Feedback: remove hidden-test regions from the notebooks feedback is made from.

    Students see what their checks printed (the points and the message of each failed check), never
    the hidden checks' code. Hidden tests come only from the course's own cells (test and locked
    cells, as released); in the student's text (a cell they added, an answer) a hidden-test marker
    line is only text: it is dropped, without complaint, whether or not it is paired, and the rest of
    the cell is shown as written.
    """

    enforce_metadata = False

    def preprocess_cell(self, cell, resources, cell_index):
        metadata = nbgrader_metadata(cell)
        if metadata and not metadata.get("solution"):
            return super().preprocess_cell(cell, resources, cell_index)
        markers = (self.begin_test_delimeter, self.end_test_delimeter)
        lines = (text(cell.get("source")) or "").split("\n")
        cell.source = "\n".join(line for line in lines if not any(marker in line for marker in markers))
        return cell, resources

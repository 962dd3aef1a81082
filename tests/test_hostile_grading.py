"""Can a hostile or broken submission fool, stall or corrupt grading? (plain `nbgrader autograde`)"""
import hashlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from nbgrader.api import Gradebook

from autograder.desk import grading
from autograder.engine.sandbox.slots import SANDBOX_UID, SLOTS, alone
from autograder.desk.submissions import meets
from conftest import built_course, nbgrader_demos
from hostile_submissions import EXERCISES, SKETCH, catalogue
from pages import formgrader_view, live_scripts

pytestmark = pytest.mark.slow
ASSIGNMENT = "initialization"


def short_limits(seconds):
    """nbgrader configuration: ``seconds`` per cell and per call of a student function, 3 GiB of
    address space (a kernel flooding its output holds over 1.5 GiB of buffers before its cell is
    stopped: with less it dies instead, and the flood is not what the feedback reports)."""
    return (f'c.SandboxedExecute.limits = {{"cell_seconds": {seconds}, "call_seconds": {seconds}, '
            '"notebook_seconds": 240, "memory_bytes": 3 * 2**30}\n')


# Long enough (25 times what a cell of the correct submission takes on an idle machine) for honest
# cells beside a spinner on a loaded machine.
SHORT_LIMITS = short_limits(10)
# The hostile batch: its hanging cases (six stops) only need to be stopped, and its honest cells run
# one kernel per half of the batch. The slowest honest cell (the imports) took 1 s on a machine
# loaded by four sessions; a cell starved by other kernels is graded again alone.
HOSTILE_LIMITS = short_limits(5)


def course_with(tmp_path, submissions, limits=SHORT_LIMITS):
    """A course with short ``limits`` and ``{student: notebook}`` placed in submitted/."""
    course_dir = built_course(tmp_path, ASSIGNMENT)
    with open(course_dir / "nbgrader_config.py", "a") as config:
        config.write(limits)
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course_dir)
    for student, build in submissions(course_dir).items():
        folder = course_dir / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        submitted = build(release)
        if isinstance(submitted, bytes):
            (folder / f"{ASSIGNMENT}.ipynb").write_bytes(submitted)
        else:
            nbformat.write(submitted, str(folder / f"{ASSIGNMENT}.ipynb"))
    return course_dir


class Listener:
    """A TCP port listening on the grader's loopback; ``accepted()`` counts the connections that
    reached it so far."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.setblocking(False)
        self.port = self.server.getsockname()[1]
        self.connections = []

    def accepted(self):
        while True:
            try:
                self.connections.append(self.server.accept()[0])
            except BlockingIOError:
                return len(self.connections)

    def close(self):
        for connection in self.connections:
            connection.close()
        self.server.close()


@pytest.fixture(scope="module")
def listener():
    """A port listening on loopback while the hostile batch is graded."""
    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory, listener):
    tmp_path = tmp_path_factory.mktemp("hostile")
    port = listener.port

    entries = {}

    def submissions(course_dir):
        entries.update({h.student: h for h in catalogue(course_dir, port)})
        builds = {h.student: h.build for h in entries.values()}
        builds.update({grading.demo_student_id(d): d.notebook for d in HOSTILE_DEMOS})
        return builds

    course_dir = course_with(tmp_path, submissions, HOSTILE_LIMITS)
    before = checksums(course_dir)
    with ThreadPoolExecutor(len(HALVES)) as pool:  # each run raises if its batch fails
        list(pool.map(lambda half: grading.nbgrader("autograde", ASSIGNMENT, "--student", half,
                                                    course_dir=course_dir), HALVES))
    after = checksums(course_dir)
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    grading.nbgrader("generate_feedback", ASSIGNMENT, course_dir=course_dir)
    return course_dir, grading.scores(ASSIGNMENT, course_dir), entries, changed


def checksums(course_dir):
    """``{path: sha256}`` of the course's files that grading must leave alone: all but its own
    output (autograded/, feedback/, the gradebook) and Python's caches."""
    found = {}
    for path in sorted(course_dir.rglob("*")):
        relative = path.relative_to(course_dir)
        if relative.parts[0] in ("autograded", "feedback", "gradebook.db") or "__pycache__" in relative.parts:
            continue
        found[str(relative)] = "link" if path.is_symlink() else (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder")
    return found


CATALOGUE = catalogue("COURSE")
HOSTILE_DEMOS = nbgrader_demos(ASSIGNMENT)
# The batch is graded by two plain `nbgrader autograde --student GLOB` runs at once, one per half of
# the students (by first letter: a to l, with the demos, then the rest; with 5 s limits they ended
# 81.5 s and 83.9 s into the batch on a quiet machine), writing to one gradebook.
HALVES = ("[a-l]*", "[!a-l]*")


def feedback_text(course_dir, student):
    """What the student gets back: the feedback's text summary and their graded notebook's outputs."""
    summary = (course_dir / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.txt").read_text()
    notebook = nbformat.read(str(course_dir / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    outputs = [o.get("text", "") + o.get("evalue", "") + o.get("data", {}).get("text/html", "")
               for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    return summary + "\n".join(outputs)


def test_is_the_catalogue_large_enough_with_a_message_for_each_case():
    assert len(CATALOGUE) >= 20 and len({h.student for h in CATALOGUE}) == len(CATALOGUE)
    assert all(h.message for h in CATALOGUE), [h.student for h in CATALOGUE if not h.message]


@pytest.mark.parametrize("hostile", CATALOGUE, ids=[h.student for h in CATALOGUE])
def test_does_a_hostile_submission_get_only_what_it_earned(hostile_batch, hostile):
    """Its honest answers get their points, nothing else does, and the student is told what the
    grader stopped, put back or refused."""
    course_dir, scores, entries, _ = hostile_batch
    row = scores[hostile.student]
    assert set(row) == set(EXERCISES), f"grades missing: {sorted(set(EXERCISES) - set(row))}"
    for exercise in EXERCISES:
        score, max_score = row[exercise]
        expectation = hostile.expected.get(exercise, "full")
        assert meets(expectation, score, max_score), f"{exercise}: {score}/{max_score}, expected {expectation}"
    text = feedback_text(course_dir, hostile.student)
    assert entries[hostile.student].message in text, text


def test_does_grading_leave_every_course_file_and_other_submission_as_it_was(hostile_batch):
    _, _, _, changed = hostile_batch
    assert changed == []


def test_is_what_a_student_displays_neutralized_in_the_feedback(hostile_batch):
    """Safe HTML is shown, scripts are escaped or dropped: in the graded notebook (which formgrader
    shows) and in the feedback page."""
    course_dir, _, _, _ = hostile_batch
    notebook = nbformat.read(str(course_dir / "autograded" / "script-in-output" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    kinds = {kind for c in notebook.cells if c.cell_type == "code" for o in c.outputs for kind in o.get("data", {})}
    assert "text/html" in kinds and "application/javascript" not in kinds, kinds
    [page] = (course_dir / "feedback" / "script-in-output" / ASSIGNMENT).glob("*.html")
    html = page.read_text().replace("&#39;", "'")
    assert "<b>bold</b>" in html, "the student's display is missing"
    assert "<script>alert(" not in html


def test_is_nothing_a_student_wrote_or_displayed_live_on_the_feedback_page_or_in_formgrader(hostile_batch):
    """``page-attacks``: graded in full, its feedback page generated, and both pages show its
    outputs, its markdown and its pasted picture with nothing live (formgrader's view rendered as
    formgrader renders the autograded notebook)."""
    course_dir, _, _, _ = hostile_batch
    student = "page-attacks"
    notebook = nbformat.read(str(course_dir / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    [page] = (course_dir / "feedback" / student / ASSIGNMENT).glob("*.html")
    for where, html in {"feedback page": page.read_text(), "formgrader": formgrader_view(notebook, student)}.items():
        assert live_scripts(html) == [], where
        assert f'src="data:image/png;base64,{SKETCH}"' in html, f"{where}: the pasted picture is missing"
        assert "<b>joined list</b>" in html and "my own test" in html, where


def test_are_the_graded_notebooks_bounded_in_size(hostile_batch):
    course_dir, _, _, _ = hostile_batch
    sizes = {p.parent.parent.name: p.stat().st_size for p in (course_dir / "autograded").glob("*/*/*.ipynb")}
    assert max(sizes.values()) < 2 * 2**20, sorted(sizes.items(), key=lambda item: -item[1])[:3]


def test_does_no_connection_leave_the_sandbox(hostile_batch, listener):
    course_dir, _, _, _ = hostile_batch
    text = feedback_text(course_dir, "network")
    assert "CONNECTED" not in text and "network refused: ('1.1.1.1', 443)" in text, text
    assert listener.accepted() == 0, "a sandboxed kernel reached the grader's loopback"


@pytest.mark.parametrize("demo", HOSTILE_DEMOS, ids=lambda d: d.student)
def test_do_demos_keep_their_scores_beside_hostile_ones(hostile_batch, demo):
    _, scores, _, _ = hostile_batch
    for exercise, (score, max_score) in scores[grading.demo_student_id(demo)].items():
        assert meets(demo.expectation(exercise), score, max_score), exercise


def test_is_the_gradebook_consistent_after_the_batch(hostile_batch):
    course_dir, scores, _, _ = hostile_batch
    assert len(scores) == len(CATALOGUE) + len(HOSTILE_DEMOS)
    with sqlite3.connect(course_dir / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        [notebook] = gradebook.find_assignment(ASSIGNMENT).notebooks
        names = {cell.name for cell in notebook.grade_cells}
        assert names == {f"test_{e}" for e in EXERCISES}, "a student added a graded cell to the gradebook"
        for student in scores:
            assert gradebook.find_submission(ASSIGNMENT, student).needs_manual_grade is False, student
    assert not list((course_dir / "autograded").glob("*/*/.grading-in-progress"))
    assert not (course_dir / "autograded" / "hacked.txt").exists()


def test_are_course_files_out_of_a_submissions_reach(hostile_batch):
    course_dir, _, _, _ = hostile_batch
    notebook = nbformat.read(str(course_dir / "autograded" / "course-files-attack" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "WROTE" not in printed and printed.count("blocked") == 9, printed


def test_does_no_sandboxed_process_outlive_the_batch(hostile_batch):
    """Looked for while no grading runs: every slot held (``slots.alone``, which waits for the
    gradings of other tests or graders on this machine to end). A kernel only runs in a slot, so a
    process of a grading user now is one that outlived its grading."""
    with alone():
        alive = subprocess.run(["ps", "-eo", "uid=,args="], capture_output=True, text=True).stdout.splitlines()
    leftovers = [line for line in alive if line.split() and SANDBOX_UID <= int(line.split()[0]) < SANDBOX_UID + SLOTS]
    assert leftovers == []


def test_does_a_killed_batch_finish_consistently_when_restarted(tmp_path):
    """kill -9 in the middle of `nbgrader autograde`, start it again: every student graded once, right."""
    demos = {grading.demo_student_id(d): d for d in HOSTILE_DEMOS}
    course_dir = course_with(tmp_path, lambda _: {s: d.notebook for s, d in demos.items()})
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    command = [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT]
    first = subprocess.Popen(command, cwd=course_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    autograded = course_dir / "autograded"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(autograded.glob("*/*/*.ipynb"))) < 2:
        time.sleep(0.2)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    finished = {p.parent.parent.name: p.stat().st_mtime_ns for p in autograded.glob("*/*/*.ipynb")
                if not (p.parent / ".grading-in-progress").exists()}
    assert 0 < len(finished) < len(demos), "the kill did not land in the middle of the batch"

    subprocess.run(command, cwd=course_dir, env=env, check=True, capture_output=True)
    scores = grading.scores(ASSIGNMENT, course_dir)
    assert set(scores) == set(demos)
    grading.nbgrader("generate_feedback", ASSIGNMENT, course_dir=course_dir)
    for student, demo in demos.items():
        summary = (course_dir / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.txt").read_text()
        for exercise, (score, max_score) in scores[student].items():
            assert meets(demo.expectation(exercise), score, max_score), summary
    for student, mtime in finished.items():  # what was final before the kill was not graded again
        assert (autograded / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns == mtime

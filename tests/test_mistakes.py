"""Is every typical mistake named in the same words by the public check, wherever its inputs show it,
and by the hidden check, which takes points off its exercise?

Each assignment's catalogue is ``MISTAKES`` in its demos module. What each mistake gives on the public
checks is recorded by ``course diagnoses`` and shipped with ``dlcourse``; a test here re-records it,
so that the shipped file cannot go stale. Each diagnosis is a whole sentence a student can act on,
written once in the repository. The session ends with a table: mistake, public message, hidden points
lost (see ``conftest.pytest_terminal_summary``).
"""
import ast
import json
import re
import subprocess

import pytest

from autograder.desk import diagnoses, grading
from autograder.course import points_of
from autograder.course import demos_module
from autograder.course.demo import graded_cell
from conftest import ASSIGNMENTS, REPOSITORY, answers_namespace, error_outputs, evaluate_answers, execute
from dlcourse.public_checks import diagnose, same

CASES = [(a, m) for a in ASSIGNMENTS for m in diagnoses.mistakes_of(a)]
SLOW = {"tensorflow_signs"}  # a TensorFlow check trains: one seed


def shipped(assignment):
    path = diagnoses.output_path(assignment, REPOSITORY)
    return json.loads(path.read_text()) if path.exists() else {}


def public_message(assignment, mistake):
    """What the student's public check says of ``mistake`` (None if it passes or names nothing)."""
    [seen] = [s for s in shipped(assignment).get(mistake.exercise, []) if s["mistake"] == mistake.name]
    if not (seen["failed_at"] or seen["error"]):
        return None
    return diagnose({**seen, "exercise": mistake.exercise}) or f"fails at {seen['failed_at'] or seen['error']}, names nothing"


@pytest.mark.parametrize("assignment, mistake", CASES, ids=[f"{a}-{m.name}" for a, m in CASES])
def test_is_each_mistake_named_by_the_public_and_the_hidden_check(assignment, mistake, record_property):
    """The hidden check takes points off the mistake's exercise on every seed, with the diagnosis, and
    leaves the other exercises full marks (TensorFlow's: see test_tensorflow_signs.py); the public
    check, where it fails, names it with the same words."""
    answers = mistake.answers(demos_module(assignment).CORRECT)
    lost = []
    for seed in (0,) if assignment in SLOW else (0, 1, 2):
        earned, max_points, messages = evaluate_answers(assignment, answers, mistake.exercise, seed)
        assert earned < max_points, (seed, messages)
        assert any(mistake.diagnosis in message for message in messages), (seed, messages)
        lost.append(max_points - earned)
    others = [] if assignment in SLOW else [e for e in points_of(assignment) if e != mistake.exercise]
    for exercise in others:  # the other answers are the reference's: full marks
        earned, max_points_of_other, messages = evaluate_answers(assignment, answers, exercise, 0)
        assert earned == max_points_of_other, (exercise, messages)
    public = public_message(assignment, mistake)
    record_property("mistake", (f"{assignment}/{mistake.name}", public or "(passes the public check)",
                                f"-{min(lost):g}..{max(lost):g} of {max_points:g}"))
    if public is not None and "names nothing" not in public:
        assert mistake.diagnosis in public, public


@pytest.mark.parametrize("assignment", sorted({a for a, _ in CASES}))
def test_are_the_shipped_diagnoses_what_the_public_checks_give(assignment):
    """``course diagnoses`` re-run now records what ships (run it and commit if not): the same mistakes
    failing at the same checks, and values equal within the tolerance the matching itself uses
    (``dlcourse.public_checks.same``), never to the last bit, which depends on the processor."""
    fresh, committed = diagnoses.record(assignment, REPOSITORY), shipped(assignment)
    assert differences(fresh, committed) == [], (
        f"run `course diagnoses {assignment}` and commit datasets/dlcourse/files/diagnoses/")


def differences(fresh, committed):
    """Where two recordings differ beyond the matching's tolerance: ``[(exercise, mistake, what)]``."""
    found = []
    for exercise in sorted(set(fresh) | set(committed)):
        old = {o["mistake"]: o for o in committed.get(exercise, [])}
        new = {o["mistake"]: o for o in fresh.get(exercise, [])}
        for name in sorted(set(old) | set(new)):
            a, b = new.get(name, {}), old.get(name, {})
            if {k: v for k, v in a.items() if k != "observed"} != {k: v for k, v in b.items() if k != "observed"}:
                found.append((exercise, name, "outcome"))
            elif [n for n, _ in a["observed"]] != [n for n, _ in b["observed"]] or not all(
                    same(x, y) for (_, x), (_, y) in zip(a["observed"], b["observed"])):
                found.append((exercise, name, "values"))
    return found


def test_does_the_comparison_of_recordings_tolerate_last_bits_and_nothing_more():
    """A value off in its last bits is the same recording; off by 1e-3, or failing elsewhere, it is not."""
    recording = {"f": [{"mistake": "m", "diagnosis": "D.", "error": None, "failed_at": "f(1)",
                        "observed": [["f(1)", {"shape": [], "values": [0.2850931851921204]}]]}]}
    def with_value(value, failed_at="f(1)"):
        return {"f": [{**recording["f"][0], "failed_at": failed_at,
                       "observed": [["f(1)", {"shape": [], "values": [value]}]]}]}
    assert differences(with_value(0.2850931079645482), recording) == []
    assert differences(json.loads(diagnoses.text(recording)), recording) == []
    assert differences(with_value(0.2860931851921204), recording) == [("f", "m", "values")]
    assert differences(with_value(0.2850931851921204, "f(2)"), recording) == [("f", "m", "outcome")]


# Verbs that tell a student what to do, as a diagnosis's imperative clause starts.
IMPERATIVES = {
    "add", "apply", "assign", "average", "call", "cast", "compare", "compute", "copy", "create", "divide", "draw",
    "end", "flatten", "include", "index", "keep", "leave", "loop", "make", "multiply", "normalize", "pass", "print",
    "read", "reorder", "return", "sample", "scale", "seed", "set", "shift", "shuffle", "sort", "span", "start",
    "subtract", "sum", "take", "transpose", "update", "use", "weight", "wrap",
}
IMPERATIVE_CLAUSE = re.compile(r"(?:^|[:;,.]\s+)(?:(?:so|then|and|or|instead)\s+)?(" + "|".join(sorted(IMPERATIVES)) + r")\b",
                               re.IGNORECASE)


def sentence_problems(text):
    """What keeps ``text`` from being a sentence a student can act on (empty if nothing)."""
    problems = []
    if not re.match(r"(?:A|I|[A-Z][a-z']+)\s", text):
        problems.append("does not start with a capitalized word (a code name or a lowercase word is not one)")
    if not text.endswith("."):
        problems.append("does not end with a full stop")
    if len(text.split()) < 6:
        problems.append("has fewer than 6 words")
    if not IMPERATIVE_CLAUSE.search(text):
        problems.append("says nothing to do (no clause starting with a verb such as use, divide, return)")
    return problems


@pytest.mark.parametrize("assignment, mistake", CASES, ids=[f"{a}-{m.name}" for a, m in CASES])
def test_is_each_diagnosis_a_sentence_a_student_can_act_on(assignment, mistake):
    """A diagnosis is what the student reads after "This is what a typical mistake gives here:": a
    whole sentence, starting with a capitalized word and ending with a full stop, of at least six
    words, that says what the code does wrong and what to do instead (a clause starting with a verb)."""
    assert sentence_problems(mistake.diagnosis) == [], mistake.diagnosis


def test_does_the_sentence_test_tell_sentences_from_fragments():
    assert sentence_problems("Your loop prints the cost at every epoch: print it every 100 epochs, as the "
                             "notebook asks.") == []
    for fragment in ("which is theta + x", "return a scalar", "W1 is not zero: start it at np.zeros((n, 1)).",
                     "`x` is wrong: use y instead of it.", "Your forward_propagation computes theta + x.",
                     "Use theta * x."):
        assert sentence_problems(fragment), fragment


def string_literals(path):
    """The text of every string literal of a Python file (an f-string's literal parts, each on its
    own), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
    return found


def written_as(literal, sentence):
    """Does ``literal`` hold ``sentence``, itself or as a template (``"uses {} bins"`` for "uses 16 bins")?"""
    if sentence in literal:
        return True
    if "{" not in literal:
        return False
    fields = re.split(r"\{[^{}]*\}", literal)  # a template's own text must make most of the sentence
    return sum(map(len, fields)) >= len(sentence) / 2 and re.search(".+?".join(map(re.escape, fields)), sentence) is not None


def test_is_each_diagnosis_written_once_in_the_repository():
    """A diagnosis lives in one constant of its checks module, which the hidden check's message and the
    demos' ``Mistake`` both refer to: its text is never written a second time, in any Python file."""
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=REPOSITORY, capture_output=True, text=True,
                           check=True).stdout.split()
    literals = [(name, line, text) for name in files if (REPOSITORY / name).exists()
                for line, text in string_literals(REPOSITORY / name)]
    for sentence in sorted({m.diagnosis for _, m in CASES}):
        places = [f"{name}:{line}" for name, line, text in literals if written_as(text, sentence)]
        assert len(places) == 1, (sentence, places)


def first_caught_demo(assignment):
    """The first demo that is one mistake its public check names (None if there is none)."""
    caught = {m.diagnosis: m for m in diagnoses.mistakes_of(assignment) if public_message(assignment, m)}
    return next(((d, caught[d.about]) for d in demos_module(assignment).DEMOS if d.about in caught), None)


@pytest.mark.parametrize("assignment", sorted({a for a, _ in CASES} - SLOW))
def test_does_the_student_notebook_name_a_mistake_when_its_test_cell_runs(assignment, tmp_path, monkeypatch):
    """In a real kernel, as a student runs it: the release with one mistake, run up to the test cell of
    its exercise, raises with the hidden check's words for it (under the grading flag, which keeps
    training short)."""
    demo, mistake = first_caught_demo(assignment)
    [name] = grading.notebook_names(assignment, REPOSITORY)
    notebook = demo.notebook(grading.release_notebook(assignment, name, REPOSITORY))
    test = next(i for i, c in enumerate(notebook.cells)
                if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{mistake.exercise}")
    notebook.cells = notebook.cells[:test + 1]
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    errors = error_outputs(execute(notebook, tmp_path))
    assert errors and errors[-1][0] == test and errors[-1][1] == "AssertionError", errors
    assert f"typical mistake gives here: {mistake.diagnosis}" in errors[-1][2], errors[-1]


def test_does_a_failed_public_check_raise_with_the_mistake_named():
    """A failed check raises: its message says what differs, then names the mistake."""
    [mistake] = [m for m in diagnoses.mistakes_of("optimization") if m.name == "decay-multiplies"]
    namespace = answers_namespace("optimization", mistake.answers(demos_module("optimization").CORRECT))
    release = grading.release_notebook("optimization", "optimization", REPOSITORY)
    with pytest.raises(AssertionError) as failure:
        exec(graded_cell(release, "test_update_lr").source, namespace)
    assert "update_lr(0.5, 2, 1) is 1.5, expected" in str(failure.value)
    assert str(failure.value).endswith(f"typical mistake gives here: {mistake.diagnosis}")

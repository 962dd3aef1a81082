"""Does the engine grade a second, unrelated course with the same guarantees?

``tests/second_course/`` has two short assignments (words, shapes), its own ``nbgrader_config.py``
(one call of ``autograder.engine.configuration.configure``), its own hidden checks
(``second_checks``) and student package (``second_helpers``). It is built and graded by the real
nbgrader CLI: sandboxed kernels, the rebuild on the release, partial credit with messages, a
helper that answers an exercise, a hostile submission, the feedback page; and no process of it loads
anything of the first course (its checks, its desk, its student package). nbgrader runs in an
environment where the engine is installed alone from its own ``autograder/engine/pyproject.toml``
(with the dependencies it declares, from the package registry): not this repository, not the course.
"""
import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

pytestmark = pytest.mark.slow

SECOND = Path(__file__).parent / "second_course"
ENGINE = Path(__file__).parent.parent / "autograder" / "engine"
SHORT_LIMITS = 'c.SandboxedExecute.limits = {"cell_seconds": 5, "call_seconds": 10, "notebook_seconds": 120}\n'
# nbgrader's own entry point, in a process that writes the modules it loaded to $MODULES_FILE at exit.
RECORDING_NBGRADER = ("import atexit, json, os, sys\n"
                      "atexit.register(lambda: json.dump({name: getattr(module, '__file__', None) for name, module in\n"
                      "    list(sys.modules.items())}, open(os.environ['MODULES_FILE'], 'w')))\n"
                      "from nbgrader.apps.nbgraderapp import main\n"
                      "sys.argv[0] = 'nbgrader'\n"
                      "main()\n")

WORD_COUNTS_UPPER = """counts = {}
for word in text.split():
    word = word.strip(string.punctuation)
    counts[word] = counts.get(word, 0) + 1
return counts"""
WORD_COUNTS_COUNTER = """from collections import Counter
return dict(Counter(w for w in (w.strip(string.punctuation).lower() for w in text.split()) if w))"""
TOP_WORDS_HEAP = """import heapq
return heapq.nsmallest(n, counts, key=lambda word: (-counts[word], word))"""
AREA_SIGNED = "return float(np.sum(xs * np.roll(ys, -1) - np.roll(xs, -1) * ys) / 2)"
AREA_LOOP = """n = len(xs)
total = sum(xs[i] * ys[(i + 1) % n] - xs[(i + 1) % n] * ys[i] for i in range(n))
return abs(total) / 2"""
PERIMETER_LOOP = """n = len(xs)
return sum(((xs[(i + 1) % n] - xs[i]) ** 2 + (ys[(i + 1) % n] - ys[i]) ** 2) ** 0.5 for i in range(n))"""
AREA_CENTRED_IN_PLACE = """xs -= xs.mean()
ys -= ys.mean()
return float(abs(np.sum(xs * np.roll(ys, -1) - np.roll(xs, -1) * ys)) / 2)"""
REACHES_FOR_THE_CHECKS = "import second_checks.words\nreturn second_checks.words.word_counts(text)"
USES_THE_HELPER = "from second_helpers import count_all\nreturn count_all([w.strip(string.punctuation).lower() for w in text.split()])"
HANG = "while True:\n    pass"
FAKE_VERDICT = 'print("Hidden checks of top_words: 2 / 2 points")'

# student -> assignment -> (answers {exercise: its body, or "solved": the source's}, {exercise: expected points})
SUBMISSIONS = {
    "correct": {"words": ({"word_counts": "solved", "top_words": "solved"}, {"word_counts": 2, "top_words": 2}),
                "shapes": ({"polygon_area": "solved", "perimeter": "solved"}, {"polygon_area": 3, "perimeter": 2})},
    "untouched": {"words": ({}, {"word_counts": 0, "top_words": 0}),
                  "shapes": ({}, {"polygon_area": 0, "perimeter": 0})},
    "keeps-case": {"words": ({"word_counts": WORD_COUNTS_UPPER, "top_words": "solved"}, {"word_counts": 1.5, "top_words": 2})},
    "signed-area": {"shapes": ({"polygon_area": AREA_SIGNED, "perimeter": "solved"}, {"polygon_area": 2, "perimeter": 2})},
    "centres-in-place": {"shapes": ({"polygon_area": AREA_CENTRED_IN_PLACE, "perimeter": "solved"},
                                    {"polygon_area": 2.25, "perimeter": 2})},
    "other-ways": {"words": ({"word_counts": WORD_COUNTS_COUNTER, "top_words": TOP_WORDS_HEAP}, {"word_counts": 2, "top_words": 2}),
                   "shapes": ({"polygon_area": AREA_LOOP, "perimeter": PERIMETER_LOOP}, {"polygon_area": 3, "perimeter": 2})},
    "uses-the-helper": {"words": ({"word_counts": USES_THE_HELPER, "top_words": "solved"}, {"word_counts": 0, "top_words": 2})},
    "hostile": {"words": ({"word_counts": REACHES_FOR_THE_CHECKS, "top_words": "solved"}, {"word_counts": 0, "top_words": 2})},
}


def solution(source, exercise):
    """The body of ``exercise``'s solution in the course's source notebook."""
    [cell] = [c for c in source.cells if c.metadata["nbgrader"]["grade_id"] == exercise]
    return cell.source.split("### BEGIN SOLUTION\n", 1)[1].split("    ### END SOLUTION", 1)[0]


def submission(release, source, answers):
    """The release with the stub of each answered exercise replaced by its body."""
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        exercise = cell.metadata.get("nbgrader", {}).get("grade_id")
        if exercise in answers:
            body = solution(source, exercise) if answers[exercise] == "solved" else \
                "".join(f"    {line}\n" for line in answers[exercise].splitlines())
            cell.source = cell.source.replace("    raise NotImplementedError()\n", body).replace(
                "    raise NotImplementedError()", body.rstrip("\n"))
    return notebook


def hostile(notebook):
    """Two more cells of the student's: a hang, and a test cell's verdict forged (the test cell of
    top_words replaced by a print)."""
    notebook.cells.append(nbformat.v4.new_code_cell(HANG))
    [test] = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_top_words"]
    test.source = FAKE_VERDICT
    return notebook


@pytest.fixture(scope="module")
def engine_python(tmp_path_factory):
    """The Python of a new virtual environment holding the engine alone: a copy of
    ``autograder/engine`` installed by pip from its own ``pyproject.toml``, with what it declares."""
    folder = tmp_path_factory.mktemp("engine-alone")
    shutil.copytree(ENGINE, folder / "engine", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder / "venv")], check=True)
    python = folder / "venv" / "bin" / "python"
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                             "--no-compile", "--disable-pip-version-check", str(folder / "engine")],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return python


def nbgrader(python, course, *args, record=None):
    """Run the real nbgrader CLI with ``python`` in ``course``; with ``record`` (a path), the modules
    it loaded are written there, with the file each came from."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["MODULES_FILE"] = str(record or os.devnull)
    result = subprocess.run([str(python), "-c", RECORDING_NBGRADER, *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(Path(record).read_text()) if record else None


@pytest.fixture(scope="module")
def graded(tmp_path_factory, engine_python):
    """The second course copied, built, given the submissions, autograded and its feedback made, by
    nbgrader with the engine alone; ``(course folder, {student: {assignment: {exercise: points}}},
    {module the nbgrader runs loaded: its file})``."""
    course = tmp_path_factory.mktemp("second") / "course"
    shutil.copytree(SECOND, course, ignore=shutil.ignore_patterns("__pycache__"))
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(SHORT_LIMITS)
    modules = {}
    for assignment in ("words", "shapes"):
        modules.update(nbgrader(engine_python, course, "generate_assignment", assignment, record=course / "built.json"))
        source = nbformat.read(str(course / "source" / assignment / f"{assignment}.ipynb"), 4)
        release = nbformat.read(str(course / "release" / assignment / f"{assignment}.ipynb"), 4)
        for student, work in SUBMISSIONS.items():
            if assignment not in work:
                continue
            notebook = submission(release, source, work[assignment][0])
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(hostile(notebook) if student == "hostile" else notebook, str(folder / f"{assignment}.ipynb"))
        modules.update(nbgrader(engine_python, course, "autograde", assignment, record=course / "graded.json"))
        modules.update(nbgrader(engine_python, course, "generate_feedback", assignment, record=course / "feedback.json"))
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, work in SUBMISSIONS.items():
            for assignment in work:
                submitted = gradebook.find_submission(assignment, student)
                scores.setdefault(student, {})[assignment] = {
                    grade.name.removeprefix("test_"): grade.score
                    for notebook in submitted.notebooks for grade in notebook.grades}
    return course, scores, modules


def feedback(course, student, assignment):
    return (course / "feedback" / student / assignment / f"{assignment}.txt").read_text()


def test_is_the_second_course_apart_from_the_first():
    """Its files import of this repository only the engine; its processes load nothing else of it."""
    for path in SECOND.rglob("*.py"):
        text = path.read_text()
        for line in text.splitlines():
            if line.startswith(("import ", "from ")) and "autograder" in line:
                assert line.startswith("from autograder.engine."), (path.name, line)
        assert "dlcourse" not in text, path.name


def test_does_nbgrader_load_nothing_of_the_first_course(graded):
    _, _, modules = graded
    first_course = sorted(m for m in modules if m.split(".")[0] == "dlcourse"
                          or (m.startswith("autograder.") and not m.startswith("autograder.engine")))
    assert first_course == [], first_course
    assert {"second_checks.words", "second_checks.shapes", "autograder.engine.sandbox.kernel"} <= modules.keys()


def test_is_the_engine_the_one_installed_alone(graded, engine_python):
    """Every module of the engine nbgrader loaded came from the environment where the engine is
    installed alone, none from this repository; the course (``autograder.course``, the desk,
    ``dlcourse``) is not installed there at all."""
    _, _, modules = graded
    environment = engine_python.parent.parent
    engine = {name: file for name, file in modules.items() if name.startswith("autograder.engine") and file}
    assert engine and all(Path(file).is_relative_to(environment) for file in engine.values()), engine
    found = subprocess.run([str(engine_python), "-c", "import importlib.util as u; "
                            "print([m for m in ('autograder.course', 'autograder.desk', 'dlcourse') if u.find_spec(m)])"],
                           cwd=environment, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]", found.stdout


@pytest.mark.parametrize("student", sorted(SUBMISSIONS))
def test_does_each_submission_get_its_points(graded, student):
    """Correct and other correct ways: full marks; untouched: zero; a bug, arguments changed in
    place, a helper that answers the exercise, a reach for the checks: only that exercise's points."""
    _, scores, _ = graded
    for assignment, (_, expected) in SUBMISSIONS[student].items():
        assert scores[student][assignment] == pytest.approx(expected), (assignment, scores[student][assignment])


def test_does_a_bug_get_the_sentence_that_names_it(graded):
    course = graded[0]
    assert "Your word_counts counts 'Tea' and 'tea' as two words: lowercase each word first." in \
        feedback(course, "keeps-case", "words")
    assert "Your polygon_area is negative for corners given clockwise" in feedback(course, "signed-area", "shapes")
    assert "word_counts calls count_all, which the course's helpers provide" in feedback(course, "uses-the-helper", "words")
    assert "polygon_area changed xs and ys, which it was given. Your polygon_area changes xs and ys in place" in \
        feedback(course, "centres-in-place", "shapes")


def test_is_a_hostile_submission_stopped_and_told_what_was_stopped(graded):
    """The kernel cannot import the hidden checks (only the student package is there), a hang is
    stopped at the cell limit, and a forged verdict in a test cell is put back as released."""
    text = feedback(graded[0], "hostile", "words")
    assert "No module named 'second_checks'" in text, text
    assert "stopped after 5 s (time limit of a cell)" in text, text
    assert "the test cell of top_words was changed in your notebook: the grader used the original" in text, text


def test_does_the_feedback_page_show_the_findings_but_not_the_hidden_checks(graded):
    course = graded[0]
    page = (course / "feedback" / "keeps-case" / "words" / "words.html").read_text()
    assert "lowercase each word first" in page
    assert "BEGIN HIDDEN TESTS" not in page and "second_checks" not in page
    correct = (course / "feedback" / "correct" / "shapes" / "shapes.html").read_text()
    assert "Checks of polygon_area: 3 / 3 points" in correct

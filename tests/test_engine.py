"""Does the grading engine (``autograder/engine/``) stand apart from the course?

The engine knows no course: it imports nothing of ``autograder.course`` (references, checks, demos)
or the student package, and names none of them; the course reaches it through
``nbgrader_config.py`` (``c.SandboxedExecute.checks_module``, ``.student_packages``). The course's
content imports the engine's check API; the student package imports neither.
"""
import ast
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from autograder.course import check_module
from autograder.desk import grading
from conftest import REPOSITORY

ENGINE = REPOSITORY / "autograder" / "engine"
COURSE_NAMES = ("dlcourse", "autograder.course", "autograder.desk", "initialization", "tensorflow_signs")


def imported_modules(path):
    """Every module an ``import`` or ``from ... import`` of the file names (absolute names)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_does_the_engine_import_only_itself_of_this_repository():
    for path in sorted(ENGINE.glob("*.py")):
        ours = {m for m in imported_modules(path) if m.split(".")[0] in ("autograder", "dlcourse")}
        assert all(m == "autograder.engine" or m.startswith("autograder.engine.") for m in ours), (path.name, ours)


def test_does_the_engine_name_no_course_module_or_folder():
    for path in sorted(ENGINE.glob("*.py")):
        text = path.read_text()
        named = [name for name in COURSE_NAMES if name in text]
        assert not named, f"{path.name} names {named}"


def test_does_loading_the_engine_load_nothing_of_the_course():
    code = ("import sys, autograder.engine.preprocessors, autograder.engine.checks; "
            "print(sorted(m for m in sys.modules if m.startswith(('dlcourse', 'autograder')) "
            "and not m.startswith('autograder.engine') and m != 'autograder'))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]", loaded


def test_is_the_check_api_on_the_ground_floor():
    """What a course writes checks with loads none of the kernel machinery (Jupyter's client, zmq, the
    sandbox, the remote calls) nor nbgrader: a check runs the same on a plain function."""
    code = ("import sys, autograder.engine.checks; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('zmq', 'jupyter_client', 'nbgrader', 'nbclient') or m.startswith(('autograder.engine.sandbox', "
            "'autograder.engine.remote', 'autograder.engine.preprocessors'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]", loaded


def test_does_the_course_reach_the_engine_only_through_its_check_api_and_the_configuration():
    """Course content imports the engine's check API (and kernel_side's helper sources); only the
    nbgrader configuration imports the engine's configuration; the student package imports neither."""
    allowed = {"autograder.engine.checks", "autograder.engine.kernel_side", "autograder.engine"}
    for path in sorted((REPOSITORY / "autograder").rglob("*.py")):
        if ENGINE in path.parents:
            continue
        engine = {m for m in imported_modules(path) if m.startswith("autograder.engine")}
        assert engine <= allowed, (path.relative_to(REPOSITORY), engine - allowed)
    for path in sorted((REPOSITORY / "datasets").rglob("*.py")):
        assert not {m for m in imported_modules(path) if m.startswith("autograder")}, path
    assert "autograder.engine.configuration" in imported_modules(REPOSITORY / "nbgrader_config.py")


def test_does_the_course_import_nothing_of_the_desk():
    """The course's content (references, checks, demos and ``autograder.course.demo``, what the demos
    are written with) neither imports nor names the desk: the desk reads the course, never the other
    way; loading every demos module loads nothing of it."""
    for path in sorted((REPOSITORY / "autograder" / "course").rglob("*.py")):
        text = path.read_text()
        desk = {m for m in imported_modules(path) if m == "autograder.desk" or m.startswith("autograder.desk.")}
        assert not desk and "autograder.desk" not in text and "import desk" not in text, path.relative_to(REPOSITORY)
    code = ("import sys; from autograder.course import demos_of; "
            f"[demos_of(a) for a in {grading.assignments(REPOSITORY)!r}]; "
            "print(sorted(m for m in sys.modules if m.startswith('autograder.desk')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]", loaded


def test_does_a_crash_in_one_case_cost_only_that_cases_share():
    """Within ``rubric.cases``, a call that raises costs its case's share and is reported with its
    input; the criteria are judged on the cases that ran. Outside, it fails every criterion."""
    from autograder.engine.checks import Rubric, run_student

    def student(x):
        if x == 2:
            raise ValueError("two")
        return x

    rubric = Rubric(value=1, sign=1)
    for x in rubric.cases([1, 2, 3, 4]):
        ran, value = run_student(rubric, rubric.weights, student, x)
        if ran and value == 4:
            rubric.fail("sign", "four is wrong")
    assert rubric.fraction == pytest.approx(0.5 * 3 / 4)
    assert rubric.messages == ["four is wrong", "1 of 4 cases raised, each losing its share of the points: "
                                                "student(2) raised ValueError: two"]
    alone = Rubric(value=1, sign=1)
    assert run_student(alone, alone.weights, student, 2) == (False, None) and alone.fraction == 0


def test_are_checks_found_by_registration_with_their_points_and_never_by_name():
    """Every assignment's exercises (and the second course's) each have exactly one registered check;
    the checks modules' helpers named ``check_*`` are not checks; an exercise without points or a
    second check for one is refused when the module loads, a missing check when it is asked for."""
    from autograder.engine.checks import Exercises, Rubric

    for assignment in grading.assignments(REPOSITORY):
        exercises = check_module(assignment).EXERCISES
        assert exercises.unchecked() == [] and sorted(exercises.checks) == sorted(exercises.points), assignment
        [source] = (REPOSITORY / "source" / assignment).glob("*.ipynb")
        tested = [c.metadata.nbgrader["grade_id"].removeprefix("test_") for c in nbformat.read(str(source), 4).cells
                  if c.metadata.get("nbgrader", {}).get("grade")]
        assert list(exercises.points) == tested, f"{assignment}: not in notebook order"
    helpers = check_module("batch_norm")
    assert callable(helpers.check_cache) and helpers.check_cache not in helpers.EXERCISES.checks.values()
    exercises = Exercises({"area": 2, "perimeter": 1})
    exercises.check("area")(lambda student_function, rng: Rubric(value=1))
    with pytest.raises(KeyError, match="'volume' is not an exercise of this assignment"):
        exercises.check("volume")
    with pytest.raises(ValueError, match="'area' has a check already"):
        exercises.check("area")(lambda student_function, rng: Rubric(value=1))
    with pytest.raises(LookupError, match="no check is registered for 'perimeter'"):
        exercises.check_of("perimeter")
    assert exercises.unchecked() == ["perimeter"]


@pytest.mark.parametrize("value, said", [
    (None, "f returned None. Return the number it computes."),
    (True, "f returned a bool; it should return a number"),
    ("0.5", "f returned str; it should return a number"),
    (np.ones(3), "f returned an array of shape (3,). Return one number."),
    (1 + 2j, "f returned a complex number; it should return a real one"),
    (np.float32(0.5), None), (3, None), (np.array(2.0), None)])
def test_does_the_check_api_say_what_came_back_instead_of_one_number(value, said):
    """The vocabulary every course's checks share (``checks.scalar_problem``, ``as_number``): one
    real number, or what came back instead, with the course's sentence where it gives one."""
    from autograder.engine.checks import as_number, scalar_problem

    assert scalar_problem(value, "f") == said
    assert scalar_problem(np.ones((2, 1)), "f", array="Sum it.") == "f returned an array of shape (2, 1). Sum it."
    assert (as_number(value) is None) == (said is not None and not isinstance(value, str))


def test_does_narrow_ranges_answered_with_words_lose_its_points_with_a_message():
    """Pairs of the right form holding no numbers: every criterion fails, with what was wanted."""
    earned, _, messages = evaluate_batch_norm_narrow(lambda trials, n_best: (("low", "high"), ("a", "b")))
    assert earned == 0 and any("two (low, high) pairs of numbers" in m for m in messages), messages


def evaluate_batch_norm_narrow(function):
    from autograder.course import evaluate

    return evaluate("batch_norm", "narrow_ranges", function, seed=0)


def test_does_the_check_api_name_the_mistake_that_gives_a_value():
    """``matching_mistake``: the first typical mistake whose value the answer matches and the right
    answer does not; among several, the one named before; none for a value no mistake gives."""
    from autograder.engine.checks import close, matching_mistake

    candidates = [("same as right", [1.0, 2.0]), ("halved", [0.5, 1.0]), ("also halved", [0.5, 1.0]), ("row", [[0.5, 1.0]])]
    assert matching_mistake(np.array([0.5, 1.0]), [1.0, 2.0], candidates) == "halved"
    assert matching_mistake(np.array([0.5, 1.0]), [1.0, 2.0], candidates, known={"also halved"}) == "also halved"
    assert matching_mistake(np.array([[0.5, 1.0]]), [1.0, 2.0], candidates) == "row"
    assert matching_mistake(np.array([3.0, 1.0]), [1.0, 2.0], candidates) is None
    assert matching_mistake("words", [1.0, 2.0], candidates) is None
    assert close([1.0, 2.0], np.array([1.0, 2.0 + 1e-12])) and not close([1.0], 1.0) and not close("a", 1.0)

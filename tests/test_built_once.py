"""Is what grading can build once built once, and does what it builds once check as much as before?

- the template gradebook of ``course grade --cluster``: made once per source, configuration,
  nbgrader and release, made again when one of them changes;
- matplotlib's font list of a sandboxed kernel: made once by the grader, copied into each kernel's
  home, read there by matplotlib, never shared back from one kernel to the next;
- nbgrader's check of the cells' metadata, its schema checked once: the same verdicts and errors
  as nbgrader's own step.
"""
import copy
import json
import sys

import jsonschema
import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata

from autograder.engine.cluster import template
from autograder.engine.preprocessors import CheckCellMetadata
from autograder.engine.sandbox import Limits, SandboxedKernel, scratch_folder
from autograder.engine.sandbox.fonts import font_list
from autograder.engine.sandbox.slots import grading_slot
from conftest import built_course

ASSIGNMENT = "initialization"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return built_course(tmp_path_factory.mktemp("built-once"), ASSIGNMENT)


def release(course_dir):
    return course_dir / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def test_is_the_template_gradebook_made_once_and_again_when_the_release_changes(course, monkeypatch):
    first = template.cached_template_gradebook(course, ASSIGNMENT)
    with Gradebook(f"sqlite:///{first}") as gradebook:  # the assignment alone, as nbgrader made it
        assert [a.name for a in gradebook.assignments] == [ASSIGNMENT] and not gradebook.students
    made = []
    monkeypatch.setattr(template, "template_gradebook",
                        lambda *args, original=template.template_gradebook: made.append(args) or original(*args))
    assert template.cached_template_gradebook(course, ASSIGNMENT) == first and not made, "made twice"
    notebook = nbformat.read(str(release(course)), as_version=4)
    notebook.cells[-1].source += "\n"
    nbformat.write(notebook, str(release(course)))  # a new release
    second = template.cached_template_gradebook(course, ASSIGNMENT)
    assert len(made) == 1 and second != first and second.is_file()
    assert not first.exists(), "the template of the old release was kept"
    (course / "source" / ASSIGNMENT / "extra.txt").write_text("a new file of the source")
    monkeypatch.chdir(course.parent)  # the course folder given as a relative path, as a command may
    third = template.cached_template_gradebook(course.name, ASSIGNMENT)
    assert third != second and len(made) == 2 and third.is_absolute() and third.is_file()


def run_in_kernel(code):
    """Run ``code`` in a new sandboxed kernel; returns what it printed on standard output."""
    with grading_slot() as slot, scratch_folder() as scratch:
        kernel = SandboxedKernel(scratch, Limits(), slot=slot)
        try:
            kernel.start()
            execution = kernel.run(code, timeout=120)
        finally:
            kernel.stop()
    assert execution.status == "ok", execution
    return "".join(output.get("text", "") for output in execution.outputs if output.output_type == "stream")


READ_FONT_LIST = """
import json, os, pathlib
home = pathlib.Path(os.environ["MPLCONFIGDIR"])
before = {p.name: p.stat().st_mtime_ns for p in home.glob("fontlist-v*.json")}
import matplotlib, matplotlib.font_manager
after = {p.name: p.stat().st_mtime_ns for p in home.glob("fontlist-v*.json")}
for p in home.glob("fontlist-v*.json"):
    p.write_text("{}")  # a kernel spoils its copy: the next kernel must not see it
print(json.dumps({"before": before, "after": after, "cachedir": matplotlib.get_cachedir(), "home": str(home)}))
"""


def test_does_each_kernel_read_the_graders_font_list_and_never_another_kernels():
    shared = font_list(sys.executable)  # the kernel's Python: the grader's
    assert shared is not None and shared.is_file()
    content = shared.read_bytes()
    for _ in range(2):
        seen = json.loads(run_in_kernel(READ_FONT_LIST).strip().splitlines()[-1])
        assert seen["cachedir"] == seen["home"]
        assert list(seen["before"]) == [shared.name], seen  # copied in before the kernel started
        assert seen["after"] == seen["before"], "matplotlib built its font list again"
    assert shared.read_bytes() == content, "a kernel changed the grader's font list"


def corruptions(notebook):
    """Copies of ``notebook`` with its nbgrader metadata spoiled one way each."""
    graded = [i for i, cell in enumerate(notebook.cells) if cell.metadata.get("nbgrader", {}).get("grade")]
    solution = [i for i, cell in enumerate(notebook.cells) if cell.metadata.get("nbgrader", {}).get("solution")]
    spoil = {
        "points not a number": lambda nb: nb.cells[graded[0]].metadata.nbgrader.update(points="ten"),
        "grade not a boolean": lambda nb: nb.cells[graded[0]].metadata.nbgrader.update(grade="yes"),
        "no grade id": lambda nb: nb.cells[solution[0]].metadata.nbgrader.pop("grade_id"),
        "duplicate grade id": lambda nb: nb.cells[graded[1]].metadata.nbgrader.update(
            grade_id=nb.cells[graded[0]].metadata.nbgrader.grade_id),
        "old schema": lambda nb: nb.cells[graded[0]].metadata.nbgrader.update(schema_version=1),
        "unknown key type": lambda nb: nb.cells[graded[0]].metadata.nbgrader.update(locked=3),
    }
    for name, change in spoil.items():
        copied = copy.deepcopy(notebook)
        change(copied)
        yield name, copied


def verdict(step, notebook):
    """``None`` if ``step`` accepts ``notebook``, else its error's type and message."""
    try:
        step.preprocess(copy.deepcopy(notebook), {})
    except Exception as error:  # the verdict compared: whatever nbgrader raises
        return type(error).__name__, str(error)
    return None


def test_does_the_metadata_check_give_nbgraders_verdict_on_every_corruption(course):
    notebook = nbformat.read(str(release(course)), as_version=4)
    assert verdict(CheckCellMetadata(), notebook) is None is verdict(NbgraderCheckCellMetadata(), notebook)
    for name, spoiled in corruptions(notebook):
        ours, nbgraders = verdict(CheckCellMetadata(), spoiled), verdict(NbgraderCheckCellMetadata(), spoiled)
        assert ours is not None and ours == nbgraders, (name, ours, nbgraders)


def test_is_the_schema_error_the_one_jsonschema_gives(course):
    from autograder.engine.preprocessors.cell_metadata import MetadataValidator

    validator = MetadataValidator()
    notebook = nbformat.read(str(release(course)), as_version=4)
    for name, spoiled in corruptions(notebook):
        for cell in spoiled.cells:
            meta = cell.metadata.get("nbgrader")
            if meta is None or meta.get("schema_version") != validator.schema_version:
                continue
            try:
                jsonschema.validate(meta, validator.schema)
                expected = None
            except jsonschema.ValidationError as error:
                expected = error.message
            try:
                validator.validate_cell(cell)
                got = None
            except jsonschema.ValidationError as error:
                got = error.message
            assert got == expected or (expected is None and got is not None), (name, got, expected)

"""Does what a student writes or displays reach the feedback page and formgrader's view shown, never live?

Unit-level: a submission is rebuilt on Initialization's release (``rebuild``, as
``RebuildFromRelease`` does), its cells run by ``run_notebook`` (as ``SandboxedExecute`` does) in a
stand-in kernel session that answers each cell with the IOPub messages a real kernel sends for it,
with checks that pass every exercise; the result is rendered as the feedback page and as formgrader's
view of the submission (``pages``). The hostile catalogue grades the same attacks through real
nbgrader (``page-attacks``, ``test_hostile_grading.py``); the roster's way into formgrader goes
through real ``nbgrader db student import``.
"""
import csv
import types

import jinja2
import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, output_from_msg

from autograder.desk import grading
from autograder.engine.checks import Exercises, Rubric
from autograder.engine.preprocessors.execute import Grader, run_notebook
from autograder.engine.preprocessors.rebuild import rebuild, restorations
from autograder.engine.summary import GradingSummary
from autograder.engine.sandbox import Execution, Limits, output_in_form
from autograder.engine.sanitize import MAX_ATTACHMENT_CHARS
from conftest import REPOSITORY, copy_course
from hostile_submissions import EXERCISES
from pages import NBGRADER_TEMPLATES, feedback_page, formgrader_view, live_scripts, page_text, png

ASSIGNMENT = "initialization"
PASSING = types.SimpleNamespace(EXERCISES=Exercises({e: 1.0 for e in EXERCISES}))
for _exercise in EXERCISES:
    PASSING.EXERCISES.check(_exercise)(lambda function, rng: Rubric(value=1))


def display(data, metadata=None):
    """The IOPub message of ``IPython.display.display(data, metadata=metadata, raw=True)``."""
    return {"header": {"msg_type": "display_data"}, "content": {"data": data, "metadata": metadata or {}}}


class StandInSession:
    """Answers each cell with the messages ``displays`` gives for its source (none for the others)."""

    def __init__(self, displays):
        self.displays = displays
        self.incidents = []

    def run_cell(self, source, timeout):
        return Execution([output_from_msg(m) for m in self.displays.get(source, [])], "ok")


def autograded(cells=(), displays=None, attachments=None):
    """Initialization's autograded notebook for a submission: the release with ``cells`` (sources;
    a string starting with "md:" is a markdown cell) added at the end, each code cell displaying what
    ``displays`` gives for its source; ``attachments`` for the markdown cells."""
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, REPOSITORY)
    submitted = nbformat.from_dict(release)
    for source in cells:
        if source.startswith("md:"):
            cell = new_markdown_cell(source.removeprefix("md:"))
            if attachments:
                cell.attachments = attachments
        else:
            cell = new_code_cell(source)
        submitted.cells.append(cell)
    notebook = rebuild(release, submitted)
    summary = run_notebook(notebook, StandInSession(displays or {}), Grader(PASSING, ASSIGNMENT, "student", Limits()))
    summary.restored = restorations(release, submitted)
    summary.write(notebook)
    return notebook


def both_pages(notebook, **student):
    return {"feedback page": feedback_page(notebook, student.get("student", "student")),
            "formgrader": formgrader_view(notebook, **student)}


def output_images(html):
    return [img for img in BeautifulSoup(html, "html.parser").select("div.output_png img")]


def test_is_an_image_size_in_output_metadata_only_a_number_on_both_pages():
    """nbconvert writes width and height unquoted: ``height="1 onerror=alert(1)"`` would add a handler."""
    source = "from IPython.display import display"
    notebook = autograded([source], {source: [
        display({"image/png": png()}, {"image/png": {"height": "1 onerror=alert(1)", "width": 32}}),
        display({"image/png": png()}, {"image/png": {"width": "8 onload=alert(2)"}, "filenames": {"image/png": "x"}}),
        display({"image/png": 'x" onerror="alert(3)'})]})
    for page, html in both_pages(notebook).items():
        assert live_scripts(html) == [], page
        images = output_images(html)
        assert len(images) == 2 and all(img["src"].startswith("data:image/png;base64,") for img in images), page
        assert images[0].get("width") == "32" and images[0].get("height") is None, page


JAVASCRIPT_LINKS = {
    "inline": "Read [the notes](javascript:alert(1)).",
    "reference": "Read [the notes][r].\n\n[r]: javascript:alert(1)",
    "mixed case": "Read [the notes](JaVaScRiPt:alert(1)).",
    "entity": "Read [the notes](&#106;avascript:alert(1)).",
    "image": "![plot](javascript:alert(1))",
}


@pytest.mark.parametrize("where", ["output", "added cell"])
@pytest.mark.parametrize("kind", JAVASCRIPT_LINKS)
def test_is_a_javascript_link_in_markdown_dead_on_both_pages(kind, where):
    markdown = JAVASCRIPT_LINKS[kind]
    source = "from IPython.display import Markdown, display"
    notebook = autograded([source], {source: [display({"text/markdown": markdown, "text/plain": "<Markdown>"})]}) \
        if where == "output" else autograded(["md:" + markdown])
    for page, html in both_pages(notebook).items():
        assert live_scripts(html) == [], page
        assert "alert(1)" in page_text(html), f"{page}: the student's text is not shown"


def test_are_safe_links_and_markdown_kept_as_written():
    markdown = "## Notes\n\nSee [the course](https://example.org/course) and [above](#top); $x^2$ is *fine*."
    notebook = autograded(["md:" + markdown])
    assert notebook.cells[-1].source == markdown
    html = feedback_page(notebook)
    assert '<a href="https://example.org/course">the course</a>' in html and "Shown as typed" not in html


def test_does_a_pasted_picture_keep_its_attachment_on_both_pages():
    """JupyterLab saves a pasted picture as ``attachment:`` in the cell's source and the picture in
    the cell's attachments; the rebuilt notebook keeps both."""
    picture = png(4, 4)
    notebook = autograded(["md:My sketch: ![sketch](attachment:sketch.png)"],
                          attachments={"sketch.png": {"image/png": picture}})
    assert notebook.cells[-1].attachments == {"sketch.png": {"image/png": picture}}
    for page, html in both_pages(notebook).items():
        assert f'src="data:image/png;base64,{picture}"' in html, page


@pytest.mark.parametrize("attachments", [
    {"sketch.png": {"image/png": "A" * (MAX_ATTACHMENT_CHARS + 4)}},  # over the grader's bound
    {"sketch.png": {"image/png": "not base64 \" onerror=alert(1)"}},
    {"other.png": {"image/png": png()}},  # not the one the text shows
    {"sketch.png": {"text/html": "<script>alert(1)</script>"}}])
def test_is_an_attachment_that_cannot_be_kept_a_note_not_a_failure(attachments):
    notebook = autograded(["md:My sketch: ![sketch](attachment:sketch.png)"], attachments=attachments)
    assert "sketch.png" not in notebook.cells[-1].get("attachments", {})
    for page, html in both_pages(notebook).items():
        assert live_scripts(html) == [] and "Shown as typed: it shows an attachment" in page_text(html), page


def test_is_html_given_as_a_list_of_strings_shown_and_the_submission_graded():
    """nbformat allows a mime bundle's text as a list of strings; the grading goes on, every exercise
    graded, and the page shows the HTML joined."""
    source = "display(raw=True)"
    notebook = autograded([source], {source: [display({"text/html": ["<b>joined", " list</b>"]}),
                                              display({"text/markdown": ["*marked", " down*"]}),
                                              display({"image/png": [png()[:8], png()[8:]]})]})
    summary = GradingSummary.of(notebook)
    assert {e: r.points for e, r in summary.exercises.items()} == {e: 1.0 for e in EXERCISES}
    outputs = [o for c in notebook.cells if c.get("source") == source for o in c.outputs]
    assert [o.data for o in outputs] == [{"text/html": "<b>joined list</b>"}, {"text/markdown": "*marked down*"},
                                         {"image/png": png()}]
    for page, html in both_pages(notebook).items():
        assert "<b>joined list</b>" in html and "<em>marked down</em>" in html, page


def test_are_kernel_messages_of_any_form_read_as_well_formed_outputs():
    """The student's kernel can send any message: one that is not an output is skipped, fields of
    the wrong type are emptied, lists of strings joined."""
    stream = {"header": {"msg_type": "stream"}, "content": {"name": "stdout", "text": ["a", "b"]}}
    error = {"header": {"msg_type": "error"}, "content": {"ename": 3, "evalue": ["x"], "traceback": "tb"}}
    assert output_in_form(stream).text == "ab"
    assert (output_in_form(error).ename, output_in_form(error).evalue, output_in_form(error).traceback) == ("", "x", [])
    assert output_in_form({"header": {"msg_type": "comm_msg"}, "content": {}}) is None
    assert output_in_form({"header": {"msg_type": "display_data"}, "content": "text"}) is None
    assert output_in_form(display(["not", "a", "dict"])).data == {}
    assert output_in_form(display({"text/plain": 5, "text/html": ["<b>", 5], "application/json": {"a": 1}})).data \
        == {"application/json": {"a": 1}}


@pytest.mark.parametrize("source", ["### BEGIN HIDDEN TESTS\nx = 1", "x = 1\n### END HIDDEN TESTS",
                                    "### BEGIN HIDDEN TESTS\n### BEGIN HIDDEN TESTS\nx = 1",
                                    "md:### BEGIN HIDDEN TESTS\nmy notes"])
def test_does_a_hidden_test_marker_in_a_students_cell_cost_no_feedback(source):
    notebook = autograded([source])
    html = feedback_page(notebook)
    assert "HIDDEN TESTS" not in html and ("x = 1" in page_text(html) or "my notes" in page_text(html))


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "a\"><script>alert(1)</script>"])
def test_is_a_student_id_escaped_on_the_feedback_page(name):
    html = feedback_page(autograded(), student=name)
    assert live_scripts(html) == []
    assert f"Feedback for {name} on" in page_text(html)


def test_does_the_gradebook_refuse_a_roster_whose_ids_or_names_are_html(tmp_path):
    """Formgrader prints ids and names unescaped (nbgrader's templates): through the course's
    configuration the gradebook takes no id that is not plain and no markup in a name, without a
    traceback, and keeps the other students as they are."""
    from nbgrader.api import Gradebook

    course = copy_course(tmp_path / "course")
    roster = [("kim", "Yuna", "Kim"), ("<img src=x onerror=alert(1)>", "Eve", "Hacker"),
              ("mal", "<img src=x onerror=alert(2)>", 'Lory"><script>alert(3)</script>'),
              ("obrien", "Siobhán", "O'Brien, Jr.")]
    with open(course / "roster.csv", "w", newline="") as file:
        csv.writer(file).writerows([["id", "first_name", "last_name", "email", "lms_user_id"],
                                    *[(i, f, l, "", str(n)) for n, (i, f, l) in enumerate(roster)]])
    printed = grading.nbgrader("db", "student", "import", "roster.csv", course_dir=course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        students = {s.id: (s.first_name, s.last_name) for s in gradebook.students}
    notebook = autograded()
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader([NBGRADER_TEMPLATES]))  # as formgrader has it
    for student, (first, last) in students.items():  # the submission's page, the student's page
        assert live_scripts(formgrader_view(notebook, student, first, last)) == [], student
        page = templates.get_template("manage_students_assignments.tpl").render(student_id=student, base_url="")
        assert BeautifulSoup(page, "html.parser").select_one("ol.breadcrumb li.active").decode_contents() == student
    assert set(students) == {"kim", "mal", "obrien"}
    assert students["kim"] == ("Yuna", "Kim") and students["obrien"] == ("Siobhán", "O'Brien, Jr.")
    assert "Traceback" not in printed and "'<img src=x onerror=alert(1)>' refused" in printed, printed

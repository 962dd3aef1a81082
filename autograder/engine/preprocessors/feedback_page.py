"""The student's feedback page: what ``nbgrader generate_feedback`` writes, made readable.

``FeedbackPage`` (a feedback preprocessor, after nbgrader's ``GetGrades``) gathers, for the page's
template (``TEMPLATES/feedback``, which nbgrader's feedback step and formgrader's "generate
feedback" both use under its name ``feedback``):

- each exercise in notebook order, named by its test cell's grade id (``test_<exercise>``), with the
  points from the gradebook (so an instructor's manual score counts) and the messages of its failed
  checks from the grading summary ``SandboxedExecute`` wrote into the notebook;
- what the grader stopped (time, memory, process limits, crashes) and what it put back as released;
- the role of each cell: ``checks`` (a test cell: only its verdict is shown), ``answer`` (a solution
  cell), ``own`` (a cell the student added); other cells are provided code, shown folded.

What the student wrote or displayed is cleaned again as the grader cleaned it
(``autograder.engine.sanitize``: outputs, the markdown of their own and answer cells), so that a
notebook graded before a fix gets a safe page too; the template escapes the student's id.

Cells whose grade id the course lists in ``omitted_cells`` (a setup cell, say) are left out.
The engine knows no course: names come from the notebook's grade ids, the omitted cells from
configuration.
"""
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from autograder.engine.cells import grade_id, nbgrader_metadata
from autograder.engine.sanitize import MAX_ATTACHMENT_CHARS, clean_outputs, student_markdown
from autograder.engine.summary import GradingSummary

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ROLE_KEY = "feedback_page"


def exercise_name(test_grade_id):
    return test_grade_id.removeprefix("test_")


def cell_role(cell, graded):
    """``checks``, ``answer``, ``own`` or ``provided`` (``graded``: exercise names with a summary)."""
    metadata = nbgrader_metadata(cell)
    if not metadata:
        return "own"
    if metadata.get("grade") and not metadata.get("solution") and exercise_name(metadata["grade_id"]) in graded:
        return "checks"
    if metadata.get("solution"):
        return "answer"
    return "provided"


def page_summary(nb, summary):
    """The top of the page (``summary``: the ``GradingSummary``): ``{"exercises": [...],
    "by_anchor": {...}, "incidents", "restored"}``."""
    comments = {grade_id(c): nbgrader_metadata(c).get("comment") for c in nb.cells if nbgrader_metadata(c)}
    exercises = []
    for cell in nb.cells:
        if ROLE_KEY in cell.metadata and cell.metadata[ROLE_KEY]["role"] == "checks":
            metadata = nbgrader_metadata(cell)
            name = exercise_name(metadata["grade_id"])
            exercises.append({
                "name": name, "anchor": metadata["grade_id"],
                "score": float(metadata.get("score") or 0.0), "points": float(metadata.get("points") or 0.0),
                "messages": list(summary.exercises[name].messages),
                "comment": comments.get(name),
            })
    return {"exercises": exercises, "by_anchor": {e["anchor"]: e for e in exercises},
            "incidents": list(summary.incidents), "restored": list(summary.restored)}


class FeedbackPage(NbGraderPreprocessor):
    """Feedback: prepare the notebook and ``resources["feedback_page"]`` for the page's template."""

    omitted_cells = List(Unicode(), help="grade ids of cells left out of the feedback page (setup cells)"
                         ).tag(config=True)

    def preprocess(self, nb, resources):
        summary = GradingSummary.of(nb) or GradingSummary()
        nb.cells = [c for c in nb.cells if grade_id(c) not in self.omitted_cells]
        budget = MAX_ATTACHMENT_CHARS
        for cell in nb.cells:
            role = cell_role(cell, summary.exercises)
            if cell.cell_type == "code":
                cell.outputs = clean_outputs(cell.get("outputs"))
            elif cell.cell_type == "markdown" and role in ("own", "answer"):
                budget -= student_markdown(cell, cell, budget)
            cell.metadata[ROLE_KEY] = {"role": role}
            if role == "answer":
                cell.metadata[ROLE_KEY]["exercise"] = grade_id(cell)
        resources[ROLE_KEY] = page_summary(nb, summary)
        return nb, resources

"""Rebuild the submitted notebook on the release: only answers and added cells come from it."""
import copy
from pathlib import Path

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade

from autograder.engine.cells import grade_id, malformed, nbgrader_metadata
from autograder.engine.preprocessors.reader import UNREADABLE_KEY
from autograder.engine.sanitize import MAX_ATTACHMENT_CHARS, student_markdown, text
from autograder.engine.summary import GradingSummary


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
        GradingSummary(restored=restorations(release, nb)).write(rebuilt)
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

"""The two pages a graded notebook becomes, rendered in-process, and what in them would run.

- ``feedback_page``: what ``nbgrader generate_feedback`` writes, through the course's feedback
  preprocessors (as ``nbgrader_config.py`` lists them, without the gradebook's ``GetGrades``, whose
  points come from ``scores``) and its template;
- ``formgrader_view``: what formgrader shows for a submission: nbgrader's ``formgrade`` template,
  found through the template folders ``nbgrader_config.py`` gives nbconvert, with the resources
  formgrader's submission handler passes (the student's id and names from the gradebook).

``live_scripts`` lists what a browser would run of a student's payload: every payload of the tests
calls ``alert(``, so an element attribute (a handler, a ``javascript:`` link) or a script element
that carries it is live; the same text shown as text, or held in a ``data-`` attribute, is not.
"""
import base64
import os
import zlib

import nbformat
import nbgrader
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor

from autograder.engine.preprocessors import TEMPLATES, FeedbackPage, HideHiddenTests

NBGRADER_TEMPLATES = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates")
TEMPLATE_FOLDERS = [str(TEMPLATES), NBGRADER_TEMPLATES]  # c.HTMLExporter.extra_template_basedirs


def png(width=2, height=2):
    """A small valid PNG (gray pixels), as base64 text."""
    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return base64.b64encode(data).decode()


def feedback_page(notebook, student="student", assignment="initialization", score=0.0, max_score=0.0):
    """The feedback page's HTML for ``notebook`` (an autograded notebook; it is not changed)."""
    exporter = HTMLExporter(template_name="feedback", extra_template_basedirs=TEMPLATE_FOLDERS)
    for preprocessor in (CSSHTMLHeaderPreprocessor(), HideHiddenTests(), FeedbackPage()):
        exporter.register_preprocessor(preprocessor, enabled=True)
    resources = {"nbgrader": {"student": student, "assignment": assignment, "notebook": assignment,
                              "score": score, "max_score": max_score, "late_penalty": 0}}
    return exporter.from_notebook_node(nbformat.from_dict(notebook), resources=resources)[0]


def formgrader_view(notebook, student="student", first_name=None, last_name=None, assignment="initialization"):
    """Formgrader's page of the submission ``notebook`` (its autograded notebook; not changed)."""
    exporter = HTMLExporter(template_name="formgrade", extra_template_basedirs=TEMPLATE_FOLDERS)
    resources = {"assignment_id": assignment, "notebook_id": assignment, "submission_id": "0" * 32,
                 "index": 0, "total": 1, "base_url": "", "student": student, "first_name": first_name,
                 "last_name": last_name, "notebook_path": f"autograded/{student}/{assignment}/{assignment}.ipynb"}
    return exporter.from_notebook_node(nbformat.from_dict(notebook), resources=resources)[0]


def live_scripts(html):
    """The attributes and script elements of a page that carry a student's ``alert(`` payload."""
    live = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name == "script" and "alert(" in element.get_text():
            live.append(str(element)[:120])
        live += [f"<{element.name} {name}={value!r}>" for name, value in element.attrs.items()
                 if "alert(" in str(value) and not name.startswith("data-")]  # data-* is read as text
    return live


def page_text(html):
    """What the page shows as text."""
    return BeautifulSoup(html, "html.parser").get_text()

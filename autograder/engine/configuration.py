"""Trusted grading in a course's ``nbgrader_config.py``, in one call.

    from autograder.engine.configuration import configure
    configure(c, HERE, checks_module="mycourse_checks.{assignment}", student_packages=["mycourse"])

puts the engine's steps in place of nbgrader's own (see the README's threat model): the notebook is
rebuilt on the release (only answers and added cells come from the student), run in a sandboxed
kernel with the limits of ``sandbox.Limits`` (override fields with ``c.SandboxedExecute.limits``),
and each test cell is graded by the course's hidden checks in the grader's process, never by code in
the student's kernel. The engine knows a course only through these arguments.
"""
import os

import nbgrader
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, ClearOutput, GetGrades, IgnorePattern, LimitOutput,
                                    OverwriteKernelspec, SaveAutoGrades)

from autograder.engine.preprocessors import (TEMPLATES, CheckCellMetadata, FeedbackPage, GradingMarkers,
                                             HideHiddenTests, RebuildFromRelease, SandboxedExecute, SubmissionReader,
                                             WriteTextSummary)
from autograder.engine.students import guard_gradebook

NBGRADER_TEMPLATES = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates")


def configure(c, course_dir, checks_module, student_packages=(), omitted_cells=()):
    """Configure ``c`` (nbgrader's config object) for trusted grading of the course in ``course_dir``.

    ``checks_module``: the name of an assignment's checks module, with ``{assignment}`` where the
    assignment's name goes (``"mycourse_checks.{assignment}"``, ``"mycourse.{assignment}.checks"``);
    ``student_packages``: the packages the notebooks import from the grader's environment (readable
    in the sandbox); ``omitted_cells``: grade ids of cells the feedback page leaves out (setup cells).
    """
    c.SandboxedExecute.checks_module = checks_module
    c.SandboxedExecute.student_packages = list(student_packages)
    c.Autograde.exporter_class = SubmissionReader  # a file that is not a notebook is graded empty, with a note
    c.Autograde.sanitize_preprocessors = [ClearOutput, RebuildFromRelease, OverwriteKernelspec, CheckCellMetadata]
    c.Autograde.autograde_preprocessors = [SandboxedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                           SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    # A grading killed midway leaves a folder nbgrader would skip: a marker, locked while its grading
    # runs, says which; every nbgrader command starts by removing such folders.
    markers = GradingMarkers(course_dir)
    c.Autograde.pre_convert_hook = markers.started
    c.Autograde.post_convert_hook = markers.finished
    markers.discard_interrupted()
    # Formgrader prints students' ids and names unescaped (nbgrader's templates): an id that is not
    # plain (letters, digits, . _ - @ +) is refused and names lose < and > whenever a student record
    # is written to the gradebook, by `nbgrader db student import`, autograde or formgrader.
    guard_gradebook()
    # Feedback shows the messages of the hidden checks, never their code, plus a text summary. The
    # page (templates/feedback, found before nbgrader's template of the same name, which formgrader's
    # "generate feedback" asks for too) opens with the points of each exercise and what its checks found.
    c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, HideHiddenTests, FeedbackPage,
                                        WriteTextSummary]
    c.FeedbackPage.omitted_cells = list(omitted_cells)
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), NBGRADER_TEMPLATES]

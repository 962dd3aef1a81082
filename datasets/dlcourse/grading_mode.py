"""Is the notebook being run by the course's grader?

The course's nbgrader configuration sets ``DLCOURSE_GRADING=1`` for the kernels it starts. Two
things change then, and the notebooks say so where it happens:

- a failed public check is printed instead of raised, so the hidden checks after it still run;
- cells that only train and plot use a short budget (``budget(full, when_grading)``): the graded
  functions are checked in full by the hidden checks, not by the training runs.
"""
import os

GRADING_FLAG = "DLCOURSE_GRADING"


def grading():
    """True when the course's grader runs this notebook."""
    return os.environ.get(GRADING_FLAG) == "1"


def budget(full, when_grading):
    """``full`` (iterations, epochs, ...) normally, ``when_grading`` under the grader."""
    return when_grading if grading() else full

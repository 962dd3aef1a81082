"""Is the notebook being run by the course's grader?

nbgrader's name for it is the environment variable ``NBGRADER_EXECUTION`` (``autograde`` while
grading), which the grader sets for the kernels it starts. Cells that only train and plot then use
a short budget (``budget(full, when_grading)``): the graded functions are checked in full by the
hidden checks, not by the training runs. The notebooks say so where it happens.
"""
import os

GRADING_FLAG = "NBGRADER_EXECUTION"


def grading():
    """True when the course's grader runs this notebook."""
    return os.environ.get(GRADING_FLAG) == "autograde"


def budget(full, when_grading):
    """``full`` (iterations, epochs, ...) normally, ``when_grading`` under the grader."""
    return when_grading if grading() else full

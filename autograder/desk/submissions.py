"""Demo submissions on the desk: whether a graded demo got the score it must get, and notebooks read
from disk. What declares demos and mistakes and fills a release with answers is the course's
(``autograder.course.demo``).
"""
import nbformat


def meets(expectation, score, max_score):
    """Does ``score`` out of ``max_score`` meet ``"zero"``, ``"partial"`` or ``"full"``?"""
    if expectation == "zero":
        return score == 0
    if expectation == "partial":
        return 0 < score < max_score
    return score == max_score


def read_notebook(path):
    return nbformat.read(str(path), as_version=4)

"""``python -m autograder.desk.nbgrader_command ARGS``: the ``nbgrader`` command, started 1 s sooner.

nbgrader imports nbformat, which imports jsonschema, which imports the optional ``rfc3987_syntax``
when it is installed (Jupyter's event schemas ask for it) to offer an "iri" format check, and
that import builds an Earley parser: about 1 s of every nbgrader process here. Neither nbgrader
nor nbformat checks that format, so the import is skipped; the command is nbgrader's own. The
course runs every nbgrader command through this (``grading.nbgrader``); plain ``nbgrader`` works
the same, only slower to start.
"""
import sys

sys.modules.setdefault("rfc3987_syntax", None)  # a failed import: jsonschema then goes without the check

from nbgrader.apps.nbgraderapp import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

"""nbgrader's reader of submitted notebooks: whatever the file is, the batch goes on."""
import os

import nbformat
from nbconvert.exporters import NotebookExporter

from autograder.engine.links import why_not_plain

MAX_NOTEBOOK_BYTES = 100 * 2**20
UNREADABLE_KEY = "sandboxed_grading_unreadable"


class SubmissionReader(NotebookExporter):
    """nbgrader's reader of notebooks for autograding, which takes a submission that is not a
    notebook (not JSON, not UTF-8, too large) as an empty one marked unreadable: it is graded
    (the release alone, without answers) and its feedback says why, and the batch goes on."""

    def from_file(self, file_stream, resources=None, **kw):
        try:
            link = why_not_plain(getattr(file_stream, "name", ""))
            if link:  # opened, never read: the grader runs as root, the target may be anything
                raise ValueError(f"the submitted notebook is {link}; submit the notebook file itself")
            if os.fstat(file_stream.fileno()).st_size > MAX_NOTEBOOK_BYTES:
                raise ValueError(f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
            notebook = nbformat.read(file_stream, as_version=4)
        except Exception as error:  # whatever the file holds, it is the student's, not a grader fault
            notebook = nbformat.v4.new_notebook()
            notebook.metadata[UNREADABLE_KEY] = f"{type(error).__name__}: {str(error)[:200]}"
        return self.from_notebook_node(notebook, resources=resources, **kw)

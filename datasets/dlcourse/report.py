"""The results table that closes every notebook, filled from the notebook's own run."""


def results_table(rows, columns=("Model", "Train accuracy", "Test accuracy", "Comment")):
    """Markdown table of ``rows`` (tuples; floats shown as percentages), displayed in Jupyter.

    Returns the ``IPython.display.Markdown`` object (its ``.data`` is the table text).
    """
    from IPython.display import Markdown

    def cell(value):
        return f"{value:.1%}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return Markdown("\n".join(lines))

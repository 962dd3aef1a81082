"""Run inside a notebook's kernel (the first cell the tests add runs this source, then
``install(folder)``): every figure the notebook displays is saved as a PNG in ``folder`` and
inspected for a title, labelled axes and a legend that hides no data; the findings collect in
``FIGURE_REPORT``.

Nothing here changes what the notebook shows: the PNG written is the one the notebook displays.
"""
import base64
import re
from pathlib import Path

import matplotlib.pyplot  # noqa: F401  (loads the inline backend before its printer is wrapped)
import numpy as np
from IPython import get_ipython
from matplotlib.figure import Figure

FIGURE_REPORT = []  # one dict a displayed figure: {"png": file name, "problems": [...]}


def _axes_of(fig):
    """The axes that count: visible, neither a colorbar nor an inset of another axes."""
    insets = {id(child) for ax in fig.axes for child in ax.child_axes}
    return [ax for ax in fig.axes if ax.get_visible() and not hasattr(ax, "_colorbar") and id(ax) not in insets]


def _shared_label(ax, which):
    """The axis label of ``ax``, or of an axes it shares that axis with."""
    group = ax.get_shared_x_axes() if which == "x" else ax.get_shared_y_axes()
    siblings = group.get_siblings(ax)
    return next((label for a in siblings if (label := (a.get_xlabel() if which == "x" else a.get_ylabel()))), "")


def _densified(points, step=2.0):
    """``points`` (k, 2) in pixels with extra points every ``step`` pixels along each segment."""
    out = [points[:1]]
    for a, b in zip(points[:-1], points[1:]):
        count = int(min(np.hypot(*(b - a)) // step, 2000)) + 1
        out.append(a + np.outer(np.arange(1, count + 1) / count, b - a))
    return np.vstack(out)


def _data_points(ax):
    """Pixel positions of everything ``ax`` plots as lines or markers, inside the axes."""
    found = []
    for line in ax.lines:
        if line.get_visible() and len(line.get_xydata()):
            xy = line.get_transform().transform(np.asarray(line.get_xydata(), float))
            xy = xy[np.isfinite(xy).all(axis=1)]
            if len(xy):
                found.append(_densified(xy) if line.get_linestyle() not in ("None", "", " ") else xy)
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), float)
        if collection.get_visible() and offsets.ndim == 2 and len(offsets):
            found.append(collection.get_offset_transform().transform(offsets))
    if not found:
        return np.empty((0, 2))
    points = np.vstack(found)
    box = ax.bbox
    return points[(points[:, 0] >= box.x0) & (points[:, 0] <= box.x1)
                  & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)]


def figure_problems(fig):
    """What a reader could miss in ``fig``: ``["axes 1: no y label", ...]``."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    suptitle = fig._suptitle.get_text() if fig._suptitle else ""
    axes = _axes_of(fig)
    # A figure's title: its suptitle, or the title of each axes (an image grid's labels are not one).
    untitled = [n for n, ax in enumerate(axes, 1) if not (ax.get_title() and (len(axes) == 1 or ax.axison))]
    problems = [f"no title: neither the figure nor its axes {untitled}"] if untitled and not suptitle else []
    for number, ax in enumerate(axes, 1):
        name = f"axes {number} ({ax.get_title() or 'untitled'})"
        if ax.axison:
            problems += [f"{name}: no {w} label" for w in "xy" if not _shared_label(ax, w)]
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        box = legend.get_window_extent(renderer).padded(-1)
        points = _data_points(ax)
        hidden = points[(points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                        & (points[:, 1] > box.y0) & (points[:, 1] < box.y1)]
        if len(hidden):
            problems.append(f"{name}: the legend hides {len(hidden)} plotted points")
        for label in (ax.xaxis.label, ax.yaxis.label):
            if label.get_text() and box.overlaps(label.get_window_extent(renderer)):
                problems.append(f"{name}: the legend covers the axis label {label.get_text()!r}")
    return problems


def _slug(fig):
    title = (fig._suptitle.get_text() if fig._suptitle else "") or next(
        (ax.get_title() for ax in fig.axes if ax.get_title()), "untitled")
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "untitled"


def install(folder):
    """Wrap the kernel's PNG printer of figures: each figure displayed is also saved and inspected."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    get_ipython().run_line_magic("matplotlib", "inline")  # the notebook's own backend, set up now
    formatter = get_ipython().display_formatter.formatters["image/png"]
    show_png = formatter.lookup_by_type(Figure)

    def printer(fig):
        data = show_png(fig)
        name = f"{len(FIGURE_REPORT) + 1:02d}-{_slug(fig)}.png"
        Path(folder, name).write_bytes(data if isinstance(data, bytes) else base64.b64decode(data))
        FIGURE_REPORT.append({"png": name, "problems": figure_problems(fig)})
        return data

    formatter.for_type(Figure, printer)

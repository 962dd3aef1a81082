"""Do the course's figures say what the text says, and would the figure check see one that hides data?

Every figure of every source notebook is inspected in the notebook runs of the assignments' test files
(``figure_probe.py`` through ``conftest.run_source_notebook``); these tests check the inspection itself."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from dlcourse.plots import CLASS_COLORS, plot_dataset, plot_decision_boundary  # noqa: E402
from figure_probe import figure_problems  # noqa: E402


def curves(legend_location):
    fig, ax = plt.subplots(figsize=(5, 4))
    x = np.linspace(0, 1, 50)
    ax.plot(x, 1 - x, label="falling")
    ax.plot(x, x, label="rising")
    ax.set(title="two lines", xlabel="x", ylabel="y")
    if legend_location == "below":
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15))
    else:
        ax.legend(loc=legend_location)
    return fig


def test_does_the_figure_check_see_a_legend_over_a_line():
    fig = curves("center")  # both lines cross the centre
    assert any("the legend hides" in problem for problem in figure_problems(fig))
    plt.close(fig)


def test_does_the_figure_check_pass_a_legend_below_the_axes():
    fig = curves("below")
    assert figure_problems(fig) == []
    plt.close(fig)


def test_does_the_figure_check_ask_for_a_title_and_axis_labels():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    problems = figure_problems(fig)
    assert any(p.startswith("no title") for p in problems)
    assert any("no x label" in p for p in problems) and any("no y label" in p for p in problems)
    plt.close(fig)


def shown_colour(ax, corner=(0.03, 0.03)):
    """RGB of the pixel drawn at ``corner`` (axes coordinates) of the figure of ``ax``."""
    ax.figure.canvas.draw()
    pixels = np.asarray(ax.figure.canvas.buffer_rgba())
    x, y = ax.transAxes.transform(corner)
    return pixels[pixels.shape[0] - int(y), int(x), :3] / 255


def test_does_a_network_that_predicts_zero_everywhere_paint_the_plane_in_class_zeros_colour():
    X = np.array([[0.0, 1.0, 0.5], [0.0, 1.0, 0.2]])
    ax = plot_decision_boundary(lambda points: np.zeros((1, points.shape[1])), X, np.array([[0, 1, 1]]),
                                resolution=20)
    alpha = 0.3  # the shading's
    expected = alpha * np.array(to_rgba(CLASS_COLORS[0])[:3]) + (1 - alpha) * np.ones(3)
    assert np.allclose(shown_colour(ax), expected, atol=0.02)
    plt.close(ax.figure)


def test_are_the_points_of_each_class_drawn_in_its_colour():
    ax = plot_dataset(np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([[0, 1]]))
    points = ax.collections[0]
    faces = points.to_rgba(points.get_array())
    assert np.allclose(faces[0], to_rgba(CLASS_COLORS[0])) and np.allclose(faces[1], to_rgba(CLASS_COLORS[1]))
    plt.close(ax.figure)

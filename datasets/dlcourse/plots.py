"""Pictures shared by the notebooks: datasets, cost curves, decision boundaries."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

# The colours of class 0 and class 1 in every picture of the course: red and blue.
CLASS_COLORS = ("#c0392b", "#2c6fbb")
CLASS_CMAP = ListedColormap(CLASS_COLORS, name="dlcourse_classes")


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_dataset(X, Y, ax=None, title=None):
    """Scatter plot of 2-D points ``X`` (2, m) coloured by their 0/1 labels ``Y`` (1, m)."""
    ax = _axes(ax)
    ax.scatter(X[0, :], X[1, :], c=Y.ravel(), s=25, cmap=CLASS_CMAP, vmin=0, vmax=1, edgecolors="k",
               linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_decision_boundary(predict_fn, X, Y, ax=None, title=None, resolution=300):
    """Shade the plane by ``predict_fn`` and overlay the labelled points; each class has its colour
    (``CLASS_COLORS``) in the shading as in the points, even when one class is predicted everywhere.

    Inputs:
        predict_fn: maps points (2, k) to 0/1 labels (1, k); X: (2, m); Y: (1, m)
    """
    ax = _axes(ax)
    pad = 0.5
    x1 = np.linspace(X[0].min() - pad, X[0].max() + pad, resolution)
    x2 = np.linspace(X[1].min() - pad, X[1].max() + pad, resolution)
    grid1, grid2 = np.meshgrid(x1, x2)
    labels = predict_fn(np.vstack([grid1.ravel(), grid2.ravel()])).reshape(grid1.shape)
    ax.contourf(grid1, grid2, labels, levels=[-0.5, 0.5, 1.5], colors=CLASS_COLORS, alpha=0.3)
    plot_dataset(X, Y, ax=ax, title=title)
    return ax


def plot_costs(costs, every=100, ax=None, title=None, label=None, xlabel="iteration", **style):
    """Cost curve of a training run whose cost was recorded every ``every`` iterations.

    ``style``: passed to ``ax.plot`` (``linestyle``, ``marker``, ...). With a ``label`` the legend goes
    where it hides the fewest points (call ``ax.legend`` again after adding curves)."""
    ax = _axes(ax)
    iterations = np.arange(len(costs)) * every
    ax.plot(iterations, costs, label=label, **style)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("cost")
    if title:
        ax.set_title(title)
    if label:
        ax.legend()
    return ax


def plot_component_errors(errors, shapes, threshold=None, ax=None, title=None, floor=1e-12):
    """Bar chart of a gradient check's error component by component, one colour per parameter.

    Inputs:
        errors: (n,) non-negative, for example ``gradient_check.component_errors(grad, gradapprox)``
        shapes: ``[(key, shape), ...]`` of the flattened dict (``gradient_check.parameter_shapes``)
        threshold: if given, a dashed line at this height (a component above it fails the check alone)
        floor: errors below it (exact agreement included) are drawn at ``floor`` on the log scale
    """
    ax = _axes(ax, figsize=(9, 3.5))
    errors = np.maximum(np.ravel(errors), floor)
    start = 0
    for index, (key, shape) in enumerate(shapes):
        size = int(np.prod(shape))
        positions = np.arange(start, start + size)
        ax.bar(positions, errors[start:start + size], color=f"C{index % 10}", label=key)
        start += size
    ax.set_yscale("log")
    if threshold is not None:
        ax.axhline(threshold, color="k", linestyle="--", linewidth=1, label=f"{threshold:g}")
    ax.set_ylim(floor, max(1.0, errors.max()) * 1e3)  # headroom for the legend
    ax.set_xlabel("component of the flattened parameter vector")
    ax.set_ylabel("|grad - gradapprox| / (||grad|| + ||gradapprox||)", fontsize="small")
    ax.legend(ncol=len(shapes) + 1, fontsize="small", loc="upper left")
    if title:
        ax.set_title(title)
    return ax


def plot_mini_batches(mini_batches, ax=None, title=None):
    """Where each example lands: shaded spans are the mini-batches, a dot is one example.

    Inputs:
        mini_batches: ``[(X_1, Y_1), ...]`` as ``random_mini_batches`` returns them when called on
        ``X = np.arange(m).reshape(1, m)``, so that each entry of ``X_k`` is an example's column index
    """
    ax = _axes(ax, figsize=(9, 3))
    start = 0
    for k, (X_k, _) in enumerate(mini_batches):
        size = X_k.shape[1]
        ax.axvspan(start - 0.5, start + size - 0.5, color=plt.cm.tab10(k % 10), alpha=0.25)
        ax.text(start + size / 2, 1.02, f"batch {k + 1}\n{size} examples", ha="center", va="bottom",
                transform=ax.get_xaxis_transform(), fontsize=8)
        ax.scatter(np.arange(start, start + size), X_k.ravel(), s=4, color="k")
        start += size
    ax.set_xlim(-0.5, start - 0.5)
    ax.set_xlabel("position in the shuffled order")
    ax.set_ylabel("column of X")
    if title:
        ax.set_title(title, pad=30)
    return ax


def plot_images(images, titles=None, columns=10, size=1.0, title=None):
    """A grid of ``images`` ((k, height, width, 3) uint8), each with its title if ``titles`` is given,
    under the figure's ``title``."""
    rows = -(-len(images) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(columns * size, rows * size * 1.15), squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i])
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# One look per update rule in every comparison: gradient descent wide and pale, momentum dashed on top
# of it, so that both stay visible where their curves coincide.
OPTIMIZER_STYLES = {
    "gd": {"color": "C0", "linewidth": 5, "alpha": 0.4},
    "momentum": {"color": "C1", "linewidth": 1.5, "linestyle": "--"},
    "rmsprop": {"color": "C2", "linewidth": 1.5, "marker": "o", "markersize": 3, "markevery": 5},
    "adam": {"color": "C3", "linewidth": 1.5},
}
DECAY_STYLES = {"update_lr": {"color": "C4"}}  # on top of the rule's style, by the label's last part


def plot_histories(histories, key, ax=None, title=None, every=100, ylabel=None):
    """One curve a training run: ``history[key]`` recorded every ``every`` epochs, against the epoch.

    Inputs:
        histories: ``{label: {"cost": [...], "learning_rate": [...]}}``; a label starts with the name of
        its update rule ("adam, learning rate 0.0007"), which picks its ``OPTIMIZER_STYLES``, and may
        end with its decay schedule, which may change it (``DECAY_STYLES``)
    The legend goes below the axes, where it hides no curve."""
    ax = _axes(ax)
    for label, history in histories.items():
        parts = [part.strip() for part in label.split(",")]
        style = {**OPTIMIZER_STYLES.get(parts[0], {}), **DECAY_STYLES.get(parts[-1], {})}
        ax.plot(np.arange(len(history[key])) * every, history[key], label=label, **style)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel or key.replace("_", " "))
    if title:
        ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize="small", frameon=False)
    return ax

"""Pictures that explain an idea, drawn from small synthetic data or from the student's own functions.

- ``plot_descent_paths``: batch, mini-batch and stochastic gradient descent on an elongated bowl;
- ``plot_momentum``: the same bowl with and without momentum, and the velocity against the gradient;
- ``plot_learning_rate_schedules``: the learning rate of each epoch under each decay schedule;
- ``plot_dropout``: which units dropout switches off, one network per iteration;
- ``plot_flattening``: a parameter dict laid out as one vector, each slice labelled;
- ``plot_one_hot``: labels and the one-hot matrix made from them.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, Rectangle

BOWL_SCALES = np.array([1.0, 3.0])  # standard deviations of the two features: an elongated bowl
BOWL_TARGET = np.array([2.0, 0.5])  # the weights that generate the data: the bottom of the bowl
BOWL_START = np.array([-2.5, 1.3])


def bowl_data(m=64, seed=0):
    """A least-squares problem whose cost is an elongated quadratic bowl.

    Returns ``X`` (m, 2) with features of scales ``BOWL_SCALES`` and targets ``y`` (m,)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 2)) * BOWL_SCALES
    y = X @ BOWL_TARGET + rng.normal(scale=0.5, size=m)
    return X, y


def bowl_cost(w, X, y):
    """Mean of ``(x . w - y)**2 / 2`` over the rows of ``X``; ``w``: (..., 2)."""
    residuals = np.tensordot(w, X, axes=([-1], [1])) - y
    return 0.5 * np.mean(residuals ** 2, axis=-1)


def bowl_gradient(w, X, y):
    """Gradient of ``bowl_cost`` at ``w`` (2,), on the examples ``X`` (k, 2), ``y`` (k,)."""
    return X.T @ (X @ w - y) / len(y)


def descent_path(X, y, learning_rate, batch_size, steps, beta=0.0, seed=1):
    """Weights visited by (mini-batch) gradient descent with momentum ``beta`` (0: none).

    Returns ``path`` (steps + 1, 2) and the gradients ``(steps, 2)`` and velocities ``(steps, 2)``."""
    rng = np.random.default_rng(seed)
    w, v = BOWL_START.copy(), np.zeros(2)
    path, gradients, velocities = [w.copy()], [], []
    for _ in range(steps):
        batch = rng.choice(len(y), size=batch_size, replace=False)
        gradient = bowl_gradient(w, X[batch], y[batch])
        v = beta * v + (1 - beta) * gradient
        w = w - learning_rate * v
        path.append(w.copy())
        gradients.append(gradient)
        velocities.append(v.copy())
    return np.array(path), np.array(gradients), np.array(velocities)


def _contours(ax, X, y):
    w1, w2 = np.meshgrid(np.linspace(-3.2, 4.2, 200), np.linspace(-1.0, 2.0, 200))
    costs = bowl_cost(np.stack([w1, w2], axis=-1), X, y)
    ax.contour(w1, w2, costs, levels=np.geomspace(costs.min() + 0.05, costs.max(), 12), colors="0.7",
               linewidths=0.8)
    ax.plot(*BOWL_TARGET, marker="*", color="k", markersize=12, linestyle="none", label="minimum")
    ax.set_xlabel("$w_1$ (feature of small scale)")
    ax.set_ylabel("$w_2$ (feature of large scale)")


def _legend_below(ax, columns=3):
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=columns, fontsize="small", frameon=False)


def plot_descent_paths(steps=30):
    """Three panels on the same bowl: batch (all 64 examples a step), mini-batch (8) and stochastic (1)
    gradient descent. Batch and mini-batch use the learning rate 0.2, large enough to zigzag across the
    steep direction; stochastic steps use 0.1 (at 0.2 they fly off the picture)."""
    X, y = bowl_data()
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2), sharey=True)
    runs = (("batch (64 examples)", len(y), 0.2, "C0"), ("mini-batch (8 examples)", 8, 0.2, "C2"),
            ("stochastic (1 example)", 1, 0.1, "C3"))
    for ax, (name, size, learning_rate, color) in zip(axes, runs):
        _contours(ax, X, y)
        path = descent_path(X, y, learning_rate, size, steps)[0]
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=3, color=color, label=f"{steps} steps")
        ax.set_title(f"{name}, learning rate {learning_rate}")
        _legend_below(ax)
    fig.suptitle("Gradient descent on an elongated bowl: the fewer examples a step, the noisier the path")
    fig.tight_layout()
    return fig


def plot_momentum(learning_rate=0.06, steps=40, beta=0.9, batch_size=8):
    """Left: mini-batch steps without and with momentum on the bowl. Right: the steep coordinate of the
    gradient of each step and of the velocity, its running average."""
    X, y = bowl_data()
    plain = descent_path(X, y, learning_rate, batch_size, steps)[0]
    smooth, gradients, velocities = descent_path(X, y, learning_rate, batch_size, steps, beta=beta)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4))
    _contours(left, X, y)
    left.plot(plain[:, 0], plain[:, 1], marker="o", markersize=3, color="C0", label="no momentum")
    left.plot(smooth[:, 0], smooth[:, 1], marker="o", markersize=3, color="C3", label=f"momentum, beta {beta}")
    left.set_title(f"Mini-batch steps ({batch_size} examples), learning rate {learning_rate}")
    _legend_below(left)
    step = np.arange(1, steps + 1)
    right.plot(step, gradients[:, 1], color="C0", marker=".", label="$dw_2$ of the step's mini-batch")
    right.plot(step, velocities[:, 1], color="C3", linewidth=2, label=f"velocity $v_{{dw_2}}$ (beta {beta})")
    right.axhline(0, color="k", linewidth=0.6)
    right.set_xlabel("step")
    right.set_ylabel("steep coordinate $w_2$ of the update")
    right.set_title("The velocity averages the zigzag away")
    _legend_below(right, columns=2)
    fig.suptitle("Momentum: a running average of the gradients")
    fig.tight_layout()
    return fig


def plot_learning_rate_schedules(schedules, learning_rate0=0.1, num_epochs=5000, decay_rate=1, ax=None):
    """The learning rate of every epoch under each schedule, on a log scale.

    Inputs:
        schedules: ``{name: decay}``, each ``decay(learning_rate0, epoch_num, decay_rate) -> rate``
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    epochs = np.arange(num_epochs)
    ax.plot(epochs, np.full(num_epochs, learning_rate0), color="0.5", linestyle=":", label="no decay")
    for index, (name, decay) in enumerate(schedules.items()):
        rates = [decay(learning_rate0, int(epoch), decay_rate) for epoch in epochs]
        ax.plot(epochs, rates, color=f"C{index}", linewidth=2, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.set_title(f"Learning rate per epoch, learning_rate0 {learning_rate0}, decay_rate {decay_rate}")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize="small")
    return ax


def _network(ax, layers_dims, masks):
    """Draw units as circles, a column a layer; ``masks[l]`` (n_l,) says which units of layer l are kept."""
    positions = [np.linspace(-(n - 1) / 2, (n - 1) / 2, n) for n in layers_dims]
    for l in range(len(layers_dims) - 1):
        for i, y_from in enumerate(positions[l]):
            for j, y_to in enumerate(positions[l + 1]):
                if masks[l][i] and masks[l + 1][j]:
                    ax.plot([l, l + 1], [y_from, y_to], color="0.6", linewidth=0.6, zorder=1)
    for l, ys in enumerate(positions):
        for i, y in enumerate(ys):
            kept = masks[l][i]
            ax.add_patch(Circle((l, y), 0.22, facecolor="C0" if kept else "white",
                                edgecolor="k" if kept else "0.6", linestyle="-" if kept else "--", zorder=2))
            if not kept:
                ax.plot([l - 0.15, l + 0.15], [y - 0.15, y + 0.15], color="C3", zorder=3)
                ax.plot([l - 0.15, l + 0.15], [y + 0.15, y - 0.15], color="C3", zorder=3)
    ax.set_xlim(-0.5, len(layers_dims) - 0.5)
    ax.set_ylim(-max(layers_dims) / 2, max(layers_dims) / 2)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_dropout(layers_dims=(3, 6, 5, 1), keep_prob=0.6, iterations=3, seed=1):
    """The network at ``iterations`` successive iterations: each hidden unit is kept with probability
    ``keep_prob`` (drawn as dropout draws it, ``np.random.rand(n_l, 1) < keep_prob``), crossed out
    otherwise; inputs and output are always kept."""
    rng = np.random.RandomState(seed)
    fig, axes = plt.subplots(1, iterations, figsize=(4 * iterations, 3.8))
    for iteration, ax in enumerate(np.atleast_1d(axes), 1):
        masks = [np.ones(layers_dims[0], bool)]
        masks += [(rng.rand(n, 1) < keep_prob).ravel() for n in layers_dims[1:-1]]
        masks += [np.ones(layers_dims[-1], bool)]
        _network(ax, layers_dims, masks)
        kept = sum(int(m.sum()) for m in masks[1:-1])
        ax.set_title(f"iteration {iteration}: {kept} of {sum(layers_dims[1:-1])} hidden units kept")
    fig.suptitle(f"Dropout with keep_prob {keep_prob}: a different thinned network at every iteration")
    fig.tight_layout()
    return fig


def _vector_row(ax, shapes, y, height=0.6):
    """One row of cells, a cell per entry, coloured and labelled by the key it comes from."""
    start = 0
    for index, (key, shape) in enumerate(shapes):
        size = int(np.prod(shape))
        color = f"C{index % 10}"
        for k in range(size):
            ax.add_patch(Rectangle((start + k, y), 1, height, facecolor=color, edgecolor="white", alpha=0.8))
        shape_text = "x".join(map(str, shape)) or "scalar"
        ax.annotate(f"{key} ({shape_text})\ntheta[{start}:{start + size}]", (start + size / 2, y + height),
                    xytext=(0, 4 + 24 * (index % 2)), textcoords="offset points", ha="center", va="bottom",
                    fontsize=8, arrowprops={"arrowstyle": "-", "color": "0.5"} if index % 2 else None)
        start += size
    return start


def plot_flattening(shapes, one_d_shapes=(("theta", ()),)):
    """How a gradient check sees its parameters: one column vector ``theta``, the arrays one after the
    other, each reshaped to a column (row by row, as ``np.reshape``).

    Inputs:
        shapes: ``[(key, shape), ...]`` of the network, as ``gradient_check.parameter_shapes`` gives them
        one_d_shapes: the same for the one-parameter case, drawn above it
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 4.4), gridspec_kw={"height_ratios": [1, 1.4]})
    for ax, rows, title in ((top, one_d_shapes, "1-D: J(theta) = theta x, one number to shift"),
                            (bottom, shapes, "N-D: every array of the dict, one slice of theta each")):
        n = _vector_row(ax, rows, 0.0)
        ax.set_xlim(-0.5, max(n, 10) + 0.5)
        ax.set_ylim(-0.4, 2.6)
        ax.set_yticks([])
        ax.set_xlabel("index in theta (a column vector, drawn as a row)")
        ax.set_ylabel("theta")
        ax.set_title(f"{title}: theta has {n} entr{'y' if n == 1 else 'ies'}")
    fig.suptitle("Flattening the parameters into one vector")
    fig.tight_layout()
    return fig


def plot_one_hot(labels, Y, ax=None):
    """Labels (k,) above the one-hot matrix ``Y`` (depth, k) made from them: one column an example."""
    Y = np.asarray(Y)
    if ax is None:
        _, ax = plt.subplots(figsize=(0.6 * Y.shape[1] + 2, 0.45 * Y.shape[0] + 1.6))
    ax.imshow(Y, cmap="Greys", vmin=0, vmax=1.6, aspect="auto")
    for (row, column), value in np.ndenumerate(Y):
        ax.text(column, row, f"{value:g}", ha="center", va="center", color="white" if value else "0.4")
    ax.set_xticks(range(Y.shape[1]), [f"{int(label)}" for label in labels])
    ax.set_yticks(range(Y.shape[0]))
    ax.set_xlabel("label of each example (one column each)")
    ax.set_ylabel("class (row)")
    ax.set_title("One-hot: a 1 in the row of the label, 0 elsewhere")
    return ax

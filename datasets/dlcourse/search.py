"""Hyperparameter search helpers for the Batch normalization notebook.

A trial is a dict ``{"learning_rate", "beta", "cost"}``: one training run with those
hyperparameters and the cost it reached. ``run_trials`` trains once per pair of hyperparameters it is
given; ``linear_grid`` makes the pairs of a grid spaced evenly on the linear scale, the way not to
search a range that spans several powers of ten.
"""
import itertools

import matplotlib.pyplot as plt
import numpy as np


def run_trials(train_and_score, pairs):
    """``(best, trials)``: ``train_and_score(learning_rate, beta)`` for each ``(learning_rate, beta)``
    of ``pairs``, in order; ``best`` is the trial of lowest cost (the first of equal ones)."""
    trials = [{"learning_rate": float(learning_rate), "beta": float(beta),
               "cost": float(train_and_score(float(learning_rate), float(beta)))} for learning_rate, beta in pairs]
    return min(trials, key=lambda trial: trial["cost"]), trials


def linear_grid(points_per_axis, lr_range, beta_range):
    """``points_per_axis ** 2`` pairs ``(learning_rate, beta)``: every value of ``np.linspace`` over
    ``lr_range`` with every value of ``np.linspace`` over ``beta_range``."""
    learning_rates = np.linspace(lr_range[0], lr_range[1], points_per_axis)
    betas = np.linspace(beta_range[0], beta_range[1], points_per_axis)
    return [(float(a), float(b)) for a, b in itertools.product(learning_rates, betas)]


def plot_trials(searches, ax=None, title=None, ceiling=1.0):
    """Cost reached against learning rate (log scale), one marker style per search.

    Inputs:
        searches: ``{label: trials}``; ceiling: costs above it (diverged runs, ``inf``) are drawn at
        ``ceiling`` with an open marker, so that every trial shows
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    for (label, trials), marker in zip(searches.items(), "osD^v"):
        rates = np.array([trial["learning_rate"] for trial in trials])
        costs = np.array([trial["cost"] for trial in trials])
        high = ~(costs <= ceiling)
        line, = ax.plot(rates[~high], costs[~high], marker, linestyle="none", alpha=0.8, label=label)
        if high.any():
            ax.plot(rates[high], np.full(high.sum(), ceiling), marker, linestyle="none", mfc="none",
                    color=line.get_color(), label=f"{label}: cost above {ceiling:g}")
    ax.set_xscale("log")
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("cost after training")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax

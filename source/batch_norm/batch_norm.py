# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "title", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Batch normalization and hyperparameter search
#
# [Open in Colab](https://colab.research.google.com/github/improving-dnn-course/improving-deep-neural-networks/blob/main/assignments/batch_norm/batch_norm.ipynb)
#
# A deep network is hard to train: each layer's inputs shift whenever the layers before it change, and
# a learning rate that suits one layer throws another off. **Batch normalization** normalizes each
# layer's linear output $Z^{[l]}$ over the examples of the mini-batch, then lets the network choose its
# own mean and scale. In this assignment you
#
# 1. write the forward pass of batch normalization, with its train and test modes,
# 2. write its backward pass and check it against numerical gradients,
# 3. train a network with 6 hidden layers with and without batch normalization, and see it learn
#    faster and survive a learning rate that makes the plain network diverge,
# 4. search the plain network's learning rate and momentum `beta` at random on a log scale, coarse
#    then fine, and see it beat a grid spaced on the linear scale.
#
# | Exercise | Function | Points |
# |---|---|---|
# | 1 | `batchnorm_forward` | 4 |
# | 2 | `batchnorm_backward` | 4 |
# | 3 | `sample_log_uniform` | 2 |
# | 4 | `random_search` | 3 |
# | 5 | `narrow_ranges` | 2 |
#
# **Notation.** `Z` has shape `(n_l, m)`: one column per example, so that the mean over the examples is
# `np.mean(Z, axis=1, keepdims=True)`, of shape `(n_l, 1)`. `gamma` and `beta` are `(n_l, 1)`. The
# `beta` of batch normalization (a learned shift) is not the `beta` of momentum (a hyperparameter):
# the course uses the same letter for both, and so does this notebook; the context says which.
#
# In each exercise's cell, replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, and keep the function's name and arguments. Run every cell in order, and each exercise's test
# cell right after it: it shows the values your function should give and, when yours differ, says
# which one and names the typical mistake that gives the same values, if there is one.


# %% [markdown] nbgrader={"grade": false, "grade_id": "contents", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Contents** (5 graded exercises, 15 points; this list is written from the headings below by `course build`)
#
# - [The data](#The-data)
# - [1. Batch normalization, forward](#1.-Batch-normalization,-forward)
#   - [Exercise 1: `batchnorm_forward`](#Exercise-1:-batchnorm_forward) (4 points)
# - [2. Batch normalization, backward](#2.-Batch-normalization,-backward)
#   - [Exercise 2: `batchnorm_backward`](#Exercise-2:-batchnorm_backward) (4 points)
# - [3. A deep network with and without batch normalization](#3.-A-deep-network-with-and-without-batch-normalization)
# - [4. Hyperparameter search on a log scale](#4.-Hyperparameter-search-on-a-log-scale)
#   - [Exercise 3: `sample_log_uniform`](#Exercise-3:-sample_log_uniform) (2 points)
#   - [Exercise 4: `random_search`](#Exercise-4:-random_search) (3 points)
#   - [Coarse to fine](#Coarse-to-fine)
#   - [Exercise 5: `narrow_ranges`](#Exercise-5:-narrow_ranges) (2 points)
#   - [Random on a log scale against a linear grid](#Random-on-a-log-scale-against-a-linear-grid)
# - [Results](#Results)
# - [What to remember](#What-to-remember)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np

from dlcourse.batch_norm_net import predict, train
from dlcourse.data import load_moons
from dlcourse.grading_mode import budget
from dlcourse.gradient_check import THRESHOLD, check_parameter_gradients, verdict
from dlcourse.metrics import accuracy
from dlcourse.plots import plot_dataset
from dlcourse.public_checks import call, call_earlier, expect, expect_array, expect_value, public_checks
from dlcourse.report import results_table
from dlcourse.search import linear_grid, plot_trials, run_trials

plt.rcParams["figure.figsize"] = (6.0, 4.0)

# Epochs of the training runs below. When the course's grader runs this notebook it trains for only
# 2 epochs: your functions are graded by the test cells, not by these runs.
EPOCHS = budget(30, when_grading=2)


def example_bn_param(mode="train", eps=1e-2):
    """A bn_param for the 3 units of the examples below: running mean 0 and variance 1 so far."""
    return {"mode": mode, "eps": eps, "momentum": 0.9,
            "running_mean": np.zeros((3, 1)), "running_var": np.ones((3, 1))}


Z_example = np.array([[1.0, 2.0, 4.0, 5.0], [-1.0, 0.5, 0.0, 2.5], [3.0, 3.0, 1.0, 1.0]])  # 3 units, 4 examples
gamma_example = np.array([[1.0], [2.0], [0.5]])
beta_example = np.array([[0.0], [-1.0], [0.25]])

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The data
#
# Two interleaving half circles ("moons"), 300 points with some noise, as in the Optimization
# assignment. The network is deeper than there: `layers_dims = [2, 16, 16, 16, 16, 16, 16, 1]`, six
# hidden layers LINEAR → (BATCHNORM) → RELU and a LINEAR → SIGMOID output.


# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
train_X, train_Y = load_moons()
layers_dims = [2, 16, 16, 16, 16, 16, 16, 1]
print(f"train_X {train_X.shape}, train_Y {train_Y.shape}; layers_dims {layers_dims}")
plot_dataset(train_X, train_Y, title="Training set: two moons")
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "forward-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. Batch normalization, forward
#
# For one layer and one mini-batch of $m$ examples, batch normalization takes the linear output
# $Z = Z^{[l]}$, of shape $(n_l, m)$, and normalizes each unit (each row) over the examples:
#
# $$\mu = \frac{1}{m} \sum_{i=1}^{m} z^{(i)}, \qquad \sigma^2 = \frac{1}{m} \sum_{i=1}^{m} \left(z^{(i)} - \mu\right)^2,$$
#
# $$z_{\text{norm}}^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \qquad \tilde{z}^{(i)} = \gamma \, z_{\text{norm}}^{(i)} + \beta.$$
#
# Each unit then has mean $\beta$ and standard deviation about $\gamma$, two parameters that the network
# learns like its weights. $\varepsilon$ (`eps`) keeps the division safe when a unit barely varies; it
# goes **inside** the square root. The variance divides by $m$, not $m - 1$ (`np.var` does that by default).
#
# **Test time.** At test time there may be one example, not a batch: there is no batch mean to take.
# So during training each layer keeps **running averages** of the batch statistics, exponentially
# weighted like momentum's:
#
# $$\mu_{\text{running}} = \text{momentum} \cdot \mu_{\text{running}} + (1 - \text{momentum}) \cdot \mu, \qquad \sigma^2_{\text{running}} = \text{momentum} \cdot \sigma^2_{\text{running}} + (1 - \text{momentum}) \cdot \sigma^2,$$
#
# and in test mode it normalizes with them instead of the batch's statistics, and updates nothing.
#
# ### Exercise 1: `batchnorm_forward`
#
# `bn_param` is a dict with `"mode"` (`"train"` or `"test"`), `"eps"`, `"momentum"`, `"running_mean"`
# and `"running_var"` (both `(n_l, 1)`).
#
# - In train mode, compute `mu` and `var` of the batch (over axis 1, `keepdims=True`), normalize with
#   them, and update `bn_param["running_mean"]` and `bn_param["running_var"]` **in the dict** (assign
#   the new arrays to its keys), with the formulas above.
# - In test mode, normalize with `mu = bn_param["running_mean"]` and `var = bn_param["running_var"]`;
#   leave `bn_param` as it is.
# - Return `Z_tilde` and `cache = (Z, Z_norm, mu, var, gamma, eps)`, with the `mu` and `var` you
#   normalized with. The backward pass reads it.


# %% nbgrader={"grade": false, "grade_id": "batchnorm_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: batchnorm_forward
def batchnorm_forward(Z, gamma, beta, bn_param):
    """Batch normalization of one layer's linear output.

    Arguments:
    Z -- linear output of the layer, shape (n_l, m): one column per example
    gamma -- scale, shape (n_l, 1)
    beta -- shift, shape (n_l, 1)
    bn_param -- dict with "mode" ("train" or "test"), "eps", "momentum", "running_mean" (n_l, 1) and
                "running_var" (n_l, 1); in train mode the running averages are updated in it

    Returns:
    Z_tilde -- gamma * Z_norm + beta, shape (n_l, m)
    cache -- tuple (Z, Z_norm, mu, var, gamma, eps), mu and var of shape (n_l, 1)
    """
    ### BEGIN SOLUTION
    eps, momentum = bn_param["eps"], bn_param["momentum"]
    if bn_param["mode"] == "train":
        mu = np.mean(Z, axis=1, keepdims=True)
        var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)
        bn_param["running_mean"] = momentum * bn_param["running_mean"] + (1 - momentum) * mu
        bn_param["running_var"] = momentum * bn_param["running_var"] + (1 - momentum) * var
    else:
        mu, var = bn_param["running_mean"], bn_param["running_var"]
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, eps)
    return Z_tilde, cache
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_batchnorm_forward", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # A large eps (0.01), so that where it goes shows. Unit 1 holds 1, 2, 4, 5: mean 3, variance 2.5.
    bn_param = example_bn_param("train")
    Z_tilde, cache = call(batchnorm_forward, Z_example, gamma_example, beta_example, bn_param, updates=("bn_param",))
    expect_array(Z_tilde, [[-1.26238881, -0.6311944, 0.6311944, 1.26238881],
                           [-3.34618566, -1.0, -1.78206189, 2.12824755],
                           [0.7475186, 0.7475186, -0.2475186, -0.2475186]], "Z_tilde in train mode")
    expect_array(bn_param["running_mean"], [[0.3], [0.05], [0.2]], 'bn_param["running_mean"] after one train step')
    expect_array(bn_param["running_var"], [[1.15], [1.0625], [1.0]], 'bn_param["running_var"] after one train step')
    expect(isinstance(cache, tuple) and len(cache) == 6, "the cache", "cache should be the tuple (Z, Z_norm, mu, var, gamma, eps)")
    expect_array(cache[2], [[3.0], [0.5], [2.0]], "mu in the cache")
    bn_param["mode"] = "test"
    Z_test, test_cache = call(batchnorm_forward, Z_example, gamma_example, beta_example, bn_param,
                              updates=("bn_param",))
    expect_array(Z_test, [[0.64993368, 1.57841037, 3.43536376, 4.36384045],
                          [-3.02777911, -0.13095181, -1.09656091, 3.73148459],
                          [1.64305207, 1.64305207, 0.64801488, 0.64801488]], "Z_tilde in test mode (the running averages)")
    expect_array(bn_param["running_mean"], [[0.3], [0.05], [0.2]], 'bn_param["running_mean"] after a test step (unchanged)')
    expect_array(test_cache[2], [[0.3], [0.05], [0.2]], "mu in the cache of test mode (the running mean it used)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("batch_norm", "batchnorm_forward", batchnorm_forward)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "backward-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. Batch normalization, backward
#
# The backward pass receives $d\tilde{Z} = \partial J / \partial \tilde{Z}$, shape $(n_l, m)$, and returns
# the gradients with respect to $Z$, $\gamma$ and $\beta$. The last two are sums over the examples:
#
# $$d\beta = \sum_{i=1}^{m} d\tilde{z}^{(i)}, \qquad d\gamma = \sum_{i=1}^{m} d\tilde{z}^{(i)} \, z_{\text{norm}}^{(i)}.$$
#
# $dZ$ is harder: every $z^{(i)}$ reaches the cost through its own $z_{\text{norm}}^{(i)}$ **and** through
# $\mu$ and $\sigma^2$, which every example shares. With $dZ_{\text{norm}} = \gamma \, d\tilde{Z}$, the chain
# rule through all three paths gives, for each unit,
#
# $$dz^{(i)} = \frac{1}{m \sqrt{\sigma^2 + \varepsilon}} \left( m \, dz_{\text{norm}}^{(i)} - \sum_{j=1}^{m} dz_{\text{norm}}^{(j)} - z_{\text{norm}}^{(i)} \sum_{j=1}^{m} dz_{\text{norm}}^{(j)} \, z_{\text{norm}}^{(j)} \right).$$
#
# The first term is the direct path; the second comes through $\mu$, the third through $\sigma^2$.
# (Going through the graph step by step, as in the gradient-checking assignment, gives the same
# numbers; either way is fine.)
#
# ### Exercise 2: `batchnorm_backward`
#
# Unpack `Z, Z_norm, mu, var, gamma, eps = cache` and return `(dZ, dgamma, dbeta)`, with shapes
# `(n_l, m)`, `(n_l, 1)`, `(n_l, 1)` (sum over axis 1 with `keepdims=True`). The cache is that of a
# forward pass in train mode.


# %% nbgrader={"grade": false, "grade_id": "batchnorm_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: batchnorm_backward
def batchnorm_backward(dZ_tilde, cache):
    """Backward pass of batch normalization (train mode).

    Arguments:
    dZ_tilde -- gradient of the cost with respect to Z_tilde, shape (n_l, m)
    cache -- (Z, Z_norm, mu, var, gamma, eps) from batchnorm_forward

    Returns:
    dZ -- gradient with respect to Z, shape (n_l, m)
    dgamma -- gradient with respect to gamma, shape (n_l, 1)
    dbeta -- gradient with respect to beta, shape (n_l, 1)
    """
    ### BEGIN SOLUTION
    Z, Z_norm, mu, var, gamma, eps = cache
    m = Z.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_norm = dZ_tilde * gamma
    dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
          - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)) / (m * np.sqrt(var + eps))
    return dZ, dgamma, dbeta
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_batchnorm_backward", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    _, cache = call_earlier(batchnorm_forward, Z_example, gamma_example, beta_example, example_bn_param("train"))
    dZ_tilde = np.array([[0.5, -1.0, 0.25, 1.0], [1.0, 0.0, -0.5, 0.5], [-0.25, 0.75, 0.5, -1.0]])
    dZ, dgamma, dbeta = call(batchnorm_backward, dZ_tilde, cache)
    expect_array(dbeta, [[0.75], [1.0], [0.0]], "dbeta")
    expect_array(dgamma, [[1.42018741], [-0.19551547], [0.99503719]], "dgamma")
    expect_array(dZ, [[0.48015411, -0.60809042, -0.10200328, 0.22993959],
                      [1.08340683, -0.39103094, -1.20298816, 0.51061227],
                      [-0.24752782, 0.24999078, 0.37190746, -0.37437043]], "dZ")
    # The gradient check, with the course's helper: the cost J = sum(Z_tilde * R) of a fixed random R,
    # whose gradient with respect to Z_tilde is R.
    rng_check = np.random.default_rng(3)
    arrays = {"Z": rng_check.normal(size=(4, 6)), "gamma": rng_check.normal(size=(4, 1)),
              "beta": rng_check.normal(size=(4, 1))}
    R = rng_check.normal(size=(4, 6))
    bn_param_check = {"mode": "train", "eps": 1e-5, "momentum": 0.9,
                      "running_mean": np.zeros((4, 1)), "running_var": np.ones((4, 1))}

    def cost_of(arrays):
        Z_tilde, _ = batchnorm_forward(arrays["Z"], arrays["gamma"], arrays["beta"], bn_param_check)
        return float(np.sum(Z_tilde * R))

    _, cache = call_earlier(batchnorm_forward, arrays["Z"], arrays["gamma"], arrays["beta"], bn_param_check)
    dZ, dgamma, dbeta = call(batchnorm_backward, R, cache)
    difference = check_parameter_gradients(cost_of, arrays, {"dZ": dZ, "dgamma": dgamma, "dbeta": dbeta})
    print(verdict(difference))
    expect(difference < THRESHOLD, "the gradient check",
           f"the gradient check of batchnorm_backward gives {difference:.3g}, not below {THRESHOLD:g}")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("batch_norm", "batchnorm_backward", batchnorm_backward)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "network-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. A deep network with and without batch normalization
#
# `dlcourse.batch_norm_net.train` trains the network by mini-batch gradient descent with momentum
# (batches of 64, momentum `beta = 0.9`, the same initialization and shuffles for both). Given
# `batchnorm=(batchnorm_forward, batchnorm_backward)`, your two functions, every hidden layer is
# batch-normalized: $Z^{[l]} = W^{[l]} A^{[l-1]}$ (no bias: $\beta^{[l]}$ takes its place), then
# $\tilde{Z}^{[l]}$, then ReLU. It returns the parameters, the `bn_params` with their running averages,
# and the cost of each epoch (the mean over its mini-batches).
#
# First the same learning rate for both, 0.1, for the same number of epochs.


# %% nbgrader={"grade": false, "grade_id": "same-rate", "locked": true, "schema_version": 3, "solution": false, "task": false}
batchnorm = (batchnorm_forward, batchnorm_backward)
runs = {}
for learning_rate in (0.1, 10.0):
    for name, functions in (("plain", None), ("batch norm", batchnorm)):
        parameters, bn_params, costs = train(train_X, train_Y, layers_dims, learning_rate, beta=0.9,
                                             num_epochs=EPOCHS, seed=0, batchnorm=functions)
        predictions = predict(train_X, parameters, bn_params, functions)
        runs[(name, learning_rate)] = {"costs": costs, "accuracy": accuracy(predictions, train_Y)}


def plot_runs(learning_rate, ax):
    for name in ("plain", "batch norm"):
        costs = np.minimum(runs[(name, learning_rate)]["costs"], 20.0)  # a diverged run (inf) drawn at 20
        ax.plot(np.arange(1, len(costs) + 1), costs, label=f"{name} (final cost {runs[(name, learning_rate)]['costs'][-1]:.3f})")
    ax.axhline(np.log(2), color="gray", linestyle=":", label="ln 2: guessing 0.5 for every example")
    ax.set_yscale("log")
    ax.set_title(f"learning rate {learning_rate:g}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost (log scale)")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18))  # below the axes: it hides no curve


fig, axes = plt.subplots(1, 2, figsize=(11, 5), layout="constrained")
plot_runs(0.1, axes[0])
plot_runs(10.0, axes[1])
fig.suptitle("Six hidden layers, the same epochs, with and without batch normalization")
plt.show()
for (name, learning_rate), run in runs.items():
    print(f"learning rate {learning_rate:4g}, {name:10}: final cost {run['costs'][-1]:.3f}, train accuracy {run['accuracy']:.3f}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "same-rate-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# At learning rate 0.1 the batch-normalized network ends lower after the same epochs. At 10 the plain
# network diverges: its cost jumps up in the first epochs, its ReLUs die, and it ends where a network
# that answers 0.5 for everything ends, at $\ln 2$. With batch normalization each layer's inputs keep
# their scale whatever the weights do, and the same learning rate trains.
#
# How wide is the range of learning rates that work? One run each, from 0.01 to 10:


# %% nbgrader={"grade": false, "grade_id": "rate-sweep", "locked": true, "schema_version": 3, "solution": false, "task": false}
SWEEP_RATES = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
sweep = {"plain": [], "batch norm": []}
for learning_rate in SWEEP_RATES:
    for name, functions in (("plain", None), ("batch norm", batchnorm)):
        costs = train(train_X, train_Y, layers_dims, learning_rate, beta=0.9, num_epochs=EPOCHS, seed=0,
                      batchnorm=functions)[2]
        sweep[name].append(costs[-1])
fig, ax = plt.subplots()
for name, marker in (("plain", "o-"), ("batch norm", "s-")):
    ax.plot(SWEEP_RATES, np.minimum(sweep[name], 20.0), marker, label=name)
ax.axhline(np.log(2), color="gray", linestyle=":", label="ln 2: guessing 0.5")
ax.set_xscale("log")
ax.set_title(f"Final cost after {EPOCHS} epochs against the learning rate")
ax.set_xlabel("learning rate (log scale)")
ax.set_ylabel("final cost")
ax.legend()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "sweep-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Near its best learning rates (0.3 to 1 here) the plain network even ends a little lower: batch
# normalization does not lower the best cost, it widens the band of learning rates that work, and
# outside that band the plain network does much worse. That band is what a hyperparameter search must
# find. The rest of the notebook searches it for the plain network.
#
# ## 4. Hyperparameter search on a log scale
#
# The learning rate that works may be 0.001 or 1: its range spans powers of ten. Sampling it
# **uniformly** between $10^{-4}$ and $10$ would put 90% of the trials between 1 and 10. Sample its
# **exponent** uniformly instead: $r \sim U(\log_{10} \text{low}, \log_{10} \text{high})$, then
# $\alpha = 10^r$, so that each power of ten gets the same share of trials.
#
# The same holds for momentum's `beta` between 0.9 and 0.999: what matters is $1 - \beta$, how many
# steps the average remembers ($1 / (1 - \beta)$: 10 to 1000). Sample $1 - \beta$ on a log scale
# between $1 - 0.999$ and $1 - 0.9$, then $\beta = 1 - (1 - \beta)$.
#
# ### Exercise 3: `sample_log_uniform`
#
# Return `10 ** rng.uniform(np.log10(low), np.log10(high), size)`: `size` values, log-uniform on
# `[low, high]`. `rng` is a numpy random Generator (`np.random.default_rng(seed)`); draw with it once,
# exactly so, so that the same `rng` gives the same values as the checks expect.


# %% nbgrader={"grade": false, "grade_id": "sample_log_uniform", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: sample_log_uniform
def sample_log_uniform(low, high, size, rng):
    """Values whose base-10 logarithm is uniform on [log10(low), log10(high)].

    Arguments:
    low, high -- positive bounds, low < high
    size -- number of values
    rng -- numpy random Generator, drawn from once: rng.uniform(log10(low), log10(high), size)

    Returns:
    values -- numpy array of shape (size,), each in [low, high]
    """
    ### BEGIN SOLUTION
    exponents = rng.uniform(np.log10(low), np.log10(high), size)
    return 10 ** exponents
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sample_log_uniform", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    values = call(sample_log_uniform, 1e-4, 1.0, 5, np.random.default_rng(0))
    expect_array(values, [0.03530586, 0.0011999, 0.00014585, 0.00011644, 0.17909397],
                 "sample_log_uniform(1e-4, 1.0, 5, np.random.default_rng(0))", atol=1e-8)
    many = call(sample_log_uniform, 1e-4, 1.0, 10000, np.random.default_rng(1))
    share = float(np.mean(many < 1e-2))
    expect(0.45 < share < 0.55, "the share below 1e-2",
           f"{share:.0%} of 10000 values in [1e-4, 1] are below 1e-2; on a log scale half of them should be")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("batch_norm", "sample_log_uniform", sample_log_uniform)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "search-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 4: `random_search`
#
# `train_and_score(learning_rate, beta)` trains a network with those hyperparameters and returns the
# cost it reached (`inf` if training diverged). Implement `random_search(train_and_score, n_trials,
# lr_range, beta_range, rng)`:
#
# 1. `learning_rates = sample_log_uniform(lr_range[0], lr_range[1], n_trials, rng)`;
# 2. **then** `betas = 1 - sample_log_uniform(1 - beta_range[1], 1 - beta_range[0], n_trials, rng)`
#    (in this order, each with one call, so that the draws match the checks');
# 3. for each pair in turn, `cost = train_and_score(learning_rate, beta)`, and record the trial as a
#    dict `{"learning_rate": ..., "beta": ..., "cost": ...}` (Python floats: `float(...)`);
# 4. return `(best, trials)`: `trials` the list of the `n_trials` dicts in order, `best` the one of
#    lowest cost (the first of equal ones, as `min` gives).


# %% nbgrader={"grade": false, "grade_id": "random_search", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: random_search
def random_search(train_and_score, n_trials, lr_range, beta_range, rng):
    """Random search of the learning rate and momentum's beta, both on a log scale.

    Arguments:
    train_and_score -- function (learning_rate, beta) -> cost reached
    n_trials -- number of trials
    lr_range -- (low, high) of the learning rate
    beta_range -- (low, high) of beta, for example (0.9, 0.999); 1 - beta is sampled on a log scale
    rng -- numpy random Generator

    Returns:
    best -- the trial of lowest cost
    trials -- list of n_trials dicts {"learning_rate", "beta", "cost"}, in the order they ran
    """
    ### BEGIN SOLUTION
    learning_rates = sample_log_uniform(lr_range[0], lr_range[1], n_trials, rng)
    betas = 1 - sample_log_uniform(1 - beta_range[1], 1 - beta_range[0], n_trials, rng)
    trials = []
    for learning_rate, beta in zip(learning_rates, betas):
        cost = train_and_score(float(learning_rate), float(beta))
        trials.append({"learning_rate": float(learning_rate), "beta": float(beta), "cost": float(cost)})
    best = min(trials, key=lambda trial: trial["cost"])
    return best, trials
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_random_search", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # A made-up cost, lowest at learning_rate = 0.01 and beta = 0.99.
    def toy_cost(learning_rate, beta):
        return (np.log10(learning_rate) + 2) ** 2 + (np.log10(1 - beta) + 2) ** 2

    best, trials = call(random_search, toy_cost, 4, (1e-4, 1.0), (0.9, 0.999), np.random.default_rng(1))
    expect(isinstance(trials, list) and len(trials) == 4, "the trials", "trials should be a list of 4 dicts")
    expect_array(np.array([trial["learning_rate"] for trial in trials]),
                 [0.0111503, 0.6336578, 0.00037726, 0.62315745], "the trials' learning rates", atol=1e-8)
    expect_array(np.array([trial["beta"] for trial in trials]),
                 [0.995796, 0.99297489, 0.95477223, 0.99341739], "the trials' betas", atol=1e-8)
    expect_array(np.array([trial["cost"] for trial in trials]),
                 [0.14386562, 3.270196, 2.45551406, 3.2535604], "the trials' costs", atol=1e-7)
    expect_value(best["cost"], 0.14386562, 'best["cost"]')
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("batch_norm", "random_search", random_search)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "narrow-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Coarse to fine
#
# A first, **coarse** search over wide ranges shows where the good trials lie. A second, **fine** search
# then spends its budget there: its ranges are those that the few best coarse trials span.
#
# ### Exercise 5: `narrow_ranges`
#
# Implement `narrow_ranges(trials, n_best)`: take the `n_best` trials of **lowest** cost (sort by cost)
# and return `(lr_range, beta_range)`, each a tuple `(lowest, highest)` of their learning rates and of
# their betas.


# %% nbgrader={"grade": false, "grade_id": "narrow_ranges", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: narrow_ranges
def narrow_ranges(trials, n_best):
    """The ranges spanned by the best trials, for a finer search.

    Arguments:
    trials -- list of dicts {"learning_rate", "beta", "cost"}
    n_best -- how many of the lowest-cost trials to keep

    Returns:
    lr_range -- (lowest, highest) learning rate of those trials
    beta_range -- (lowest, highest) beta of those trials
    """
    ### BEGIN SOLUTION
    best_trials = sorted(trials, key=lambda trial: trial["cost"])[:n_best]
    learning_rates = [trial["learning_rate"] for trial in best_trials]
    betas = [trial["beta"] for trial in best_trials]
    return (min(learning_rates), max(learning_rates)), (min(betas), max(betas))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_narrow_ranges", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    example_trials = [{"learning_rate": 0.5, "beta": 0.95, "cost": 0.30},
                      {"learning_rate": 0.002, "beta": 0.99, "cost": 0.60},
                      {"learning_rate": 0.1, "beta": 0.9, "cost": 0.20},
                      {"learning_rate": 5.0, "beta": 0.999, "cost": 0.69},
                      {"learning_rate": 0.3, "beta": 0.98, "cost": 0.25}]
    lr_range, beta_range = call(narrow_ranges, example_trials, 3)
    expect_array(np.array(lr_range, dtype=float), [0.1, 0.5], "lr_range of the 3 best trials")
    expect_array(np.array(beta_range, dtype=float), [0.9, 0.98], "beta_range of the 3 best trials")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("batch_norm", "narrow_ranges", narrow_ranges)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "search-lesson-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Random on a log scale against a linear grid
#
# Now search the plain network. `train_and_score` trains it for the same epochs as above (the same
# initialization and shuffles every time) and returns its final cost. The ranges: learning rate from
# $10^{-4}$ to 10, `beta` from 0.9 to 0.999. The budget: 9 trials. A $3 \times 3$ grid spaced evenly on
# the linear scale (`linear_grid`) tries only three learning rates, $10^{-4}$, 5 and 10; your random
# search tries nine, spread over the powers of ten. Four searches with four seeds, so that no single
# lucky draw decides.


# %% nbgrader={"grade": false, "grade_id": "search-lesson", "locked": true, "schema_version": 3, "solution": false, "task": false}
LR_RANGE, BETA_RANGE, N_TRIALS = (1e-4, 10.0), (0.9, 0.999), 9
SEARCH_SEEDS = [0, 1, 2, 3]


def train_and_score(learning_rate, beta):
    """Final cost of the plain network trained with these hyperparameters."""
    return train(train_X, train_Y, layers_dims, learning_rate, beta=beta, num_epochs=EPOCHS, seed=0)[2][-1]


grid_best, grid_trials = run_trials(train_and_score, linear_grid(3, LR_RANGE, BETA_RANGE))
searches = {seed: random_search(train_and_score, N_TRIALS, LR_RANGE, BETA_RANGE, np.random.default_rng(seed))
            for seed in SEARCH_SEEDS}
plot_trials({"linear 3 x 3 grid": grid_trials, "random, log scale (seed 0)": searches[0][1]},
            title=f"{N_TRIALS} trials each (the grid's sit on 3 learning rates, 3 betas each)")
plt.show()

fig, ax = plt.subplots()
ax.plot(SEARCH_SEEDS, [searches[seed][0]["cost"] for seed in SEARCH_SEEDS], "o-", label="random search, log scale")
ax.plot(SEARCH_SEEDS, [grid_best["cost"]] * len(SEARCH_SEEDS), "s--", label="linear grid (no seed: the same grid)")
ax.set_xticks(SEARCH_SEEDS)
ax.set_title(f"Lowest cost found with {N_TRIALS} trials")
ax.set_xlabel("seed of the random search")
ax.set_ylabel("lowest final cost")
ax.legend()
plt.show()
print(f"linear grid:    learning rate {grid_best['learning_rate']:.3g}, beta {grid_best['beta']:.4f}, cost {grid_best['cost']:.3f}")
for seed, (best, _) in searches.items():
    print(f"random, seed {seed}: learning rate {best['learning_rate']:.3g}, beta {best['beta']:.4f}, cost {best['cost']:.3f}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "fine-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Then the fine search: 9 more trials in the ranges of the 3 best coarse trials of seed 0.


# %% nbgrader={"grade": false, "grade_id": "fine-search", "locked": true, "schema_version": 3, "solution": false, "task": false}
coarse_best, coarse_trials = searches[0]
fine_lr_range, fine_beta_range = narrow_ranges(coarse_trials, 3)
fine_best, fine_trials = random_search(train_and_score, N_TRIALS, fine_lr_range, fine_beta_range,
                                       np.random.default_rng(100))
print(f"fine ranges: learning rate {fine_lr_range[0]:.3g} to {fine_lr_range[1]:.3g}, "
      f"beta {fine_beta_range[0]:.4f} to {fine_beta_range[1]:.4f}")
print(f"coarse best: learning rate {coarse_best['learning_rate']:.3g}, cost {coarse_best['cost']:.3f}; "
      f"fine best: learning rate {fine_best['learning_rate']:.3g}, cost {fine_best['cost']:.3f}")
ax = plot_trials({"coarse (seed 0)": coarse_trials, "fine": fine_trials}, title="Coarse, then fine")
ax.axvspan(*fine_lr_range, color="gray", alpha=0.15, label="fine learning-rate range")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "results-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Results
#
# The table below is filled from your own run.


# %% nbgrader={"grade": false, "grade_id": "results", "locked": true, "schema_version": 3, "solution": false, "task": false}
comments = {("plain", 0.1): "learns, slower", ("batch norm", 0.1): "lower cost in the same epochs",
            ("plain", 10.0): "diverges", ("batch norm", 10.0): "still trains"}
rows = [(f"{name.capitalize()}, learning rate {rate:g}", runs[(name, rate)]["costs"][-1], runs[(name, rate)]["accuracy"],
         comment) for (name, rate), comment in comments.items()]
results_table(rows + [
    (f"Plain, best of the linear grid (learning rate {grid_best['learning_rate']:.3g})", grid_best["cost"], "", "3 learning rates tried"),
    (f"Plain, best random search, seed 0 (learning rate {coarse_best['learning_rate']:.3g})", coarse_best["cost"], "", "9 learning rates tried"),
    (f"Plain, coarse to fine (learning rate {fine_best['learning_rate']:.3g})", fine_best["cost"], "", "9 more in the best region"),
], columns=("Model", "Final cost", "Train accuracy", "Comment"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "remember", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What to remember
#
# - Batch normalization normalizes each unit's $Z$ over the mini-batch, then scales and shifts it by
#   the learned $\gamma$ and $\beta$; $\varepsilon$ goes inside the square root, the variance divides by $m$.
# - At test time it uses running averages of the training batches' statistics, not the test batch's.
# - Its backward pass has three paths to each $z^{(i)}$: directly, through $\mu$ and through $\sigma^2$;
#   check it with numerical gradients.
# - A deep network with batch normalization learns faster at a learning rate below the plain network's
#   best, and trains over a much wider range of learning rates, where the plain one diverges.
# - Search hyperparameters at random, not on a grid, and on the scale that matters: the learning rate
#   and $1 - \beta$ on a log scale. Search coarse, then fine around the best trials.

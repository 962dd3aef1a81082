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
# # Optimization: mini-batches, momentum, RMSprop, Adam and learning-rate decay
#
# [Open in Colab](https://colab.research.google.com/github/improving-dnn-course/improving-deep-neural-networks/blob/main/assignments/optimization/optimization.ipynb)
#
# Until now every network here was trained by plain gradient descent on the whole training set. This
# assignment builds the faster methods that practitioners use instead and compares them on the same
# network and data:
#
# 1. mini-batch gradient descent: many small steps per pass over the data instead of one,
# 2. momentum, RMSprop and Adam: update rules that remember earlier gradients,
# 3. learning-rate decay: smaller steps as training goes on.
#
# | Exercise | Function | Points |
# |---|---|---|
# | 1 | `update_parameters_with_gd` | 1 |
# | 2 | `random_mini_batches` | 3 |
# | 3 | `initialize_velocity` | 1 |
# | 4 | `update_parameters_with_momentum` | 2 |
# | 5 | `initialize_rmsprop` | 1 |
# | 6 | `update_parameters_with_rmsprop` | 2 |
# | 7 | `initialize_adam` | 1 |
# | 8 | `update_parameters_with_adam` | 3 |
# | 9 | `update_lr` | 1 |
# | 10 | `schedule_lr_decay` | 1 |
#
# **Notation.** `X` has shape `(n_x, m)`: one column per example. `parameters` is a dict with
# `W1`, `b1`, ..., `WL`, `bL`; `grads` holds `dW1`, `db1`, ... with the same shapes. A superscript
# $[l]$ means layer $l$, $(i)$ means example $i$, $\{t\}$ means mini-batch $t$.
#
# In each exercise's cell, replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, and keep the function's name and arguments. Run every cell in order, and each exercise's test
# cell right after it: it shows the values your function should give and, when yours differ, says
# which one and names the typical mistake that gives the same values, if there is one.

# %% [markdown] nbgrader={"grade": false, "grade_id": "contents", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Contents** (10 graded exercises, 16 points; this list is written from the headings below by `course build`)
#
# - [The data](#The-data)
# - [1. Gradient descent](#1.-Gradient-descent)
#   - [Exercise 1: `update_parameters_with_gd`](#Exercise-1:-update_parameters_with_gd) (1 point)
# - [2. Batch, stochastic and mini-batch gradient descent](#2.-Batch,-stochastic-and-mini-batch-gradient-descent)
#   - [Exercise 2: `random_mini_batches`](#Exercise-2:-random_mini_batches) (3 points)
# - [3. Momentum](#3.-Momentum)
#   - [Exercise 3: `initialize_velocity`](#Exercise-3:-initialize_velocity) (1 point)
#   - [Exercise 4: `update_parameters_with_momentum`](#Exercise-4:-update_parameters_with_momentum) (2 points)
# - [4. RMSprop](#4.-RMSprop)
#   - [Exercise 5: `initialize_rmsprop`](#Exercise-5:-initialize_rmsprop) (1 point)
#   - [Exercise 6: `update_parameters_with_rmsprop`](#Exercise-6:-update_parameters_with_rmsprop) (2 points)
# - [5. Adam](#5.-Adam)
#   - [Exercise 7: `initialize_adam`](#Exercise-7:-initialize_adam) (1 point)
#   - [Exercise 8: `update_parameters_with_adam`](#Exercise-8:-update_parameters_with_adam) (3 points)
# - [6. The model](#6.-The-model)
# - [7. Learning-rate decay](#7.-Learning-rate-decay)
#   - [Exercise 9: `update_lr`](#Exercise-9:-update_lr) (1 point)
#   - [Exercise 10: `schedule_lr_decay`](#Exercise-10:-schedule_lr_decay) (1 point)
# - [8. Comparison](#8.-Comparison)
# - [Results](#Results)
# - [What to remember](#What-to-remember)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math

import matplotlib.pyplot as plt
import numpy as np

from dlcourse.data import load_moons
from dlcourse.grading_mode import budget
from dlcourse.optimization import train_mini_batches, update_rules
from dlcourse.illustrations import plot_descent_paths, plot_learning_rate_schedules, plot_momentum
from dlcourse.plots import plot_dataset, plot_decision_boundary, plot_histories, plot_mini_batches
from dlcourse.public_checks import call, expect_array, expect_arrays, expect_value, public_checks
from dlcourse.report import results_table
from dlcourse.three_layer_net import accuracy, initialize_parameters, predict, predict_dec

plt.rcParams["figure.figsize"] = (5.0, 4.0)

# Epochs of the training runs below. When the course's grader runs this notebook it trains for only
# 100 epochs: your functions are graded by the test cells, not by these runs.
EPOCHS = budget(5000, when_grading=100)


def example_parameters():
    """A small [2, 2, 1] network that the public checks below update."""
    return {"W1": np.array([[0.5, -1.0], [1.5, 2.0]]), "b1": np.array([[0.1], [-0.2]]),
            "W2": np.array([[1.0, -0.5]]), "b2": np.array([[0.3]])}


def example_grads():
    """Gradients of the shapes of `example_parameters()`."""
    return {"dW1": np.array([[0.2, -0.4], [0.6, 0.0]]), "db1": np.array([[0.1], [0.3]]),
            "dW2": np.array([[-0.5, 0.25]]), "db2": np.array([[0.05]])}


def filled_like_grads(value):
    """A state dict (keys "dW1", "db1", ...) with every entry equal to `value`."""
    return {"d" + key: np.full(array.shape, value) for key, array in example_parameters().items()}


def one_layer_parameters():
    """A network of one layer (L = 1), W1 (1, 2) and b1 (1, 1): the grader tries such networks too."""
    return {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])}


def one_layer_grads():
    """Gradients of the shapes of `one_layer_parameters()`."""
    return {"dW1": np.array([[0.5, 1.0]]), "db1": np.array([[-1.0]])}


def one_layer_zeros():
    """A state dict of zeros of the shapes of `one_layer_parameters()`."""
    return {"dW1": np.zeros((1, 2)), "db1": np.zeros((1, 1))}


# %% [markdown] nbgrader={"grade": false, "grade_id": "data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The data
#
# Two interleaving half circles ("moons"), 300 points with some noise. The network to train is the
# familiar LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID, here with `layers_dims = [2, 5, 2, 1]`.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
train_X, train_Y = load_moons()
print(f"train_X {train_X.shape}, train_Y {train_Y.shape}")
plot_dataset(train_X, train_Y, title="Training set")
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "gd-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. Gradient descent
#
# The plain update rule takes a step of size $\alpha$ (the learning rate) against the gradient, for
# every layer $l = 1, \dots, L$:
#
# $$W^{[l]} = W^{[l]} - \alpha \, dW^{[l]}, \qquad b^{[l]} = b^{[l]} - \alpha \, db^{[l]}.$$
#
# ### Exercise 1: `update_parameters_with_gd`
#
# Implement the rule above. `parameters` holds `2L` entries, so `L = len(parameters) // 2`; loop over
# `l` from 1 to `L` (`range(1, L + 1)`) and build the keys as `"W" + str(l)`.

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_gd", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: update_parameters_with_gd
def update_parameters_with_gd(parameters, grads, learning_rate):
    """One step of gradient descent.

    Arguments:
    parameters -- dict with "W1", "b1", ..., "WL", "bL"
    grads -- dict with "dW1", "db1", ..., "dWL", "dbL" (shapes of the parameters)
    learning_rate -- the step size alpha, a scalar

    Returns:
    parameters -- the dict with every W<l> and b<l> updated
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_update_parameters_with_gd", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # updates: the parameters are the function's to update; grads must stay as they were (a check of call).
    parameters = call(update_parameters_with_gd, example_parameters(), example_grads(), 0.1, updates=("parameters",))
    expect_arrays(parameters, {
        "W1": [[0.48, -0.96], [1.44, 2.0]],
        "b1": [[0.09], [-0.23]],
        "W2": [[1.05, -0.525]],
        "b2": [[0.295]],
    })
    # The grader also tries a network of one layer (L = 1).
    one_layer = call(update_parameters_with_gd, one_layer_parameters(), one_layer_grads(), 0.1, updates=("parameters",))
    expect_array(one_layer["W1"], [[0.95, -2.1]], "W1 of a one-layer network")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "update_parameters_with_gd", update_parameters_with_gd)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "mini-batch-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. Batch, stochastic and mini-batch gradient descent
#
# How many examples go into one gradient?
#
# - **Batch gradient descent** uses all `m` examples for every step: each step is exact but costs a
#   full pass over the data, so one pass gives one step.
# - **Stochastic gradient descent** (SGD) uses one example per step: `m` cheap steps per pass, but each
#   gradient is a noisy estimate, so the cost zigzags towards the minimum and never settles exactly;
#   it also gives up vectorization, since every example is processed on its own.
# - **Mini-batch gradient descent** sits in between: steps on batches of, say, 64 examples. It keeps
#   the speed of vectorized code and still takes many steps per pass. Sizes are usually powers of 2
#   (16 to 512), so that a batch fits the memory of the processor well.
#
# The picture shows the three on a cost shaped like an elongated bowl (a small least-squares problem
# with one feature three times the scale of the other; the star is the minimum). Every batch step points
# straight downhill, yet with a large learning rate it zigzags across the steep direction; steps on 8
# examples add noise, and steps on one example wander much more, even at half the learning rate.

# %% nbgrader={"grade": false, "grade_id": "descent-paths-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
plot_descent_paths()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "mini-batch-how", "locked": true, "schema_version": 3, "solution": false, "task": false}
# All three are the same loop; only the data fed to each step changes. One **epoch** is one pass over
# the whole training set.
#
# Building the mini-batches takes two steps:
#
# 1. **Shuffle.** Reorder the columns of `X` and `Y` with one random permutation, the same for both,
#    so that column `i` of `X` still goes with column `i` of `Y`. A new shuffle each epoch gives new
#    batches each epoch.
# 2. **Partition.** Cut the shuffled columns into batches of `mini_batch_size`. When `m` is not a
#    multiple of it, the last batch is smaller: it holds the remaining `m % mini_batch_size` examples.
#
# ### Exercise 2: `random_mini_batches`
#
# - Call `np.random.seed(seed)` first, then `permutation = np.random.permutation(m)`; index the
#   columns with it: `X[:, permutation]`, `Y[:, permutation]`.
# - There are `m // mini_batch_size` complete batches; batch `k` (from 0) holds the columns
#   `k * mini_batch_size` to `(k + 1) * mini_batch_size - 1`.
# - Add the smaller last batch only if `m % mini_batch_size != 0`.

# %% nbgrader={"grade": false, "grade_id": "random_mini_batches", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: random_mini_batches
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the examples, then cut them into mini-batches.

    Arguments:
    X -- inputs, shape (n_x, m)
    Y -- labels, shape (1, m)
    mini_batch_size -- number of examples in each complete mini-batch
    seed -- seed of the shuffle (np.random.seed(seed) is called first)

    Returns:
    mini_batches -- list of tuples (mini_batch_X, mini_batch_Y), shapes (n_x, k) and (1, k)
    """
    ### BEGIN SOLUTION
    np.random.seed(seed)
    m = X.shape[1]
    permutation = np.random.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    mini_batches = []
    num_complete_mini_batches = m // mini_batch_size
    for k in range(num_complete_mini_batches):
        columns = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
        mini_batches.append((shuffled_X[:, columns], shuffled_Y[:, columns]))
    if m % mini_batch_size != 0:
        columns = slice(num_complete_mini_batches * mini_batch_size, m)
        mini_batches.append((shuffled_X[:, columns], shuffled_Y[:, columns]))
    return mini_batches
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_random_mini_batches", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    mini_batches = call(random_mini_batches, train_X, train_Y, 64, seed=11)
    sizes = np.array([mini_batch_X.shape[1] for mini_batch_X, _ in mini_batches])
    expect_array(sizes, [64, 64, 64, 64, 44], "the mini-batch sizes")
    expect_array(mini_batches[0][0][:, :2], [[0.64525547, -0.88761883], [-0.59439882, 0.85479424]],
                 "the first two columns of mini-batch 1 (shuffled with seed 11)", atol=1e-7)
    expect_array(mini_batches[0][1][:, :8], [[1, 0, 1, 0, 1, 1, 0, 0]], "the first 8 labels of mini-batch 1")
    # The grader also tries an m that is a multiple of mini_batch_size (no empty last mini-batch) and
    # an m below it (the loop over full mini-batches never runs: all m examples make one mini-batch).
    multiple = call(random_mini_batches, train_X[:, :128], train_Y[:, :128], 32, seed=3)
    expect_array(np.array([x.shape[1] for x, _ in multiple]), [32, 32, 32, 32],
                 "the mini-batch sizes for m=128, mini_batch_size=32")
    fewer = call(random_mini_batches, train_X[:, :5], train_Y[:, :5], 16, seed=3)
    expect_array(np.array([x.shape[1] for x, _ in fewer]), [5], "the mini-batch sizes for m=5, mini_batch_size=16")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "random_mini_batches", random_mini_batches)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "mini-batch-picture-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The picture below calls your function on the column numbers `0, 1, ..., 299` instead of the data,
# so that you can see where each example lands: a dot is one example (its original column on the
# vertical axis), a shaded span is one mini-batch. Four batches of 64 and a last one of 44 examples.

# %% nbgrader={"grade": false, "grade_id": "mini-batch-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
columns = np.arange(train_X.shape[1]).reshape(1, -1)
try:
    plot_mini_batches(random_mini_batches(columns, columns, mini_batch_size=64, seed=11),
                      title="Mini-batches of the 300 examples, seed 11")
    plt.show()
except NotImplementedError:
    print("Implement random_mini_batches above to see the picture.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "momentum-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. Momentum
#
# The gradient of one mini-batch points only roughly towards the minimum, so mini-batch steps
# oscillate. Momentum smooths them: it follows an exponentially weighted average of the past
# gradients, the **velocity** $v$, like a ball rolling downhill that keeps its speed. For each layer:
#
# $$v_{dW^{[l]}} = \beta \, v_{dW^{[l]}} + (1 - \beta) \, dW^{[l]}, \qquad W^{[l]} = W^{[l]} - \alpha \, v_{dW^{[l]}},$$
#
# $$v_{db^{[l]}} = \beta \, v_{db^{[l]}} + (1 - \beta) \, db^{[l]}, \qquad b^{[l]} = b^{[l]} - \alpha \, v_{db^{[l]}}.$$
#
# $\beta$ sets the memory: the average reaches about $1 / (1 - \beta)$ steps back ($\beta = 0.9$,
# the usual choice, averages about the last 10 gradients; $\beta = 0$ is plain gradient descent).
#
# On the bowl of section 2, with mini-batches of 8 examples: without momentum (blue) each step follows
# its own noisy gradient; with momentum (red) the steps follow the velocity. On the right, the steep
# coordinate of each step's gradient jumps from sign to sign, while the velocity, their running
# average, stays small: the zigzag cancels out and the steady part towards the minimum remains.

# %% nbgrader={"grade": false, "grade_id": "momentum-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
plot_momentum()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "velocity-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 3: `initialize_velocity`
#
# The velocity starts at zero. Return a dict `v` with, for each layer, `v["dW" + str(l)]` and
# `v["db" + str(l)]`: zeros of the shapes of `W<l>` and `b<l>`.

# %% nbgrader={"grade": false, "grade_id": "initialize_velocity", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: initialize_velocity
def initialize_velocity(parameters):
    """
    Arguments:
    parameters -- dict with "W1", "b1", ..., "WL", "bL"

    Returns:
    v -- dict with "dW1", "db1", ..., "dWL", "dbL": zeros of the shapes of the parameters
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return v
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_initialize_velocity", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    v = call(initialize_velocity, example_parameters())
    expect_arrays(v, filled_like_grads(0.0), what="v")
    # The grader also tries a network of one layer (L = 1).
    expect_array(call(initialize_velocity, one_layer_parameters())["dW1"], np.zeros((1, 2)),
                 'v["dW1"] of a one-layer network')
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "initialize_velocity", initialize_velocity)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "momentum-update-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 4: `update_parameters_with_momentum`
#
# Implement the momentum step above for every layer: first update the velocity, then step the
# parameters along the **new** velocity. Return both dicts.

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_momentum", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: update_parameters_with_momentum
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One step of gradient descent with momentum.

    Arguments:
    parameters -- dict with "W1", "b1", ..., "WL", "bL"
    grads -- dict with "dW1", "db1", ..., "dWL", "dbL"
    v -- the velocity: dict with "dW1", "db1", ... (shapes of the parameters)
    beta -- the momentum hyperparameter, a scalar
    learning_rate -- the step size alpha, a scalar

    Returns:
    parameters -- the updated parameters
    v -- the updated velocity
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            v["d" + name] = beta * v["d" + name] + (1 - beta) * grads["d" + name]
            parameters[name] = parameters[name] - learning_rate * v["d" + name]
    return parameters, v
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_update_parameters_with_momentum", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    parameters, v = call(update_parameters_with_momentum, example_parameters(), example_grads(),
                         filled_like_grads(0.1), 0.9, 0.1, updates=("parameters", "v"))
    expect_arrays(v, {
        "dW1": [[0.11, 0.05], [0.15, 0.09]],
        "db1": [[0.1], [0.12]],
        "dW2": [[0.04, 0.115]],
        "db2": [[0.095]],
    }, what="v")
    expect_arrays(parameters, {
        "W1": [[0.489, -1.005], [1.485, 1.991]],
        "b1": [[0.09], [-0.212]],
        "W2": [[0.996, -0.5115]],
        "b2": [[0.2905]],
    })
    # The grader also tries a network of one layer (L = 1), from a zero velocity.
    one_layer, _ = call(update_parameters_with_momentum, one_layer_parameters(), one_layer_grads(), one_layer_zeros(),
                        0.9, 0.1, updates=("parameters", "v"))
    expect_array(one_layer["W1"], [[0.995, -2.01]], "W1 of a one-layer network")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "update_parameters_with_momentum", update_parameters_with_momentum)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "rmsprop-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. RMSprop
#
# Momentum evens out the direction of the steps. RMSprop ("root mean square propagation", Hinton
# 2012) evens out their size, coordinate by coordinate: it keeps an exponentially weighted average
# $s$ of the **squared** gradients and divides each step by its square root. A coordinate whose
# gradient is large (say, one that oscillates) gets smaller steps; a coordinate with small, steady
# gradients gets larger ones. For each layer (all operations elementwise):
#
# $$s_{dW^{[l]}} = \beta_2 \, s_{dW^{[l]}} + (1 - \beta_2) \, \left(dW^{[l]}\right)^2, \qquad
# W^{[l]} = W^{[l]} - \alpha \, \frac{dW^{[l]}}{\sqrt{s_{dW^{[l]}}} + \varepsilon},$$
#
# and the same for $b^{[l]}$ with $s_{db^{[l]}}$. The small $\varepsilon$ (say $10^{-8}$) keeps the
# division safe where $s$ is zero; it goes **outside** the square root. The lectures teach RMSprop
# but the original assignment never had you write it: here you do.
#
# ### Exercise 5: `initialize_rmsprop`
#
# Return a dict `s` with `s["dW" + str(l)]` and `s["db" + str(l)]`, zeros of the shapes of the
# parameters.

# %% nbgrader={"grade": false, "grade_id": "initialize_rmsprop", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: initialize_rmsprop
def initialize_rmsprop(parameters):
    """
    Arguments:
    parameters -- dict with "W1", "b1", ..., "WL", "bL"

    Returns:
    s -- dict with "dW1", "db1", ..., "dWL", "dbL": zeros of the shapes of the parameters
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    s = {}
    for l in range(1, L + 1):
        s["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        s["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return s
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_initialize_rmsprop", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    s = call(initialize_rmsprop, example_parameters())
    expect_arrays(s, filled_like_grads(0.0), what="s")
    # The grader also tries a network of one layer (L = 1).
    expect_array(call(initialize_rmsprop, one_layer_parameters())["dW1"], np.zeros((1, 2)),
                 's["dW1"] of a one-layer network')
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "initialize_rmsprop", initialize_rmsprop)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "rmsprop-update-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 6: `update_parameters_with_rmsprop`
#
# Implement the RMSprop step for every layer: update `s` first, then the parameters with the new `s`.
# `np.square` and `np.sqrt` work elementwise.

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_rmsprop", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: update_parameters_with_rmsprop
def update_parameters_with_rmsprop(parameters, grads, s, beta2, learning_rate, epsilon=1e-8):
    """One step of RMSprop.

    Arguments:
    parameters -- dict with "W1", "b1", ..., "WL", "bL"
    grads -- dict with "dW1", "db1", ..., "dWL", "dbL"
    s -- average of the squared gradients: dict with "dW1", "db1", ... (shapes of the parameters)
    beta2 -- decay of the average, a scalar
    learning_rate -- the step size alpha, a scalar
    epsilon -- small number added to the square root, for numerical safety

    Returns:
    parameters -- the updated parameters
    s -- the updated average of the squared gradients
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            s["d" + name] = beta2 * s["d" + name] + (1 - beta2) * np.square(grads["d" + name])
            parameters[name] = parameters[name] - learning_rate * grads["d" + name] / (np.sqrt(s["d" + name]) + epsilon)
    return parameters, s
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_update_parameters_with_rmsprop", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    parameters, s = call(update_parameters_with_rmsprop, example_parameters(), example_grads(),
                         filled_like_grads(0.02), 0.9, 0.1, 0.01,  # a large epsilon: its place shows
                         updates=("parameters", "s"))  # the update rule changes these two, and nothing else
    expect_arrays(s, {
        "dW1": [[0.022, 0.034], [0.054, 0.018]],
        "db1": [[0.019], [0.027]],
        "dW2": [[0.043, 0.02425]],
        "db2": [[0.01825]],
    }, what="s")
    expect_arrays(parameters, {
        "W1": [[0.37367674, -0.79422904], [1.2524538, 2.0]],
        "b1": [[0.03235953], [-0.37210048]],
        "W2": [[1.23002845, -0.65085312]],
        "b2": [[0.26553924]],
    })
    # The grader also tries a network of one layer (L = 1), from s = 0.
    one_layer, _ = call(update_parameters_with_rmsprop, one_layer_parameters(), one_layer_grads(), one_layer_zeros(),
                        0.9, 0.1, 0.01, updates=("parameters", "s"))
    expect_array(one_layer["W1"], [[0.70258256, -2.3065343]], "W1 of a one-layer network")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "update_parameters_with_rmsprop", update_parameters_with_rmsprop)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "adam-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 5. Adam
#
# Adam (Kingma and Ba, 2015) combines the two: the average of the gradients $v$ gives the direction
# (as in momentum), the average of their squares $s$ scales the step (as in RMSprop). Both averages
# start at zero, so in the first steps they are biased towards zero; Adam divides them by
# $1 - \beta^t$, where $t$ is the number of steps taken so far (1 for the first step), to undo that
# **bias**. The correction matters early and fades as $\beta^t \to 0$. For each layer:
#
# $$\begin{aligned}
# v_{dW^{[l]}} &= \beta_1 \, v_{dW^{[l]}} + (1 - \beta_1) \, dW^{[l]}, &
# v^{corrected}_{dW^{[l]}} &= \frac{v_{dW^{[l]}}}{1 - \beta_1^t}, \\
# s_{dW^{[l]}} &= \beta_2 \, s_{dW^{[l]}} + (1 - \beta_2) \, \left(dW^{[l]}\right)^2, &
# s^{corrected}_{dW^{[l]}} &= \frac{s_{dW^{[l]}}}{1 - \beta_2^t}, \\
# W^{[l]} &= W^{[l]} - \alpha \, \frac{v^{corrected}_{dW^{[l]}}}{\sqrt{s^{corrected}_{dW^{[l]}}} + \varepsilon},
# \end{aligned}$$
#
# and the same for $b^{[l]}$. The usual values are $\beta_1 = 0.9$, $\beta_2 = 0.999$,
# $\varepsilon = 10^{-8}$; only $\alpha$ usually needs tuning.
#
# ### Exercise 7: `initialize_adam`
#
# Return `v` and `s`, two separate dicts keyed `"dW1"`, `"db1"`, ..., each with zeros of the shapes of
# the parameters. (Two separate dicts with separate arrays: if `v` and `s` shared an array, updating
# one would change the other.)

# %% nbgrader={"grade": false, "grade_id": "initialize_adam", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: initialize_adam
def initialize_adam(parameters):
    """
    Arguments:
    parameters -- dict with "W1", "b1", ..., "WL", "bL"

    Returns:
    v -- average of the gradients: dict with "dW1", "db1", ..., zeros of the shapes of the parameters
    s -- average of the squared gradients: a second dict of the same kind
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    v, s = {}, {}
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            v["d" + name] = np.zeros(parameters[name].shape)
            s["d" + name] = np.zeros(parameters[name].shape)
    return v, s
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_initialize_adam", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    v, s = call(initialize_adam, example_parameters())
    expect_arrays(v, filled_like_grads(0.0), what="v")
    expect_arrays(s, filled_like_grads(0.0), what="s")
    v["dW1"] += 1  # v and s are separate arrays: a change to v leaves s as it was
    expect_arrays(s, filled_like_grads(0.0), what="s (after adding 1 to v)")
    assert v is not s, "v and s are the same dict: create two"
    # The grader also tries a network of one layer (L = 1).
    _, one_layer_s = call(initialize_adam, one_layer_parameters())
    expect_array(one_layer_s["dW1"], np.zeros((1, 2)), 's["dW1"] of a one-layer network')
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "initialize_adam", initialize_adam)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "adam-update-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 8: `update_parameters_with_adam`
#
# Implement the Adam step for every layer, in the order of the equations: `v`, `v_corrected`, `s`,
# `s_corrected`, then the parameters. `t` is given (the caller counts the steps); `beta1 ** t` is
# $\beta_1^t$. Return the two corrected dicts too: the checks look at them.

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_adam", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: update_parameters_with_adam
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One step of Adam.

    Arguments:
    parameters -- dict with "W1", "b1", ..., "WL", "bL"
    grads -- dict with "dW1", "db1", ..., "dWL", "dbL"
    v -- average of the gradients, dict with "dW1", "db1", ...
    s -- average of the squared gradients, dict with "dW1", "db1", ...
    t -- number of steps taken, counting this one (1 for the first step)
    learning_rate -- the step size alpha
    beta1 -- decay of the average of the gradients
    beta2 -- decay of the average of the squared gradients
    epsilon -- small number added to the square root, for numerical safety

    Returns:
    parameters -- the updated parameters
    v -- the updated average of the gradients
    s -- the updated average of the squared gradients
    v_corrected -- v / (1 - beta1**t), dict with "dW1", "db1", ...
    s_corrected -- s / (1 - beta2**t), dict with "dW1", "db1", ...
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    v_corrected, s_corrected = {}, {}
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            d = "d" + name
            v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
            v_corrected[d] = v[d] / (1 - beta1 ** t)
            s[d] = beta2 * s[d] + (1 - beta2) * np.square(grads[d])
            s_corrected[d] = s[d] / (1 - beta2 ** t)
            parameters[name] = parameters[name] - learning_rate * v_corrected[d] / (np.sqrt(s_corrected[d]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_update_parameters_with_adam", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    parameters, v, s, v_corrected, s_corrected = call(
        update_parameters_with_adam, example_parameters(), example_grads(), filled_like_grads(0.1),
        filled_like_grads(0.01), 3, 0.1, 0.9, 0.999, 0.01,  # t = 3 and a large epsilon: mistakes show
        updates=("parameters", "v", "s"))
    expect_arrays(v, {
        "dW1": [[0.11, 0.05], [0.15, 0.09]],
        "db1": [[0.1], [0.12]],
        "dW2": [[0.04, 0.115]],
        "db2": [[0.095]],
    }, what="v")
    expect_arrays(s, {
        "dW1": [[0.01003, 0.01015], [0.01035, 0.00999]],
        "db1": [[0.01], [0.01008]],
        "dW2": [[0.01024, 0.0100525]],
        "db2": [[0.0099925]],
    }, what="s")
    expect_arrays(v_corrected, {
        "dW1": [[0.40590406, 0.18450185], [0.55350554, 0.33210332]],
        "db1": [[0.36900369], [0.44280443]],
        "dW2": [[0.14760148, 0.42435424]],
        "db2": [[0.35055351]],
    }, what="v_corrected")
    expect_arrays(s_corrected, {
        "dW1": [[3.3466789, 3.38671892], [3.4534523, 3.33333222]],
        "db1": [[3.33666889], [3.36336224]],
        "dW2": [[3.41674894, 3.3541864]],
        "db2": [[3.33416639]],
    }, what="s_corrected", atol=1e-6)
    expect_arrays(parameters, {
        "W1": [[0.47793272, -1.00997143], [1.47037458, 1.98190904]],
        "b1": [[0.07990893], [-0.22401394]],
        "W2": [[0.9920578, -0.52304465]],
        "b2": [[0.28090636]],
    })
    # The grader also tries a network of one layer (L = 1), at Adam's first step (t = 1, from v = s = 0).
    one_layer = call(update_parameters_with_adam, one_layer_parameters(), one_layer_grads(), one_layer_zeros(),
                     one_layer_zeros(), 1, 0.1, 0.9, 0.999, 0.01, updates=("parameters", "v", "s"))[0]
    expect_array(one_layer["W1"], [[0.90196078, -2.0990099]], "W1 of a one-layer network after Adam's first step (t = 1)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "update_parameters_with_adam", update_parameters_with_adam)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "model-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 6. The model
#
# `model` is written for you. It trains the `[2, 5, 2, 1]` network with mini-batches and the update
# rule you name: `"gd"`, `"momentum"`, `"rmsprop"` or `"adam"`. Every rule is used the same way:
#
# - `rule.init(parameters)` returns the rule's **state**, everything it remembers between steps, in
#   one dict: nothing for `"gd"`, `{"v"}` for momentum, `{"s"}` for RMSprop, `{"v", "s", "t"}` for Adam;
# - `rule.step(parameters, grads, state, hyper)` takes one step and returns `(parameters, state)`;
#   `hyper` holds `learning_rate`, `beta`, `beta1`, `beta2` and `epsilon`, and each rule reads the ones
#   it needs.
#
# The rules are thin wrappers around **your** functions (`update_rules(globals())` finds them by their
# names), so the training loop is the same for all of them and each update rule is written once.
# For Adam, the state's `t` counts the mini-batch steps: 1 at the first step, 2 at the second, and so
# on across epochs.
#
# The loop (`dlcourse.optimization.train_mini_batches`) runs `num_epochs` epochs. Before each epoch it
# reshuffles with your `random_mini_batches`, with seed 11 for the first epoch, 12 for the second,
# and so on; then for each mini-batch it runs forward propagation, the cost, backward propagation
# and one step of the rule. The cost it prints every 1000 epochs is the mean over the epoch:
# the sum of the per-example losses over all mini-batches, divided by `m`. The weights start from
# He initialization with `np.random.seed(3)`.

# %% nbgrader={"grade": false, "grade_id": "model", "locked": true, "schema_version": 3, "solution": false, "task": false}
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
          beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True, decay=None,
          decay_rate=1):
    """Train a LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID network with mini-batches.

    Arguments:
    X -- inputs, shape (2, m)
    Y -- labels 0/1, shape (1, m)
    layers_dims -- layer sizes, [n_x, n_1, n_2, 1]
    optimizer -- "gd", "momentum", "rmsprop" or "adam"
    learning_rate -- the (initial) step size
    mini_batch_size -- examples per mini-batch
    beta -- momentum hyperparameter
    beta1, beta2, epsilon -- Adam's hyperparameters (RMSprop uses beta2 and epsilon)
    num_epochs -- passes over the training set
    print_cost -- print the cost every 1000 epochs
    decay -- None, or a function (learning_rate0, epoch_num, decay_rate) -> learning rate,
             applied after every epoch
    decay_rate -- passed to decay

    Returns:
    parameters -- the trained weights and biases
    """
    parameters = initialize_parameters(layers_dims, lambda n_prev: np.sqrt(2 / n_prev), seed=3)
    rule = update_rules(globals())[optimizer]
    hyper = {"learning_rate": learning_rate, "beta": beta, "beta1": beta1, "beta2": beta2, "epsilon": epsilon}
    parameters, history = train_mini_batches(X, Y, parameters, rule, random_mini_batches, hyper,
                                             mini_batch_size, num_epochs, decay, decay_rate, print_cost)
    histories[describe(optimizer, learning_rate, decay)] = history
    return parameters


histories = {}  # run label -> {"cost": [...], "learning_rate": [...]}, every 100 epochs
results = {}    # run label -> {"optimizer", "decay", "accuracy", "parameters"}


def describe(optimizer, learning_rate, decay=None):
    """A run's label, e.g. "adam, learning rate 0.0007" or "gd, learning rate 0.1, update_lr"."""
    label = f"{optimizer}, learning rate {learning_rate:g}"
    return label if decay is None else f"{label}, {decay.__name__}"


def run(optimizer, learning_rate, decay=None):
    """Train with `model`, print and record the training accuracy."""
    label = describe(optimizer, learning_rate, decay)
    print(f"--- {label}")
    parameters = model(train_X, train_Y, [train_X.shape[0], 5, 2, 1], optimizer, learning_rate=learning_rate,
                       num_epochs=EPOCHS, decay=decay)
    results[label] = {"optimizer": optimizer, "decay": None if decay is None else decay.__name__,
                      "accuracy": accuracy(predict(train_X, train_Y, parameters), train_Y),
                      "parameters": parameters}


# %% [markdown] nbgrader={"grade": false, "grade_id": "runs-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Train with each update rule at the same small learning rate, $\alpha = 0.0007$, for 5000 epochs
# (a few seconds each).

# %% nbgrader={"grade": false, "grade_id": "runs", "locked": true, "schema_version": 3, "solution": false, "task": false}
for optimizer in ("gd", "momentum", "rmsprop", "adam"):
    run(optimizer, 0.0007)

# %% [markdown] nbgrader={"grade": false, "grade_id": "runs-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# At this learning rate plain mini-batch gradient descent and momentum have barely started: their cost
# is still above 0.5 after 5000 epochs and about a quarter of the points are misclassified. Momentum
# usually helps, but with steps this small (and a simple problem) its smoothing changes little.
# RMSprop and Adam adapt the size of each coordinate's step to its gradients, so the same $\alpha$
# moves them much further: they reach about 94%. Adam also needs little tuning and little memory,
# which is why it is the common default.

# %% [markdown] nbgrader={"grade": false, "grade_id": "decay-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 7. Learning-rate decay
#
# Early in training, large steps make fast progress; near a minimum they overshoot and keep the
# parameters bouncing around it. Decay shrinks the learning rate as training goes on. `model` calls
# `decay(learning_rate0, epoch_num, decay_rate)` after each epoch to set the rate of the next.
#
# ### Exercise 9: `update_lr`
#
# The simplest schedule divides the initial rate by a term that grows with the epoch number:
#
# $$\alpha = \frac{1}{1 + \text{decay\_rate} \times \text{epoch\_num}} \, \alpha_0.$$

# %% nbgrader={"grade": false, "grade_id": "update_lr", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: update_lr
def update_lr(learning_rate0, epoch_num, decay_rate):
    """
    Arguments:
    learning_rate0 -- the initial learning rate
    epoch_num -- the epoch number (0 for the first epoch)
    decay_rate -- how fast the rate shrinks

    Returns:
    learning_rate -- the decayed learning rate, a scalar
    """
    ### BEGIN SOLUTION
    learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)
    return learning_rate
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_update_lr", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    for args, expected in (((0.5, 0, 1), 0.5), ((0.5, 2, 1), 0.5 / 3), ((0.5, 10, 0.3), 0.125)):
        expect_value(call(update_lr, *args), expected, f"update_lr{args}")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "update_lr", update_lr)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "update-lr-run-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it with mini-batch gradient descent and a large initial rate, $\alpha_0 = 0.1$:

# %% nbgrader={"grade": false, "grade_id": "update-lr-run", "locked": true, "schema_version": 3, "solution": false, "task": false}
run("gd", 0.1, decay=update_lr)

# %% [markdown] nbgrader={"grade": false, "grade_id": "update-lr-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Training stalls. Decaying after every epoch shrinks the rate far too fast: with `decay_rate=1` the
# formula gives $\alpha_0 / 11$ at `epoch_num = 10` and $\alpha_0 / 1001$ at `epoch_num = 1000`, long
# before the network has learned the shape of the moons. With many epochs, decay on a schedule instead.
#
# ### Exercise 10: `schedule_lr_decay`
#
# Keep the rate constant for `time_interval` epochs, then lower it, in steps:
#
# $$\alpha = \frac{1}{1 + \text{decay\_rate} \times \left\lfloor \frac{\text{epoch\_num}}{\text{time\_interval}} \right\rfloor} \, \alpha_0.$$
#
# $\lfloor \cdot \rfloor$ rounds down: `np.floor`.

# %% nbgrader={"grade": false, "grade_id": "schedule_lr_decay", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: schedule_lr_decay
def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """
    Arguments:
    learning_rate0 -- the initial learning rate
    epoch_num -- the epoch number (0 for the first epoch)
    decay_rate -- how much the rate shrinks at each step of the schedule
    time_interval -- number of epochs between two steps of the schedule

    Returns:
    learning_rate -- the decayed learning rate, a scalar
    """
    ### BEGIN SOLUTION
    learning_rate = learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))
    return learning_rate
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_schedule_lr_decay", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    for args, expected in (((0.5, 999, 1), 0.5), ((0.5, 1000, 1), 0.25), ((0.5, 2500, 1), 0.5 / 3),
                           ((0.5, 130, 0.5, 50), 0.25)):
        expect_value(call(schedule_lr_decay, *args), expected, f"schedule_lr_decay{args}")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("optimization", "schedule_lr_decay", schedule_lr_decay)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "schedules-picture-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The learning rate of every epoch under your two schedules, from $\alpha_0 = 0.1$ with
# `decay_rate=1` (a log scale: each tick down is ten times smaller). `update_lr` is already about a
# hundredth of $\alpha_0$ at epoch 100 ($\alpha_0 / 101$); `schedule_lr_decay` keeps $\alpha_0$ for 1000
# epochs, then halves it, then divides it by 3, 4 and 5.

# %% nbgrader={"grade": false, "grade_id": "schedules-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
try:
    plot_learning_rate_schedules({"update_lr": update_lr, "schedule_lr_decay": schedule_lr_decay})
    plt.show()
except NotImplementedError:
    print("Implement update_lr and schedule_lr_decay above to see the picture.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "schedule-runs-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Train again with the scheduled decay (`decay_rate=1`, a step every 1000 epochs): gradient descent and
# momentum start at $\alpha_0 = 0.1$, Adam at $\alpha_0 = 0.01$. (RMSprop behaves like Adam here; it is
# left out to keep the notebook quick.)

# %% nbgrader={"grade": false, "grade_id": "schedule-runs", "locked": true, "schema_version": 3, "solution": false, "task": false}
for optimizer, learning_rate0 in (("gd", 0.1), ("momentum", 0.1), ("adam", 0.01)):
    run(optimizer, learning_rate0, decay=schedule_lr_decay)

# %% [markdown] nbgrader={"grade": false, "grade_id": "comparison-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 8. Comparison
#
# The cost curves of every run (the epoch mean, every 100 epochs), the learning rate that the decayed
# runs used, then what each run learned.
#
# On the left, gradient descent (the wide pale line) and momentum (dashed) lie on top of each other, and
# with the scheduled decay in the middle they nearly do again.
# That is no drawing mistake. Momentum spreads each mini-batch's gradient over the next ten or so steps
# (with weights that add up to 1), but at $\alpha = 0.0007$ the weights move so little in ten steps
# that the gradients of the training set hardly change meanwhile: over an epoch, momentum moves the
# weights by almost the same total as plain gradient descent. It pays off where successive gradients
# disagree, as in the zigzag of the picture in section 3, or where the steps are larger.
#
# On the right, the learning rate of each decayed run, on a log scale: `update_lr` divides it by one
# plus the epoch number, `schedule_lr_decay` lowers it in steps every 1000 epochs.

# %% nbgrader={"grade": false, "grade_id": "comparison-costs", "locked": true, "schema_version": 3, "solution": false, "task": false}
constant = {label: history for label, history in histories.items() if results[label]["decay"] is None}
decayed = {label: history for label, history in histories.items() if results[label]["decay"] is not None}
fig, (left, middle, right) = plt.subplots(1, 3, figsize=(16, 5))
plot_histories(constant, "cost", ax=left, title="Cost, constant learning rate")
plot_histories(decayed, "cost", ax=middle, title="Cost, learning-rate decay")
plot_histories(decayed, "learning_rate", ax=right, title="Learning rate of the decayed runs")
right.set_yscale("log")
fig.suptitle("Every run: its cost, and the learning rate of the decayed runs")
fig.tight_layout()
plt.show()

# %% nbgrader={"grade": false, "grade_id": "comparison-boundaries", "locked": true, "schema_version": 3, "solution": false, "task": false}
fig, axes = plt.subplots(2, 4, figsize=(15, 7))
for ax, (label, result) in zip(axes.ravel(), results.items()):
    plot_decision_boundary(lambda x: predict_dec(result["parameters"], x), train_X, train_Y, ax=ax,
                           resolution=150)
    ax.set_title(f"{label}\n{result['accuracy']:.1%}", fontsize=9)
for ax in axes.ravel()[len(results):]:
    ax.axis("off")
fig.suptitle("What each run learned: its decision boundary and train accuracy")
plt.tight_layout()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "results-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Results
#
# The table below is filled from your own run. This assignment has no test set: it compares how fast
# and how far each method trains, so the training accuracy is the measure.

# %% nbgrader={"grade": false, "grade_id": "results", "locked": true, "schema_version": 3, "solution": false, "task": false}
comments = {
    "gd": "too small a step: still learning after 5000 epochs",
    "momentum": "smoother steps, but the same small rate",
    "rmsprop": "steps scaled per coordinate",
    "adam": "momentum + RMSprop + bias correction",
    "update_lr": "decays after every epoch: stalls",
    "schedule_lr_decay": "decays every 1000 epochs",
}
results_table([
    (label, result["accuracy"], comments[result["decay"] or result["optimizer"]])
    for label, result in results.items()
], columns=("Model", "Train accuracy", "Comment"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "remember", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What to remember
#
# - Mini-batches give many steps per pass over the data and keep the code vectorized; shuffle with one
#   permutation for `X` and `Y`, and keep the smaller last batch.
# - Momentum averages the gradients, RMSprop scales each coordinate's step by its recent gradient
#   size, Adam does both and corrects the bias of the averages' zero start.
# - At the same small learning rate Adam (and RMSprop) trains far faster than plain gradient descent
#   or momentum.
# - Learning-rate decay lets a larger rate work; decaying every epoch is too fast, a schedule in steps
#   brings every method here to the low 90s.
# - Every update rule follows one contract, `init` then `step`, with its memory in one `state`: the
#   training loop never needs to know which rule it runs.

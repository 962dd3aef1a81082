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
# # Regularization: L2 and dropout against overfitting
#
# [Open in Colab](https://colab.research.google.com/github/improving-dnn-course/improving-deep-neural-networks/blob/main/assignments/regularization/regularization.ipynb)
#
# A network with enough units can fit its training set almost perfectly, noise included. It then
# does worse on examples it has not seen: it **overfits**. Regularization trades a little training
# accuracy for a model that generalizes. In this assignment you train the same three-layer network
# three ways and compare them:
#
# 1. without regularization (the baseline),
# 2. with L2 regularization (a penalty on large weights),
# 3. with dropout (random units switched off during training).
#
# | Exercise | Function | Points |
# |---|---|---|
# | 1 | `compute_cost_with_regularization` | 2 |
# | 2 | `backward_propagation_with_regularization` | 2 |
# | 3 | `forward_propagation_with_dropout` | 3 |
# | 4 | `backward_propagation_with_dropout` | 3 |
#
# **Notation.** `X` has shape `(n_x, m)`: one column per example. Layer `l` has weights `W<l>` of
# shape `(n_l, n_{l-1})` and biases `b<l>` of shape `(n_l, 1)`; `parameters` is the dict
# `{"W1": ..., "b1": ..., ...}` and `grads` the dict `{"dW1": ..., "db1": ..., ...}`. A superscript
# $[l]$ means layer $l$, $(i)$ means example $i$.
#
# In each exercise's cell, replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, and keep the function's name and arguments. Run every cell in order, and each exercise's test
# cell right after it: it shows the values your function should give and, when yours differ, says
# which one and names the typical mistake that gives the same values, if there is one.

# %% [markdown] nbgrader={"grade": false, "grade_id": "contents", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Contents** (4 graded exercises, 10 points; this list is written from the headings below by `course build`)
#
# - [The data: headers after the goalkeeper's kick](#The-data:-headers-after-the-goalkeeper's-kick)
# - [The model](#The-model)
# - [The baseline: no regularization](#The-baseline:-no-regularization)
# - [L2 regularization](#L2-regularization)
# - [Exercise 1: the regularized cost](#Exercise-1:-the-regularized-cost) (2 points)
# - [Exercise 2: the regularized backward pass](#Exercise-2:-the-regularized-backward-pass) (2 points)
# - [Dropout](#Dropout)
# - [Exercise 3: forward pass with dropout](#Exercise-3:-forward-pass-with-dropout) (3 points)
# - [Exercise 4: backward pass with dropout](#Exercise-4:-backward-pass-with-dropout) (3 points)
# - [Results](#Results)
# - [What to remember](#What-to-remember)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np

from dlcourse.data import load_goalkeeper
from dlcourse.grading_mode import budget
from dlcourse.illustrations import plot_dropout
from dlcourse.plots import plot_costs, plot_dataset, plot_decision_boundary
from dlcourse.public_checks import call, expect_array, expect_value, public_checks
from dlcourse.report import results_table
from dlcourse.three_layer_net import (accuracy, backward_propagation, compute_cost, forward_propagation,
                                      initialize_parameters, predict, predict_dec, relu, sigmoid, train)

plt.rcParams["figure.figsize"] = (5.0, 4.0)

# Training iterations of the runs below. When the course's grader runs this notebook it trains for
# only 1000 iterations: your functions are graded by the test cells, not by these runs.
ITERATIONS = budget(30000, when_grading=1000)

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The data: headers after the goalkeeper's kick
#
# You advise a football club. When its goalkeeper kicks the ball long, a player of one team or the
# other heads it somewhere on the field. The club recorded 411 such moments: each example is the
# position `(x1, x2)` on the field where the ball was headed, labelled 1 (blue) when one of the
# club's players won the header and 0 (red) when the other team did. The question: where should the
# goalkeeper aim so that our players win the ball?
#
# 211 headers form the training set, 200 others the test set. The two teams' zones are separated by a
# wavy line; near the line they mix, and here and there a few players of one team win a handful of
# headers deep in the other's zone.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
train_X, train_Y, test_X, test_Y = load_goalkeeper()
print(f"train_X {train_X.shape}, train_Y {train_Y.shape}, test_X {test_X.shape}, test_Y {test_Y.shape}")
plot_dataset(train_X, train_Y, title="Where the ball was headed (training set)")
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "model-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The model
#
# The network is LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID with `layers_dims = [2, 20, 3, 1]`,
# trained by batch gradient descent (learning rate 0.3, 30 000 iterations). Its weights start as
# `randn(n_l, n_prev) * sqrt(1 / n_prev)` after `np.random.seed(3)` (`initialize_parameters`, given).
#
# `model` is written for you. With its defaults it trains the plain network; `lambd > 0` switches on
# L2 regularization (exercises 1 and 2) and `keep_prob < 1` switches on dropout (exercises 3 and 4).
# It refuses both at once: this notebook studies them one at a time.
#
# Randomness: `np.random.seed(3)` is called once per run, by `initialize_parameters`; the dropout
# masks are the draws that follow, fresh at every iteration.

# %% nbgrader={"grade": false, "grade_id": "model", "locked": true, "schema_version": 3, "solution": false, "task": false}
def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1):
    """Train the [2, 20, 3, 1] network by gradient descent, optionally regularized.

    Arguments:
    X -- inputs, shape (2, m)
    Y -- labels 0/1, shape (1, m)
    lambd -- L2 regularization strength (0: no L2)
    keep_prob -- probability of keeping a hidden unit in dropout (1: no dropout)

    Returns:
    parameters -- the trained weights and biases
    """
    if lambd != 0 and keep_prob < 1:
        raise ValueError(f"use L2 regularization (lambd={lambd}) or dropout (keep_prob={keep_prob}), "
                         "not both at once: set lambd=0 or keep_prob=1")
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], not {keep_prob}")
    steps = {}
    if lambd != 0:
        steps["backward"] = lambda X, Y, cache: backward_propagation_with_regularization(X, Y, cache, lambd)
        steps["parameter_cost"] = lambda A3, Y, parameters: compute_cost_with_regularization(
            A3, Y, parameters, lambd)
    if keep_prob < 1:
        steps["forward"] = lambda X, parameters: forward_propagation_with_dropout(X, parameters, keep_prob)
        steps["backward"] = lambda X, Y, cache: backward_propagation_with_dropout(X, Y, cache, keep_prob)
    parameters = initialize_parameters([X.shape[0], 20, 3, 1], weight_scale=lambda n_prev: 1 / np.sqrt(n_prev))
    parameters, costs = train(X, Y, parameters, learning_rate, num_iterations, print_cost, **steps)
    if print_cost:
        plot_costs(costs, title=f"learning rate {learning_rate}, lambd {lambd}, keep_prob {keep_prob}")
        plt.show()
    return parameters


results = {}  # model name -> (train accuracy, test accuracy), filled as you go


def evaluate(name, parameters):
    """Print train and test accuracy, record them in `results`, draw the decision boundary."""
    print("On the training set:")
    train_accuracy = accuracy(predict(train_X, train_Y, parameters), train_Y)
    print("On the test set:")
    test_accuracy = accuracy(predict(test_X, test_Y, parameters), test_Y)
    results[name] = (train_accuracy, test_accuracy)
    ax = plot_decision_boundary(lambda x: predict_dec(parameters, x), train_X, train_Y,
                                title=f"Decision boundary, {name}")
    ax.set_xlim(train_X[0].min() - 0.1, train_X[0].max() + 0.1)
    ax.set_ylim(train_X[1].min() - 0.1, train_X[1].max() + 0.1)
    plt.show()


# %% [markdown] nbgrader={"grade": false, "grade_id": "baseline-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The baseline: no regularization
#
# Train the plain network and look at its decision boundary. Predictions use the plain forward
# pass: regularization only changes how the network is trained.

# %% nbgrader={"grade": false, "grade_id": "baseline-run", "locked": true, "schema_version": 3, "solution": false, "task": false}
parameters = model(train_X, train_Y, num_iterations=ITERATIONS)
evaluate("no regularization", parameters)

# %% [markdown] nbgrader={"grade": false, "grade_id": "baseline-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The network classifies the training set clearly better than the test set. Its boundary bends
# around single headers and small groups deep in the other team's zone: it has learned the noise of
# these 211 examples, which the next 200 do not share. That is overfitting. Two remedies follow.

# %% [markdown] nbgrader={"grade": false, "grade_id": "check-data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The public checks below use this small network: 3 features, 5 examples, `layers_dims = [3, 2, 3, 1]`.

# %% nbgrader={"grade": false, "grade_id": "check-data", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(14)
check_X = np.random.randn(3, 5)
check_Y = np.array([[1, 1, 0, 1, 0]])
check_parameters = {"W1": np.random.randn(2, 3), "b1": np.random.randn(2, 1),
                    "W2": np.random.randn(3, 2), "b2": np.random.randn(3, 1),
                    "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
check_A3, check_cache = forward_propagation(check_X, check_parameters)

# %% [markdown] nbgrader={"grade": false, "grade_id": "l2-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## L2 regularization
#
# L2 regularization adds to the cost a penalty on the squared weights:
#
# $$J_{regularized} = \underbrace{-\frac{1}{m} \sum_{i=1}^{m} \left( y^{(i)} \log a^{[3](i)} +
# (1 - y^{(i)}) \log\left(1 - a^{[3](i)}\right) \right)}_\text{cross-entropy cost} +
# \underbrace{\frac{\lambda}{2m} \sum_{l=1}^{3} \sum_{k} \sum_{j} \left(W_{k,j}^{[l]}\right)^2}_\text{L2 regularization cost}$$
#
# Only the weights are penalized, not the biases. `lambd` stands for $\lambda$ (`lambda` is a Python
# keyword).
#
# ## Exercise 1: the regularized cost
#
# Implement `compute_cost_with_regularization(A3, Y, parameters, lambd)`. Use the given
# `compute_cost(A3, Y)` for the cross-entropy part; `np.sum(np.square(W1))` sums the squares of
# the entries of `W1`.

# %% nbgrader={"grade": false, "grade_id": "compute_cost_with_regularization", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: compute_cost_with_regularization
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """
    Arguments:
    A3 -- output of the forward pass, shape (1, m)
    Y -- labels 0/1, shape (1, m)
    parameters -- dict with "W1", "b1", "W2", "b2", "W3", "b3"
    lambd -- regularization strength

    Returns:
    cost -- cross-entropy + lambd / (2 * m) * (sum of the squared entries of W1, W2, W3), a number
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    cross_entropy_cost = compute_cost(A3, Y)
    squared_weights = sum(np.sum(np.square(parameters["W" + str(l)])) for l in (1, 2, 3))
    L2_regularization_cost = lambd / (2 * m) * squared_weights
    return cross_entropy_cost + L2_regularization_cost
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_compute_cost_with_regularization", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    cost = call(compute_cost_with_regularization, check_A3, check_Y, check_parameters, lambd=0.1)
    expect_value(cost, 1.0448111532208446, "the cost with lambd=0.1")
    cost = call(compute_cost_with_regularization, check_A3, check_Y, check_parameters, lambd=0)
    expect_value(cost, 0.9046672335051058, "the cost with lambd=0 (the cross-entropy)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("regularization", "compute_cost_with_regularization", compute_cost_with_regularization)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "l2-backward-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: the regularized backward pass
#
# The penalty changes the gradient of each weight matrix by its derivative,
# $\frac{d}{dW}\left(\frac{\lambda}{2m} W^2\right) = \frac{\lambda}{m} W$; the bias gradients do not
# change. Implement `backward_propagation_with_regularization(X, Y, cache, lambd)`: start from the
# gradients of the cross-entropy cost, which the given `backward_propagation(X, Y, cache)` computes,
# and add `lambd / m * W<l>` to each `dW<l>`. The weights are in the cache
# `(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`.

# %% nbgrader={"grade": false, "grade_id": "backward_propagation_with_regularization", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: backward_propagation_with_regularization
def backward_propagation_with_regularization(X, Y, cache, lambd):
    """
    Arguments:
    X -- inputs, shape (n_x, m)
    Y -- labels 0/1, shape (1, m)
    cache -- (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation
    lambd -- regularization strength

    Returns:
    grads -- dict with the gradients "dW1", "db1", "dW2", "db2", "dW3", "db3" of the regularized
             cost (the shapes of W1, b1, ...); other entries (such as "dZ1", "dA1") may stay
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    grads = backward_propagation(X, Y, cache)
    grads["dW1"] = grads["dW1"] + lambd / m * W1
    grads["dW2"] = grads["dW2"] + lambd / m * W2
    grads["dW3"] = grads["dW3"] + lambd / m * W3
    return grads
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_backward_propagation_with_regularization", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    grads = call(backward_propagation_with_regularization, check_X, check_Y, check_cache, lambd=0.7)
    expect_array(grads["dW1"], [[-0.26305499, 0.35614681, -0.04033233],
                                [-0.00773503, -0.54227384, -0.03879953]], "dW1", atol=1e-7)
    expect_array(grads["dW2"], [[0.05965357, -0.27016897],
                                [-0.16002918, 0.60292866],
                                [0.15364908, -0.00451032]], "dW2", atol=1e-7)
    expect_array(grads["dW3"], [[0.14745398, -0.50528757, -0.14086719]], "dW3", atol=1e-7)
    plain = backward_propagation(check_X, check_Y, check_cache)
    expect_array(grads["db1"], plain["db1"], "db1 (biases are not penalized)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("regularization", "backward_propagation_with_regularization", backward_propagation_with_regularization)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "l2-run-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Train with `lambd = 0.7`.

# %% nbgrader={"grade": false, "grade_id": "l2-run", "locked": true, "schema_version": 3, "solution": false, "task": false}
parameters = model(train_X, train_Y, num_iterations=ITERATIONS, lambd=0.7)
evaluate("L2 regularization", parameters)

# %% [markdown] nbgrader={"grade": false, "grade_id": "l2-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The training accuracy drops a little and the test accuracy rises: the network no longer chases the
# stray headers. The boundary is smoother.
#
# Why? Every gradient step now also shrinks each weight by a factor $1 - \alpha\lambda/m$ (hence the
# name **weight decay**), so large weights must pay for themselves by lowering the cross-entropy a
# lot. A network with small weights computes a smoother function of its input: it cannot swing its
# output from one class to the other between two nearby points. $\lambda$ is a hyperparameter to
# tune on a dev set; too large and the boundary becomes too simple (underfitting).

# %% [markdown] nbgrader={"grade": false, "grade_id": "dropout-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Dropout
#
# Dropout switches off each hidden unit at random during training: at every iteration, unit $j$ of
# layer $l$ is kept with probability `keep_prob` and set to 0 otherwise. Every iteration thus
# trains a different thinned network, and no unit can rely on any particular other unit being
# there: the network learns redundant, more robust features. Dropout is used only in training; at
# test time all units are on and predictions use the plain forward pass.
#
# The picture shows a small network, as one example sees it, at three successive iterations with
# `keep_prob = 0.6`: a crossed-out unit outputs 0 and its connections carry nothing in that iteration.
# The masks are drawn as your code will draw them, `np.random.rand(...) < keep_prob`; in training each
# example of the batch gets its own mask too.

# %% nbgrader={"grade": false, "grade_id": "dropout-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
plot_dropout()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "inverted-dropout-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Inverted dropout.** After the mask, the kept activations are divided by `keep_prob`, so that
# the expected value of each activation is the same with and without dropout: with
# `keep_prob = 0.5`, half the units are off and the others count double.
#
# ## Exercise 3: forward pass with dropout
#
# Implement `forward_propagation_with_dropout(X, parameters, keep_prob=0.5)`: the plain forward
# pass, with dropout on the two hidden layers (never on the input or the output). For layer 1:
#
# 1. `D1 = (np.random.rand(*A1.shape) < keep_prob).astype(int)`: 1 keeps a unit (probability
#    `keep_prob`), 0 drops it;
# 2. `A1 = A1 * D1`: switch the dropped units off;
# 3. `A1 = A1 / keep_prob`: scale the kept ones up.
#
# Do the same for layer 2 with `D2`, drawn after `D1`. Do not call `np.random.seed` in this function:
# the seed is set once per run, and each call must draw new masks.
#
# Return `(A3, cache)` with `cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`, where
# `A1` and `A2` are the activations after dropout: Exercise 4's backward pass reads the masks and
# these activations from it. `relu` and `sigmoid` are given.
#
# *If you know the original course:* its template calls `np.random.seed(1)` inside this function, so
# that its test gives fixed masks. Here that line is a mistake: every training iteration would drop
# the same units, which is not dropout. The test cell below seeds before each call instead, and it
# calls twice with different seeds to make sure the masks change.

# %% nbgrader={"grade": false, "grade_id": "forward_propagation_with_dropout", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: forward_propagation_with_dropout
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """
    Arguments:
    X -- inputs, shape (n_x, m)
    parameters -- dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1), W3 (1, n_2), b3 (1, 1)
    keep_prob -- probability of keeping a hidden unit

    Returns:
    A3 -- output probabilities, shape (1, m)
    cache -- (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3); D1, D2 are the 0/1 masks,
             A1, A2 the activations after dropout
    """
    ### BEGIN SOLUTION
    W1, b1, W2, b2, W3, b3 = (parameters[key] for key in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    D1 = (np.random.rand(*A1.shape) < keep_prob).astype(int)
    A1 = A1 * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    D2 = (np.random.rand(*A2.shape) < keep_prob).astype(int)
    A2 = A2 * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_forward_propagation_with_dropout", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    np.random.seed(1)
    A3, cache = call(forward_propagation_with_dropout, check_X, check_parameters, keep_prob=0.7)
    assert len(cache) == 14, f"cache should hold 14 arrays (Z1, D1, A1, ..., W3, b3), it holds {len(cache)}"
    expect_array(cache[1], [[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]], "D1")
    expect_array(cache[6], [[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]], "D2")
    expect_array(A3, [[0.9943557, 0.00734946, 0.24359485, 0.32303471, 0.73213593]], "A3", atol=1e-7)
    np.random.seed(2)  # another seed, other masks: each call draws from numpy's random state
    _, cache = call(forward_propagation_with_dropout, check_X, check_parameters, keep_prob=0.7)
    expect_array(cache[6], [[1, 1, 1, 1, 1], [0, 0, 1, 0, 1], [1, 1, 1, 1, 1]], "D2 after np.random.seed(2)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("regularization", "forward_propagation_with_dropout", forward_propagation_with_dropout)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "dropout-backward-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 4: backward pass with dropout
#
# The units dropped in the forward pass had no effect on the cost, so their gradients are zero, and
# the kept ones were scaled by `1 / keep_prob`, so their gradients are too. Implement
# `backward_propagation_with_dropout(X, Y, cache, keep_prob)`: the plain backward pass, with two
# more steps for each hidden layer, right after computing `dA<l>`:
#
# 1. `dA2 = dA2 * D2`: apply the same mask as the forward pass;
# 2. `dA2 = dA2 / keep_prob`: apply the same scaling.
#
# and the same for `dA1` with `D1`. The rest is as in the plain pass: $dZ^{[3]} = \frac{1}{m}(A^{[3]} - Y)$,
# $dW^{[l]} = dZ^{[l]} A^{[l-1]T}$, $db^{[l]} = \sum_i dZ^{[l](i)}$, $dA^{[l]} = W^{[l+1]T} dZ^{[l+1]}$,
# $dZ^{[l]} = dA^{[l]} \cdot \mathbb{1}(A^{[l]} > 0)$ (the ReLU derivative), with $A^{[0]} = X$.

# %% nbgrader={"grade": false, "grade_id": "backward_propagation_with_dropout", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: backward_propagation_with_dropout
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """
    Arguments:
    X -- inputs, shape (n_x, m)
    Y -- labels 0/1, shape (1, m)
    cache -- (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation_with_dropout
    keep_prob -- probability of keeping a hidden unit

    Returns:
    grads -- dict with "dW1", "db1", "dW2", "db2", "dW3", "db3" (the shapes of W1, b1, ...); it may
             also hold "dZ<l>" and "dA<l>"
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    dZ3 = (A3 - Y) / m
    dW3 = dZ3 @ A2.T
    db3 = np.sum(dZ3, axis=1, keepdims=True)
    dA2 = W3.T @ dZ3
    dA2 = dA2 * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dA1 = W2.T @ dZ2
    dA1 = dA1 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3,
            "dZ1": dZ1, "dA1": dA1, "dZ2": dZ2, "dA2": dA2, "dZ3": dZ3}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_backward_propagation_with_dropout", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # A cache with made-up masks and keep_prob=0.8. It need not come from a real forward pass: it
    # only has to exercise the arithmetic. A1 and A2 are scaled but not masked, so a backward pass
    # that forgets D1 or D2 shows here (after a real forward pass, A > 0 would hide it).
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = check_cache
    D1 = np.array([[1, 0, 1, 1, 1], [1, 1, 1, 0, 1]])
    D2 = np.array([[1, 1, 0, 1, 1], [0, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    cache = (Z1, D1, A1 / 0.8, W1, b1, Z2, D2, A2 / 0.8, W2, b2, Z3, A3, W3, b3)
    grads = call(backward_propagation_with_dropout, check_X, check_Y, cache, keep_prob=0.8)
    expect_array(grads["dW1"], [[-0.69913135, 0.4615507, -0.24690626],
                                [0.04799289, -0.37072512, 0.12361162]], "dW1", atol=1e-7)
    expect_array(grads["db1"], [[0.13031212], [0.14841628]], "db1", atol=1e-7)
    expect_array(grads["dW2"], [[-0.18965678, -0.30197283],
                                [-0.0352959, 0.74199136],
                                [0.07802316, -0.01188419]], "dW2", atol=1e-7)
    expect_array(grads["dW3"], [[-0.04782708, -0.47126387, -0.09383169]], "dW3", atol=1e-7)
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("regularization", "backward_propagation_with_dropout", backward_propagation_with_dropout)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "dropout-run-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Train with `keep_prob = 0.86`: each hidden unit is off 14% of the time, with a new mask at every
# iteration.

# %% nbgrader={"grade": false, "grade_id": "dropout-run", "locked": true, "schema_version": 3, "solution": false, "task": false}
parameters = model(train_X, train_Y, num_iterations=ITERATIONS, keep_prob=0.86)
evaluate("dropout", parameters)

# %% [markdown] nbgrader={"grade": false, "grade_id": "dropout-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Dropout also trades training accuracy for test accuracy. Its cost curve is noisy: each iteration
# evaluates a different thinned network, so $J$ is no longer a well-defined function of the weights
# that decreases at every step. To debug a backward pass, check it with `keep_prob = 1` first.
#
# Two things to keep in mind when you use dropout:
#
# - only in training: at test time no unit is dropped and nothing is rescaled (inverted dropout
#   already did the scaling during training);
# - in the forward and the backward pass, with the same mask.
#
# Deep-learning frameworks provide it (for example `tf.keras.layers.Dropout`, which takes the
# *drop* rate `1 - keep_prob`).

# %% [markdown] nbgrader={"grade": false, "grade_id": "both-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# `model` refuses to combine the two techniques (they can be combined in practice, but this notebook
# compares them one at a time):

# %% nbgrader={"grade": false, "grade_id": "both", "locked": true, "schema_version": 3, "solution": false, "task": false}
try:
    model(train_X, train_Y, lambd=0.7, keep_prob=0.86)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "results-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Results
#
# The table below is filled from your own run.

# %% nbgrader={"grade": false, "grade_id": "results", "locked": true, "schema_version": 3, "solution": false, "task": false}
comments = {
    "no regularization": "overfits the training set",
    "L2 regularization": "smaller weights, smoother boundary",
    "dropout": "random units off in training",
}
results_table([
    (f"3-layer NN, {name}", *results[name], comments[name])
    for name in ("no regularization", "L2 regularization", "dropout") if name in results
])

# %% [markdown] nbgrader={"grade": false, "grade_id": "remember", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What to remember
#
# - Regularization reduces overfitting: training accuracy may drop a little, test accuracy rises.
# - L2 regularization adds $\frac{\lambda}{2m}\sum \|W^{[l]}\|^2$ to the cost and $\frac{\lambda}{m}W^{[l]}$
#   to each weight gradient; it drives the weights toward smaller values (weight decay). The biases
#   are not penalized.
# - Dropout switches hidden units off at random, with a fresh mask at every iteration; the same mask
#   is applied in the backward pass, and the kept activations are divided by `keep_prob`.
# - Dropout is for training only; predictions use every unit.
# - `lambd` and `keep_prob` are hyperparameters: tune them on a dev set, never on the test set.

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
# # Initialization: how the first weights decide what a network can learn
#
# [Open in Colab](https://colab.research.google.com/github/improving-dnn-course/improving-deep-neural-networks/blob/main/assignments/initialization/initialization.ipynb)
#
# Gradient descent starts from whatever weights you give it. A poor starting point can keep a network
# from ever learning, or make it learn slowly; a good one lets it converge fast to a low error. In this
# assignment you train the same three-layer network from three starting points and compare:
#
# 1. all weights zero,
# 2. large random weights,
# 3. random weights scaled as He et al. (2015) propose for ReLU networks.
#
# | Exercise | Function | Points |
# |---|---|---|
# | 1 | `initialize_parameters_zeros` | 2 |
# | 2 | `initialize_parameters_random` | 3 |
# | 3 | `initialize_parameters_he` | 3 |
#
# **Notation.** `X` has shape `(n_x, m)`: one column per example. `layers_dims = [n_x, n_1, ..., n_L]`
# lists the layer sizes; layer `l` has weights `W<l>` of shape `(n_l, n_{l-1})` and biases `b<l>` of
# shape `(n_l, 1)`. A superscript $[l]$ means layer $l$, $(i)$ means example $i$.
#
# In each exercise's cell, replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, and keep the function's name and arguments. Run every cell in order, and each exercise's test
# cell right after it: it shows the values your function should give and, when yours differ, says
# which one and names the typical mistake that gives the same values, if there is one.

# %% [markdown] nbgrader={"grade": false, "grade_id": "contents", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Contents** (3 graded exercises, 8 points; this list is written from the headings below by `course build`)
#
# - [The data](#The-data)
# - [The model](#The-model)
# - [Exercise 1: zero initialization](#Exercise-1:-zero-initialization) (2 points)
# - [Exercise 2: large random initialization](#Exercise-2:-large-random-initialization) (3 points)
# - [Exercise 3: He initialization](#Exercise-3:-He-initialization) (3 points)
# - [Results](#Results)
# - [What to remember](#What-to-remember)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np

from dlcourse.data import load_circles
from dlcourse.grading_mode import budget
from dlcourse.plots import plot_costs, plot_dataset, plot_decision_boundary
from dlcourse.public_checks import call, expect_array, expect_arrays, public_checks
from dlcourse.report import results_table
from dlcourse.three_layer_net import accuracy, predict, predict_dec, train

plt.rcParams["figure.figsize"] = (5.0, 4.0)

# Training iterations of the runs below. When the course's grader runs this notebook it trains for
# only 500 iterations: your functions are graded by the test cells, not by these runs.
ITERATIONS = budget(15000, when_grading=500)

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The data
#
# Two concentric circles of points: blue inside, red outside (300 training points, 100 test points).
# No straight line separates them, so the network has to learn a curved boundary.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
train_X, train_Y, test_X, test_Y = load_circles()
print(f"train_X {train_X.shape}, train_Y {train_Y.shape}, test_X {test_X.shape}, test_Y {test_Y.shape}")
plot_dataset(train_X, train_Y, title="Training set")
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "model-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The model
#
# The network is LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID with `layers_dims = [2, 10, 5, 1]`,
# trained by batch gradient descent on the cross-entropy cost
#
# $$J = -\frac{1}{m} \sum_{i=1}^{m} \left( y^{(i)} \log a^{[3](i)} + (1 - y^{(i)}) \log\left(1 - a^{[3](i)}\right) \right).$$
#
# `model` is written for you. Its `initialization` argument picks one of the three functions you are
# about to write. It prints the cost every 1000 iterations and plots the cost curve.

# %% nbgrader={"grade": false, "grade_id": "model", "locked": true, "schema_version": 3, "solution": false, "task": false}
def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    """Train the [2, 10, 5, 1] network by gradient descent.

    Arguments:
    X -- inputs, shape (2, m)
    Y -- labels 0/1, shape (1, m)
    initialization -- "zeros", "random" or "he": which initializer to start from

    Returns:
    parameters -- the trained weights and biases
    """
    layers_dims = [X.shape[0], 10, 5, 1]
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)
    else:
        raise ValueError(f'initialization must be "zeros", "random" or "he", not {initialization!r}')
    parameters, costs = train(X, Y, parameters, learning_rate, num_iterations, print_cost)
    if print_cost:
        plot_costs(costs, title=f'"{initialization}" initialization, learning rate {learning_rate}')
        plt.show()
    return parameters


results = {}  # initialization -> (train accuracy, test accuracy), filled as you go


def evaluate(initialization, parameters):
    """Print train and test accuracy, record them in `results`, draw the decision boundary."""
    print("On the training set:")
    train_accuracy = accuracy(predict(train_X, train_Y, parameters), train_Y)
    print("On the test set:")
    test_accuracy = accuracy(predict(test_X, test_Y, parameters), test_Y)
    results[initialization] = (train_accuracy, test_accuracy)
    plot_decision_boundary(lambda x: predict_dec(parameters, x), train_X, train_Y,
                           title=f'Decision boundary, "{initialization}" initialization')
    plt.show()


# %% [markdown] nbgrader={"grade": false, "grade_id": "zeros-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: zero initialization
#
# Start with the obvious guess: every weight and every bias zero. Implement
# `initialize_parameters_zeros(layers_dims)`; for each layer `l = 1, ..., L` it sets
#
# - `W<l>` to zeros of shape `(layers_dims[l], layers_dims[l-1])`,
# - `b<l>` to zeros of shape `(layers_dims[l], 1)`.
#
# `np.zeros(shape)` takes the shape as one tuple.

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_zeros", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: initialize_parameters_zeros
def initialize_parameters_zeros(layers_dims):
    """
    Arguments:
    layers_dims -- list of layer sizes [n_x, n_1, ..., n_L]

    Returns:
    parameters -- dict with "W1", "b1", ..., "WL", "bL":
                  W<l> zeros of shape (layers_dims[l], layers_dims[l-1]),
                  b<l> zeros of shape (layers_dims[l], 1)
    """
    ### BEGIN SOLUTION
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_initialize_parameters_zeros", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    parameters = call(initialize_parameters_zeros, [3, 2, 1])
    expect_arrays(parameters, {
        "W1": np.zeros((2, 3)), "b1": np.zeros((2, 1)),
        "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1)),
    })
    # The grader also tries deeper networks: W3 comes after the draws of W1 and W2.
    deeper = call(initialize_parameters_zeros, [4, 3, 2, 1])
    expect_array(deeper["W3"], np.zeros((1, 2)), 'parameters["W3"] of layers_dims [4, 3, 2, 1]', atol=1e-6)
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("initialization", "initialize_parameters_zeros", initialize_parameters_zeros)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "zeros-run-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Train the network from zeros for 15 000 iterations and look at what it learned.

# %% nbgrader={"grade": false, "grade_id": "zeros-run", "locked": true, "schema_version": 3, "solution": false, "task": false}
parameters = model(train_X, train_Y, num_iterations=ITERATIONS, initialization="zeros")
evaluate("zeros", parameters)

# %% [markdown] nbgrader={"grade": false, "grade_id": "zeros-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cost never moves and the network predicts 0 for every point: the whole plane is shaded red, the
# colour of class 0, and the accuracy is 50%, no better than a coin.
#
# Why? With all weights zero, every unit of a layer computes the same value, receives the same
# gradient and takes the same step. After any number of iterations the units of each layer are still
# identical copies of each other, so the network is no more expressive than one unit per layer (here
# even less: with zero weights the ReLU layers output zeros and no gradient reaches the first layers).
# This is the **symmetry** problem: to let units learn different features, the weights must start
# different. Biases may start at zero; the weights may not.

# %% [markdown] nbgrader={"grade": false, "grade_id": "random-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: large random initialization
#
# Random weights break the symmetry. Try large ones first. Implement
# `initialize_parameters_random(layers_dims)`:
#
# - call `np.random.seed(3)` **once**, before the loop (so your numbers match the checks),
# - for each layer in order, `W<l> = np.random.randn(layers_dims[l], layers_dims[l-1]) * 10`,
# - `b<l>` zeros of shape `(layers_dims[l], 1)`.

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_random", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: initialize_parameters_random
def initialize_parameters_random(layers_dims):
    """
    Arguments:
    layers_dims -- list of layer sizes [n_x, n_1, ..., n_L]

    Returns:
    parameters -- dict with "W1", "b1", ..., "WL", "bL":
                  W<l> = randn(layers_dims[l], layers_dims[l-1]) * 10 after np.random.seed(3),
                  b<l> zeros of shape (layers_dims[l], 1)
    """
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_initialize_parameters_random", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    parameters = call(initialize_parameters_random, [3, 2, 1])
    expect_arrays(parameters, {
        "W1": [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]],
        "b1": np.zeros((2, 1)),
        "W2": [[-0.82741481, -6.27000677]],
        "b2": np.zeros((1, 1)),
    }, atol=1e-6)
    # The grader also tries deeper networks: W3 comes after the draws of W1 and W2.
    deeper = call(initialize_parameters_random, [4, 3, 2, 1])
    expect_array(deeper["W3"], [[9.82367434, -11.0106763]], 'parameters["W3"] of layers_dims [4, 3, 2, 1]', atol=1e-6)
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("initialization", "initialize_parameters_random", initialize_parameters_random)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "random-run", "locked": true, "schema_version": 3, "solution": false, "task": false}
parameters = model(train_X, train_Y, num_iterations=ITERATIONS, initialization="random")
evaluate("random", parameters)

# %% [markdown] nbgrader={"grade": false, "grade_id": "random-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The symmetry is broken and the network learns something, but look at the first cost: it is huge
# (often `inf`). With weights of size 10 the last activation saturates: the sigmoid outputs exactly
# 0 or 1, and a confident wrong answer costs $-\log 0 = \infty$. Training then spends thousands of
# iterations just shrinking the weights, and the decision boundary it reaches after 15 000 iterations
# is still poor. Training longer would help a little; starting better helps a lot.

# %% [markdown] nbgrader={"grade": false, "grade_id": "he-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: He initialization
#
# He et al. (2015) scale the random weights by $\sqrt{2 / n^{[l-1]}}$, where $n^{[l-1]}$ is the number
# of inputs of the layer (its fan-in). With ReLU units this keeps the variance of the activations
# about constant from layer to layer: signals neither explode nor vanish. (Xavier initialization
# uses $\sqrt{1 / n^{[l-1]}}$, which suits tanh units.)
#
# Implement `initialize_parameters_he(layers_dims)`:
#
# - call `np.random.seed(3)` once, before the loop,
# - `W<l> = np.random.randn(layers_dims[l], layers_dims[l-1]) * np.sqrt(2 / layers_dims[l-1])`,
# - `b<l>` zeros of shape `(layers_dims[l], 1)`.

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_he", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: initialize_parameters_he
def initialize_parameters_he(layers_dims):
    """
    Arguments:
    layers_dims -- list of layer sizes [n_x, n_1, ..., n_L]

    Returns:
    parameters -- dict with "W1", "b1", ..., "WL", "bL":
                  W<l> = randn(layers_dims[l], layers_dims[l-1]) * sqrt(2 / layers_dims[l-1])
                  after np.random.seed(3), b<l> zeros of shape (layers_dims[l], 1)
    """
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        scale = np.sqrt(2 / layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_initialize_parameters_he", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    parameters = call(initialize_parameters_he, [3, 2, 1])
    expect_arrays(parameters, {
        "W1": [[1.46040903, 0.3564088, 0.07878985], [-1.52153542, -0.22648652, -0.28965949]],
        "b1": np.zeros((2, 1)),
        "W2": [[-0.08274148, -0.62700068]],
        "b2": np.zeros((1, 1)),
    }, atol=1e-6)
    # The grader also tries deeper networks: W3 comes after the draws of W1 and W2.
    deeper = call(initialize_parameters_he, [4, 3, 2, 1])
    expect_array(deeper["W3"], [[0.98236743, -1.10106763]], 'parameters["W3"] of layers_dims [4, 3, 2, 1]', atol=1e-6)
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("initialization", "initialize_parameters_he", initialize_parameters_he)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "he-run", "locked": true, "schema_version": 3, "solution": false, "task": false}
parameters = model(train_X, train_Y, num_iterations=ITERATIONS, initialization="he")
evaluate("he", parameters)

# %% [markdown] nbgrader={"grade": false, "grade_id": "results-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Results
#
# The table below is filled from your own run.

# %% nbgrader={"grade": false, "grade_id": "results", "locked": true, "schema_version": 3, "solution": false, "task": false}
comments = {
    "zeros": "fails to break symmetry",
    "random": "too large weights: saturated start, slow progress",
    "he": "recommended for ReLU networks",
}
results_table([
    (f"3-layer NN, {name} initialization", *results[name], comments[name])
    for name in ("zeros", "random", "he") if name in results
])

# %% [markdown] nbgrader={"grade": false, "grade_id": "remember", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What to remember
#
# - The starting weights matter: the same network and data reach 50%, about 85% or about 99% training
#   accuracy depending only on them.
# - Weights must start different from each other to break symmetry; zero biases are fine.
# - Very large random weights saturate the output, start from a huge cost and slow learning down.
# - He initialization, `randn * sqrt(2 / n_prev)`, is the default choice for ReLU networks.

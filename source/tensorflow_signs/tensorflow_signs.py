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
# # TensorFlow: a softmax network that counts fingers
#
# [Open in Colab](https://colab.research.google.com/github/improving-dnn-course/improving-deep-neural-networks/blob/main/assignments/tensorflow_signs/tensorflow_signs.ipynb)
#
# Until now you wrote every forward and backward pass by hand in numpy. A deep learning framework
# computes the gradients for you: you write the forward pass and the cost, and the framework's
# automatic differentiation does the rest. In this assignment you use TensorFlow 2 to build and train
# a three-layer network that reads a 64x64 picture of a hand and says how many fingers it shows (0 to 5).
#
# You will meet tensors and variables, write a few small functions with TensorFlow operations, then the
# network's parameters, forward pass and cost, and last the training loop: mini-batches with `tf.data`,
# Adam and `tf.GradientTape`.
#
# | Exercise | Function | Points |
# |---|---|---|
# | 1 | `linear_function` | 2 |
# | 2 | `sigmoid` | 2 |
# | 3 | `one_hot_matrix` | 2 |
# | 4 | `initialize_parameters` | 3 |
# | 5 | `forward_propagation` | 3 |
# | 6 | `compute_cost` | 3 |
# | 7 | `model` | 3 |
#
# **Notation.** `X` has shape `(n_x, m)`: one flattened picture per column. Labels are one-hot columns,
# `Y` of shape `(6, m)`. Layer `l` has weights `W<l>` of shape `(n_l, n_{l-1})` and biases `b<l>` of
# shape `(n_l, 1)`.
#
# In each exercise's cell, replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, and keep the function's name and arguments. Run every cell in order, and each exercise's test
# cell right after it: it shows the values your function should give and, when yours differ, says
# which one and names the typical mistake that gives the same values, if there is one.

# %% [markdown] nbgrader={"grade": false, "grade_id": "contents", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Contents** (7 graded exercises, 18 points; this list is written from the headings below by `course build`)
#
# - [The data: SIGNS](#The-data:-SIGNS)
# - [Tensors and variables](#Tensors-and-variables)
# - [Exercise 1: a linear function](#Exercise-1:-a-linear-function) (2 points)
# - [Exercise 2: the sigmoid](#Exercise-2:-the-sigmoid) (2 points)
# - [Exercise 3: one-hot labels](#Exercise-3:-one-hot-labels) (2 points)
# - [Exercise 4: the parameters](#Exercise-4:-the-parameters) (3 points)
# - [Exercise 5: the forward pass](#Exercise-5:-the-forward-pass) (3 points)
# - [Exercise 6: the cost](#Exercise-6:-the-cost) (3 points)
# - [Mini-batches with `tf.data`](#Mini-batches-with-tf.data)
# - [Exercise 7: the model](#Exercise-7:-the-model) (3 points)
# - [Results](#Results)
# - [A picture the network has never seen](#A-picture-the-network-has-never-seen)
# - [What to remember](#What-to-remember)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import os

# TensorFlow's C++ code logs on stderr. Level "2", set before TensorFlow is imported, hides its
# informational lines and warnings (errors still show). A few lines are printed before the setting is
# read and may still appear, in the notebook or in the terminal that runs Jupyter, such as "oneDNN
# custom operations are on": they are harmless, and this notebook leaves oneDNN on.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from dlcourse.data import load_signs
from dlcourse.grading_mode import budget
from dlcourse.hand_signs import draw_hand
from dlcourse.illustrations import plot_one_hot
from dlcourse.metrics import accuracy
from dlcourse.plots import plot_images
from dlcourse.public_checks import call, expect, expect_array, expect_tensor, expect_value, public_checks
from dlcourse.report import results_table

print("TensorFlow", tf.__version__)

# Epochs of the training run below: 300, a minute or two. The course's `model` has a default of
# `num_epochs=1500`, but its notebook trains with `model(..., num_epochs=100)`. For another number, put
# `NUM_EPOCHS = budget(100, when_grading=1)`, say, in a new cell below this one (1500 epochs take five
# times as long as 300). When the course's grader runs this notebook it trains for only 1 epoch: your
# functions are graded by the test cells, not by this run.
NUM_EPOCHS = budget(300, when_grading=1)

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The data: SIGNS
#
# 1080 training pictures and 120 test pictures of a hand showing 0 to 5 fingers, 64x64 pixels in RGB,
# the same number of pictures for each count. Ours are drawn by a program (`dlcourse.hand_signs`):
# hands of different sizes, poses and skin tones, in different light, on different backgrounds. The
# course's own SIGNS photos have the same format; if you have its files, `load_signs("train_signs.h5",
# "test_signs.h5")` reads them instead.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes = load_signs()
print(f"train_set_x_orig {train_set_x_orig.shape} {train_set_x_orig.dtype}, train_set_y {train_set_y.shape}")
print(f"test_set_x_orig {test_set_x_orig.shape}, test_set_y {test_set_y.shape}, classes {classes}")

# Eight training pictures of each count, one count a row.
montage = np.concatenate([np.flatnonzero(train_set_y[0] == c)[:8] for c in classes])
plot_images(train_set_x_orig[montage], titles=train_set_y[0, montage], columns=8,
            title="Training pictures and their labels (fingers shown), eight of each count")
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "flatten-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# As in the numpy assignments, each picture becomes a column of `64 * 64 * 3 = 12288` values in
# [0, 1]. TensorFlow computes in float32 by default, so the inputs are float32 too.

# %% nbgrader={"grade": false, "grade_id": "flatten", "locked": true, "schema_version": 3, "solution": false, "task": false}
X_train = (train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T / 255.0).astype(np.float32)
X_test = (test_set_x_orig.reshape(test_set_x_orig.shape[0], -1).T / 255.0).astype(np.float32)
print(f"X_train {X_train.shape} {X_train.dtype}, X_test {X_test.shape}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "tensors-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Tensors and variables
#
# TensorFlow computes on **tensors**: typed n-dimensional arrays, like numpy's, but which TensorFlow can
# differentiate through. A `tf.constant` never changes; a `tf.Variable` holds a value that training
# updates in place (with `assign`, `assign_sub`, or an optimizer). Parameters are variables; inputs and
# intermediate results are plain tensors.
#
# `tf.GradientTape` records the operations run inside its `with` block, and `tape.gradient(y, x)` then
# gives the derivative of `y` with respect to `x`. Only TensorFlow operations are recorded: converting a
# tensor to numpy (`.numpy()`, `np.dot`, ...) in the middle cuts the record, and the gradient is `None`.

# %% nbgrader={"grade": false, "grade_id": "tensors", "locked": true, "schema_version": 3, "solution": false, "task": false}
a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
v = tf.Variable(tf.zeros((2, 1)))
v.assign_add([[1.0], [-1.0]])
print("a:", a.dtype.name, a.shape, "| v:", v.dtype.name, v.shape)
print("a @ v =", tf.matmul(a, v).numpy().ravel())

with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.matmul(a, v) ** 2)
print("dy/dv =", tape.gradient(y, v).numpy().ravel())

# %% [markdown] nbgrader={"grade": false, "grade_id": "linear_function-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: a linear function
#
# Compute $Y = WX + b$ in TensorFlow. Implement `linear_function()`:
#
# - call `np.random.seed(1)`, then draw `X = np.random.randn(3, 1)`, `W = np.random.randn(4, 3)` and
#   `b = np.random.randn(4, 1)`, in that order, each wrapped in `tf.constant(...)`;
# - return `tf.add(tf.matmul(W, X), b)` (or `W @ X + b`).

# %% nbgrader={"grade": false, "grade_id": "linear_function", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: linear_function
def linear_function():
    """
    Computes Y = WX + b with X (3, 1), W (4, 3) and b (4, 1) drawn by np.random.randn, in that order,
    after np.random.seed(1).

    Returns:
    Y -- a tensor of shape (4, 1)
    
    """
    ### BEGIN SOLUTION
    np.random.seed(1)
    X = tf.constant(np.random.randn(3, 1), name="X")
    W = tf.constant(np.random.randn(4, 3), name="W")
    b = tf.constant(np.random.randn(4, 1), name="b")
    Y = tf.add(tf.matmul(W, X), b)
    return Y
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_function", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    Y = call(linear_function)
    expect_tensor(Y, [[-2.15657382], [2.95891446], [-1.08926781], [-0.84538042]], "Y", dtype=None)
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("tensorflow_signs", "linear_function", linear_function)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "sigmoid-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: the sigmoid
#
# TensorFlow's activations refuse integers and keep the dtype they are given. Implement `sigmoid(z)`:
# cast `z` to float32 with `tf.cast(z, tf.float32)`, then return `tf.keras.activations.sigmoid` of it.

# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: sigmoid
def sigmoid(z):
    """
    Arguments:
    z -- a number or an array of any shape, of any numeric type

    Returns:
    a -- sigmoid(z), a float32 tensor of the shape of z
    
    """
    ### BEGIN SOLUTION
    z = tf.cast(z, tf.float32)
    a = tf.keras.activations.sigmoid(z)
    return a
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sigmoid", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    expect_tensor(call(sigmoid, -1), 0.26894143, "sigmoid(-1)")
    expect_tensor(call(sigmoid, 0), 0.5, "sigmoid(0)")
    expect_tensor(call(sigmoid, 12), 0.99999386, "sigmoid(12)")
    expect_tensor(call(sigmoid, np.array([[0.0, 2.0]])), [[0.5, 0.88079708]], "sigmoid([[0, 2]])")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("tensorflow_signs", "sigmoid", sigmoid)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "one_hot_matrix-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: one-hot labels
#
# The softmax layer outputs one value per class, so each label becomes a one-hot column: for 6 classes,
# label 2 becomes $[0, 0, 1, 0, 0, 0]$. Implement `one_hot_matrix(label, depth=6)` with
# `tf.one_hot(label, depth, axis=0)`, reshaped to `(depth,)` with `tf.reshape`.

# %% nbgrader={"grade": false, "grade_id": "one_hot_matrix", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: one_hot_matrix
def one_hot_matrix(label, depth=6):
    """
    Arguments:
    label -- an integer class, 0 <= label < depth
    depth -- number of classes

    Returns:
    one_hot -- float32 tensor of shape (depth,): 1 at index label, 0 elsewhere
    
    """
    ### BEGIN SOLUTION
    one_hot = tf.reshape(tf.one_hot(label, depth, axis=0), shape=[depth])
    return one_hot
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_one_hot_matrix", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    expect_tensor(call(one_hot_matrix, 1), [0, 1, 0, 0, 0, 0], "one_hot_matrix(1)")
    expect_tensor(call(one_hot_matrix, 3, depth=4), [0, 0, 0, 1], "one_hot_matrix(3, depth=4)")
    # The notebook passes numpy integers, and tf.data's map passes tensors: the grader tries both.
    expect_tensor(call(one_hot_matrix, np.int64(4)), [0, 0, 0, 0, 1, 0], "one_hot_matrix(np.int64(4))")
    expect_tensor(call(one_hot_matrix, tf.constant(2), depth=3), [0, 0, 1], "one_hot_matrix(tf.constant(2), depth=3)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("tensorflow_signs", "one_hot_matrix", one_hot_matrix)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "labels-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The labels of both sets, one one-hot column per picture:

# %% nbgrader={"grade": false, "grade_id": "labels", "locked": true, "schema_version": 3, "solution": false, "task": false}
Y_train = tf.stack([one_hot_matrix(label) for label in train_set_y[0]], axis=1)
Y_test = tf.stack([one_hot_matrix(label) for label in test_set_y[0]], axis=1)
print(f"Y_train {tuple(Y_train.shape)}, Y_test {tuple(Y_test.shape)}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "one-hot-picture-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The first ten training labels and their columns of `Y_train`, made by your `one_hot_matrix`: each
# column holds a single 1, in the row of its label.

# %% nbgrader={"grade": false, "grade_id": "one-hot-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
plot_one_hot(train_set_y[0, :10], Y_train[:, :10].numpy())
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "initialize_parameters-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 4: the parameters
#
# The network is LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SOFTMAX with layer sizes
# `[12288, 25, 12, 6]`. Implement `initialize_parameters()`:
#
# - `initializer = tf.keras.initializers.GlorotNormal(seed=1)`; each weight is
#   `tf.Variable(initializer(shape=(n_l, n_prev)))`;
# - each bias is `tf.Variable(tf.zeros((n_l, 1)))`.
#
# Every parameter must be a `tf.Variable`: the optimizer only updates variables.
#
# **Note for those who know the original course.** Its `initialize_parameters` draws the biases from
# the same GlorotNormal initializer as the weights. Here they start at zero, as in every numpy
# assignment of this course; the original course's biases are accepted too, with full marks (small
# random biases train just as well).

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: initialize_parameters
def initialize_parameters():
    """
    Initializes the parameters of the [12288, 25, 12, 6] network.

    Returns:
    parameters -- dict of tf.Variable: W1 (25, 12288), b1 (25, 1), W2 (12, 25), b2 (12, 1),
                  W3 (6, 12), b3 (6, 1); weights from GlorotNormal(seed=1), zero biases
    
    """
    ### BEGIN SOLUTION
    initializer = tf.keras.initializers.GlorotNormal(seed=1)
    W1 = tf.Variable(initializer(shape=(25, 12288)), name="W1")
    b1 = tf.Variable(tf.zeros((25, 1)), name="b1")
    W2 = tf.Variable(initializer(shape=(12, 25)), name="W2")
    b2 = tf.Variable(tf.zeros((12, 1)), name="b2")
    W3 = tf.Variable(initializer(shape=(6, 12)), name="W3")
    b3 = tf.Variable(tf.zeros((6, 1)), name="b3")
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    return parameters
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_initialize_parameters", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    parameters = call(initialize_parameters)
    shapes = {"W1": (25, 12288), "b1": (25, 1), "W2": (12, 25), "b2": (12, 1), "W3": (6, 12), "b3": (6, 1)}
    expect(isinstance(parameters, dict) and sorted(parameters) == sorted(shapes), "the keys of parameters",
           f"keys should be {sorted(shapes)}")
    for key, shape in shapes.items():
        expect(isinstance(parameters[key], tf.Variable), f"{key} is a tf.Variable",
               f"{key} should be a tf.Variable, got {type(parameters[key]).__name__}")
        expect(tuple(parameters[key].shape) == shape, f"the shape of {key}",
               f"{key} has shape {tuple(parameters[key].shape)}, expected {shape}")
        expect(parameters[key].dtype == tf.float32, f"the dtype of {key}",
               f"{key} has dtype {parameters[key].dtype.name}, expected float32")
    glorot = tf.keras.initializers.GlorotNormal(seed=1)  # the original course's biases are accepted too
    for b in ("b1", "b2", "b3"):
        assert not np.any(parameters[b].numpy()) or np.allclose(parameters[b].numpy(), glorot(shape=shapes[b])), \
            f"{b} should start at zero"
    spread = float(tf.math.reduce_std(parameters["W1"]))
    expect_value(spread, np.sqrt(2 / (12288 + 25)), "W1's standard deviation (Glorot's)", atol=0.001)
    # GlorotNormal(seed=1) draws the same values at every call: its first ones are these.
    expect_array(parameters["W1"].numpy()[0, :4], [0.00183502, -0.00714326, 0.00914525, -0.01142951],
                 "W1[0, :4]", atol=1e-7)
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("tensorflow_signs", "initialize_parameters", initialize_parameters)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "forward_propagation-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 5: the forward pass
#
# Implement `forward_propagation(X, parameters)`: `Z1 = W1 X + b1`, `A1 = relu(Z1)`, `Z2 = W2 A1 + b2`,
# `A2 = relu(Z2)`, `Z3 = W3 A2 + b3`, and return `Z3`. Use `tf.matmul`, `tf.add` and
# `tf.keras.activations.relu` (numpy functions would cut the gradient tape).
#
# The last layer's softmax is **not** applied here: `Z3` are the *logits*, and the cost applies the
# softmax itself, in a numerically stable way.

# %% nbgrader={"grade": false, "grade_id": "forward_propagation", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: forward_propagation
def forward_propagation(X, parameters):
    """
    LINEAR -> RELU -> LINEAR -> RELU -> LINEAR.

    Arguments:
    X -- input tensor of shape (n_x, m), float32
    parameters -- dict of tf.Variable: W1, b1, W2, b2, W3, b3

    Returns:
    Z3 -- the logits, a tensor of shape (n_3, m) (6 classes: (6, m)); no softmax here
    
    """
    ### BEGIN SOLUTION
    Z1 = tf.add(tf.matmul(parameters["W1"], X), parameters["b1"])
    A1 = tf.keras.activations.relu(Z1)
    Z2 = tf.add(tf.matmul(parameters["W2"], A1), parameters["b2"])
    A2 = tf.keras.activations.relu(Z2)
    Z3 = tf.add(tf.matmul(parameters["W3"], A2), parameters["b3"])
    return Z3
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_forward_propagation", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    example = {
        "W1": tf.Variable([[1.0, -2.0, 0.5], [0.0, 1.0, -1.0]]), "b1": tf.Variable([[0.5], [-0.5]]),
        "W2": tf.Variable([[1.0, 1.0], [-1.0, 2.0]]), "b2": tf.Variable([[0.0], [1.0]]),
        "W3": tf.Variable([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [2.0, 0.0], [0.0, -2.0]]),
        "b3": tf.Variable([[0.1], [0.2], [0.3], [0.4], [0.5], [0.6]]),
    }
    X_example = tf.constant([[1.0, -1.0], [0.5, 2.0], [2.0, 0.0]])
    with tf.GradientTape() as tape:
        Z3 = call(forward_propagation, X_example, example)
        total = tf.reduce_sum(tf.cast(Z3, tf.float32))
    expect_tensor(Z3, [[1.6, 1.6], [0.2, 4.2], [1.8, -2.2], [-1.1, 2.9], [3.5, 3.5], [0.6, -7.4]], "Z3", atol=1e-5)
    expect(tape.gradient(total, example["W1"]) is not None, "a gradient reaches W1",
           "no gradient reaches W1: use TensorFlow operations")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("tensorflow_signs", "forward_propagation", forward_propagation)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "compute_cost-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 6: the cost
#
# Implement `compute_cost(logits, labels)`: the categorical cross-entropy of each example, averaged over
# the examples. `tf.keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=True)` computes it
# per example; it expects one example per **row**, so pass `tf.transpose(labels)` and
# `tf.transpose(logits)`, and take the mean with `tf.reduce_mean`. `from_logits=True` tells it to apply
# the softmax itself: do not apply it yourself.
#
# **Note for those who know the original course.** Its `compute_total_loss` returns the *sum* over the
# examples (`tf.reduce_sum`), and its model divides the epoch's total by m. Here the cost is the mean,
# $J = \frac{1}{m} \sum_i \mathcal{L}^{(i)}$, as in every assignment of this course. The sum is accepted
# too, with full marks, provided your model then divides the epoch's total by m (exercise 7): with
# Adam, which divides each gradient by its own size, both train the same way.

# %% nbgrader={"grade": false, "grade_id": "compute_cost", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: compute_cost
def compute_cost(logits, labels):
    """
    Arguments:
    logits -- output of forward_propagation, shape (6, m)
    labels -- one-hot labels, shape (6, m)

    Returns:
    cost -- float32 scalar tensor: the mean over the m examples of the categorical cross-entropy
    
    """
    ### BEGIN SOLUTION
    cost = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(
        tf.transpose(labels), tf.transpose(logits), from_logits=True))
    return cost
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_compute_cost", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    logits = tf.constant([[2.0, -1.0, 0.5], [1.0, 0.0, -0.5], [0.1, 3.0, 0.0],
                          [-1.0, 0.5, 2.0], [0.0, 0.0, 1.0], [0.5, -2.0, 0.3]])
    labels = tf.transpose(tf.one_hot([0, 2, 3], 6))
    cost = call(compute_cost, logits, labels)
    if hasattr(cost, "numpy") and np.allclose(cost.numpy(), 3 * 0.51062793):  # the original course's sum: accepted
        cost = cost / 3
    expect_tensor(cost, 0.51062793, "compute_cost(logits, labels)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("tensorflow_signs", "compute_cost", compute_cost)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "tf-data-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Mini-batches with `tf.data`
#
# Your model will feed its examples to the optimizer in mini-batches with `tf.data`, TensorFlow's
# input pipeline. A `tf.data.Dataset` is a sequence of elements that TensorFlow reads lazily, one at a
# time or in batches, without copying the data into a Python list. `from_tensor_slices` cuts an array
# along its **first** axis: one element per row. So the pictures, `(1080, 64, 64, 3)`, give 1080
# elements of shape `(64, 64, 3)`; and the labels, kept in columns here, are transposed first.
#
# `element_spec` tells you what one element is, its shape and dtype, without reading any data:

# %% nbgrader={"grade": false, "grade_id": "tf-data-build", "locked": true, "schema_version": 3, "solution": false, "task": false}
images = tf.data.Dataset.from_tensor_slices(train_set_x_orig)
labels = tf.data.Dataset.from_tensor_slices(tf.transpose(Y_train))
print("images:", images.element_spec)
print("labels:", labels.element_spec)
print("one element:", next(iter(images)).shape, next(iter(images)).dtype)

# %% [markdown] nbgrader={"grade": false, "grade_id": "tf-data-map-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# `map(f)` applies `f` to every element as it is read. Here it does what the "flatten" cell did with
# numpy at the top: each picture becomes a float32 vector of 12 288 values in [0, 1].

# %% nbgrader={"grade": false, "grade_id": "tf-data-map", "locked": true, "schema_version": 3, "solution": false, "task": false}
def normalize(image):
    """One picture (64, 64, 3) uint8 -> a float32 vector (12288,) of values in [0, 1]."""
    return tf.reshape(tf.cast(image, tf.float32) / 255.0, [-1])


normalized = images.map(normalize)
print("normalized:", normalized.element_spec)
print("the first one is X_train's first column:", np.allclose(next(iter(normalized)).numpy(), X_train[:, 0]))

# %% [markdown] nbgrader={"grade": false, "grade_id": "tf-data-batch-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# `zip` pairs each picture with its label; `shuffle(buffer, seed)` draws the elements in a random
# order, a new one each time the dataset is read (each epoch); `batch(32)` groups 32 elements into one,
# with a first axis of 32 (the last batch is smaller). Look at one batch:

# %% nbgrader={"grade": false, "grade_id": "tf-data-batch", "locked": true, "schema_version": 3, "solution": false, "task": false}
minibatches = tf.data.Dataset.zip((normalized, labels)).shuffle(1080, seed=1).batch(32)
print("a mini-batch:", minibatches.element_spec)
for minibatch_X, minibatch_Y in minibatches.take(1):
    print("minibatch_X", tuple(minibatch_X.shape), "minibatch_Y", tuple(minibatch_Y.shape))
    print("its first labels:", tf.argmax(minibatch_Y, axis=1).numpy()[:10])
print(len(minibatches), "mini-batches per epoch: 33 of 32 pictures and a last one of", 1080 - 33 * 32)

# %% [markdown] nbgrader={"grade": false, "grade_id": "tf-data-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# In `model` below you build the same kind of dataset from `X_train` and `Y_train`, which are already
# normalized and hold one example per **column**: transpose them for `from_tensor_slices`, and
# transpose each mini-batch back to columns for your forward pass.

# %% [markdown] nbgrader={"grade": false, "grade_id": "model-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 7: the model
#
# Now put the pieces together. Implement `model(...)`, which trains the network with Adam on
# mini-batches and returns `(parameters, costs, train_acc, test_acc)`:
#
# 1. Convert the four data arrays to float32 tensors once (`tf.convert_to_tensor(data, dtype=tf.float32)`),
#    call your `initialize_parameters()`, list the six variables `[W1, b1, W2, b2, W3, b3]`, and make the
#    optimizer: `tf.keras.optimizers.Adam(learning_rate)`.
# 2. Build the mini-batches with `tf.data`, which takes one example per **row**:
#    `tf.data.Dataset.from_tensor_slices((tf.transpose(X_train), tf.transpose(Y_train)))`, then
#    `.shuffle(m, seed=1)` (a new order every epoch), `.batch(minibatch_size)` and `.prefetch(8)`.
# 3. Write one training step, `train_step(X, Y)` for a mini-batch with examples in columns: under
#    `with tf.GradientTape() as tape:` compute the cost of your forward pass, then
#    `tape.gradient(cost, variables)`, then `optimizer.apply_gradients(zip(gradients, variables))`, and
#    return the cost. Decorate it with `@tf.function`: TensorFlow then compiles the step into a graph,
#    which runs several times faster than step-by-step Python (one more reason your functions must use
#    TensorFlow operations only).
# 4. For each epoch, run the step on every mini-batch, transposed back to columns:
#    `train_step(tf.transpose(minibatch_X), tf.transpose(minibatch_Y))`. Record the epoch's cost, the
#    mean of the mini-batch costs each weighted by its share of the examples: `minibatch_X` as `tf.data`
#    gives it holds one example per **row**, so that share is `minibatch_X.shape[0] / m` (the last
#    mini-batch is smaller; once transposed, the examples are counted by `shape[1]`). Then record the
#    train and test accuracies, `accuracy(forward_propagation(X, parameters), Y)` (`accuracy` comes
#    from `dlcourse.metrics`). If `print_cost`, print them every 10 epochs.
#
# The grader runs your `model` with your own `initialize_parameters`, `forward_propagation` and
# `compute_cost`, as this cell does, and judges what it returns with those same functions. A mistake
# in one of them costs that exercise's points; if it makes the training crash (a shape error, a bias
# that is not a variable, a numpy step inside the compiled `train_step`), the model's points go too:
# pass their test cells first. It also trains your model for one epoch on a few pictures, to see
# from the weights that the optimizer is Adam with your `learning_rate` (Adam's first step moves every
# weight by about the learning rate, whatever its gradient) and that the examples are shuffled.
#
# **Note for those who know the original course.** Its model does not shuffle the mini-batches; here
# they must be shuffled, in a new order every epoch (`.shuffle(m, seed=1)`). Its `compute_total_loss`
# sums over the examples and the epoch's total is divided by m; that is accepted too (see exercise 6),
# as long as the epoch's cost is the mean over the training set. And here `costs`, `train_acc` and
# `test_acc` hold one value per epoch, the accuracies of the parameters at the end of the epoch.

# %% nbgrader={"grade": false, "grade_id": "model", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: model
def model(X_train, Y_train, X_test, Y_test, learning_rate=0.0001, num_epochs=1500, minibatch_size=32,
          print_cost=True):
    """
    Trains the [12288, 25, 12, 6] network with Adam on shuffled mini-batches.

    Arguments:
    X_train -- (12288, m_train) float32 pictures, one per column; Y_train -- one-hot (6, m_train)
    X_test -- (12288, m_test) float32; Y_test -- one-hot (6, m_test)
    learning_rate -- Adam's learning rate
    num_epochs -- passes over the training set
    minibatch_size -- examples per mini-batch
    print_cost -- print the cost and accuracies every 10 epochs

    Returns:
    parameters -- the trained tf.Variables W1, b1, W2, b2, W3, b3
    costs -- list of num_epochs floats: each epoch's mean cost over the training set
    train_acc, test_acc -- lists of num_epochs floats: the accuracies after each epoch
    
    """
    ### BEGIN SOLUTION
    X_train, Y_train, X_test, Y_test = (tf.convert_to_tensor(data, dtype=tf.float32)
                                        for data in (X_train, Y_train, X_test, Y_test))
    parameters = initialize_parameters()
    variables = [parameters[key] for key in ("W1", "b1", "W2", "b2", "W3", "b3")]
    optimizer = tf.keras.optimizers.Adam(learning_rate)
    m = X_train.shape[1]
    minibatches = (tf.data.Dataset.from_tensor_slices((tf.transpose(X_train), tf.transpose(Y_train)))
                   .shuffle(m, seed=1)  # a new order every epoch
                   .batch(minibatch_size)
                   .prefetch(8))

    @tf.function(reduce_retracing=True)
    def train_step(X, Y):
        with tf.GradientTape() as tape:
            cost = compute_cost(forward_propagation(X, parameters), Y)
        gradients = tape.gradient(cost, variables)
        optimizer.apply_gradients(zip(gradients, variables))
        return cost

    costs, train_acc, test_acc = [], [], []
    for epoch in range(num_epochs):
        epoch_cost = 0.0
        for minibatch_X, minibatch_Y in minibatches:
            cost = train_step(tf.transpose(minibatch_X), tf.transpose(minibatch_Y))
            epoch_cost += float(cost) * minibatch_X.shape[0] / m  # examples in rows, as tf.data gives them
        costs.append(epoch_cost)
        train_acc.append(accuracy(forward_propagation(X_train, parameters), Y_train))
        test_acc.append(accuracy(forward_propagation(X_test, parameters), Y_test))
        if print_cost and (epoch % 10 == 0 or epoch == num_epochs - 1):
            print(f"Cost after epoch {epoch}: {epoch_cost:.6f}   train accuracy {train_acc[-1]:.3f}   "
                  f"test accuracy {test_acc[-1]:.3f}")
    return parameters, costs, train_acc, test_acc
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_model", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # Three epochs on the first 64 training pictures: quick, and the cost should already fall.
    trained, small_costs, small_train_acc, small_test_acc = call(
        model, X_train[:, :64], Y_train[:, :64], X_test[:, :16], Y_test[:, :16], num_epochs=3, print_cost=False)
    expect(sorted(trained) == sorted(["W1", "b1", "W2", "b2", "W3", "b3"]), "the keys of the parameters",
           "parameters should hold W1, b1, ..., b3")
    expect(all(isinstance(value, tf.Variable) for value in trained.values()), "the parameters are tf.Variables",
           "the parameters should be tf.Variables")
    expect(len(small_costs) == len(small_train_acc) == len(small_test_acc) == 3, "one cost and accuracy per epoch",
           "there should be one cost and accuracy per epoch")
    # By at least 1 % (it falls by about 6 %): parameters that never change give the same cost each
    # epoch, up to rounding, which may go either way.
    expect(small_costs[-1] < 0.99 * small_costs[0], "the cost falls", f"the cost did not fall: {small_costs}")
    expect_value(small_costs[0], 1.8, "the first epoch's mean cost (about 1.8)", atol=0.2)
    # The grader also trains for one epoch, and on an m that leaves a smaller last mini-batch (20 = 8 + 8 + 4).
    _, one_costs, one_train_acc, _ = call(model, X_train[:, :20], Y_train[:, :20], X_test[:, :4], Y_test[:, :4],
                                          num_epochs=1, minibatch_size=8, print_cost=False)
    expect(len(one_costs) == len(one_train_acc) == 1 and np.isfinite(one_costs[0]),
           "one cost per epoch of one epoch on 20 pictures in mini-batches of 8",
           f"one epoch on 20 pictures in mini-batches of 8 should give one finite cost, got {one_costs}")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("tensorflow_signs", "model", model)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "train-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Train the network (a minute or two) and plot its cost and accuracies:

# %% nbgrader={"grade": false, "grade_id": "train", "locked": true, "schema_version": 3, "solution": false, "task": false}
parameters, costs, train_acc, test_acc = model(X_train, Y_train, X_test, Y_test, num_epochs=NUM_EPOCHS)

fig, (ax_cost, ax_accuracy) = plt.subplots(1, 2, figsize=(10, 4))
ax_cost.plot(costs)
ax_cost.set(xlabel="epoch", ylabel="cost", title="Cost (learning rate 0.0001)")
ax_accuracy.plot(train_acc, label="train")
ax_accuracy.plot(test_acc, label="test")
ax_accuracy.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
ax_accuracy.legend()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "results-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Results
#
# The table below is filled from your own run.

# %% nbgrader={"grade": false, "grade_id": "results", "locked": true, "schema_version": 3, "solution": false, "task": false}
results = {"train": train_acc[-1], "test": test_acc[-1]}
results_table([(f"3-layer NN in TensorFlow, {len(costs)} epochs", results["train"], results["test"],
                "fits the training set far better than new pictures: a case for regularization")])

# %% [markdown] nbgrader={"grade": false, "grade_id": "results-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The network learns the training pictures almost perfectly but does clearly worse on pictures it has
# never seen: it overfits. A network this size has over 300 000 parameters for 1080 pictures; the
# regularization assignment's tools (L2, dropout) and more data are the usual remedies.

# %% [markdown] nbgrader={"grade": false, "grade_id": "new-picture-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## A picture the network has never seen
#
# The cell below defines `show_prediction(image, caption)`, which shows a `(64, 64, 3)` picture with
# your trained network's answer in its title, and tries it on a newly drawn hand. To try others, copy
# its last two lines into a new cell below it and change `fingers` (0 to 5) and `seed`. Count the long,
# straight fingers: as in the training pictures, a folded finger is only a short, darker knuckle bent
# over the top of the palm, and a folded thumb lies across the palm.
#
# To try a photo of your own hand, cropped square, on a plain light background, run these lines in a
# new cell. In Colab they ask you for the file; on your own machine, leave out the `google.colab` line
# and set `name` to the photo's path (Pillow, which reads it, comes with matplotlib):
#
# ```python
# from google.colab import files
# from PIL import Image
# name = next(iter(files.upload()))  # on your own machine: name = "my_hand.jpg"
# show_prediction(np.array(Image.open(name).convert("RGB").resize((64, 64))), "your photo")
# ```

# %% nbgrader={"grade": false, "grade_id": "new-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
def predict_fingers(image):
    """The number of fingers your trained network sees in `image`, (64, 64, 3) with values 0 to 255."""
    x = (image.reshape(1, -1).T / 255.0).astype(np.float32)  # one column, as in X_train
    return int(tf.argmax(forward_propagation(x, parameters), axis=0)[0])


def show_prediction(image, caption):
    """Show `image`, titled with `caption` and the network's answer."""
    plt.imshow(image)
    plt.title(f"{caption}; the network says {predict_fingers(image)}")
    plt.axis("off")
    plt.show()


fingers, seed = 4, 2027
show_prediction(draw_hand(fingers, np.random.default_rng(seed)), f"drawn with {fingers} fingers")

# %% [markdown] nbgrader={"grade": false, "grade_id": "remember", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What to remember
#
# - A framework computes gradients for you: write the forward pass and the cost with its operations,
#   record them under `tf.GradientTape`, and an optimizer such as Adam applies the gradients.
# - Parameters are `tf.Variable`s (the optimizer updates them); inputs and intermediate results are
#   tensors. Keep the computation inside TensorFlow: a numpy step cuts the gradient.
# - Give the loss the logits and `from_logits=True`; it applies the softmax itself, stably.
# - Mind the dtypes (float32) and the layout: the course keeps examples in columns, `tf.data` and Keras
#   losses want them in rows.
# - A big network fits its training set long before it generalizes: compare train and test accuracy.

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
# # Gradient checking: catching a wrong backward pass before it costs money
#
# [Open in Colab](https://colab.research.google.com/github/improving-dnn-course/improving-deep-neural-networks/blob/main/assignments/gradient_checking/gradient_checking.ipynb)
#
# You have joined a team that detects fraudulent mobile payments. Each payment is described by a few
# numbers, and a small neural network scores how likely it is to be fraud. A colleague wrote the
# network's forward and backward passes by hand. Before the model goes live, your lead wants proof
# that the backward pass is right.
#
# That proof matters because a wrong gradient rarely crashes anything. Gradient descent still runs,
# the cost may still go down, and the model ends up worse than it should be without anyone noticing.
# **Gradient checking** compares the gradients of the backward pass with gradients estimated from the
# forward pass alone, which is much simpler code and far less likely to be wrong.
#
# You first check a one-parameter function, then the colleague's whole network, where the check will
# find two bugs.
#
# | Exercise | Function | Points |
# |---|---|---|
# | 1 | `forward_propagation` | 1 |
# | 2 | `backward_propagation` | 1 |
# | 3 | `gradient_check` | 3 |
# | 4 | `gradient_check_n` | 5 |
# | 5 | `backward_propagation_n_fixed` (fix the bugs the check finds) | ungraded |
#
# **Notation.** `X` has shape `(n_x, m)`: one column per example (here one payment). Layer `l` has
# weights `W<l>` of shape `(n_l, n_{l-1})` and biases `b<l>` of shape `(n_l, 1)`; `parameters` is the
# dict `{"W1", "b1", ...}` and `gradients` the dict `{"dW1", "db1", ...}`.
#
# In each exercise's cell, replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, and keep the function's name and arguments. Run every cell in order, and each exercise's test
# cell right after it: it shows the values your function should give and, when yours differ, says
# which one and names the typical mistake that gives the same values, if there is one.

# %% [markdown] nbgrader={"grade": false, "grade_id": "contents", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Contents** (4 graded exercises, 10 points; this list is written from the headings below by `course build`)
#
# - [How gradient checking works](#How-gradient-checking-works)
# - [1. One parameter](#1.-One-parameter)
#   - [Exercise 1: forward pass](#Exercise-1:-forward-pass) (1 point)
#   - [Exercise 2: backward pass](#Exercise-2:-backward-pass) (1 point)
#   - [Exercise 3: the gradient check](#Exercise-3:-the-gradient-check) (3 points)
# - [2. The fraud-detection network](#2.-The-fraud-detection-network)
#   - [From a dict of matrices to one vector and back](#From-a-dict-of-matrices-to-one-vector-and-back)
#   - [Exercise 4: checking every parameter](#Exercise-4:-checking-every-parameter) (5 points)
# - [3. What the check says about the colleague's code](#3.-What-the-check-says-about-the-colleague's-code)
#   - [Exercise 5 (ungraded): fix the two bugs](#Exercise-5-(ungraded):-fix-the-two-bugs)
# - [Using gradient checking in practice](#Using-gradient-checking-in-practice)
# - [Results](#Results)
# - [What to remember](#What-to-remember)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import inspect

import matplotlib.pyplot as plt
import numpy as np

from dlcourse.fraud_network import backward_propagation_n, forward_propagation_n, gradient_check_n_test_case
from dlcourse.gradient_check import (THRESHOLD, dict_to_vector, grads_to_vector, parameter_shapes,
                                     vector_to_dict, verdict)
# The same helpers under the published course's names, so that code written to the course runs here too.
from dlcourse.gradient_check import dictionary_to_vector, gradients_to_vector, vector_to_dictionary
from dlcourse.illustrations import plot_flattening
from dlcourse.public_checks import call, call_printing, expect, expect_value, public_checks, replacing
from dlcourse.report import results_table

results = {}  # check -> (difference, comment), filled as you go
print(f"Course helpers loaded. A gradient check passes when its difference is below THRESHOLD = {THRESHOLD:g}.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "how-it-works", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## How gradient checking works
#
# Backpropagation computes $\frac{\partial J}{\partial \theta}$, the derivative of the cost $J$ with
# respect to a parameter $\theta$. The definition of a derivative gives a second way to get it:
#
# $$\frac{\partial J}{\partial \theta} = \lim_{\varepsilon \to 0} \frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2 \varepsilon}.$$
#
# With a small $\varepsilon$ (we use $10^{-7}$) the fraction on the right, the **centered difference**,
# is a very good estimate: its error shrinks like $\varepsilon^2$, while the one-sided
# $\frac{J(\theta + \varepsilon) - J(\theta)}{\varepsilon}$ only shrinks like $\varepsilon$. It needs
# nothing but two evaluations of the forward pass.
#
# To compare the backward pass's `grad` with the estimate `gradapprox`, we use one number,
#
# $$\text{difference} = \frac{\lVert \text{grad} - \text{gradapprox} \rVert_2}{\lVert \text{grad} \rVert_2 + \lVert \text{gradapprox} \rVert_2}.$$
#
# The denominator makes it relative: the same absolute gap matters less for large gradients than for
# small ones, and the difference always lies between 0 and 1. In this course a gradient check passes
# when the difference is below **`THRESHOLD = 2e-7`**; a wrong formula typically gives something
# like `1e-2` or more.

# %% [markdown] nbgrader={"grade": false, "grade_id": "one-d-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. One parameter
#
# Start with the smallest possible "network": one input `x`, one parameter `theta` and the cost
#
# $$J(\theta) = \theta x.$$
#
# ### Exercise 1: forward pass
#
# Implement `forward_propagation(x, theta)`, which returns $J = \theta x$.

# %% nbgrader={"grade": false, "grade_id": "forward_propagation", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: forward_propagation
def forward_propagation(x, theta):
    """
    Arguments:
    x -- a real number, the input
    theta -- a real number, the parameter

    Returns:
    J -- the cost theta * x
    """
    ### BEGIN SOLUTION
    J = theta * x
    return J
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_forward_propagation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    J = call(forward_propagation, 2, 4)
    expect_value(J, 8, "forward_propagation(x=2, theta=4)", scalar=True)
    expect_value(call(forward_propagation, -1.5, 0.2), -0.3, "forward_propagation(x=-1.5, theta=0.2)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("gradient_checking", "forward_propagation", forward_propagation)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "backward-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 2: backward pass
#
# Implement `backward_propagation(x, theta)`, which returns the derivative
# $d\theta = \frac{\partial J}{\partial \theta}$ of $J(\theta) = \theta x$.

# %% nbgrader={"grade": false, "grade_id": "backward_propagation", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: backward_propagation
def backward_propagation(x, theta):
    """
    Arguments:
    x -- a real number, the input
    theta -- a real number, the parameter

    Returns:
    dtheta -- the derivative of J = theta * x with respect to theta
    """
    ### BEGIN SOLUTION
    dtheta = x
    return dtheta
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_backward_propagation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    dtheta = call(backward_propagation, 2, 4)
    expect_value(dtheta, 2, "backward_propagation(x=2, theta=4)", scalar=True)
    expect_value(call(backward_propagation, -1.5, 0.2), -1.5, "backward_propagation(x=-1.5, theta=0.2)")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("gradient_checking", "backward_propagation", backward_propagation)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gradient-check-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 3: the gradient check
#
# Implement `gradient_check(x, theta, epsilon=1e-7, print_msg=False)`:
#
# 1. the estimate from the forward pass:
#    - `theta_plus = theta + epsilon` and `theta_minus = theta - epsilon`,
#    - `J_plus` and `J_minus`: `forward_propagation` at `theta_plus` and at `theta_minus`,
#    - `gradapprox = (J_plus - J_minus) / (2 * epsilon)`;
# 2. `grad` from `backward_propagation(x, theta)`;
# 3. the difference, in three steps:
#    - `numerator = np.linalg.norm(grad - gradapprox)`,
#    - `denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)`,
#    - `difference = numerator / denominator`;
# 4. if `print_msg` is true, `print(verdict(difference))` (the course's helper says whether the
#    difference is below `THRESHOLD`); return `difference`, one number.

# %% nbgrader={"grade": false, "grade_id": "gradient_check", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: gradient_check
def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """
    Arguments:
    x -- a real number, the input
    theta -- a real number, the parameter
    epsilon -- the small shift of theta used by the centered difference
    print_msg -- if True, print whether the check passes

    Returns:
    difference -- ||grad - gradapprox|| / (||grad|| + ||gradapprox||), one number
    """
    ### BEGIN SOLUTION
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)

    grad = backward_propagation(x, theta)

    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    if print_msg:
        print(verdict(difference))
    return difference
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_check", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    # Your passes are right, so the check passes: the difference is 0 within THRESHOLD (rounding
    # leaves about 1e-9).
    difference, printed = call_printing(gradient_check, 3, 4, print_msg=True)
    expect_value(difference, 0.0, "the difference of gradient_check(3, 4)", atol=THRESHOLD, scalar=True)
    expect(printed.strip() != "", "a verdict printed with print_msg=True",
           "with print_msg=True, gradient_check should print its verdict")
    difference, printed = call_printing(gradient_check, -2.5, 0.3)
    expect_value(difference, 0.0, "the difference of gradient_check(-2.5, 0.3)", atol=THRESHOLD)
    expect(printed == "", "nothing printed with print_msg=False",
           f"with print_msg=False, gradient_check should print nothing; it printed {printed[:80]!r}")
    # A check must also catch a wrong derivative. With a backward pass that returns 2 * x, twice the
    # derivative, grad = 6 and gradapprox = 3 at x=3: the difference is |6 - 3| / (6 + 3) = 1/3.
    with replacing(globals(), backward_propagation=lambda x, theta: 2 * x):
        difference = call(gradient_check, 3, 4)
    expect_value(difference, 1 / 3, "the difference of gradient_check(3, 4) when backward_propagation "
                                    "returns 2 * x", atol=1e-6)
    # And on a cost that is not linear in theta, J = theta**2 * x with dJ/dtheta = 2 * theta * x, the
    # centered difference is still exact, even with a large epsilon (a one-sided one is not).
    with replacing(globals(), forward_propagation=lambda x, theta: theta ** 2 * x,
                   backward_propagation=lambda x, theta: 2 * theta * x):
        difference = call(gradient_check, 3, 4, epsilon=1e-3)
    expect_value(difference, 0.0, "the difference of gradient_check(3, 4, epsilon=1e-3) when J = theta**2 * x",
                 atol=1e-9)
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("gradient_checking", "gradient_check", gradient_check)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "one-d-result", "locked": true, "schema_version": 3, "solution": false, "task": false}
difference_1d = gradient_check(3, 4)
results["1-D: J = theta * x"] = (difference_1d, "the backward pass agrees with the centered difference")
print(f"difference = {difference_1d:.3g}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "one-d-discussion", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The difference is not exactly 0: `J_plus - J_minus` is computed in floating point, and dividing a
# rounding error of about $10^{-16}$ by $2\varepsilon = 2 \times 10^{-7}$ leaves a trace of about
# $10^{-9}$ or less. That is why the test is "below a threshold" and not "equal to 0".
#
# The hidden checks of this exercise run your `gradient_check` against other functions too, among
# them backward passes that are deliberately wrong: it must report a large difference for those.

# %% [markdown] nbgrader={"grade": false, "grade_id": "n-d-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. The fraud-detection network
#
# Now the real thing. The network reads 4 numbers per payment and has `layers_dims = [4, 5, 3, 1]`:
# LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID, trained on the cross-entropy cost. Its 47
# parameters are `W1 (5, 4)`, `b1 (5, 1)`, `W2 (3, 5)`, `b2 (3, 1)`, `W3 (1, 3)` and `b3 (1, 1)`.
#
# The colleague's code comes from the course package `dlcourse.fraud_network`:
#
# - `forward_propagation_n(X, Y, parameters)` returns `(cost, cache)`;
# - `backward_propagation_n(X, Y, cache)` returns `gradients`, the dict `{"dW1", "db1", ...}` (it also
#   holds `dZ1`, `dA1`, ... which the check ignores).
#
# Here is the backward pass you are asked to vouch for. Do not hunt for bugs by eye yet: let the
# gradient check tell you where to look.

# %% nbgrader={"grade": false, "grade_id": "show-backward", "locked": true, "schema_version": 3, "solution": false, "task": false}
print(inspect.getsource(backward_propagation_n))

# %% [markdown] nbgrader={"grade": false, "grade_id": "flatten-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### From a dict of matrices to one vector and back
#
# The centered difference shifts one parameter at a time, so it is easiest to put all 47 numbers in
# one column vector `theta`. The course's helpers in `dlcourse.gradient_check` do the bookkeeping from
# the parameters' own shapes (no hand-written slices that break when a layer changes size):
#
# - `shapes = parameter_shapes(parameters)`: the list `[("W1", (5, 4)), ("b1", (5, 1)), ...]`;
# - `dict_to_vector(parameters)`: all parameters in one vector of shape `(47, 1)`, `W1` first;
# - `vector_to_dict(theta, shapes)`: the dict again, from such a vector;
# - `grads_to_vector(gradients, shapes)`: `dW1`, `db1`, ... in the same order as the parameters, so
#   that row `i` of `grad` is the derivative with respect to row `i` of `theta`.
#
# If you know the published course, its helpers are here too, under its names and with its
# arguments: `theta, keys = dictionary_to_vector(parameters)` (the same `theta`; `keys` names the
# parameter of each row), `gradients_to_vector(gradients)` (the same `grad`) and
# `vector_to_dictionary(theta)`. That last one has no `shapes` argument to give: like the course's, it
# rebuilds this notebook's `[4, 5, 3, 1]` network, whose shapes are the default of its optional
# argument `shapes`. Use either set in Exercise 4. (The hidden checks also run your `gradient_check_n`
# on networks of other sizes; there `vector_to_dictionary` rebuilds the network being checked.)

# %% nbgrader={"grade": false, "grade_id": "flatten-demo", "locked": true, "schema_version": 3, "solution": false, "task": false}
X, Y, parameters = gradient_check_n_test_case()
shapes = parameter_shapes(parameters)
theta = dict_to_vector(parameters)
print("shapes:", shapes)
print("theta:", theta.shape, "- first rows (W1[0, :]):", theta[:4, 0].round(3))
rebuilt = vector_to_dict(theta, shapes)
print("vector_to_dict gives the parameters back:", all(np.array_equal(rebuilt[k], parameters[k]) for k in parameters))
theta_course, keys = dictionary_to_vector(parameters)
print("dictionary_to_vector, the course's name, gives the same theta:", np.array_equal(theta_course, theta),
      "- its keys:", keys[:4], "...", keys[-1])

# %% [markdown] nbgrader={"grade": false, "grade_id": "flatten-picture-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The same layout as a picture. In part 1 there was a single parameter: `theta` was the vector, and the
# check shifted its one entry. Here each array of the dict becomes one slice of `theta`, in the order of
# `shapes`, read row by row (`W1[0, :]` first); the check shifts the 47 entries one at a time, and
# `vector_to_dict` cuts the same slices to rebuild the dict.

# %% nbgrader={"grade": false, "grade_id": "flatten-picture", "locked": true, "schema_version": 3, "solution": false, "task": false}
plot_flattening(shapes)
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "gradient-check-n-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 4: checking every parameter
#
# Implement `gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False)`. It is
# Exercise 3 again, once per component of `theta`:
#
# 1. `shapes = parameter_shapes(parameters)`, `parameters_values = dict_to_vector(parameters)` and
#    `grad = grads_to_vector(gradients, shapes)` (or, with the course's names,
#    `parameters_values, _ = dictionary_to_vector(parameters)` and `grad = gradients_to_vector(gradients)`,
#    then `vector_to_dictionary(theta_plus)` below); `num_parameters = parameters_values.shape[0]` is the
#    length of that vector (47 for this network);
# 2. for each `i` in `range(num_parameters)`:
#    - `theta_plus = np.copy(parameters_values)`, then `theta_plus[i] += epsilon`;
#      `J_plus[i]` is the cost that `forward_propagation_n(X, Y, vector_to_dict(theta_plus, shapes))`
#      returns (it returns two values: keep the first),
#    - the same with `theta_minus[i] -= epsilon` for `J_minus[i]`;
# 3. `gradapprox = (J_plus - J_minus) / (2 * epsilon)`, where `J_plus` and `J_minus` are vectors of
#    shape `(num_parameters, 1)` (start them with `np.zeros` before the loop);
# 4. the difference between `grad` and `gradapprox`, exactly as in Exercise 3; if `print_msg`,
#    `print(verdict(difference))`; return `difference`, one number.
#
# Copy the vector (`np.copy`) before shifting it. With `theta_plus = parameters_values` and
# `theta_minus = parameters_values` there is only one array: `theta_plus[i] += epsilon` shifts
# `parameters_values` itself, and `theta_minus[i] -= epsilon` merely undoes that shift. Nothing piles
# up, but `J_minus[i]` is then the cost at the unshifted `theta`, so `gradapprox` becomes
# $\frac{J(\theta + \varepsilon) - J(\theta)}{2\varepsilon}$, about half the gradient, and even a
# correct backward pass gets a difference of about $\frac{1}{3}$. (Copy only `theta_minus` and the
# shifts of `theta_plus` do pile up in `parameters_values`, with the same result.)

# %% nbgrader={"grade": false, "grade_id": "gradient_check_n", "locked": false, "schema_version": 3, "solution": true, "task": false}
# GRADED FUNCTION: gradient_check_n
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """
    Arguments:
    parameters -- dict "W1", "b1", ..., the point where the gradients are checked
    gradients -- dict "dW1", "db1", ... from a backward pass at that point (other keys are ignored)
    X -- inputs, shape (n_x, m)
    Y -- labels 0/1, shape (1, m)
    epsilon -- the small shift used by the centered differences
    print_msg -- if True, print whether the check passes

    Returns:
    difference -- ||grad - gradapprox|| / (||grad|| + ||gradapprox||), one number
    """
    ### BEGIN SOLUTION
    parameters_values, shapes = dict_to_vector(parameters), parameter_shapes(parameters)
    grad = grads_to_vector(gradients, shapes)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] += epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dict(theta_plus, shapes))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] -= epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dict(theta_minus, shapes))
    gradapprox = (J_plus - J_minus) / (2 * epsilon)

    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    if print_msg:
        print(verdict(difference))
    return difference
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_check_n", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
with public_checks():
    X, Y, parameters = gradient_check_n_test_case()
    cost, cache = forward_propagation_n(X, Y, parameters)
    gradients = backward_propagation_n(X, Y, cache)
    difference, printed = call_printing(gradient_check_n, parameters, gradients, X, Y, print_msg=True)
    expect_value(difference, 0.2850931, "the difference with the colleague's backward pass", atol=1e-6,
                 scalar=True)
    expect(printed.strip() != "", "a verdict printed with print_msg=True",
           "with print_msg=True, gradient_check_n should print its verdict")
    # With all gradients 0 the difference is ||gradapprox|| / ||gradapprox|| = 1.
    zero_gradients = {"d" + key: np.zeros_like(value) for key, value in parameters.items()}
    difference, printed = call_printing(gradient_check_n, parameters, zero_gradients, X, Y)
    expect_value(difference, 1.0, "the difference with all gradients 0")
    expect(printed == "", "nothing printed with print_msg=False",
           f"with print_msg=False, gradient_check_n should print nothing; it printed {printed[:80]!r}")
    # The grader also tries networks of other layer sizes, and a larger epsilon: with all gradients 0
    # the difference is 1 whatever the network.
    rng_check = np.random.default_rng(0)
    small = {"W1": rng_check.normal(size=(3, 2)), "b1": rng_check.normal(size=(3, 1)),
             "W2": rng_check.normal(size=(2, 3)), "b2": rng_check.normal(size=(2, 1)),
             "W3": rng_check.normal(size=(1, 2)), "b3": rng_check.normal(size=(1, 1))}
    small_zero_gradients = {"d" + key: np.zeros_like(value) for key, value in small.items()}
    difference = call(gradient_check_n, small, small_zero_gradients, rng_check.normal(size=(2, 4)),
                      np.array([[1, 0, 1, 0]]), epsilon=1e-3)
    expect_value(difference, 1.0, "the difference with all gradients 0 on a [2, 3, 2, 1] network, epsilon=1e-3")
### BEGIN HIDDEN TESTS
from autograder.course import grade
grade("gradient_checking", "gradient_check_n", gradient_check_n)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "check-colleague-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. What the check says about the colleague's code

# %% [markdown] nbgrader={"grade": false, "grade_id": "check-colleague-how", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Before your `gradient_check_n` can vouch for (or against) a backward pass, it has to be right
# itself. So the cell below also makes the same check with the course's helpers
# (`check_parameter_gradients`, built on `numerical_gradient`): if your difference disagrees with
# theirs, the mistake is in your check, and it says so instead of blaming the backward pass.

# %% nbgrader={"grade": false, "grade_id": "check-colleague", "locked": true, "schema_version": 3, "solution": false, "task": false}
from dlcourse.gradient_check import agrees, check_parameter_gradients, checked_verdict


def check_backward_pass(parameters, gradients, X, Y, check, comment):
    """Your gradient_check_n on ``gradients``, compared with the course's helpers; the row of the results."""
    difference = gradient_check_n(parameters, gradients, X, Y)
    expected = check_parameter_gradients(lambda p: forward_propagation_n(X, Y, p)[0], parameters, gradients)
    print(checked_verdict(difference, expected))
    if not agrees(difference, expected):
        comment = f"your gradient_check_n is wrong here (the course's helpers give {expected:.2e})"
    results[check] = (difference, comment)
    return difference


X, Y, parameters = gradient_check_n_test_case()
cost, cache = forward_propagation_n(X, Y, parameters)
gradients = backward_propagation_n(X, Y, cache)
difference_with_bugs = check_backward_pass(parameters, gradients, X, Y,
                                           "[4, 5, 3, 1] network, backward pass as handed over",
                                           "two planted bugs: the check fails")

# %% [markdown] nbgrader={"grade": false, "grade_id": "where-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The course's helpers find a difference far above `2e-7`: the backward pass is wrong somewhere. One
# number does not say where, but the vectors behind it do. The chart below shows each component's
# share of the difference, $|\text{grad}_i - \text{gradapprox}_i| / (\lVert \text{grad} \rVert +
# \lVert \text{gradapprox} \rVert)$, on a log scale, one colour per parameter. Components where the
# two agree sit near $10^{-9}$ or lower; the ones a bug touches stand out by many orders of
# magnitude; the dashed line marks `THRESHOLD`. (The estimate here comes from the course's helper
# `numerical_gradient`, the same centered differences you just wrote.)

# %% nbgrader={"grade": false, "grade_id": "where", "locked": true, "schema_version": 3, "solution": false, "task": false}
from dlcourse.gradient_check import component_errors, numerical_gradient
from dlcourse.plots import plot_component_errors


def show_component_errors(parameters, gradients, X, Y, title):
    """Plot each component's share of the difference; print the parameters where the check fails."""
    shapes = parameter_shapes(parameters)
    cost_of_vector = lambda theta: forward_propagation_n(X, Y, vector_to_dict(theta, shapes))[0]
    gradapprox = numerical_gradient(cost_of_vector, dict_to_vector(parameters))
    errors = component_errors(grads_to_vector(gradients, shapes), gradapprox)
    plot_component_errors(errors, shapes, threshold=THRESHOLD, title=title)
    plt.show()
    by_parameter = vector_to_dict(errors, shapes)
    failing = [key for key, value in by_parameter.items() if value.max() >= THRESHOLD]
    print("Parameters with components at or above THRESHOLD:", failing or "none")
    return failing


failing_with_bugs = show_component_errors(parameters, gradients, X, Y, "Backward pass as handed over")

# %% [markdown] nbgrader={"grade": false, "grade_id": "fix-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Two parameters stand out: `b1` and `W2`. (Some components of `W2` agree anyway: rows whose ReLU
# unit is off for all three payments get a gradient of exactly 0, doubled or not.) Now read the lines
# of `backward_propagation_n` that compute `db1` and `dW2`, and compare them with `db2` and `dW1`,
# which pass the check.
#
# ### Exercise 5 (ungraded): fix the two bugs
#
# Write `backward_propagation_n_fixed(X, Y, cache)`: copy the body of `backward_propagation_n`
# printed above and correct the two lines you found. Every other line is right as it is.
#
# **Expected outcome:** the cell after it prints that the backward pass agrees with the numerical
# gradient, with a difference of about `5e-8`, below `2e-7`, and no parameter stands out in the chart.
# This exercise earns no points: the graded part of the assignment is the check itself.

# %% nbgrader={"grade": false, "grade_id": "backward_propagation_n_fixed", "locked": false, "schema_version": 3, "solution": true, "task": false}
def backward_propagation_n_fixed(X, Y, cache):
    """
    Arguments:
    X -- inputs, shape (n_x, m)
    Y -- labels 0/1, shape (1, m)
    cache -- from forward_propagation_n

    Returns:
    gradients -- dict "dZ3", "dW3", "db3", ..., "dW1", "db1", as backward_propagation_n, but correct
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)  # fixed: without the factor 2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)  # fixed: 1/m, not 4/m

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "check-fixed", "locked": true, "schema_version": 3, "solution": false, "task": false}
cost, cache = forward_propagation_n(X, Y, parameters)
try:
    gradients_fixed = backward_propagation_n_fixed(X, Y, cache)
except NotImplementedError:
    print("backward_propagation_n_fixed is not written yet: fix it above, run it, then run this cell.")
else:
    difference_fixed = check_backward_pass(parameters, gradients_fixed, X, Y, "[4, 5, 3, 1] network, after your fix",
                                           "the bugs are gone: the check passes")
    show_component_errors(parameters, gradients_fixed, X, Y, "Backward pass after the fix")

# %% [markdown] nbgrader={"grade": false, "grade_id": "notes", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Using gradient checking in practice
#
# - **Only to debug.** Each component costs two forward passes, so checking all 47 parameters costs
#   94 forward passes where one backward pass would do. Check once (or a few times), then train
#   without it.
# - **Look at the components when it fails**, as you did above: the parameters that stand out tell
#   you which lines of the backward pass to read.
# - **Include the regularization term** in the cost you check if the model uses one: the backward
#   pass must differentiate the same cost.
# - **Not with dropout.** Dropout draws new masks at each forward pass, so $J(\theta + \varepsilon)$
#   and $J(\theta - \varepsilon)$ would be costs of different networks. Check with `keep_prob = 1`,
#   then turn dropout on.
# - **Check where it matters.** Some bugs only show for larger parameters; checking at the
#   initialization and again after some training costs little.

# %% [markdown] nbgrader={"grade": false, "grade_id": "results-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Results
#
# The table below is filled from your own run.

# %% nbgrader={"grade": false, "grade_id": "results", "locked": true, "schema_version": 3, "solution": false, "task": false}
results_table(
    [(check, f"{difference:.2e}", "yes" if difference < THRESHOLD else "no", comment)
     for check, (difference, comment) in results.items()],
    columns=("Gradient check", "Difference", f"Below {THRESHOLD:g}?", "Comment"),
)

# %% [markdown] nbgrader={"grade": false, "grade_id": "remember", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What to remember
#
# - Gradient checking compares the backward pass with centered differences of the forward pass,
#   $\frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2\varepsilon}$, one parameter at a time.
# - The relative difference $\frac{\lVert \text{grad} - \text{gradapprox} \rVert}{\lVert \text{grad}
#   \rVert + \lVert \text{gradapprox} \rVert}$ should be below `2e-7`; the colleague's code gave about
#   0.29.
# - When the check fails, the components that disagree point at the faulty lines (here `dW2` and
#   `db1`).
# - It is slow: use it to debug, never inside training, and never with dropout on.

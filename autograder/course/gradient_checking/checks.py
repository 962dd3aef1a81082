"""Hidden checks of the Gradient checking assignment.

The two gradient checks are run against known helpers (``with_helpers``): correct and deliberately
broken backward passes, a nonlinear cost for the 1-D case, and random networks of other sizes for
the N-D case (each network comes with its own ``vector_to_dictionary``, the course's helper, whose
default shapes are those of the notebook's network). A difference that does not match
``||grad - gradapprox|| / (||grad|| + ||gradapprox||)`` is compared with the usual mistakes
(one-sided differences, a wrong denominator, the wrong vectors, a vector not copied) so the message
can name the one made. ``print`` is a helper too: with ``print_msg=True`` a check must print more
than without it. The provided helpers that compute the estimate or the difference are
``SHORTCUTS``: calling one earns nothing (converting dicts to vectors and back stays allowed).
"""
import contextlib
import io

import numpy as np

from autograder.course import (  # noqa: F401 (ARGUMENTS_CHANGED: read by the engine)
    ARGUMENTS_CHANGED, CaseKind, kept_arguments)
from autograder.engine.checks import (Exercises, Rubric, as_number, matching_mistake, run_student, scalar_problem,
                                      with_helpers)
from autograder.engine.kernel_side import helper_from_source as helper
from autograder.course.gradient_checking import reference
from dlcourse import three_layer_net
from dlcourse.fraud_network import backward_propagation_n, forward_propagation_n
from dlcourse.gradient_check import (THRESHOLD, dict_to_vector, grads_to_vector, parameter_shapes,
                                     perturbed_costs, relative_error, vector_to_dict)

EXERCISES = Exercises({
    "forward_propagation": 1,
    "backward_propagation": 1,
    "gradient_check": 3,
    "gradient_check_n": 5,
})

# The estimate, the perturbation loop and the relative error are the exercises; the conversions between
# dicts and vectors (ours and the course's names) are bookkeeping, which the course's own solution uses.
SHORTCUTS = dict.fromkeys(("gradient_check", "gradient_check_n"), [
    f"dlcourse.gradient_check.{name}" for name in
    ("numerical_gradient", "perturbed_costs", "check_parameter_gradients", "relative_error", "component_errors")])

# What the messages call each typical mistake, one sentence each: what the code does wrong, then what to do
# (``autograder/course/gradient_checking/demos.py`` refers to the same constants).
NO_RETURN = "Your function ends without returning what it computes: end it with return and that value."
ARRAY_NOT_SCALAR = ("Your function returns an array where one number is expected: return a scalar, as np.linalg.norm "
                    "of a whole vector (without axis) gives one.")
SUM_NOT_PRODUCT = "Your forward_propagation computes theta + x: return the product, J = theta * x."
FORWARD_X = "Your forward_propagation returns x alone: return the product, J = theta * x."
FORWARD_THETA = "Your forward_propagation returns theta alone: return the product, J = theta * x."
FORWARD_POWER = "Your forward_propagation computes theta ** x: return the product, J = theta * x."
DERIVATIVE_IS_THETA = ("Your backward_propagation returns theta, but the derivative of J = theta * x with respect to "
                       "theta is x: return x.")
DERIVATIVE_IS_THE_COST = ("Your backward_propagation returns J itself, theta * x: return its derivative with respect "
                          "to theta, x.")
DERIVATIVE_IS_ONE = ("Your backward_propagation returns 1, but the derivative of J = theta * x with respect to theta "
                     "is x: return x.")
DIVIDES_BY_EPSILON = ("Your gradapprox divides by epsilon, but J_plus and J_minus are 2 * epsilon apart: compute "
                      "gradapprox = (J_plus - J_minus) / (2 * epsilon).")
ONE_SIDED = ("Your gradapprox is the one-sided difference (J(theta + epsilon) - J(theta)) / epsilon: use the centered "
             "difference (J_plus - J_minus) / (2 * epsilon).")
ONE_SIDED_BACKWARD = ("Your gradapprox is the one-sided difference (J(theta) - J(theta - epsilon)) / epsilon: use the "
                      "centered difference (J_plus - J_minus) / (2 * epsilon).")
NO_DENOMINATOR = "Your difference lacks its denominator: divide ||grad - gradapprox|| by ||grad|| + ||gradapprox||."
NORM_OF_SUM = ("Your denominator is ||grad + gradapprox||, the norm of a sum: add the two norms instead, ||grad|| + "
               "||gradapprox||.")
GRAD_ONLY_DENOMINATOR = "Your denominator is ||grad|| only: divide by ||grad|| + ||gradapprox||."
GRADAPPROX_ONLY_DENOMINATOR = "Your denominator is ||gradapprox|| only: divide by ||grad|| + ||gradapprox||."
COMPARES_GRAD_WITH_THETA = ("Your difference compares grad with theta: compare grad, from the backward pass, with "
                            "gradapprox, from the centered differences.")
COMPARES_GRADAPPROX_WITH_THETA = ("Your difference compares gradapprox with theta: compare it with grad, from the "
                                  "backward pass.")
COMPARES_J_PLUS_WITH_J_MINUS = ("Your difference compares J_plus with J_minus: compare grad, from the backward pass, "
                                "with gradapprox = (J_plus - J_minus) / (2 * epsilon).")
COMPARES_UNDIVIDED = ("Your difference compares grad with J_plus - J_minus, not yet divided by 2 * epsilon: compare "
                      "it with gradapprox = (J_plus - J_minus) / (2 * epsilon).")
COMPARES_WITH_THE_COST = ("Your difference compares grad with the cost J: compare it with gradapprox, from the "
                          "centered differences.")
COMPARES_A_VECTOR_WITH_ITSELF = ("Your difference is 0 even for a broken backward pass, as if it compared a vector "
                                 "with itself: compare grad with gradapprox.")
GRADIENTS_IN_THEIR_OWN_ORDER = ("Your grad flattens the gradients in their own key order (dW3, db3, ..., dW1, db1), "
                                "so grad[i] is not the derivative for theta[i]: flatten them in the parameters' "
                                "order, as grads_to_vector(gradients, parameter_shapes(parameters)) does.")
NO_COPY = ("Your loop does not copy the vector before shifting it: theta_plus[i] += epsilon shifts parameters_values "
           "itself and theta_minus[i] -= epsilon undoes it, so gradapprox is about half the gradient; start each "
           "from np.copy(parameters_values).")
SHIFTS_EVERY_COMPONENT = ("Your loop shifts every component at once (theta_plus + epsilon): shift only component i, "
                          "theta_plus[i] += epsilon.")
FLAT_J_VECTORS = ("Your J_plus and J_minus, so gradapprox, have shape (n,) while grad has shape (n, 1), which makes "
                  "grad - gradapprox an (n, n) matrix: create them with np.zeros((num_parameters, 1)).")
RECOMPUTES_THE_GRADIENTS = ("Your gradient_check_n calls backward_propagation_n itself: compare the gradients it is "
                            "given instead.")
FORWARD_CALLS = ("Your gradient_check does not compute J_plus and J_minus with forward_propagation: call "
                 "forward_propagation(x, theta_plus) and forward_propagation(x, theta_minus).")
BACKWARD_CALL = ("Your gradient_check does not call backward_propagation: compute grad = backward_propagation(x, "
                 "theta).")
FORWARD_N_CALLS = ("Your gradient_check_n does not compute every J_plus[i] and J_minus[i] with forward_propagation_n: "
                   "call it on theta_plus and on theta_minus for each component i.")
NEVER_PRINTS = ("Your check prints nothing with print_msg=True: if print_msg, print whether the check passes, for "
                "example print(verdict(difference)).")
PRINTS_REGARDLESS = "Your check prints with print_msg=False: print the verdict only if print_msg, and nothing otherwise."

LARGE_EPSILON = 1e-3  # large enough for a one-sided difference to stand out from a centered one
QUIET = {"print": "lambda *args, **kwargs: None"}  # a helper: counts the student's prints, shows none


def run_quietly(rubric, criteria, function, *args, **kwargs):
    """``run_student`` with the student's prints kept out of the test cell."""
    with contextlib.redirect_stdout(io.StringIO()):
        return run_student(rubric, criteria, function, *args, **kwargs)


def first_match(actual, candidates, expected, known=()):
    """``matching_mistake`` to 1e-4, among the candidates not of about 1: any two very different
    vectors have a relative error near 1, so matching it tells nothing about which mistake was made."""
    telling = [(label, value) for label, value in candidates if not np.isclose(value, 1.0, atol=1e-3)]
    return matching_mistake(actual, expected, telling, known, rtol=1e-4, atol=1e-15)


# --------------------------------------------------------------------------- forward / backward (1-D)

def random_scalars(rng, count=3):
    """The course's ``x = 3, theta = 4`` plus random pairs away from 0."""
    pairs = [(3, 4)]
    for _ in range(count):
        x, theta = rng.uniform(0.5, 5, size=2) * rng.choice([-1, 1], size=2)
        pairs.append((float(x), float(theta)))
    return pairs


def check_scalar_function(student_function, rng, expected_of, mistakes, formula):
    """Shared rubric of the two 1-D functions: a scalar 1, the right value 2."""
    rubric = Rubric(scalar=1, value=2)
    for x, theta in rubric.cases(random_scalars(rng)):
        ran, result = run_quietly(rubric, rubric.weights, student_function, x, theta)
        if not ran:
            continue
        problem = scalar_problem(result, student_function.__name__, none=NO_RETURN, array=ARRAY_NOT_SCALAR)
        if problem:
            rubric.fail("scalar", problem)
        number, expected = as_number(result), expected_of(x, theta)
        if number is None or not np.isclose(number, expected):
            mistake = None if number is None else first_match(number, mistakes(x, theta), expected)
            rubric.fail("value", f"{student_function.__name__}(x={x:g}, theta={theta:g}) returned {result!r}, "
                                 f"expected {formula} = {expected:g}" + (f". {mistake}" if mistake else ""))
    return rubric


@EXERCISES.check("forward_propagation")
def check_forward_propagation(student_function, rng):
    return check_scalar_function(
        student_function, rng, lambda x, theta: theta * x,
        lambda x, theta: [(SUM_NOT_PRODUCT, theta + x), (FORWARD_X, x), (FORWARD_THETA, theta),
                          (FORWARD_POWER, np.abs(theta) ** x)],
        "J = theta * x")


@EXERCISES.check("backward_propagation")
def check_backward_propagation(student_function, rng):
    return check_scalar_function(
        student_function, rng, lambda x, theta: x,
        lambda x, theta: [(DERIVATIVE_IS_THETA, theta), (DERIVATIVE_IS_THE_COST, theta * x), (DERIVATIVE_IS_ONE, 1.0)],
        "dtheta = dJ/dtheta = x")


# --------------------------------------------------------------------------- the usual mistakes

def mistaken_differences(grad, J_plus, J_minus, J, theta, epsilon, n_d=None):
    """``[(the sentence of what the student did wrong, the difference it gives), ...]`` for one probe.

    Inputs are column vectors of one length (``J`` the cost at ``theta``, repeated). ``n_d``, for the
    N-D case only: ``{"grad_in_other_order": (n, 1), "J_all_plus": J(theta + epsilon everywhere),
    "J_all_minus": J(theta - epsilon everywhere)}``.
    """
    with np.errstate(all="ignore"):
        return _mistaken_differences(grad, J_plus, J_minus, J, theta, epsilon, n_d)


def _mistaken_differences(grad, J_plus, J_minus, J, theta, epsilon, n_d):
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    candidates = [
        (DIVIDES_BY_EPSILON, relative_error(grad, (J_plus - J_minus) / epsilon)),
        (ONE_SIDED, relative_error(grad, (J_plus - J) / epsilon)),
        (ONE_SIDED_BACKWARD, relative_error(grad, (J - J_minus) / epsilon)),
        (NO_DENOMINATOR, numerator),
        (NORM_OF_SUM, numerator / np.linalg.norm(grad + gradapprox)),
        (GRAD_ONLY_DENOMINATOR, numerator / np.linalg.norm(grad)),
        (GRADAPPROX_ONLY_DENOMINATOR, numerator / np.linalg.norm(gradapprox)),
    ]
    wrong_pairs = [
        (COMPARES_GRAD_WITH_THETA, grad, theta),
        (COMPARES_GRADAPPROX_WITH_THETA, theta, gradapprox),
        (COMPARES_J_PLUS_WITH_J_MINUS, J_plus, J_minus),
        (COMPARES_UNDIVIDED, grad, J_plus - J_minus),
        (COMPARES_WITH_THE_COST, grad, J),
    ]
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    if n_d is not None:
        wrong_pairs.append((GRADIENTS_IN_THEIR_OWN_ORDER, n_d["grad_in_other_order"], gradapprox))
        candidates += [
            (NO_COPY, relative_error(grad, (J_plus - J) / (2 * epsilon))),
            (SHIFTS_EVERY_COMPONENT,
             relative_error(grad, np.full_like(grad, (n_d["J_all_plus"] - n_d["J_all_minus"]) / (2 * epsilon)))),
            (FLAT_J_VECTORS, np.linalg.norm(grad - gradapprox.ravel()) / denominator),
        ]
    for sentence, a, b in wrong_pairs:
        candidates += [(sentence, relative_error(a, b)), (sentence, np.linalg.norm(a - b) / denominator)]
    candidates += [
        (COMPARES_A_VECTOR_WITH_ITSELF, 0.0),
    ]
    return candidates


def judge(rubric, probe, result, name, calls, reported):
    """Score one run of a gradient check on ``probe`` (a dict made by the probe builders below).

    ``reported`` maps each mistake already named to its message, so a mistake seen on several
    probes is reported once.
    """
    for helper_name, count in calls.items():  # no credit at all for a result that was not computed
        needed = probe["calls_needed"].get(helper_name, 0)
        if count < needed:
            rubric.fail_all(f"{name} calls {helper_name} {count} time(s) where {needed} calls are "
                            f"needed. {probe['helpers_role'][helper_name]}")
            return
    problem = scalar_problem(result, name, none=NO_RETURN, array=ARRAY_NOT_SCALAR)
    if problem:
        rubric.fail("scalar", problem)
    number = as_number(result)
    criterion = "passes_correct" if probe["correct"] else "value"
    if number is not None and (number < THRESHOLD if probe["correct"] else
                               np.isclose(number, probe["expected"], rtol=1e-4, atol=1e-15)):
        return
    where = probe["about"]
    if number is None:
        rubric.fail(criterion, f"On {where}, {name} returned {result!r}, not a number")
        return
    for helper_name, count in calls.items():
        if helper_name in probe["must_not_call"] and count:
            rubric.fail(criterion, f"On {where}, {name} called {helper_name} {count} time(s). {RECOMPUTES_THE_GRADIENTS}")
            return
    mistake = first_match(number, probe["candidates"], probe["expected"], known=reported)
    if mistake:
        reported.setdefault(mistake, f"On {where}, {name} returned {number:.4g}, expected "
                                     f"{probe['expected']:.4g}. {mistake}")
        rubric.fail(criterion, reported[mistake])
    elif probe["correct"]:
        rubric.fail(criterion, f"On {where}, {name} returned {number:.4g}; expected a difference below {THRESHOLD:g}")
    else:
        rubric.fail(criterion, f"On {where}, {name} returned {number:.4g}; expected {probe['expected']:.4g} = "
                               "||grad - gradapprox|| / (||grad|| + ||gradapprox||)")


# --------------------------------------------------------------------------- gradient_check (1-D)

def one_d_probe(about, cost_source, derivative_source, x, theta, epsilon, correct):
    """Everything needed to judge ``gradient_check(x, theta, epsilon)`` run on a cost and derivative.

    ``cost_source`` and ``derivative_source`` are the sources of the helpers that stand in for
    ``forward_propagation`` and ``backward_propagation`` during the student's call.
    """
    cost, derivative = helper(cost_source), helper(derivative_source)
    as_vector = lambda value: np.full((1, 1), float(value))  # noqa: E731
    grad = as_vector(derivative(x, theta))
    J_plus, J_minus = perturbed_costs(lambda v: cost(x, v[0, 0]), as_vector(theta), epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    return {
        "about": f"{about} (x={x:g}, theta={theta:g}, epsilon={epsilon:g})",
        "helpers": {"forward_propagation": cost_source, "backward_propagation": derivative_source, **QUIET},
        "helpers_role": {"forward_propagation": FORWARD_CALLS, "backward_propagation": BACKWARD_CALL},
        "must_not_call": set(), "calls_needed": {"forward_propagation": 2, "backward_propagation": 1},
        "args": (x, theta), "kwargs": {} if epsilon == 1e-7 else {"epsilon": epsilon},
        "correct": correct, "expected": relative_error(grad, gradapprox),
        "candidates": mistaken_differences(grad, J_plus, J_minus, as_vector(cost(x, theta)), as_vector(theta),
                                           epsilon),
    }


LINEAR = "lambda x, theta: theta * x"
LINEAR_DERIVATIVE = "lambda x, theta: x"
CUBIC = "lambda x, theta: x * theta ** 3"
CUBIC_DERIVATIVE = "lambda x, theta: 3 * x * theta ** 2"


def one_d_probes(rng):
    (x0, theta0), *pairs = random_scalars(rng, count=2)
    slope, offset = float(rng.uniform(1.3, 2.0)), float(rng.uniform(0.5, 1.0))
    broken = [(f"dtheta = {slope:.3g} * x + {offset:.3g}", f"lambda x, theta: {slope!r} * x + {offset!r}"),
              (f"dtheta = -{slope:.3g} * x", f"lambda x, theta: -{slope!r} * x")]
    probes = [one_d_probe("J = theta * x with a correct backward pass", LINEAR, LINEAR_DERIVATIVE,
                          x0, theta0, 1e-7, correct=True)]
    for (x, theta), (wrong, backward) in zip(pairs, broken):
        probes.append(one_d_probe(f"J = theta * x with a broken backward pass, {wrong}", LINEAR, backward, x, theta,
                                  1e-7, correct=False))
        theta = float(np.sign(theta) * rng.uniform(0.5, 1.5))
        probes.append(one_d_probe("J = x * theta**3 with a correct backward pass", CUBIC, CUBIC_DERIVATIVE,
                                  x, theta, 1e-7, correct=True))
        probes.append(one_d_probe("J = x * theta**3 with a correct backward pass", CUBIC, CUBIC_DERIVATIVE,
                                  x, theta, LARGE_EPSILON, correct=False))
    return probes


def run_probes(student_function, probes):
    """Rubric of a gradient check: returns a scalar 1, passes correct backward passes 1, exact value 2,
    prints when asked 1."""
    rubric = Rubric(scalar=1, passes_correct=1, value=2, prints=1)
    reported, printed = {}, []
    for probe in probes:
        function = with_helpers(student_function, probe["helpers"])
        ran, result = run_quietly(rubric, rubric.weights, function, *probe["args"], **probe["kwargs"])
        if not ran:
            return rubric
        printed.append(function.calls.get("print", 0))
        judge(rubric, probe, result, student_function.__name__, function.calls, reported)
    check_printing(rubric, student_function, probes[0], printed[0])
    return rubric


def check_printing(rubric, student_function, probe, quiet_prints):
    """With ``print_msg=True`` the check prints; without (``quiet_prints``: what it printed then) it
    prints nothing, as the notebook's public check asks: one verdict in both."""
    function, crash = with_helpers(student_function, probe["helpers"]), Rubric(prints=1)
    ran, _ = run_quietly(crash, ["prints"], function, *probe["args"], **probe["kwargs"], print_msg=True)
    if not ran:  # printing a result that is not one number may fail: that mistake costs "scalar" already
        if not rubric.failed("scalar"):
            rubric.fail("prints", crash.failures["prints"])
        return
    prints, name = function.calls.get("print", 0), student_function.__name__
    if prints == 0:
        rubric.fail("prints", f"{name}(..., print_msg=True) printed nothing. {NEVER_PRINTS}")
    if quiet_prints:
        rubric.fail("prints", f"{name}(...) called print {quiet_prints} time(s) with print_msg=False. "
                              f"{PRINTS_REGARDLESS}")


@EXERCISES.check("gradient_check")
def check_gradient_check(student_function, rng):
    return run_probes(student_function, one_d_probes(rng))


# --------------------------------------------------------------------------- gradient_check_n

def random_network(rng, layers_dims, m):
    """Parameters (W1, b1, W2, b2, W3, b3 in this order), X and 0/1 labels Y with both classes."""
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = rng.normal(size=(layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = rng.normal(size=(layers_dims[l], 1))
    X = rng.normal(size=(layers_dims[0], m))
    Y = np.zeros((1, m), dtype=int)
    Y[0, rng.permutation(m)[: m // 2 + 1]] = 1
    return parameters, X, Y


def broken_backward(rng, shapes):
    """A backward pass that is correct except for one parameter's gradient, scaled by -1 or 3."""
    key = shapes[int(rng.integers(len(shapes)))][0]
    factor = float(rng.choice([-1.0, 3.0]))

    def backward(X, Y, cache):
        gradients = three_layer_net.backward_propagation(X, Y, cache)
        gradients["d" + key] = factor * gradients["d" + key]
        return gradients

    return backward, f"d{key} multiplied by {factor:g}"


FRAUD_NETWORK = "importlib.import_module('dlcourse.fraud_network')"
GRADIENT_CHECK = "importlib.import_module('dlcourse.gradient_check')"


def n_d_probe(about, parameters, X, Y, backward, epsilon, correct):
    """Everything needed to judge ``gradient_check_n(parameters, gradients, X, Y, epsilon)``."""
    _, cache = forward_propagation_n(X, Y, parameters)
    gradients = backward(X, Y, cache)
    shapes = parameter_shapes(parameters)
    theta = dict_to_vector(parameters)
    grad = grads_to_vector(gradients, shapes)
    cost_of_vector = lambda v: forward_propagation_n(X, Y, vector_to_dict(v, shapes))[0]  # noqa: E731
    J_plus, J_minus = perturbed_costs(cost_of_vector, theta, epsilon)
    n_d = {"grad_in_other_order": dict_to_vector({k: v for k, v in gradients.items() if k[1:] in parameters}),
           "J_all_plus": cost_of_vector(theta + epsilon), "J_all_minus": cost_of_vector(theta - epsilon)}
    J = np.full_like(theta, cost_of_vector(theta))
    sizes = [X.shape[0]] + [shape[0] for key, shape in shapes if key.startswith("W")]
    return {
        "about": f"{about} (layers_dims={sizes}, m={X.shape[1]}, epsilon={epsilon:g})",
        "helpers": {"forward_propagation_n": FRAUD_NETWORK + ".forward_propagation_n",
                    "backward_propagation_n": FRAUD_NETWORK + ".backward_propagation_n",
                    "vector_to_dictionary": f"lambda theta, shapes={shapes!r}: "
                                            f"{GRADIENT_CHECK}.vector_to_dictionary(theta, shapes)", **QUIET},
        "helpers_role": {"forward_propagation_n": FORWARD_N_CALLS},
        "must_not_call": {"backward_propagation_n"}, "calls_needed": {"forward_propagation_n": 2 * theta.shape[0]},
        "args": (parameters, gradients, X, Y), "kwargs": {} if epsilon == 1e-7 else {"epsilon": epsilon},
        "correct": correct, "expected": relative_error(grad, (J_plus - J_minus) / (2 * epsilon)),
        "candidates": mistaken_differences(grad, J_plus, J_minus, J, theta, epsilon, n_d),
    }


def n_d_probes(rng):
    """The course's network, then two random networks of other sizes: correct and broken passes."""
    from dlcourse.fraud_network import gradient_check_n_test_case

    X, Y, parameters = gradient_check_n_test_case()
    correct_backward = three_layer_net.backward_propagation
    probes = [n_d_probe("the planted bugs", parameters, X, Y, backward_propagation_n, 1e-7, correct=False)]
    for _ in range(2):
        while True:  # a network whose centered differences are clean at epsilon = 1e-7 (no ReLU kink nearby)
            layers_dims = [int(rng.integers(2, 7)), int(rng.integers(2, 7)), int(rng.integers(2, 6)), 1]
            parameters, X, Y = random_network(rng, layers_dims, int(rng.integers(2, 7)))
            probe = n_d_probe("a correct backward pass", parameters, X, Y, correct_backward, 1e-7, correct=True)
            if probe["expected"] < THRESHOLD / 10:
                break
        backward, change = broken_backward(rng, parameter_shapes(parameters))
        probes += [
            probe,
            n_d_probe(f"a broken backward pass ({change})", parameters, X, Y, backward, 1e-7, correct=False),
            n_d_probe("a correct backward pass", parameters, X, Y, correct_backward, LARGE_EPSILON, correct=False),
        ]
    return probes


@EXERCISES.check("gradient_check_n")
def check_gradient_check_n(student_function, rng):
    return run_probes(student_function, n_d_probes(rng))


# ----------------------------------------------------------------------------------------------
# The kinds of hidden cases, each with the public check that shows one (tests/test_case_kinds.py)

def _scalar_kinds(name):
    return (CaseKind("positive x and theta", f"{name}(x=2, theta=4)", lambda a: a["x"] > 0 and a["theta"] > 0),
            CaseKind("a negative x or theta", f"{name}(x=-1.5, theta=0.2)", lambda a: a["x"] < 0 or a["theta"] < 0))


CASE_KINDS = {
    "forward_propagation": _scalar_kinds("forward_propagation"),
    "backward_propagation": _scalar_kinds("backward_propagation"),
    "gradient_check": (
        CaseKind("print_msg=True", "a verdict printed with print_msg=True", lambda a: a["print_msg"]),
        CaseKind("print_msg=False, a negative x or theta", "the difference of gradient_check(-2.5, 0.3)",
                 lambda a: not a["print_msg"] and (a["x"] < 0 or a["theta"] < 0)),
        CaseKind("print_msg=False, x and theta positive", "the difference of gradient_check(3, 4) when "
                 "backward_propagation returns 2 * x", lambda a: not a["print_msg"] and a["x"] > 0 and a["theta"] > 0),
        CaseKind("a large epsilon (1e-3)", "the difference of gradient_check(3, 4, epsilon=1e-3) when J = theta**2 * x",
                 lambda a: a["epsilon"] > 1e-5),
    ),
    "gradient_check_n": (
        CaseKind("the course's [4, 5, 3, 1] network on X (4, 3)", "the difference with the colleague's backward pass",
                 lambda a: a["X"].shape == (4, 3) and a["parameters"]["W1"].shape == (5, 4)),
        CaseKind("a network of other layer sizes or another m", "the difference with all gradients 0 on a [2, 3, 2, 1] "
                 "network, epsilon=1e-3", lambda a: a["X"].shape != (4, 3) or a["parameters"]["W1"].shape != (5, 4)),
        CaseKind("print_msg=True", "a verdict printed with print_msg=True", lambda a: a["print_msg"]),
        CaseKind("a large epsilon (1e-3)", "the difference with all gradients 0 on a [2, 3, 2, 1] network, epsilon=1e-3",
                 lambda a: a["epsilon"] > 1e-5),
    ),
}


# The arguments each graded function must leave as they were (the rubric's "inputs" criterion, judged by
# autograder.engine.checks.evaluate with the sentence ARGUMENTS_CHANGED).
KEPT_ARGUMENTS = {
    "gradient_check_n": kept_arguments(reference.gradient_check_n, "parameters", "gradients", "X", "Y"),
}

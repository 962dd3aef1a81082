"""Demo submissions of the Gradient checking assignment."""
from autograder.checks.gradient_checking import POINTS
from autograder.reference import gradient_checking as reference
from autograder.submissions import Demo, reference_answers, with_edit

CORRECT = reference_answers(reference, POINTS)

DIFFERENT_STYLE = {
    "forward_propagation": """\
return np.multiply(theta, x)""",
    "backward_propagation": """\
dJ_dtheta = x  # J is linear in theta
return dJ_dtheta""",
    "gradient_check": """\
grad = backward_propagation(x, theta)
J_plus, J_minus = (forward_propagation(x, theta + step) for step in (epsilon, -epsilon))
gradapprox = (J_plus - J_minus) / (2.0 * epsilon)
difference = abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))
if print_msg:
    print("backward pass OK" if difference < 2e-7 else "backward pass WRONG", difference)
return difference""",
    # One perturbation per row of epsilon * identity instead of copying theta in a loop.
    "gradient_check_n": """\
keys = list(parameters)
shapes = [(key, parameters[key].shape) for key in keys]
theta = np.concatenate([parameters[key].ravel() for key in keys])
grad = np.concatenate([gradients["d" + key].ravel() for key in keys])
cost = lambda vector: forward_propagation_n(X, Y, vector_to_dict(vector, shapes))[0]
steps = epsilon * np.eye(theta.size)
J_plus = np.array([cost(theta + step) for step in steps])
J_minus = np.array([cost(theta - step) for step in steps])
gradapprox = (J_plus - J_minus) / (2 * epsilon)
difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
if print_msg:
    print("backward pass OK" if difference < 2e-7 else "backward pass WRONG", difference)
return difference""",
}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(POINTS), about="the release as distributed"),
    Demo("sum-not-product",
         with_edit(CORRECT, "forward_propagation", "J = theta * x", "J = theta + x"),
         partial=frozenset({"forward_propagation"}), about="J = theta + x"),
    Demo("derivative-is-theta",
         with_edit(CORRECT, "backward_propagation", "dtheta = x", "dtheta = theta"),
         partial=frozenset({"backward_propagation"}), about="dtheta = theta"),
    Demo("one-sided",
         with_edit(CORRECT, "gradient_check", "(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon"),
         partial=frozenset({"gradient_check"}), about="gradapprox divided by epsilon, not 2 * epsilon"),
    Demo("no-denominator",
         with_edit(CORRECT, "gradient_check_n", "/ (np.linalg.norm(grad) + np.linalg.norm(gradapprox))", ""),
         partial=frozenset({"gradient_check_n"}), about="gradient_check_n returns the numerator only"),
    Demo("wrong-vectors",
         with_edit(CORRECT, "gradient_check_n", "np.linalg.norm(grad - gradapprox)",
                   "np.linalg.norm(grad - parameters_values)"),
         partial=frozenset({"gradient_check_n"}), about="gradient_check_n compares grad with theta"),
    Demo("array-not-scalar",
         with_edit(CORRECT, "gradient_check_n", "np.linalg.norm(grad - gradapprox)",
                   "np.linalg.norm(grad - gradapprox, axis=0)"),
         partial=frozenset({"gradient_check_n"}), about="gradient_check_n returns an array of shape (1,)"),
    Demo("different-style", DIFFERENT_STYLE, about="correct, with a vectorized perturbation and other names"),
]

"""Demo submissions of the Gradient checking assignment, and its catalogue of typical mistakes."""
from autograder.course.demo import Demo, Mistake, reference_answers
from autograder.course.gradient_checking import checks, reference

CORRECT = reference_answers(reference, checks.EXERCISES.points)

CENTERED = "(J_plus - J_minus) / (2 * epsilon)"
NUMERATOR = "np.linalg.norm(grad - gradapprox)"
DENOMINATOR = "(np.linalg.norm(grad) + np.linalg.norm(gradapprox))"
PRINT = "if print_msg:\n    print(verdict(difference))"
GRAD_N = "grad = grads_to_vector(gradients, shapes)"
COPY_PLUS, COPY_MINUS = "theta_plus = np.copy(parameters_values)", "theta_minus = np.copy(parameters_values)"


def in_both_checks(name, edits, diagnosis):
    """The same mistake in ``gradient_check`` (``1d-<name>``) and in ``gradient_check_n`` (``nd-<name>``)."""
    return [Mistake(f"1d-{name}", "gradient_check", edits, diagnosis),
            Mistake(f"nd-{name}", "gradient_check_n", edits, diagnosis)]


MISTAKES = [
    Mistake("sum-not-product", "forward_propagation", (("J = theta * x", "J = theta + x"),), checks.SUM_NOT_PRODUCT),
    Mistake("forward-no-return", "forward_propagation", (("return J", ""),), checks.NO_RETURN),
    Mistake("derivative-is-theta", "backward_propagation", (("dtheta = x", "dtheta = theta"),),
            checks.DERIVATIVE_IS_THETA),
    Mistake("derivative-is-the-cost", "backward_propagation", (("dtheta = x", "dtheta = theta * x"),),
            checks.DERIVATIVE_IS_THE_COST),
    *in_both_checks("divides-by-epsilon", ((CENTERED, "(J_plus - J_minus) / epsilon"),),
                    checks.DIVIDES_BY_EPSILON),
    Mistake("1d-one-sided", "gradient_check", ((CENTERED, "(J_plus - forward_propagation(x, theta)) / epsilon"),),
            checks.ONE_SIDED),
    Mistake("nd-one-sided", "gradient_check_n",
            ((CENTERED, "(J_plus - forward_propagation_n(X, Y, parameters)[0]) / epsilon"),), checks.ONE_SIDED),
    *in_both_checks("no-denominator", ((f"/ {DENOMINATOR}", ""),), checks.NO_DENOMINATOR),
    *in_both_checks("norm-of-sum-denominator", ((DENOMINATOR, "np.linalg.norm(grad + gradapprox)"),),
                    checks.NORM_OF_SUM),
    *in_both_checks("grad-only-denominator", ((DENOMINATOR, "np.linalg.norm(grad)"),),
                    checks.GRAD_ONLY_DENOMINATOR),
    Mistake("1d-compares-grad-with-theta", "gradient_check", ((NUMERATOR, "np.linalg.norm(grad - theta)"),),
            checks.COMPARES_GRAD_WITH_THETA),
    Mistake("nd-compares-grad-with-theta", "gradient_check_n",
            ((NUMERATOR, "np.linalg.norm(grad - parameters_values)"),), checks.COMPARES_GRAD_WITH_THETA),
    *in_both_checks("compares-a-vector-with-itself", ((NUMERATOR, "np.linalg.norm(grad - grad)"),),
                    checks.COMPARES_A_VECTOR_WITH_ITSELF),
    Mistake("nd-compares-J-plus-with-J-minus", "gradient_check_n", ((NUMERATOR, "np.linalg.norm(J_plus - J_minus)"),),
            checks.COMPARES_J_PLUS_WITH_J_MINUS),
    Mistake("1d-array-not-scalar", "gradient_check", (("return difference", "return np.array([[difference]])"),),
            checks.ARRAY_NOT_SCALAR),
    Mistake("nd-array-not-scalar", "gradient_check_n", ((NUMERATOR, "np.linalg.norm(grad - gradapprox, axis=0)"),),
            checks.ARRAY_NOT_SCALAR),
    Mistake("1d-skips-forward-propagation", "gradient_check",
            (("J_plus = forward_propagation(x, theta_plus)", "J_plus = theta_plus * x"),),
            checks.FORWARD_CALLS),
    Mistake("nd-no-copy", "gradient_check_n",
            ((COPY_PLUS, "theta_plus = parameters_values"), (COPY_MINUS, "theta_minus = parameters_values")),
            checks.NO_COPY),
    Mistake("nd-no-copy-of-theta-plus", "gradient_check_n", ((COPY_PLUS, "theta_plus = parameters_values"),),
            checks.NO_COPY),
    Mistake("nd-shifts-every-component", "gradient_check_n",
            (("theta_plus[i] += epsilon", "theta_plus += epsilon"),
             ("theta_minus[i] -= epsilon", "theta_minus -= epsilon")),
            checks.SHIFTS_EVERY_COMPONENT),
    Mistake("nd-flat-J-vectors", "gradient_check_n",
            (("J_plus = np.zeros((num_parameters, 1))", "J_plus = np.zeros(num_parameters)"),
             ("J_minus = np.zeros((num_parameters, 1))", "J_minus = np.zeros(num_parameters)")),
            checks.FLAT_J_VECTORS),
    Mistake("nd-gradients-in-their-own-order", "gradient_check_n",
            ((GRAD_N, "grad = dict_to_vector({k: v for k, v in gradients.items() if k[1:] in parameters})"),),
            checks.GRADIENTS_IN_THEIR_OWN_ORDER),
    Mistake("nd-recomputes-the-gradients", "gradient_check_n",
            ((GRAD_N, "grad = grads_to_vector(backward_propagation_n(X, Y, forward_propagation_n(X, Y, "
                      "parameters)[1]), shapes)"),),
            checks.RECOMPUTES_THE_GRADIENTS),
    *in_both_checks("never-prints", ((PRINT + "\n", ""),), checks.NEVER_PRINTS),
    *in_both_checks("prints-regardless", ((PRINT, "print(verdict(difference))"),),
                    checks.PRINTS_REGARDLESS),
]
MISTAKE = {mistake.name: mistake for mistake in MISTAKES}

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

# The two checks as every solved copy of the published course writes them, with the course's helpers
# dictionary_to_vector, gradients_to_vector and vector_to_dictionary (one argument) and its prints.
COURSE_HELPER_NAMES = {
    "gradient_check": r"""
theta_plus = theta + epsilon
theta_minus = theta - epsilon
J_plus = forward_propagation(x, theta_plus)
J_minus = forward_propagation(x, theta_minus)
gradapprox = (J_plus - J_minus) / (2 * epsilon)

grad = backward_propagation(x, theta)

numerator = np.linalg.norm(grad - gradapprox)
denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
difference = numerator / denominator

if print_msg:
    if difference > 2e-7:
        print ("\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\033[0m")
    else:
        print ("\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\033[0m")

return difference""",
    "gradient_check_n": r"""
# Set-up variables
parameters_values, _ = dictionary_to_vector(parameters)

grad = gradients_to_vector(gradients)
num_parameters = parameters_values.shape[0]
J_plus = np.zeros((num_parameters, 1))
J_minus = np.zeros((num_parameters, 1))
gradapprox = np.zeros((num_parameters, 1))

# Compute gradapprox
for i in range(num_parameters):
    theta_plus = np.copy(parameters_values)
    theta_plus[i] = theta_plus[i] + epsilon
    J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

    theta_minus = np.copy(parameters_values)
    theta_minus[i] = theta_minus[i] - epsilon
    J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

    gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

numerator = np.linalg.norm(grad - gradapprox)
denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
difference = numerator / denominator

if print_msg:
    if difference > 2e-7:
        print ("\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\033[0m")
    else:
        print ("\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\033[0m")

return difference""",
}
COURSE_HELPER_NAMES = {exercise: code.strip("\n") for exercise, code in COURSE_HELPER_NAMES.items()}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(checks.EXERCISES.points), about="the release as distributed"),
    *(MISTAKE[name].demo(CORRECT) for name in (
        "sum-not-product", "derivative-is-theta", "1d-divides-by-epsilon", "nd-no-denominator",
        "nd-compares-grad-with-theta", "nd-array-not-scalar", "nd-no-copy")),
    Demo("different-style", DIFFERENT_STYLE, about="correct, with a vectorized perturbation and other names"),
    Demo("course-helper-names", {**CORRECT, **COURSE_HELPER_NAMES},
         about="correct, written as the published course's solution, with the course's helper names"),
]

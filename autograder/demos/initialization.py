"""Demo submissions of the Initialization assignment."""
from autograder.checks.initialization import POINTS
from autograder.reference import initialization as reference
from autograder.submissions import Demo, reference_answers, with_edit

CORRECT = reference_answers(reference, POINTS)

DIFFERENT_STYLE = {
    "initialize_parameters_zeros": """\
params = dict()
for layer, (fan_out, fan_in) in enumerate(zip(layers_dims[1:], layers_dims[:-1]), start=1):
    params[f"W{layer}"] = np.zeros(shape=(fan_out, fan_in))
    params[f"b{layer}"] = np.zeros(shape=(fan_out, 1))
return params""",
    "initialize_parameters_random": """\
np.random.seed(3)
sizes = list(zip(layers_dims[1:], layers_dims[:-1]))
weights = [10.0 * np.random.randn(n_out, n_in) for n_out, n_in in sizes]
params = {}
for index, (weight, (n_out, _)) in enumerate(zip(weights, sizes)):
    params["W%d" % (index + 1)] = weight
    params["b%d" % (index + 1)] = np.zeros((n_out, 1))
return params""",
    "initialize_parameters_he": """\
np.random.seed(3)
params = {}
l = 1
while l < len(layers_dims):
    fan_in = layers_dims[l - 1]
    params["W" + str(l)] = np.random.normal(size=(layers_dims[l], fan_in)) * (2.0 / fan_in) ** 0.5
    params["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=float)
    l += 1
return params""",
}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(POINTS), about="the release as distributed"),
    Demo("xavier-not-he",
         with_edit(CORRECT, "initialize_parameters_he", "np.sqrt(2 / ", "np.sqrt(1 / "),
         partial=frozenset({"initialize_parameters_he"}), about="He scaled with sqrt(1/n)"),
    Demo("seed-in-loop",
         with_edit(CORRECT, "initialize_parameters_random",
                   "np.random.seed(3)\nparameters = {}\nfor l in range(1, len(layers_dims)):\n",
                   "parameters = {}\nfor l in range(1, len(layers_dims)):\n    np.random.seed(3)\n"),
         partial=frozenset({"initialize_parameters_random"}), about="np.random.seed inside the loop"),
    Demo("nonzero-biases",
         with_edit(CORRECT, "initialize_parameters_zeros", "np.zeros((layers_dims[l], 1))",
                   "np.ones((layers_dims[l], 1))"),
         partial=frozenset({"initialize_parameters_zeros"}), about="biases of ones"),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other loops and names"),
]

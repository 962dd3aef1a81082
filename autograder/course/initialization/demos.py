"""Demo submissions of the Initialization assignment."""
from autograder.course.demo import Demo, Mistake, reference_answers
from autograder.course.initialization import checks, reference

CORRECT = reference_answers(reference, checks.EXERCISES.points)

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

MISTAKES = [
    Mistake("nonzero-biases", "initialize_parameters_zeros",
            (("np.zeros((layers_dims[l], 1))", "np.ones((layers_dims[l], 1))"),),
            checks.NONZERO_BIASES),
    Mistake("ones-for-zeros", "initialize_parameters_zeros",
            (("np.zeros((layers_dims[l], layers_dims[l - 1]))", "np.ones((layers_dims[l], layers_dims[l - 1]))"),),
            checks.WEIGHTS_NOT_ZEROS),
    Mistake("seed-in-loop", "initialize_parameters_random",
            (("np.random.seed(3)\nparameters = {}\nfor l in range(1, len(layers_dims)):\n",
              "parameters = {}\nfor l in range(1, len(layers_dims)):\n    np.random.seed(3)\n"),),
            checks.SEED_IN_LOOP),
    Mistake("random-not-scaled", "initialize_parameters_random", (("layers_dims[l - 1]) * 10", "layers_dims[l - 1])"),),
            checks.RANDOM_NOT_SCALED),
    Mistake("random-small", "initialize_parameters_random", (("layers_dims[l - 1]) * 10", "layers_dims[l - 1]) * 0.01"),),
            checks.RANDOM_SMALL),
    Mistake("xavier-not-he", "initialize_parameters_he", (("np.sqrt(2 / ", "np.sqrt(1 / "),),
            checks.XAVIER_NOT_HE),
    Mistake("he-without-root", "initialize_parameters_he", (("np.sqrt(2 / layers_dims[l - 1])", "2 / layers_dims[l - 1]"),),
            checks.HE_WITHOUT_ROOT),
]
MISTAKE = {mistake.name: mistake for mistake in MISTAKES}

# Written as the published course's solved notebook writes it.
COURSE_STYLE = {
    "initialize_parameters_zeros": """\
parameters = {}
L = len(layers_dims)
for l in range(1, L):
    parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l-1]))
    parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
return parameters""",
    "initialize_parameters_random": """\
np.random.seed(3)
parameters = {}
L = len(layers_dims)
for l in range(1, L):
    parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l-1]) * 10
    parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
return parameters""",
    "initialize_parameters_he": """\
np.random.seed(3)
parameters = {}
L = len(layers_dims) - 1
for l in range(1, L + 1):
    parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l-1]) * np.sqrt(2./layers_dims[l-1])
    parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
return parameters""",
}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(checks.EXERCISES.points), about="the release as distributed"),
    *(MISTAKE[name].demo(CORRECT) for name in ("xavier-not-he", "seed-in-loop", "nonzero-biases")),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other loops and names"),
    Demo("course-style", COURSE_STYLE, about="correct, as the published course's solved notebook writes it"),
]

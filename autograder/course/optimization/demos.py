"""Demo submissions of the Optimization assignment."""
from autograder.course.demo import Demo, Mistake, reference_answers
from autograder.course.optimization import checks, reference

CORRECT = reference_answers(reference, checks.EXERCISES.points)


STEP_W = ('parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]',
          'parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]')
LAST_BATCH = ("if m % mini_batch_size != 0:\n"
              "    columns = slice(num_complete_mini_batches * mini_batch_size, m)\n"
              "    mini_batches.append((shuffled_X[:, columns], shuffled_Y[:, columns]))\n", "")

MISTAKES = [
    Mistake("gd-wrong-sign", "update_parameters_with_gd",
            tuple((old, old.replace(" - ", " + ")) for old in STEP_W),
            checks.GD_WRONG_SIGN),
    Mistake("gd-no-learning-rate", "update_parameters_with_gd",
            tuple((old, old.replace("learning_rate * ", "")) for old in STEP_W),
            checks.GD_NO_LEARNING_RATE),
    Mistake("gd-skips-last-layer", "update_parameters_with_gd", (("range(1, L + 1)", "range(1, L)"),),
            checks.GD_SKIPS_LAST_LAYER),
    Mistake("mini-batches-not-shuffled", "random_mini_batches", (("np.random.permutation(m)", "np.arange(m)"),),
            checks.NOT_SHUFFLED),
    Mistake("mini-batches-drop-last", "random_mini_batches", (LAST_BATCH,),
            checks.DROPS_LAST_BATCH),
    Mistake("mini-batches-two-permutations", "random_mini_batches",
            (("shuffled_Y = Y[:, permutation]", "shuffled_Y = Y[:, np.random.permutation(m)]"),),
            checks.TWO_PERMUTATIONS),
    Mistake("velocity-skips-last-layer", "initialize_velocity", (("range(1, L + 1)", "range(1, L)"),),
            checks.STATE_SKIPS_LAST_LAYER),
    Mistake("momentum-without-one-minus-beta", "update_parameters_with_momentum",
            (('+ (1 - beta) * grads["d" + name]', '+ grads["d" + name]'),),
            checks.MOMENTUM_WITHOUT_ONE_MINUS_BETA),
    Mistake("momentum-betas-swapped", "update_parameters_with_momentum",
            (('beta * v["d" + name] + (1 - beta) * grads["d" + name]',
              '(1 - beta) * v["d" + name] + beta * grads["d" + name]'),),
            checks.MOMENTUM_BETAS_SWAPPED),
    Mistake("momentum-steps-with-gradient", "update_parameters_with_momentum",
            (('- learning_rate * v["d" + name]', '- learning_rate * grads["d" + name]'),),
            checks.STEPS_WITH_GRADIENT),
    Mistake("rmsprop-skips-last-layer", "initialize_rmsprop", (("range(1, L + 1)", "range(1, L)"),),
            checks.STATE_SKIPS_LAST_LAYER),
    Mistake("rmsprop-no-square", "update_parameters_with_rmsprop",
            (('np.square(grads["d" + name])', 'grads["d" + name]'),), checks.S_WITHOUT_SQUARE),
    Mistake("rmsprop-without-one-minus-beta2", "update_parameters_with_rmsprop",
            (("(1 - beta2) * np.square", "np.square"),), checks.S_WITHOUT_ONE_MINUS_BETA2),
    Mistake("rmsprop-epsilon-inside-sqrt", "update_parameters_with_rmsprop",
            (('(np.sqrt(s["d" + name]) + epsilon)', 'np.sqrt(s["d" + name] + epsilon)'),),
            checks.RMSPROP_EPSILON_INSIDE),
    Mistake("adam-shared-arrays", "initialize_adam",
            (('s["d" + name] = np.zeros(parameters[name].shape)', 's["d" + name] = v["d" + name]'),),
            checks.SHARED_ARRAYS),
    Mistake("adam-without-bias-correction", "update_parameters_with_adam",
            (("v[d] / (1 - beta1 ** t)", "v[d]"), ("s[d] / (1 - beta2 ** t)", "s[d]")),
            checks.NO_BIAS_CORRECTION),
    Mistake("adam-t-not-advanced", "update_parameters_with_adam",
            (("beta1 ** t", "beta1 ** 1"), ("beta2 ** t", "beta2 ** 1")),
            checks.T_NOT_ADVANCED),
    Mistake("adam-square-of-beta", "update_parameters_with_adam",
            (("beta1 ** t", "beta1 * beta1"), ("beta2 ** t", "beta2 * beta2")),
            checks.SQUARE_OF_BETA),
    Mistake("adam-s-with-beta1", "update_parameters_with_adam",
            (("s[d] = beta2 * s[d] + (1 - beta2)", "s[d] = beta1 * s[d] + (1 - beta1)"),),
            checks.ADAM_S_WITH_BETA1),
    Mistake("adam-no-square", "update_parameters_with_adam",
            (("(1 - beta2) * np.square(grads[d])", "(1 - beta2) * grads[d]"),), checks.S_WITHOUT_SQUARE),
    Mistake("adam-epsilon-inside-sqrt", "update_parameters_with_adam",
            (("(np.sqrt(s_corrected[d]) + epsilon)", "np.sqrt(s_corrected[d] + epsilon)"),),
            checks.ADAM_EPSILON_INSIDE),
    Mistake("adam-steps-without-correction", "update_parameters_with_adam",
            (("v_corrected[d] / (np.sqrt(s_corrected[d]) + epsilon)", "v[d] / (np.sqrt(s[d]) + epsilon)"),),
            checks.STEPS_WITHOUT_CORRECTION),
    Mistake("decay-ignores-epoch", "update_lr", (("(1 + decay_rate * epoch_num)", "(1 + decay_rate)"),),
            checks.DECAY_IGNORES_EPOCH),
    Mistake("decay-ignores-rate", "update_lr", (("decay_rate * epoch_num", "epoch_num"),),
            checks.DECAY_IGNORES_RATE),
    Mistake("decay-multiplies", "update_lr", (("learning_rate0 / (1 +", "learning_rate0 * (1 +"),),
            checks.DECAY_MULTIPLIES),
    Mistake("schedule-not-rounded", "schedule_lr_decay",
            (("np.floor(epoch_num / time_interval)", "epoch_num / time_interval"),),
            checks.SCHEDULE_NOT_ROUNDED),
    Mistake("schedule-fixed-interval", "schedule_lr_decay",
            (("np.floor(epoch_num / time_interval)", "np.floor(epoch_num / 1000)"),),
            checks.SCHEDULE_FIXED_INTERVAL),
]
MISTAKE = {mistake.name: mistake for mistake in MISTAKES}

DIFFERENT_STYLE = {
    "update_parameters_with_gd": """\
return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}""",
    "random_mini_batches": """\
np.random.seed(seed)
order = np.random.permutation(X.shape[1])
X_shuffled, Y_shuffled = X[:, order], Y[:, order]
return [(X_shuffled[:, i:i + mini_batch_size], Y_shuffled[:, i:i + mini_batch_size])
        for i in range(0, X.shape[1], mini_batch_size)]""",
    "initialize_velocity": """\
return {"d" + key: np.zeros_like(value) for key, value in parameters.items()}""",
    "update_parameters_with_momentum": """\
new_parameters, new_v = {}, {}
for key in parameters:
    new_v["d" + key] = beta * v["d" + key] + (1.0 - beta) * grads["d" + key]
    new_parameters[key] = parameters[key] - learning_rate * new_v["d" + key]
return new_parameters, new_v""",
    "initialize_rmsprop": """\
s = dict()
for key, value in parameters.items():
    s[f"d{key}"] = np.zeros(value.shape, dtype=float)
return s""",
    "update_parameters_with_rmsprop": """\
for key in list(parameters):
    g = grads["d" + key]
    s["d" + key] = s["d" + key] * beta2 + g * g * (1 - beta2)
    parameters[key] = parameters[key] - learning_rate * g / (s["d" + key] ** 0.5 + epsilon)
return parameters, s""",
    "initialize_adam": """\
v = {"d" + key: np.zeros_like(value) for key, value in parameters.items()}
s = {"d" + key: np.zeros_like(value) for key, value in parameters.items()}
return v, s""",
    "update_parameters_with_adam": """\
v_corrected, s_corrected = {}, {}
correction1, correction2 = 1 - np.power(beta1, t), 1 - np.power(beta2, t)
for key in parameters:
    g = grads["d" + key]
    v["d" + key] = beta1 * v["d" + key] + (1 - beta1) * g
    s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * g ** 2
    v_corrected["d" + key] = v["d" + key] / correction1
    s_corrected["d" + key] = s["d" + key] / correction2
    parameters[key] = parameters[key] - learning_rate * v_corrected["d" + key] / (
        np.sqrt(s_corrected["d" + key]) + epsilon)
return parameters, v, s, v_corrected, s_corrected""",
    "update_lr": """\
return learning_rate0 * (1.0 / (1.0 + decay_rate * epoch_num))""",
    "schedule_lr_decay": """\
return learning_rate0 / (1 + decay_rate * (epoch_num // time_interval))""",
}

# Written as the published course's solved notebook writes it (RMSprop, which the course does not
# have, is the reference's).
COURSE_STYLE = {
    "update_parameters_with_gd": """\
L = len(parameters) // 2
for l in range(1, L + 1):
    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads['dW' + str(l)]
    parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads['db' + str(l)]
return parameters""",
    "random_mini_batches": """\
np.random.seed(seed)
m = X.shape[1]
mini_batches = []
permutation = list(np.random.permutation(m))
shuffled_X = X[:, permutation]
shuffled_Y = Y[:, permutation].reshape((1, m))
inc = mini_batch_size
num_complete_minibatches = math.floor(m / mini_batch_size)
for k in range(0, num_complete_minibatches):
    mini_batch_X = shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size]
    mini_batch_Y = shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]
    mini_batch = (mini_batch_X, mini_batch_Y)
    mini_batches.append(mini_batch)
if m % mini_batch_size != 0:
    mini_batch_X = shuffled_X[:, int(m / mini_batch_size) * mini_batch_size:]
    mini_batch_Y = shuffled_Y[:, int(m / mini_batch_size) * mini_batch_size:]
    mini_batch = (mini_batch_X, mini_batch_Y)
    mini_batches.append(mini_batch)
return mini_batches""",
    "initialize_velocity": """\
L = len(parameters) // 2
v = {}
for l in range(1, L + 1):
    v["dW" + str(l)] = np.zeros((parameters["W" + str(l)].shape[0], parameters["W" + str(l)].shape[1]))
    v["db" + str(l)] = np.zeros((parameters["b" + str(l)].shape[0], parameters["b" + str(l)].shape[1]))
return v""",
    "update_parameters_with_momentum": """\
L = len(parameters) // 2
for l in range(1, L + 1):
    v["dW" + str(l)] = beta * v["dW" + str(l)] + (1 - beta) * grads['dW' + str(l)]
    v["db" + str(l)] = beta * v["db" + str(l)] + (1 - beta) * grads['db' + str(l)]
    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
    parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v["db" + str(l)]
return parameters, v""",
    "initialize_adam": """\
L = len(parameters) // 2
v = {}
s = {}
for l in range(1, L + 1):
    v["dW" + str(l)] = np.zeros((parameters["W" + str(l)].shape[0], parameters["W" + str(l)].shape[1]))
    v["db" + str(l)] = np.zeros((parameters["b" + str(l)].shape[0], parameters["b" + str(l)].shape[1]))
    s["dW" + str(l)] = np.zeros((parameters["W" + str(l)].shape[0], parameters["W" + str(l)].shape[1]))
    s["db" + str(l)] = np.zeros((parameters["b" + str(l)].shape[0], parameters["b" + str(l)].shape[1]))
return v, s""",
    "update_parameters_with_adam": """\
L = len(parameters) // 2
v_corrected = {}
s_corrected = {}
for l in range(1, L + 1):
    v["dW" + str(l)] = beta1 * v["dW" + str(l)] + (1 - beta1) * grads['dW' + str(l)]
    v["db" + str(l)] = beta1 * v["db" + str(l)] + (1 - beta1) * grads['db' + str(l)]
    v_corrected["dW" + str(l)] = v["dW" + str(l)] / (1 - np.power(beta1, t))
    v_corrected["db" + str(l)] = v["db" + str(l)] / (1 - np.power(beta1, t))
    s["dW" + str(l)] = beta2 * s["dW" + str(l)] + (1 - beta2) * np.power(grads['dW' + str(l)], 2)
    s["db" + str(l)] = beta2 * s["db" + str(l)] + (1 - beta2) * np.power(grads['db' + str(l)], 2)
    s_corrected["dW" + str(l)] = s["dW" + str(l)] / (1 - np.power(beta2, t))
    s_corrected["db" + str(l)] = s["db" + str(l)] / (1 - np.power(beta2, t))
    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v_corrected["dW" + str(l)] / (np.sqrt(s_corrected["dW" + str(l)]) + epsilon)
    parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v_corrected["db" + str(l)] / (np.sqrt(s_corrected["db" + str(l)]) + epsilon)
return parameters, v, s, v_corrected, s_corrected""",
    "update_lr": """\
learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)
return learning_rate""",
    "schedule_lr_decay": """\
learning_rate = learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))
return learning_rate""",
}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(checks.EXERCISES.points), about="the release as distributed"),
    *(MISTAKE[name].demo(CORRECT) for name in (
        "momentum-without-one-minus-beta", "adam-without-bias-correction", "adam-t-not-advanced",
        "adam-epsilon-inside-sqrt", "mini-batches-not-shuffled", "mini-batches-drop-last", "decay-ignores-epoch")),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other loops and names"),
    Demo("course-style", {**CORRECT, **COURSE_STYLE}, about="correct, as the published course's solved notebook writes it"),
]

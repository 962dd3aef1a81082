"""Demo submissions of the Optimization assignment."""
from autograder.checks.optimization import POINTS
from autograder.reference import optimization as reference
from autograder.submissions import Demo, reference_answers, with_edit

CORRECT = reference_answers(reference, POINTS)


def with_edits(answers, exercise, *replacements):
    """``with_edit`` applied for each ``(old, new)`` pair in turn."""
    for old, new in replacements:
        answers = with_edit(answers, exercise, old, new)
    return answers


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

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(POINTS), about="the release as distributed"),
    Demo("momentum-without-one-minus-beta",
         with_edit(CORRECT, "update_parameters_with_momentum", '+ (1 - beta) * grads["d" + name]',
                   '+ grads["d" + name]'),
         partial=frozenset({"update_parameters_with_momentum"}), about="v = beta * v + dW"),
    Demo("adam-without-bias-correction",
         with_edits(CORRECT, "update_parameters_with_adam", ("v[d] / (1 - beta1 ** t)", "v[d]"),
                    ("s[d] / (1 - beta2 ** t)", "s[d]")),
         partial=frozenset({"update_parameters_with_adam"}), about="v_corrected = v, s_corrected = s"),
    Demo("adam-t-not-advanced",
         with_edits(CORRECT, "update_parameters_with_adam", ("beta1 ** t", "beta1 ** 1"),
                    ("beta2 ** t", "beta2 ** 1")),
         partial=frozenset({"update_parameters_with_adam"}), about="bias correction as if t stayed 1"),
    Demo("adam-epsilon-inside-sqrt",
         with_edit(CORRECT, "update_parameters_with_adam", "(np.sqrt(s_corrected[d]) + epsilon)",
                   "np.sqrt(s_corrected[d] + epsilon)"),
         partial=frozenset({"update_parameters_with_adam"}), about="sqrt(s_corrected + epsilon)"),
    Demo("mini-batches-not-shuffled",
         with_edit(CORRECT, "random_mini_batches", "np.random.permutation(m)", "np.arange(m)"),
         partial=frozenset({"random_mini_batches"}), about="columns kept in their original order"),
    Demo("mini-batches-drop-last",
         with_edit(CORRECT, "random_mini_batches",
                   "if m % mini_batch_size != 0:\n"
                   "    columns = slice(num_complete_mini_batches * mini_batch_size, m)\n"
                   "    mini_batches.append((shuffled_X[:, columns], shuffled_Y[:, columns]))\n", ""),
         partial=frozenset({"random_mini_batches"}), about="the last, smaller batch is dropped"),
    Demo("decay-ignores-epoch",
         with_edit(CORRECT, "update_lr", "(1 + decay_rate * epoch_num)", "(1 + decay_rate)"),
         partial=frozenset({"update_lr"}), about="learning_rate0 / (1 + decay_rate)"),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written with other loops and names"),
]

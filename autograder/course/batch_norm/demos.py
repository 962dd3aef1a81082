"""Demo submissions of the Batch normalization and hyperparameter search assignment."""
from autograder.course import ARGUMENTS_CHANGED
from autograder.course.batch_norm import checks, reference
from autograder.course.demo import Demo, Mistake, reference_answers

CORRECT = reference_answers(reference, checks.EXERCISES.points)

# Correct, written otherwise: np.var, the backward pass step by step through the graph (as CS231n
# writes it) instead of the simplified formula, natural logarithms, explicit loops and np.argsort.
DIFFERENT_STYLE = {
    "batchnorm_forward": """\
if bn_param["mode"] == "test":
    mean, variance = bn_param["running_mean"], bn_param["running_var"]
else:
    mean = Z.mean(axis=1, keepdims=True)
    variance = Z.var(axis=1, keepdims=True)
    keep = bn_param["momentum"]
    bn_param["running_mean"] = keep * bn_param["running_mean"] + (1.0 - keep) * mean
    bn_param["running_var"] = keep * bn_param["running_var"] + (1.0 - keep) * variance
std = np.sqrt(variance + bn_param["eps"])
Z_norm = (Z - mean) / std
return gamma * Z_norm + beta, (Z, Z_norm, mean, variance, gamma, bn_param["eps"])""",
    "batchnorm_backward": """\
Z, Z_norm, mu, var, gamma, eps = cache
m = Z.shape[1]
centered = Z - mu
inv_std = 1.0 / np.sqrt(var + eps)
dbeta = dZ_tilde.sum(axis=1, keepdims=True)
dgamma = (dZ_tilde * Z_norm).sum(axis=1, keepdims=True)
dZ_norm = dZ_tilde * gamma
dvar = np.sum(dZ_norm * centered, axis=1, keepdims=True) * -0.5 * inv_std ** 3
dmu = -np.sum(dZ_norm * inv_std, axis=1, keepdims=True) + dvar * np.mean(-2.0 * centered, axis=1, keepdims=True)
dZ = dZ_norm * inv_std + dvar * 2.0 * centered / m + dmu / m
return dZ, dgamma, dbeta""",
    "sample_log_uniform": """\
return np.exp(rng.uniform(np.log(low), np.log(high), size))""",
    "random_search": """\
rates = sample_log_uniform(lr_range[0], lr_range[1], n_trials, rng)
one_minus_betas = sample_log_uniform(1 - beta_range[1], 1 - beta_range[0], n_trials, rng)
trials, best = [], None
for i in range(n_trials):
    trial = {"learning_rate": float(rates[i]), "beta": float(1 - one_minus_betas[i])}
    trial["cost"] = float(train_and_score(trial["learning_rate"], trial["beta"]))
    trials.append(trial)
    if best is None or trial["cost"] < best["cost"]:
        best = trial
return best, trials""",
    "narrow_ranges": """\
order = np.argsort([t["cost"] for t in trials], kind="stable")[:n_best]
rates = np.array([trials[i]["learning_rate"] for i in order])
betas = np.array([trials[i]["beta"] for i in order])
return (rates.min(), rates.max()), (betas.min(), betas.max())""",
}

VARIANCE = "var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)"
RUNNING = ('bn_param["running_mean"] = momentum * bn_param["running_mean"] + (1 - momentum) * mu',
           'bn_param["running_var"] = momentum * bn_param["running_var"] + (1 - momentum) * var')
DBETA = "dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)"
DGAMMA = "dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)"
LOG_DRAW = "rng.uniform(np.log10(low), np.log10(high), size)"
LR_DRAW = "learning_rates = sample_log_uniform(lr_range[0], lr_range[1], n_trials, rng)"
BETA_DRAW = "betas = 1 - sample_log_uniform(1 - beta_range[1], 1 - beta_range[0], n_trials, rng)"
BY_COST = 'sorted(trials, key=lambda trial: trial["cost"])[:n_best]'

MISTAKES = [
    Mistake("variance-m-minus-1", "batchnorm_forward",
            ((VARIANCE, "var = np.sum((Z - mu) ** 2, axis=1, keepdims=True) / (Z.shape[1] - 1)"),),
            checks.VARIANCE_M_MINUS_1),
    Mistake("wrong-axis", "batchnorm_forward",
            (("np.mean(Z, axis=1, keepdims=True)", "np.mean(Z, axis=0, keepdims=True)"),
             (VARIANCE, VARIANCE.replace("axis=1", "axis=0"))), checks.WRONG_AXIS),
    Mistake("eps-outside-sqrt", "batchnorm_forward", (("np.sqrt(var + eps)", "(np.sqrt(var) + eps)"),),
            checks.EPS_OUTSIDE),
    Mistake("gamma-beta-swapped", "batchnorm_forward", (("gamma * Z_norm + beta", "beta * Z_norm + gamma"),),
            checks.GAMMA_BETA_SWAPPED),
    Mistake("running-not-updated", "batchnorm_forward", tuple((line, "pass") for line in RUNNING),
            checks.RUNNING_NOT_UPDATED),
    Mistake("momentum-swapped", "batchnorm_forward",
            tuple((line, line.replace("= momentum * ", "= (1 - momentum) * ").replace("+ (1 - momentum) *", "+ momentum *"))
                  for line in RUNNING), checks.MOMENTUM_SWAPPED),
    Mistake("test-uses-batch-statistics", "batchnorm_forward",
            (('mu, var = bn_param["running_mean"], bn_param["running_var"]',
              "mu, var = np.mean(Z, axis=1, keepdims=True), np.var(Z, axis=1, keepdims=True)"),),
            checks.TEST_BATCH_STATISTICS),
    Mistake("gamma-beta-gradients-wrong-axis", "batchnorm_backward",
            ((DBETA, DBETA.replace("axis=1", "axis=0")), (DGAMMA, DGAMMA.replace("axis=1", "axis=0"))),
            checks.SUMMED_OVER_UNITS),
    Mistake("dgamma-without-z-norm", "batchnorm_backward", ((DGAMMA, DGAMMA.replace(" * Z_norm", "")),),
            checks.DGAMMA_WITHOUT_Z_NORM),
    Mistake("dz-without-mean-path", "batchnorm_backward",
            (("m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)", "m * dZ_norm"),), checks.NO_MEAN_PATH),
    Mistake("dz-without-variance-path", "batchnorm_backward",
            (("\n      - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True))", ")"),), checks.NO_VARIANCE_PATH),
    Mistake("dz-with-constant-statistics", "batchnorm_backward",
            (("dZ = (m * dZ_norm", "dZ = dZ_norm / np.sqrt(var + eps)\nunused = (m * dZ_norm"),),
            checks.CONSTANT_STATISTICS),
    Mistake("dz-without-gamma", "batchnorm_backward", (("dZ_norm = dZ_tilde * gamma", "dZ_norm = dZ_tilde"),),
            checks.NO_GAMMA),
    Mistake("linear-scale", "sample_log_uniform",
            ((f"exponents = {LOG_DRAW}\nreturn 10 ** exponents", "return rng.uniform(low, high, size)"),),
            checks.LINEAR_SCALE),
    Mistake("bases-mixed", "sample_log_uniform", ((LOG_DRAW, "rng.uniform(np.log(low), np.log(high), size)"),),
            checks.BASES_MIXED),
    Mistake("bounds-as-exponents", "sample_log_uniform", ((LOG_DRAW, "rng.uniform(low, high, size)"),),
            checks.BOUNDS_AS_EXPONENTS),
    Mistake("search-learning-rate-linear", "random_search",
            ((LR_DRAW, "learning_rates = rng.uniform(lr_range[0], lr_range[1], n_trials)"),), checks.LR_LINEAR),
    Mistake("search-beta-itself-log", "random_search",
            ((BETA_DRAW, "betas = sample_log_uniform(beta_range[0], beta_range[1], n_trials, rng)"),),
            checks.BETA_ITSELF_LOG),
    Mistake("search-beta-linear", "random_search",
            ((BETA_DRAW, "betas = rng.uniform(beta_range[0], beta_range[1], n_trials)"),), checks.BETA_LINEAR),
    Mistake("search-best-is-highest", "random_search", (("best = min(trials", "best = max(trials"),),
            checks.BEST_IS_HIGHEST),
    Mistake("narrow-keeps-worst", "narrow_ranges", ((BY_COST, BY_COST.replace("[:n_best]", "[-n_best:]")),),
            checks.KEEPS_WORST),
    Mistake("narrow-keeps-first", "narrow_ranges", ((BY_COST, "trials[:n_best]"),), checks.KEEPS_FIRST),
    Mistake("narrow-does-not-narrow", "narrow_ranges", ((BY_COST, BY_COST.replace("[:n_best]", "")),),
            checks.DOES_NOT_NARROW),
    Mistake("centers-z-in-place", "batchnorm_forward",
            (("Z_norm = (Z - mu) / np.sqrt(var + eps)", "Z -= mu\nZ_norm = Z / np.sqrt(var + eps)"),),
            ARGUMENTS_CHANGED.format(function="batchnorm_forward", arguments="Z")),
    Mistake("narrow-sorts-in-place", "narrow_ranges",
            ((f"best_trials = {BY_COST}", 'trials.sort(key=lambda trial: trial["cost"])\nbest_trials = trials[:n_best]'),),
            ARGUMENTS_CHANGED.format(function="narrow_ranges", arguments="trials")),
]
MISTAKE = {mistake.name: mistake for mistake in MISTAKES}

DEMOS = [
    Demo("correct", CORRECT, about="the reference answers"),
    Demo("untouched", {}, zero=frozenset(checks.EXERCISES.points), about="the release as distributed"),
    *(MISTAKE[name].demo(CORRECT) for name in (
        "variance-m-minus-1", "test-uses-batch-statistics", "running-not-updated", "eps-outside-sqrt",
        "gamma-beta-gradients-wrong-axis", "dz-without-variance-path", "linear-scale",
        "search-learning-rate-linear", "narrow-keeps-worst", "centers-z-in-place", "narrow-sorts-in-place")),
    Demo("different-style", DIFFERENT_STYLE, about="correct, written otherwise: np.var, the backward pass step by step "
                                                   "through the graph, natural logarithms, np.argsort"),
]

"""Hidden checks of the Batch normalization and hyperparameter search assignment.

``batchnorm_forward`` runs on random shapes, scales, ``eps`` (large ones too, so that where ``eps``
goes shows) and ``momentum``, in train mode (values, cache, running averages updated in the
``bn_param`` the student's function was given: ``echoing`` brings it back from the kernel) and in
test mode (the running averages used, nothing changed). ``batchnorm_backward`` runs on reference
caches of random shapes, compared with the reference and, on a small case, with centered
differences (``dlcourse.gradient_check``). ``sample_log_uniform`` and ``random_search`` get a numpy
Generator seeded like the reference's, so that their draws can be compared value for value;
``random_search`` gets a made-up cost as its ``train_and_score`` (a ``Source``: it runs where the
student's function runs) and the reference ``sample_log_uniform``, so that a mistake of exercise 3
costs points there only. ``narrow_ranges`` runs on random trials. A wrong value is compared with what
each typical mistake gives, so that the message names it. An answer that computes nothing (arrays of
the right shapes but no right value, one value whatever the inputs) earns nothing, not even for its form.
"""
import numpy as np

from autograder.course import (  # noqa: F401 (ARGUMENTS_CHANGED: read by the engine)
    ARGUMENTS_CHANGED, CaseKind, first_difference, kept_arguments)
from autograder.engine.checks import (Exercises, Rubric, Source, array_problem, as_number, close, echoing,
                                      matching_mistake, run_student, type_name, with_helpers)
from autograder.course.batch_norm import reference
from dlcourse.gradient_check import THRESHOLD, numerical_gradient, relative_error

EXERCISES = Exercises({
    "batchnorm_forward": 4,
    "batchnorm_backward": 4,
    "sample_log_uniform": 2,
    "random_search": 3,
    "narrow_ranges": 2,
})

# Provided helpers one call of which would do an exercise's work (see ``autograder.course.evaluate``).
SHORTCUTS = {"random_search": ["dlcourse.search.run_trials"]}

# The reference sample_log_uniform, as a helper expression for ``with_helpers``.
LOG_UNIFORM_HELPER = "lambda low, high, size, rng: 10 ** rng.uniform(np.log10(low), np.log10(high), size)"

# What the messages call each typical mistake, one sentence each: what the code does wrong, then what to do
# (``autograder/course/batch_norm/demos.py`` refers to the same constants).
VARIANCE_M_MINUS_1 = ("Your batchnorm_forward divides the variance by m - 1 (ddof=1): divide it by m, as np.var does "
                      "by default.")
WRONG_AXIS = ("Your batchnorm_forward normalizes over axis 0, the units of each example: normalize each unit over "
              "the examples of the batch, with axis=1, keepdims=True.")
EPS_OUTSIDE = "Your batchnorm_forward adds eps outside the square root: divide by np.sqrt(var + eps)."
NO_EPS = "Your batchnorm_forward leaves eps out: divide by np.sqrt(var + eps)."
GAMMA_BETA_SWAPPED = "Your batchnorm_forward swaps gamma and beta: compute Z_tilde = gamma * Z_norm + beta."
RUNNING_NOT_UPDATED = ("Your batchnorm_forward does not update the running averages in train mode: assign the new "
                       "arrays to bn_param[\"running_mean\"] and bn_param[\"running_var\"].")
MOMENTUM_SWAPPED = ("Your batchnorm_forward swaps momentum and 1 - momentum in the running averages: compute "
                    "running = momentum * running + (1 - momentum) * batch statistic.")
TEST_BATCH_STATISTICS = ("Your batchnorm_forward normalizes with the batch's mean and variance in test mode: use "
                         "bn_param[\"running_mean\"] and bn_param[\"running_var\"] there.")
TEST_UPDATES = "Your batchnorm_forward changes the running averages in test mode: only read them there."
SUMMED_OVER_UNITS = ("Your batchnorm_backward sums dgamma and dbeta over axis 0, the units: sum over the examples, "
                     "with axis=1, keepdims=True.")
DGAMMA_WITHOUT_Z_NORM = ("Your batchnorm_backward computes dgamma as the sum of dZ_tilde alone: sum dZ_tilde * Z_norm "
                         "over the examples.")
NO_MEAN_PATH = ("Your dZ misses the path through mu: subtract np.sum(dZ_norm, axis=1, keepdims=True) from "
                "m * dZ_norm, as the formula does.")
NO_VARIANCE_PATH = ("Your dZ misses the path through var: subtract Z_norm * np.sum(dZ_norm * Z_norm, axis=1, "
                    "keepdims=True) too, as the formula does.")
CONSTANT_STATISTICS = ("Your dZ treats mu and var as constants (dZ_norm / sqrt(var + eps)): add the paths through mu "
                       "and var, as the formula does.")
NO_GAMMA = "Your dZ misses the factor gamma: start from dZ_norm = gamma * dZ_tilde."
LINEAR_SCALE = ("Your sample_log_uniform samples uniformly on the linear scale (rng.uniform(low, high)): sample the "
                "exponent, 10 ** rng.uniform(np.log10(low), np.log10(high), size).")
BASES_MIXED = ("Your sample_log_uniform mixes logarithm bases (10 ** of np.log): use 10 ** with np.log10, or np.exp "
               "with np.log.")
BOUNDS_AS_EXPONENTS = ("Your sample_log_uniform treats low and high as exponents (10 ** rng.uniform(low, high)): "
                       "take their np.log10 first.")
LR_LINEAR = ("Your random_search samples the learning rate uniformly on the linear scale: sample it on a log scale, "
             "with sample_log_uniform.")
BETA_ITSELF_LOG = ("Your random_search samples beta itself on a log scale: sample 1 - beta on a log scale, between "
                   "1 - beta_range[1] and 1 - beta_range[0].")
BETA_LINEAR = "Your random_search samples beta uniformly on the linear scale: sample 1 - beta on a log scale."
DRAWS_INTERLEAVED = ("Your random_search draws each trial's learning rate and beta in turn: draw the n_trials "
                     "learning rates first, then the n_trials betas.")
BEST_IS_HIGHEST = "Your random_search returns the trial of highest cost as best: return the trial of lowest cost."
KEEPS_WORST = ("Your narrow_ranges keeps the trials of highest cost: keep the n_best of lowest cost (sort by cost, "
               "ascending).")
KEEPS_FIRST = "Your narrow_ranges keeps the first n_best trials as they come: sort the trials by cost first."
DOES_NOT_NARROW = ("Your narrow_ranges spans every trial, so the ranges do not narrow: span only the n_best trials "
                   "of lowest cost.")


# --------------------------------------------------------------------------- shared

def named(actual, expected, candidates, what, context=None):
    """Where ``what`` differs from ``expected`` (in ``context``), then the sentence of the candidate
    mistake that gives ``actual`` (``matching_mistake``), if one does."""
    differs = first_difference(actual, expected, what) + (f" ({context})" if context else "")
    mistake = matching_mistake(actual, expected, candidates)
    return f"{differs}. {mistake}" if mistake else differs


def nothing_right(rubric, criteria, name):
    """An answer that gets none of its values right earns nothing, not even for its form: returning
    arrays of the right shapes computes nothing."""
    if all(rubric.failed(criterion) for criterion in criteria):
        rubric.fail_all(f"{name} got none of the checked values right")


# --------------------------------------------------------------------------- batchnorm_forward

def forward_cases(rng):
    """``(Z, gamma, beta, bn_param)`` of random shapes; some units barely vary and some eps are large."""
    cases = []
    for n_l, m, eps in ((3, 4, 1e-2), (int(rng.integers(1, 7)), int(rng.integers(2, 40)), 1e-5),
                        (int(rng.integers(2, 7)), int(rng.integers(5, 30)), 0.5),
                        (int(rng.integers(2, 6)), int(rng.integers(3, 12)), float(rng.uniform(0.01, 0.2)))):
        scale = rng.uniform(0.05, 3.0, size=(n_l, 1))
        Z = rng.normal(size=(n_l, 1)) * 2 + scale * rng.normal(size=(n_l, m))
        bn_param = {"mode": "train", "eps": eps, "momentum": float(rng.uniform(0.5, 0.99)),
                    "running_mean": rng.normal(size=(n_l, 1)), "running_var": rng.uniform(0.2, 2.0, size=(n_l, 1))}
        cases.append((Z, rng.normal(size=(n_l, 1)), rng.normal(size=(n_l, 1)), bn_param))
    return cases


def copied(bn_param, mode):
    return {**{key: np.copy(value) if isinstance(value, np.ndarray) else value for key, value in bn_param.items()},
            "mode": mode}


def normalized(Z, mu, var, eps, gamma, beta, eps_outside=False):
    scale = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    return gamma * (Z - mu) / scale + beta


def train_candidates(Z, gamma, beta, eps):
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    candidates = [
        (VARIANCE_M_MINUS_1, normalized(Z, mu, Z.var(axis=1, ddof=1, keepdims=True), eps, gamma, beta)),
        (WRONG_AXIS, normalized(Z, Z.mean(axis=0, keepdims=True), Z.var(axis=0, keepdims=True), eps, gamma, beta)),
        (EPS_OUTSIDE, normalized(Z, mu, var, eps, gamma, beta, eps_outside=True)),
        (NO_EPS, normalized(Z, mu, var, 0.0, gamma, beta)),
        (GAMMA_BETA_SWAPPED, normalized(Z, mu, var, eps, beta, gamma)),
    ]
    return candidates, mu, var


def check_train_mode(rubric, function, Z, gamma, beta, bn_param):
    expected_param = copied(bn_param, "train")
    expected, expected_cache = reference.batchnorm_forward(Z, gamma, beta, expected_param)
    given = copied(bn_param, "train")
    ran, result = run_student(rubric, rubric.weights, function, Z.copy(), gamma.copy(), beta.copy(), given)
    if not ran:
        return False
    if not isinstance(result, tuple) or len(result) != 2:
        rubric.fail_all(f"batchnorm_forward should return (Z_tilde, cache), got {type_name(result)}")
        return False
    Z_tilde, cache = result
    problem = array_problem(Z_tilde, Z.shape, "Z_tilde")
    if problem:
        rubric.fail("structure", problem)
        rubric.fail("train", problem)
    elif not close(Z_tilde, expected):
        candidates, _, _ = train_candidates(Z, gamma, beta, bn_param["eps"])
        rubric.fail("train", named(Z_tilde, expected, candidates, "Z_tilde",
                                   f"train mode, Z of shape {Z.shape}, eps={bn_param['eps']:g}"))
    check_cache(rubric, cache, expected_cache)
    after = (function.arguments or [None] * 4)[3]
    check_running(rubric, after, bn_param, expected_param, Z)
    return True


def check_cache(rubric, cache, expected_cache):
    if not isinstance(cache, tuple) or len(cache) != 6:
        rubric.fail("cache", f"cache should be the tuple (Z, Z_norm, mu, var, gamma, eps), got {type_name(cache)}"
                             + (f" of {len(cache)}" if isinstance(cache, (tuple, list)) else ""))
        return
    for name, value, want in zip(("Z", "Z_norm", "mu", "var", "gamma", "eps"), cache, expected_cache):
        if not close(value, want):
            rubric.fail("cache", f"the cache's {name} (position {('Z', 'Z_norm', 'mu', 'var', 'gamma', 'eps').index(name)}"
                                 " of (Z, Z_norm, mu, var, gamma, eps)) is not the expected one")
            return


def check_running(rubric, after, before, expected_param, Z):
    if not isinstance(after, dict):
        rubric.fail("running", f"bn_param could not be read back after the call. {RUNNING_NOT_UPDATED}")
        return
    mu, var, momentum = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True), before["momentum"]
    for key, batch in (("running_mean", mu), ("running_var", var)):
        value = after.get(key)
        if close(value, expected_param[key]):
            continue
        candidates = [(RUNNING_NOT_UPDATED, before[key]),
                      (MOMENTUM_SWAPPED, (1 - momentum) * before[key] + momentum * batch)]
        if key == "running_var":
            candidates.append((VARIANCE_M_MINUS_1, momentum * before[key]
                               + (1 - momentum) * Z.var(axis=1, ddof=1, keepdims=True)))
        rubric.fail("running", named(value, expected_param[key], candidates, f'bn_param["{key}"]', "after a train step"))
        return


def check_test_mode(rubric, function, Z, gamma, beta, bn_param):
    expected, expected_cache = reference.batchnorm_forward(Z, gamma, beta, copied(bn_param, "test"))
    given = copied(bn_param, "test")
    ran, result = run_student(rubric, ["test"], function, Z.copy(), gamma.copy(), beta.copy(), given)
    if not ran:
        return
    Z_tilde = result[0] if isinstance(result, tuple) and len(result) == 2 else None
    problem = array_problem(Z_tilde, Z.shape, "Z_tilde in test mode")
    if problem:
        rubric.fail("test", problem)
    elif not close(Z_tilde, expected):
        batch, _ = reference.batchnorm_forward(Z, gamma, beta, copied(bn_param, "train"))
        eps = bn_param["eps"]
        candidates = [(TEST_BATCH_STATISTICS, batch),
                      (EPS_OUTSIDE, normalized(Z, bn_param["running_mean"], bn_param["running_var"], eps, gamma, beta,
                                               eps_outside=True)),
                      (NO_EPS, normalized(Z, bn_param["running_mean"], bn_param["running_var"], 0.0, gamma, beta))]
        rubric.fail("test", named(Z_tilde, expected, candidates, "Z_tilde", "test mode"))
    if isinstance(result, tuple) and len(result) == 2:  # the cache holds the statistics test mode used
        check_cache(rubric, result[1], expected_cache)
    after = (function.arguments or [None] * 4)[3]
    if isinstance(after, dict) and not all(close(after.get(key), bn_param[key]) for key in ("running_mean", "running_var")):
        rubric.fail("test", f"bn_param's running averages changed in a call in test mode. {TEST_UPDATES}")


@EXERCISES.check("batchnorm_forward")
def check_batchnorm_forward(student_function, rng):
    """Rubric: the returned pair and shapes 1, Z_tilde in train mode 3, the running averages 2, test
    mode 2, the cache 1."""
    rubric = Rubric(structure=1, train=3, running=2, test=2, cache=1)
    function = echoing(student_function)
    for Z, gamma, beta, bn_param in forward_cases(rng):
        if not check_train_mode(rubric, function, Z, gamma, beta, bn_param):
            break
        check_test_mode(rubric, function, Z, gamma, beta, bn_param)
    nothing_right(rubric, ("train", "running", "test", "cache"), "batchnorm_forward")
    return rubric


# --------------------------------------------------------------------------- batchnorm_backward

def backward_case(rng, n_l, m):
    Z = rng.normal(size=(n_l, 1)) + rng.uniform(0.3, 2.0, size=(n_l, 1)) * rng.normal(size=(n_l, m))
    gamma, beta = rng.normal(size=(n_l, 1)), rng.normal(size=(n_l, 1))
    bn_param = {"mode": "train", "eps": float(rng.choice([1e-5, 1e-3, 0.1])), "momentum": 0.9,
                "running_mean": np.zeros((n_l, 1)), "running_var": np.ones((n_l, 1))}
    _, cache = reference.batchnorm_forward(Z, gamma, beta, bn_param)
    return rng.normal(size=(n_l, m)), cache


def backward_candidates(dZ_tilde, cache):
    """``{"dZ": [...], "dgamma": [...], "dbeta": [...]}``: ``(mistake, value it gives)``."""
    Z, Z_norm, mu, var, gamma, eps = cache
    m = Z.shape[1]
    root = np.sqrt(var + eps)
    dZ_norm = dZ_tilde * gamma

    def dZ_of(dZ_norm, mean_path=True, variance_path=True):
        total = m * dZ_norm
        if mean_path:
            total = total - dZ_norm.sum(axis=1, keepdims=True)
        if variance_path:
            total = total - Z_norm * (dZ_norm * Z_norm).sum(axis=1, keepdims=True)
        return total / (m * root)

    return {
        "dZ": [(NO_MEAN_PATH, dZ_of(dZ_norm, mean_path=False)), (NO_VARIANCE_PATH, dZ_of(dZ_norm, variance_path=False)),
               (CONSTANT_STATISTICS, dZ_norm / root), (NO_GAMMA, dZ_of(dZ_tilde))],
        "dgamma": [(SUMMED_OVER_UNITS, (dZ_tilde * Z_norm).sum(axis=0, keepdims=True)),
                   (SUMMED_OVER_UNITS, (dZ_tilde * Z_norm).sum(axis=0)),
                   (DGAMMA_WITHOUT_Z_NORM, dZ_tilde.sum(axis=1, keepdims=True))],
        "dbeta": [(SUMMED_OVER_UNITS, dZ_tilde.sum(axis=0, keepdims=True)), (SUMMED_OVER_UNITS, dZ_tilde.sum(axis=0))],
    }


def numerical_error(result, dZ_tilde, cache):
    """Relative error of the student's (dZ, dgamma, dbeta) against centered differences of
    ``sum(Z_tilde * dZ_tilde)``."""
    Z, _, _, _, gamma, eps = cache
    n_l, m = Z.shape
    beta = np.zeros((n_l, 1))
    bn_param = {"mode": "train", "eps": eps, "momentum": 0.9, "running_mean": np.zeros((n_l, 1)),
                "running_var": np.ones((n_l, 1))}

    def cost(theta):
        Z_, gamma_, beta_ = np.split(theta.ravel(), [n_l * m, n_l * m + n_l])
        Z_tilde, _ = reference.batchnorm_forward(Z_.reshape(n_l, m), gamma_.reshape(n_l, 1),
                                                 beta_.reshape(n_l, 1), bn_param)
        return float(np.sum(Z_tilde * dZ_tilde))

    theta = np.concatenate([Z.ravel(), gamma.ravel(), beta.ravel()]).reshape(-1, 1)
    grad = np.concatenate([np.ravel(part) for part in result]).reshape(-1, 1)
    return relative_error(grad, numerical_gradient(cost, theta))


@EXERCISES.check("batchnorm_backward")
def check_batchnorm_backward(student_function, rng):
    """Rubric: three arrays of the right shapes 1, dbeta 1, dgamma 1, dZ 3, agreement with
    numerical gradients (below 2e-7) 1."""
    rubric = Rubric(structure=1, dbeta=1, dgamma=1, dZ=3, numerical=1)
    shapes = [(3, 4), (int(rng.integers(1, 7)), int(rng.integers(2, 30))), (int(rng.integers(2, 8)), int(rng.integers(8, 40)))]
    for index, (n_l, m) in enumerate(shapes):
        dZ_tilde, cache = backward_case(rng, n_l, m)
        expected = reference.batchnorm_backward(dZ_tilde, cache)
        ran, result = run_student(rubric, rubric.weights, student_function, dZ_tilde.copy(),
                                  tuple(np.copy(part) if isinstance(part, np.ndarray) else part for part in cache))
        if not ran:
            break
        if not isinstance(result, tuple) or len(result) != 3:
            rubric.fail_all(f"batchnorm_backward should return (dZ, dgamma, dbeta), got {type_name(result)}")
            break
        candidates = backward_candidates(dZ_tilde, cache)
        usable = True
        for name, value, want in zip(("dZ", "dgamma", "dbeta"), result, expected):
            problem = array_problem(value, want.shape, name)
            if problem:
                mistake = matching_mistake(value, want, candidates[name])
                rubric.fail("structure", f"{problem}. {mistake}" if mistake else problem)
                rubric.fail(name, f"{problem}. {mistake}" if mistake else problem)
                usable = False
            elif not close(value, want):
                rubric.fail(name, named(value, want, candidates[name], name))
        if index == 0 and usable:
            error = numerical_error(result, dZ_tilde, cache)
            if not error < THRESHOLD:
                rubric.fail("numerical", f"the gradient check of batchnorm_backward gives {error:.3g}, "
                                         f"not below {THRESHOLD:g}")
        elif index == 0:
            rubric.fail("numerical", "the gradients could not be compared with numerical ones (see their shapes)")
    nothing_right(rubric, ("dbeta", "dgamma", "dZ"), "batchnorm_backward")
    return rubric


# --------------------------------------------------------------------------- sample_log_uniform

def log_uniform_candidates(low, high, size, seed):
    def draw(a, b):
        return np.random.default_rng(seed).uniform(a, b, size)

    return [(LINEAR_SCALE, draw(low, high)), (BASES_MIXED, 10 ** draw(np.log(low), np.log(high))),
            (BASES_MIXED, np.exp(draw(np.log10(low), np.log10(high)))), (BOUNDS_AS_EXPONENTS, 10 ** draw(low, high))]


@EXERCISES.check("sample_log_uniform")
def check_sample_log_uniform(student_function, rng):
    """Rubric: an array of ``size`` values 1, the values the one draw gives 3, spread on a log scale
    (within [low, high], about half below their geometric mean) 1."""
    rubric = Rubric(structure=1, values=3, log_scale=1)
    cases = [(1e-4, 1.0, 5), (float(10 ** rng.uniform(-6, -3)), float(10 ** rng.uniform(-1, 1)), int(rng.integers(3, 20))),
             (float(rng.uniform(0.001, 0.01)), float(rng.uniform(0.05, 0.1)), int(rng.integers(50, 200)))]
    for low, high, size in rubric.cases(cases):
        seed = int(rng.integers(0, 2**31))
        ran, result = run_student(rubric, rubric.weights, student_function, low, high, size, np.random.default_rng(seed))
        if not ran:
            continue
        expected = reference.sample_log_uniform(low, high, size, np.random.default_rng(seed))
        call = f"sample_log_uniform({low:.3g}, {high:.3g}, {size}, np.random.default_rng({seed}))"
        problem = array_problem(result, (size,), call)
        if problem:
            rubric.fail("structure", problem)
            rubric.fail("values", problem)
            continue
        if not close(result, expected):
            rubric.fail("values", named(result, expected, log_uniform_candidates(low, high, size, seed), call))
        if not np.all((result >= low * (1 - 1e-9)) & (result <= high * (1 + 1e-9))):
            rubric.fail("log_scale", f"{call} returned values outside [low, high]")
        elif size >= 50 and not 0.3 < np.mean(result < np.sqrt(low * high)) < 0.7:
            rubric.fail("log_scale", f"{np.mean(result < np.sqrt(low * high)):.0%} of the {size} values of {call} lie "
                                     "below the geometric mean of low and high; on a log scale about half do")
        if size > 1 and np.ptp(result) == 0:
            rubric.fail_all(f"{call} returned {size} equal values: it should draw them")
    return rubric


# --------------------------------------------------------------------------- random_search

def toy_cost_source(rng):
    """A made-up cost of (learning_rate, beta), lowest at a random point, as source text."""
    lr_log, beta_log = float(rng.uniform(-3, -1)), float(rng.uniform(-2.5, -1.5))
    return f"lambda learning_rate, beta: float((np.log10(learning_rate) - ({lr_log})) ** 2 + (np.log10(1 - beta) - ({beta_log})) ** 2)"


def search_candidates(n_trials, lr_range, beta_range, seed):
    """``{"learning_rate": [...], "beta": [...]}``: ``(mistake, values it gives)``."""
    def generator():
        return np.random.default_rng(seed)

    log_lr = np.log10(lr_range)
    one_minus = np.log10([1 - beta_range[1], 1 - beta_range[0]])
    g = generator()
    linear_lr = g.uniform(lr_range[0], lr_range[1], n_trials)
    g = generator()
    g.uniform(size=n_trials)
    beta_itself = 10 ** g.uniform(np.log10(beta_range[0]), np.log10(beta_range[1]), n_trials)
    g = generator()
    g.uniform(size=n_trials)
    beta_linear = g.uniform(beta_range[0], beta_range[1], n_trials)
    g = generator()
    pairs = [(10 ** g.uniform(*log_lr), 1 - 10 ** g.uniform(*one_minus)) for _ in range(n_trials)]
    return {"learning_rate": [(LR_LINEAR, linear_lr), (DRAWS_INTERLEAVED, [p[0] for p in pairs])],
            "beta": [(BETA_ITSELF_LOG, beta_itself), (BETA_LINEAR, beta_linear), (DRAWS_INTERLEAVED, [p[1] for p in pairs])]}


def trials_problem(result, n_trials):
    if not isinstance(result, tuple) or len(result) != 2:
        return f"random_search should return (best, trials), got {type_name(result)}"
    best, trials = result
    if not isinstance(trials, list) or len(trials) != n_trials:
        return f"trials should be a list of the {n_trials} trials, got {type_name(trials)}"
    for trial in [best, *trials]:
        if not isinstance(trial, dict) or not {"learning_rate", "beta", "cost"} <= set(trial):
            return f'each trial (and best) should be a dict with "learning_rate", "beta" and "cost", got {type_name(trial)}'
        if any(as_number(trial[key]) is None for key in ("learning_rate", "beta", "cost")):
            return "each trial's learning_rate, beta and cost should be numbers"
    return None


@EXERCISES.check("random_search")
def check_random_search(student_function, rng):
    """Rubric: (best, trials) of the right form 1, the learning rates 2, the betas 2, each trial's cost
    that of its pair 1, best the lowest 1."""
    rubric = Rubric(structure=1, learning_rates=2, betas=2, costs=1, best=1)
    function = with_helpers(student_function, {"sample_log_uniform": LOG_UNIFORM_HELPER})
    wrong_best = []  # (context, its cost, the lowest, the highest) of each case whose best is not the lowest
    cases = [(4, (1e-4, 1.0), (0.9, 0.999)), (int(rng.integers(5, 12)), (1e-5, 10.0), (0.8, 0.9999)),
             (int(rng.integers(3, 8)), (float(rng.uniform(1e-3, 1e-2)), 0.5), (0.9, 0.99))]
    for n_trials, lr_range, beta_range in rubric.cases(cases):
        seed, source = int(rng.integers(0, 2**31)), toy_cost_source(rng)
        cost = Source(source)
        ran, result = run_student(rubric, rubric.weights, function, Source(source), n_trials, lr_range, beta_range,
                                  np.random.default_rng(seed))
        if not ran:
            continue
        problem = trials_problem(result, n_trials)
        if problem:
            rubric.fail_all(problem)
            break
        best, trials = result
        _, expected = reference.random_search(cost, n_trials, lr_range, beta_range, np.random.default_rng(seed))
        candidates = search_candidates(n_trials, lr_range, beta_range, seed)
        context = f"random_search with n_trials={n_trials}, lr_range={lr_range}, beta_range={beta_range}"
        for key, criterion in (("learning_rate", "learning_rates"), ("beta", "betas")):
            values = [as_number(trial[key]) for trial in trials]
            if not close(values, [trial[key] for trial in expected]):
                rubric.fail(criterion, named(values, [trial[key] for trial in expected], candidates[key],
                                             f"trials{{}}[{key!r}]", context))
        if not all(np.isclose(as_number(t["cost"]), cost(as_number(t["learning_rate"]), as_number(t["beta"])), rtol=1e-9)
                   for t in trials):
            rubric.fail("costs", "a trial's cost is not what train_and_score(learning_rate, beta) gave for its pair")
        costs = [as_number(trial["cost"]) for trial in trials]
        if as_number(best["cost"]) != min(costs):
            wrong_best.append((context, as_number(best["cost"]), min(costs), max(costs)))
    if wrong_best and all(chosen == highest for _, chosen, _, highest in wrong_best):
        rubric.fail("best", f"random_search's best has the highest cost of its trials in each of the {len(wrong_best)} "
                            f"cases. {BEST_IS_HIGHEST}")  # in every case: not a coincidence
    elif wrong_best:
        context, chosen, lowest, _ = wrong_best[0]
        rubric.fail("best", f"random_search's best has cost {chosen:.4g}, not the lowest of its trials, {lowest:.4g} "
                            f"({context}): best is the trial of lowest cost")
    nothing_right(rubric, ("learning_rates", "betas", "costs"), "random_search")
    return rubric


# --------------------------------------------------------------------------- narrow_ranges

def random_trials(rng, n):
    return [{"learning_rate": float(10 ** rng.uniform(-4, 1)), "beta": float(1 - 10 ** rng.uniform(-3, -1)),
             "cost": float(rng.uniform(0.05, 0.7))} for _ in range(n)]


def spans(trials):
    rates = [trial["learning_rate"] for trial in trials]
    betas = [trial["beta"] for trial in trials]
    return [min(rates), max(rates)], [min(betas), max(betas)]


@EXERCISES.check("narrow_ranges")
def check_narrow_ranges(student_function, rng):
    """Rubric: two (low, high) pairs 1, the learning-rate range 2, the beta range 2."""
    rubric = Rubric(structure=1, lr_range=2, beta_range=2)
    results = []
    for n, n_best in ((8, 3), (int(rng.integers(10, 20)), int(rng.integers(2, 6))), (int(rng.integers(5, 9)), 2)):
        trials = random_trials(rng, n)
        ran, result = run_student(rubric, rubric.weights, student_function, [dict(t) for t in trials], n_best)
        if not ran:
            break
        if not (isinstance(result, (tuple, list)) and len(result) == 2
                and all(isinstance(r, (tuple, list, np.ndarray)) and np.size(r) == 2 for r in result)):
            rubric.fail_all(f"narrow_ranges should return (lr_range, beta_range), two (low, high) pairs, got {type_name(result)}")
            break
        values = [[as_number(value) for value in np.ravel(pair)] for pair in result]
        if None in values[0] + values[1]:
            rubric.fail_all("narrow_ranges should return (lr_range, beta_range), two (low, high) pairs of numbers")
            break
        expected = reference.narrow_ranges(trials, n_best)
        results.append(values[0] + values[1])
        by_cost = sorted(trials, key=lambda trial: trial["cost"])
        candidates = list(zip((KEEPS_WORST, KEEPS_FIRST, DOES_NOT_NARROW),
                              (spans(by_cost[-n_best:]), spans(trials[:n_best]), spans(trials))))
        for index, criterion in enumerate(("lr_range", "beta_range")):
            actual = values[index]
            if not close(actual, expected[index]):
                rubric.fail(criterion, named(actual, expected[index], [(label, value[index]) for label, value in candidates],
                                             criterion, f"the {n_best} best of {n} trials"))
    if len(results) > 2 and all(result == results[0] for result in results):
        rubric.fail_all("narrow_ranges returned the same ranges whatever the trials: it should compute them")
    return rubric


# ----------------------------------------------------------------------------------------------
# The kinds of hidden cases, each with the public check that shows one (tests/test_case_kinds.py)

CASE_KINDS = {
    "batchnorm_forward": (
        CaseKind("train mode", "Z_tilde in train mode", lambda a: a["bn_param"]["mode"] == "train"),
        CaseKind("test mode", "Z_tilde in test mode (the running averages)", lambda a: a["bn_param"]["mode"] == "test"),
    ),
    "batchnorm_backward": (
        CaseKind("the cache of a train-mode forward pass", "dZ", lambda a: len(a["cache"]) == 6),
    ),
    "sample_log_uniform": (
        CaseKind("a few values (size below 100)", "sample_log_uniform(1e-4, 1.0, 5, np.random.default_rng(0))",
                 lambda a: 0 < a["low"] < a["high"] and a["size"] < 100),
        CaseKind("many values (size 100 or more)", "the share below 1e-2",
                 lambda a: 0 < a["low"] < a["high"] and a["size"] >= 100),
    ),
    "random_search": (
        CaseKind("n_trials trials over a learning-rate range and a beta range", "the trials' learning rates",
                 lambda a: a["n_trials"] >= 1 and a["lr_range"][0] < a["lr_range"][1]),
    ),
    "narrow_ranges": (
        CaseKind("n_best below the number of trials", "lr_range of the 3 best trials",
                 lambda a: a["n_best"] < len(a["trials"])),
    ),
}


# The arguments each graded function must leave as they were (the rubric's "inputs" criterion, judged by
# autograder.engine.checks.evaluate with the sentence ARGUMENTS_CHANGED).
KEPT_ARGUMENTS = {  # bn_param's running averages are batchnorm_forward's to update, in train mode
    "batchnorm_forward": kept_arguments(reference.batchnorm_forward, "Z", "gamma", "beta"),
    "batchnorm_backward": kept_arguments(reference.batchnorm_backward, "dZ_tilde", "cache"),
    "narrow_ranges": kept_arguments(reference.narrow_ranges, "trials"),
}

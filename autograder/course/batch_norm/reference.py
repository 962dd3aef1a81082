"""Batch normalization and hyperparameter search.

``batchnorm_forward(Z, gamma, beta, bn_param)`` normalizes ``Z`` ``(n_l, m)`` over the examples
(axis 1) and returns ``(Z_tilde, cache)``: ``Z_tilde = gamma * Z_norm + beta`` with ``gamma``, ``beta``
``(n_l, 1)``. ``bn_param`` holds ``mode`` ("train" or "test"), ``eps``, ``momentum``,
``running_mean`` and ``running_var`` ``(n_l, 1)``. In train mode the batch's mean and (biased, 1/m)
variance are used and the running averages are updated in place,
``running = momentum * running + (1 - momentum) * batch``; in test mode the running averages are
used and nothing changes. ``cache = (Z, Z_norm, mu, var, gamma, eps)``, with the statistics used.
``batchnorm_backward(dZ_tilde, cache)`` returns ``(dZ, dgamma, dbeta)`` of a train-mode forward pass.
``sample_log_uniform(low, high, size, rng)`` is ``10 ** rng.uniform(log10(low), log10(high), size)``.
``random_search(train_and_score, n_trials, lr_range, beta_range, rng)`` draws ``n_trials`` learning
rates on a log scale, then ``n_trials`` values of ``1 - beta`` on a log scale, trains once per pair
and returns ``(best, trials)``: dicts ``{"learning_rate", "beta", "cost"}``, best the lowest cost.
``narrow_ranges(trials, n_best)`` returns the ranges ``(lr_range, beta_range)`` spanned by the
``n_best`` trials of lowest cost.
"""
import numpy as np


def batchnorm_forward(Z, gamma, beta, bn_param):
    eps, momentum = bn_param["eps"], bn_param["momentum"]
    if bn_param["mode"] == "train":
        mu = np.mean(Z, axis=1, keepdims=True)
        var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)
        bn_param["running_mean"] = momentum * bn_param["running_mean"] + (1 - momentum) * mu
        bn_param["running_var"] = momentum * bn_param["running_var"] + (1 - momentum) * var
    else:
        mu, var = bn_param["running_mean"], bn_param["running_var"]
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, eps)
    return Z_tilde, cache


def batchnorm_backward(dZ_tilde, cache):
    Z, Z_norm, mu, var, gamma, eps = cache
    m = Z.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_norm = dZ_tilde * gamma
    dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
          - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)) / (m * np.sqrt(var + eps))
    return dZ, dgamma, dbeta


def sample_log_uniform(low, high, size, rng):
    exponents = rng.uniform(np.log10(low), np.log10(high), size)
    return 10 ** exponents


def random_search(train_and_score, n_trials, lr_range, beta_range, rng):
    learning_rates = sample_log_uniform(lr_range[0], lr_range[1], n_trials, rng)
    betas = 1 - sample_log_uniform(1 - beta_range[1], 1 - beta_range[0], n_trials, rng)
    trials = []
    for learning_rate, beta in zip(learning_rates, betas):
        cost = train_and_score(float(learning_rate), float(beta))
        trials.append({"learning_rate": float(learning_rate), "beta": float(beta), "cost": float(cost)})
    best = min(trials, key=lambda trial: trial["cost"])
    return best, trials


def narrow_ranges(trials, n_best):
    best_trials = sorted(trials, key=lambda trial: trial["cost"])[:n_best]
    learning_rates = [trial["learning_rate"] for trial in best_trials]
    betas = [trial["beta"] for trial in best_trials]
    return (min(learning_rates), max(learning_rates)), (min(betas), max(betas))

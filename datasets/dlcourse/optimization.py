"""Mini-batch training with a choice of update rules, for the Optimization notebook.

Every update rule follows one contract (after CS231n's ``optim.py``, where each rule is
``update(w, dw, config) -> (next_w, config)``):

    rule.init(parameters) -> state
    rule.step(parameters, grads, state, hyper) -> (parameters, state)

``state`` is everything the rule remembers between steps, in one dict: ``{}`` for gradient descent,
``{"v"}`` for momentum, ``{"s"}`` for RMSprop, ``{"v", "s", "t"}`` for Adam (``t`` counts the steps
taken, so the first step sees ``t = 1``). ``hyper`` holds the hyperparameters ``learning_rate``,
``beta``, ``beta1``, ``beta2`` and ``epsilon``; each rule reads the ones it needs.

The rules only adapt the notebook's graded functions to that contract: the maths of each rule is
written once, by the student. ``update_rules(namespace)`` finds those functions by their names, so
the same code trains with a notebook's functions (``update_rules(globals())``) or any module that
defines them.
"""
from dataclasses import dataclass
from typing import Callable

from dlcourse.three_layer_net import backward_propagation, compute_cost, forward_propagation

FIRST_SEED = 10  # the shuffle seed grows by one before each epoch: epoch 0 uses 11
RECORD_EVERY = 100  # epochs between two recorded costs (printed every 1000 epochs)


@dataclass(frozen=True)
class UpdateRule:
    """An update rule under the common contract (see the module docstring)."""

    name: str
    init: Callable
    step: Callable


def gd_rule(update_parameters_with_gd):
    def step(parameters, grads, state, hyper):
        return update_parameters_with_gd(parameters, grads, hyper["learning_rate"]), state

    return UpdateRule("gd", lambda parameters: {}, step)


def momentum_rule(initialize_velocity, update_parameters_with_momentum):
    def step(parameters, grads, state, hyper):
        parameters, v = update_parameters_with_momentum(parameters, grads, state["v"], hyper["beta"],
                                                        hyper["learning_rate"])
        return parameters, {"v": v}

    return UpdateRule("momentum", lambda parameters: {"v": initialize_velocity(parameters)}, step)


def rmsprop_rule(initialize_rmsprop, update_parameters_with_rmsprop):
    def step(parameters, grads, state, hyper):
        parameters, s = update_parameters_with_rmsprop(parameters, grads, state["s"], hyper["beta2"],
                                                       hyper["learning_rate"], hyper["epsilon"])
        return parameters, {"s": s}

    return UpdateRule("rmsprop", lambda parameters: {"s": initialize_rmsprop(parameters)}, step)


def adam_rule(initialize_adam, update_parameters_with_adam):
    def init(parameters):
        v, s = initialize_adam(parameters)
        return {"v": v, "s": s, "t": 0}

    def step(parameters, grads, state, hyper):
        t = state["t"] + 1
        parameters, v, s, _, _ = update_parameters_with_adam(
            parameters, grads, state["v"], state["s"], t, hyper["learning_rate"], hyper["beta1"],
            hyper["beta2"], hyper["epsilon"])
        return parameters, {"v": v, "s": s, "t": t}

    return UpdateRule("adam", init, step)


def update_rules(namespace):
    """``{"gd", "momentum", "rmsprop", "adam"}`` -> ``UpdateRule``, built from the functions named in
    the notebook (``update_parameters_with_gd``, ``initialize_velocity``, ...) found in ``namespace``.
    """
    return {
        "gd": gd_rule(namespace["update_parameters_with_gd"]),
        "momentum": momentum_rule(namespace["initialize_velocity"], namespace["update_parameters_with_momentum"]),
        "rmsprop": rmsprop_rule(namespace["initialize_rmsprop"], namespace["update_parameters_with_rmsprop"]),
        "adam": adam_rule(namespace["initialize_adam"], namespace["update_parameters_with_adam"]),
    }


def train_mini_batches(X, Y, parameters, rule, random_mini_batches, hyper, mini_batch_size=64,
                       num_epochs=5000, decay=None, decay_rate=1, print_cost=True):
    """Mini-batch training of the three-layer network with one update rule.

    Before epoch ``i`` (from 0) the data is reshuffled with seed ``FIRST_SEED + 1 + i``. After each
    epoch, ``decay(learning_rate0, i, decay_rate)`` (when given) sets the rate of the next one.

    Inputs:
        X: (n_x, m); Y: (1, m); parameters: initial dict; rule: an ``UpdateRule``;
        random_mini_batches: ``(X, Y, mini_batch_size, seed) -> [(X_k, Y_k), ...]``;
        hyper: dict with ``learning_rate`` and the hyperparameters the rule reads
    Returns:
        parameters: trained dict
        history: dict with ``"cost"`` (epoch mean of the cost: the sum of the per-example losses over
        the epoch divided by ``m``) and ``"learning_rate"``, both recorded every ``RECORD_EVERY``
        epochs. The cost is computed only in the epochs it is recorded: it is a fifth of the work
        of a step and training does not need it.
    """
    m = X.shape[1]
    learning_rate0 = hyper["learning_rate"]
    state = rule.init(parameters)
    seed = FIRST_SEED
    history = {"cost": [], "learning_rate": []}
    for epoch in range(num_epochs):
        seed = seed + 1
        record = epoch % RECORD_EVERY == 0
        cost_total = 0.0
        for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            A3, cache = forward_propagation(mini_batch_X, parameters)
            if record:
                cost_total += compute_cost(A3, mini_batch_Y) * mini_batch_Y.shape[1]
            grads = backward_propagation(mini_batch_X, mini_batch_Y, cache)
            parameters, state = rule.step(parameters, grads, state, hyper)
        cost_avg = cost_total / m
        if decay is not None:
            hyper = {**hyper, "learning_rate": decay(learning_rate0, epoch, decay_rate)}
        if record:
            history["cost"].append(cost_avg)
            history["learning_rate"].append(hyper["learning_rate"])
        if print_cost and epoch % (10 * RECORD_EVERY) == 0:
            message = f"Cost after epoch {epoch}: {cost_avg:f}"
            if decay is not None:
                message += f", learning rate now {hyper['learning_rate']:g}"
            print(message)
    return parameters, history

"""How fast is the Optimization notebook's training loop?

    python benchmarks/optimization_training.py [--epochs 200]

Times, in one process and in CPU seconds (``time.process_time``, so other programs on a shared
machine disturb the numbers less than wall time would):

- the vectorized loop the notebook runs (``dlcourse.optimization.train_mini_batches``: each
  mini-batch goes through forward and backward propagation as one matrix);
- a plain per-example loop as the baseline: the same mini-batches, seeds and update rules, but
  forward and backward propagation run one example (one column) at a time and the gradients are
  averaged in Python, as a first implementation without vectorization would.

Both use the reference solutions. The script checks that both loops end with the same parameters,
prints the time per epoch of each and their ratio for every update rule, and estimates the training
time of the notebook (its eight runs of 5000 epochs).
"""
import argparse
import time

import numpy as np

from autograder.course.optimization import reference
from dlcourse.data import load_moons
from dlcourse.optimization import FIRST_SEED, train_mini_batches, update_rules
from dlcourse.three_layer_net import backward_propagation, forward_propagation, initialize_parameters

LAYERS_DIMS = [2, 5, 2, 1]
HYPER = {"beta": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
# The notebook's runs: (rule, learning rate, decay); decay changes nothing in the cost of a step.
NOTEBOOK_RUNS = [("gd", 0.0007), ("momentum", 0.0007), ("rmsprop", 0.0007), ("adam", 0.0007),
                 ("gd", 0.1), ("gd", 0.1), ("momentum", 0.1), ("adam", 0.01)]
NOTEBOOK_EPOCHS = 5000


def he_parameters():
    return initialize_parameters(LAYERS_DIMS, lambda n_prev: np.sqrt(2 / n_prev), seed=3)


def per_example_loop(X, Y, parameters, rule, hyper, num_epochs, mini_batch_size=64):
    """The baseline: same schedule as ``train_mini_batches``, one example at a time inside a batch."""
    state = rule.init(parameters)
    seed = FIRST_SEED
    for _ in range(num_epochs):
        seed += 1
        for mini_batch_X, mini_batch_Y in reference.random_mini_batches(X, Y, mini_batch_size, seed):
            k = mini_batch_X.shape[1]
            grads = {"d" + key: np.zeros_like(value) for key, value in parameters.items()}
            for i in range(k):
                x, y = mini_batch_X[:, i:i + 1], mini_batch_Y[:, i:i + 1]
                _, cache = forward_propagation(x, parameters)
                example_grads = backward_propagation(x, y, cache)
                for key in grads:
                    grads[key] += example_grads[key] / k
            parameters, state = rule.step(parameters, grads, state, hyper)
    return parameters


def vectorized_loop(X, Y, parameters, rule, hyper, num_epochs):
    parameters, _ = train_mini_batches(X, Y, parameters, rule, reference.random_mini_batches, hyper,
                                       num_epochs=num_epochs, print_cost=False)
    return parameters


def cpu_seconds(function, *args):
    start = time.process_time()
    result = function(*args)
    return time.process_time() - start, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200, help="epochs timed per loop and rule")
    args = parser.parse_args(argv)
    X, Y = load_moons()
    rules = update_rules(vars(reference))
    per_epoch = {}
    print(f"{'rule':<10}{'per-example loop':>20}{'vectorized loop':>20}{'ratio':>10}")
    for name, rule in rules.items():
        hyper = {**HYPER, "learning_rate": 0.01}
        base_time, base_parameters = cpu_seconds(per_example_loop, X, Y, he_parameters(), rule, hyper, args.epochs)
        fast_time, fast_parameters = cpu_seconds(vectorized_loop, X, Y, he_parameters(), rule, hyper, args.epochs)
        for key in fast_parameters:
            if not np.allclose(base_parameters[key], fast_parameters[key], rtol=1e-6, atol=1e-9):
                raise SystemExit(f"{name}: the two loops disagree on {key}")
        per_epoch[name] = fast_time / args.epochs
        print(f"{name:<10}{1e3 * base_time / args.epochs:>15.2f} ms/ep{1e3 * per_epoch[name]:>15.2f} ms/ep"
              f"{base_time / fast_time:>9.1f}x")
    estimate = sum(per_epoch[name] for name, _ in NOTEBOOK_RUNS) * NOTEBOOK_EPOCHS
    print(f"\nBoth loops end with the same parameters after {args.epochs} epochs.")
    print(f"Estimated CPU time of the notebook's {len(NOTEBOOK_RUNS)} training runs of {NOTEBOOK_EPOCHS} "
          f"epochs with the vectorized loop: {estimate:.1f} s")


if __name__ == "__main__":
    main()

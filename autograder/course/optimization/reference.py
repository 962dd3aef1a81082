"""Optimization: update rules, mini-batches and learning-rate decay.

``parameters`` is ``{"W1": (n_1, n_0), "b1": (n_1, 1), ..., "WL", "bL"}``; ``grads`` and the
optimizer states ``v`` and ``s`` are keyed ``"dW1", "db1", ...`` with the shapes of the parameters.
The update functions assign new arrays into the dicts they receive and return them.
"""
import numpy as np


def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = np.random.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    mini_batches = []
    num_complete_mini_batches = m // mini_batch_size
    for k in range(num_complete_mini_batches):
        columns = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
        mini_batches.append((shuffled_X[:, columns], shuffled_Y[:, columns]))
    if m % mini_batch_size != 0:
        columns = slice(num_complete_mini_batches * mini_batch_size, m)
        mini_batches.append((shuffled_X[:, columns], shuffled_Y[:, columns]))
    return mini_batches


def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            v["d" + name] = beta * v["d" + name] + (1 - beta) * grads["d" + name]
            parameters[name] = parameters[name] - learning_rate * v["d" + name]
    return parameters, v


def initialize_rmsprop(parameters):
    L = len(parameters) // 2
    s = {}
    for l in range(1, L + 1):
        s["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        s["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return s


def update_parameters_with_rmsprop(parameters, grads, s, beta2, learning_rate, epsilon=1e-8):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            s["d" + name] = beta2 * s["d" + name] + (1 - beta2) * np.square(grads["d" + name])
            parameters[name] = parameters[name] - learning_rate * grads["d" + name] / (np.sqrt(s["d" + name]) + epsilon)
    return parameters, s


def initialize_adam(parameters):
    L = len(parameters) // 2
    v, s = {}, {}
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            v["d" + name] = np.zeros(parameters[name].shape)
            s["d" + name] = np.zeros(parameters[name].shape)
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    v_corrected, s_corrected = {}, {}
    for l in range(1, L + 1):
        for name in ("W" + str(l), "b" + str(l)):
            d = "d" + name
            v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
            v_corrected[d] = v[d] / (1 - beta1 ** t)
            s[d] = beta2 * s[d] + (1 - beta2) * np.square(grads[d])
            s_corrected[d] = s[d] / (1 - beta2 ** t)
            parameters[name] = parameters[name] - learning_rate * v_corrected[d] / (np.sqrt(s_corrected[d]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


def update_lr(learning_rate0, epoch_num, decay_rate):
    learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)
    return learning_rate


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    learning_rate = learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))
    return learning_rate

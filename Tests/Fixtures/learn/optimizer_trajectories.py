"""Reference optimizer trajectories for LearnTests, from the lecture's formulas.

Independent of the Swift code: each rule is written here straight from the lecture
(Week 2: Optimization and Frameworks) and, for AdaBound, from the authors' reference
implementation of Luo et al., ICLR 2019. Everything runs in float64.

Run:  python3 Tests/Fixtures/learn/optimizer_trajectories.py
Writes optimizer_trajectories.json next to this file: for each problem and optimizer,
the 101 points theta_0..theta_100 (and for NAG also the look-ahead points
theta_t - gamma v_t, where the gradient is evaluated).
"""
import json
import os

import numpy as np


def quadratic(p):
    x, y = p
    return x * x + 10.0 * y * y


def quadratic_grad(p):
    x, y = p
    return np.array([2.0 * x, 20.0 * y])


def rosenbrock(p):
    x, y = p
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def rosenbrock_grad(p):
    x, y = p
    return np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])


def sgd(grad, theta, steps, lr):
    path = [theta.copy()]
    for _ in range(steps):
        theta = theta - lr * grad(theta)  # theta <- theta - eta grad
        path.append(theta.copy())
    return {"theta": path}


def momentum(grad, theta, steps, lr, gamma):
    v = np.zeros_like(theta)
    path = [theta.copy()]
    for _ in range(steps):
        v = gamma * v + lr * grad(theta)  # v <- gamma v + eta grad L(theta)
        theta = theta - v
        path.append(theta.copy())
    return {"theta": path}


def nag(grad, theta, steps, lr, gamma):
    """The lecture's look-ahead form: the gradient at theta - gamma v."""
    v = np.zeros_like(theta)
    path = [theta.copy()]
    lookahead = [theta - gamma * v]
    for _ in range(steps):
        v = gamma * v + lr * grad(theta - gamma * v)
        theta = theta - v
        path.append(theta.copy())
        lookahead.append(theta - gamma * v)
    return {"theta": path, "lookahead": lookahead}


def adagrad(grad, theta, steps, lr, eps):
    g = np.zeros_like(theta)
    path = [theta.copy()]
    for _ in range(steps):
        d = grad(theta)
        g = g + d * d
        theta = theta - lr / (np.sqrt(g) + eps) * d
        path.append(theta.copy())
    return {"theta": path}


def rmsprop(grad, theta, steps, lr, gamma, eps):
    g = np.zeros_like(theta)
    path = [theta.copy()]
    for _ in range(steps):
        d = grad(theta)
        g = gamma * g + (1.0 - gamma) * d * d
        theta = theta - lr / (np.sqrt(g) + eps) * d
        path.append(theta.copy())
    return {"theta": path}


def adam(grad, theta, steps, lr, beta1, beta2, eps):
    m = np.zeros_like(theta)
    g = np.zeros_like(theta)
    path = [theta.copy()]
    for t in range(steps):
        d = grad(theta)
        m = beta1 * m + (1.0 - beta1) * d
        g = beta2 * g + (1.0 - beta2) * d * d
        m_hat = m / (1.0 - beta1 ** (t + 1))
        g_hat = g / (1.0 - beta2 ** (t + 1))
        theta = theta - lr / (np.sqrt(g_hat) + eps) * m_hat
        path.append(theta.copy())
    return {"theta": path}


def adabound(grad, theta, steps, lr, final_lr, gamma, beta1=0.9, beta2=0.999, eps=1e-8):
    """As in the authors' reference code (Luogen/AdaBound): Adam's step size, clipped."""
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    path = [theta.copy()]
    for t in range(1, steps + 1):
        d = grad(theta)
        m = beta1 * m + (1.0 - beta1) * d
        v = beta2 * v + (1.0 - beta2) * d * d
        step_size = lr * np.sqrt(1.0 - beta2 ** t) / (1.0 - beta1 ** t)
        lower = final_lr * (1.0 - 1.0 / (gamma * t + 1.0))
        upper = final_lr * (1.0 + 1.0 / (gamma * t))
        rate = np.clip(step_size / (np.sqrt(v) + eps), lower, upper)
        theta = theta - rate * m
        path.append(theta.copy())
    return {"theta": path}


def runs(grad, start, settings):
    out = {}
    for name, (fn, kwargs) in settings.items():
        result = fn(grad, np.array(start, dtype=np.float64), 100, **kwargs)
        out[name] = {"settings": kwargs,
                     **{k: [list(map(float, p)) for p in v] for k, v in result.items()}}
    return out


QUADRATIC = {
    "sgd": (sgd, {"lr": 0.05}),
    "momentum": (momentum, {"lr": 0.02, "gamma": 0.9}),
    "nag": (nag, {"lr": 0.02, "gamma": 0.9}),
    "adagrad": (adagrad, {"lr": 0.5, "eps": 1e-8}),
    "rmsprop": (rmsprop, {"lr": 0.05, "gamma": 0.9, "eps": 1e-8}),
    "adam": (adam, {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    "adabound": (adabound, {"lr": 0.1, "final_lr": 0.05, "gamma": 0.1}),
}

ROSENBROCK = {
    "sgd": (sgd, {"lr": 1e-3}),
    "momentum": (momentum, {"lr": 2e-4, "gamma": 0.9}),
    "nag": (nag, {"lr": 2e-4, "gamma": 0.9}),
    "adagrad": (adagrad, {"lr": 0.1, "eps": 1e-8}),
    "rmsprop": (rmsprop, {"lr": 0.01, "gamma": 0.9, "eps": 1e-8}),
    "adam": (adam, {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    "adabound": (adabound, {"lr": 0.05, "final_lr": 0.1, "gamma": 1e-3}),
}

if __name__ == "__main__":
    fixture = {
        "quadratic": {"function": "x^2 + 10 y^2", "start": [1.5, -1.0],
                      "runs": runs(quadratic_grad, [1.5, -1.0], QUADRATIC)},
        "rosenbrock": {"function": "(1 - x)^2 + 100 (y - x^2)^2", "start": [-1.5, 2.0],
                       "runs": runs(rosenbrock_grad, [-1.5, 2.0], ROSENBROCK)},
    }
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "optimizer_trajectories.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")

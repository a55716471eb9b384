#!/usr/bin/env python3
"""PyTorch's values for the Chapter4 exercises (exercises/, issue 25).

Every exercise in exercises/exercises.json has cases here: the course's own numbers first, then other
knobs, then a table of seeded cases (the checker draws some of them at check time, so a hard-coded
answer fails). Each case holds its inputs and what real PyTorch computes for them; the C# checker
(exercises/Checker) runs the learner's function on the inputs and compares.

    python3 tools/exercises/reference.py            # rewrite reference/exercises/cases.json
    python3 tools/exercises/reference.py --check    # regenerate in memory, fail on any difference

Deterministic: fixed seeds, one thread, float32 values written as their shortest round-trip decimal,
float64 values as Python's repr (also round-trip), keys in a fixed order.
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn
from torch import optim

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "parity"))

from common import f32, to_json  # noqa: E402
from twins_model import ModelDemo  # noqa: E402

LIST = os.path.join(ROOT, "exercises", "exercises.json")
OUT = os.path.join(ROOT, "reference", "exercises", "cases.json")

# The seeded table of every exercise: the checker draws from it at check time.
SEEDS = [1, 2, 3, 7, 42, 2024]


def f64(t):
    return [float(v) for v in t.double().flatten().tolist()]


def case(name, inputs, expected, seed=None):
    c = {"name": name}
    if seed is not None:
        c["seed"] = seed
    c["inputs"] = inputs
    c["expected"] = expected
    return c


def seeded(make):
    """The table of seeded cases: make(seed) under torch.manual_seed(seed)."""
    cases = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        cases.append(make(seed))
    return cases


# 1.1 构建神经网络模型: the course's ModelDemo, its parameters and its forward on randn(batch, 3).
def model_demo(seed, batch, name):
    torch.manual_seed(seed)
    model = ModelDemo()
    x = torch.randn(batch, 3)
    with torch.no_grad():
        out = model(x)
    params = [{"name": n, "shape": list(p.shape), "values": to_json(p.flatten())} for n, p in model.named_parameters()]
    return case(name, {"seed": seed, "batch": batch},
                {"parameters": params, "input": to_json(x.flatten()), "output_shape": list(out.shape), "output": to_json(out.flatten())},
                seed=seed)


def model_demo_cases():
    course = [model_demo(0, 5, "the course's train(): seed 0, data = torch.randn(size=(5, 3))"),
              model_demo(0, 1, "one sample: seed 0, torch.randn(size=(1, 3))"),
              model_demo(5, 8, "seed 5, a batch of 8")]
    return course, [model_demo(s, 5, f"seed {s}, batch 5") for s in SEEDS]


# 1.2 计算和查看模型参数: the number of parameters of a stack of nn.Linear layers.
def parameter_count(sizes, bias, name, seed=None):
    layers = [nn.Linear(a, b, bias=bias) for a, b in zip(sizes, sizes[1:])]
    total = sum(p.numel() for layer in layers for p in layer.parameters())
    return case(name, {"sizes": sizes, "bias": bias}, {"count": total}, seed=seed)


def parameter_count_cases():
    course = [parameter_count([3, 3, 2, 2], True, "the course's ModelDemo: Linear(3,3), Linear(3,2), Linear(2,2)"),
              parameter_count([3, 3, 2, 2], False, "ModelDemo without biases (bias=False)"),
              parameter_count([784, 512, 256, 10], True, "an MNIST MLP 784-512-256-10"),
              parameter_count([1, 1], True, "one Linear(1, 1)")]

    def make(seed):
        depth = int(torch.randint(2, 6, ()).item())
        sizes = [int(v) for v in torch.randint(1, 300, (depth,)).tolist()]
        bias = bool(torch.randint(0, 2, ()).item())
        return parameter_count(sizes, bias, f"seed {seed}: sizes {sizes}, bias={bias}", seed=seed)
    return course, seeded(make)


# 2.2.1 多分类任务损失函数: per-sample CrossEntropyLoss from logits (reduction='none').
def cross_entropy(logits, target, name, seed=None):
    z = torch.tensor(logits, dtype=torch.float32)
    y = torch.tensor(target, dtype=torch.int64)
    loss = nn.CrossEntropyLoss(reduction="none")(z, y)
    return case(name, {"logits": logits, "target": target},
                {"losses": to_json(loss), "sum": f32(loss.sum().item())}, seed=seed)


def cross_entropy_cases():
    course = [cross_entropy([[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]], [1, 2], "the course's y_pred and y_true = [1, 2]"),
              cross_entropy([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0], [1.0, 1.0, 1.0]], [0, 1, 2], "three samples, logits of both signs"),
              cross_entropy([[1000.0, 0.0, -1000.0], [-1000.0, 0.0, 1000.0]], [0, 0], "huge logits: exp(1000) overflows float32"),
              cross_entropy([[-200.0, -201.0], [50.0, 50.0]], [1, 0], "very negative and equal logits")]

    def make(seed):
        n, c = int(torch.randint(1, 7, ()).item()), int(torch.randint(2, 6, ()).item())
        z = (torch.randn(n, c) * 4).tolist()
        y = torch.randint(0, c, (n,)).tolist()
        return cross_entropy([[f32(v) for v in row] for row in z], y, f"seed {seed}: {n} samples, {c} classes", seed=seed)
    return course, seeded(make)


# 2.2.2 二分类任务损失函数: BCELoss, mean over the samples.
def bce(p, y, name, seed=None):
    loss = nn.BCELoss()(torch.tensor(p, dtype=torch.float32), torch.tensor(y, dtype=torch.float32))
    return case(name, {"p": p, "y": y}, {"loss": f32(loss.item())}, seed=seed)


def bce_cases():
    course = [bce([0.6901, 0.5459, 0.2469], [0, 1, 0], "the course's y_pred and y_true"),
              bce([0.01, 0.99, 0.5, 0.2], [1, 1, 0, 0], "confident right and wrong predictions"),
              bce([0.0, 1.0, 0.3], [1, 1, 0], "p exactly 0 and 1: PyTorch clamps log(p) at −100")]

    def make(seed):
        n = int(torch.randint(1, 9, ()).item())
        p = torch.rand(n).clamp(0.001, 0.999).tolist()
        y = torch.randint(0, 2, (n,)).tolist()
        return bce([f32(v) for v in p], [int(v) for v in y], f"seed {seed}: {n} samples", seed=seed)
    return course, seeded(make)


# 2.3.3 Smooth L1损失函数: SmoothL1Loss with beta, mean over the samples.
def smooth_l1(pred, target, beta, name, seed=None):
    loss = nn.SmoothL1Loss(beta=beta)(torch.tensor(pred, dtype=torch.float32), torch.tensor(target, dtype=torch.float32))
    return case(name, {"pred": pred, "target": target, "beta": beta}, {"loss": f32(loss.item())}, seed=seed)


def smooth_l1_cases():
    pred, target = [1.3, 1.7, 2.0], [1.2, 1.5, 2.0]
    course = [smooth_l1(pred, target, 1.0, "the course's y_pred and y_true, beta=1.0 (the default)"),
              smooth_l1([0.0, 5.0, -2.0], [1.0, 1.0, 1.0], 1.0, "errors 1, 4, 3: all on the L1 side"),
              smooth_l1([0.0, 5.0, -2.0], [1.0, 1.0, 1.0], 0.5, "the same, beta=0.5"),
              smooth_l1(pred, target, 0.1, "the course's numbers, beta=0.1: 0.1 and 0.2 now on the L1 side"),
              smooth_l1([0.0, 0.5, 3.0], [0.0, 0.0, 0.0], 2.0, "beta=2.0, an error of exactly 0"),
              smooth_l1(pred, target, 0.0, "beta=0: PyTorch gives plain L1 (no division by beta)")]

    def make(seed):
        n = int(torch.randint(1, 9, ()).item())
        p, t = (torch.randn(n) * 2).tolist(), (torch.randn(n) * 2).tolist()
        beta = round(float(torch.rand(()).item()) * 3, 2)
        return smooth_l1([f32(v) for v in p], [f32(v) for v in t], beta, f"seed {seed}: {n} samples, beta={beta}", seed=seed)
    return course, seeded(make)


# 3.3.1 指数移动加权平均: S_t = (1−β)·Y_t + β·S_(t−1), S_0 = 0, optionally S_t / (1 − β^t); in float64.
def ewma(y, beta, corrected, name, seed=None):
    series = torch.tensor(y, dtype=torch.float64)
    s = torch.zeros((), dtype=torch.float64)
    out = []
    for t in range(1, len(y) + 1):
        s = (1 - beta) * series[t - 1] + beta * s
        out.append(s / (1 - beta ** t) if corrected else s)
    return case(name, {"y": y, "beta": beta, "bias_correction": corrected}, {"s": f64(torch.stack(out))}, seed=seed)


def temperatures(days, seed):
    """The ewma lesson's series: 15 + 10·sin(πd/days) + 3·randn, float32, seeded."""
    torch.manual_seed(seed)
    d = torch.arange(1, days + 1, dtype=torch.float32)
    return [float(v) for v in (15 + 10 * torch.sin(d * math.pi / days) + 3 * torch.randn(days)).double().tolist()]


def ewma_cases():
    y = temperatures(100, 0)
    course = [ewma(y, 0.9, False, "the ewma lesson's 100 days (seed 0), β=0.9 (the course's default)"),
              ewma(y, 0.9, True, "the same, with bias correction S_t / (1 − β^t)"),
              ewma(y, 0.98, True, "β=0.98 with bias correction"),
              ewma(y[:10], 0.5, False, "the first 10 days, β=0.5"),
              ewma(y[:5], 0.0, True, "β=0: S_t is Y_t")]

    def make(seed):
        days = int(torch.randint(5, 60, ()).item())
        beta = round(float(torch.rand(()).item()) * 0.99, 3)
        corrected = bool(torch.randint(0, 2, ()).item())
        return ewma(temperatures(days, seed), beta, corrected, f"seed {seed}: {days} days, β={beta}, bias correction {corrected}", seed=seed)
    return course, seeded(make)


# 3.2 反向传播算法: ∂E/∂w1..w8 of the backprop lesson's 2-2-2 sigmoid network, by autograd in float64.
def backprop(i, target, w, b1, b2, name, seed=None):
    x = torch.tensor(i, dtype=torch.float64)
    t = torch.tensor(target, dtype=torch.float64)
    weights = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    w_hidden, w_output = weights[:4].reshape(2, 2), weights[4:].reshape(2, 2)
    h = torch.sigmoid(torch.mv(w_hidden, x) + b1)
    o = torch.sigmoid(torch.mv(w_output, h) + b2)
    error = 0.5 * (t - o).pow(2).sum()
    error.backward()
    return case(name, {"i": i, "target": target, "w": w, "b1": b1, "b2": b2},
                {"grads": f64(weights.grad), "loss": float(error.item())}, seed=seed)


def backprop_cases():
    course = [backprop([0.05, 0.10], [0.01, 0.99], [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55], 0.35, 0.60,
                       "the backprop lesson's network: i = (0.05, 0.10), target = (0.01, 0.99), w1..w8 = 0.15..0.55"),
              backprop([1.0, -1.0], [1.0, 0.0], [0.5, -0.5, 0.3, 0.8, -1.0, 0.7, 0.2, -0.4], 0.0, 0.1,
                       "weights of both signs, b1 = 0")]

    def make(seed):
        i = [round(v, 4) for v in torch.rand(2).double().tolist()]
        target = [round(v, 4) for v in torch.rand(2).double().tolist()]
        w = [round(v, 4) for v in torch.randn(8).double().tolist()]
        b1, b2 = [round(v, 4) for v in torch.randn(2).double().tolist()]
        return backprop(i, target, w, b1, b2, f"seed {seed}: random inputs, targets, weights and biases", seed=seed)
    return course, seeded(make)


# 3.3.3–3.3.6: the course's optimizer snippet (loss = (w²/2).sum(), so grad = w), step by step.
def optimizer_run(make, state_keys, w0, steps, knobs, name, seed=None):
    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    optimizer = make([w], **knobs)
    records = []
    for _ in range(steps):
        loss = ((w ** 2) / 2.0).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        state = optimizer.state[w]
        record = {"grad": to_json(w.grad), "w": to_json(w.detach())}
        for key in state_keys:
            record[key] = to_json(state[key])
        records.append(record)
    return case(name, dict({"w0": w0, "steps": steps}, **knobs), {"steps": records}, seed=seed)


def seeded_start(n):
    return [f32(v) for v in torch.randn(n).tolist()]


def momentum_cases():
    make = lambda p, lr, momentum, dampening: optim.SGD(p, lr=lr, momentum=momentum, dampening=dampening)
    run = lambda w0, steps, lr, mu, d, name, seed=None: optimizer_run(
        make, ["momentum_buffer"], w0, steps, {"lr": lr, "momentum": mu, "dampening": d}, name, seed)
    course = [run([1.0], 2, 0.01, 0.9, 0.0, "the course's snippet: w = [1.0], SGD(lr=0.01, momentum=0.9), 2 steps"),
              run([1.0], 10, 0.01, 0.9, 0.0, "the same, 10 steps"),
              run([1.0], 5, 0.1, 0.5, 0.0, "momentum=0.5, lr=0.1, 5 steps"),
              run([1.0], 5, 0.01, 0.9, 0.9, "dampening=0.9: the course's S_t = (1−β)·g_t + β·S_(t−1), but PyTorch's first step copies g"),
              run([1.0, -2.0, 0.5], 20, 0.5, 0.99, 0.0, "three weights, momentum=0.99, lr=0.5, 20 steps")]

    def make_seeded(seed):
        w0 = seeded_start(int(torch.randint(1, 5, ()).item()))
        mu = round(float(torch.rand(()).item()) * 0.99, 3)
        d = 0.0 if seed % 2 else round(float(torch.rand(()).item()), 3)
        lr = round(float(torch.rand(()).item()) * 0.3 + 0.01, 3)
        steps = int(torch.randint(2, 12, ()).item())
        return run(w0, steps, lr, mu, d, f"seed {seed}: {len(w0)} weights, lr={lr}, momentum={mu}, dampening={d}, {steps} steps", seed)
    return course, seeded(make_seeded)


def adagrad_cases():
    make = lambda p, lr, eps: optim.Adagrad(p, lr=lr, eps=eps)
    run = lambda w0, steps, lr, name, seed=None: optimizer_run(make, ["sum"], w0, steps, {"lr": lr, "eps": 1e-10}, name, seed)
    course = [run([1.0], 3, 0.01, "the course's snippet: w = [1.0], Adagrad(lr=0.01), 3 steps"),
              run([1.0], 10, 0.01, "the same, 10 steps"),
              run([1.0], 8, 0.5, "lr=0.5, 8 steps"),
              run([1.0, -3.0, 0.0], 5, 0.1, "three weights, one of them 0 (its gradient stays 0)")]

    def make_seeded(seed):
        w0 = seeded_start(int(torch.randint(1, 5, ()).item()))
        lr = round(float(torch.rand(()).item()) * 0.5 + 0.01, 3)
        steps = int(torch.randint(2, 12, ()).item())
        return run(w0, steps, lr, f"seed {seed}: {len(w0)} weights, lr={lr}, {steps} steps", seed)
    return course, seeded(make_seeded)


def rmsprop_cases():
    make = lambda p, lr, alpha, eps: optim.RMSprop(p, lr=lr, alpha=alpha, eps=eps)
    run = lambda w0, steps, lr, alpha, name, seed=None: optimizer_run(
        make, ["square_avg"], w0, steps, {"lr": lr, "alpha": alpha, "eps": 1e-8}, name, seed)
    course = [run([1.0], 3, 0.01, 0.9, "the course's snippet: w = [1.0], RMSprop(lr=0.01, alpha=0.9), 3 steps"),
              run([1.0], 10, 0.01, 0.9, "the same, 10 steps"),
              run([1.0], 6, 0.1, 0.99, "alpha=0.99 (PyTorch's default), lr=0.1, 6 steps"),
              run([1.0, -0.5], 4, 0.01, 0.0, "alpha=0: only the current squared gradient")]

    def make_seeded(seed):
        w0 = seeded_start(int(torch.randint(1, 5, ()).item()))
        lr = round(float(torch.rand(()).item()) * 0.1 + 0.001, 4)
        alpha = round(float(torch.rand(()).item()) * 0.99, 3)
        steps = int(torch.randint(2, 12, ()).item())
        return run(w0, steps, lr, alpha, f"seed {seed}: {len(w0)} weights, lr={lr}, alpha={alpha}, {steps} steps", seed)
    return course, seeded(make_seeded)


def adam_cases():
    make = lambda p, lr, beta1, beta2, eps: optim.Adam(p, lr=lr, betas=(beta1, beta2), eps=eps)
    run = lambda w0, steps, lr, b1, b2, name, seed=None: optimizer_run(
        make, ["exp_avg", "exp_avg_sq"], w0, steps, {"lr": lr, "beta1": b1, "beta2": b2, "eps": 1e-8}, name, seed)
    course = [run([1.0], 3, 0.01, 0.9, 0.99, "the course's snippet: w = [1.0], Adam(lr=0.01, betas=(0.9, 0.99)), 3 steps"),
              run([1.0], 10, 0.01, 0.9, 0.99, "the same, 10 steps"),
              run([1.0], 5, 0.001, 0.9, 0.999, "PyTorch's defaults: lr=0.001, betas=(0.9, 0.999), 5 steps"),
              run([1.0, -2.0], 6, 0.1, 0.5, 0.999, "betas=(0.5, 0.999), lr=0.1, two weights, 6 steps")]

    def make_seeded(seed):
        w0 = seeded_start(int(torch.randint(1, 5, ()).item()))
        lr = round(float(torch.rand(()).item()) * 0.1 + 0.001, 4)
        b1 = round(float(torch.rand(()).item()) * 0.95, 3)
        b2 = round(0.9 + float(torch.rand(()).item()) * 0.0999, 4)
        steps = int(torch.randint(2, 12, ()).item())
        return run(w0, steps, lr, b1, b2, f"seed {seed}: {len(w0)} weights, lr={lr}, betas=({b1}, {b2}), {steps} steps", seed)
    return course, seeded(make_seeded)


# 4.2–4.4: the learning rate of each epoch, as scheduler.get_last_lr()[0] gives it (Python floats).
def schedule(make, lr, epochs, knobs, name, seed=None):
    w = torch.tensor([1.0], requires_grad=True)
    optimizer = optim.SGD([w], lr=lr, momentum=0.9)
    scheduler = make(optimizer, **knobs)
    lrs = []
    for _ in range(epochs):
        lrs.append(float(scheduler.get_last_lr()[0]))
        optimizer.step()  # no gradient: w stays; keeps PyTorch's step-order warning away
        scheduler.step()
    return case(name, dict({"lr": lr, "epochs": epochs}, **knobs), {"lrs": lrs}, seed=seed)


def step_lr_cases():
    make = lambda o, step_size, gamma: optim.lr_scheduler.StepLR(o, step_size=step_size, gamma=gamma)
    run = lambda lr, epochs, s, g, name, seed=None: schedule(make, lr, epochs, {"step_size": s, "gamma": g}, name, seed)
    course = [run(0.1, 200, 50, 0.5, "the course's StepLR(step_size=50, gamma=0.5), lr=0.1, 200 epochs"),
              run(0.1, 200, 30, 0.7, "step_size=30, gamma=0.7"),
              run(0.01, 50, 1, 0.9, "step_size=1: every epoch")]

    def make_seeded(seed):
        s = int(torch.randint(1, 40, ()).item())
        g = round(float(torch.rand(()).item()) * 0.9 + 0.05, 3)
        lr = round(float(torch.rand(()).item()) * 0.5 + 0.001, 4)
        return run(lr, 150, s, g, f"seed {seed}: lr={lr}, step_size={s}, gamma={g}, 150 epochs", seed)
    return course, seeded(make_seeded)


def multistep_lr_cases():
    make = lambda o, milestones, gamma: optim.lr_scheduler.MultiStepLR(o, milestones=milestones, gamma=gamma)
    run = lambda lr, epochs, m, g, name, seed=None: schedule(make, lr, epochs, {"milestones": m, "gamma": g}, name, seed)
    course = [run(0.1, 200, [50, 100, 160], 0.5, "the course's MultiStepLR(milestones=[50, 100, 160], gamma=0.5), lr=0.1, 200 epochs"),
              run(0.1, 40, [10, 20, 30], 0.1, "milestones [10, 20, 30], gamma=0.1"),
              run(0.02, 200, [1, 2, 3, 150], 0.5, "early milestones [1, 2, 3, 150]"),
              run(0.1, 120, [100, 30, 60], 0.5, "milestones not in order [100, 30, 60]"),
              run(0.1, 80, [20, 20, 50], 0.5, "a milestone listed twice decays twice in PyTorch: [20, 20, 50]")]

    def make_seeded(seed):
        count = int(torch.randint(1, 5, ()).item())
        m = sorted(int(v) for v in torch.randint(1, 150, (count,)).tolist())
        g = round(float(torch.rand(()).item()) * 0.9 + 0.05, 3)
        lr = round(float(torch.rand(()).item()) * 0.5 + 0.001, 4)
        return run(lr, 160, m, g, f"seed {seed}: lr={lr}, milestones={m}, gamma={g}, 160 epochs", seed)
    return course, seeded(make_seeded)


def exponential_lr_cases():
    make = lambda o, gamma: optim.lr_scheduler.ExponentialLR(o, gamma=gamma)
    run = lambda lr, epochs, g, name, seed=None: schedule(make, lr, epochs, {"gamma": g}, name, seed)
    course = [run(0.1, 200, 0.9, "the course's ExponentialLR(gamma=0.9), lr=0.1, 200 epochs"),
              run(0.1, 200, 0.95, "gamma=0.95"),
              run(0.5, 60, 0.5, "gamma=0.5, lr=0.5, 60 epochs")]

    def make_seeded(seed):
        g = round(float(torch.rand(()).item()) * 0.2 + 0.79, 4)
        lr = round(float(torch.rand(()).item()) * 0.5 + 0.001, 4)
        return run(lr, 150, g, f"seed {seed}: lr={lr}, gamma={g}, 150 epochs", seed)
    return course, seeded(make_seeded)


BUILDERS = {
    "1.1-model-demo": model_demo_cases,
    "1.2-parameter-count": parameter_count_cases,
    "2.2.1-cross-entropy": cross_entropy_cases,
    "2.2.2-bce": bce_cases,
    "2.3.3-smooth-l1": smooth_l1_cases,
    "3.2-backprop": backprop_cases,
    "3.3.1-ewma": ewma_cases,
    "3.3.3-momentum-step": momentum_cases,
    "3.3.4-adagrad-step": adagrad_cases,
    "3.3.5-rmsprop-step": rmsprop_cases,
    "3.3.6-adam-step": adam_cases,
    "4.2-step-lr": step_lr_cases,
    "4.3-multistep-lr": multistep_lr_cases,
    "4.4-exponential-lr": exponential_lr_cases,
}


def build():
    with open(LIST, encoding="utf-8") as f:
        listed = [e["id"] for e in json.load(f)["exercises"]]
    if sorted(listed) != sorted(BUILDERS):
        raise SystemExit(f"exercises/exercises.json lists {sorted(listed)}, this script builds {sorted(BUILDERS)}")
    exercises = {}
    for exercise_id in listed:  # in the list's (course) order
        torch.manual_seed(0)
        course, table = BUILDERS[exercise_id]()
        exercises[exercise_id] = {"cases": course, "seeded": table}
    return {"generated_by": "tools/exercises/reference.py", "torch_version": torch.__version__, "exercises": exercises}


def dump(data):
    return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    parser.add_argument("--out", default=OUT, help="the file to write or check")
    args = parser.parse_args()
    torch.set_num_threads(1)
    text = dump(build())
    data = json.loads(text)
    counts = ", ".join(f"{k} {len(v['cases'])}+{len(v['seeded'])}" for k, v in data["exercises"].items())
    if not args.check:
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {len(data['exercises'])} exercises' cases to {args.out}: {counts}")
        return 0
    if not os.path.exists(args.out):
        print(f"exercise cases: {args.out} is missing", file=sys.stderr)
        return 1
    with open(args.out, encoding="utf-8") as f:
        committed_text = f.read()
    if committed_text == text:
        print(f"exercise cases fresh: {len(data['exercises'])} exercises match PyTorch {torch.__version__}")
        return 0
    committed = json.loads(committed_text)
    problems = []
    old = committed.get("exercises", {})
    for exercise_id in sorted(set(old) | set(data["exercises"])):
        if exercise_id not in old:
            problems.append(f"{exercise_id}: missing from the committed file")
        elif exercise_id not in data["exercises"]:
            problems.append(f"{exercise_id}: committed, but PyTorch no longer produces it")
        else:
            for kind in ("cases", "seeded"):
                fresh = {c["name"]: c for c in data["exercises"][exercise_id][kind]}
                before = {c["name"]: c for c in old[exercise_id].get(kind, [])}
                for name in sorted(set(fresh) | set(before)):
                    if fresh.get(name) != before.get(name):
                        problems.append(f"{exercise_id} [{name}]: differs from what PyTorch computes")
    for key in ("generated_by", "torch_version"):
        if committed.get(key) != data[key]:
            problems.append(f"'{key}' is {committed.get(key)!r}, PyTorch gives {data[key]!r}")
    if not problems:
        problems.append("the file differs in layout from what the script writes")
    print("exercise cases are stale or edited by hand:", file=sys.stderr)
    for p in problems:
        print("  " + p, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""PyTorch twins of the optimization lessons (course: 神经网络优化方法)."""
import math

import torch
import torch.nn as nn
from torch import optim

from common import f32, fit, to_json


def optimizer_steps(make, prints_w=True, default_steps=3):
    """The course's optimizer snippet: w = [1.0], loss = w²/2, print after each step()."""
    def twin(lr=0.01, steps=None, **knobs):
        w = torch.tensor([1.0], requires_grad=True, dtype=torch.float32)
        optimizer = make([w], lr, **knobs)
        records = []
        for _ in range(steps or default_steps):
            loss = ((w ** 2) / 2.0).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if prints_w:
                print('w.grad->', w.grad, w)
            else:
                print('w.grad->', w.grad)
            records.append({"grad": f32(w.grad.item()), "w": f32(w.item())})
        return {"steps": records}
    return twin


momentum = optimizer_steps(lambda p, lr, momentum=0.9: optim.SGD(p, lr=lr, momentum=momentum), prints_w=False, default_steps=2)
adagrad = optimizer_steps(lambda p, lr: optim.Adagrad(p, lr=lr))
rmsprop = optimizer_steps(lambda p, lr, alpha=0.9: optim.RMSprop(p, lr=lr, alpha=alpha))
adam = optimizer_steps(lambda p, lr, beta1=0.9, beta2=0.99: optim.Adam(p, lr=lr, betas=(beta1, beta2)))


def cases(knob_sets, seed=0):
    return [(seed, knobs, {}) for knobs in knob_sets]


LESSONS = [
    ("momentum", momentum, cases([{}, {"steps": 10}, {"momentum": 0.5, "lr": 0.1, "steps": 5}, {"momentum": 0.0, "steps": 3}, {"momentum": 0.99, "lr": 0.5, "steps": 20}])),
    ("adagrad", adagrad, cases([{}, {"steps": 10}, {"lr": 0.5, "steps": 8}])),
    ("rmsprop", rmsprop, cases([{}, {"steps": 10}, {"alpha": 0.99, "lr": 0.1, "steps": 6}, {"alpha": 0.0, "steps": 4}, {"alpha": 1.0, "steps": 3}])),
    ("adam", adam, cases([{}, {"steps": 10}, {"beta1": 0.5, "beta2": 0.999, "lr": 0.1, "steps": 6}, {"beta1": 0.0, "beta2": 0.0, "steps": 4}])),
]

"""Shared helpers of the PyTorch twins."""
import math

import numpy as np
import torch


def finite_or_text(x):
    """JSON has no NaN or infinity: write them as the strings C# writes."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def to_json(value):
    """Tensors as nested lists; float32 written as its shortest round-trip decimal (as C# does)."""
    if isinstance(value, torch.Tensor):
        t = value.detach().cpu()
        if t.dtype == torch.float32:
            return _nest(t.tolist(), lambda x: finite_or_text(float(str(np.float32(x)))))
        if t.dtype.is_floating_point:
            return _nest(t.tolist(), lambda x: finite_or_text(float(x)))
        if t.dtype == torch.bool:
            return _nest(t.tolist(), bool)
        return _nest(t.tolist(), int)
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def f32(x):
    """A Python float holding a float32 value, written shortest."""
    return float(str(np.float32(x)))


def _nest(x, leaf):
    if isinstance(x, list):
        return [_nest(v, leaf) for v in x]
    return leaf(x)


def fit(model, criterion, optimizer, inputs, targets, epochs, batch_size, shuffle=True, after_epoch=None, after_step=None):
    """The twin of Chapter4's Training.Fit: randperm shuffles from the global generator, mean loss per
    epoch accumulated in double from float32 items, learning rate read at each epoch's start."""
    n = inputs.shape[0]
    steps = (n + batch_size - 1) // batch_size
    run = {"epoch_losses": [], "step_losses": [], "lrs": [], "diverged": None}
    for epoch in range(epochs):
        lr = optimizer.param_groups[0]["lr"]
        run["lrs"].append(lr)
        order = torch.randperm(n) if shuffle else torch.arange(n)
        total = 0.0
        for step in range(steps):
            index = order.narrow(0, step * batch_size, min(batch_size, n - step * batch_size))
            loss = criterion(model(inputs.index_select(0, index)), targets.index_select(0, index))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if after_step is not None:
                after_step()
            value = f32(loss.item())
            if not math.isfinite(value):
                run["diverged"] = {"epoch": epoch, "step": step, "lr": lr}
                return run
            run["step_losses"].append(value)
            total += value
        mean = total / steps
        run["epoch_losses"].append(mean)
        if after_epoch is not None:
            after_epoch(epoch, mean)
    return run

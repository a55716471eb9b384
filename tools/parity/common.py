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

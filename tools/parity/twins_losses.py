"""PyTorch twins of the loss lessons (course: 损失函数)."""
import math
import struct

import torch
import torch.nn as nn
from torch import optim

from common import f32, to_json

REDUCTIONS = ["none", "mean", "sum"]


def loss_ce(target="index", reduction="sum", y_pred=None, y_true=None):
    if target == "index":
        y_true = torch.tensor(data=y_true[0] if y_true else [1, 2])
    else:
        y_true = torch.tensor(data=y_true or [[0, 1, 0], [1, 0, 0]], dtype=torch.float32)
    print('y_true->', y_true.dtype)
    y_pred = torch.tensor(data=y_pred or [[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]], requires_grad=True, dtype=torch.float32)
    criterion = nn.CrossEntropyLoss(reduction=reduction)
    loss = criterion(y_pred, y_true)
    print('loss->', loss)
    loss.sum().backward()
    # Rows are probabilities when each lies in [0, 1] and sums to 1; only then is -log p[y] the loss the course means.
    probabilities = bool(((y_pred >= 0) & (y_pred <= 1)).all()) and bool(((y_pred.detach().sum(-1) - 1).abs() <= 1e-6).all())
    loss_on_log_probs = criterion(y_pred.detach().log(), y_true) if probabilities else None
    return {"y_pred": to_json(y_pred), "y_true": to_json(y_true), "loss": to_json(loss),
            "requires_grad": loss.requires_grad, "grad": to_json(y_pred.grad),
            "loss_on_log_probs": None if loss_on_log_probs is None else to_json(loss_on_log_probs)}


def loss_bce(reduction="mean", y_pred=None, y_true=None):
    y_true = torch.tensor(data=y_true or [0, 1, 0], dtype=torch.float32)
    print('y_true->', y_true.dtype)
    y_pred = torch.tensor(data=y_pred or [0.6901, 0.5459, 0.2469], requires_grad=True, dtype=torch.float32)
    criterion = nn.BCELoss(reduction=reduction)
    loss = criterion(y_pred, y_true)
    print('loss->', loss)
    print('loss->', loss.requires_grad)
    loss.sum().backward()
    loss_with_logits = nn.BCEWithLogitsLoss(reduction=reduction)(torch.logit(y_pred.detach()), y_true)
    return {"y_pred": to_json(y_pred), "y_true": to_json(y_true), "loss": to_json(loss),
            "requires_grad": loss.requires_grad, "grad": to_json(y_pred.grad),
            "loss_with_logits": to_json(loss_with_logits)}


def regression(criterion_of):
    def twin(reduction="mean", y_pred=None, y_true=None, **extra):
        y_true = torch.tensor(data=y_true or [1.2, 1.5, 2.0], dtype=torch.float32)
        print('y_true->', y_true.dtype)
        y_pred = torch.tensor(data=y_pred or [1.3, 1.7, 2.0], requires_grad=True, dtype=torch.float32)
        criterion = criterion_of(reduction, **extra)
        loss = criterion(y_pred, y_true)
        print('loss->', loss)
        print('loss->', loss.requires_grad)
        loss.sum().backward()
        return {"y_pred": to_json(y_pred), "y_true": to_json(y_true), "loss": to_json(loss),
                "requires_grad": loss.requires_grad, "grad": to_json(y_pred.grad)}
    return twin


def bce_point(z, label):
    """One float32 logit through BCELoss(sigmoid(z)) and BCEWithLogitsLoss: losses, gradients, sigmoid(z)."""
    a = torch.tensor([z], requires_grad=True)
    p = torch.sigmoid(a)
    bce = nn.BCELoss()(p, torch.tensor([label]))
    bce.backward()
    b = torch.tensor([z], requires_grad=True)
    exact = nn.BCEWithLogitsLoss()(b, torch.tensor([label]))
    exact.backward()
    return {"p": p.item(), "bce": bce.item(), "bce_grad": a.grad.item(), "exact": exact.item(), "exact_grad": b.grad.item()}


def f32_bits(x):
    return struct.unpack("<i", struct.pack("<f", x))[0]


def f32_from_bits(i):
    return struct.unpack("<f", struct.pack("<i", i))[0]


def toward_zero(z):
    """The float32 neighbour of z one step toward 0."""
    return math.copysign(f32_from_bits(f32_bits(abs(z)) - 1), z)


def first_failing(label, fails):
    """The float32 logit closest to 0 on the wrong side of the label (z > 0 for label 0, z < 0 for label 1) from which
    fails(point) holds: bisection on the float32 bit patterns of |z| in (0, 1000], which are ordered as the values."""
    sign = 1.0 if label == 0 else -1.0
    lo, hi = 0, f32_bits(1000.0)
    assert not fails(bce_point(0.0, label)) and fails(bce_point(sign * 1000.0, label))
    while hi - lo > 1:
        mid = lo + (hi - lo) // 2
        if fails(bce_point(sign * f32_from_bits(mid), label)):
            hi = mid
        else:
            lo = mid
    return f32(sign * f32_from_bits(hi))


def logits(y_pred=None, y_true=None, logit=100.0, logit_range=120.0):
    """Logits, not probabilities: CrossEntropyLoss on both, BCE vs BCEWithLogits at ±logit, softmax overflow."""
    p = torch.tensor(y_pred or [[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]], dtype=torch.float32)
    y = torch.tensor((y_true or [[1, 2]])[0])
    ce = nn.CrossEntropyLoss(reduction="sum")
    ce_on_probabilities = ce(p, y)
    z = p.log()  # logits whose softmax is p
    ce_on_logits = ce(z, y)
    nll_of_log_softmax = nn.NLLLoss(reduction="sum")(torch.log_softmax(z, dim=-1), y)
    print('ce_on_probabilities->', ce_on_probabilities)
    print('ce_on_logits->', ce_on_logits)
    print('nll_of_log_softmax->', nll_of_log_softmax)
    rows = []
    print(f"{'logit':>7} {'target':>6} {'BCELoss':>9} {'d/dlogit':>12} {'BCEWithLogits':>14} {'d/dlogit':>12}")
    for value, target in [(-logit, 1.0), (logit, 0.0)]:
        a = torch.tensor([value], requires_grad=True)
        bce = nn.BCELoss()(torch.sigmoid(a), torch.tensor([target]))
        bce.backward()
        b = torch.tensor([value], requires_grad=True)
        with_logits = nn.BCEWithLogitsLoss()(b, torch.tensor([target]))
        with_logits.backward()
        print(f"{value:7.1f} {target:6.1f} {bce.item():9.4f} {a.grad.item():12.4e} {with_logits.item():14.4f} {b.grad.item():12.4e}")
        rows.append({"logit": value, "target": target, "bce": f32(bce.item()), "bce_grad": f32(a.grad.item()),
                     "bce_with_logits": f32(with_logits.item()), "bce_with_logits_grad": f32(b.grad.item())})
    big = torch.tensor([1000.0, 0.0, -1000.0])
    naive = torch.exp(big) / torch.exp(big).sum()
    print('exp(z)/sum(exp(z))->', naive)
    print('softmax->', torch.softmax(big, dim=-1))
    print('log(softmax)->', torch.log(torch.softmax(big, dim=-1)))
    print('log_softmax->', torch.log_softmax(big, dim=-1))
    saturation = {}
    for label in (0.0, 1.0):
        clamped_from = first_failing(label, lambda r: r["bce"] == 100.0)
        before = bce_point(toward_zero(clamped_from), label)
        at = bce_point(clamped_from, label)
        saturation["y0" if label == 0 else "y1"] = {
            "clamped_from": f32(clamped_from), "sigmoid_at_clamp": f32(at["p"]), "bce_grad_at_clamp": f32(at["bce_grad"]),
            "bce_before": f32(before["bce"]), "exact_before": f32(before["exact"]), "bce_grad_before": f32(before["bce_grad"]),
            "grad_lost_from": first_failing(label, lambda r: abs(r["bce_grad"]) < 0.01 * abs(r["exact_grad"]))}
    sweep = torch.linspace(-logit_range, logit_range, 241)
    curves = {}
    for label in (1.0, 0.0):
        by_loss = {}
        for name, make in [("bce", lambda x: nn.BCELoss(reduction="none")(torch.sigmoid(x), torch.full_like(x, label))),
                           ("bce_with_logits", lambda x: nn.BCEWithLogitsLoss(reduction="none")(x, torch.full_like(x, label)))]:
            x = sweep.clone().requires_grad_()
            loss = make(x)
            loss.sum().backward()
            by_loss[name] = {"loss": to_json(loss), "grad": to_json(x.grad)}
        curves["y1" if label == 1 else "y0"] = by_loss
    return {"ce_on_probabilities": to_json(ce_on_probabilities), "ce_on_logits": to_json(ce_on_logits),
            "nll_of_log_softmax": to_json(nll_of_log_softmax), "bce_at": rows,
            "naive_softmax": to_json(naive), "softmax": to_json(torch.softmax(big, dim=-1)),
            "log_of_softmax": to_json(torch.log(torch.softmax(big, dim=-1))), "log_softmax": to_json(torch.log_softmax(big, dim=-1)),
            "saturation": saturation, "sweep": to_json(sweep), "curves": curves}


def robust_regression(outliers=4, steps=500, lr=0.05, delta=1.0):
    """回归任务损失函数, deepened: a line with outliers fitted under MSE, L1, Smooth L1 and Huber."""
    true_slope, true_intercept = 2.0, 1.0
    x = torch.arange(40, dtype=torch.float32) * (6 / 39) - 3  # not linspace: 1.13 and 2.10 place its middle points differently
    y = true_slope * x + true_intercept + 0.3 * torch.randn(40)
    if outliers > 0:
        y[torch.arange(outliers) * (40 // outliers)] += 15.0
    losses = [("mse", nn.MSELoss()), ("l1", nn.L1Loss()), ("smoothl1", nn.SmoothL1Loss(beta=delta)), ("huber", nn.HuberLoss(delta=delta))]
    fits = []
    print(f"{'loss':<10} {'slope':>9} {'intercept':>10}")
    for name, criterion in losses:
        w = torch.zeros(2, requires_grad=True)
        optimizer = optim.Adam([w], lr=lr)
        for _ in range(steps):
            loss = criterion(w[0] * x + w[1], y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        slope, intercept = f32(w[0].item()), f32(w[1].item())
        print(f"{name:<10} {slope:9.4f} {intercept:10.4f}")
        fits.append({"loss": name, "slope": slope, "intercept": intercept})
    residual = y - (true_slope * x + true_intercept)
    huber = nn.HuberLoss(delta=delta)(residual, torch.zeros_like(residual))
    smooth = nn.SmoothL1Loss(beta=delta)(residual, torch.zeros_like(residual))
    print(f"huber({delta!r}) = {huber.item():.6f}, {delta!r}·smoothl1(beta={delta!r}) = {delta * smooth.item():.6f}")
    return {"true_slope": true_slope, "true_intercept": true_intercept, "x": to_json(x), "y": to_json(y), "fits": fits,
            "huber_at_truth": f32(huber.item()), "smoothl1_at_truth": f32(smooth.item())}


SAMPLE_ERRORS = [-3, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 3]
SAMPLE_PROBABILITIES = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]


def loss_curves(beta=1.0):
    e = torch.tensor(SAMPLE_ERRORS, dtype=torch.float32)
    curves = {}
    for name, criterion in [("mae", nn.L1Loss(reduction="none")), ("mse", nn.MSELoss(reduction="none")),
                            ("smoothl1", nn.SmoothL1Loss(reduction="none", beta=beta))]:
        x = e.clone().requires_grad_()
        loss = criterion(x, torch.zeros_like(x))
        loss.sum().backward()
        curves[name] = (loss.detach(), x.grad)
    print(f"{'error':>8} {'MAE':>8} {'MSE':>8} {'SmoothL1':>9} {'dMAE':>8} {'dMSE':>8} {'dSmoothL1':>10}")
    for i, err in enumerate(SAMPLE_ERRORS):
        print(f"{err:8.2f} {curves['mae'][0][i].item():8.4f} {curves['mse'][0][i].item():8.4f} {curves['smoothl1'][0][i].item():9.4f} "
              f"{curves['mae'][1][i].item():8.4f} {curves['mse'][1][i].item():8.4f} {curves['smoothl1'][1][i].item():10.4f}")
    p = torch.tensor(SAMPLE_PROBABILITIES, dtype=torch.float32)
    bce = nn.BCELoss(reduction="none")
    logits = torch.stack([p.log(), (1 - p).log()], dim=1)
    classes = {"ce": nn.CrossEntropyLoss(reduction="none")(logits, torch.zeros(len(p), dtype=torch.int64)),
               "bce_y0": bce(p, torch.zeros_like(p)), "bce_y1": bce(p, torch.ones_like(p))}
    print("")
    print(f"{'p':>6} {'CE -log p':>10} {'BCE y=0':>8} {'BCE y=1':>8}")
    for i, prob in enumerate(SAMPLE_PROBABILITIES):
        print(f"{prob:6.2f} {classes['ce'][i].item():10.4f} {classes['bce_y0'][i].item():8.4f} {classes['bce_y1'][i].item():8.4f}")
    results = {"errors": [float(v) for v in SAMPLE_ERRORS]}
    for name, (loss, grad) in curves.items():
        results[name] = to_json(loss)
        results[name + "_grad"] = to_json(grad)
    results["probabilities"] = SAMPLE_PROBABILITIES
    for name, values in classes.items():
        results[name] = to_json(values)
    return results


def cases(knob_sets):
    return [(0, knobs, {}) for knobs in knob_sets]


LESSONS = [
    ("loss-ce", loss_ce, cases(
        [{}] + [{"reduction": r} for r in ["none", "mean"]]
        + [{"target": "onehot"}] + [{"target": "onehot", "reduction": r} for r in ["none", "mean"]]
        + [{"y-pred": [[2.0, -1.0, 0.5], [0.0, 3.0, -2.0], [1.0, 1.0, 1.0]], "y-true": [[0, 1, 2]]}]
        # Rows in [0, 1] that are not probabilities (they do not sum to 1): no -log p[y] claim.
        + [{"y-pred": [[0.5, 0.5, 0.5], [0.9, 0.9, 0.2]]}, {"y-pred": [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]}])),
    ("logits", logits, cases([{}, {"logit": 50.0, "logit-range": 60.0}, {"y-pred": [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]], "y-true": [[0, 2]]}])),
    ("loss-bce", loss_bce, cases(
        [{}] + [{"reduction": r} for r in ["none", "sum"]] + [{"y-pred": [0.01, 0.99, 0.5, 0.2], "y-true": [1, 1, 0, 0]}])),
    ("loss-mae", regression(lambda r: nn.L1Loss(reduction=r)), cases(
        [{}] + [{"reduction": r} for r in ["none", "sum"]] + [{"y-pred": [0.0, 5.0, -2.0], "y-true": [1.0, 1.0, 1.0]}])),
    ("loss-mse", regression(lambda r: nn.MSELoss(reduction=r)), cases(
        [{}] + [{"reduction": r} for r in ["none", "sum"]] + [{"y-pred": [0.0, 5.0, -2.0], "y-true": [1.0, 1.0, 1.0]}]
        # 1200 errors: above PyTorch's print threshold (1000), the loss prints abbreviated.
        + [{"reduction": "none", "y-pred": [round(i * 0.01, 2) for i in range(1200)], "y-true": [1.0] * 1200}])),
    ("loss-smoothl1", regression(lambda r, beta=1.0: nn.SmoothL1Loss(reduction=r, beta=beta)), cases(
        [{}] + [{"reduction": r} for r in ["none", "sum"]]
        + [{"beta": b} for b in [0.5, 0.1, 0.0, 2.0]] + [{"y-pred": [0.0, 5.0, -2.0], "y-true": [1.0, 1.0, 1.0], "beta": 0.5}])),
    # beta 4: 1/32 and 9/32 are ties at 4 decimals, which Python rounds half to even (0.0312, 0.2812).
    ("robust-regression", robust_regression, cases([{}, {"outliers": 0}, {"outliers": 8, "delta": 0.5}])),
    ("loss-curves", loss_curves, cases([{}, {"beta": 0.5}, {"beta": 2.0}, {"beta": 4.0}])),
]

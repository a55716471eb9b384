"""PyTorch twins of the learning-rate lessons (course: 学习率衰减优化方法)."""
import math

import torch
from torch import optim

import torch.nn as nn

from common import f32, finite_or_text, fit


def course_script(make_scheduler):
    """The course's script: SGD(momentum=0.9) on (w·x − y_true)², get_last_lr() each epoch."""
    def twin(lr=0.1, epochs=200, iterations=10, **knobs):
        epoch, iteration = epochs, iterations
        y_true = torch.tensor([0])
        x = torch.tensor([1.0], dtype=torch.float32)
        w = torch.tensor([1.0], requires_grad=True, dtype=torch.float32)
        optimizer = optim.SGD(params=[w], lr=lr, momentum=0.9)
        scheduer = make_scheduler(optimizer, **knobs)
        lr_list, epoch_list = [], []
        for i in range(epoch):
            lr_list.append(scheduer.get_last_lr())
            epoch_list.append(i)
            for batch in range(iteration):
                y_pred = w * x
                loss = (y_pred - y_true) ** 2
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            scheduer.step()
        print('lr_list->', lr_list)
        return {"lrs": [l[0] for l in lr_list], "final_w": f32(w.item())}
    return twin


def step_lr(optimizer, step_size=50, gamma=0.5):
    return optim.lr_scheduler.StepLR(optimizer=optimizer, step_size=step_size, gamma=gamma)


def multistep_lr(optimizer, milestones=(50, 100, 160), gamma=0.5):
    return optim.lr_scheduler.MultiStepLR(optimizer=optimizer, milestones=list(milestones), gamma=gamma, last_epoch=-1)


def exponential_lr(optimizer, gamma=0.9):
    return optim.lr_scheduler.ExponentialLR(optimizer=optimizer, gamma=gamma)


def regression_data():
    x = torch.randn(200, 3)
    y = torch.sin(x[:, 0]) + 0.5 * x[:, 1].pow(2) - x[:, 2] + 0.1 * torch.randn(200)
    return x, y.unsqueeze(1)


def fixed(v, width, decimals=6):
    return f"{v:{width}.{decimals}f}"


def lr_compare(lr=0.05, epochs=60, seeds=3):
    """如何选择学习率衰减方法, judged fairly: validation loss, mean ± std over seeds; one-cycle and warm-up per batch."""
    batch, train_n = 25, 150
    steps = (train_n + batch - 1) // batch
    quarter, half, late, warmup = epochs // 4, epochs // 2, epochs * 4 // 5, max(1, epochs // 10)
    # ExponentialLR's γ: the same total decay 0.95^60 over any run, γ = 0.95^(60/epochs), 6 significant digits.
    gamma = float(f"{0.95 ** (60 / epochs):.6g}")
    sched = optim.lr_scheduler
    # (label, factory, stepped per batch, stepped on the validation loss); the constant rate has no scheduler.
    schedules = [
        ("constant lr (no scheduler)", lambda o: None, False, False),
        (f"StepLR(step_size={quarter}, gamma=0.5)", lambda o: sched.StepLR(o, quarter, 0.5), False, False),
        (f"MultiStepLR([{quarter}, {half}, {late}], gamma=0.5)", lambda o: sched.MultiStepLR(o, [quarter, half, late], 0.5), False, False),
        (f"ExponentialLR(gamma={gamma!r})", lambda o: sched.ExponentialLR(o, gamma=gamma), False, False),
        (f"CosineAnnealingLR(T_max={epochs})", lambda o: sched.CosineAnnealingLR(o, T_max=epochs), False, False),
        (f"LinearLR warm-up(0.1 -> 1, {warmup * steps} batches)", lambda o: sched.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=warmup * steps), True, False),
        (f"OneCycleLR(max_lr={lr!r}, total_steps={epochs * steps}, cycle_momentum=True)",
         lambda o: sched.OneCycleLR(o, max_lr=lr, total_steps=epochs * steps, cycle_momentum=True, base_momentum=0.85, max_momentum=0.95), True, False),
        ("ReduceLROnPlateau(factor=0.5, patience=3, on validation loss)", lambda o: sched.ReduceLROnPlateau(o, factor=0.5, patience=3), False, True),
    ]
    first_seed = torch.initial_seed()
    results = []
    for label, create, per_batch, on_plateau in schedules:
        trials = []
        for s in range(seeds):
            torch.manual_seed(first_seed + s)
            inputs, targets = regression_data()
            order = torch.randperm(inputs.shape[0])
            train, val = order[:train_n], order[train_n:]
            model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
            optimizer = optim.SGD(model.parameters(), lr, momentum=0.9)
            scheduler = create(optimizer)
            criterion = nn.MSELoss()
            val_losses = []

            def after_epoch(e, loss):
                with torch.no_grad():
                    v = f32(criterion(model(inputs[val]), targets[val]).item())
                val_losses.append(v)
                if on_plateau:
                    scheduler.step(v)
                elif not per_batch and scheduler is not None:
                    scheduler.step()

            after_step = (lambda: scheduler.step()) if per_batch else None
            run = fit(model, criterion, optimizer, inputs[train], targets[train], epochs, batch, after_epoch=after_epoch, after_step=after_step)
            trials.append((run, val_losses))
        finals = [v[-1] for _, v in trials]
        mean = sum(finals) / seeds
        std = math.sqrt(sum((x - mean) ** 2 for x in finals) / (seeds - 1)) if seeds > 1 else 0.0
        results.append({"name": label, "seeds": [first_seed + s for s in range(seeds)], "lrs": trials[0][0]["lrs"],
                        "val_losses": [sum(v[e] for _, v in trials) / seeds for e in range(epochs)],
                        "val_loss_mean": mean, "val_loss_std": std,
                        "train_loss_mean": sum(r["epoch_losses"][-1] for r, _ in trials) / seeds})
    print(f"{'schedule':<70} {'first lr':>9} {'last lr':>9} {'validation loss (mean ± std)':>30}")
    for r in results:
        cell = f"{r['val_loss_mean']:.6f} ± {r['val_loss_std']:.6f}"
        print(f"{r['name']:<70} {fixed(r['lrs'][0], 9)} {fixed(r['lrs'][-1], 9)} {cell:>30}")
    return {"schedules": results}


def sign_changes(values):
    """TrendRule.SignChanges at noise floor 0: values that are exactly 0 are skipped."""
    changes, last = 0, 0
    for v in values:
        sign = 1 if v > 0 else -1 if v < 0 else 0
        if sign == 0:
            continue
        if last != 0 and sign != last:
            changes += 1
        last = sign
    return changes


def verdict(losses, ws):
    """The lesson's rule, from the losses and w's sign changes (see LrSweepLesson.Verdict)."""
    if any(not math.isfinite(l) for l in losses) or losses[-1] > losses[0]:
        return "diverging"
    zig_zag = sign_changes(ws) >= 3
    if losses[-1] == losses[0]:
        if any(b != a for a, b in zip(losses, losses[1:])):
            return "not-converging"
        if zig_zag:
            return "oscillating-forever"
        return "not-moving" if all(w == ws[0] for w in ws) else "constant-loss"
    if zig_zag:
        return "oscillating-converging"
    return "slow" if losses[-1] > 0.01 * losses[0] else "converging"


def lr_sweep(lrs=(0.0001, 0.001, 0.01, 0.1, 0.5, 1.0, 2.5), steps=200, momentum=0.9):
    """为什么进行学习率优化: the lr script of 4.2–4.4 (SGD on (w·x − y)² = w²) at several rates, plain and with momentum."""
    runs = []
    print(f"{'momentum':>8} {'lr':>8} {'final loss':>14} {'w sign changes':>14}  verdict")
    for mu in ([0.0, momentum] if momentum > 0 else [0.0]):
        for lr in lrs:
            x, y_true = torch.tensor([1.0]), torch.tensor([0.0])
            w = torch.tensor([1.0], requires_grad=True)
            optimizer = optim.SGD([w], lr=lr, momentum=mu)
            losses, ws = [], [w.item()]
            for _ in range(steps):
                loss = ((w * x - y_true) ** 2).sum()
                losses.append(f32(loss.item()))
                if not math.isfinite(losses[-1]):
                    break
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                ws.append(w.item())
            v, flips = verdict(losses, ws), sign_changes(ws)
            print(f"{mu!r:>8} {lr!r:>8} {losses[-1]:>14.6e} {flips:>14}  {v}")
            runs.append({"momentum": mu, "lr": lr, "final_loss": finite_or_text(losses[-1]), "verdict": v, "w_sign_changes": flips,
                         "losses": [finite_or_text(l) for l in losses]})
    return {"runs": runs}


def cases(knob_sets):
    return [(0, knobs, {}) for knobs in knob_sets]


LESSONS = [
    ("lr-step", course_script(step_lr), cases(
        [{}, {"gamma": 0.7, "step-size": 30}, {"lr": 0.01, "step-size": 1, "gamma": 0.9}, {"epochs": 20, "iterations": 1, "step-size": 5},
         {"lr": 0.05, "gamma": 0.1, "epochs": 120, "iterations": 3}])),
    ("lr-multistep", course_script(multistep_lr), cases(
        [{}, {"milestones": [10, 20, 30], "gamma": 0.1}, {"milestones": [5], "epochs": 12, "iterations": 2}, {"lr": 0.02, "milestones": [1, 2, 3, 150]}])),
    ("lr-exponential", course_script(exponential_lr), cases(
        [{}, {"gamma": 0.95}, {"gamma": 0.5, "epochs": 30}, {"lr": 0.5, "gamma": 0.99, "iterations": 2}])),
    ("lr-compare", lr_compare, cases([{}, {"lr": 0.1, "epochs": 40, "seeds": 2}]) + [(7, {}, {})]),
    ("lr-sweep", lr_sweep, cases([{}, {"lrs": [0.05, 0.5, 3.0], "steps": 50}, {"lrs": [0.001, 0.1, 0.6], "momentum": 0.0},
                                  {"lrs": [0.001, 0.01, 0.1, 0.5, 0.9, 1.0, 1.01], "momentum": 0.0}])),
]

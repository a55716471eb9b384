"""PyTorch twins of the optimization lessons (course: 神经网络优化方法)."""
import math

import torch
import torch.nn as nn
from torch import optim

from common import f32, finite_or_text, fit, to_json
from twins_model import ModelDemo


def read_settings(optimizer):
    """RMSProp's alpha and Adam's betas as the optimizer was built: read back from its param group."""
    group = optimizer.param_groups[0]
    if "alpha" in group:
        return {"alpha": group["alpha"]}
    if "betas" in group:
        return {"beta1": group["betas"][0], "beta2": group["betas"][1]}
    return {}


def optimizer_steps(make, state_keys, prints_w=True, default_steps=3):
    """The course's optimizer snippet: w = [1.0], loss = w²/2, print after each step(); with optimizer.state[w]."""
    def twin(lr=0.01, steps=None, **knobs):
        w = torch.tensor([1.0], requires_grad=True, dtype=torch.float32)
        optimizer = make([w], lr, **knobs)
        settings = read_settings(optimizer)
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
            state = optimizer.state[w]
            records.append({"grad": f32(w.grad.item()), "w": f32(w.item()),
                            "state": {k: f32(state[k].item()) for k in state_keys if state.get(k) is not None}})
        return {"steps": records, **({"settings": settings} if settings else {})}
    return twin


momentum = optimizer_steps(lambda p, lr, momentum=0.9: optim.SGD(p, lr=lr, momentum=momentum), ["momentum_buffer"], prints_w=False, default_steps=2)
adagrad = optimizer_steps(lambda p, lr: optim.Adagrad(p, lr=lr), ["sum"])
rmsprop = optimizer_steps(lambda p, lr, alpha=0.9: optim.RMSprop(p, lr=lr, alpha=alpha), ["square_avg"])
adam = optimizer_steps(lambda p, lr, beta1=0.9, beta2=0.99: optim.Adam(p, lr=lr, betas=(beta1, beta2)), ["exp_avg", "exp_avg_sq"])


SHOWN_DAYS = [1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]


def float32_ulps(a, b):
    """How many float32 values lie between a and b, elementwise (0 = bit-identical; −0 and +0 coincide)."""
    def ordered(t):
        bits = t.contiguous().view(torch.int32).long()
        return torch.where(bits < 0, -(bits & 0x7FFFFFFF), bits)
    return (ordered(a) - ordered(b)).abs()


def backprop_model(reduction="sum", batch=5):
    model = ModelDemo()
    x = torch.randn(batch, 3)
    y = torch.randint(0, 2, (batch,))
    criterion = nn.CrossEntropyLoss(reduction=reduction)
    loss = criterion(model(x), y)
    loss.backward()
    print("x->", x)
    print("y->", y)
    print(f"loss = CrossEntropyLoss(reduction='{reduction}')(model(x), y) = {loss.item():.4f}")

    # The same forward, kept layer by layer, and the backward by hand: from the loss to each parameter.
    W1, b1 = model.linear1.weight.detach(), model.linear1.bias.detach()
    W2, b2 = model.linear2.weight.detach(), model.linear2.bias.detach()
    W3, b3 = model.output.weight.detach(), model.output.bias.detach()
    z1 = nn.functional.linear(x, W1, b1)
    h1 = torch.sigmoid(z1)
    z2 = nn.functional.linear(h1, W2, b2)
    h2 = torch.relu(z2)
    z3 = nn.functional.linear(h2, W3, b3)
    p = torch.softmax(z3, dim=-1)
    print("backward, layer by layer (@ is a matrix product, * elementwise, sums run over the batch):")
    # CrossEntropyLoss = log_softmax + NLL: its gradient is (softmax − onehot)·s, s = 1 for 'sum', 1/batch for 'mean';
    # its softmax taken as exp(log_softmax) and s applied to each term, in the order autograd rounds them.
    s = 1.0 if reduction == "sum" else 1.0 / batch
    dp = torch.log_softmax(p, dim=-1).exp() * s - nn.functional.one_hot(y, 2) * s
    print(f"∂loss/∂p = (softmax(p) − onehot(y))·{s:g} ->", dp)
    dz3 = p * (dp - (dp * p).sum(1, keepdim=True))
    print("∂loss/∂z3 = p * (∂loss/∂p − Σ_j p_j·∂loss/∂p_j) ->", dz3)
    grads = {"output.weight": dz3.T @ h2, "output.bias": dz3.sum(0)}
    print("∂loss/∂output.weight = (∂loss/∂z3)ᵀ @ h2 ->", grads["output.weight"])
    print("∂loss/∂output.bias = Σ ∂loss/∂z3 ->", grads["output.bias"])
    dh2 = dz3 @ W3
    print("∂loss/∂h2 = ∂loss/∂z3 @ output.weight ->", dh2)
    dz2 = dh2 * (z2 > 0)
    print("∂loss/∂z2 = ∂loss/∂h2 * [z2 > 0] ->", dz2)
    grads["linear2.weight"], grads["linear2.bias"] = dz2.T @ h1, dz2.sum(0)
    print("∂loss/∂linear2.weight = (∂loss/∂z2)ᵀ @ h1 ->", grads["linear2.weight"])
    print("∂loss/∂linear2.bias = Σ ∂loss/∂z2 ->", grads["linear2.bias"])
    dh1 = dz2 @ W2
    print("∂loss/∂h1 = ∂loss/∂z2 @ linear2.weight ->", dh1)
    dz1 = dh1 * (1 - h1) * h1
    print("∂loss/∂z1 = ∂loss/∂h1 * (1 − h1) * h1 ->", dz1)
    grads["linear1.weight"], grads["linear1.bias"] = dz1.T @ x, dz1.sum(0)
    print("∂loss/∂linear1.weight = (∂loss/∂z1)ᵀ @ x ->", grads["linear1.weight"])
    print("∂loss/∂linear1.bias = Σ ∂loss/∂z1 ->", grads["linear1.bias"])

    names = [name for name, _ in model.named_parameters()]
    autograd = {name: param.grad for name, param in model.named_parameters()}
    max_ulps = max(int(float32_ulps(grads[n], autograd[n]).max()) for n in names)
    print("")
    logits_grad = torch.softmax(z3, dim=-1) * s - nn.functional.one_hot(y, 2) * s
    print(f"‖∂loss/∂z3‖ = {dz3.norm().item():.4f}; with the logits z3 given to the loss it would be "
          f"‖{'(softmax(z3) − onehot(y))/N' if reduction == 'mean' else 'softmax(z3) − onehot(y)'}‖ = {logits_grad.norm().item():.4f}")
    return {"loss": loss.item(), "grads": to_json({n: grads[n] for n in names}),
            "autograd_grads": to_json({n: autograd[n] for n in names}), "max_ulps": max_ulps,
            "dz3_norm": dz3.norm().item(), "dz3_norm_if_logits": logits_grad.norm().item(),
            "inactive_linear2_units": [k for k in range(2) if bool((z2[:, k] <= 0).all())]}


def ewma(beta=(0.5, 0.9, 0.98), days=100):
    d = torch.arange(1, days + 1, dtype=torch.float32)
    temperature = 15 + 10 * torch.sin(d * math.pi / days) + 3 * torch.randn(days)
    y = [float(v) for v in temperature.double().tolist()]
    averages = []
    for b in beta:
        s, series, corrected = 0.0, [], []
        for t in range(1, days + 1):
            s = (1 - b) * y[t - 1] + b * s
            series.append(s)
            corrected.append(s / (1 - math.pow(b, t)))
        weights = [(1 - b) * math.pow(b, k) for k in range(min(days, 50))]
        averages.append((b, series, corrected, weights))
    print("day   temp " + "".join(f" {'S β=' + repr(b):>10} {'corrected':>10}" for b, *_ in averages))
    # The usual days, and the last day of the series when it is not one of them.
    for day in sorted({d for d in SHOWN_DAYS if d <= days} | {days}):
        print(f"{day:3} {y[day - 1]:6.2f}" + "".join(f" {a[1][day - 1]:10.4f} {a[2][day - 1]:10.4f}" for a in averages))
    for b, _, _, weights in averages:
        print(f"β={b!r}: weights of today, yesterday, ... = {', '.join(f'{w:.4f}' for w in weights[:4])}, ...; "
              f"all {days} weights sum to 1 − β^{days} = {1 - math.pow(b, days):.4f}")
    return {"temperature": to_json(temperature),
            "averages": [{"beta": b, "ewma": e, "ewma_corrected": c, "weights": w} for b, e, c, w in averages]}


def backprop(lr=0.5):
    i, target = [0.05, 0.10], [0.01, 0.99]
    hidden, output, b1, b2 = [0.15, 0.20, 0.25, 0.30], [0.40, 0.45, 0.50, 0.55], 0.35, 0.60
    sig = lambda z: 1 / (1 + math.exp(-z))
    h = [sig(hidden[0] * i[0] + hidden[1] * i[1] + b1), sig(hidden[2] * i[0] + hidden[3] * i[1] + b1)]
    o = [sig(output[0] * h[0] + output[1] * h[1] + b2), sig(output[2] * h[0] + output[3] * h[1] + b2)]
    loss = 0.5 * math.pow(target[0] - o[0], 2) + 0.5 * math.pow(target[1] - o[1], 2)
    F = lambda v: f"{v:.6f}"
    print(f"forward: h1 = {F(h[0])}, h2 = {F(h[1])}, o1 = {F(o[0])}, o2 = {F(o[1])}, E = ½Σ(target − o)² = {F(loss)}")
    delta = [(o[0] - target[0]) * o[0] * (1 - o[0]), (o[1] - target[1]) * o[1] * (1 - o[1])]
    chain = [0.0] * 8
    print("chain rule, output layer: ∂E/∂w = (o − target) · o(1 − o) · h")
    for k in range(2):
        for j in range(2):
            idx = 4 + 2 * k + j
            chain[idx] = delta[k] * h[j]
            print(f"  ∂E/∂w{idx + 1} = {F(o[k] - target[k])} · {F(o[k] * (1 - o[k]))} · {F(h[j])} = {F(chain[idx])}")
    print("chain rule, hidden layer: ∂E/∂w = (Σ_k δo_k · w_k) · h(1 − h) · input")
    for j in range(2):
        back = delta[0] * output[j] + delta[1] * output[2 + j]
        for n in range(2):
            idx = 2 * j + n
            chain[idx] = back * h[j] * (1 - h[j]) * i[n]
            print(f"  ∂E/∂w{idx + 1} = {F(back)} · {F(h[j] * (1 - h[j]))} · {F(i[n])} = {F(chain[idx])}")
    x = torch.tensor(i)
    t = torch.tensor(target)
    w_hidden = torch.tensor(hidden).reshape(2, 2).requires_grad_()
    w_output = torch.tensor(output).reshape(2, 2).requires_grad_()
    error = 0.5 * (t - torch.sigmoid(torch.mv(w_output, torch.sigmoid(torch.mv(w_hidden, x) + b1)) + b2)).pow(2).sum()
    error.backward()
    autograd = w_hidden.grad.double().flatten().tolist() + w_output.grad.double().flatten().tolist()
    print("")
    print("weight  chain rule   autograd     W0      W1 = W0 − lr·grad")
    w0 = hidden + output
    w1 = [w - lr * g for w, g in zip(w0, chain)]
    for n in range(8):
        print(f"w{n + 1}    {F(chain[n]):>10} {F(autograd[n]):>10} {w0[n]:6.2f} {F(w1[n]):>10}")
    return {"loss": loss, "chain_rule_grads": chain, "autograd_grads": autograd,
            "autograd_loss": to_json(error), "updated_weights": w1}


def gd_variants(lr=0.05, epochs=20, batch_size=16, samples=100):
    seed = torch.initial_seed()
    runs = []
    for name, bs in [("BGD", samples), ("SGD", 1), ("mini-batch", batch_size)]:
        torch.manual_seed(seed)
        x = torch.randn(samples, 2)
        y = torch.mv(x, torch.tensor([2.0, -3.0])) + 1 + 0.5 * torch.randn(samples)
        model = nn.Linear(2, 1)
        optimizer = optim.SGD(model.parameters(), lr)
        runs.append((name, bs, (samples + bs - 1) // bs, fit(model, nn.MSELoss(), optimizer, x, y.unsqueeze(1), epochs, bs)))
    print(f"{'variant':<12} {'batch size':>10} {'iterations/epoch':>16} {'epochs':>6} {'iterations':>10}")
    for name, bs, iters, _ in runs:
        print(f"{name:<12} {bs:10} {iters:16} {epochs:6} {iters * epochs:10}")
    print("")
    print(f"{'epoch':>5}" + "".join(f" {name + ' loss':>16}" for name, *_ in runs))
    # Rows for the epochs some run completed; a loss of a million or more in scientific form, so columns stay aligned.
    for e in range(max(len(r[3]["epoch_losses"]) for r in runs)):
        cells = [(lambda v: f"{v:.6f}" if abs(v) < 1e6 else f"{v:.4e}")(r[3]['epoch_losses'][e]) if e < len(r[3]["epoch_losses"]) else "-" for r in runs]
        print(f"{e + 1:5}" + "".join(f" {cell:>16}" for cell in cells))
    return {"variants": [{"name": name, "batch_size": bs, "iterations_per_epoch": iters, "epochs": epochs,
                          "epoch_losses": run["epoch_losses"], "first_step_losses": run["step_losses"][:10]}
                         for name, bs, iters, run in runs]}


# RMSProp's alpha and Adam's betas are the course's in every lesson of the chapter (alpha=0.9 in 3.3.5, betas=(0.9, 0.99)
# in 3.3.6; PyTorch's defaults are 0.99 and (0.9, 0.999)): OptimizerSettings.Course. The comparison lessons' knobs change them.
OPTIMIZERS = {
    "sgd": lambda p, lr, alpha, beta1, beta2: optim.SGD(p, lr),
    "momentum": lambda p, lr, alpha, beta1, beta2: optim.SGD(p, lr, momentum=0.9),
    "adagrad": lambda p, lr, alpha, beta1, beta2: optim.Adagrad(p, lr),
    "rmsprop": lambda p, lr, alpha, beta1, beta2: optim.RMSprop(p, lr, alpha=alpha),
    "adam": lambda p, lr, alpha, beta1, beta2: optim.Adam(p, lr, betas=(beta1, beta2)),
}


def momentum_dynamics(momenta=(0.5, 0.9, 0.99), lr=0.1, steps=60):
    """动量算法, deepened: SGD with momentum μ on the bowl 0.1·x1² + 2·x2² from (−5, −2)."""
    f = lambda x: 0.1 * x[0].pow(2) + 2 * x[1].pow(2)
    runs = []
    print(f"{'momentum':>8} {'lr/(1-μ)':>9} {'final f':>12} {'x1 max':>8} {'x2 sign changes':>15}")
    for mu in momenta:
        x = torch.tensor([-5.0, -2.0], requires_grad=True)
        optimizer = optim.SGD([x], lr=lr, momentum=mu)
        path, grads, buffers = [x.detach().double().tolist()], [], []
        for _ in range(steps):
            optimizer.zero_grad()
            f(x).backward()
            optimizer.step()
            path.append(x.detach().double().tolist())
            grads.append([f32(v) for v in x.grad.tolist()])
            buffer = optimizer.state[x].get("momentum_buffer")  # None for μ = 0
            buffers.append([] if buffer is None else [f32(v) for v in buffer.tolist()])
        with torch.no_grad():
            final = f32(f(x).item())
        flips = sum(1 for a, b in zip(path, path[1:]) if a[1] * b[1] < 0)
        overshoot = max(p[0] for p in path)
        print(f"{mu!r:>8} {lr / (1 - mu):9.4g} {final:12.6g} {overshoot:8.4f} {flips:15d}")
        runs.append({"momentum": mu, "lr": lr, "effective_lr": lr / (1 - mu), "final_f": final, "x1_max": overshoot,
                     "x2_sign_changes": flips, "path": path, "grads": grads, "momentum_buffers": buffers})
    return {"runs": runs}


LR_GRID = [0.03, 0.1, 0.3, 1.0, 3.0]


def walk(name, f, start, rate, steps, settings, built=None):
    x = torch.tensor(start, requires_grad=True)
    optimizer = OPTIMIZERS[name]([x], rate, **settings)
    if built is not None and read_settings(optimizer):
        built[name] = read_settings(optimizer)
    path = [x.detach().double().tolist()]
    for _ in range(steps):
        optimizer.zero_grad()
        f(x).backward()
        optimizer.step()
        point = x.detach().double().tolist()
        if not all(math.isfinite(v) for v in point):
            return path, float("nan")
        path.append(point)
    with torch.no_grad():
        return path, f32(f(x).item())


def best_lr(name, f, start, steps, settings):
    """The grid's rate with the lowest finite final f (the smaller rate on a tie)."""
    best, best_f = LR_GRID[0], math.inf
    for rate in LR_GRID:
        value = walk(name, f, start, rate, steps, settings)[1]
        if math.isfinite(value) and value < best_f:
            best, best_f = rate, value
    return best


def optimizer_paths(lr=None, saddle_lr=0.05, steps=20, optimizers="sgd,momentum,adagrad,rmsprop,adam", alpha=0.9, beta1=0.9, beta2=0.99):
    settings = {"alpha": alpha, "beta1": beta1, "beta2": beta2}
    built = {}
    surfaces = [
        ("bowl", lambda x: 0.1 * x[0].pow(2) + 2 * x[1].pow(2), [-5.0, -2.0], lr, "f(x1, x2) = 0.1·x1² + 2·x2², from (-5, -2)"),
        ("saddle", lambda x: x[0].pow(2) - x[1].pow(2), [-1.5, 0.01], saddle_lr, "Saddle point f(x1, x2) = x1² - x2², from (-1.5, 0.01)"),
    ]
    results = {}
    for surface, f, start, rate, title in surfaces:
        grid = rate is None
        if grid:
            print(f"{title}: {steps} steps, each optimizer at its best lr of {LR_GRID!r}")
        else:
            print(f"{title}: {steps} steps, lr {rate!r}")
        paths = {}
        for name in optimizers.split(","):
            chosen = best_lr(name, f, start, steps, settings) if grid else rate
            path, value = walk(name, f, start, chosen, steps, settings, built)
            print(f"  {name:<9} lr {chosen!r:<5} final point ({path[-1][0]:.6f}, {path[-1][1]:.6f})  f = {value:.6f}")
            paths[name] = {"lr": chosen, "points": path, "final_f": value}
        results[surface] = paths
    return {"paths": results, "settings": built}


def grid_for(name):
    """Each optimizer's grid: a decade around its usual rate (see OptimizerCompareLesson.GridFor)."""
    if name in ("rmsprop", "adam"):
        return [0.001, 0.003, 0.01, 0.03]
    if name == "momentum":
        return [0.003, 0.01, 0.03, 0.1]
    return [0.01, 0.03, 0.1, 0.3]


def compare_trial(name, rate, seed, epochs, batch_size, settings, built):
    """One run: per seed the data, its split (200 train / 50 validation / 50 test), weights and shuffles."""
    torch.manual_seed(seed)
    centres = torch.tensor([[0.0, 0.0], [2.5, 2.5], [-2.5, 2.5]])
    labels = torch.arange(3).repeat_interleave(100)
    points = centres.index_select(0, labels) + 1.2 * torch.randn(300, 2)
    order = torch.randperm(300)
    take = lambda start, count: points.index_select(0, order.narrow(0, start, count))
    label = lambda start, count: labels.index_select(0, order.narrow(0, start, count))
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
    criterion = nn.CrossEntropyLoss()
    optimizer = OPTIMIZERS[name](model.parameters(), rate, **settings)
    if read_settings(optimizer):
        built[name] = read_settings(optimizer)
    run = fit(model, criterion, optimizer, take(0, 200), label(0, 200), epochs, batch_size)
    if run["diverged"] is not None:
        return {"lr": rate, "seed": seed, "run": run, "val": math.inf, "test": math.inf, "accuracy": math.nan}
    with torch.no_grad():
        val = f32(criterion(model(take(200, 50)), label(200, 50)).item())
        out = model(take(250, 50))
        test = f32(criterion(out, label(250, 50)).item())
        accuracy = (out.argmax(1) == label(250, 50)).double().mean().item()
    return {"lr": rate, "seed": seed, "run": run, "val": val if math.isfinite(val) else math.inf, "test": test, "accuracy": accuracy}


def mean_std(values):
    values = list(values)
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
    return mean, std


MAX_EXTENSIONS, MIN_RATE, MAX_RATE = 3, 1e-5, 10.0


def beyond(edge, up):
    """The grid's next value past its top (up) or bottom: 0.3 -> 1 -> 3, 0.001 -> 0.0003 (see OptimizerCompareLesson.Beyond)."""
    decade = 10.0 ** math.floor(math.log10(edge) + 1e-9)
    one = edge / decade < 2
    return float(f"{(3 * decade if one else 10 * decade) if up else (0.3 * decade if one else decade):.12g}")


def optimizer_compare(epochs=30, batch_size=32, seeds=3, lr=None, optimizers="sgd,momentum,adagrad,rmsprop,adam", alpha=0.9, beta1=0.9, beta2=0.99):
    settings = {"alpha": alpha, "beta1": beta1, "beta2": beta2}
    built = {}
    first_seed = torch.initial_seed()
    chosen = []
    for name in optimizers.split(","):
        grid = [lr] if lr is not None else grid_for(name)
        trials = [compare_trial(name, rate, first_seed + s, epochs, batch_size, settings, built) for rate in grid for s in range(seeds)]
        extensions = 0
        while True:
            # The lowest mean validation loss; at an edge of the grid, the grid grows past it (at most 3 times, within [1e-5, 10]).
            val_by_lr = [sum(t["val"] for t in trials if t["lr"] == rate) / seeds for rate in grid]
            best = val_by_lr.index(min(val_by_lr))
            edge = len(grid) > 1 and best in (0, len(grid) - 1)
            nxt = beyond(grid[0] if best == 0 else grid[-1], up=best != 0) if edge else None
            if not edge or extensions == MAX_EXTENSIONS or not MIN_RATE <= nxt <= MAX_RATE:
                break
            trials += [compare_trial(name, nxt, first_seed + s, epochs, batch_size, settings, built) for s in range(seeds)]
            grid = [nxt] + grid if best == 0 else grid + [nxt]
            extensions += 1
        chosen.append((name, grid, grid[best], val_by_lr, extensions, [t for t in trials if t["lr"] == grid[best]]))
    print(f"{'optimizer':<10} {'lr':>6} {'test loss (mean ± std)':>24} {'test accuracy':>13}")
    results = []
    for name, grid, rate, val_by_lr, extensions, trials in chosen:
        mean, std = mean_std(t["test"] for t in trials)
        accuracy = sum(t["accuracy"] for t in trials) / len(trials)
        cell = f"{mean:.4f} ± {std:.4f}"
        print(f"{name:<10} {rate!r:>6} {cell:>24} {accuracy:13.4f}")
        epochs_done = min(len(t["run"]["epoch_losses"]) for t in trials)
        curve = [sum(t["run"]["epoch_losses"][e] for t in trials) / len(trials) for e in range(epochs_done)]
        results.append({"name": name, "lr": rate, "lr_grid": grid, "lr_grid_initial": [lr] if lr is not None else grid_for(name),
                        "grid_extensions": extensions, "lr_interior": len(grid) > 2 and rate not in (grid[0], grid[-1]),
                        "val_loss_by_lr": [finite_or_text(v) for v in val_by_lr],
                        "seeds": [t["seed"] for t in trials], "final_loss_mean": mean, "final_loss_std": std,
                        "test_accuracy_mean": accuracy, "epoch_losses": curve})
    return {"optimizers": results, "settings": built}


def cases(knob_sets, seed=0):
    return [(seed, knobs, {}) for knobs in knob_sets]


LESSONS = [
    ("gd-variants", gd_variants, cases([{}, {"batch-size": 10, "lr": 0.02, "epochs": 10}]) + [(5, {"samples": 40, "epochs": 8}, {})]
     # lr 0.4: SGD's single-sample steps grow without bound; losses of a million or more print in scientific form.
     + cases([{"lr": 0.4, "epochs": 3}])),
    ("backprop", backprop, cases([{}, {"lr": 0.1}])),
    # Seed 0's network has both linear2 units dead for these inputs: every gradient before them is 0.
    # Batches of 16 and more are left to a test with a rounding bound: libtorch 2.10's autograd sums the
    # bias gradients over the batch in another order than PyTorch 1.13's (measured: 0 vs up to 128 ulps).
    ("backprop-model", backprop_model, [(s, {}, {}) for s in (1, 0, 2, 42)] + cases([{"reduction": "mean"}, {"batch": 8}], seed=3)),
    ("ewma", ewma, cases([{}, {"beta": [0.8], "days": 30}]) + [(3, {}, {}), (42, {"beta": [0.0, 0.5, 0.99]}, {})]),
    ("momentum-dynamics", momentum_dynamics, cases([{}, {"momenta": [0.0, 0.5], "lr": 0.2, "steps": 30}, {"momenta": [0.9], "lr": 0.02, "steps": 100}])),
    ("momentum", momentum, cases([{}, {"steps": 10}, {"momentum": 0.5, "lr": 0.1, "steps": 5}, {"momentum": 0.0, "steps": 3}, {"momentum": 0.99, "lr": 0.5, "steps": 20}])),
    ("adagrad", adagrad, cases([{}, {"steps": 10}, {"lr": 0.5, "steps": 8}])),
    ("rmsprop", rmsprop, cases([{}, {"steps": 10}, {"alpha": 0.99, "lr": 0.1, "steps": 6}, {"alpha": 0.0, "steps": 4}, {"alpha": 1.0, "steps": 3}])),
    ("adam", adam, cases([{}, {"steps": 10}, {"beta1": 0.5, "beta2": 0.999, "lr": 0.1, "steps": 6}, {"beta1": 0.0, "beta2": 0.0, "steps": 4}])),
    ("optimizer-paths", optimizer_paths, cases([{}, {"lr": 0.4}, {"lr": 0.1, "saddle-lr": 0.1, "steps": 30}, {"optimizers": "adam,sgd", "steps": 5},
                                                # PyTorch's defaults instead of the course's alpha and betas.
                                                {"alpha": 0.99, "beta1": 0.9, "beta2": 0.999, "steps": 10}])),
    ("optimizer-compare", optimizer_compare, cases([{}, {"epochs": 10, "batch-size": 50, "lr": 0.05, "seeds": 2}]) + [(11, {"optimizers": "adam,momentum", "epochs": 15}, {}),
                                                  # Grids extended past their edges (teaching-review-3, statement 11).
                                                  (31337, {"epochs": 5, "batch-size": 200}, {})]),
]

#!/usr/bin/env python3
"""PyTorch twin of `dotnet run -c Release --project Chapter4 -- bench`: the same workloads, the same
JSON. Uses Debian's python3-torch (1.13) for /usr/bin/python3.

    /usr/bin/python3 tools/bench/bench.py [--workload course-mlp,mlp-784,memory] [--scale F]
"""
import argparse
import gc
import json
import os
import platform
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parity"))
from twins_model import ModelDemo  # noqa: E402

WORKLOADS = ["course-mlp", "mlp-784", "memory"]


def steps(count, scale):
    return max(1, round(count * scale))


def median_us(n, step):
    """n steps in 10 equal blocks; the median block's time per step (as the C# side)."""
    blocks, per = 10, max(1, n // 10)
    times = []
    for _ in range(blocks):
        t = time.perf_counter()
        for _ in range(per):
            step()
        times.append((time.perf_counter() - t) * 1e6 / per)
    times.sort()
    return (times[blocks // 2 - 1] + times[blocks // 2]) / 2


class CourseMlp:
    """W1's step: ModelDemo, batch 5, CrossEntropy on its output, SGD(lr 0.01, momentum 0.9)."""

    def __init__(self, seed):
        torch.manual_seed(seed)
        self.model = ModelDemo()
        self.x = torch.randn(5, 3)
        self.y = torch.tensor([0, 1, 0, 1, 1])
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.01, momentum=0.9)
        self.criterion = nn.CrossEntropyLoss()

    def step(self):
        loss = self.criterion(self.model(self.x), self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()


class CourseMlpManual(CourseMlp):
    """W1's step with the backward written by hand (the formulas of the backprop-model lesson), mirroring
    Chapter4's HandWrittenCourseStep op for op: parameters and gradients are views of one flat buffer each,
    every intermediate a buffer made once, ops in place or writing into one (addmm_/addmv_ with beta 0
    overwrite), then SGD with momentum on the flat buffers. Only softmax, log_softmax and the loss allocate."""

    def __init__(self, seed):
        super().__init__(seed)
        params = list(self.model.parameters())
        self.flat = torch.cat([p.detach().reshape(-1) for p in params])
        self.grads = torch.zeros_like(self.flat)
        views, offset = [], 0
        for p in params:
            n = p.numel()
            views.append((self.flat[offset:offset + n].view_as(p), self.grads[offset:offset + n].view_as(p)))
            offset += n
        with torch.no_grad():
            for p, (value, _) in zip(params, views):
                p.set_(value)
        (self.w1, self.gw1), (self.b1, self.gb1), (self.w2, self.gw2), (self.b2, self.gb2), (self.w3, self.gw3), (self.b3, self.gb3) = views
        self.w1t, self.w2t, self.w3t = self.w1.t(), self.w2.t(), self.w3.t()
        batch = self.x.shape[0]
        self.h1, self.h2, self.z3 = torch.empty(batch, 3), torch.empty(batch, 2), torch.empty(batch, 2)
        self.dz3, self.dh2, self.relu_mask, self.dh1 = torch.empty(batch, 2), torch.empty(batch, 2), torch.empty(batch, 2), torch.empty(batch, 3)
        self.dz3t, self.dh2t, self.dh1t = self.dz3.t(), self.dh2.t(), self.dh1.t()
        self.row_sums = torch.empty(batch)
        self.row_sums_column = self.row_sums.view(batch, 1)
        self.batch_ones, self.class_ones = torch.ones(batch), torch.ones(2)
        self.inverse_batch = torch.tensor(1.0 / batch)  # 0-dim tensors, as on the C# side
        self.momentum = torch.tensor(0.9)
        self.one_hot_over_batch = nn.functional.one_hot(self.y, 2).float().mul(self.inverse_batch)
        self.buf = None

    def step(self):
        with torch.no_grad():
            self.h1.copy_(self.b1).addmm_(self.x, self.w1t).sigmoid_()
            self.h2.copy_(self.b2).addmm_(self.h1, self.w2t).relu_()
            self.z3.copy_(self.b3).addmm_(self.h2, self.w3t)
            p = torch.softmax(self.z3, 1)
            log_softmax = torch.log_softmax(p, 1)
            loss = nn.functional.nll_loss(log_softmax, self.y)
            dp = log_softmax.exp_().mul_(self.inverse_batch).add_(self.one_hot_over_batch, alpha=-1)
            self.dz3.copy_(dp).mul_(p)
            self.row_sums.addmv_(self.dz3, self.class_ones, beta=0)
            self.dz3.addcmul_(p, self.row_sums_column, value=-1)
            self.gw3.addmm_(self.dz3t, self.h2, beta=0)
            self.gb3.addmv_(self.dz3t, self.batch_ones, beta=0)
            self.dh2.addmm_(self.dz3, self.w3, beta=0).mul_(self.relu_mask.copy_(self.h2).sign_())
            self.gw2.addmm_(self.dh2t, self.h1, beta=0)
            self.gb2.addmv_(self.dh2t, self.batch_ones, beta=0)
            self.dh1.addmm_(self.dh2, self.w2, beta=0).mul_(self.h1).addcmul_(self.dh1, self.h1, value=-1)
            self.gw1.addmm_(self.dh1t, self.x, beta=0)
            self.gb1.addmv_(self.dh1t, self.batch_ones, beta=0)
            if self.buf is None:
                self.buf = self.grads.clone()
            else:
                self.buf.mul_(self.momentum).add_(self.grads)
            self.flat.add_(self.buf, alpha=-0.01)
        return loss


def course_mlp(warmup, n):
    def time(trainer):
        for _ in range(warmup):
            trainer.step()
        return round(median_us(n, trainer.step), 2)
    autograd = time(CourseMlp(0))
    # As on the C# side: the hand-written step's tiny ops on one intra-op thread.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        manual = time(CourseMlpManual(0))
    finally:
        torch.set_num_threads(threads)
    return {"warmup": warmup, "steps": n, "us_per_step": autograd, "us_per_step_manual": manual, "manual_threads": 1}


def matmul_gflops(n, repeats):
    """(best, median) GFLOP/s of an n×n matmul over `repeats` runs after two warm-up runs (as the C# side)."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    times = []
    for i in range(repeats + 2):
        t = time.perf_counter()
        torch.matmul(a, b)
        if i >= 2:
            times.append(time.perf_counter() - t)
    times.sort()
    median = (times[(len(times) - 1) // 2] + times[len(times) // 2]) / 2
    return 2.0 * n ** 3 / times[0] / 1e9, 2.0 * n ** 3 / median / 1e9


def mlp_784(warmup, n):
    batch, sizes = 256, [784, 512, 256, 10]
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    criterion = nn.CrossEntropyLoss()
    x = torch.randn(batch, 784)
    y = torch.randint(0, 10, (batch,))

    def step():
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    seconds = median_us(n, step) / 1e6
    forward = sum(2.0 * batch * sizes[l] * sizes[l + 1] for l in range(len(sizes) - 1))
    flops = 3 * forward - 2.0 * batch * sizes[0] * sizes[1]
    gflops = flops / seconds / 1e9
    matmul, matmul_median = matmul_gflops(1024, 10)
    return {"warmup": warmup, "steps": n, "ms_per_step": round(seconds * 1e3, 3), "gflop_per_step": round(flops / 1e9, 4),
            "gflops": round(gflops, 2), "matmul_gflops": round(matmul, 2), "matmul_gflops_median": round(matmul_median, 2),
            "fraction_of_matmul": round(gflops / matmul, 3), "fraction_of_median_matmul": round(gflops / matmul_median, 3)}


def resident_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def live_tensors():
    return sum(1 for o in gc.get_objects() if torch.is_tensor(o))


def memory(n, every):
    trainer = CourseMlp(0)
    samples, baseline = [], min(n, every * 2)
    rss0 = live0 = 0
    for i in range(1, n + 1):
        trainer.step()
        if i % every and i != n:
            continue
        rss, live = resident_bytes(), live_tensors()
        if i == baseline:
            rss0, live0 = rss, live
        samples.append({"step": i, "rss_mb": round(rss / 1048576, 2), "live_tensors": live})
    rss, live = resident_bytes(), live_tensors()
    return {"steps": n, "sample_every": every, "baseline_step": baseline,
            "rss_growth_percent": round(100.0 * (rss - rss0) / rss0, 3) if rss0 else 0,
            "live_tensor_growth": live - live0, "samples": samples}


def machine():
    cpu = "unknown CPU"
    if os.path.exists("/proc/cpuinfo"):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, {platform.platform()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", default=",".join(WORKLOADS))
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    threads = os.cpu_count()
    torch.set_num_threads(threads)
    report = {"side": "pytorch", "runtime": f"PyTorch {torch.__version__} on Python {platform.python_version()}",
              "threads": threads, "machine": machine(), "workloads": {}}
    for w in args.workload.split(","):
        print(f"bench: {w} ...", file=sys.stderr)
        if w == "course-mlp":
            report["workloads"][w] = course_mlp(steps(500, args.scale), steps(20000, args.scale))
        elif w == "mlp-784":
            report["workloads"][w] = mlp_784(steps(20, args.scale), steps(200, args.scale))
        elif w == "memory":
            report["workloads"][w] = memory(steps(200000, args.scale), max(1, steps(10000, args.scale)))
        else:
            sys.exit(f"unknown workload {w!r}; valid: {', '.join(WORKLOADS)}")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

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


def course_mlp(warmup, n):
    trainer = CourseMlp(0)
    for _ in range(warmup):
        trainer.step()
    return {"warmup": warmup, "steps": n, "us_per_step": round(median_us(n, trainer.step), 2)}


def matmul_gflops(n, repeats):
    a, b = torch.randn(n, n), torch.randn(n, n)
    best = float("inf")
    for i in range(repeats + 2):
        t = time.perf_counter()
        torch.matmul(a, b)
        if i >= 2:
            best = min(best, time.perf_counter() - t)
    return 2.0 * n ** 3 / best / 1e9


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
    matmul = matmul_gflops(1024, 10)
    return {"warmup": warmup, "steps": n, "ms_per_step": round(seconds * 1e3, 3), "gflop_per_step": round(flops / 1e9, 4),
            "gflops": round(gflops, 2), "matmul_gflops": round(matmul, 2), "fraction_of_matmul": round(gflops / matmul, 3)}


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

#!/usr/bin/env python3
"""Runs both benchmarks on this machine, one after the other, and prints Chapter4 / PyTorch per workload.

    /usr/bin/python3 tools/bench/compare.py [--workload ...] [--scale F]

Builds Chapter4 in Release first. Both sides use all cores (torch.set_num_threads(cores)).
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def run(cmd):
    print("$ " + " ".join(cmd), file=sys.stderr)
    return json.loads(subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", default="course-mlp,mlp-784,memory")
    parser.add_argument("--scale", default="1")
    args = parser.parse_args()
    subprocess.run(["dotnet", "build", "-c", "Release", "Chapter4", "-v", "q", "-nologo"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    cs = run(["dotnet", "run", "-c", "Release", "--no-build", "--project", "Chapter4", "--", "bench", "--json",
              "--workload", args.workload, "--scale", args.scale])
    py = run([sys.executable, "tools/bench/bench.py", "--workload", args.workload, "--scale", args.scale])
    print(f"machine: {cs['machine']}; threads: Chapter4 {cs['threads']}, PyTorch {py['threads']}")
    print(f"Chapter4: {cs['runtime']}; PyTorch: {py['runtime']}")
    print(f"{'workload':<12} {'metric':<22} {'Chapter4':>12} {'PyTorch':>12} {'C#/PyTorch':>11}")
    rows = [("course-mlp", "us_per_step"), ("course-mlp", "us_per_step_torch_optim"), ("mlp-784", "ms_per_step"),
            ("mlp-784", "gflops"), ("mlp-784", "fraction_of_matmul"), ("mlp-784", "matmul_gflops"),
            ("memory", "rss_growth_percent"), ("memory", "live_tensor_growth")]
    for workload, metric in rows:
        c = cs["workloads"].get(workload, {}).get(metric)
        p = py["workloads"].get(workload, {}).get(metric if metric != "us_per_step_torch_optim" else "us_per_step")
        if c is None:
            continue
        ratio = f"{c / p:.2f}" if p not in (None, 0) and metric not in ("rss_growth_percent", "live_tensor_growth") else ""
        print(f"{workload:<12} {metric:<22} {c:>12} {p if p is not None else '-':>12} {ratio:>11}")
    print(json.dumps({"chapter4": cs, "pytorch": py}), file=open(os.path.join(ROOT, "tools", "bench", "last-run.json"), "w"))


if __name__ == "__main__":
    main()

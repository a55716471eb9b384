#!/usr/bin/env python3
"""Runs both benchmarks on this machine and prints Chapter4 / PyTorch per workload.

    /usr/bin/python3 tools/bench/compare.py [--workload ...] [--scale F] [--rounds N]

Builds Chapter4 in Release first. Both sides use all cores (torch.set_num_threads(cores)).
The sides alternate for N rounds (C# first in odd rounds, PyTorch first in even ones), so a slow
spell on a shared machine hits both; each cell is the median over the rounds, and the ratio is the
median of the per-round ratios, with its range. A run that fails is reported with its exit code and
stderr and its round left out; the table is printed from the rounds that succeeded, and the exit code is 1.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# (row label, workload, Chapter4 metric, PyTorch metric, whether a ratio means anything)
ROWS = [("W1 flat SGD vs autograd", "course-mlp", "us_per_step", "us_per_step", True),
        ("W1 torch.optim vs autograd", "course-mlp", "us_per_step_torch_optim", "us_per_step", True),
        ("W1 one native call vs autograd", "course-mlp", "us_per_step_one_native_call", "us_per_step", True),
        ("W1 hand-written vs autograd", "course-mlp", "us_per_step_manual", "us_per_step", True),
        ("W1 hand-written vs hand-written", "course-mlp", "us_per_step_manual", "us_per_step_manual", True),
        ("W2 ms per step", "mlp-784", "ms_per_step", "ms_per_step", True),
        ("W2 ms per step, torch.optim.Adam", "mlp-784", "ms_per_step_torch_optim", "ms_per_step", True),
        ("W2 GFLOP/s", "mlp-784", "gflops", "gflops", True),
        ("W2 matmul GFLOP/s", "mlp-784", "matmul_gflops", "matmul_gflops", True),
        ("W2 share of best matmul", "mlp-784", "fraction_of_matmul", "fraction_of_matmul", True),
        ("W2 share of median matmul", "mlp-784", "fraction_of_median_matmul", "fraction_of_median_matmul", True),
        ("W3 RSS growth %", "memory", "rss_growth_percent", "rss_growth_percent", False),
        ("W3 live-tensor growth", "memory", "live_tensor_growth", "live_tensor_growth", False)]


def fmt(value):
    return f"{value:.4g}"


def run(cmd):
    """The run's JSON report, or None when it failed: then its exit code and stderr are printed, not thrown away."""
    print("$ " + " ".join(cmd), file=sys.stderr)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode == 0:
        try:
            return json.loads(done.stdout)
        except json.JSONDecodeError as e:
            problem = f"exit 0 but its stdout is not JSON ({e})"
    else:
        problem = f"exit {done.returncode}"
    print(f"  failed: {problem}; its stderr:", file=sys.stderr)
    for line in (done.stderr.rstrip() or "(empty)").splitlines():
        print("  | " + line, file=sys.stderr)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", default="course-mlp,mlp-784,memory")
    parser.add_argument("--scale", default="1")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    subprocess.run(["dotnet", "build", "-c", "Release", "Chapter4", "-v", "q", "-nologo"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    chapter4 = ["dotnet", "run", "-c", "Release", "--no-build", "--project", "Chapter4", "--", "bench", "--json",
                "--workload", args.workload, "--scale", args.scale]
    pytorch = [sys.executable, "tools/bench/bench.py", "--workload", args.workload, "--scale", args.scale]
    rounds, failed = [], 0
    for r in range(args.rounds):
        if r % 2 == 0:
            cs, py = run(chapter4), run(pytorch)
        else:
            py, cs = run(pytorch), run(chapter4)
        if cs is None or py is None:
            failed += 1  # a round counts only with both sides: its ratios need both
            continue
        rounds.append({"chapter4": cs, "pytorch": py})
    if not rounds:
        sys.exit(f"compare: all {args.rounds} round(s) failed; see the stderr above")

    first = rounds[0]
    print(f"machine: {first['chapter4']['machine']}; threads: Chapter4 {first['chapter4']['threads']}, PyTorch {first['pytorch']['threads']}")
    print(f"Chapter4: {first['chapter4']['runtime']}; PyTorch: {first['pytorch']['runtime']}; {len(rounds)} alternating rounds"
          + (f" ({failed} of {args.rounds} failed and left out)" if failed else ""))
    print(f"{'row (Chapter4 vs PyTorch)':<34} {'Chapter4':>10} {'PyTorch':>10} {'C#/PyTorch':>11}  per round")
    for label, workload, c_metric, p_metric, has_ratio in ROWS:
        cs = [r["chapter4"]["workloads"].get(workload, {}).get(c_metric) for r in rounds]
        py = [r["pytorch"]["workloads"].get(workload, {}).get(p_metric) for r in rounds]
        if None in cs or None in py:
            continue
        ratios = [c / p for c, p in zip(cs, py) if p] if has_ratio else []
        ratio = f"{statistics.median(ratios):.2f}" if ratios else ""
        spread = f"{min(ratios):.2f}..{max(ratios):.2f}" if ratios else " / ".join(f"{fmt(c)}|{fmt(p)}" for c, p in zip(cs, py))
        print(f"{label:<34} {fmt(statistics.median(cs)):>10} {fmt(statistics.median(py)):>10} {ratio:>11}  {spread}")
    with open(os.path.join(ROOT, "tools", "bench", "last-run.json"), "w") as f:
        json.dump({"rounds": rounds}, f)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

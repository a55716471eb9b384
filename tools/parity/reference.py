#!/usr/bin/env python3
"""PyTorch reference values for every Chapter4 lesson.

Each lesson has a PyTorch twin (twins_*.py) that runs the course's Python snippet and returns what
it printed and the same named results the C# lesson returns under --json. This script runs every
twin for the course's settings and several other seeds and knob values, and writes one fixture per
lesson to reference/<lesson>.json (the NUnit parity tests and the app's --compare read them).

    python3 tools/parity/reference.py                 # rewrite the committed fixtures
    python3 tools/parity/reference.py --check         # regenerate in memory, fail on any difference
    python3 tools/parity/reference.py --out DIR       # write elsewhere

Deterministic: the same PyTorch gives byte-identical files (fixed seeds, single thread, sorted
output, float32 values written as their shortest round-trip decimal).
"""
import argparse
import contextlib
import inspect
import io
import json
import os
import re
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import twins_losses  # noqa: E402
import twins_lr  # noqa: E402
import twins_model  # noqa: E402
import twins_optim  # noqa: E402

TWIN_MODULES = [twins_model, twins_losses, twins_optim, twins_lr]  # in course order

DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "..", "reference"))


def knob_args(knobs):
    """The C# command-line form of a knob dict: {"lr": 0.05} -> ["--lr", "0.05"]."""
    args = []
    for name, value in knobs.items():
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
            value = ";".join(",".join(str(v) for v in row) for row in value)
        elif isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        args += ["--" + name, str(value)]
    return args


def run_case(twin, seed, knobs):
    torch.manual_seed(seed)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        results = twin(**{name.replace("-", "_"): value for name, value in knobs.items()})
    return results, out.getvalue()


def extra_files():
    """Binary fixtures (e.g. a saved state_dict) that lessons read: name -> bytes."""
    files = {}
    for module in TWIN_MODULES:
        for name, make in getattr(module, "EXTRA_FILES", {}).items():
            files[name] = make()
    return files


def twin_source(module, twin):
    """The twin's Python as `<lesson> --source` shows it: its function, or for a twin made by a
    factory (momentum = optimizer_steps(...)), the factory and the line that makes it."""
    file = os.path.relpath(inspect.getsourcefile(module), os.path.join(HERE, "..", "..")).replace(os.sep, "/")
    if "<locals>" not in twin.__qualname__:
        return {"file": file, "source": inspect.getsource(twin).rstrip() + "\n"}
    factory = getattr(module, twin.__qualname__.split(".")[0])
    text = inspect.getsource(factory).rstrip() + "\n"
    module_text = inspect.getsource(module)
    for name in sorted(n for n, v in vars(module).items() if v is twin):
        match = re.search(rf"^{re.escape(name)} = .*$", module_text, re.MULTILINE)
        if match:
            text += "\n\n" + match.group(0) + "\n"
    return {"file": file, "source": text}


def build_fixtures(files_dir):
    fixtures = {}
    for module in TWIN_MODULES:
        module.FIXTURES_DIR = files_dir
        for lesson, twin, cases in module.LESSONS:
            entries = []
            for seed, knobs, extra in cases:
                results, stdout = run_case(twin, seed, dict(knobs))
                args = knob_args(knobs)
                name = " ".join([f"seed={seed}"] + args)
                entry = {"name": name, "seed": seed, "args": args, "results": results, "stdout": stdout}
                entry.update(extra)
                entries.append(entry)
            fixtures[lesson] = {
                "lesson": lesson,
                "generated_by": "tools/parity/reference.py",
                "torch_version": torch.__version__,
                "twin": twin_source(module, twin),
                "entries": entries,
            }
    return fixtures


def dump(fixture):
    return json.dumps(fixture, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT, help="folder for the fixture files")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = parser.parse_args()
    torch.set_num_threads(1)

    files = extra_files()
    if not args.check:
        os.makedirs(args.out, exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(args.out, name), "wb") as f:
                f.write(data)
        fixtures = build_fixtures(args.out)
        for lesson, fixture in fixtures.items():
            with open(os.path.join(args.out, lesson + ".json"), "w", encoding="utf-8") as f:
                f.write(dump(fixture))
        print(f"wrote {len(fixtures)} fixtures ({sum(len(f['entries']) for f in fixtures.values())} entries) to {args.out}")
        return 0

    problems = []
    for name, data in files.items():
        path = os.path.join(args.out, name)
        if not os.path.exists(path) or open(path, "rb").read() != data:
            problems.append(f"{name}: differs from what PyTorch writes")
    with tempfile.TemporaryDirectory() as scratch:
        for name, data in files.items():
            with open(os.path.join(scratch, name), "wb") as f:
                f.write(data)
        fixtures = build_fixtures(scratch)
    for lesson, fixture in fixtures.items():
        path = os.path.join(args.out, lesson + ".json")
        if not os.path.exists(path):
            problems.append(f"{lesson}: fixture file missing ({path})")
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if text == dump(fixture):
            continue
        committed = json.loads(text)
        fresh = {e["name"]: e for e in fixture["entries"]}
        old = {e["name"]: e for e in committed.get("entries", [])}
        for name in sorted(set(fresh) | set(old)):
            if name not in old:
                problems.append(f"{lesson} [{name}]: entry missing from the committed fixture")
            elif name not in fresh:
                problems.append(f"{lesson} [{name}]: committed entry that PyTorch no longer produces")
            elif fresh[name] != old[name]:
                keys = sorted(k for k in set(fresh[name]) | set(old[name]) if fresh[name].get(k) != old[name].get(k))
                problems.append(f"{lesson} [{name}]: differs in {', '.join(keys)}")
        for key in ("lesson", "generated_by", "torch_version", "twin"):
            if committed.get(key) != fixture[key]:
                problems.append(f"{lesson}: '{key}' is {committed.get(key)!r}, PyTorch gives {fixture[key]!r}")
        if not any(p.startswith(lesson) for p in problems):
            problems.append(f"{lesson}: file differs in layout from what the script writes")
    for lesson in sorted(f[:-5] for f in os.listdir(args.out) if f.endswith(".json")):
        if lesson not in fixtures:
            problems.append(f"{lesson}: committed fixture has no PyTorch twin")
    if problems:
        print("fixtures are stale or edited by hand:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"fixtures fresh: {len(fixtures)} lessons, {sum(len(f['entries']) for f in fixtures.values())} entries match PyTorch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

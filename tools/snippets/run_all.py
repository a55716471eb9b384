"""Runs the Python snippets (snippets/*.py) in ONE process and prints their stdout as JSON.

Used by Chapter4.Tests/SnippetTests.cs: one `import torch` (about 1–2 s) instead of one per snippet.
Each snippet runs as `python3 snippets/<name>.py` would run it (runpy, __name__ == '__main__'),
with its stdout captured. Output: {"<name>": {"stdout": "...", "error": null or "one line"}, ...}.

    /usr/bin/python3 tools/snippets/run_all.py [snippets/<name>.py ...]   (default: every snippet)
"""
import contextlib
import glob
import io
import json
import os
import runpy
import sys
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(paths):
    try:
        import torch  # noqa: F401  (once, before the first snippet, so a missing torch is one clear line)
    except ImportError as e:
        print(f"run_all.py: {sys.executable} cannot import torch ({e}); install it: apt-get install python3-torch",
              file=sys.stderr)
        return 2
    results = {}
    for path in paths or sorted(glob.glob(os.path.join(ROOT, "snippets", "*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        out = io.StringIO()
        error = None
        try:
            with contextlib.redirect_stdout(out):
                runpy.run_path(path, run_name="__main__")
        except BaseException:  # a snippet that fails is reported, and the others still run
            error = traceback.format_exc().strip().splitlines()[-1]
        results[name] = {"stdout": out.getvalue(), "error": error}
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

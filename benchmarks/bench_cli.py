"""Wall time of the interactive commands on the example workspace (a script, not a test).

    python benchmarks/bench_cli.py [--runs 7]

Each command runs as a user runs it (a new process through the `bulletin` entry point); the
table gives the median and the best of the runs, and whether python-docx was imported."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "anhua"

COMMANDS = [
    ["--help"],
    ["validate"],
    ["status"],
    ["preview", "--no-pager"],
    ["lint"],
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("bulletin") or f"{sys.executable} -m bulletin_cli"
    env = {**os.environ, "BULLETIN_LANG": "zh"}
    print(f"{'command':<28}{'median s':>10}{'best s':>10}  python-docx imported")
    for command in COMMANDS:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([*exe.split(), *command], cwd=EXAMPLE, env=env, capture_output=True)
            times.append(time.perf_counter() - start)
        probe = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "bulletin_cli", *command],
            cwd=EXAMPLE,
            env=env,
            capture_output=True,
            text=True,
        )
        imported = any(line.rstrip().endswith((" docx", " docx.api")) for line in probe.stderr.splitlines())
        print(f"{'bulletin ' + ' '.join(command):<28}{statistics.median(times):>10.3f}{min(times):>10.3f}  {imported}")
    lint_in_process()


def lint_in_process() -> None:
    """The lint work alone on the example issue: cold (import and OpenCC set-up) and warm."""
    start = time.perf_counter()
    from bulletin_cli.lint import lint_fragment_file

    files = sorted((EXAMPLE / "issues" / "005" / "fragments").glob("*.yaml"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    for name, text in texts:
        lint_fragment_file(name, text)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        for name, text in texts:
            lint_fragment_file(name, text)
        warm.append(time.perf_counter() - start)
    print(f"lint of the example issue in-process ({len(files)} files): cold {cold:.3f} s, warm {min(warm):.3f} s")


if __name__ == "__main__":
    main()

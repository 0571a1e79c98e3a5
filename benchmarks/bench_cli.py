"""Start-up of the interactive commands, as a ratio to the imports each cannot avoid
(a script, not a test).

    python benchmarks/bench_cli.py [--runs 15] [--json]

Each command runs as a user runs it (a new process through the `bulletin` entry point of the
interpreter running this script) on a copy of the example workspace. Its floor is a bare
``python -c "import …"`` of the libraries the command needs anyway, measured in the same run
with the two alternating (floor, command, floor, command, …) so that a busy machine slows both
alike. The ratio is median(command) / median(floor) of wall time, "best" is min / min; the CPU
ratio (user + system time of the child, medians) is printed beside them because it is steadier on
a busy machine. Targets (issue 14): ``--help`` ≤ 1.3×, everything else ≤ 1.5×. The docx column
says whether python-docx was imported (it must be only for export).

The floors import pydantic's package, which is lazy: it loads pydantic-core but not
``BaseModel``. bulletin's models are validated by pydantic-core directly (model.py), so they cost
little beyond the floor; the last lines measure, the same way, what importing ``BaseModel`` would
cost and what importing bulletin's models costs (for information; the targets stay against the
floors above).

bulletin's entry point freezes the garbage collector when the command is done, so the
interpreter's exit skips a last collection over every imported object; ``--floor-freezes`` makes
the floors do the same, for a ratio that does not count that saving.

The package is byte-compiled first: an installed wheel has its bytecode (pip compiles it), while a
source checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every module on every run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "anhua"

TYPER = "import typer"
INTERACTIVE = "import typer, yaml, pydantic, rich.console"
EXPORT = INTERACTIVE + ", docx"

# (arguments, floor imports, target ratio)
CASES: list[tuple[list[str], str, float]] = [
    (["--help"], TYPER, 1.3),
    (["validate"], INTERACTIVE, 1.5),
    (["status"], INTERACTIVE, 1.5),
    (["preview", "--no-pager"], INTERACTIVE, 1.5),
    (["export", "--docx", "-o", "{tmp}/out.docx"], EXPORT, 1.5),
]

# (label, python code, its floor): what the floors leave out, measured as ratios to them
REFERENCES: list[tuple[str, str, str]] = [
    ("+ pydantic.BaseModel", INTERACTIVE + "; from pydantic import BaseModel", INTERACTIVE),
    ("+ bulletin_cli.model", INTERACTIVE + "; import bulletin_cli.model", INTERACTIVE),
]


def entry_point() -> list[str]:
    """The `bulletin` beside this interpreter (the venv's), else the module."""
    exe = Path(sys.executable).with_name("bulletin")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("bulletin")
    return [found] if found else [sys.executable, "-m", "bulletin_cli"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run."""
    cpu = _cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode(errors='replace')}")
    return elapsed, _cpu() - cpu


def imports_docx(args: list[str], cwd: Path, env: dict[str, str]) -> bool:
    probe = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bulletin_cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True,
    )
    return any(line.rstrip().endswith((" docx", " docx.api")) for line in probe.stderr.splitlines())


def alternate(cmd: list[str], floor_cmd: list[str], runs: int, cwd: Path, env: dict[str, str]) -> dict[str, float]:
    """Run floor and command in turn ``runs`` times; their wall and CPU ratios."""
    timed(cmd, cwd, env)  # warm the caches (.pyc, page cache) for both
    timed(floor_cmd, cwd, env)
    floors, times = [], []
    for _ in range(runs):
        floors.append(timed(floor_cmd, cwd, env))
        times.append(timed(cmd, cwd, env))
    wall = statistics.median(t for t, _ in times)
    floor = statistics.median(t for t, _ in floors)
    return {
        "median_s": wall,
        "floor_s": floor,
        "ratio": wall / floor,
        "best_ratio": min(t for t, _ in times) / min(t for t, _ in floors),
        "cpu_ratio": statistics.median(c for _, c in times) / statistics.median(c for _, c in floors),
    }


def compile_package() -> None:
    """Bytecode for every bulletin_cli module, as an installed wheel has it."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("bulletin_cli")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def measure(runs: int, references: bool = True, floor_freezes: bool = False) -> list[dict[str, object]]:
    compile_package()
    env = {**os.environ, "BULLETIN_LANG": "zh", "COLUMNS": "100"}
    exe = entry_point()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as tmp:
        work = Path(tmp) / "anhua"
        shutil.copytree(EXAMPLE, work)
        for args, floor_imports, target in CASES:
            args = [a.replace("{tmp}", tmp) for a in args]
            floor_code = floor_imports + ("; import gc; gc.freeze()" if floor_freezes else "")
            ratios = alternate([*exe, *args], [sys.executable, "-c", floor_code], runs, work, env)
            rows.append(
                {
                    "command": "bulletin " + " ".join(a if tmp not in a else "…" for a in args),
                    "floor": floor_imports,
                    **ratios,
                    "target": target,
                    "docx": imports_docx(args, work, env),
                }
            )
        for label, code, floor_imports in REFERENCES if references else []:
            ratios = alternate([sys.executable, "-c", code], [sys.executable, "-c", floor_imports], runs, work, env)
            rows.append({"command": label, "floor": floor_imports, **ratios, "target": None, "docx": False})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--lint", action="store_true", help="also time lint in-process")
    parser.add_argument("--no-references", action="store_true", help="skip the BaseModel/model reference lines")
    parser.add_argument(
        "--floor-freezes",
        action="store_true",
        help="the floors also skip the last garbage collection at exit (gc.freeze), as bulletin's entry point does",
    )
    args = parser.parse_args()
    rows = measure(args.runs, references=not args.no_references, floor_freezes=args.floor_freezes)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(f"{'command':<30}{'median s':>9}{'floor s':>9}{'ratio':>7}{'best':>7}{'cpu':>7}{'target':>8}  docx  floor")
        for r in rows:
            if r["target"] is None:
                ok, target = "", "  (info)"
            else:
                ok, target = ("ok" if r["ratio"] <= r["target"] else "OVER"), f"{r['target']:>6.1f}×"
            print(
                f"{r['command']:<30}{r['median_s']:>9.3f}{r['floor_s']:>9.3f}{r['ratio']:>6.2f}×{r['best_ratio']:>6.2f}×"
                f"{r['cpu_ratio']:>6.2f}×{target} {ok:<4} {str(r['docx']):<5} {r['floor']}"
            )
    if args.lint:
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

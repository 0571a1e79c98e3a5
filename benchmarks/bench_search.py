"""Search time on ten years of weekly issues (a script, not a test).

    python benchmarks/bench_search.py [--issues 500] [--runs 5]

Builds a workspace of N issues (the example's eight fragments each, dated weekly from 2014,
every issue with a word of its own) and times `bulletin search` as a user runs it (a new
process), beside a floor measured in the same run: `python -c "import yaml, pydantic"`, the
least any command of ours can cost."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_cli import entry_point  # the venv's `bulletin`, else the module

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "anhua"


def build(ws: Path, issues: int) -> None:
    shutil.copy(EXAMPLE / "bulletin.yaml", ws / "bulletin.yaml")
    sources = {p.name: p.read_text(encoding="utf-8") for p in (EXAMPLE / "issues" / "005" / "fragments").glob("*.yaml")}
    start = dt.date(2014, 1, 3)
    for n in range(1, issues + 1):
        folder = ws / "issues" / f"{n:03d}"
        (folder / "fragments").mkdir(parents=True)
        date = start + dt.timedelta(weeks=n - 1)
        (folder / "issue.yaml").write_text(f"number: {n}\ndate: {date.isoformat()}\ntotal: {n + 100}\n", encoding="utf-8")
        for name, text in sources.items():
            text = text.replace("issue: 5", f"issue: {n}").replace("7月14日", f"{date.month}月{date.day}日")
            text = text.replace("抗旱减灾。", f"抗旱减灾，编号甲{n}乙。")  # one word only this issue has
            (folder / "fragments" / name).write_text(text, encoding="utf-8")


def timed(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float, int]:
    env = {**os.environ, "BULLETIN_LANG": "zh"}
    times, out = [], b""
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=True).stdout
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), len(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bulletin = entry_point()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        t = time.perf_counter()
        build(ws, args.issues)
        files = sum(1 for _ in ws.rglob("*.yaml"))
        print(f"{args.issues} issues, {files} YAML files ({time.perf_counter() - t:.1f} s to generate)")
        floor, floor_best, _ = timed([sys.executable, "-c", "import yaml, pydantic"], ws, args.runs)
        print(f"{'case':<44}{'median s':>10}{'best s':>9}{'× floor':>9}")
        label = 'floor: python -c "import yaml, pydantic"'
        print(f"{label:<44}{floor:>10.3f}{floor_best:>9.3f}{1:>9.1f}")
        help_median, help_best, _ = timed([*bulletin, "--help"], ws, args.runs)
        print(f"{'reference: bulletin --help':<44}{help_median:>10.3f}{help_best:>9.3f}{help_median / floor:>9.1f}")
        cases = [
            ("one issue matches (编号甲250乙)", ["search", f"编号甲{args.issues // 2}乙"]),
            ("every issue matches (抗旱), all printed", ["search", "抗旱"]),
            ("every issue, --json", ["search", "抗旱", "--json"]),
            ("two words, one unit's paragraph", ["search", "抽水泵", "羊角塘"]),
            ("--year 2020", ["search", "抗旱", "--year", "2020"]),
            ("--team", ["search", "安全生产", "--team", "打好安全生产翻身仗工作专班"]),
            ("no match", ["search", "量子计算机"]),
        ]
        for name, command in cases:
            median, best, size = timed([*bulletin, *command], ws, args.runs)
            print(f"{name:<44}{median:>10.3f}{best:>9.3f}{median / floor:>9.1f}   ({size:,} bytes out)")


if __name__ == "__main__":
    main()

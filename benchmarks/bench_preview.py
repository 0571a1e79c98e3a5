"""Wall time of `bulletin preview` against paragraph length (a script, not a test).

    python benchmarks/bench_preview.py [--sizes 12500 50000 200000] [--runs 3]

Each size gets a workspace copy of the example with one unit's submission replaced by a single
paragraph of that many characters (real sentences from the example, repeated). The floor is
`preview` of the unchanged example measured in the same run, so the ratios compare across
machines; a linear preview keeps time/size roughly constant as the size grows."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench_cli import entry_point  # the venv's `bulletin`, else the module

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "anhua"
TEAM = "打好经济增长主动仗工作专班"
SENTENCE = (
    "7月14日，安化县召开防范和处置非法集资“百日攻坚”行动动员大会，会议强调要牢固树立忧患意识，"
    "强化系统思维、问题导向、底线意识，确保各项工作落到实处。"
)


def paragraph(chars: int) -> str:
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]


def workspace(base: Path, chars: int | None) -> Path:
    ws = base / f"ws-{chars or 'example'}"
    shutil.copytree(EXAMPLE, ws)
    if chars:
        frag = ws / "issues" / "005" / "fragments" / f"{TEAM}.yaml"
        frag.write_text(f"team: {TEAM}\nissue: 5\nsections:\n  专班动态:\n    - {paragraph(chars)}\n", "utf-8")
    return ws


def timed(ws: Path, runs: int) -> float:
    cmd = entry_point()
    env = {**os.environ, "BULLETIN_LANG": "zh", "COLUMNS": "100"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([*cmd, "preview", "--no-pager"], cwd=ws, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"preview failed: {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[12_500, 50_000, 200_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        floor = timed(workspace(base, None), args.runs)
        print(f"{'paragraph':>12}{'seconds':>10}{'x floor':>10}{'µs/char':>10}")
        print(f"{'example':>12}{floor:>10.2f}{1:>10.1f}{'':>10}")
        for size in args.sizes:
            seconds = timed(workspace(base, size), args.runs)
            print(f"{size:>12,}{seconds:>10.2f}{seconds / floor:>10.1f}{(seconds - floor) / size * 1e6:>10.1f}")


if __name__ == "__main__":
    main()

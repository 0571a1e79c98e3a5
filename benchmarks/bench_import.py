"""Time to import a year of past issues (a script, not a test).

    python benchmarks/bench_import.py [--issues 50] [--runs 3]

Renders N issues of the example series to .docx (the example's fragments, dated weekly), then
times `bulletin import` of all of them in one call into a workspace that has only bulletin.yaml,
as a user runs it (a new process). Each run starts from an empty workspace."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_cli import entry_point  # the venv's `bulletin`, else the module

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import EXAMPLE, build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from bulletin_cli.render.docx import document_bytes
    from bulletin_cli.workspace import Workspace

    bulletin = entry_point()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "source")
        source.mkdir()
        build(source, args.issues)
        docs = Path(tmp, "docs")
        docs.mkdir()
        ws = Workspace(source)
        for n in range(1, args.issues + 1):
            (docs / f"第{n}期.docx").write_bytes(document_bytes(ws.assembled_issue(n)))
        files = sorted(docs.glob("*.docx"))
        size = sum(f.stat().st_size for f in files)
        times = []
        for run in range(args.runs):
            target = Path(tmp, f"target{run}")
            (target / "issues").mkdir(parents=True)
            shutil.copy(EXAMPLE / "bulletin.yaml", target / "bulletin.yaml")
            t = time.perf_counter()
            subprocess.run([*bulletin, "import", *map(str, files), "--workspace", str(target)],
                           env={**os.environ, "BULLETIN_LANG": "zh"}, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
            assert len([p for p in (target / "issues").iterdir() if p.name.isdigit()]) == args.issues
        median = statistics.median(times)
        print(f"import of {args.issues} .docx ({size / 1e6:.1f} MB) in one call: median {median:.2f} s, "
              f"best {min(times):.2f} s, {median / args.issues * 1000:.0f} ms per issue")


if __name__ == "__main__":
    main()

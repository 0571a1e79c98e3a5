"""Export speed: `write_docx` against python-docx alone (the floor) and pandoc.

Issues of 1×, 10× and 100× the example's text (its columns' contributions repeated). For each:
- layout: ``render.docx.write_docx`` (the official layout, written atomically);
- floor:  python-docx writing the same headings and paragraphs with no layout at all;
- pandoc: the same text as Markdown → .docx (``pandoc`` process, start-up included).
Targets: the example within 1.3× the floor; cost linear in the amount of text.

    python benchmarks/bench_export.py [--repeat N]
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from render_helpers import load_example  # noqa: E402

from bulletin_cli.model import AssembledIssue  # noqa: E402


def scaled(issue: AssembledIssue, k: int) -> AssembledIssue:
    columns = [dataclasses.replace(c, contributions=c.contributions * k) for c in issue.columns]
    return dataclasses.replace(issue, columns=columns)


def plain_text(issue: AssembledIssue) -> list[tuple[str, str]]:
    """(kind, text) in print order: what the floor and pandoc write."""
    out = [("title", issue.title), ("p", issue.issue_line), ("p", f"{issue.editor} {issue.date_text}")]
    for col in issue.columns:
        out.append(("h", col.heading))
        for con in col.contributions:
            for p in con.paragraphs:
                out.append(("p", p.lead + p.text))
    out += [("p", line) for line in issue.tail_lines()]
    return out


def floor(issue: AssembledIssue, path: Path) -> None:
    import docx

    doc = docx.Document()
    for _, text in plain_text(issue):
        doc.add_paragraph(text)
    doc.save(str(path))


def pandoc(issue: AssembledIssue, path: Path) -> None:
    md = []
    for kind, text in plain_text(issue):
        md.append(("# " if kind == "title" else "## " if kind == "h" else "") + text)
    subprocess.run(["pandoc", "-f", "markdown", "-o", str(path)], input="\n\n".join(md).encode(),
                   check=True)


def layout(issue: AssembledIssue, path: Path) -> None:
    from bulletin_cli.render.docx import write_docx

    write_docx(issue, path)


def best_of(fn, issue, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(issue, path)
        times.append(time.perf_counter() - t)
    # The best run is the one least disturbed by the rest of a shared machine (as timeit does).
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=11)
    args = ap.parse_args()
    base = load_example()
    has_pandoc = shutil.which("pandoc") is not None
    # warm up imports and caches so that the first row measures work, not imports
    with tempfile.TemporaryDirectory() as tmp:
        for fn in (floor, layout):
            fn(base, Path(tmp) / "warm.docx")
    print(f"{'size':>6} {'chars':>9} {'layout ms':>10} {'floor ms':>9} {'pandoc ms':>10} "
          f"{'layout/floor':>13} {'layout/pandoc':>14} {'µs/char':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for k in (1, 10, 100):
            issue = scaled(base, k)
            chars = sum(len(t) for _, t in plain_text(issue))
            rep = max(2, args.repeat // (1 if k < 100 else 3))
            t_layout = best_of(layout, issue, d / "layout.docx", rep)
            t_floor = best_of(floor, issue, d / "floor.docx", rep)
            t_pandoc = best_of(pandoc, issue, d / "pandoc.docx", rep) if has_pandoc else float("nan")
            print(f"{k:>5}× {chars:>9,} {t_layout * 1e3:>10.1f} {t_floor * 1e3:>9.1f} "
                  f"{t_pandoc * 1e3:>10.1f} {t_layout / t_floor:>13.2f} {t_layout / t_pandoc:>14.2f} "
                  f"{t_layout / chars * 1e6:>8.2f}")


if __name__ == "__main__":
    main()

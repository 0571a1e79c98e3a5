"""Growth of each command with the size of its input, at 1×, 4× and 16× (a script, not a test).

    python benchmarks/bench_scaling.py [--only NAME] [--base N]

The project's rule is that no operation grows faster than linearly in its input. Each case
builds a workspace of the given size in a temporary folder and runs the real command line
in-process (typer's CliRunner, after one warm-up run so imports are not counted); the time is
the best of a few runs. The growth ratio is time(4×) / time(1×) and time(16×) / time(4×):
about 4 is linear, about 16 is quadratic. Small inputs are dominated by fixed costs, so a
ratio well under 4 is normal; a ratio over ~6 deserves a look.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "anhua"

SENTENCE = "7月12日，县安委办下发了安全生产大检查通知，要求各乡镇和部门全面排查隐患，确保整改到位。"


def bulletin_yaml(teams: int) -> str:
    names = "\n".join(f"  - name: 第{i}工作专班\n    sections: [专班动态]" for i in range(teams))
    return (
        "title: 测试工作专报\neditor: 测试县人民政府办公室\n"
        "sections:\n  - 会议精神\n  - name: 专班动态\n    label: \"{team}：\"\n"
        f"teams:\n{names}\nresponsible_editor: 政务公开股\n"
    )


def workspace(root: Path, teams: int) -> Path:
    ws = root / "ws"
    (ws / "issues" / "001" / "fragments").mkdir(parents=True)
    (ws / "bulletin.yaml").write_text(bulletin_yaml(teams), encoding="utf-8")
    (ws / "issues" / "001" / "issue.yaml").write_text("number: 1\ndate: 2023-07-21\n", encoding="utf-8")
    return ws


def fragment(team: int, paragraphs: int, length: int = 1) -> str:
    items = "\n".join(f"    - {SENTENCE * length}" for _ in range(paragraphs))
    return f"team: 第{team}工作专班\nissue: 1\nsections:\n  专班动态:\n{items}\n"


def write_docx(path: Path, paragraphs: int, length: int) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("报送单位：第0工作专班")
    for _ in range(paragraphs):
        doc.add_paragraph(SENTENCE * length)
    doc.save(str(path))


def write_txt(path: Path, paragraphs: int, length: int) -> None:
    body = "\n".join(SENTENCE * length for _ in range(paragraphs))
    path.write_text(f"报送单位：第0工作专班\n{body}\n", encoding="utf-8")


# Each case: (name, setup(root, n) -> (cwd, args), base size)
Setup = Callable[[Path, int], tuple[Path, list[str]]]


def add_file(write: Callable[[Path, int, int], None], suffix: str, grow: str) -> Setup:
    """add-section of one file whose paragraph count (``grow="paragraphs"``) or paragraph
    length grows with n."""

    def setup(root: Path, n: int) -> tuple[Path, list[str]]:
        ws = workspace(root, 1)
        path = root / f"材料{suffix}"
        if grow == "paragraphs":
            write(path, n, 1)
        else:
            write(path, 3, n)
        return ws, ["add-section", str(path)]

    return setup


def add_many_files(root: Path, n: int) -> tuple[Path, list[str]]:
    ws = workspace(root, n)
    inbox = root / "收件箱"
    inbox.mkdir()
    for i in range(n):
        (inbox / f"{i}.yaml").write_text(fragment(i, 2), encoding="utf-8")
    return ws, ["add-section", *sorted(str(p) for p in inbox.iterdir())]


def many_units(command: list[str]) -> Setup:
    def setup(root: Path, n: int) -> tuple[Path, list[str]]:
        ws = workspace(root, n)
        for i in range(n):
            (ws / "issues" / "001" / "fragments" / f"第{i}工作专班.yaml").write_text(fragment(i, 2), encoding="utf-8")
        return ws, command

    return setup


def large_fragment(command: list[str]) -> Setup:
    """One unit's fragment with n paragraphs: the YAML reading dominates."""

    def setup(root: Path, n: int) -> tuple[Path, list[str]]:
        ws = workspace(root, 1)
        (ws / "issues" / "001" / "fragments" / "第0工作专班.yaml").write_text(fragment(0, n), encoding="utf-8")
        return ws, command

    return setup


def lint_long_item(root: Path, n: int) -> tuple[Path, list[str]]:
    ws = workspace(root, 1)
    text = fragment(0, 1, n).replace("，", ",")  # something to report on every sentence
    (ws / "issues" / "001" / "fragments" / "第0工作专班.yaml").write_text(text, encoding="utf-8")
    return ws, ["lint"]


def import_paragraphs(root: Path, n: int) -> tuple[Path, list[str]]:
    ws = workspace(root, 1)
    shutil.rmtree(ws / "issues" / "001")
    body = "\n".join(SENTENCE for _ in range(n))
    (root / "第3期.txt").write_text(
        f"测试工作专报\n第3期\n测试县人民政府办公室 2023年7月21日\n【专班动态】\n第0工作专班：{body}\n", encoding="utf-8"
    )
    return ws, ["import", str(root / "第3期.txt")]


def search_issues(root: Path, n: int) -> tuple[Path, list[str]]:
    ws = workspace(root, 3)
    shutil.rmtree(ws / "issues" / "001")
    for k in range(1, n + 1):
        folder = ws / "issues" / f"{k:03d}"
        (folder / "fragments").mkdir(parents=True)
        (folder / "issue.yaml").write_text(f"number: {k}\ndate: 2023-07-21\n", encoding="utf-8")
        for t in range(3):
            (folder / "fragments" / f"第{t}工作专班.yaml").write_text(
                fragment(t, 5).replace("issue: 1", f"issue: {k}"), encoding="utf-8"
            )
    return ws, ["search", "安全生产", "隐患"]


def export_long(root: Path, n: int) -> tuple[Path, list[str]]:
    ws = workspace(root, 1)
    (ws / "issues" / "001" / "fragments" / "第0工作专班.yaml").write_text(fragment(0, n), encoding="utf-8")
    return ws, ["export", "--docx", "-o", str(root / "out.docx")]


CASES: list[tuple[str, Setup, int]] = [
    ("add-section .docx paragraphs", add_file(write_docx, ".docx", "paragraphs"), 50),
    ("add-section .docx para length", add_file(write_docx, ".docx", "length"), 20),
    ("add-section .txt paragraphs", add_file(write_txt, ".txt", "paragraphs"), 50),
    ("add-section .txt para length", add_file(write_txt, ".txt", "length"), 20),
    ("add-section many files", add_many_files, 10),
    ("validate many units", many_units(["validate"]), 10),
    ("status many units", many_units(["status"]), 10),
    ("preview many units", many_units(["preview", "--no-pager"]), 10),
    ("validate one large fragment", large_fragment(["validate"]), 200),
    ("lint one long item", lint_long_item, 20),
    ("import paragraphs", import_paragraphs, 50),
    ("search issues", search_issues, 10),
    ("export --docx long issue", export_long, 20),
]


def run_once(app, setup: Setup, n: int) -> tuple[float, int, str]:
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="bulletin-scale-") as tmp:
        root = Path(tmp)
        cwd, args = setup(root, n)
        old = Path.cwd()
        os.chdir(cwd)
        try:
            start = time.perf_counter()
            result = runner.invoke(app, args, catch_exceptions=False)
            elapsed = time.perf_counter() - start
        finally:
            os.chdir(old)
    return elapsed, result.exit_code, result.output


def measure(name: str, setup: Setup, base: int, runs: int) -> list[tuple[int, float]]:
    from bulletin_cli.cli import app

    rows = []
    for factor in (1, 4, 16):
        n = base * factor
        best = float("inf")
        for _ in range(runs if factor < 16 else max(1, runs - 1)):
            elapsed, code, output = run_once(app, setup, n)
            if code not in (0, 1):
                raise SystemExit(f"{name} at {n} failed ({code}):\n{output[-2000:]}")
            best = min(best, elapsed)
        rows.append((n, best))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="run only cases whose name contains this")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("BULLETIN_LANG", "zh")
    os.environ["COLUMNS"] = "100"
    from bulletin_cli.cli import app

    run_once(app, many_units(["validate"]), 2)  # warm the imports
    print(f"{'case':<32}{'1×':>14}{'4×':>14}{'16×':>14}{'4×/1×':>8}{'16×/4×':>8}")
    for name, setup, base in CASES:
        if args.only and args.only not in name:
            continue
        rows = measure(name, setup, base, args.runs)
        cells = "".join(f"{f'{n}: {t:.3f}s':>14}" for n, t in rows)
        r1, r2 = rows[1][1] / rows[0][1], rows[2][1] / rows[1][1]
        flag = "  <-- superlinear?" if r2 > 6 else ""
        print(f"{name:<32}{cells}{r1:>8.1f}{r2:>8.1f}{flag}", flush=True)


if __name__ == "__main__":
    main()

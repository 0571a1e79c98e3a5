"""The 按语 is printed as 编者按：… but linted as its own text: its findings still mark its line
with ! in `bulletin preview` (they were keyed by the unprefixed text and never matched)."""

from __future__ import annotations

from pathlib import Path


def note_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "编者按：" in line]


def test_a_note_with_a_half_width_comma_gets_its_mark(cli, example_ws: Path) -> None:
    assert cli("edit", "--note", "本期刊发各专班工作动态,请各单位参阅。", cwd=example_ws).exit_code == 0
    run = cli("preview", "--no-pager", "--width", "80", cwd=example_ws)
    assert run.exit_code == 0, run.output
    [line] = note_lines(run.stdout)
    assert line.startswith(" !"), line


def test_a_clean_note_has_no_mark(cli, example_ws: Path) -> None:
    assert cli("edit", "--note", "本期刊发各专班工作动态，请各单位参阅。", cwd=example_ws).exit_code == 0
    run = cli("preview", "--no-pager", "--width", "80", cwd=example_ws)
    [line] = note_lines(run.stdout)
    assert not line.lstrip(" ").startswith("!"), line


def test_the_summary_counts_the_note_findings(cli, example_ws: Path) -> None:
    assert cli("edit", "--note", "本期刊发各专班工作动态,请各单位参阅。", cwd=example_ws).exit_code == 0
    run = cli("preview", "--no-pager", "--width", "80", cwd=example_ws)
    summary = run.stdout[run.stdout.index("概况") :]
    assert "按语 1处 (P101×1)" in summary, summary

"""Defects a second adversarial review found in issues 8–14, each through the real CLI."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import snapshot

ECON = "打好经济增长主动仗工作专班"


def stored(ws: Path, team: str = ECON) -> dict:
    return yaml.safe_load((ws / "issues" / "005" / "fragments" / f"{team}.yaml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ 1. --section against 【栏目】


def test_misspelt_section_is_refused_with_or_without_column_lines(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    marked = ws.parent / "经济增长.txt"
    marked.write_text(f"{ECON}：\n【专班动态】\n7月10日，召开经济运行调度会。\n", encoding="utf-8")
    plain = ws.parent / "经济增长2.txt"
    plain.write_text(f"{ECON}：7月10日，召开经济运行调度会。\n", encoding="utf-8")
    before = snapshot(ws)
    for f in (marked, plain):
        result = cli("add-section", "--section", "专版动态", f, cwd=ws)
        assert result.exit_code == 1, result.output
        assert "您是不是要写“专班动态”" in result.output
    assert snapshot(ws) == before


def test_section_option_conflicting_with_the_files_column_is_refused_naming_both(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长.txt"
    f.write_text(f"{ECON}：\n【专班动态】\n7月10日，召开经济运行调度会。\n", encoding="utf-8")
    before = snapshot(ws)
    result = cli("add-section", "--section", "情况反映", f, cwd=ws)
    assert result.exit_code == 1, result.output
    assert "--section" in result.output and "“情况反映”" in result.output and "【专班动态】" in result.output
    assert snapshot(ws) == before
    # agreeing, or filling the text before the first 【栏目】 line, is fine
    assert cli("add-section", "--section", "专班动态", f, cwd=ws).exit_code == 0
    assert stored(ws)["sections"] == {"专班动态": ["7月10日，召开经济运行调度会。"]}

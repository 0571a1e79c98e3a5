"""`bulletin lint` through the real command line on real files."""

from __future__ import annotations

import json
from pathlib import Path

from test_lint_helpers import W

RAW_FRAGMENT = """\
# 从网页复制的材料
team: 打好经济增长主动仗工作专班
issue: 5
sections:
  专班动态:
    - 2023年07月12日,全縣完成"百日攻堅"任務。一是甲。三是乙。   # 原文
"""


def _put(ws: Path, text: str = RAW_FRAGMENT, name: str = "01-经济增长.yaml") -> Path:
    folder = ws / "issues" / "005" / "fragments"
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_reports_file_line_column_code(cli, empty_issue_ws: Path) -> None:
    _put(empty_issue_ws)
    result = cli("lint", cwd=empty_issue_ws)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "issues/005/fragments/01-经济增长.yaml:6:12: D501" in out
    assert "6:18: P101" in out and ": C301" in out and ": P201" in out and ": E601" in out
    assert "原文\uff1a" in out and "改为\uff1a" in out
    assert "可用 bulletin lint --fix 自动改正" in out


def test_fix_writes_backup_prints_diff_and_keeps_report_only(cli, empty_issue_ws: Path) -> None:
    path = _put(empty_issue_ws)
    result = cli("lint", "--fix", cwd=empty_issue_ws)
    assert result.exit_code == 1  # the skipped 二是 cannot be fixed automatically
    kept = list((empty_issue_ws / ".bulletin" / "history" / "005").glob("*-before-fix-01-经济增长.yaml"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == RAW_FRAGMENT
    assert not path.with_name(path.name + ".bak").exists()  # nothing beside the fragments
    fixed = path.read_text(encoding="utf-8")
    assert fixed.startswith("# 从网页复制的材料\nteam: 打好经济增长主动仗工作专班\n")
    assert W("2023年7月12日,全县完成\u201c百日攻坚\u201d任务") in fixed and "# 原文" in fixed
    assert "-    - 2023年07月12日" in result.stdout and "+    - 2023年7月12日" in result.stdout
    assert "E601" in result.stdout and "D501" not in result.stdout.split("@@")[-1].split("\n", 2)[-1]
    # the .bak is not a fragment; a second run finds only the report-only finding
    again = cli("lint", "--json", cwd=empty_issue_ws)
    data = json.loads(again.stdout)
    assert [f["code"] for f in data["findings"]] == ["E601"]


def test_clean_issue_exits_zero_and_fix_changes_nothing(cli, empty_issue_ws: Path) -> None:
    path = _put(empty_issue_ws, RAW_FRAGMENT.replace("一是甲。三是乙。", ""))
    assert cli("lint", "--fix", cwd=empty_issue_ws).exit_code == 0
    before = path.read_bytes()
    result = cli("lint", "--fix", cwd=empty_issue_ws)
    assert result.exit_code == 0
    assert path.read_bytes() == before and "没有发现排版问题" in result.stdout


def test_json_output(cli, empty_issue_ws: Path) -> None:
    _put(empty_issue_ws)
    result = cli("lint", "--json", cwd=empty_issue_ws)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    f = data["findings"][0]
    assert set(f) >= {"file", "line", "column", "code", "message", "before", "after", "fixable"}
    assert f["file"].endswith("01-经济增长.yaml") and f["line"] == 6


def test_series_can_turn_rules_off(cli, empty_issue_ws: Path) -> None:
    _put(empty_issue_ws)
    series = empty_issue_ws / "bulletin.yaml"
    series.write_text(
        series.read_text(encoding="utf-8") + "\nlint:\n  disabled: [E601, D501, X123]\n", encoding="utf-8"
    )
    result = cli("lint", cwd=empty_issue_ws)
    assert "E601" not in result.stdout and "D501" not in result.stdout and "P101" in result.stdout
    assert "X123" in result.stderr


def test_explicit_files_and_plain_text(cli, tmp_path: Path) -> None:
    txt = tmp_path / "粘贴.txt"
    txt.write_text("安化縣,召开会议.\n", encoding="utf-8")
    result = cli("lint", txt, cwd=tmp_path)
    assert result.exit_code == 1 and "粘贴.txt:1:3: C301" in result.stdout
    assert cli("lint", "--fix", txt, cwd=tmp_path).exit_code == 0
    assert txt.read_text(encoding="utf-8") == W("安化县,召开会议") + "\u3002\n"


def test_broken_yaml_is_an_error_not_a_traceback(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("team: 甲\nsections: [\n", encoding="utf-8")
    result = cli("lint", bad, cwd=tmp_path)
    assert result.exit_code == 1 and "YAML" in result.stderr and "Traceback" not in result.output


def test_rules_listing(cli, tmp_path: Path) -> None:
    result = cli("lint", "--rules", cwd=tmp_path)
    assert result.exit_code == 0 and "P101" in result.stdout and "E602" in result.stdout
    assert cli("lint", "--no-such-option", cwd=tmp_path).exit_code == 2

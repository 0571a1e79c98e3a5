"""`bulletin search` reads an issue's date as every other command does (dates.parse_date): an
issue.yaml with ``date: 2023年7月21日`` (which validate and export accept) is found by --year and
shows its date, not treated as undated."""

from __future__ import annotations

from pathlib import Path

from archive_helpers import fixed_seed, settings_only_ws


def test_search_reads_a_date_written_the_chinese_way(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    assert cli("import", fixed_seed(tmp_path), "--workspace", ws).exit_code == 0
    issue = next((ws / "issues").glob("*/issue.yaml"))
    text = issue.read_text(encoding="utf-8")
    assert "date: 2023-07-21" in text
    issue.write_text(text.replace("date: 2023-07-21", "date: 2023年7月21日"), encoding="utf-8")
    assert cli("validate", "--workspace", ws).exit_code == 0  # the tool accepts the date as written

    out = cli("search", "抽水泵", "--year", "2023", "--workspace", ws).stdout
    assert "第5期  2023-07-21" in out, out

"""`bulletin search` reads what every other command reads, as they read it: an issue date such as
``2023年7月21日`` through dates.parse_date, and in fragments/ only the submissions
Workspace.fragment_files lists (no editor backup, no link to a file elsewhere)."""

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


def test_search_reads_the_fragments_validate_reads_no_backup_no_link(cli, tmp_path: Path) -> None:
    """An editor's backup (~…yaml) or a link in fragments/ is not a submission: validate and
    export ignore it (Workspace.fragment_files), and search does not quote from it either."""
    ws = settings_only_ws(tmp_path)
    assert cli("import", fixed_seed(tmp_path), "--workspace", ws).exit_code == 0
    fragments = next((ws / "issues").glob("*/fragments"))
    stored = next(p for p in sorted(fragments.glob("*.yaml")) if "抽水泵" in p.read_text(encoding="utf-8"))
    text = stored.read_text(encoding="utf-8")
    (fragments / f"~{stored.name}").write_text(text.replace("抽水泵", "备份里的抽水机"), encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text(text.replace("抽水泵", "外面的抽水机"), encoding="utf-8")
    (fragments / "link.yaml").symlink_to(outside)

    out = cli("search", "抽水机", "--workspace", ws).stdout
    assert "没有找到" in out and "备份里的" not in out and "外面的" not in out, out
    assert "第5期" in cli("search", "抽水泵", "--workspace", ws).stdout

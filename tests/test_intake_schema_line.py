"""A filled template comes back with the `$schema` line `bulletin template` wrote (a schema file
beside the template, e.g. 经济增长.schema.json). Stored under issues/NNN/fragments/ that name
finds nothing, so add-section points it at the workspace's fragment schema, and receiving the
same file again is still recognised as unchanged."""

from __future__ import annotations

from pathlib import Path

import yaml

ECONOMY = "打好经济增长主动仗工作专班"
STORED_LINE = "# yaml-language-server: $schema=../../../schemas/fragment.schema.json"


def test_the_stored_fragment_names_the_workspace_schema_and_a_resend_is_skipped(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    inbox = empty_issue_ws.parent / "inbox"
    body = (inbox / f"{ECONOMY}.yaml").read_text(encoding="utf-8").split("\n", 1)[1]  # without its own line
    sent = tmp_path / "经济增长.yaml"
    sent.write_text("# yaml-language-server: $schema=经济增长.schema.json\n" + body, encoding="utf-8")

    first = cli("add-section", sent, cwd=empty_issue_ws)
    assert first.exit_code == 0, first.output
    stored = empty_issue_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml"
    text = stored.read_text(encoding="utf-8")
    assert text.split("\n", 1) == [STORED_LINE, body]  # only that line changed
    assert (stored.parent / "../../../schemas/fragment.schema.json").resolve().is_file()
    assert yaml.safe_load(text) == yaml.safe_load(body)

    before = stored.read_bytes()
    again = cli("add-section", sent, cwd=empty_issue_ws)
    assert again.exit_code == 0 and "跳过" in again.stdout and "内容相同" in again.stdout, again.output
    assert stored.read_bytes() == before


def test_a_file_without_the_line_is_stored_as_it_came(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    inbox = empty_issue_ws.parent / "inbox"
    body = (inbox / f"{ECONOMY}.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    sent = tmp_path / "经济增长.yaml"
    sent.write_text(body, encoding="utf-8")
    assert cli("add-section", sent, cwd=empty_issue_ws).exit_code == 0
    assert (empty_issue_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml").read_text(encoding="utf-8") == body

"""The 按语 is linted like a fragment; import --replace keeps the old issue in the history;
`list` shows an issue folder without issue.yaml. All through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import snapshot

NOTE = 'note: "本期聚焦经济增长,请各单位认真学习."\n'


def _with_note(ws: Path) -> Path:
    path = ws / "issues" / "005" / "issue.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NOTE, encoding="utf-8")
    return path


def _note_line(path: Path) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(NOTE.rstrip("\n")) + 1


def test_lint_reports_the_note_at_its_place_in_issue_yaml(cli, example_ws: Path) -> None:
    path = _with_note(example_ws)
    line = _note_line(path)
    alone = cli("lint", "issues/005/issue.yaml", cwd=example_ws)
    assert alone.exit_code == 1, alone.output
    assert f"issues/005/issue.yaml:{line}:" in alone.output, alone.output
    whole = cli("lint", "--json", cwd=example_ws)
    data = json.loads(whole.stdout)
    assert data["files"][0]["file"] == "issues/005/issue.yaml"
    located = [f for f in data["findings"] if f["file"] == "issues/005/issue.yaml"]
    assert located and all(f["line"] == line for f in located), located
    # a clean note adds nothing
    path.write_text(path.read_text(encoding="utf-8").replace(NOTE, "note: 本期聚焦经济增长。\n"), encoding="utf-8")
    clean = cli("lint", "--json", cwd=example_ws)
    assert not [f for f in json.loads(clean.stdout)["findings"] if f["file"] == "issues/005/issue.yaml"]


def test_validate_shows_the_note_warnings(cli, example_ws: Path) -> None:
    path = _with_note(example_ws)
    out = cli("validate", cwd=example_ws)
    assert f"issues/005/issue.yaml:{_note_line(path)}:" in out.output, out.output


def test_lint_fix_fixes_the_note_in_place_and_keeps_the_original(cli, example_ws: Path) -> None:
    path = _with_note(example_ws)
    before = path.read_text(encoding="utf-8")
    fixed = cli("lint", "--fix", cwd=example_ws)
    after = path.read_text(encoding="utf-8")
    assert "本期聚焦经济增长，请各单位认真学习。" in after, after
    assert after.replace("本期聚焦经济增长，请各单位认真学习。", "本期聚焦经济增长,请各单位认真学习.") == before
    assert not (path.parent / "issue.yaml.bak").exists()
    kept = list((example_ws / ".bulletin" / "history" / "005").glob("*-before-fix-issue.yaml"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == before, fixed.output
    assert cli("validate", cwd=example_ws).exit_code == 0
    history = cli("history", cwd=example_ws)
    assert kept[0].name in history.output and "按语" in history.output, history.output


def test_import_replace_keeps_the_old_issue_in_the_history(cli, tmp_path: Path) -> None:
    from archive_helpers import fixed_seed, settings_only_ws

    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    assert cli("import", seed, "--workspace", ws).exit_code == 0
    before = {k: v for k, v in snapshot(ws).items() if k.startswith("issues/005/")}
    replaced = cli("import", "--replace", seed, "--workspace", ws)
    assert replaced.exit_code == 0, replaced.output
    assert not (ws / "issues" / ".replaced").exists()
    (kept,) = (ws / ".bulletin" / "history" / "deleted").iterdir()
    assert {f"issues/005/{k}": v for k, v in snapshot(kept).items()} == before
    history = cli("history", "--workspace", ws)
    assert f".bulletin/history/deleted/{kept.name}" in history.output, history.output
    assert cli("validate", "--workspace", ws).exit_code == 0


def test_list_shows_an_issue_folder_without_issue_yaml(cli, example_ws: Path) -> None:
    orphan = example_ws / "issues" / "006" / "fragments"
    orphan.mkdir(parents=True)
    (orphan / "经济增长.yaml").write_text("team: 打好经济增长主动仗工作专班\n", encoding="utf-8")
    (example_ws / "issues" / "004").mkdir()  # empty, older
    shown = cli("list", cwd=example_ws)
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("缺少 issue.yaml") == 2, shown.output
    assert "bulletin validate --issue 6" in shown.output and "bulletin validate --issue 4" in shown.output
    assert "共 3 期" in shown.output, shown.output
    rows = json.loads(cli("list", "--json", cwd=example_ws).stdout)
    assert [(r["number"], r["missing_issue_file"]) for r in rows] == [(6, True), (5, False), (4, True)]
    assert rows[0]["problem"] and rows[1]["problem"] is None and rows[1]["units_in"] > 0
    # what list points at does explain it
    told = cli("validate", "--issue", "6", cwd=example_ws)
    assert told.exit_code == 1 and "缺少 issue.yaml" in told.stderr, told.output


def test_preview_counts_the_note_findings_once(cli, example_ws: Path) -> None:
    _with_note(example_ws)
    shown = cli("preview", "--no-pager", "--width", "100", cwd=example_ws)
    assert "按语 2处" in shown.output, shown.output
    assert "issue.yaml 2处" not in shown.output, shown.output

"""`bulletin import`: unknown units and columns, existing issues, --replace, all or nothing,
.doc through LibreOffice, unreadable files."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

from archive_helpers import exported, fixed_seed, fragments_of, issue_info, settings_only_ws
from conftest import EXAMPLE, snapshot


def _settings_without(tmp_path: Path, drop: str) -> Path:
    """The example's bulletin.yaml without the lines that mention ``drop``'s entry."""
    text = (EXAMPLE / "bulletin.yaml").read_text(encoding="utf-8")
    if drop == "安化县经开区":
        text = text.replace("  - name: 安化县经开区\n    expected: false                        # 不是每期都报送\n    sections: [典型经验]\n", "")
    else:
        text = text.replace('  - name: 典型经验\n    label: "{team}："\n', "")
    target = tmp_path / f"settings-{drop}.yaml"
    target.write_text(text, encoding="utf-8")
    assert drop not in text.split("teams:")[0 if drop == "典型经验" else 1]
    return target


def test_unknown_unit_is_refused_with_a_suggestion_and_nothing_changes(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    seed.write_text(seed.read_text(encoding="utf-8").replace("打好安全生产翻身仗工作专班反映", "打好安全生产翻生仗工作专班反映"), encoding="utf-8")
    before = snapshot(ws)
    result = cli("import", seed, "--workspace", ws)
    assert result.exit_code == 1
    assert "单位“打好安全生产翻生仗工作专班”不在 bulletin.yaml 的报送单位（teams）里，不会并入其他单位。" in result.stderr
    assert "您是不是要写“打好安全生产翻身仗工作专班”？" in result.stderr
    assert "--add-units" in result.stderr
    assert f"{seed}:23:" in result.stderr  # the line of the lead
    assert snapshot(ws) == before


def test_unknown_column_is_refused(cli, tmp_path: Path) -> None:
    settings = _settings_without(tmp_path, "典型经验")
    # the unit's list of usual columns may only name columns of the series (validate.series_problems)
    settings.write_text(settings.read_text(encoding="utf-8").replace("    sections: [典型经验]\n", ""), encoding="utf-8")
    ws = settings_only_ws(tmp_path, settings=settings)
    result = cli("import", fixed_seed(tmp_path), "--workspace", ws)
    assert result.exit_code == 1
    assert "栏目“典型经验”不在 bulletin.yaml 的栏目（sections）里。" in result.stderr


def test_add_units_appends_to_the_settings_keeping_comments(cli, tmp_path: Path) -> None:
    from bulletin_cli.sources.yaml_reader import load_model
    from bulletin_cli.model import Series

    settings = _settings_without(tmp_path, "典型经验")
    settings.write_text(settings.read_text(encoding="utf-8").replace("  - name: 安化县经开区\n    expected: false                        # 不是每期都报送\n    sections: [典型经验]\n", ""), encoding="utf-8")
    ws = settings_only_ws(tmp_path, settings=settings)
    result = cli("import", "--add-units", fixed_seed(tmp_path), "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert "已添加栏目 典型经验（{team}：）" in result.stdout
    assert "已添加单位 安化县经开区（典型经验）" in result.stdout
    text = (ws / "bulletin.yaml").read_text(encoding="utf-8")
    assert "# 报送单位,按印刷顺序" in text and "# bulletin import 添加" in text
    series, _ = load_model(ws / "bulletin.yaml", Series)
    assert series.section_names()[-1] == "典型经验" and series.sections[-1].label == "{team}："
    assert series.teams[-1].name == "安化县经开区" and series.teams[-1].sections == ["典型经验"]
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)
    assert cli("validate", "--workspace", ws).exit_code == 0


def test_existing_issue_is_kept_and_replace_keeps_a_backup(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    assert cli("import", seed, "--workspace", ws).exit_code == 0
    before = snapshot(ws)
    again = cli("import", seed, "--workspace", ws)
    assert again.exit_code == 1
    assert "第5期已经存在（issues/005），不会覆盖。如要替换，请加 --replace" in again.stderr
    assert snapshot(ws) == before

    corrected = tmp_path / "corrected.txt"
    corrected.write_text(seed.read_text(encoding="utf-8").replace("抗旱减灾", "抗旱减灾工作"), encoding="utf-8")
    replaced = cli("import", "--replace", corrected, "--workspace", ws)
    assert replaced.exit_code == 0, replaced.output
    (backup,) = (ws / ".bulletin" / "history" / "deleted").iterdir()
    assert backup.name.startswith("005-")
    assert "原有的第5期已移到 .bulletin/history/deleted/005-" in replaced.stdout
    kept = f".bulletin/history/deleted/{backup.name}/"
    old = {k[len(kept):]: v for k, v in snapshot(ws).items() if k.startswith(kept)}
    assert old == {k[len("issues/005/"):]: v for k, v in before.items() if k.startswith("issues/005/")}
    new = fragments_of(ws, 5)["打好防范化解风险阻击仗工作专班"].sections["专班动态"][-1]
    assert new.endswith("抗旱减灾工作。")
    assert [p.name for p in (ws / "issues").iterdir() if p.name.isdigit()] == ["005"]


def test_many_issues_at_once_all_or_nothing(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    text = seed.read_text(encoding="utf-8")
    sixth = tmp_path / "第6期.txt"
    sixth.write_text(text.replace("第5期", "第6期（总第106期）").replace("2023年7月21日", "2023年7月28日"), encoding="utf-8")
    broken = tmp_path / "第7期.txt"
    broken.write_text(text.replace("第5期", "第7期").replace("【重要事项】", "【重要事情】"), encoding="utf-8")
    before = snapshot(ws)
    result = cli("import", seed, sixth, broken, "--workspace", ws)
    assert result.exit_code == 1
    assert "栏目“重要事情”不在 bulletin.yaml 的栏目（sections）里。您是不是要写“重要事项”？" in result.stderr
    assert f"{broken}:8:" in result.stderr
    assert snapshot(ws) == before
    assert not list((ws / "issues").iterdir())  # no staging folder left behind

    result = cli("import", seed, sixth, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert issue_info(ws, 6).total == 106
    assert fragments_of(ws, 6) == {k: dataclasses.replace(v, issue=6) for k, v in fragments_of(EXAMPLE, 5).items()}
    assert sorted(p.name for p in (ws / "issues").iterdir()) == ["005", "006"]


def test_the_same_issue_twice_in_one_call(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    copy = shutil.copy(seed, tmp_path / "copy.txt")
    result = cli("import", seed, copy, "--workspace", ws)
    assert result.exit_code == 1
    assert "这次有两份第5期" in result.stderr


def test_unreadable_files_are_messages(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    fake = tmp_path / "坏的.docx"
    fake.write_bytes(b"not a zip")
    missing = tmp_path / "没有.docx"
    result = cli("import", fake, missing, "--workspace", ws)
    assert result.exit_code == 1
    assert "坏的.docx: 错误: 这份 Word 文件已损坏，打不开" in result.stderr
    assert "没有.docx: 错误: 找不到这个文件。" in result.stderr
    assert "Traceback" not in result.output


def test_doc_file_is_read_through_libreoffice(cli, soffice: str, tmp_path: Path, example_ws: Path) -> None:
    docx = exported(example_ws, cli)
    out = tmp_path / "doc"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(out), str(docx)], capture_output=True, timeout=180, check=True)
    (doc,) = out.glob("*.doc")
    ws = settings_only_ws(tmp_path)
    result = cli("import", doc, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)


def test_a_lead_that_is_not_recognised_is_said(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    seed.write_text(seed.read_text(encoding="utf-8").replace("打好重点民生保障仗工作专班：", "民生热线："), encoding="utf-8")
    result = cli("import", seed, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert (f"{seed}:20:1: 提醒: 这一段以“民生热线：”开头，像是一个单位的引导语，但没有认出这个单位，"
            "已作为上一单位内容的续段导入。") in result.stdout
    assert "打好重点民生保障仗工作专班" not in fragments_of(ws, 5)


def test_a_failure_while_storing_leaves_the_workspace_as_it_was(cli, tmp_path: Path, monkeypatch) -> None:
    """The settings are written last; when that fails, the issues already renamed into place
    are taken out again and the replaced one comes back."""
    import bulletin_cli.archive.importer as importer

    settings = _settings_without(tmp_path, "安化县经开区")
    ws = settings_only_ws(tmp_path, settings=settings)
    seed = fixed_seed(tmp_path)
    assert cli("import", "--add-units", seed, "--workspace", ws).exit_code == 0
    (ws / "bulletin.yaml").write_text(settings.read_text(encoding="utf-8"), encoding="utf-8")  # forget the unit again
    before = snapshot(ws)

    def refuse(path, text):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(importer, "atomic_write_text", refuse)
    result = cli("import", "--add-units", "--replace", seed, "--workspace", ws)
    assert result.exit_code == 1
    assert "无法写入" in result.stderr and "bulletin.yaml" in result.stderr
    after = snapshot(ws)
    assert after == before
    deleted = ws / ".bulletin" / "history" / "deleted"
    assert not deleted.exists() or not any(deleted.iterdir())


def test_a_masthead_of_another_series_is_a_warning(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    seed.write_text(seed.read_text(encoding="utf-8").replace("工作专报\n", "工作简报\n", 1), encoding="utf-8")
    result = cli("import", seed, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert "提醒: 报头是“安化县打好“发展六仗”工作简报”，与 bulletin.yaml 的“安化县打好“发展六仗”工作专报”不同。" in result.stdout

"""An adversarial pass as clerks and careless units meet the tool: each test is a defect that
was found by using the real command line, kept so it stays fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import snapshot

TEAM = "打好经济增长主动仗工作专班"


@pytest.mark.parametrize("option", ["--team", "--section"])
def test_a_control_character_in_team_or_section_is_named_as_the_option(cli, empty_issue_ws: Path, option: str) -> None:
    # A clerk pasting a unit name from a web page can carry a control character. It used to
    # reach the converted YAML and be reported as “in.txt（转换稿）: YAML 格式错误” — a fault of
    # the unit's file, which is fine.
    sub = empty_issue_ws.parent / "经济增长专班.txt"
    sub.write_text("7月1日，召开经济运行调度会。\n", encoding="utf-8")
    value = {"--team": f"打好\x01{TEAM[2:]}", "--section": "专班\x01动态"}[option]
    other = ["--section", "专班动态"] if option == "--team" else ["--team", TEAM]
    before = snapshot(empty_issue_ws)
    r = cli("add-section", option, value, *other, sub, cwd=empty_issue_ws)
    assert r.exit_code == 1, r.output
    assert "YAML" not in r.output and "转换稿" not in r.output, r.output
    assert option in r.stderr and "名单" in r.stderr, r.stderr
    assert snapshot(empty_issue_ws) == before


def test_edit_total_beyond_the_model_range_is_a_usage_error(cli, example_ws: Path) -> None:
    # `edit --total 99999999999999999999999` was a 内部错误 (pydantic's ValidationError).
    before = snapshot(example_ws)
    r = cli("edit", "--total", "99999999999999999999999", cwd=example_ws)
    assert r.exit_code == 2, r.output
    assert "内部错误" not in r.output and "ValidationError" not in r.output, r.output
    assert "--total" in r.stderr
    assert snapshot(example_ws) == before


@pytest.mark.parametrize("target", ["没有的文件夹/经济增长.yaml", "一个文件/经济增长.yaml", "经" * 100 + ".yaml"])
def test_template_into_a_place_that_cannot_be_written_names_it_in_chinese(cli, example_ws: Path, target: str) -> None:
    # Was: “错误: /…/没有的文件夹/.经济增长.schema.json.k3j2.tmp:No such file or directory” —
    # a temporary file the clerk never named, and the system's English.
    (example_ws / "一个文件").write_text("", encoding="utf-8")
    r = cli("template", "--team", TEAM, "-o", target, cwd=example_ws)
    assert r.exit_code == 1, r.output
    first = r.stderr.splitlines()[0]
    assert ".tmp" not in r.stderr and "No such" not in r.stderr and "Not a directory" not in r.stderr, r.stderr
    assert "too long" not in r.stderr, r.stderr
    assert first.startswith(str(Path(target).with_suffix(".schema.json"))) or first.startswith(target), first
    assert any(w in first for w in ("不存在", "不是文件夹", "太长")), first


def test_word_form_into_a_missing_folder_says_so_in_chinese(cli, example_ws: Path) -> None:
    r = cli("template", "--team", TEAM, "--docx", "-o", "没有的文件夹/表.docx", cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert "No such" not in r.stderr and "不存在" in r.stderr, r.stderr


def test_characters_under_a_phonetic_guide_reach_the_issue(cli, empty_issue_ws: Path) -> None:
    # Word's 拼音指南 (WPS likewise) wraps the characters in <w:ruby>: 发 in “五、注音：发展。”
    # was silently lost (“五、注音：展。”).
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.add_paragraph(f"报送单位：{TEAM}")
    d.add_paragraph("【专班动态】")
    p = d.add_paragraph("7月12日，全县高质量")
    p._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:ruby><w:rubyPr><w:hps w:val="16"/><w:hpsRaise w:val="30"/>'
            '<w:hpsBaseText w:val="32"/><w:lid w:val="zh-CN"/></w:rubyPr>'
            "<w:rt><w:r><w:t>fā</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>发</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        )
    )
    p.add_run("展推进会召开。")
    sub = empty_issue_ws.parent / "经济增长.docx"
    d.save(sub)
    r = cli("add-section", sub, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    stored = (empty_issue_ws / "issues" / "005" / "fragments").glob("*.yaml")
    text = "".join(f.read_text(encoding="utf-8") for f in stored)
    assert "7月12日，全县高质量发展推进会召开。" in text, text
    assert "fā" not in text


@pytest.mark.parametrize("team", ["经开区/高新区", "x:y*?<>|", "长" * 100])
def test_word_form_default_name_is_a_safe_file_name(cli, example_ws: Path, team: str) -> None:
    # `template --team 经开区/高新区 --docx` wrote into a folder 经开区 (or failed when there was
    # none); `:*?<>|` made a name Windows cannot open; a long unit name, a name too long to write.
    settings = example_ws / "bulletin.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("\nteams:", f'\nteams:\n  - name: "{team}"\n    sections: [专班动态]\n#', 1), encoding="utf-8")
    r = cli("template", "--team", team, "--docx", cwd=example_ws)
    assert r.exit_code == 0, r.output
    made = [p for p in example_ws.rglob("*.docx")]
    assert len(made) == 1 and made[0].parent == example_ws, made
    assert not set('\\/:*?"<>|') & set(made[0].name) and len(made[0].name.encode()) < 255


@pytest.mark.parametrize("args", [("edit", "--date", "2023年2月30日"), ("template", "--team", "打好经济增长主动仗工作专")])
def test_usage_errors_of_commands_read_like_click_s(cli, example_ws: Path, args: tuple[str, ...]) -> None:
    # Click's usage errors said “用法错误：…”, the commands' own ones “用法错误: …” (half-width).
    r = cli(*args, cwd=example_ws)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("用法错误："), r.stderr


@pytest.fixture(scope="module")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One unit's submission as LibreOffice saves it: .doc and .odt (made once for the module)."""
    import shutil
    import subprocess

    import docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("office")
    d = docx.Document()
    d.add_paragraph(f"报送单位：{TEAM}")
    d.add_paragraph("【专班动态】")
    d.add_paragraph(SENTENCE)
    d.save(folder / "材料.docx")
    for fmt in ("doc", "odt"):
        subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", fmt,
             "--outdir", str(folder / fmt), str(folder / "材料.docx")],
            check=True, capture_output=True, timeout=120,
        )
    return {fmt: folder / fmt / f"材料.{fmt}" for fmt in ("doc", "odt")}


SENTENCE = "7月12日，召开全县经济运行调度会，刘䶮参加。"


def _stored_text(ws: Path) -> str:
    return "".join(f.read_text(encoding="utf-8") for f in (ws / "issues" / "005" / "fragments").glob("*.yaml"))


def test_an_old_doc_renamed_docx_is_read(cli, empty_issue_ws: Path, office_files: dict[str, Path]) -> None:
    # Units rename 材料.doc to 材料.docx. It was refused as “设置了打开密码（或是旧版 .doc 改了扩展名）”
    # although bulletin reads .doc files through LibreOffice.
    import shutil

    renamed = empty_issue_ws.parent / "经济增长材料.docx"
    shutil.copyfile(office_files["doc"], renamed)
    r = cli("add-section", renamed, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert SENTENCE in _stored_text(empty_issue_ws)


def test_an_odt_from_libreoffice_is_taken_in(cli, empty_issue_ws: Path, office_files: dict[str, Path]) -> None:
    # LibreOffice saves .odt by default; it was “不认识“.odt”这种文件”.
    r = cli("add-section", office_files["odt"], cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert SENTENCE in _stored_text(empty_issue_ws)


def test_template_for_a_unit_nowhere_near_lists_the_units(cli, tmp_path: Path) -> None:
    # The README's week in a fresh `bulletin init` workspace: the sample units are 第一工作专班 …,
    # and `template --team 打好经济增长主动仗工作专班` said only that it is not a unit.
    assert cli("init", "工作专报", cwd=tmp_path).exit_code == 0
    ws = tmp_path / "工作专报"
    assert cli("new", cwd=ws).exit_code == 0
    r = cli("template", "--team", TEAM, "-o", "经济增长.yaml", cwd=ws)
    assert r.exit_code == 2, r.output
    assert "第一工作专班" in r.stderr and "第二工作专班" in r.stderr, r.stderr


def test_build_example_leaves_the_bundled_example_as_committed(tmp_path: Path) -> None:
    # README: `scripts/build-example` then `scripts/test`. The export wrote
    # examples/anhua/issues/005/.exported.json (with this machine's path), and three tests that
    # copy the example then failed (list showed it exported and stale).
    import os
    import shutil
    import subprocess
    import sys

    from conftest import EXAMPLE, ROOT

    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "build-example", repo / "scripts" / "build-example")
    (repo / "scripts" / "install").write_text("#!/usr/bin/env bash\n", encoding="utf-8")  # installed already
    (repo / "scripts" / "install").chmod(0o755)
    shutil.copytree(EXAMPLE, repo / "examples" / "anhua")
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "bulletin").symlink_to(Path(sys.executable).parent / "bulletin")
    before = snapshot(repo / "examples")
    done = subprocess.run(["bash", "scripts/build-example"], cwd=repo, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "BULLETIN_LANG": "zh"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "out" / "安化县打好“发展六仗”工作专报-第5期.docx").is_file()
    assert snapshot(repo / "examples") == before


@pytest.mark.parametrize("how", ["--note", "--note-file"])
def test_a_control_character_in_a_note_is_named_where_it_was_typed(cli, example_ws: Path, how: str) -> None:
    # It was reported as “issues/005/issue.yaml:6:7: … 由转义写法如“\x01”产生” — a file the clerk
    # never opened, and an escape they never wrote.
    note = "县委主要领导作出批示。\n\n要求抓好\x01落实。"
    args = ["edit", "--note", note]
    if how == "--note-file":
        (example_ws / "按语.txt").write_text(note, encoding="utf-8")
        args = ["edit", "--note-file", "按语.txt"]
    before = snapshot(example_ws)
    r = cli(*args, cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert "issue.yaml" not in r.stderr and "转义" not in r.stderr, r.stderr
    where = "--note:3:5" if how == "--note" else "按语.txt:3:5"
    assert r.stderr.startswith(f"{where}: 错误: ") and "U+0001" in r.stderr, r.stderr
    assert snapshot(example_ws) == before


def test_spaces_copied_from_wechat_are_reported_and_fixed(cli, empty_issue_ws: Path) -> None:
    # WeChat puts U+2005 (four-per-em space) around words and web pages U+200B (zero-width space);
    # neither was reported by S401, and U+200B came out as C303 “​” (a rare character, invisible).
    sub = empty_issue_ws.parent / "安全生产.txt"
    sub.write_text("报送单位：打好安全生产翻身仗工作专班\n【专班动态】\n7月12日，部署\u2005安全生产\u2005工作，整改隐患\u200b8处。\n", encoding="utf-8")
    r = cli("add-section", sub, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert r.stdout.count("S401") == 3 and "C303" not in r.stdout, r.stdout
    r = cli("lint", "--fix", cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    text = "".join(f.read_text(encoding="utf-8") for f in (empty_issue_ws / "issues" / "005" / "fragments").glob("*.yaml"))
    assert "7月12日，部署安全生产工作，整改隐患8处。" in text, text


def test_template_into_a_folder_says_it_is_a_folder(cli, example_ws: Path) -> None:
    # `template -o 收件箱/` said “文件已存在，不会覆盖” about a folder.
    (example_ws / "收件箱").mkdir()
    r = cli("template", "--team", TEAM, "-o", "收件箱/", cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert "文件夹" in r.stderr and "已存在" not in r.stderr, r.stderr
    assert list((example_ws / "收件箱").iterdir()) == []

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


# ------------------------------------------------------------------ 3. the format is read from the bytes

CONTENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:text>"
    "<text:p>7月10日，召开经济运行调度会。</text:p><text:p>上半年，全县地方收入稳步增长。</text:p>"
    "</office:text></office:body></office:document-content>"
)
MANIFEST_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def odt_bytes() -> bytes:
    """An OpenDocument text as LibreOffice writes it: the mimetype first and stored."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", CONTENT_XML)
        zf.writestr("META-INF/manifest.xml", MANIFEST_XML)
    return buf.getvalue()


PARAS = ["7月10日，召开经济运行调度会。", "上半年，全县地方收入稳步增长。"]


def test_odt_named_docx_is_read_as_odt_and_said(cli, empty_issue_ws: Path, soffice: str) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长.docx"
    f.write_bytes(odt_bytes())
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert "已损坏" not in result.output
    assert ".odt" in result.stdout
    assert stored(ws)["sections"] == {"专班动态": PARAS}


def test_docx_named_txt_is_read_as_word_and_said(cli, empty_issue_ws: Path) -> None:
    from wordfiles import simple_docx

    ws = empty_issue_ws
    f = ws.parent / "经济增长.txt"
    simple_docx(ws.parent / "tmp.docx", PARAS).rename(f)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert "模板" not in result.output
    assert "实际是 Word" in result.stdout and "经济增长.txt" in result.stdout
    assert stored(ws)["sections"] == {"专班动态": PARAS}


def test_zip_named_txt_that_is_no_word_file_is_not_called_a_damaged_word_file(cli, empty_issue_ws: Path) -> None:
    import zipfile

    ws = empty_issue_ws
    f = ws.parent / "经济增长.txt"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("a.txt", "正文。")
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 1, result.output
    assert "不是 Word 文件" in result.output and "已损坏，打不开" not in result.output


def test_binary_note_file_is_called_a_note_file(cli, example_ws: Path) -> None:
    from wordfiles import simple_docx

    ws = example_ws
    f = simple_docx(ws.parent / "n.docx", ["正文。"]).rename(ws.parent / "n.txt")  # "按语" only from the message
    before = snapshot(ws)
    result = cli("edit", "--note-file", f, cwd=ws)
    assert result.exit_code == 1, result.output
    assert "按语" in result.output and "模板" not in result.output and ".yaml" not in result.output
    assert snapshot(ws) == before


# ------------------------------------------------------------------ 4. a past issue is not a unit's submission


def corrupt_docx(folder: Path) -> Path:
    from wordfiles import simple_docx

    f = simple_docx(folder / "src.docx", ["正文。"])
    data = f.read_bytes()
    out = folder / "第5期-损坏.docx"
    out.write_bytes(data[: len(data) // 2])
    return out


def locked_docx(folder: Path) -> Path:
    """What Word writes for a password: a compound file holding an EncryptedPackage stream."""
    out = folder / "第5期-加密.docx"
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    return out


def test_import_and_init_from_a_bad_past_issue_do_not_ask_a_unit(cli, example_ws: Path, tmp_path: Path) -> None:
    for make, says in ((corrupt_docx, "已损坏"), (locked_docx, "密码")):
        f = make(tmp_path)
        for args in (("import", f, "--workspace", example_ws), ("init", "--from", f, tmp_path / "new")):
            result = cli(*args)
            assert result.exit_code == 1, result.output
            assert says in result.output, result.output
            assert "报送单位" not in result.output and "Traceback" not in result.output
        assert not (tmp_path / "new").exists()


# ------------------------------------------------------------------ 2. pasted in traditional characters

TRADITIONAL = (
    "報送單位：打好經濟增長主動仗工作專班\n"
    "【會議精神】\n"
    "7月10日，縣委召開經濟運行調度會。\n"
    "【專班動態】\n"
    "打好經濟增長主動仗工作專班：上半年，全縣地方稅收收入穩步增長。\n"
)


def test_traditional_text_columns_and_unit_are_recognised_and_the_clerk_told(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = ws.parent / "材料.txt"
    f.write_text(TRADITIONAL, encoding="utf-8")
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert "繁体" in result.stdout and "--fix" in result.stdout
    # every character the unit typed is kept until the clerk asks for --fix (lint C301 flags it)
    assert stored(ws)["sections"] == {
        "会议精神": ["7月10日，縣委召開經濟運行調度會。"],
        "专班动态": ["上半年，全縣地方稅收收入穩步增長。"],
    }
    assert "C301" in cli("lint", cwd=ws).output
    result = cli("add-section", "--replace", "--fix", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert stored(ws)["sections"] == {
        "会议精神": ["7月10日，县委召开经济运行调度会。"],
        "专班动态": ["上半年，全县地方税收收入稳步增长。"],
    }


def test_simplified_text_gets_no_traditional_notice(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = ws.parent / "材料.txt"
    f.write_text(f"报送单位：{ECON}\n【会议精神】\n7月10日，县委召开经济运行调度会。\n", encoding="utf-8")
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert "繁体" not in result.output


# ------------------------------------------------------------------ 5. preview's lint pass is not the file pass


def test_preview_marks_count_printed_paragraphs_not_file_values(cli, example_ws: Path) -> None:
    """preview lints each printed paragraph; check_issue lints each YAML value of each fragment
    file. They count different things, so the marks cannot be taken from the file pass without
    changing what preview shows: an item of two paragraphs "一是……" / "三是……" is one value, and
    the file pass finds E601 (二是 missing) on "三是"; the printed paragraph "三是……" alone has
    nothing wrong, and preview puts no ! before it (a mark there would point at a sentence the
    clerk cannot fix by itself). The half-width comma is found by both."""
    ws = example_ws
    f = ws / "issues" / "005" / "fragments" / "安化县经开区.yaml"
    f.write_text(
        "team: 安化县经开区\nissue: 5\nsections:\n  典型经验:\n    - |-\n"
        "      一是召开调度会议,部署工作。\n\n      三是落实企业帮扶。\n",
        encoding="utf-8",
    )
    checked = cli("validate", cwd=ws)
    assert "安化县经开区.yaml:8:7: 提醒: E601" in checked.output and "P101" in checked.output
    shown = cli("preview", "--no-pager", "--width", "100", cwd=ws).stdout.splitlines()
    assert any(line.startswith(" !") and "召开调度会议," in line for line in shown)
    assert [line for line in shown if "三是落实企业帮扶" in line] == ["      三是落实企业帮扶。"]

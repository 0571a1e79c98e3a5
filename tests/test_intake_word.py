"""Word submissions through the real `bulletin add-section`: as office suites write them, with
tracked changes, numbering, fields and content controls, and every kind of bad file."""

from __future__ import annotations

import io
import runpy
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEED, snapshot
from test_example import FULL_WIDTH, printed_lines
from wordfiles import CHINESE_OUTLINE, numbered, p, r, raw_docx, simple_docx

ECON = "打好经济增长主动仗工作专班"
SAFETY = "打好安全生产翻身仗工作专班"


def stored(ws: Path, team: str) -> dict:
    return yaml.safe_load((ws / "issues" / "005" / "fragments" / f"{team}.yaml").read_text(encoding="utf-8"))


def example_fragment(ws: Path, team: str) -> dict:
    return yaml.safe_load((ws.parent / "inbox" / f"{team}.yaml").read_text(encoding="utf-8"))


def items(ws: Path, team: str = ECON, column: str = "专班动态") -> list:
    return stored(ws, team)["sections"][column]


# ---------------------------------------------------------------- the example arrives as .docx


def test_example_unit_as_word_file_gives_the_example_fragment_and_the_seed(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    make = runpy.run_path(str(ROOT / "scripts" / "make-example-inbox"))
    docx_file = make["build"](ws / "收件箱")
    inbox = ws.parent / "inbox"
    others = [f for f in sorted(inbox.glob("*.yaml")) if f.stem != SAFETY]
    result = cli("add-section", docx_file, *others, cwd=ws)
    assert result.exit_code == 0, result.output
    assert stored(ws, SAFETY) == {**example_fragment(ws, SAFETY), "issue": 5}
    assert "开头的标题“安全生产翻身仗工作专班报送材料”" in result.stdout
    received = list((ws / "issues" / "005" / "received").iterdir())
    assert [f.name.split("-", 2)[-1] for f in received] == [docx_file.name]
    assert received[0].read_bytes() == docx_file.read_bytes()
    assert not list((ws / "issues" / "005" / "fragments").glob("*.docx"))
    from bulletin_cli.workspace import Workspace

    seed = (SEED / "anhua-2023-05.txt").read_text(encoding="utf-8").translate(FULL_WIDTH).splitlines()
    assert printed_lines(Workspace(ws).assembled_issue()) == seed
    assert cli("validate", cwd=ws).exit_code == 0


def test_unit_from_file_name_and_lead_not_printed_twice(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    text = example_fragment(ws, ECON)["sections"]["专班动态"][0]
    f = simple_docx(ws.parent / "经济增长专班第5期材料.docx", ["\u3000\u3000" + ECON + "：" + text], split=7)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == [text]


def test_ambiguous_file_name_is_refused_with_candidates_and_team_option_decides(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = simple_docx(ws.parent / "专班材料.docx", ["7月10日，召开调度会。"])
    before = snapshot(ws)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 1
    assert "看不出这是哪个单位的材料" in result.output and "--team" in result.output and ECON in result.output
    assert snapshot(ws) == before
    result = cli("add-section", "--team", ECON, f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == ["7月10日，召开调度会。"]


def test_column_needed_when_unit_has_several(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = simple_docx(ws.parent / "安全生产.docx", ["7月12日，下发紧急通知。"])
    result = cli("add-section", "--team", SAFETY, f, cwd=ws)
    assert result.exit_code == 1
    assert "--section" in result.output and "专班动态、情况反映" in result.output
    result = cli("add-section", "--team", SAFETY, "--section", "情况反映", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert stored(ws, SAFETY)["sections"] == {"情况反映": ["7月12日，下发紧急通知。"]}


# ---------------------------------------------------------------- Word's structure


def test_tracked_changes_are_accepted_and_the_clerk_is_told(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    ins = '<w:ins w:id="1" w:author="张三" w:date="2023-07-10T00:00:00Z">' + r("已封顶") + "</w:ins>"
    dele = '<w:del w:id="2" w:author="张三" w:date="2023-07-10T00:00:00Z"><w:r><w:delText>正在施工</w:delText></w:r></w:del>'
    f = raw_docx(ws.parent / "经济增长.docx", p(r("安置小区C区#2号楼"), ins, dele, r("。")))
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == ["安置小区C区#2号楼已封顶。"]
    assert "修订" in result.stdout and "插入 1 处、删除 1 处" in result.stdout


def test_automatic_numbering_is_written_into_the_text(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    body = "".join(
        [
            numbered("总体情况。", 1, 0),
            numbered("收入情况。", 1, 1),
            numbered("税收。", 1, 2),
            numbered("增值税。", 1, 3),
            numbered("所得税。", 1, 3),
            numbered("非税。", 1, 2),
            numbered("支出情况。", 1, 1),
            numbered("下步打算。", 1, 0),
            numbered("加强调度。", 1, 1),
            numbered("要点不编号。", 2, 0),
        ]
    )
    f = raw_docx(ws.parent / "经济增长.docx", body, numbering=CHINESE_OUTLINE)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == [
        "一、总体情况。", "（一）收入情况。", "1.税收。", "（1）增值税。", "（2）所得税。", "2.非税。",
        "（二）支出情况。", "二、下步打算。", "（一）加强调度。", "要点不编号。",
    ]


def test_fields_links_content_controls_bookmarks_comments_and_headers(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \\@ "M月d日" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("7月10日") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    link = '<w:hyperlink r:id="rIdX">' + r("县政府网站") + "</w:hyperlink>"
    sdt = "<w:sdt><w:sdtPr><w:alias w:val=\"单位\"/></w:sdtPr><w:sdtContent>" + r("县财政局") + "</w:sdtContent></w:sdt>"
    smart = '<w:smartTag w:uri="urn:x" w:element="date">' + r("上半年") + "</w:smartTag>"
    comment = '<w:commentRangeStart w:id="0"/>' + r("收入") + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
    body = p(
        field, r("，"), sdt, r("在"), link, r("公布"), smart, '<w:bookmarkStart w:id="0" w:name="a"/>',
        comment, '<w:bookmarkEnd w:id="0"/>', r("情况。"),
        '<w:fldSimple w:instr=" PAGE ">' + r("") + "</w:fldSimple>",
    )
    comments = (
        '<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:comment w:id="0"><w:p><w:r><w:t>批注：请核实</w:t></w:r></w:p></w:comment></w:comments>'
    ).encode()
    f = raw_docx(ws.parent / "经济增长.docx", body, extra={"word/comments.xml": comments})
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == ["7月10日，县财政局在县政府网站公布上半年收入情况。"]
    assert "批注" in result.stdout


def test_headers_footers_line_breaks_indents_and_titles(cli, empty_issue_ws: Path) -> None:
    import docx
    from docx.shared import Pt

    ws = empty_issue_ws
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：经济增长专班"
    d.sections[0].footer.paragraphs[0].text = "第 1 页"
    d.add_paragraph().add_run("上半年经济运行情况").bold = True
    para = d.add_paragraph()
    para.paragraph_format.first_line_indent = Pt(32)
    para.add_run("\t地方一般公共预算收入")
    para.add_run().add_break()
    para.add_run("64477万元。")
    d.add_paragraph("\u3000\u3000第二段，同比增长16.38%。")
    d.save(ws.parent / "经济增长.docx")
    result = cli("add-section", ws.parent / "经济增长.docx", cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == [{"title": "上半年经济运行情况", "text": "地方一般公共预算收入64477万元。\n\n第二段，同比增长16.38%。"}]
    from bulletin_cli.workspace import Workspace

    issue = Workspace(ws).assembled_issue()
    paras = [pp for c in issue.columns for k in c.contributions for pp in k.paragraphs]
    assert [pp.text for pp in paras] == ["地方一般公共预算收入64477万元。", "第二段，同比增长16.38%。"]
    assert "页眉" not in str(stored(ws, ECON)) and "第 1 页" not in str(stored(ws, ECON))


def test_yaml_special_characters_survive_exactly(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    texts = ["- 7月10日，C区 #2号楼：已封顶。", "*重点* & !注意 %比例 @某人 `代码` [1] {a: b} 键: 值", '"引号" \'单引号\' | > \\ 反斜杠']
    f = simple_docx(ws.parent / "经济增长.docx", texts)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == texts


def test_fix_works_on_a_word_submission(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = simple_docx(ws.parent / "经济增长.docx", ["7月10日,召开调度会(全体成员参加)。"])
    result = cli("add-section", "--fix", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == ["7月10日，召开调度会（全体成员参加）。"]


def test_word_text_and_yaml_in_one_call_all_or_nothing(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    inbox = ws.parent / "inbox"
    good = simple_docx(ws.parent / "经济增长.docx", ["7月10日，召开调度会。"])
    text = ws.parent / "科技创新.txt"
    text.write_text("7月11日，召开科技创新大会。\n", encoding="utf-8")
    bad = raw_docx(ws.parent / "风险.docx", "<w:tbl><w:tr><w:tc>" + p(r("表格内容")) + "</w:tc></w:tr></w:tbl>")
    before = snapshot(ws)
    result = cli("add-section", good, text, inbox / f"{SAFETY}.yaml", bad, cwd=ws)
    assert result.exit_code == 1
    assert "风险.docx" in result.output and "表格" in result.output
    assert snapshot(ws) == before
    result = cli("add-section", good, text, inbox / f"{SAFETY}.yaml", cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == ["7月10日，召开调度会。"]
    assert items(ws, "打好科技创新攻坚仗工作专班") == ["7月11日，召开科技创新大会。"]
    assert stored(ws, SAFETY) == example_fragment(ws, SAFETY)


# ---------------------------------------------------------------- refused


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for t in paragraphs:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _bomb(path: Path) -> Path:
    """A zip of a few tens of KB whose document.xml expands to 60 MB."""
    big = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>' + b" " * 60_000_000 + b"</w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", big)
    return path


def _lying_sizes(path: Path) -> Path:
    """A zip whose directory claims 1,000 bytes for a part that really expands to 20 MB."""
    import struct

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" * 20_000_000)
    data = bytearray(buf.getvalue())
    struct.pack_into("<I", data, 22, 1000)  # local header: uncompressed size
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 1000)  # central directory
    path.write_bytes(bytes(data))
    return path


PICTURE = (
    '<w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><a:graphic><a:graphicData uri="x"/></a:graphic>'
    "</wp:inline></w:drawing></w:r>"
)
TEXTBOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData uri="x">'
    "<wps:wsp><wps:txbx><w:txbxContent>" + p(r("框里的字")) + "</w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>"
)


@pytest.mark.parametrize(
    "name, make, says",
    [
        ("corrupt", lambda f: f.write_bytes(_docx_bytes(["正文。"])[:3000]) and f, "已损坏"),
        ("not-zip", lambda f: f.write_bytes(b"PK\x03\x04garbage" * 10) and f, "已损坏"),
        ("password", lambda f: f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000) and f, "密码"),
        ("bomb", _bomb, "解压后"),
        ("lying-sizes", _lying_sizes, "已损坏"),
        ("empty", lambda f: f.write_bytes(_docx_bytes([])) and f, "没有文字"),
        ("blank-lines", lambda f: f.write_bytes(_docx_bytes(["", "\u3000\u3000", ""])) and f, "没有文字"),
        ("picture-only", lambda f: raw_docx(f, p(PICTURE)), "图片"),
        ("picture-in-text", lambda f: raw_docx(f, p(r("正文。")) + p(r("见下图："), PICTURE)), "第2段（“见下图：……”）有图片"),
        ("text-box", lambda f: raw_docx(f, p(r("正文。"), TEXTBOX)), "第1段有一个文本框（“框里的字……”）"),
        ("table", lambda f: raw_docx(f, p(r("正文。")) + "<w:tbl><w:tr><w:tc>" + p(r("指标")) + "</w:tc></w:tr></w:tbl>"), "表格"),
        ("form-untouched", None, "没有正文"),
    ],
)
def test_bad_word_files_are_refused_and_nothing_changes(cli, empty_issue_ws: Path, name: str, make, says: str) -> None:
    ws = empty_issue_ws
    f = ws.parent / f"经济增长-{name}.docx"
    if make is None:
        assert cli("template", "--team", ECON, "--docx", "-o", f, cwd=ws).exit_code == 0
    else:
        make(f)
    before = snapshot(ws)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 1, result.output
    assert says in result.output, result.output
    assert "Traceback" not in result.output
    assert snapshot(ws) == before


def test_docm_macros_are_never_run_text_is_read(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = raw_docx(ws.parent / "经济增长.docm", p(r("7月10日，召开调度会。")), extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert "宏没有运行" in result.stdout
    assert items(ws) == ["7月10日，召开调度会。"]


def test_doc_without_libreoffice_says_so(cli, empty_issue_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    before = snapshot(ws)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 1
    assert "LibreOffice" in result.output and "另存为" in result.output
    assert snapshot(ws) == before


# ---------------------------------------------------------------- files made by LibreOffice


@pytest.fixture(scope="module")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One .docx made with python-docx, converted by LibreOffice to .doc and re-saved as .docx
    (LibreOffice splits and renames runs as office suites do); one soffice call for both."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("office")
    numbering_body = numbered("总体情况。", 1, 0) + numbered("收入情况，同比增长16.38%。", 1, 1) + numbered("下步打算。", 1, 0)
    src = raw_docx(folder / "src.docx", p(r("7月10日，"), r("召开", bold=False), r("调度会。")) + numbering_body, numbering=CHINESE_OUTLINE)
    profile = (folder / "profile").as_uri()
    for target in ("doc", "odt"):
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", str(folder / target), str(src)],
            check=True, capture_output=True, timeout=180,
        )
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx:MS Word 2007 XML",
         "--outdir", str(folder / "resaved"), str(folder / "odt" / "src.odt")],
        check=True, capture_output=True, timeout=180,
    )
    return {"doc": folder / "doc" / "src.doc", "resaved": folder / "resaved" / "src.docx"}


EXPECTED = ["7月10日，召开调度会。", "一、总体情况。", "（一）收入情况，同比增长16.38%。", "二、下步打算。"]


@pytest.mark.parametrize("kind, name", [("doc", "经济增长.doc"), ("doc", "经济增长.wps"), ("resaved", "经济增长.docx")])
def test_files_written_by_libreoffice(cli, empty_issue_ws: Path, office_files: dict[str, Path], kind: str, name: str) -> None:
    ws = empty_issue_ws
    f = ws.parent / name
    shutil.copyfile(office_files[kind], f)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == EXPECTED


def test_document_heading_names_the_unit_and_is_reported_not_printed(cli, empty_issue_ws: Path) -> None:
    import docx

    ws = empty_issue_ws
    d = docx.Document()
    head = d.add_paragraph()
    head.alignment = 1
    head.add_run("经济增长专班第5期报送材料").bold = True
    d.add_paragraph("7月10日,召开经济运行调度会。")
    d.save(ws.parent / "材料.docx")
    result = cli("add-section", ws.parent / "材料.docx", cwd=ws)
    assert result.exit_code == 0, result.output
    assert items(ws) == ["7月10日,召开经济运行调度会。"]
    assert "开头的标题“经济增长专班第5期报送材料”不是简报正文" in result.stdout
    # the typographic warning names the Word file, its paragraph (2) and the place in it
    assert "材料.docx:2:6: 提醒: P101" in result.stdout


def test_team_option_over_the_files_own_unit_line_is_said(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = simple_docx(ws.parent / "a.docx", [f"报送单位：{SAFETY}", "7月10日，召开调度会。"])
    g = simple_docx(ws.parent / "sub" / "a.docx" if (ws.parent / "sub").mkdir() is None else None, ["7月11日，召开推进会。"])
    result = cli("add-section", "--team", ECON, "--section", "专班动态", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert f"文件里写的报送单位是“{SAFETY}”，按 --team 记为“{ECON}”" in result.stdout
    assert items(ws) == ["7月10日，召开调度会。"]
    # the same file name from another folder is kept beside the first, not over it
    result = cli("add-section", "--replace", "--team", ECON, g, cwd=ws)
    assert result.exit_code == 0, result.output
    assert len(list((ws / "issues" / "005" / "received").iterdir())) == 2


def test_reader_contract_on_an_exported_bulletin(cli, example_ws: Path) -> None:
    """What past-issue import relies on: read_word gives the masthead's colour, font and size,
    the red rule's border, and reports the tail table with its cells' paragraphs."""
    from bulletin_cli.sources.word import read_word

    result = cli("export", "--docx", cwd=example_ws)
    assert result.exit_code == 0, result.output
    (exported,) = (example_ws / "issues" / "005").glob("*.docx")
    doc = read_word(exported, max_size=1_000_000)
    masthead = next(p for p in doc.paragraphs if p.text.startswith("安化县打好"))
    assert masthead.alignment == "center" and masthead.runs[0].color == "FF0000"
    assert masthead.runs[0].font == "方正小标宋简体" and masthead.runs[0].size_pt
    assert any("bottom" in p.borders for p in doc.paragraphs)
    assert [e.kind for e in doc.embedded] == ["table"]
    assert [p.text for p in doc.paragraphs if p.in_table] == ["责任编辑：政务公开股"]
    assert any(p.text == "【专班动态】" for p in doc.paragraphs)

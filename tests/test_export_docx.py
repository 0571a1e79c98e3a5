"""The .docx as written: structural facts read back with python-docx, and `bulletin export`.

What a reader sees is checked in test_render_libreoffice.py; here we check what we wrote: page
setup, grid, fonts on every style and run, odd/even footers, masthead, tail, properties."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from bulletin_cli.model import Layout
from bulletin_cli.render import grid
from bulletin_cli.render.docx import build_document, document_bytes, write_docx
from render_helpers import load_example, make_issue

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def example_doc():
    issue = load_example(series={"mark": "内部资料 注意保存", "copies": 80,
                                 "distribution": [{"报": "市委办公室,市政府办公室。"}]})
    return issue, build_document(issue)


def test_page_is_a4_with_gbt9704_margins(example_doc):
    _, doc = example_doc
    s = doc.sections[0]
    assert (s.page_width.twips, s.page_height.twips) == (11906, 16838)
    assert round(s.top_margin.mm) == 37 and round(s.bottom_margin.mm) == 35
    assert round(s.left_margin.mm) == 28 and round(s.right_margin.mm) == 26
    grid_el = s._sectPr.find(qn("w:docGrid"))
    assert grid_el.get(qn("w:type")) == "lines" and grid_el.get(qn("w:linePitch")) == "579"


def test_template_defaults_are_replaced(example_doc):
    _, doc = example_doc
    styles = doc.styles.element
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = rpr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {"仿宋_GB2312"}
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    spacing = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert spacing.get(qn("w:after")) == "0"
    settings = doc.settings.element
    assert settings.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    normal = doc.styles["Normal"].element
    assert normal.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "仿宋_GB2312"
    line = normal.find(f"{W}pPr/{W}spacing")
    assert (line.get(qn("w:line")), line.get(qn("w:lineRule"))) == ("579", "exact")


def _style(doc, sid):
    return next((s for s in doc.styles.element.findall(qn("w:style")) if s.get(qn("w:styleId")) == sid), None)


def effective_rfonts(doc, r):
    """The w:rFonts that applies to run ``r``: its own, its character style's, its paragraph
    style's (and what that is based on), or Normal's — the way Word resolves them."""
    fonts = r.find(f"{W}rPr/{W}rFonts")
    if fonts is not None:
        return fonts
    chain = []
    rstyle = r.find(f"{W}rPr/{W}rStyle")
    if rstyle is not None:
        chain.append(rstyle.get(qn("w:val")))
    p = r.getparent()
    pstyle = p.find(f"{W}pPr/{W}pStyle")
    sid = pstyle.get(qn("w:val")) if pstyle is not None else "Normal"
    while sid:
        chain.append(sid)
        based = _style(doc, sid).find(qn("w:basedOn"))
        sid = based.get(qn("w:val")) if based is not None else None
    for sid in chain:
        fonts = _style(doc, sid).find(f"{W}rPr/{W}rFonts")
        if fonts is not None:
            return fonts
    return None


def test_every_run_names_an_east_asian_font(example_doc):
    _, doc = example_doc
    runs = list(doc.element.body.iter(qn("w:r")))
    for part in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        runs += list(part._element.iter(qn("w:r")))
    texts = [r for r in runs if r.find(qn("w:t")) is not None]
    assert texts
    for r in texts:
        fonts = effective_rfonts(doc, r)
        assert fonts is not None and fonts.get(qn("w:eastAsia")), r.find(qn("w:t")).text
        text = r.find(qn("w:t")).text
        if not text.isascii():  # Chinese runs: all four slots the Chinese font
            assert len({fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")}) == 1


def test_body_runs_are_narrowed_and_paragraphs_indented(example_doc):
    issue, doc = example_doc
    body = [p for p in doc.paragraphs if p.text.startswith(issue.columns[0].contributions[0].paragraphs[0].text[:10])]
    assert body
    # the indent and justification come from the body style (Normal, 正文), not the paragraph
    assert body[0]._p.pPr is None or body[0]._p.pPr.find(qn("w:ind")) is None
    ind = _style(doc, "Normal").find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert _style(doc, "Normal").find(f"{W}pPr/{W}jc").get(qn("w:val")) == "both"
    rpr = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert rpr.find(qn("w:spacing")).get(qn("w:val")) == "-5"


def test_ppr_children_in_schema_order(example_doc):
    _, doc = example_doc
    from bulletin_cli.render.ooxml import _PPR_ORDER

    rank = {f"{W}{n}": i for i, n in enumerate(_PPR_ORDER)}
    for ppr in doc.element.body.iter(qn("w:pPr")):
        ranks = [rank[c.tag] for c in ppr]
        assert ranks == sorted(ranks), [c.tag for c in ppr]


def test_masthead(example_doc):
    issue, doc = example_doc
    paras = doc.paragraphs
    assert paras[0].text == "内部资料 注意保存"
    name = next(p for p in paras if p.text == issue.title)
    assert name.style.name == "报头名称"
    style = _style(doc, "BulletinName")
    assert style.find(f"{W}rPr/{W}color").get(qn("w:val")) == "FF0000"
    for r in name.runs:
        assert effective_rfonts(doc, r._r).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert style.find(f"{W}pPr/{W}snapToGrid").get(qn("w:val")) == "0"
    assert any(p.text == "第5期" for p in paras)
    editor = next(p for p in paras if p.text.startswith(issue.editor))
    assert editor.text == f"{issue.editor}\t2023年7月21日"
    assert editor.style.name == "编发行"
    bottom = _style(doc, "BulletinEditorLine").find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom.get(qn("w:color")) == "FF0000" and bottom.get(qn("w:sz")) == "18"


def test_columns_leads_and_titles(example_doc):
    issue, doc = example_doc
    texts = [p.text for p in doc.paragraphs]
    for col in issue.columns:
        assert col.heading in texts
    lead_para = next(p for p in doc.paragraphs if p.text.startswith("打好经济增长主动仗工作专班"))
    first = effective_rfonts(doc, lead_para.runs[0]._r).get(qn("w:eastAsia"))
    assert first == "黑体"
    assert lead_para.runs[0].style.name == "单位引导语"
    # the lead only once per contribution
    con = next(c for col in issue.columns for c in col.contributions if len(c.paragraphs) > 1)
    lead = con.paragraphs[0].lead
    assert sum(t.startswith(lead) for t in texts) == sum(
        1 for col in issue.columns for c in col.contributions if c.paragraphs[0].lead == lead
    )


def test_titles_run_in_and_heading():
    text = {"title": "扩容一项土地空间", "text": "抓好土地储备。"}
    run_in = build_document(make_issue(paragraphs=[("专班动态", "第一专班", text)]))
    p = next(p for p in run_in.paragraphs if "扩容一项土地空间" in p.text)
    assert p.text == "扩容一项土地空间。抓好土地储备。"
    assert any(r.style.name == "小标题" and r.style.font.bold for r in p.runs if "扩容" in r.text)
    heading = build_document(
        make_issue(paragraphs=[("专班动态", "第一专班", text)], layout={"item_title_style": "heading"})
    )
    t = next(p for p in heading.paragraphs if p.text == "扩容一项土地空间")
    assert t.style.name == "文章标题"
    assert t.style.paragraph_format.alignment == 1  # centre
    assert t.style.font.size.pt == 22


def test_page_number_footers_odd_right_even_left(example_doc):
    _, doc = example_doc
    s = doc.sections[0]
    for footer, side, attr in ((s.footer, "right", "right"), (s.even_page_footer, "left", "left")):
        p = footer._element.find(qn("w:p"))
        assert p.find(f"{W}pPr/{W}jc").get(qn("w:val")) == side
        assert p.find(f"{W}pPr/{W}ind").get(qn(f"w:{attr}")) == "280"
        instr = "".join(t.text for t in p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        shown = "".join(t.text for t in p.iter(qn("w:t")))
        assert shown == "— 1 —"
        size = p.find(f"{W}r/{W}rPr/{W}sz").get(qn("w:val"))
        assert size == "28"


def test_tail_table_anchored_at_the_foot(example_doc):
    issue, doc = example_doc
    tbl = doc.element.body.find(qn("w:tbl"))
    tblp = tbl.find(f"{W}tblPr/{W}tblpPr")
    assert tblp.get(qn("w:vertAnchor")) == "margin" and tblp.get(qn("w:tblpYSpec")) == "bottom"
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert borders.find(qn("w:top")).get(qn("w:sz")) == "8"
    assert borders.find(qn("w:bottom")).get(qn("w:sz")) == "8"
    assert borders.find(qn("w:insideH")).get(qn("w:sz")) == "6"
    rows = ["".join(t.text for t in tr.iter(qn("w:t"))) for tr in tbl.iter(qn("w:tr"))]
    # the print run on the right of the last row, after a right tab (printed bulletins)
    assert rows == ["报：市委办公室,市政府办公室。", "责任编辑：政务公开股（共印80份）"]
    last = list(tbl.iter(qn("w:tr")))[-1]
    assert last.find(f".//{W}tab") is not None
    first = next(tbl.iter(qn("w:p")))
    ind = first.find(f"{W}pPr/{W}ind")
    # one character (14 pt) in; wrapped lines hang after "报:"
    assert int(ind.get(qn("w:left"))) - int(ind.get(qn("w:hanging"))) == 280


def test_no_tail_no_table():
    doc = build_document(make_issue(paragraphs=[("会议精神", "县政府办", "正文。")], responsible_editor=None))
    assert doc.element.body.find(qn("w:tbl")) is None


def test_core_properties_and_font_table(tmp_path: Path, example_doc):
    issue, _ = example_doc
    path = tmp_path / "out.docx"
    write_docx(issue, path)
    doc = docx.Document(str(path))
    cp = doc.core_properties
    assert cp.title == f"{issue.title} 第5期"
    assert cp.author == issue.editor
    assert cp.created.date() == dt.date(2023, 7, 21) and cp.modified.date() == dt.date(2023, 7, 21)
    with zipfile.ZipFile(path) as z:
        fonts = z.read("word/fontTable.xml").decode()
        assert "docProps/thumbnail.jpeg" not in z.read("_rels/.rels").decode()
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "华文中宋")):
        assert f'w:name="{name}"><w:altName w:val="{alt}"/>' in fonts
    assert "ＭＳ 明朝" not in fonts


def test_draft_stamp_on_odd_and_even_pages():
    issue = make_issue(paragraphs=[("会议精神", "县政府办", "正文。")], draft=True)
    doc = build_document(issue)
    s = doc.sections[0]
    assert "草稿" in "".join(t.text for t in s.header._element.iter(qn("w:t")))
    assert "草稿" in "".join(t.text for t in s.even_page_header._element.iter(qn("w:t")))
    plain = build_document(make_issue(paragraphs=[("会议精神", "县政府办", "正文。")]))
    assert "草稿" not in "".join(t.text for t in plain.sections[0].header._element.iter(qn("w:t")))


def test_long_masthead_wraps_in_two_balanced_lines():
    layout = Layout()
    size, parts = grid.masthead_lines("湖南省益阳市安化县人民政府办公室关于打好“发展六仗”工作情况的专报", layout)
    assert parts == ["湖南省益阳市安化县人民政府办公室", "关于打好“发展六仗”工作情况的专报"]
    assert layout.masthead_min_size_pt <= size
    size, parts = grid.masthead_lines("安化县打好“发展六仗”工作专报", layout)
    assert len(parts) == 1 and layout.masthead_min_size_pt <= size <= layout.masthead_size_pt
    size, parts = grid.masthead_lines("工作简报", layout)
    assert (size, parts) == (layout.masthead_size_pt, ["工作简报"])
    # never inside quotes or a Latin word
    _, parts = grid.masthead_lines("关于“推进ABCDEFG数字政府建设攻坚年行动”进展情况的工作动态简报", layout)
    assert all(p.count("“") == p.count("”") for p in parts)


def test_text_outside_the_bmp_is_kept(tmp_path: Path):
    issue = make_issue(paragraphs=[("会议精神", "县政府办", "𠮷祥物发布。")])
    data = document_bytes(issue)
    doc = docx.Document(__import__("io").BytesIO(data))
    assert any(p.text == "𠮷祥物发布。" for p in doc.paragraphs)


def test_write_is_atomic_and_errors_propagate(tmp_path: Path):
    issue = make_issue(paragraphs=[("会议精神", "县政府办", "正文。")])
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    write_docx(issue, target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]  # no temporary left behind
    with pytest.raises(OSError):
        write_docx(issue, tmp_path / "missing-folder" / "a.docx")


# ---------------------------------------------------------------- the command


def test_export_writes_default_name_in_issue_folder(cli, example_ws: Path):
    r = cli("export", "--docx", cwd=example_ws)
    assert r.exit_code == 0, r.output
    target = example_ws / "issues" / "005" / "安化县打好“发展六仗”工作专报-第5期.docx"
    assert target.exists() and str(target.name) in r.stdout
    doc = docx.Document(str(target))
    assert any(p.text == "第5期" for p in doc.paragraphs)


def test_export_output_option(cli, example_ws: Path, tmp_path: Path):
    r = cli("export", "--docx", "-o", tmp_path / "x.docx", cwd=example_ws)
    assert r.exit_code == 0 and (tmp_path / "x.docx").exists()
    folder = tmp_path / "out"
    folder.mkdir()
    r = cli("export", "--issue", "5", "-o", folder, cwd=example_ws)
    assert r.exit_code == 0 and (folder / "安化县打好“发展六仗”工作专报-第5期.docx").exists()


def test_export_refuses_an_invalid_issue_unless_draft(cli, example_ws: Path):
    frag = sorted((example_ws / "issues" / "005" / "fragments").glob("*.yaml"))[0]
    frag.write_text(frag.read_text(encoding="utf-8") + "\n  不存在的栏目:\n    - 文字。\n", encoding="utf-8")
    r = cli("export", "--docx", cwd=example_ws)
    assert r.exit_code == 1
    assert "未导出" in r.stderr and "--draft" in r.stderr and "Traceback" not in r.output
    assert not list((example_ws / "issues" / "005").glob("*.docx"))
    r = cli("export", "--docx", "--draft", cwd=example_ws)
    assert r.exit_code == 0, r.output
    (draft,) = (example_ws / "issues" / "005").glob("*-草稿.docx")
    doc = docx.Document(str(draft))
    assert "草稿" in doc.sections[0].header._element.xml


def test_export_unwritable_target_is_a_message(cli, example_ws: Path, monkeypatch):
    import bulletin_cli.fsutil as fsutil

    def refuse(path, data):  # what Windows says when Word has the file open
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(fsutil, "atomic_write_bytes", refuse)
    monkeypatch.setattr("bulletin_cli.render.docx.atomic_write_bytes", refuse)
    r = cli("export", "--docx", cwd=example_ws)
    assert r.exit_code == 1
    assert "无法写入" in r.stderr and "第5期.docx" in r.stderr and "Traceback" not in r.output


def test_export_pdf_without_libreoffice_is_a_message(cli, example_ws: Path, monkeypatch):
    monkeypatch.setenv("BULLETIN_SOFFICE", str(example_ws / "no-such-soffice"))
    r = cli("export", "--pdf", cwd=example_ws)
    assert r.exit_code == 1
    assert "LibreOffice" in r.stderr and "Traceback" not in r.output

"""The .docx as Word and WPS users get it (issue 10), through the real CLI.

Named styles that survive editing, one line-breaking behaviour, the page-number dash 7 mm under
the type area, characters the GB2312 fonts lack, clean metadata, schema validity, the editor's
note label, the print run, the tail on an even page, a visible anchor paragraph, and the
`fonts`/`doctor` commands. Renders share one LibreOffice run per module.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from bulletin_cli.render import grid
from ooxml_audit_helpers import assert_schema_valid, schema_errors
from pdf_helpers import dash_offsets_mm, pdf_lines
from render_helpers import load_example

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4
LEFT = 28 * MM
RIGHT = (210 - 26) * MM
PUNCT = "，。、；："
RARE_TEXT = "县政府办公室刘䶮同志到𠮷祥村调研，堃喆同志陪同。"


def _rich_workspace(root: Path) -> Path:
    """The example made richer: a mark, a note, 总第N期, the tail with 报/送 and 共印N份, the
    tail on an even page, an article title as a centred heading (文章标题), and a
    contribution with characters outside GB2312."""
    ws = root / "rich"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "anhua", ws)
    series = ws / "bulletin.yaml"
    text = series.read_text(encoding="utf-8")
    text += (
        "mark: 内部资料 注意保存\n"
        "copies: 80\n"
        "distribution:\n"
        "  - 报: 市委办公室，市政府办公室。\n"
        "  - 送: 县委各部门，县人大办、县政协办、县法院、县检察院，县直各单位，各乡镇党委、政府。\n"
        "layout:\n"
        "  tail_on_even_page: true\n"
        "  item_title_style: heading\n"
    )
    series.write_text(text, encoding="utf-8")
    info = ws / "issues" / "005" / "issue.yaml"
    info.write_text(info.read_text(encoding="utf-8") + "total: 23\nnote: 本期刊发各专班工作动态，供参阅。\n",
                    encoding="utf-8")
    frag = ws / "issues" / "005" / "fragments" / "安化县人民政府办公室.yaml"
    data = yaml.safe_load(frag.read_text(encoding="utf-8"))
    data["sections"]["重要事项"].append(RARE_TEXT)
    frag.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    frag = ws / "issues" / "005" / "fragments" / "安化县经开区.yaml"
    data = yaml.safe_load(frag.read_text(encoding="utf-8"))
    data["sections"]["典型经验"] = [{"title": "聚力循环经济助力主动仗", "text": data["sections"]["典型经验"][0]}]
    frag.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def exported(tmp_path_factory, soffice):
    """The example and the richer variant exported with `bulletin export --docx --pdf` (the real
    CLI, one process each), plus their page images at 60 dpi for looking at."""
    from typer.testing import CliRunner

    from bulletin_cli.cli import app

    root = tmp_path_factory.mktemp("word")
    example = root / "example"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "anhua", example)
    rich = _rich_workspace(root)
    out = {}
    runner = CliRunner()
    for name, ws in (("example", example), ("rich", rich)):
        target = root / f"{name}.docx"
        result = runner.invoke(app, ["export", "--docx", "--pdf", "-o", str(target), "-w", str(ws)],
                               env={"BULLETIN_LANG": "zh"}, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(target.with_suffix(".pdf")),
                        str(root / name)], check=True)
        out[name] = (ws, target, target.with_suffix(".pdf"), result.output)
    return out


def _issue(ws: Path):
    return load_example(root=ws)


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def _printed_texts(issue) -> list[str]:
    """Every string the document prints, from the assembled issue (not from the .docx)."""
    L = issue.layout
    texts = [issue.mark or "", issue.title, issue.issue_line, issue.editor, issue.date_text]
    texts += ([grid.note_label(issue)] if issue.note else []) + list(issue.note)
    for col in issue.columns:
        texts.append(col.heading)
        for con in col.contributions:
            for p in con.paragraphs:
                texts += [p.lead, p.title + (grid.title_sep(p.title) if p.title and L.item_title_style == "run-in" else ""), p.text]
    texts += [a + b for a, b in grid.tail_texts(issue)]
    return texts


# ---------------------------------------------------------------- schema


@pytest.mark.render
@pytest.mark.parametrize("name", ["example", "rich"])
def test_exported_documents_are_schema_valid(exported, name):
    assert_schema_valid(exported[name][1])


def test_an_element_out_of_order_fails_the_schema(tmp_path, cli, example_ws):
    target = tmp_path / "a.docx"
    assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
    assert schema_errors(target) == []
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/styles.xml":
                # w:jc before w:spacing inside a pPr: what Word refuses
                text = data.decode()
                m = re.search(r"(<w:spacing [^>]*/>)(.*?)(<w:jc [^>]*/>)", text)
                text = text[: m.start()] + m.group(3) + m.group(2) + m.group(1) + text[m.end():]
                data = text.encode()
            dst.writestr(info, data)
    errors = schema_errors(broken)
    assert errors and any("styles.xml" in e for e in errors)


# ---------------------------------------------------------------- styles


def _styles(doc):
    return {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}


def _val(style, path):
    el = style.find(path)
    return None if el is None else el.get(qn("w:val"))


def test_named_styles_with_next_styles_and_outline_levels(tmp_path, cli, example_ws):
    target = tmp_path / "a.docx"
    assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
    doc = docx.Document(target)
    styles = _styles(doc)
    names = {sid: _val(s, qn("w:name")) for sid, s in styles.items()}
    for zh in ("报头名称", "期号", "编发行", "按语", "栏目标题", "文章标题", "版记", "单位引导语", "小标题"):
        assert zh in names.values(), zh
    assert _val(styles["Normal"], qn("w:aliases")) == "正文"
    by_name = {names[sid]: s for sid, s in styles.items()}
    assert by_name["单位引导语"].get(qn("w:type")) == "character"
    nxt = {n: _val(s, qn("w:next")) for n, s in by_name.items()}
    assert nxt["栏目标题"] == "Normal" and nxt["编发行"] == "Normal" and nxt["文章标题"] == "Normal"
    assert nxt["报头名称"] == "BulletinIssueNo" and nxt["期号"] == "Normal"
    assert _val(by_name["栏目标题"], f"{W}pPr/{W}outlineLvl") == "0"
    assert _val(by_name["文章标题"], f"{W}pPr/{W}outlineLvl") == "1"
    assert by_name["栏目标题"].find(f"{W}pPr/{W}keepNext") is not None
    # body indent and grid row in the style, not on each paragraph
    ind = styles["Normal"].find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert styles["Normal"].find(f"{W}pPr/{W}spacing").get(qn("w:line")) == "579"
    body = doc.element.body
    assert all(p.find(f"{W}pPr/{W}ind") is None for p in body.findall(qn("w:p")))
    assert all(p.find(f"{W}pPr/{W}spacing") is None for p in body.findall(qn("w:p"))
               if p.find(f"{W}pPr/{W}pStyle") is not None)
    # every paragraph of the body names its element's style
    styled = {_val(p, f"{W}pPr/{W}pStyle") or "Normal" for p in body.findall(qn("w:p"))}
    assert {"BulletinName", "BulletinIssueNo", "BulletinEditorLine", "BulletinColumnHeading", "Normal"} <= styled
    # the red rule is in the 编发行 style only
    assert by_name["编发行"].find(f"{W}pPr/{W}pBdr/{W}bottom").get(qn("w:color")) == "FF0000"
    assert body.find(f".//{W}pBdr") is None


def _word_enter(p, text: str, doc) -> None:
    """What Word does on Enter at the end of paragraph ``p`` and typing ``text``: a new
    paragraph with the style's next style and no direct formatting."""
    from docx.oxml import OxmlElement

    sid = _val(p, f"{W}pPr/{W}pStyle") or "Normal"
    nxt = _val(_styles(doc)[sid], qn("w:next")) or sid
    new = OxmlElement("w:p")
    if nxt != "Normal":
        ppr = OxmlElement("w:pPr")
        st = OxmlElement("w:pStyle")
        st.set(qn("w:val"), nxt)
        ppr.append(st)
        new.append(ppr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    new.append(r)
    p.addnext(new)


@pytest.mark.render
def test_paragraphs_added_the_word_way_look_like_body_text(tmp_path, cli, example_ws, soffice):
    from bulletin_cli.render.pdf import convert_many

    target = tmp_path / "a.docx"
    assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
    doc = docx.Document(target)
    body = doc.element.body
    heading = next(p for p in body.findall(qn("w:p")) if _val(p, f"{W}pPr/{W}pStyle") == "BulletinColumnHeading")
    editor = next(p for p in body.findall(qn("w:p")) if _val(p, f"{W}pPr/{W}pStyle") == "BulletinEditorLine")
    _word_enter(heading, "栏目标题后新增的一段正文文字。", doc)
    _word_enter(editor, "编发行后新增的一段正文文字。", doc)
    edited = tmp_path / "edited.docx"
    doc.save(edited)
    (pdf,) = convert_many([edited], tmp_path / "pdf")
    lines, _ = pdf_lines(pdf)
    for text in ("栏目标题后新增的一段正文文字。", "编发行后新增的一段正文文字。"):
        line = next(line for line in lines if line.text == text)
        assert abs(line.size - 16) < 0.1  # 三号
        assert abs(line.x0 - (LEFT + 32)) < 1.5  # two characters in, like the body
        assert all("Fandol" in f or "Fang" in f for f in line.fonts), line.fonts  # 仿宋, not 黑体
    import pdfplumber

    with pdfplumber.open(str(pdf)) as d:
        page = d.pages[0]
        red = [o for o in page.lines + page.rects
               if str(o.get("stroking_color")) in ("(1, 0, 0)", "(1.0, 0.0, 0.0)")
               or str(o.get("non_stroking_color")) in ("(1, 0, 0)", "(1.0, 0.0, 0.0)")]
    added = next(line for line in lines if line.text.startswith("编发行后新增"))
    ed = next(line for line in lines if line.page == 1 and line.text.startswith("安化县人民政府办公室"))
    assert red and all(ed.top < r["top"] < added.top for r in red)  # the rule stayed under the editor line
    assert len({round(r["top"]) for r in red}) == 1  # and was not copied under the new paragraph


# ---------------------------------------------------------------- line breaking, punctuation


def test_overflow_punct_means_no_hanging_in_the_file_and_in_the_libreoffice_copy(tmp_path, cli, example_ws):
    from bulletin_cli.render.pdf import libreoffice_copies

    target = tmp_path / "a.docx"
    assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
    with zipfile.ZipFile(target) as z:
        values = re.findall(r'<w:overflowPunct w:val="(\d)"', z.read("word/styles.xml").decode())
    assert values and set(values) == {"0"}  # ECMA: no hanging (Word/WPS)
    (copy,) = libreoffice_copies([target], tmp_path / "lo")
    with zipfile.ZipFile(copy) as z:
        values = re.findall(r'<w:overflowPunct w:val="(\d)"', z.read("word/styles.xml").decode())
    assert set(values) == {"1"}  # LibreOffice reads it inverted: 1 is its "no hanging"


@pytest.mark.render
@pytest.mark.parametrize("name", ["example", "rich"])
def test_the_pdf_loses_no_punctuation(exported, name):
    ws, _, pdf, _ = exported[name]
    issue = _issue(ws)
    source = "".join(_printed_texts(issue))
    printed = _pdf_text(pdf)
    counts = {ch: (source.count(ch), printed.count(ch)) for ch in PUNCT}
    assert all(a == b for a, b in counts.values()), counts
    assert sum(a for a, _ in counts.values()) > 100


@pytest.mark.render
@pytest.mark.parametrize("name", ["example", "rich"])
def test_pages_as_estimated_and_dash_7mm_under_the_type_area(exported, name):
    ws, _, pdf, output = exported[name]
    issue = _issue(ws)
    offsets = dash_offsets_mm(pdf)
    plan = grid.paginate(issue)
    # the blank page and the 版记 page after it carry no number (tests/test_tail_blank_page.py)
    assert len(offsets) == plan.pages - (2 if plan.tail_breaks == 2 else 0)
    assert f"约 {plan.pages} 页" in output
    assert all(abs(d - 7) < 0.5 for d in offsets), offsets


@pytest.mark.render
def test_tail_falls_on_an_even_page_when_asked(exported):
    ws, _, pdf, _ = exported["rich"]
    lines, _ = pdf_lines(pdf)
    last = max(line.page for line in lines)
    assert last % 2 == 0
    tail = [line for line in lines if line.page == last and abs(line.size - 14) < 0.1
            and not line.text.startswith("—")]
    assert tail and tail[-1].text.endswith("（共印80份）")
    assert abs(tail[-1].x1 - (RIGHT - 14)) < 1.5
    title = next(line for line in lines if line.text == "聚力循环经济助力主动仗")
    assert abs(title.size - 22) < 0.1 and abs((title.x0 + title.x1) / 2 - (LEFT + RIGHT) / 2) < 2


# ---------------------------------------------------------------- characters outside GB2312


@pytest.mark.render
def test_characters_outside_gb2312_are_set_in_the_fallback_font(exported):
    ws, target, pdf, _ = exported["rich"]
    doc = docx.Document(target)
    runs = {r.text: r._r for p in doc.paragraphs for r in p.runs}
    fonts = {t: r.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) for t, r in runs.items()
             if t in ("䶮", "𠮷", "堃喆")}
    assert fonts == {"䶮": "宋体", "𠮷": "SimSun-ExtB", "堃喆": "宋体"}
    with zipfile.ZipFile(target) as z:
        table = z.read("word/fontTable.xml").decode()
    assert 'w:name="SimSun-ExtB"' in table
    import pdfplumber

    with pdfplumber.open(str(pdf)) as d:
        chars = [c for page in d.pages for c in page.chars if c["text"] in "䶮𠮷堃喆"]
    assert {c["text"] for c in chars} == set("䶮𠮷堃喆")  # printed, not boxes or blanks
    assert all("Noto" in c["fontname"] for c in chars)  # the 宋体 stand-in, not FandolFang
    assert RARE_TEXT in _pdf_text(pdf).replace("\n", "")


def test_lint_warns_about_characters_outside_gb2312(cli, example_ws):
    frag = example_ws / "issues" / "005" / "fragments" / "安化县人民政府办公室.yaml"
    data = yaml.safe_load(frag.read_text(encoding="utf-8"))
    data["sections"]["重要事项"].append(RARE_TEXT)
    frag.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("lint", "-w", example_ws)
    assert "C303" in result.output and "䶮" in result.output and "U+20BB7" in result.output


# ---------------------------------------------------------------- metadata, small things


def test_clean_metadata(tmp_path, cli, example_ws):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for t in (a, b):
        assert cli("export", "--docx", "-o", t, "-w", example_ws).exit_code == 0
    ids = []
    for t in (a, b):
        with zipfile.ZipFile(t) as z:
            settings = z.read("word/settings.xml").decode()
            app = z.read("docProps/app.xml").decode()
        assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
        assert re.search(r'<w:zoom w:percent="100"/>', settings)
        assert "Microsoft" not in app and "<Application>bulletin " in app
        ids.append(re.search(r'w14:docId w14:val="([0-9A-F]{8})"', settings).group(1))
    assert ids[0] != ids[1]
    cp = docx.Document(a).core_properties
    assert cp.title == "安化县打好“发展六仗”工作专报 第5期"
    assert cp.created.date().isoformat() == "2023-07-21"


def test_note_label_and_its_setting(tmp_path, cli, example_ws):
    info = example_ws / "issues" / "005" / "issue.yaml"
    info.write_text(info.read_text(encoding="utf-8") + "note: 本期刊发各专班工作动态。\n", encoding="utf-8")
    target = tmp_path / "a.docx"
    assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
    note = next(p for p in docx.Document(target).paragraphs if "本期刊发" in p.text)
    assert note.text == "编者按：本期刊发各专班工作动态。" and note.style.name == "按语"
    assert note.runs[0].style.name == "编者按"
    series = example_ws / "bulletin.yaml"
    series.write_text(series.read_text(encoding="utf-8") + "layout:\n  note_label: ''\n", encoding="utf-8")
    assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
    note = next(p for p in docx.Document(target).paragraphs if "本期刊发" in p.text)
    assert note.text == "本期刊发各专班工作动态。"


@pytest.mark.render
def test_text_typed_after_ctrl_end_is_visible(tmp_path, cli, example_ws, soffice):
    from bulletin_cli.render.pdf import convert_many

    target = tmp_path / "a.docx"
    assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
    doc = docx.Document(target)
    anchor = doc.element.body.findall(qn("w:p"))[-1]
    assert anchor.getprevious().tag == qn("w:tbl")  # the paragraph after the tail table
    line = anchor.find(f"{W}pPr/{W}spacing").get(qn("w:line"))
    assert int(line) >= 320  # one em of 三号, not 1 pt
    doc.paragraphs[-1].add_run("末尾补充一句。")
    doc.save(tmp_path / "typed.docx")
    (pdf,) = convert_many([tmp_path / "typed.docx"], tmp_path / "pdf")
    lines, _ = pdf_lines(pdf)
    typed = next(line for line in lines if line.text == "末尾补充一句。")
    assert abs(typed.size - 16) < 0.1


# ---------------------------------------------------------------- fonts and doctor


@pytest.mark.render
def test_export_pdf_names_the_stand_in_fonts(exported):
    output = exported["example"][3]
    if shutil.which("fc-match") is None:
        pytest.skip("no fontconfig")
    assert "替代字体" in output and "仿宋_GB2312→" in output


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig")
def test_fonts_lists_each_official_font_with_its_stand_in(cli, example_ws):
    result = cli("fonts", "-w", example_ws)
    assert result.exit_code == 0
    for name in ("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", "SimSun-ExtB"):
        assert name in result.output
    assert "PDF 用替代字体" in result.output and "本期用到的" in result.output


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig")
def test_font_coverage_is_checked_against_the_stand_in():
    from bulletin_cli.render.fontcheck import font_statuses

    (fang,) = font_statuses({"仿宋_GB2312": "䶮说"}, names=["仿宋_GB2312"])
    if fang.used and "Fandol" in fang.used:
        assert fang.missing == ["䶮"]  # FandolFang has GB2312 only, like the real font


def test_doctor_reports_the_machine_and_what_to_install(cli, monkeypatch, tmp_path):
    result = cli("doctor", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Python" in result.output and "OpenCC" in result.output and "LibreOffice" in result.output
    monkeypatch.setenv("BULLETIN_SOFFICE", str(tmp_path / "no-soffice"))
    result = cli("doctor", cwd=tmp_path)
    assert "未找到" in result.output and "安装 LibreOffice" in result.output


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig")
def test_an_installed_body_font_is_judged_by_its_own_coverage(tmp_path, cli, example_ws):
    """A body font installed here is checked against its own characters (fontconfig), not
    the GB2312 list: AR PL UKai lacks 𠮷 but has 堃; Noto Serif CJK SC has both."""
    from bulletin_cli.render.fontcheck import installed_coverage

    if installed_coverage("AR PL UKai CN") is None or installed_coverage("Noto Serif CJK SC") is None:
        pytest.skip("AR PL UKai CN / Noto Serif CJK SC not installed")
    frag = example_ws / "issues" / "005" / "fragments" / "安化县人民政府办公室.yaml"
    data = yaml.safe_load(frag.read_text(encoding="utf-8"))
    data["sections"]["重要事项"].append(RARE_TEXT)
    frag.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    series = example_ws / "bulletin.yaml"
    base = series.read_text(encoding="utf-8")
    fallback = {}
    for font in ("AR PL UKai CN", "Noto Serif CJK SC"):
        series.write_text(base + f"layout:\n  body_font: {font}\n", encoding="utf-8")
        target = tmp_path / f"{font}.docx"
        assert cli("export", "--docx", "-o", target, "-w", example_ws).exit_code == 0
        runs = [r for p in docx.Document(target).paragraphs for r in p.runs]
        fallback[font] = sorted(r.text for r in runs if r._r.find(f"{W}rPr/{W}rFonts") is not None
                                and not r.text.isascii())
    assert fallback == {"AR PL UKai CN": ["𠮷"], "Noto Serif CJK SC": []}

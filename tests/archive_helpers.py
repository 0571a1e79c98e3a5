"""Helpers shared by the archive tests: workspaces from settings, docx text, the example's
fragments, and a bulletin typed by hand in Word (python-docx, the way a clerk formats it)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLE, SEED

# The shared clean seed was saved with ASCII , : ; ( ) where full-width is meant (test_example.py).
FULL_WIDTH = str.maketrans({",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "(": "\uff08", ")": "\uff09"})


def settings_only_ws(tmp_path: Path, name: str = "ws", settings: Path = EXAMPLE / "bulletin.yaml") -> Path:
    """A workspace with the example's bulletin.yaml and no issue."""
    ws = tmp_path / name
    (ws / "issues").mkdir(parents=True)
    shutil.copy(settings, ws / "bulletin.yaml")
    return ws


def fixed_seed(tmp_path: Path, name: str = "anhua-2023-05.txt") -> Path:
    """The seed text with the full-width punctuation it is meant to have."""
    target = tmp_path / name
    target.write_text((SEED / "anhua-2023-05.txt").read_text(encoding="utf-8").translate(FULL_WIDTH), encoding="utf-8")
    return target


def fragments_of(ws: Path, number: int) -> dict[str, object]:
    """Every fragment of an issue, read with the loader the commands use, by unit."""
    from bulletin_cli.sources.yaml_reader import load_model
    from bulletin_cli.model import Fragment

    folder = ws / "issues" / f"{number:03d}" / "fragments"
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        fragment, _ = load_model(path, Fragment)
        out[fragment.team] = fragment
    return out


def issue_info(ws: Path, number: int):  # type: ignore[no-untyped-def]
    from bulletin_cli.sources.yaml_reader import load_model
    from bulletin_cli.model import IssueInfo

    info, _ = load_model(ws / "issues" / f"{number:03d}" / "issue.yaml", IssueInfo)
    return info


def docx_texts(path: Path) -> list[str]:
    """Every non-empty paragraph of a .docx (body and tables) as its plain text, in order."""
    import docx

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = docx.Document(str(path)).element.body
    out = []
    for p in body.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        if text.strip():
            out.append(text)
    return out


def exported(ws: Path, cli, number: int | None = None) -> Path:  # type: ignore[no-untyped-def]
    args = ["export", "--docx", "--workspace", ws] + (["--issue", str(number)] if number else [])
    result = cli(*args)
    assert result.exit_code == 0, result.output
    folder = ws / "issues" / (f"{number:03d}" if number else sorted(p.name for p in (ws / "issues").iterdir() if p.name.isdigit())[-1])
    return next(folder.glob("*.docx"))


# ------------------------------------------------------------------ a bulletin typed in Word

RED = "FF0000"
KJQ_TITLE = "聚力循环经济“一扩容二延链三提质”，助力打好经济增长主动仗"


def _font(run, name: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn

    run.font.name = name
    rpr = run._r.get_or_add_rPr()
    rpr.rFonts.set(qn("w:eastAsia"), name)


def _bottom_border(paragraph, color: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def handmade_docx(path: Path, *, with_title: bool = True) -> Path:
    """The example issue as a clerk types it in Word: a centred red name, 第5期, editor and date
    separated by a tab above a red rule, 【栏目】 in 黑体, bold leads followed by the text,
    paragraphs indented with two full-width spaces, a bold run-in title after a lead, and
    责任编辑 at the end. Nothing is made by bulletin's own renderer."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from bulletin_cli.workspace import Workspace

    issue = Workspace(EXAMPLE).assembled_issue()
    d = docx.Document()
    d.add_paragraph()
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(issue.title)
    _font(r, "方正小标宋简体")
    r.font.size = Pt(36)
    r.font.color.rgb = RGBColor.from_string(RED)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("第5期"), "楷体_GB2312")
    d.add_paragraph()
    p = d.add_paragraph()
    _font(p.add_run(f"{issue.editor}\t\t\t\t{issue.date_text}"), "仿宋_GB2312")
    _bottom_border(p, RED)
    d.add_paragraph()
    for column in issue.columns:
        p = d.add_paragraph()
        _font(p.add_run(column.heading), "黑体")
        for contribution in column.contributions:
            for para in contribution.paragraphs:
                p = d.add_paragraph()
                p.add_run("\u3000\u3000")
                text = para.text
                if para.lead:
                    lead = p.add_run(para.lead)
                    lead.bold = True
                    _font(lead, "仿宋_GB2312")
                if with_title and contribution.team == "安化县经开区" and text.startswith(KJQ_TITLE + "。"):
                    title = p.add_run(KJQ_TITLE + "。")
                    title.bold = True
                    text = text[len(KJQ_TITLE) + 1:]
                _font(p.add_run(text), "仿宋_GB2312")
    d.add_paragraph()
    p = d.add_paragraph()
    _font(p.add_run(f"责任编辑：{issue.responsible_editor}"), "仿宋_GB2312")
    d.save(str(path))
    return path

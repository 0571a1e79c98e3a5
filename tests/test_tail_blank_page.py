"""`layout.tail_on_even_page`: when the 版记 needs an empty page before it, neither the empty page
nor the 版记 page carries a page number (GB/T 9704-2012 §7.5: 公文的版记页前有空白页的，空白页和
版记页均不编排页码); every other page keeps `— N —`, odd right and even left, 7 mm under the type
area. Through the real CLI, rendered with LibreOffice (one run for all cases).

The cases, from the richer example (tests/test_docx_word.py):
- ``blank``: the text ends on page 6 and the tail does not fit under it: page 7 is empty, the
  tail is alone on page 8 (exported with ``--draft``: the stamp must stay on every page);
- ``back``: the text ends on page 5 with room for the tail: the tail moves alone to page 6,
  with no empty page before it, so page 6 keeps its number;
- ``fits``: the text ends on page 6 with room for the tail: the tail is at its foot.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.section import WD_SECTION

from archive_helpers import docx_texts, exported, fragments_of, issue_info, settings_only_ws
from ooxml_audit_helpers import assert_schema_valid
from pdf_helpers import dash_offsets_mm, pdf_lines
from render_helpers import load_example
from test_docx_word import _rich_workspace

from bulletin_cli.render import grid

MM = 72 / 25.4
LEFT, RIGHT = 28 * MM, (210 - 26) * MM
ONE = 14  # one 四号 character in from the edge of the type area
FRAGMENTS = Path("issues") / "005" / "fragments"


def _case(root: Path, name: str) -> Path:
    ws = _rich_workspace(root / name)
    frags = ws / FRAGMENTS
    if name == "fits":
        path = frags / "安化县经开区.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["sections"]["典型经验"][0]["text"] = "经开区循环经济工作有序推进。"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif name == "back":
        (frags / "安化县经开区.yaml").unlink()
        (frags / "打好重点民生保障仗工作专班.yaml").unlink()
    return ws


# name -> (pages, tail_breaks) the estimate must give, so each case is what it claims to be
EXPECTED = {"blank": (8, 2), "back": (6, 1), "fits": (6, 0)}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, soffice):
    """Each case exported with `bulletin export --docx` (the real CLI), then rendered in one
    LibreOffice run the way `export --pdf` renders (render.pdf.convert_many)."""
    from typer.testing import CliRunner

    from bulletin_cli.cli import app
    from bulletin_cli.render.pdf import convert_many

    root = tmp_path_factory.mktemp("tailblank")
    runner = CliRunner()
    out = {}
    for name in EXPECTED:
        ws = _case(root, name)
        target = root / f"{name}.docx"
        args = ["export", "--docx", "-o", str(target), "-w", str(ws)]
        result = runner.invoke(app, args + (["--draft"] if name == "blank" else []),
                               env={"BULLETIN_LANG": "zh"}, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out[name] = (ws, target)
    pdfs = convert_many([target for _, target in out.values()], root / "pdf")
    return {name: (ws, target, pdf) for (name, (ws, target)), pdf in zip(out.items(), pdfs)}


def _footers(pdf: Path) -> tuple[int, dict[int, tuple[str, float, float]]]:
    """Page count, and per page the page-number line under the type area: (text, x0, x1)."""
    lines, sizes = pdf_lines(pdf)
    numbers = {}
    for line in lines:
        if line.top > (297 - 35) * MM and re.fullmatch(r"—\d+—", line.text):
            assert line.page not in numbers, line
            numbers[line.page] = (line.text, line.x0, line.x1)
    return len(sizes), numbers


@pytest.mark.render
@pytest.mark.parametrize("name", list(EXPECTED))
def test_the_cases_are_what_they_claim(rendered, name):
    ws, target, _ = rendered[name]
    plan = grid.paginate(load_example(root=ws))
    assert (plan.pages, plan.tail_breaks) == EXPECTED[name]
    assert_schema_valid(target)


@pytest.mark.render
@pytest.mark.parametrize("name", list(EXPECTED))
def test_page_numbers_everywhere_but_the_blank_page_and_the_tail_after_it(rendered, name):
    ws, _, pdf = rendered[name]
    pages, tail_breaks = EXPECTED[name]
    count, numbers = _footers(pdf)
    assert count == pages
    unnumbered = {pages - 1, pages} if tail_breaks == 2 else set()
    assert set(numbers) == set(range(1, pages + 1)) - unnumbered
    for page, (text, x0, x1) in numbers.items():
        assert text == f"—{page}—"
        if page % 2:
            assert abs(x1 - (RIGHT - ONE)) < 1.5, (page, x1)
        else:
            assert abs(x0 - (LEFT + ONE)) < 1.5, (page, x0)
    offsets = dash_offsets_mm(pdf)  # measured on the page images: one per numbered page
    assert len(offsets) == len(numbers)
    assert all(abs(d - 7) < 0.5 for d in offsets), offsets


@pytest.mark.render
def test_the_blank_page_is_empty_and_the_tail_alone_on_the_last_page(rendered):
    ws, _, pdf = rendered["blank"]
    issue = load_example(root=ws)
    lines, _ = pdf_lines(pdf)
    by_page: dict[int, list[str]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line.text)
    # the draft stamp on every page, the text ends on page 6, page 7 is empty, page 8 the tail
    stamp = issue.layout.draft_stamp.replace(" ", "")
    assert all(texts[0] == stamp for texts in by_page.values()), by_page
    assert len(by_page) == 8 and by_page[7] == [stamp]
    assert "".join(by_page[8][1:]).replace(" ", "") == "".join(a + b for a, b in grid.tail_texts(issue)).replace(" ", "")
    assert not any("共印" in t for p in range(1, 8) for t in by_page[p])


@pytest.mark.render
def test_a_second_section_with_the_same_page_and_empty_footers(rendered):
    """What Word and WPS read: the section break after the last text paragraph; the last
    section has the same page, margins and grid, footers without a PAGE field, and inherits
    the headers (the draft stamp). Without a blank page there is one section."""
    _, target, _ = rendered["blank"]
    d = docx.Document(str(target))
    first, last = d.sections
    assert last.start_type == WD_SECTION.NEW_PAGE
    for attr in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin",
                 "right_margin", "header_distance", "footer_distance"):
        assert getattr(first, attr) == getattr(last, attr), attr
    grids = [s._sectPr.find(docx.oxml.ns.qn("w:docGrid")).attrib for s in (first, last)]
    assert grids[0] == grids[1] and "linePitch" in str(grids[0])
    assert last.header.is_linked_to_previous and last.even_page_header.is_linked_to_previous
    assert not first.footer.is_linked_to_previous
    for footer in (last.footer, last.even_page_footer):
        assert not footer.is_linked_to_previous
        assert "PAGE" not in footer._element.xml and not "".join(p.text for p in footer.paragraphs)
    assert "PAGE" in first.footer._element.xml and "PAGE" in first.even_page_footer._element.xml
    # the break sits on the last text paragraph: no paragraph of its own on page 6
    body = d.element.body
    marker = [p for p in body.iter(docx.oxml.ns.qn("w:p")) if p.find(".//" + docx.oxml.ns.qn("w:sectPr")) is not None]
    assert len(marker) == 1 and "".join(marker[0].itertext()).endswith("。")
    for name in ("back", "fits"):
        assert len(docx.Document(str(rendered[name][1])).sections) == 1


def test_export_then_import_gives_the_same_issue(cli, tmp_path):
    """The importer reads through the section break: same fragments, same issue data, and
    exporting the imported issue gives the same text (tests/test_archive_roundtrip.py)."""
    ws = _case(tmp_path, "blank")
    first = exported(ws, cli)
    assert len(docx.Document(str(first)).sections) == 2  # the case really has the break
    target = settings_only_ws(tmp_path, "target", settings=ws / "bulletin.yaml")
    result = cli("import", first, "--workspace", target)
    assert result.exit_code == 0, result.output
    assert fragments_of(target, 5) == fragments_of(ws, 5)
    assert issue_info(target, 5) == issue_info(ws, 5)
    again = exported(target, cli)
    assert len(docx.Document(str(again)).sections) == 2
    assert docx_texts(again) == docx_texts(first)

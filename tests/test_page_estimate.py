"""grid.paginate (the estimate the terminal preview shows) against LibreOffice's real page
count: the example and generated issues of 1 to 12 pages, with and without a tail, all
rendered in one LibreOffice run. Also pure checks of the grid model that need no renderer."""

from __future__ import annotations

import pytest

from bulletin_cli.model import Layout
from bulletin_cli.render import grid
from pdf_helpers import body_lines, grid_lines, render_issues
from render_helpers import generated_issue, load_example

DIST = [{"报": "市委办公室,市政府办公室。"}, {"送": "县委各部门,县直各单位,各乡镇党委、政府。"}]


def issue_of_pages(pages: int):
    """A generated issue the estimate puts on ``pages`` pages (the tail varies with the count)."""
    kw = {}
    if pages % 3 == 1:
        kw = {"distribution": DIST, "copies": 80}
    elif pages % 3 == 2:
        kw = {"responsible_editor": None}
    for seed in range(100 + 10 * pages, 110 + 10 * pages):
        for n in range(max(1, (pages - 2) * 500), 20_000, 25):
            issue = generated_issue(seed, n, **kw)
            got = grid.paginate(issue).pages
            if got == pages:
                return issue
            if got > pages:
                break
    raise AssertionError(f"no generated issue of {pages} pages")


# ---------------------------------------------------------------- pure model checks


def test_geometry_from_layout():
    g = grid.geometry(Layout())
    assert g.line_pitch == 579 and g.char_spacing == -5
    assert g.text_width == 8845 and g.text_height == 12756
    assert 22 * g.line_pitch <= g.text_height < 22 * 580


def test_line_counts_follow_the_grid():
    width = grid.geometry(Layout()).text_width / 20
    assert len(grid.line_starts("字" * 26, width, first_indent_pt=32)) == 1
    assert len(grid.line_starts("字" * 27, width, first_indent_pt=32)) == 2
    assert len(grid.line_starts("字" * 26 + "字" * 28, width, first_indent_pt=32)) == 2
    # 避头尾: a full stop never starts a line; the character before it comes along
    starts = grid.line_starts("字" * 26 + "。", width, first_indent_pt=32)
    assert starts == [0, 25]
    # numbers are never split
    text = "字" * 24 + "2023年"
    starts = grid.line_starts(text, width, first_indent_pt=32)
    assert text[starts[-1]:].startswith("2023")


def test_blocks_and_plan_shapes():
    issue = load_example()
    bl = grid.blocks(issue)
    assert {b.kind for b in bl} <= {"mark", "masthead", "issue_line", "editor_line", "note",
                                    "heading", "paragraph", "tail"}
    assert bl[0].kind == "masthead" and bl[-1].kind == "tail"
    plan = grid.paginate(issue)
    assert plan.pages == len(plan.breaks) + 1
    for index, offset in plan.breaks:
        assert 0 <= index < len(bl) and 0 <= offset < max(len(bl[index].text), 1)


# ---------------------------------------------------------------- against LibreOffice


@pytest.fixture(scope="module")
def rendered(soffice, tmp_path_factory):
    issues = {"example": load_example()}
    for pages in range(1, 13):
        issues[f"p{pages:02d}"] = issue_of_pages(pages)
    out = render_issues(issues, tmp_path_factory.mktemp("estimate"))
    return {name: (issue, (lines, sizes)) for name, (issue, _pdf, lines, sizes) in out.items()}


@pytest.mark.render
@pytest.mark.parametrize("name", ["example"] + [f"p{n:02d}" for n in range(1, 13)])
def test_estimate_equals_libreoffice_page_count(rendered, name):
    issue, (lines, sizes) = rendered[name]
    assert grid.paginate(issue).pages == len(sizes)


@pytest.mark.render
@pytest.mark.parametrize("name", ["example", "p04", "p09", "p12"])
def test_estimate_breaks_lines_like_libreoffice(rendered, name):
    issue, (lines, _) = rendered[name]
    assert [line.text for line in body_lines(lines, issue)] == grid_lines(issue)


@pytest.mark.render
def test_estimate_page_breaks_like_libreoffice(rendered):
    """Each new page starts with the block and character the plan names."""
    issue, (lines, sizes) = rendered["p12"]
    blocks = grid.blocks(issue)
    body = body_lines(lines, issue)
    for page, (index, offset) in enumerate(grid.paginate(issue).breaks, start=2):
        first = next(line for line in body if line.page == page)
        expected = blocks[index].text[offset:].replace(" ", "")
        assert expected.startswith(first.text), (page, first.text)

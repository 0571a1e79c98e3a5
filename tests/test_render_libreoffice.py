"""What a reader sees: the .docx rendered by LibreOffice (headless) to PDF and read back with
pdfplumber. Every document is rendered once per session, all in one LibreOffice run.

Skipped, with the reason shown, only when LibreOffice (soffice) is not installed."""

from __future__ import annotations


import pytest

from bulletin_cli.render import grid
from pdf_helpers import body_lines, grid_lines, render_issues
from render_helpers import example_sentences, generated_issue, load_example, make_issue

pytestmark = pytest.mark.render  # skipped (visibly) only without LibreOffice: the `soffice` fixture

MM = 72 / 25.4
TOP = 37 * MM
LEFT = 28 * MM
RIGHT = (210 - 26) * MM
BOTTOM = (297 - 35) * MM

DIST = [
    {"报": "市委办公室,市政府办公室。"},
    {"送": "县委各部门,县人大办、县政协办、县法院、县检察院,县直各单位,各乡镇党委、政府。"},
]


def _edge_issue():
    many = "\n\n".join(
        f"第{n}段：专班组织召开调度会,研究部署下一步工作,𠮷祥物同步发布,确保各项任务落实到位。"
        for n in range(1, 13)
    )
    return make_issue(
        paragraphs=[
            ("会议精神", "县政府办", "只有一条的栏目:全县高质量发展推进会召开。"),
            ("专班动态", "打好经济增长主动仗工作专班", many),
            ("专班动态", "打好科技创新攻坚仗工作专班", {"title": "扩容一项土地空间", "text": "抓好土地储备。"}),
        ],
        title="湖南省益阳市安化县人民政府办公室关于打好“发展六仗”工作情况的专报",
        mark="内部资料 注意保存",
        note="编者按:本期刊发各专班工作动态,供参阅。",
        total=23,
        distribution=DIST,
        copies=80,
        draft=True,
    )


def _exact_page_issue():
    """An issue whose body fills its last page to the last row, and no tail."""
    for n in range(2000, 4000, 7):
        issue = generated_issue(11, n, responsible_editor=None)
        if grid.paginate(issue).last_rows == issue.layout.lines_per_page:
            return issue
    raise AssertionError("no generated issue ends exactly at a page boundary")


@pytest.fixture(scope="module")
def rendered(soffice, tmp_path_factory):
    """name -> (issue, pdf path, lines, page sizes)"""
    work = tmp_path_factory.mktemp("render")
    issues = {
        "example": load_example(),
        "example_tail": load_example(series={"distribution": DIST, "copies": 80}),
        "edge": _edge_issue(),
        "exact": _exact_page_issue(),
    }
    return render_issues(issues, work)


def _pages(lines):
    return max(line.page for line in lines)


@pytest.mark.parametrize("name", ["example", "example_tail", "edge", "exact"])
def test_page_count_matches_the_estimate(rendered, name):
    issue, _, lines, sizes = rendered[name]
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in sizes)  # A4
    assert len(sizes) == grid.paginate(issue).pages


@pytest.mark.parametrize("name", ["example", "edge", "exact"])
def test_lines_break_where_the_estimate_says(rendered, name):
    issue, _, lines, _ = rendered[name]
    got = [line.text for line in body_lines(lines, issue)]
    assert got == grid_lines(issue)


def test_full_line_holds_28_characters(rendered):
    issue, _, lines, _ = rendered["example"]
    full = [
        line for line in body_lines(lines, issue)
        if abs(line.x0 - LEFT) < 1 and line.x1 > RIGHT - 2 and all(not c.isascii() for c in line.text)
    ]
    assert len(full) > 20
    # 27 only where 避头尾 pushed a character down and the line was justified
    assert {len(line.text) for line in full} <= {27, 28}
    assert sum(len(line.text) == 28 for line in full) > 0.8 * len(full)
    for line in full:  # the type area, edge to edge
        assert abs(line.x0 - LEFT) < 0.5 and abs(line.x1 - RIGHT) < 1.5
        if len(line.text) == 28:  # set solid: 15.75 pt a character, no stretching
            gaps = [b["x0"] - a["x0"] for a, b in zip(line.chars, line.chars[1:])]
            assert max(gaps) - min(gaps) < 0.3


def test_full_page_holds_22_lines(rendered):
    for name in ("example", "exact"):
        issue, _, lines, _ = rendered[name]
        body = body_lines(lines, issue)
        pages = _pages(lines)
        full_pages = range(2, pages + 1) if name == "exact" else range(2, pages)
        for page in full_pages:
            rows = [line for line in body if line.page == page]
            assert len(rows) == 22, (name, page)
            assert rows[0].top > TOP and rows[-1].top < BOTTOM
            pitch = (rows[-1].top - rows[0].top) / 21
            assert abs(pitch - 28.95) < 0.1


def test_page_numbers_alternate_right_and_left(rendered):
    from pdf_helpers import dash_offsets_mm

    issue, pdf, lines, _ = rendered["example"]
    numbers = [line for line in lines if line.text.startswith("—") and line.text.endswith("—")]
    assert [line.text for line in numbers] == [f"—{n}—" for n in range(1, _pages(lines) + 1)]
    for n, line in enumerate(numbers, start=1):
        assert abs(line.size - 14) < 0.1
        if n % 2:
            assert abs(line.x1 - (RIGHT - 14)) < 2, line.x1  # one character in from the right
        else:
            assert abs(line.x0 - (LEFT + 14)) < 2, line.x0  # one character in from the left
    # the dash stroke itself 7 mm under the type area (GB/T 9704 §7.5), as printed
    offsets = dash_offsets_mm(pdf)
    assert len(offsets) == len(numbers)
    assert all(abs(d - 7) < 0.5 for d in offsets), offsets


def test_red_masthead_on_page_one(rendered):
    issue, _, lines, _ = rendered["example"]
    name = next(line for line in lines if line.text == issue.title)
    assert name.page == 1 and name.size > 26
    assert name.colors == {"(1, 0, 0)"} or name.colors == {"(1.0, 0.0, 0.0)"}
    assert abs((name.x0 + name.x1) / 2 - (LEFT + RIGHT) / 2) < 3  # centred
    editor = next(line for line in lines if line.text.startswith(issue.editor))
    assert editor.page == 1 and editor.text.endswith(issue.date_text)
    assert abs(editor.x1 - RIGHT) < 1.5  # the date at the right edge
    body = body_lines(lines, issue)
    assert body[0].page == 1 and body[0].top > editor.top


def test_red_rule_under_the_masthead(rendered):
    import pdfplumber

    issue, pdf, _, _ = rendered["example"]
    with pdfplumber.open(str(pdf)) as doc:
        page = doc.pages[0]
        red = [o for o in page.lines + page.rects
               if str(o.get("stroking_color")) in ("(1, 0, 0)", "(1.0, 0.0, 0.0)")
               or str(o.get("non_stroking_color")) in ("(1, 0, 0)", "(1.0, 0.0, 0.0)")]
    assert red, "no red rule on page 1"
    rule = red[0]
    assert abs(rule["x0"] - LEFT) < 1.5 and abs(rule["x1"] - RIGHT) < 1.5


def test_tail_at_the_foot_of_the_last_page(rendered):
    import pdfplumber

    issue, pdf, lines, _ = rendered["example_tail"]
    last = _pages(lines)
    tail = [line for line in lines if line.page == last and abs(line.size - 14) < 0.1
            and not line.text.startswith("—")]
    texts = grid.tail_texts(issue)
    assert [line.text for line in tail][0].startswith(texts[0][0][:2])
    assert "".join(line.text for line in tail) == "".join(a + b for a, b in texts).replace(" ", "")
    starts = [line for line in tail if any(line.text.startswith(t[:3]) for t, _ in texts)]
    assert len(starts) == len(texts)
    # （共印N份） ends one character in from the right edge, on the last row
    assert tail[-1].text.endswith(f"（共印{issue.copies}份）") and abs(tail[-1].x1 - (RIGHT - 14)) < 1.5
    for line in starts:
        assert abs(line.x0 - (LEFT + 14)) < 1.5  # one character in
    with pdfplumber.open(str(pdf)) as doc:
        rules = sorted(doc.pages[-1].lines, key=lambda o: o["top"])
    assert len(rules) == len(texts) + 1
    assert abs(rules[-1]["top"] - BOTTOM) < 1.5  # the last line on the bottom of the type area
    assert [round(r["linewidth"], 2) for r in (rules[0], rules[-1])] == [1.0, 1.0]
    assert all(round(r["linewidth"], 2) == 0.75 for r in rules[1:-1])
    body = body_lines(lines, issue)
    assert body[-1].page == last and body[-1].top < rules[0]["top"]


def test_wrapped_tail_line_hangs_after_the_colon(rendered):
    issue, _, lines, _ = rendered["example_tail"]
    tail = [line for line in lines if abs(line.size - 14) < 0.1 and not line.text.startswith("—")]
    send = next(i for i, line in enumerate(tail) if line.text.startswith(issue.tail_lines()[1][:2]))
    first, wrapped = tail[send], tail[send + 1]
    after_colon = first.chars[2]["x0"]
    assert abs(wrapped.x0 - after_colon) < 1


def test_every_sentence_once_and_in_order(rendered):
    issue, _, lines, _ = rendered["example"]
    text = "".join(line.text for line in body_lines(lines, issue))
    pos = 0
    for sentence in example_sentences(issue):
        s = sentence.replace(" ", "")
        assert text.count(s) == 1, s
        found = text.find(s, pos)
        assert found >= pos, s
        pos = found + len(s)


def test_edge_cases_render(rendered):
    issue, _, lines, _ = rendered["edge"]
    texts = [line.text for line in lines]
    # a long name wraps onto two lines, both red, neither split inside the quotes
    assert "湖南省益阳市安化县人民政府办公室" in texts
    assert "关于打好“发展六仗”工作情况的专报" in texts
    assert issue.issue_line in texts
    assert texts[0] == "草稿" and sum(t == "草稿" for t in texts) == _pages(lines)
    body = "".join(line.text for line in body_lines(lines, issue))
    assert body.count("𠮷") == 12
    for n in range(1, 13):
        assert f"第{n}段：" in body
    assert body.count("打好经济增长主动仗工作专班" + ":") == 1  # the lead on the first paragraph only
    assert "只有一条的栏目" in body and "扩容一项土地空间。抓好土地储备。" in body


def test_exact_page_boundary_leaves_no_empty_page(rendered):
    issue, _, lines, sizes = rendered["exact"]
    body = body_lines(lines, issue)
    assert body[-1].page == len(sizes)
    assert sum(line.page == len(sizes) for line in body) == 22

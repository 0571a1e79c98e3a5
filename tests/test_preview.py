"""The terminal preview as a reader sees it: rendered into rich's recording console and read back.

Line breaking is tested alone (pure functions) and on the rendered example; page marks are
compared with ``grid.paginate``, the estimate the .docx shares.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from bulletin_cli.assemble import LoadedFragment, assemble
from bulletin_cli.model import AssembledIssue, Fragment, IssueInfo, Series
from bulletin_cli.render import grid
from bulletin_cli.render.linebreak import CLOSING, OPENING, break_lines, clusters, wrap
from bulletin_cli.render.terminal import GUTTER, IssuePreview, render_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "anhua"
FRAGMENTS = EXAMPLE / "issues" / "005" / "fragments"
PAGE_MARK = re.compile(r"^\s*—— 第(\d+)页 ——\s*$")
# what the tests check at the start of a line: the brief's marks and the full set
MUST_NOT_START = set(",。、;:?!”)》") | CLOSING
MUST_NOT_END = set("“(《【") | OPENING


# ---------------------------------------------------------------------------- builders


def load_series(**changes) -> Series:
    data = yaml.safe_load((EXAMPLE / "bulletin.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return Series.validate(data)


def loaded(path: Path) -> LoadedFragment:
    frag = Fragment.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return LoadedFragment(frag, str(path), {})


def example_issue(*, skip: tuple[str, ...] = (), series: Series | None = None, note: str | None = None,
                  extra: list[LoadedFragment] = ()) -> AssembledIssue:
    """The example issue 005; ``skip``: units whose submission is left out."""
    info = yaml.safe_load((EXAMPLE / "issues" / "005" / "issue.yaml").read_text(encoding="utf-8"))
    if note:
        info["note"] = note
    frags = [f for f in map(loaded, sorted(FRAGMENTS.glob("*.yaml"))) if f.fragment.team not in skip]
    return assemble(series or load_series(), IssueInfo.validate(info), [*frags, *extra])


def record(issue: AssembledIssue, width: int = 80, **kw) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor", force_terminal=True)
    console.print(IssuePreview(issue, kw.pop("page_width", None), **kw))
    return console.export_text()



def page_lines(out: str) -> list[str]:
    """The page part of the output (before the summary panel), gutter removed."""
    lines = out.split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    return [line[GUTTER:] for line in lines[2:end]]


def body_text(out: str) -> str:
    """The page's text joined without layout: page marks, spaces and newlines removed."""
    kept = [line for line in page_lines(out) if not PAGE_MARK.match(line)]
    return re.sub(r"\s+", "", "".join(kept))


@dataclass
class FakeFinding:
    code: str
    message: str
    line: int
    column: int
    before: str
    after: str = ""


# ---------------------------------------------------------------------------- line breaking


def test_chinese_characters_take_two_cells_and_lines_fit():
    text = "安全生产工作主要有三个方面的问题需要警惕。"
    lines = wrap(text, 10)
    assert lines == ["安全生产工", "作主要有三", "个方面的问", "题需要警", "惕。"]
    assert "".join(lines) == text


def test_closing_mark_never_starts_a_line_it_pulls_a_character_down():
    # 12 cells hold 6 characters: "。" would start line 2, so "惕" goes down with it
    assert wrap("问题需要警惕。", 12) == ["问题需要警", "惕。"]


def test_opening_mark_never_ends_a_line():
    lines = wrap("一二三四《关于通知》", 10)
    assert lines[0] == "一二三四"
    assert lines[1].startswith("《")


def test_runs_of_closing_marks_stay_together():
    lines = wrap("甲乙丙丁“戊”。己", 10)
    assert not any(line[0] in MUST_NOT_START for line in lines)
    assert "".join(lines) == "甲乙丙丁“戊”。己"


def test_characters_outside_the_bmp_are_two_cells():
    assert cell_len("𠮷") == 2
    lines = wrap("𠮷" * 7, 6)
    assert lines == ["𠮷𠮷𠮷", "𠮷𠮷𠮷", "𠮷"]


def test_numbers_and_latin_words_are_not_split():
    lines = wrap("全县已完成收入64477万元增长16.38%", 16)
    assert "64477" in "\n".join(lines) and "16.38%" in "\n".join(lines)
    assert all(cell_len(x) <= 16 for x in lines)


def test_dash_and_ellipsis_are_not_split():
    for text in ("一二三——四五六", "一二三……四五六"):
        for width in range(6, 16):
            lines = wrap(text, width)
            assert not any(line.startswith(("—", "…")) and line[:2] not in ("——", "……") for line in lines)
            assert not any(line.endswith(("—", "…")) and line[-2:] not in ("——", "……") for line in lines), lines


def test_first_line_indent_and_hanging_indent():
    lines = wrap("报：市委办公室、市人大常委会办公室、市政府办公室。", 20, first_indent=2, indent=6)
    assert lines[0].startswith("  报：")
    assert all(line.startswith(" " * 6) for line in lines[1:])
    assert all(cell_len(x) <= 20 for x in lines)


def test_spaces_at_a_break_are_dropped():
    spans = break_lines("hello world again", 11)
    assert ["hello world again"[s:e] for s, e in spans] == ["hello world", "again"]


def test_a_unit_wider_than_the_line_is_cut_not_overflowed():
    lines = wrap("x" * 30, 8)
    assert all(cell_len(x) <= 8 for x in lines)
    assert "".join(lines) == "x" * 30


_ALPHABET = st.sampled_from(list("安化县专班工作会议精神全市高质量发展𠮷ab12") + list(",。、;:?!”)》“(《【】—…") + [" "])


@settings(max_examples=300, deadline=None)
@given(text=st.text(_ALPHABET, min_size=0, max_size=120), width=st.integers(min_value=2, max_value=60),
       indent=st.integers(min_value=0, max_value=8))
def test_line_breaking_rules_hold_for_any_text(text, width, indent):
    first = max(width - indent, 0)
    spans = break_lines(text, width, first_width=first)
    lines = [text[s:e] for s, e in spans]
    # nothing lost but the spaces where a line was broken
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # spans are in order and do not overlap
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    fits_all = all(c.cells <= min(width, first or width) for c in clusters(text))
    for n, line in enumerate(lines):
        room = first if n == 0 else width
        if fits_all:
            assert cell_len(line) <= max(room, 0)
            if line:
                assert line[0] not in CLOSING or n == 0 and spans[0][0] == 0 or text[: spans[n][0]].strip() == ""
                assert line[-1] not in OPENING or spans[n][1] == len(text.rstrip())
        else:
            assert cell_len(line) <= max(room, 2) or len(line) == 1


# ---------------------------------------------------------------------------- the example page


@pytest.fixture(scope="module")
def issue() -> AssembledIssue:
    return example_issue()


@pytest.fixture(scope="module")
def out(issue) -> str:
    return record(issue)


def test_masthead_as_on_paper(out, issue):
    lines = page_lines(out)
    text = [line.strip() for line in lines]
    assert text[0] == "安化县打好“发展六仗”工作专报"
    assert text[1] == "第5期"
    editor = next(line for line in text if line.startswith("安化县人民政府办公室"))
    assert editor.endswith("2023年7月21日")  # unit and date on one line
    rule = text[text.index(editor) + 1]
    assert set(rule) == {"━"}
    # the name is centred over the rule
    name = lines[0]
    left = len(name) - len(name.lstrip())
    assert abs(left - (cell_len(lines[text.index(editor) + 1].rstrip()) - cell_len(text[0])) // 2) <= 1


def test_header_gives_the_page_count_from_the_grid(out, issue):
    pages = grid.paginate(issue).pages
    assert pages >= 2
    assert out.splitlines()[0].split() == ["预览", "第5期", f"共{pages}页"]


def test_columns_and_units_in_print_order(out, issue):
    body = body_text(out)
    headings = ["【会议精神】", "【重要事项】", "【专班动态】", "【情况反映】", "【典型经验】"]
    positions = [body.index(h) for h in headings]
    assert positions == sorted(positions)
    leads = [p.lead for col in issue.columns for con in col.contributions for p in con.paragraphs if p.lead]
    assert leads[0] == "打好经济增长主动仗工作专班："
    at = [body.index(re.sub(r"\s+", "", lead)) for lead in leads]
    assert at == sorted(at)
    # every paragraph, whole and in order
    last = 0
    for text in issue.all_paragraph_texts():
        found = body.find(re.sub(r"\s+", "", text), last)
        assert found >= last, text[:20]
        last = found


def test_paragraphs_are_indented_two_characters_and_headings_too(out):
    lines = page_lines(out)
    first = next(line for line in lines if "7月14日，全市高质量发展" in line)
    assert first.startswith("    7月14日")
    nxt = lines[lines.index(first) + 1]
    assert not nxt.startswith(" ")  # following lines flush left
    assert any(line.startswith("    【专班动态】") for line in lines)


def test_tail_between_rules(out, issue):
    lines = [line.rstrip() for line in page_lines(out)]
    at = next(i for i, line in enumerate(lines) if "责任编辑：政务公开股" in line)
    assert set(lines[at - 1]) == {"━"} and set(lines[at + 1]) == {"━"}


@pytest.mark.parametrize("width", [80, 61, 50, 36, 24])
def test_wrapping_rules_on_the_rendered_page(width, issue):
    out = record(issue, width)
    for line in out.split("\n"):
        assert cell_len(line) <= width, line
    for line in page_lines(out):
        stripped = line.strip()
        if stripped:
            assert stripped[0] not in MUST_NOT_START, line
            assert stripped[-1] not in MUST_NOT_END, line
    # nothing lost at any width
    body = body_text(out)
    for text in issue.all_paragraph_texts():
        assert re.sub(r"\s+", "", text) in body


def test_wide_terminal_shows_the_printed_lines(issue, out):
    """With room for 28 characters a screen line is the printed line: same breaks as the grid."""
    lines = [line.strip() for line in page_lines(out)]
    for block in grid.blocks(issue):
        if block.kind == "paragraph" and block.starts:
            bounds = [*block.starts, len(block.text)]
            printed = [block.text[s:e].strip() for s, e in zip(bounds, bounds[1:])]
            at = lines.index(printed[0])
            got = [x for x in lines[at:] if not PAGE_MARK.match(x)][: len(printed)]
            assert got == printed


@pytest.mark.parametrize("width", [80, 40])
def test_page_marks_where_the_grid_breaks(width, issue):
    out = record(issue, width)
    plan = grid.paginate(issue)
    blocks = grid.blocks(issue)
    lines = page_lines(out)
    marks = [(i, int(PAGE_MARK.match(line)[1])) for i, line in enumerate(lines) if PAGE_MARK.match(line)]
    assert [n for _, n in marks] == list(range(2, plan.pages + 1))
    for (at, _), (index, offset) in zip(marks, plan.breaks):
        # the line after the mark starts with the text the grid puts at the top of the page
        top = blocks[index].text[offset:].lstrip()
        assert re.sub(r"\s+", "", top).startswith(lines[at + 1].strip()[:6]), (lines[at + 1], top[:20])


def test_styles_red_masthead_bold_leads():
    issue = example_issue()
    console = Console(width=80, file=io.StringIO(), color_system="truecolor", force_terminal=True)
    segments = list(console.render(IssuePreview(issue, None, {})))
    name = next(s for s in segments if "安化县打好“发展六仗”工作专报" in s.text)
    assert name.style.color.name == "red" and name.style.bold
    lead = next(s for s in segments if "打好经济增长主动仗工作专班：" in s.text)
    assert lead.style.bold and lead.text.strip() == "打好经济增长主动仗工作专班："
    rule = next(s for s in segments if s.text.startswith("━━━"))
    assert rule.style.color.name == "red"


def test_plain_output_has_no_escape_codes():
    out = render_text(example_issue(), 80)
    assert "\x1b" not in out
    assert "共" in out.splitlines()[0]


# ---------------------------------------------------------------------------- summary and marks


def summary(out: str) -> str:
    """The summary panel's text, its box and the wrapping inside it removed."""
    lines = out.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    return "".join(line.strip("│╭╮╰╯─ ") for line in lines[start:])


def fragment_of(team: str) -> Path:
    return next(p for p in sorted(FRAGMENTS.glob("*.yaml")) if loaded(p).fragment.team == team)


def test_summary_lists_missing_units_and_empty_columns():
    issue = example_issue(skip=("打好安全生产翻身仗工作专班",))
    out = record(issue)
    box = summary(out)
    assert re.search("未报送 *打好安全生产翻身仗工作专班", box)
    assert re.search("空栏目 *情况反映", box)
    assert "【情况反映】" not in body_text(out)


def test_complete_issue_has_nothing_missing(out):
    box = summary(out)
    assert re.search(r"未报送 *无", box) and re.search(r"空栏目 *无", box)


def test_warnings_are_marked_in_the_margin_and_listed_by_fragment(issue):
    para = issue.columns[2].contributions[1].paragraphs[0]  # 科技创新
    at = para.text.index("41.68%")
    warnings = {para.text: [FakeFinding("W999", "示例提醒", 1, at + 1, "41.68%")]}
    out = record(issue, warnings=warnings)
    marked = [line for line in out.split("\n") if line[1:2] == "!"]
    assert len(marked) == 1 and "41.68%" in marked[0]
    box = summary(out)
    source = Path(para.source).name
    assert re.search(f"有提醒 *{re.escape(source)} *1处 *\\(W999×1\\)", box), box


def test_a_trial_fragment_is_marked():
    trial = loaded(fragment_of("安化县经开区"))
    issue = example_issue(skip=("安化县经开区",), extra=[trial])
    out = record(issue, marked=trial.path)
    lines = page_lines_with_gutter(out)
    new = [line for line in lines if line.startswith("+")]
    assert new and "安化县经开区：" in new[0]
    assert all("【" not in line for line in new)
    assert sum(1 for line in lines if line.startswith("+")) == len(new)
    assert str(trial.path) in summary(out)


def page_lines_with_gutter(out: str) -> list[str]:
    lines = out.split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    return lines[2:end]


def test_note_mark_titles_and_distribution():
    series = load_series(
        mark="内部资料 注意保存",
        distribution=[{"报": "市委办公室、市人大常委会办公室、市政府办公室、市政协办公室。"}, {"发": "各乡镇、县直各单位。"}],
        copies=80,
    )
    titled = Fragment.validate(
        {"team": "安化县经开区", "sections": {"典型经验": [{"title": "循环经济一扩容二延链", "text": "聚力循环经济。"}]}}
    )
    issue = example_issue(skip=("安化县经开区",), series=series, note="本期刊发各专班工作动态。", extra=[LoadedFragment(titled, "x.yaml", {})])
    out = record(issue, 60)
    lines = [line.strip() for line in page_lines(out)]
    assert lines[0] == "内部资料 注意保存"
    assert "编者按：本期刊发各专班工作动态。" in lines  # the label a printed bulletin puts before its 按语
    assert any(line.startswith("安化县经开区：循环经济一扩容二延链。聚力循环经济。") for line in lines)
    assert "报：市委办公室、市人大常委会办公室、市政府办公室、市政协办" in "".join(lines)
    assert any(line.endswith("（共印80份）") for line in lines)  # on the last tail row
    raw = page_lines(out)
    at = next(i for i, line in enumerate(raw) if line.strip().startswith("报："))
    if not raw[at + 1].startswith("─"):
        assert raw[at + 1].startswith(" " * (2 + cell_len("报：")))  # hanging indent after the colon


def test_titles_as_headings_are_centred():
    series = load_series(layout={"item_title_style": "heading"})
    titled = Fragment.validate(
        {"team": "安化县经开区", "sections": {"典型经验": [{"title": "循环经济一扩容二延链", "text": "聚力循环经济。"}]}}
    )
    issue = example_issue(skip=("安化县经开区",), series=series, extra=[LoadedFragment(titled, "x.yaml", {})])
    lines = page_lines(record(issue))
    title = next(line for line in lines if "循环经济一扩容二延链" in line)
    assert title.strip() == "循环经济一扩容二延链" and title.startswith(" " * 10)
    following = lines[lines.index(title) + 1]
    assert following.strip().startswith("安化县经开区：聚力循环经济。")


def test_date_without_leading_zeros():
    issue = replace(example_issue(), date=dt.date(2023, 7, 1), total=105)
    out = record(issue)
    assert "2023年7月1日" in out and "第5期（总第105期）" in out

"""The page-break estimate: where LibreOffice (and Word/WPS) will break lines and pages of the
.docx that ``render/docx.py`` writes, computed in pure Python on the 22 × 28 grid.

This module is the single source of the layout geometry: ``docx.py`` takes its line pitch,
character spacing, masthead size and masthead line breaks from here, so the estimate and the
document cannot drift apart. It must not import python-docx: the terminal preview uses it.

The model (measured against LibreOffice 7.4, see tests/test_page_estimate.py):
- every body line is one grid row of ``line_pitch_twips``; 22 rows fill the type area;
- a CJK character (and full-width punctuation) advances one em minus the run spacing, a
  half-width character its Times New Roman width (digits: exactly half an em);
- digits, Latin words and ``%``/``.`` inside numbers are never split across lines;
- 避头尾: a closing mark (,。、”) never starts a line and an opening mark (“《() never ends
  one; the character before it moves down with it (no hanging punctuation in LibreOffice,
  see ``OVERFLOW_PUNCT`` in docx.py);
- the masthead, headings and the tail take whole grid rows as ``docx.py`` writes them; a column
  heading never stays alone at the foot of a page (keep with next); the tail goes to the foot of
  the last page, or onto a new page when the rows left are too few.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Literal, NamedTuple

from ..model import AssembledIssue, Layout

BlockKind = Literal[
    "mark", "masthead", "issue_line", "editor_line", "note", "heading", "paragraph", "tail"
]

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20

# Times New Roman advance widths (1/1000 em) for printable ASCII; Liberation Serif shares them.
_TIMES = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 "  # space ! " # $ % & ' ( ) * + , - . /
    "500 500 500 500 500 500 500 500 500 500 278 278 564 564 564 444 "  # 0-9 : ; < = > ?
    "921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 "  # @ A-O
    "556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 "  # P-Z [ \ ] ^ _
    "333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 "  # ` a-o
    "500 500 333 389 278 500 500 722 500 500 444 480 200 480 541"  # p-z { | } ~
)
_ASCII_WIDTH = {chr(32 + i): int(w) / 1000 for i, w in enumerate(_TIMES.split())}

# 避头尾 (GB/T 15834 and LibreOffice's zh-CN forbidden-character lists, the part that occurs).
NO_START = set(
    "!%),.:;?]}¢°·’”、。〃〆〉》」』】〕〗〞︰︱︳﹐﹑﹒﹓﹔﹕﹖﹘﹚﹜！＂％＇），．：；？］｝～￠…‥—–"
)
NO_END = set("$(£¥·‘“〈《「『【〔〖〝﹙﹛＄（．［｛￡￥")
# Marks that may hang past the right edge instead of pulling a character down: none, as
# LibreOffice sets the .docx (see OVERFLOW_PUNCT in docx.py).
HANGING: set[str] = set()
# Half-width characters that glue to digits: 16.38%  1-6月  2.74  64,477
_NUMBER_GLUE = set(".,%-/:+")


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


class Geometry(NamedTuple):
    """The numbers both the estimate and the .docx use, derived from ``Layout``. (This and
    ``Block``, ``Plan`` are NamedTuples, not dataclasses: cheaper to create at import, and the
    preview must start fast.)"""

    page_width: int  # twips
    page_height: int
    margin_top: int
    margin_bottom: int
    margin_left: int
    margin_right: int
    line_pitch: int  # twips per grid row
    char_spacing: int  # twentieths of a point added to every body character (negative)

    @property
    def text_width(self) -> int:
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> int:
        return self.page_height - self.margin_top - self.margin_bottom


def geometry(layout: Layout) -> Geometry:
    """Line pitch: the largest whole number of twips that still gives ``lines_per_page`` rows
    (579 for A4 with 37/35 mm margins; 580 leaves room for only 21 rows in LibreOffice).
    Character spacing: the largest twentieth-of-a-point step that makes ``chars_per_line``
    body characters fit the type width (−5, i.e. 15.75 pt a character for 三号 on 156 mm)."""
    pw, ph = mm_to_twips(layout.paper_width_mm), mm_to_twips(layout.paper_height_mm)
    mt, mb = mm_to_twips(layout.margin_top_mm), mm_to_twips(layout.margin_bottom_mm)
    ml, mr = mm_to_twips(layout.margin_left_mm), mm_to_twips(layout.margin_right_mm)
    pitch = (ph - mt - mb) // layout.lines_per_page
    width_pt = (pw - ml - mr) / TWIPS_PER_PT
    spacing = min(0, math.floor((width_pt / layout.chars_per_line - layout.body_size_pt) * 20))
    return Geometry(pw, ph, mt, mb, ml, mr, pitch, spacing)


# ---------------------------------------------------------------- line breaking


def char_em(ch: str) -> float:
    """Advance width of one character in ems of its font size (before run spacing)."""
    w = _EMS.get(ch)
    if w is None:
        w = _EMS[ch] = _measure_em(ch)
    return w


def _measure_em(ch: str) -> float:
    if ch in "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7":
        return 1.0  # set in the Chinese font (all four rFonts slots): full width
    if unicodedata.combining(ch):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("Na", "H"):
        return 0.5
    return 1.0


# char_em of every character met so far (a few thousand at most: the text's own characters);
# line breaking asks for each character of every paragraph, twice per command.
_EMS: dict[str, float] = dict(_ASCII_WIDTH)


def display_width(text: str) -> float:
    """Width in grid characters, before run spacing: full-width 1, digits 0.5."""
    return sum(char_em(c) for c in text)


def _is_ideograph(ch: str) -> bool:
    return not ch.isascii() and unicodedata.category(ch) == "Lo"


# Where docx.py splits runs by script: ASCII (below DEL) against the rest.
_SCRIPT_RUN = re.compile(r"[\x00-\x7e]+|[^\x00-\x7e]+")


def char_widths(
    text: str, size_pt: float, spacing_pt: float, run_breaks: tuple[int, ...] = ()
) -> list[float]:
    """Advance of every character as LibreOffice 7.4 sets it (measured):
    - its font width plus the run's character spacing, except the last character of a run,
      which keeps its full width (a run ends where ASCII meets non-ASCII, as ``docx.py``
      splits runs, and at ``run_breaks``: lead | title | text);
    - plus one fifth of the size between an ASCII letter/digit and a Chinese character, either
      way round (LibreOffice always applies this "autospace"; Word and WPS do by default)."""
    return _advances(text, size_pt, spacing_pt, run_breaks)[0]


def _advances(
    text: str, size_pt: float, spacing_pt: float, run_breaks: tuple[int, ...] = ()
) -> tuple[list[float], list[float]]:
    """(char_widths, plain widths): the plain width (``char_em × size``, no spacing, no
    autospace) is what a character takes at the end of a line. Only the run ends are visited
    after the one pass over the characters."""
    n = len(text)
    plain = [char_em(c) * size_pt for c in text]
    out = [w + spacing_pt for w in plain]
    ends = {m.end() for m in _SCRIPT_RUN.finditer(text)}
    ends.update(run_breaks)
    auto = size_pt * AUTOSPACE_EM
    for k in ends:
        if not 0 < k < n:
            continue
        i = k - 1
        out[i] -= spacing_pt
        a, b = text[i], text[k]
        if (a.isascii() and a.isalnum() and _is_ideograph(b)) or (
            b.isascii() and b.isalnum() and _is_ideograph(a)
        ):
            out[i] += auto
    if n:
        out[-1] -= spacing_pt
    return out, plain


AUTOSPACE_EM = 0.2

# The pieces before glueing: a number or Latin word (with . , % - / : + between digits and
# letters, % after them), a run of dashes or of ellipses, any other single character.
_PIECE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9%]|[.,%\-/:+](?=[A-Za-z0-9]))*|—+|…+|.", re.S)

# A token: (start, end, width in points as set inside a line, width of a trailing mark that
# may hang past the edge, change in width when the token ends a line (see line_starts)).
_Token = tuple[int, int, float, float, float]


def _tokens(
    text: str, size_pt: float, spacing_pt: float, run_breaks: tuple[int, ...] = ()
) -> list[_Token]:
    """Split into pieces no line break may fall inside (numbers, Latin words, a character and
    the closing marks after it, an opening mark and the character after it, a dash or an
    ellipsis pair)."""
    widths, finals = _advances(text, size_pt, spacing_pt, run_breaks)
    # at the end of a line a character takes its plain width: no spacing, no autospace
    # glue: opening marks to what follows, closing marks to what precedes
    out: list[_Token] = []
    pending: _Token | None = None
    for m in _PIECE.finditer(text):
        i, j = m.span()
        width = widths[i] if j == i + 1 else sum(widths[i:j])
        t: _Token = (i, j, width, 0.0, finals[j - 1] - widths[j - 1])
        if pending is not None:
            t = (pending[0], j, pending[2] + width, 0.0, t[4])
            pending = None
        start, end = t[0], t[1]
        ch = text[start]
        if out and ch.isascii() and ch.isalnum() and text[out[-1][1] - 1] in NO_START:
            # LibreOffice (ICU) does not break between a closing mark and a number: 。2023年
            prev = out[-1]
            out[-1] = (prev[0], end, prev[2] + t[2], prev[3], t[4])
            continue
        if out and ch in NO_START and end - start == 1:
            prev = out[-1]
            hang = t[2] if (ch in HANGING and prev[3] == 0) else 0.0
            out[-1] = (prev[0], end, prev[2] + t[2], hang + prev[3], t[4])
            if text[end - 1] in NO_END:
                pending = out.pop()
            continue
        if text[end - 1] in NO_END:
            pending = t
            continue
        out.append(t)
    if pending is not None:
        out.append(pending)
    return out


def line_starts(
    text: str,
    width_pt: float,
    *,
    first_indent_pt: float = 0.0,
    size_pt: float = 16.0,
    spacing_pt: float = -0.25,
    run_breaks: tuple[int, ...] = (),
) -> list[int]:
    """Offsets in ``text`` where each printed line begins (the first is 0)."""
    if not text:
        return [0]
    starts = [0]
    avail = width_pt - first_indent_pt
    used = 0.0
    eps = 0.01
    for start, end, width, hang, end_delta in _tokens(text, size_pt, spacing_pt, run_breaks):
        if used > 0 and used + width + end_delta - hang > avail + eps:
            starts.append(start)
            avail, used = width_pt, 0.0
        used += width
        # a single token wider than a line (a very long Latin word): split it by characters
        while used - hang > avail + eps and end - start > 1:
            k = start
            acc = 0.0
            while k < end:
                cw = char_em(text[k]) * size_pt + spacing_pt
                if acc + cw > avail + eps and acc > 0:
                    break
                acc += cw
                k += 1
            if k >= end:
                break
            starts.append(k)
            start, width = k, used - acc
            avail, used = width_pt, width
    return starts


# ---------------------------------------------------------------- blocks


class Block(NamedTuple):
    """One printed block of the issue, in print order.

    ``text`` is what is printed (lead + title + text for a paragraph); ``lines`` the grid rows
    it takes; ``starts`` the offsets in ``text`` where its printed lines begin (one per line of
    text; empty for blocks that are not broken by the estimate)."""

    kind: BlockKind
    text: str
    lines: int
    starts: tuple[int, ...] = ()
    keep_with_next: bool = False


class Plan(NamedTuple):
    """``breaks``: (block index, character offset) where each new page (2, 3, …) starts;
    offset 0 means the block starts the page."""

    pages: int
    breaks: list[tuple[int, int]]
    last_rows: int = 0  # grid rows of body text on the last page (tail not counted)
    tail_breaks: int = 0  # page breaks added only so the tail falls on an even page


def title_sep(title: str) -> str:
    """A run-in title ends with a full stop unless it already ends with a mark."""
    return "" if title and title[-1] in "。!?:;,.!?:;,、" else "。"


def paragraph_text(lead: str, title: str, text: str, style: str) -> str:
    """The printed text of a body paragraph (a centred title is its own block)."""
    if title and style == "run-in":
        return lead + title + title_sep(title) + text
    return lead + text


def masthead_lines(name: str, layout: Layout) -> tuple[float, list[str]]:
    """The masthead name's point size and lines: the largest size from ``masthead_size_pt``
    down to ``masthead_min_size_pt`` (in half points) that fits one line; otherwise two
    balanced lines broken at a sensible place, at the largest size that fits them."""
    width_pt = geometry(layout).text_width / TWIPS_PER_PT
    w = display_width(name)
    size = layout.masthead_size_pt
    while size >= layout.masthead_min_size_pt:
        if w * size <= width_pt:
            return size, [name]
        size -= 0.5
    parts = _balanced_split(name)
    widest = max(display_width(p) for p in parts)
    size = layout.masthead_size_pt
    while size > layout.masthead_min_size_pt and widest * size > width_pt:
        size -= 0.5
    if widest * size > width_pt:  # very long names: keep shrinking rather than a third line
        size = math.floor(width_pt / widest * 2) / 2
    return size, parts


_GOOD_AFTER = set("省市县区州盟旗镇乡街局委办厅部院处室组")
_GOOD_BEFORE = ("工作", "简报", "专报", "快报", "动态", "信息", "情况", "通报")


def _balanced_split(name: str) -> list[str]:
    """Split a long name in two near the middle, never inside quotes, a Latin word or a
    number, never before a closing or after an opening mark; prefer after a place/office
    suffix or before 工作/简报/专报."""
    n = len(name)
    best: tuple[float, int] | None = None
    depth = 0
    inside = []
    for ch in name:
        if ch in "“‘《(「『【":
            depth += 1
        elif ch in "”’》)」』】":
            depth = max(0, depth - 1)
        inside.append(depth > 0)
    total = display_width(name)
    for k in range(1, n):
        a, b = name[k - 1], name[k]
        if inside[k - 1] and b not in "”’》)」』】":
            continue  # inside a quotation
        if b in NO_START or a in NO_END:
            continue
        if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
            continue
        left = display_width(name[:k])
        score = abs(total - 2 * left)
        if a in _GOOD_AFTER:
            score -= 1.5
        if any(name.startswith(s, k) for s in _GOOD_BEFORE):
            score -= 2.0
        if best is None or score < best[0]:
            best = (score, k)
    if best is None:
        k = n // 2
    else:
        k = best[1]
    return [name[:k], name[k:]]


def masthead_rows(issue: AssembledIssue) -> dict[str, int]:
    """Grid rows each masthead block takes as ``docx.py`` writes it."""
    layout = issue.layout
    _size, parts = masthead_lines(issue.title, layout)
    return {
        "before": layout.masthead_lines_before,  # includes the mark row, if any
        "name_line": 2,  # each masthead line: two rows, exact, not snapped to the grid
        "name": 2 * len(parts),
        "issue_line": 1,
        "gap": 1,  # empty row between the issue line and the editor line
        "editor_line": 2,  # the text row, the red rule and the space after it
    }


def tail_texts(issue: AssembledIssue) -> list[tuple[str, str]]:
    """The tail's rows as printed, (left, right): 报/送/发 lines, then 责任编辑 on the left
    and the print run （共印N份） on the right of the last row — where printed bulletins put
    it (convention; GB/T 9704 §7.4.2 puts the printing date there the same way)."""
    rows = [(f"{d.label}\uff1a{d.to}", "") for d in issue.distribution]
    copies = f"\uff08共印{issue.copies}份\uff09" if issue.copies else ""
    editor = f"责任编辑\uff1a{issue.responsible_editor}" if issue.responsible_editor else ""
    if copies or editor:
        rows.append((editor, copies))
    return rows


def tail_rows(issue: AssembledIssue) -> int:
    """Rows of the tail table: each line of 四号 text is one grid row."""
    layout = issue.layout
    g = geometry(layout)
    width_pt = g.text_width / TWIPS_PER_PT
    size = layout.tail_size_pt
    rows = 0
    for line, right in tail_texts(issue):
        hang = display_width(line[: tail_label_len(line)]) * size
        avail = width_pt - 2 * size - hang - display_width(right) * size
        starts = line_starts(line, avail, first_indent_pt=-hang, size_pt=size, spacing_pt=0)
        rows += max(len(starts), 1)
    return rows


def anchor_twips(layout: Layout) -> int:
    """The paragraph after the tail table (docx.py): exactly one em of body text high (not
    a whole row), so text typed there after Ctrl+End is fully visible while the tail still
    fits under the last rows of a nearly full page."""
    return round(layout.body_size_pt * TWIPS_PER_PT)


def tail_height(issue: AssembledIssue) -> int:
    """Twips the tail table takes: its text rows plus its rules (thick above and below, thin
    between rows), as LibreOffice adds border widths to row heights."""
    layout = issue.layout
    n = len(tail_texts(issue))
    if not n:
        return 0
    rules = 2 * round(layout.tail_rule_thick_pt * 20) + (n - 1) * round(layout.tail_rule_thin_pt * 20)
    return tail_rows(issue) * geometry(layout).line_pitch + rules


def tail_label_len(line: str) -> int:
    """Characters up to and including the colon (报：), for the hanging indent."""
    for i, ch in enumerate(line[:8]):
        if ch in ":\uff1a":
            return i + 1
    return 0


def blocks(issue: AssembledIssue) -> list[Block]:
    """The issue's printed blocks in order, each with the grid rows it takes."""
    layout = issue.layout
    g = geometry(layout)
    width_pt = g.text_width / TWIPS_PER_PT
    size = layout.body_size_pt
    sp = g.char_spacing / 20
    indent = 2 * size
    rows = masthead_rows(issue)
    out: list[Block] = []
    if issue.mark:
        out.append(Block("mark", issue.mark, 1))
    before = rows["before"] - (1 if issue.mark else 0)
    out.append(Block("masthead", issue.title, before + rows["name"]))
    out.append(Block("issue_line", issue.issue_line, rows["issue_line"] + rows["gap"]))
    out.append(Block("editor_line", f"{issue.editor}  {issue.date_text}", rows["editor_line"]))

    def para(kind: BlockKind, text: str, keep: bool = False, first_indent: float = indent,
             breaks: tuple[int, ...] = ()) -> None:
        starts = line_starts(text, width_pt, first_indent_pt=first_indent, size_pt=size,
                             spacing_pt=sp, run_breaks=breaks)
        out.append(Block(kind, text, len(starts), tuple(starts), keep))

    for k, note in enumerate(issue.note):
        para("note", (note_label(issue) if k == 0 else "") + note)
    for col in issue.columns:
        para("heading", col.heading, keep=True)
        for con in col.contributions:
            for p in con.paragraphs:
                if p.title and layout.item_title_style == "heading":
                    if p.lead:
                        # the lead goes with the paragraph; the centred title comes first
                        pass
                    tsize = title_size_pt(layout)
                    starts = line_starts(p.title, width_pt, size_pt=tsize, spacing_pt=0)
                    out.append(Block("heading", p.title, len(starts), tuple(starts), True))
                    para("paragraph", p.lead + p.text, breaks=(len(p.lead),))
                else:
                    text = paragraph_text(p.lead, p.title, p.text, layout.item_title_style)
                    head = len(p.lead)
                    body = len(text) - len(p.text)
                    para("paragraph", text, breaks=(head, body))
    if tail_texts(issue):
        text = "\n".join(left + ("\u3000\u3000" + right if left and right else right)
                         for left, right in tail_texts(issue))
        out.append(Block("tail", text, tail_rows(issue)))
    return out


def title_size_pt(layout: Layout) -> float:
    """Article titles (heading style): 二号 22 pt by default."""
    return layout.item_title_size_pt


def paginate(issue: AssembledIssue, laid_out: list[Block] | None = None) -> Plan:
    """Fill pages of ``lines_per_page`` rows with the blocks; see the module docstring.
    ``laid_out``: ``blocks(issue)`` when the caller has them already (line breaking is the
    costly part)."""
    per_page = issue.layout.lines_per_page
    g = geometry(issue.layout)
    bl = laid_out if laid_out is not None else blocks(issue)
    breaks: list[tuple[int, int]] = []
    used = 0
    pages = 1
    tail_breaks = 0
    for i, b in enumerate(bl):
        if b.kind == "tail":
            # the table floats at the foot of the type area; the rows above it and the tiny
            # anchor paragraph must fit above it, or both move to a new page
            moved = used * g.line_pitch + anchor_twips(issue.layout) + tail_height(issue) > g.text_height
            if moved:
                breaks.append((i, 0))
                pages += 1
                used = 0
            if issue.layout.tail_on_even_page and pages % 2 == 1:
                # on to the next (even) page: one forced break on the anchor paragraph, and
                # one more (an empty page) when the tail had already moved to a page of its own
                breaks.append((i, 0))
                pages += 1
                used = 0
                tail_breaks = 2 if moved else 1
            break
        if b.kind in ("mark", "masthead", "issue_line", "editor_line"):
            used += b.lines
            continue
        need_first = b.lines
        if b.keep_with_next and i + 1 < len(bl) and bl[i + 1].kind not in ("tail",):
            need_first = b.lines + 1  # heading plus the first line of what follows
        if used > 0 and (used + (need_first if b.keep_with_next else 1) > per_page):
            breaks.append((i, 0))
            pages += 1
            used = 0
        # lay the block's lines, breaking pages inside it as needed
        starts = b.starts or (0,) * b.lines
        for k in range(b.lines):
            if used >= per_page:
                breaks.append((i, starts[k] if b.starts else 0))
                pages += 1
                used = 0
            used += 1
    return Plan(pages=pages, breaks=breaks, last_rows=used, tail_breaks=tail_breaks)


def note_label(issue: AssembledIssue) -> str:
    """The label before the 按语 (``layout.note_label``, 编者按：), unless the editor wrote one."""
    first = issue.note[0] if issue.note else ""
    if first.startswith(("编者按", "按语", "按：", "按:")):
        return ""
    return issue.layout.note_label

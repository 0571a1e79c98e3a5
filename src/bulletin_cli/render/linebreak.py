"""Line breaking for Chinese text on a terminal: by display cells, with 避头尾 (kinsoku).

A terminal cell is not a character: a Chinese character (and anything outside the BMP such as
𠮷) takes two cells, Latin letters one. Breaking by code points would overrun the screen.

The rules follow GB/T 15834 and CLREQ: a closing or pause mark (,。、;:?!”)》…) never starts a
line and an opening mark (“(《【) never ends one; the dash —— and the ellipsis …… are never split;
a Latin word or number (2023, 12.5%, 5G) stays whole. We use the push-out method: the character
before a closing mark moves down with it, because hanging the mark into the margin would make
the line wider than the screen.

Everything here is a pure function of (text, widths) so it can be tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# Display widths are rich's (rich.cells), so that these lines fit rich's tables. The characters
# of our own help texts are measured here without importing rich, with the widths rich gives them
# in every Unicode version it knows (tests/test_linebreak_cells.py compares): `bulletin --help`
# imports no rich.
_NARROW = frozenset(map(chr, [*range(0x20, 0x7F), *range(0x2010, 0x2028), *range(0x2190, 0x2200)]))


def cell_len(text: str) -> int:
    """Cells ``text`` takes on a terminal, as rich.cells.cell_len counts them."""
    if _NARROW.issuperset(text):
        return len(text)
    cells = 0
    for ch in text:
        code = ord(ch)
        if ch in _NARROW:
            cells += 1
        elif 0x4E00 <= code <= 0x9FA5 or 0x3001 <= code <= 0x3029 or 0xFF01 <= code <= 0xFF60:
            cells += 2  # Chinese characters, 、。〈〉《》「」【】, full-width ，：；？！（）
        else:
            break
    else:
        return cells
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)

# Marks that must not begin a line: pause marks, closing brackets and quotes (full and half width).
CLOSING = frozenset(
    ",。、;:?!)》」』】〕〉〗〙〛”’"
    "﹚﹜﹞]}>|~"
    ",.;:?!)]}%"
    "・·"  # middle dot (间隔号) hangs on the word before it
    "\uff0c\uff1a\uff1b\uff1f\uff01\uff09\uff3d\uff5d"  # full-width ，：；？！）］｝ (escaped: a
    # typographic fix once turned the literal ones above into their half-width twins)
)
# Marks that must not end a line: opening brackets and quotes.
OPENING = frozenset("(《「『【〔〈〖〘〚“‘﹙﹛﹝[{<([{" "\uff08\uff3b\uff5b")  # + full-width （［｛
# Runs of these are one unit: a dash or an ellipsis is never split across lines.
_NO_SPLIT = "—…⸺⸻"
_LATIN_WORD = re.compile(r"-{0,2}[A-Za-z0-9]+(?:[.:/\-][A-Za-z0-9]+)*")
_NO_SPLIT_RUN = re.compile(f"[{_NO_SPLIT}]+")
_SPACE = " \t\u3000"


class Cluster(NamedTuple):
    """An unbreakable stretch ``text[start:end]`` and its width in cells. (A NamedTuple, not
    a dataclass: a dataclass costs a few tenths of a millisecond to create at import.)"""

    start: int
    end: int
    cells: int


def char_cells(ch: str) -> int:
    """Cells one character takes on a terminal (0 for combining marks, 2 for CJK and 𠮷)."""
    return cell_len(ch)


def _atoms(text: str) -> Iterator[tuple[int, int]]:
    """Smallest units: one character, a Latin word, a dash or ellipsis run. Zero-width
    characters (combining marks, variation selectors) stay with the character before."""
    i, n = 0, len(text)
    while i < n:
        m = _LATIN_WORD.match(text, i) or _NO_SPLIT_RUN.match(text, i)
        end = m.end() if m else i + 1
        while end < n and char_cells(text[end]) == 0 and text[end] not in _SPACE + "\n":
            end += 1
        yield i, end
        i = end


def clusters(text: str) -> list[Cluster]:
    """Glue atoms into units that must stay on one line: an opening mark to what follows it, a
    closing mark to what precedes it."""
    spans: list[list[int]] = []
    pending: int | None = None  # start of opening marks waiting for their word
    for start, end in _atoms(text):
        ch = text[start]
        if end - start == 1 and ch in OPENING:
            if pending is None:
                pending = start
        elif end - start == 1 and ch in CLOSING and pending is None and spans:
            if _is_space(text, spans[-1]) and len(spans) > 1:
                spans.pop()  # "word !": the space and the mark stay with the word
            spans[-1][1] = end
        elif pending is not None:
            spans.append([pending, end])
            pending = None
        else:
            spans.append([start, end])
    if pending is not None:  # opening marks at the very end: keep them with what precedes
        if spans:
            spans[-1][1] = len(text)
        else:
            spans.append([pending, len(text)])
    return [Cluster(s, e, cell_len(text[s:e])) for s, e in spans]


def _is_space(text: str, span: list[int]) -> bool:
    return text[span[0] : span[1]].strip(_SPACE) == ""


def break_lines(text: str, width: int, first_width: int | None = None) -> list[tuple[int, int]]:
    """Where the lines of ``text`` start and end, as ``(start, end)`` offsets into ``text``.

    ``first_width`` is the room on the first line (less when it is indented or carries a lead).
    Spaces at a break are dropped: they lie outside every span. Every line fits its width;
    only a single unit wider than a whole line (a very long Latin word, a name longer than the
    screen) is cut where it overflows.
    """
    if width < 2:
        raise ValueError("width must be at least 2 cells")
    room = width if first_width is None else max(first_width, 0)
    lines: list[tuple[int, int]] = []
    start = end = -1  # the current line's span; start < 0: nothing on it yet
    used = spaces = 0

    def flush() -> None:
        nonlocal start, end, used, spaces, room
        lines.append((start, end))
        start, end, used, spaces, room = -1, -1, 0, 0, width

    for c in clusters(text):
        if _is_space(text, [c.start, c.end]):
            if start >= 0:
                spaces += c.cells  # printed only if a word follows on this line
            continue
        if start >= 0:
            if used + spaces + c.cells <= room:
                end, used, spaces = c.end, used + spaces + c.cells, 0
                continue
            flush()
        elif c.cells > room and room < width:
            # The first line has no room for this unit (a long lead took it): start below.
            lines.append((c.start, c.start))
            room = width
        if c.cells <= room:
            start, end, used = c.start, c.end, c.cells
            continue
        # One unit wider than a whole line: cut it by characters.
        for i in range(c.start, c.end):
            w = char_cells(text[i])
            if start >= 0 and used + w > room:
                flush()
            if start < 0:
                start = i
            end, used = i + 1, used + w
    if start >= 0:
        flush()
    return lines or [(0, 0)]


def wrap(text: str, width: int, *, first_indent: int = 0, indent: int = 0) -> list[str]:
    """The lines of ``text`` as printed, indentation included (in spaces)."""
    spans = break_lines(text, width - indent, first_width=width - first_indent)
    out = []
    for n, (s, e) in enumerate(spans):
        out.append(" " * (first_indent if n == 0 else indent) + text[s:e])
    return out

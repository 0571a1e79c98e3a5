"""Run the rules over one text, keeping track of where every change came from.

The text is held as a list of cells: each cell covers a span of the original text and holds
what that span reads as now. Untouched characters stay one-character cells; every fix merges the
cells it touches into one. So after any number of fixes, each change still points at the exact
span of the original it replaces. That gives findings their original line and column, and lets
the YAML fixer rewrite only those spans of the raw file.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from .chars import protected_spans

SNIPPET = 10  # characters of context either side in before/after


@dataclass(frozen=True)  # a dataclass: callers use dataclasses.replace on it
class Finding:
    """One problem. ``offset``/``end`` are character offsets into the text that was linted
    (for fragment files: into the file); ``line``/``column`` are 1-based. ``after`` is the
    snippet with the fix applied, or None when the rule only reports."""

    code: str
    message: str
    offset: int
    end: int
    line: int
    column: int
    before: str
    after: str | None
    path: str | None = None

    @property
    def fixable(self) -> bool:
        return self.after is not None

    def location(self) -> str:
        where = f"{self.line}:{self.column}"
        return f"{self.path}:{where}" if self.path else where

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "offset": self.offset,
            "end": self.end,
            "code": self.code,
            "message": self.message,
            "before": self.before,
            "after": self.after,
            "fixable": self.fixable,
        }


# The small value types below are NamedTuples, not dataclasses: creating a dataclass costs
# about 0.3 ms at import, a NamedTuple a quarter of that (lint is imported by every command that
# reads submissions).


class Change(NamedTuple):
    """Replace ``text[start:end]`` (in the text a rule was given) with ``new``."""

    start: int
    end: int
    new: str
    message: str


class Report(NamedTuple):
    """A report-only finding at ``text[start:end]`` of the fixed text."""

    start: int
    end: int
    message: str


FixRule = Callable[[str], Iterable[Change]]
ReportRule = Callable[[str], Iterable[Report]]


class _Cell:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start  # span of the original text
        self.end = end
        self.text = text  # what it reads as now


class Edit(NamedTuple):
    """One replacement in original coordinates (what ``--fix`` writes)."""

    start: int
    end: int
    new: str


class Tracker:
    def __init__(self, text: str) -> None:
        self.original = text
        self._cells: list[_Cell] | None = None  # one per character, made at the first change
        self._text: str | None = text
        self._index: list[int] | None = None  # current char -> cell

    @property
    def cells(self) -> list[_Cell]:
        if self._cells is None:
            self._cells = [_Cell(i, i + 1, ch) for i, ch in enumerate(self.original)]
        return self._cells

    @cells.setter
    def cells(self, cells: list[_Cell]) -> None:
        self._cells = cells

    @property
    def changed(self) -> bool:
        return self._cells is not None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(c.text for c in self.cells)
        return self._text

    def _cell_index(self) -> list[int]:
        if self._index is None:
            idx: list[int] = []
            for n, c in enumerate(self.cells):
                idx.extend([n] * len(c.text))
            self._index = idx
        return self._index

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of current ``[start, end)``."""
        if self._cells is None:  # nothing changed: the same span (clamped as below)
            n = len(self.original)
            return (start, end) if start < end else (min(start, n), min(start, n))
        idx = self._cell_index()
        cells = self.cells
        if start < end:
            return cells[idx[start]].start, cells[idx[end - 1]].end
        if start < len(idx):
            pos = cells[idx[start]].start
        elif cells:
            pos = cells[-1].end
        else:
            pos = 0
        return pos, pos

    def apply(self, changes: list[Change]) -> list[tuple[Change, int, int, str]]:
        """Apply non-overlapping changes (current coordinates). Returns, for each applied
        change, its original span and the text that span now reads as."""
        if not changes:
            return []
        idx = self._cell_index()
        cells = self.cells
        n = len(idx)
        out: list[_Cell] = []
        applied: list[tuple[Change, int, int, str]] = []
        next_cell = 0  # first cell not yet copied to out
        for ch in changes:
            if ch.start < ch.end:
                first, last = idx[ch.start], idx[ch.end - 1]
            else:  # insertion before current char ch.start
                first = idx[ch.start] if ch.start < n else len(cells)
                last = first - 1
            if first < next_cell:
                continue  # overlaps a change already applied in this round
            out.extend(cells[next_cell:first])
            if last >= first:
                head_len = ch.start - _cell_offset(idx, first, ch.start)
                prefix = cells[first].text[:head_len]
                tail_start = ch.end - _cell_offset(idx, last, ch.end - 1)
                suffix = cells[last].text[tail_start:]
                new_text = prefix + ch.new + suffix
                cell = _Cell(cells[first].start, cells[last].end, new_text)
            else:
                pos = cells[first].start if first < len(cells) else (cells[-1].end if cells else 0)
                cell = _Cell(pos, pos, ch.new)
            out.append(cell)
            applied.append((ch, cell.start, cell.end, cell.text))
            next_cell = last + 1
        out.extend(cells[next_cell:])
        self.cells = out
        self._text = None
        self._index = None
        return applied

    def edits(self) -> list[Edit]:
        """The net changes, in original coordinates, adjacent ones merged."""
        if self._cells is None:
            return []
        orig = self.original
        result: list[Edit] = []
        for c in self.cells:
            if c.end - c.start == len(c.text) == 1 and orig[c.start] == c.text:
                continue
            if c.text == orig[c.start : c.end]:
                continue
            if result and result[-1].end == c.start:
                last = result[-1]
                result[-1] = Edit(last.start, c.end, last.new + c.text)
            else:
                result.append(Edit(c.start, c.end, c.text))
        return result


def _cell_offset(idx: list[int], cell: int, hint: int) -> int:
    """Current offset of the first character of ``cell``; ``hint`` is a character in it."""
    pos = hint
    while pos > 0 and idx[pos - 1] == cell:
        pos -= 1
    return pos


def _drop_protected(text: str, changes: Iterable[Change]) -> list[Change]:
    ordered = sorted(changes, key=_span)
    if not ordered:
        return ordered
    spans = protected_spans(text)
    if not spans:
        return _non_overlapping(ordered)
    starts = [s for s, _ in spans]
    kept = []
    for ch in ordered:
        i = bisect.bisect_right(starts, max(ch.end - 1, ch.start)) - 1
        if i >= 0:
            s, e = spans[i]
            if (ch.start < e and ch.end > s) or (ch.start == ch.end and s < ch.start < e):
                continue
        kept.append(ch)
    return _non_overlapping(kept)


def _span(c: Change) -> tuple[int, int]:
    return c.start, c.end


def _non_overlapping(changes: list[Change]) -> list[Change]:
    out: list[Change] = []
    end = -1
    for ch in changes:
        if ch.start < end or (out and ch.start == ch.end == out[-1].start == out[-1].end):
            continue
        out.append(ch)
        end = max(end, ch.end)
    return out


class LineIndex:
    """Offsets to 1-based line/column."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def snippet(text: str, start: int, end: int, new: str | None = None) -> str:
    """Context around ``text[start:end]`` on its line; with ``new``, as it reads fixed."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    a = max(line_start, start - SNIPPET)
    b = min(line_end, end + SNIPPET)
    middle = text[start:end] if new is None else new
    return text[a:start] + middle + text[end:b]


class Outcome(NamedTuple):
    text: str
    findings: list[Finding]
    edits: list[Edit]


MAX_PASSES = 8  # rules are written to settle in one or two; the loop makes sure


def run(
    text: str,
    fixers: list[tuple[str, FixRule]],
    reporters: list[tuple[str, ReportRule]],
) -> Outcome:
    """Apply the fix rules in order until nothing changes, then the report-only rules on the
    result. Findings point into the original text."""
    tracker = Tracker(text)
    raw: list[tuple[str, str, int, int, str | None]] = []
    for _ in range(MAX_PASSES):
        changed = False
        for code, rule in fixers:
            current = tracker.text
            changes = _drop_protected(current, rule(current))
            changes = [c for c in changes if current[c.start : c.end] != c.new]
            for ch, s, e, new in tracker.apply(changes):
                raw.append((code, ch.message, s, e, new))
                changed = True
        if not changed:
            break
    final = tracker.text
    for code, rule in reporters:
        for rep in rule(final):
            s, e = tracker.orig_span(rep.start, rep.end)
            raw.append((code, rep.message, s, e, None))
    if not raw:
        return Outcome(final, [], tracker.edits())
    lines = LineIndex(text)
    findings = []
    for code, message, s, e, new in raw:
        line, col = lines.position(s)
        findings.append(
            Finding(
                code=code,
                message=message,
                offset=s,
                end=e,
                line=line,
                column=col,
                before=snippet(text, s, e),
                after=None if new is None else snippet(text, s, e, new),
            )
        )
    findings.sort(key=lambda f: (f.offset, f.end))
    return Outcome(final, findings, tracker.edits())


def relocate(f: Finding, offset: int, end: int, line: int, column: int, path: str | None) -> Finding:
    return replace(f, offset=offset, end=end, line=line, column=column, path=path)

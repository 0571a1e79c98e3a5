"""The issue on a terminal, laid out like the printed page.

``IssuePreview`` is a rich renderable: masthead, 按语, columns, tail, with the page breaks the
.docx will have (from ``grid.paginate``, the one page estimate every output shares) and a summary
of what is still missing. Body text is wrapped by ``linebreak`` at the printed line length
(28 characters = 56 cells) or the screen, whichever is narrower, so a line on screen is a line on
paper when the terminal is wide enough.

Nothing here imports python-docx: the preview must start fast on a clerk's laptop.
"""

from __future__ import annotations

import bisect
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

from ..errors import Problem
from ..messages import tr
from ..model import AssembledIssue, Paragraph
from . import grid
from .linebreak import CLOSING, break_lines

GUTTER = 2  # cells left of the page: fragment mark, warning mark
_INDENT = 4  # two characters: the first-line indent of body text
_TEXT_KINDS = ("note", "paragraph", "title")
MIN_WIDTH = 12

STYLE_MASTHEAD = "bold red"
STYLE_RULE = "red"
STYLE_LEAD = "bold"
STYLE_TITLE = "bold"
STYLE_HEADING = "bold"
STYLE_NOTE = "italic"
STYLE_PAGE = "dim"
STYLE_WARNING = "underline yellow"
STYLE_WARN_MARK = "bold yellow"
STYLE_NEW_MARK = "bold green"
NEW_MARK = "+"
WARN_MARK = "!"


class FindingLike(Protocol):
    """What the preview needs of a lint finding (``bulletin_cli.lint.Finding``)."""

    code: str
    message: str
    line: int
    column: int
    before: str


Warnings = Mapping[str, Sequence[FindingLike]]  # paragraph text → findings in it


def lint_warnings(
    issue: AssembledIssue, *, script: str = "simplified", disabled: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """Lint every printed paragraph. Findings depend on the text only, so they are keyed by it.
    (lint is imported here, not at the top, to keep OpenCC off the import path.)"""
    from ..lint import lint_text

    disabled = list(disabled)
    out: dict[str, list[Any]] = {}
    texts = list(issue.note)
    for col in issue.columns:
        for con in col.contributions:
            for p in con.paragraphs:
                texts.append(p.text)
                if p.title:
                    texts.append(p.title)
    for text in texts:
        if text in out:
            continue
        found = list(lint_text(text, script=script, disabled=disabled))
        if found:
            out[text] = found
    return out


def finding_span(text: str, finding: FindingLike) -> tuple[int, int]:
    """Character span of a finding in ``text``: its ``offset``/``end`` when it has them,
    otherwise from the 1-based line and column and the length of ``before``."""
    offset, end = getattr(finding, "offset", None), getattr(finding, "end", None)
    if isinstance(offset, int) and isinstance(end, int) and 0 <= offset <= len(text):
        return offset, min(max(end, offset + 1), len(text))
    lines = text.split("\n")
    line = min(max(int(getattr(finding, "line", 1) or 1), 1), len(lines))
    start = sum(len(x) + 1 for x in lines[: line - 1]) + max(int(finding.column or 1) - 1, 0)
    start = min(start, len(text))
    before = getattr(finding, "before", "") or ""
    end = start + len(before) if text[start : start + len(before)] == before else start + 1
    return start, min(max(end, start + 1), len(text))


# _Line and _Piece are plain classes, not dataclasses: a dataclass costs a few tenths of a
# millisecond to create at import, and the preview must start fast.


class _Line:
    """One screen line of the page: its text (with styles) and gutter marks."""

    __slots__ = ("text", "new", "warn", "page_mark")

    def __init__(self, text: Text, new: bool = False, warn: bool = False, page_mark: bool = False) -> None:
        self.text = text
        self.new = new  # from the fragment being previewed
        self.warn = warn
        self.page_mark = page_mark


class _Piece:
    """A grid block joined to the model object it prints (for styles and sources)."""

    __slots__ = ("kind", "text", "paragraph", "styles", "warn_spans", "starts")

    def __init__(self, kind: str, text: str, starts: tuple[int, ...] = ()) -> None:
        self.kind = kind
        self.text = text
        self.paragraph: Paragraph | None = None
        self.styles: list[tuple[int, int, str]] = []
        self.warn_spans: list[tuple[int, int]] = []
        self.starts = starts  # where the printed lines begin (from the grid)


class IssuePreview:
    """The printed page on a terminal. ``width`` caps the page width in cells (gutter included);
    ``marked`` is the fragment file whose paragraphs get a ``+`` in the gutter."""

    def __init__(
        self,
        issue: AssembledIssue,
        width: int | None = None,
        warnings: Warnings | None = None,
        *,
        marked: str | None = None,
        problems: Sequence[Problem] | None = None,
        summary: bool = True,
    ) -> None:
        self.issue = issue
        self.problems = list(problems) if problems is not None else None
        self.width = width
        self.warnings: Warnings = warnings or {}
        self.marked = marked
        self.summary = summary
        self.blocks = grid.blocks(issue)
        self.plan = grid.paginate(issue, self.blocks)
        self._pieces = self._join(self.blocks)

    # ------------------------------------------------------------------ model ↔ grid blocks

    def _join(self, blocks: Sequence[Any]) -> list[_Piece]:
        """Grid blocks carry the printed text; the model knows leads, titles and sources."""
        paragraphs = [p for col in self.issue.columns for con in col.contributions for p in con.paragraphs]
        next_paragraph = 0
        column_headings = {col.heading for col in self.issue.columns}
        pieces: list[_Piece] = []
        for b in blocks:
            text = _block_text(b)
            piece = _Piece(kind=b.kind, text=text, starts=tuple(getattr(b, "starts", ()) or ()))
            if b.kind == "paragraph":
                # the next model paragraph printed in this block (a block the model does not
                # know stays unstyled rather than taking a later paragraph's styles)
                k = next(
                    (k for k in range(next_paragraph, len(paragraphs)) if paragraphs[k].text in text), None
                )
                if k is not None:
                    piece.paragraph = paragraphs[k]
                    next_paragraph = k + 1
                    self._style_paragraph(piece, paragraphs[k])
            elif b.kind == "heading" and text not in column_headings:
                piece.kind = "title"  # an article title printed as its own centred block
                self._mark_warnings(piece, text)
            elif b.kind == "note":
                # printed as 编者按：… but linted (and keyed) as the note's own text
                note = next((n for n in self.issue.note if n and text.endswith(n)), text)
                self._mark_warnings(piece, note, len(text) - len(note))
            pieces.append(piece)
        # a centred title belongs to the contribution of the paragraph after it
        for k, piece in enumerate(pieces[:-1]):
            if piece.kind == "title":
                piece.paragraph = pieces[k + 1].paragraph
        return pieces

    def _style_paragraph(self, piece: _Piece, p: Paragraph) -> None:
        text = piece.text
        pos = 0
        if p.lead and text.startswith(p.lead):
            piece.styles.append((0, len(p.lead), STYLE_LEAD))
            pos = len(p.lead)
        if p.title:
            t = text.find(p.title, pos)
            if t >= 0:
                piece.styles.append((t, t + len(p.title), STYLE_TITLE))
                self._mark_warnings(piece, p.title, t)
        at = text.rfind(p.text) if p.text in text else -1
        if at >= 0:
            self._mark_warnings(piece, p.text, at)

    def _mark_warnings(self, piece: _Piece, text: str, offset: int | None = None) -> None:
        if offset is None:
            offset = piece.text.find(text)
            if offset < 0:
                return
        for f in self.warnings.get(text, ()):
            s, e = finding_span(text, f)
            piece.warn_spans.append((offset + s, offset + e))

    # ------------------------------------------------------------------ rendering

    def page_width(self, available: int) -> int:
        """Cells for the text itself: the printed line, or the screen when that is narrower."""
        width = min(available, self.width or available)
        printed = self.issue.layout.chars_per_line * 2
        return max(min(width - GUTTER, printed), MIN_WIDTH - GUTTER)

    def paper_lines(self, available: int) -> bool:
        """Whether every body line as printed (the grid's own line breaks) fits the screen:
        then a screen line is a paper line, page breaks included."""
        room = min(available, self.width or available) - GUTTER
        for piece in self._pieces:
            if piece.kind not in _TEXT_KINDS:
                continue
            if not piece.starts:
                return False
            bounds = [*piece.starts, len(piece.text)]
            for k, (s, e) in enumerate(zip(bounds, bounds[1:])):
                indent = _INDENT if k == 0 and piece.kind != "title" else 0
                if indent + 2 * (e - s) <= room:
                    continue  # fits whatever its characters (none takes more than 2 cells)
                if indent + cell_len(piece.text[s:e].rstrip()) > room:
                    return False
        return True

    def lines(self, available: int) -> list[_Line]:
        """The page as screen lines, with a mark where each new page begins."""
        cw = self.page_width(available)
        paper = self.paper_lines(available)
        breaks: dict[int, set[int]] = defaultdict(set)
        for index, offset in self.plan.breaks:
            breaks[index].add(offset)
        out: list[_Line] = []
        page = 1

        def new_page() -> None:
            nonlocal page
            page += 1
            out.append(_page_mark(page, cw))

        for i, piece in enumerate(self._pieces):
            offsets = sorted(breaks.get(i, ()))
            if piece.kind not in _TEXT_KINDS:
                if offsets:  # masthead, headings and the tail are never split
                    new_page()
                out.extend(self._render_block(piece, cw))
                continue
            if offsets and offsets[0] <= 0:
                new_page()
            cuts = [o for o in offsets if o > 0]
            for n, spans in enumerate(self._segments(piece, cuts, cw, paper)):
                if n:
                    new_page()
                out.extend(self._render_text(piece, spans, first=(n == 0), cw=cw))
        return out

    def _segments(
        self, piece: _Piece, cuts: Sequence[int], cw: int, paper: bool
    ) -> list[list[tuple[int, int]]]:
        """The lines of a text block as spans, grouped by page. ``paper``: the printed lines
        (the grid's), so the page breaks fall between lines; otherwise lines wrapped to the
        screen, each page's part wrapped on its own (it starts a new line on paper too)."""
        text = piece.text
        if paper:
            lines = _spans_from_starts(text, piece.starts)
            at = {_line_of(piece.starts, o) for o in cuts} - {0}
            groups: list[list[tuple[int, int]]] = [[]]
            for k, span in enumerate(lines):
                if k in at:
                    groups.append([])
                groups[-1].append(span)
            return groups
        groups = []
        for n, (s, e) in enumerate(_split_at(text, cuts)):
            indent = _INDENT if n == 0 and piece.kind != "title" else 0
            spans = break_lines(text[s:e], cw, first_width=cw - indent)
            groups.append([(a + s, b + s) for a, b in spans])
        return groups

    def _render_text(
        self, piece: _Piece, spans: list[tuple[int, int]], *, first: bool, cw: int | None = None
    ) -> list[_Line]:
        """Body text lines: indented two characters (4 cells) on the first line, lead and
        titles bold, warnings underlined; a centred title is centred."""
        text = piece.text
        styled = self._styled(piece)
        new = bool(self.marked and piece.paragraph and piece.paragraph.source == self.marked)
        out = []
        trimmed = []
        for s, e in spans:
            while e > s and text[e - 1] in " \t\n":
                e -= 1
            trimmed.append((s, e))
        if piece.kind == "title":
            width = cw if cw is not None else self.issue.layout.chars_per_line * 2
            pads = [max((width - cell_len(styled.plain[s:e])) // 2, 0) for s, e in trimmed]
        else:
            pads = [_INDENT if n == 0 and first else 0 for n in range(len(trimmed))]
        lines = _slice_lines(styled, trimmed, pads)
        for n, (s, e) in enumerate(trimmed):
            line = lines[n]
            warn = any(ws < e and we > s for ws, we in piece.warn_spans)
            out.append(_Line(line, new=new, warn=warn))
        return out

    def _styled(self, piece: _Piece) -> Text:
        """The piece's text with its styles, made once per piece: a paragraph that runs over
        many pages is rendered page by page, and building it again for each page was
        quadratic in its length."""
        cache: dict[int, tuple[_Piece, Text]] = self.__dict__.setdefault("_styled_cache", {})
        hit = cache.get(id(piece))
        if hit is not None and hit[0] is piece:
            return hit[1]
        styled = Text(piece.text)
        if piece.kind == "note":
            styled.stylize(STYLE_NOTE)
        if piece.kind == "title":
            styled.stylize(STYLE_TITLE)
        for s, e, style in piece.styles:
            styled.stylize(style, s, e)
        for s, e in piece.warn_spans:
            styled.stylize(STYLE_WARNING, s, e)
        cache[id(piece)] = (piece, styled)
        return styled

    def _render_block(self, piece: _Piece, cw: int) -> list[_Line]:
        """Masthead, issue line, editor line with the red rule, column headings, the tail."""
        kind, text = piece.kind, piece.text
        issue = self.issue
        if kind == "mark":
            return [_Line(Text(text, style="bold")), _Line(Text(""))]
        if kind == "masthead":
            _, parts = grid.masthead_lines(text, issue.layout)  # the name breaks where the .docx breaks it
            rows = [r for part in parts for r in _wrap_plain(part, cw)]
            return [_Line(_center(t, cw, STYLE_MASTHEAD)) for t in rows]
        if kind == "issue_line":  # with the empty grid row under it
            return [_Line(_center(t, cw)) for t in _wrap_plain(text, cw)] + [_Line(Text(""))]
        if kind == "editor_line":
            left, right = issue.editor, issue.date_text
            if cell_len(left) + cell_len(right) + 2 <= cw:
                pad = cw - cell_len(left) - cell_len(right)
                lines = [_Line(Text(left + " " * pad + right))]
            else:
                lines = [_Line(Text(left)), _Line(Text(" " * (cw - cell_len(right)) + right))]
            return lines + [_Line(Text("━" * cw, style=STYLE_RULE)), _Line(Text(""))]
        if kind == "heading":
            return [
                _Line(Text(" " * (_INDENT if n == 0 else 0) + t, style=STYLE_HEADING))
                for n, t in enumerate(_wrap_plain(text, cw, _INDENT))
            ]
        if kind == "tail":
            return self._render_tail(text, cw)
        return [_Line(Text(t)) for t in _wrap_plain(text, cw)]

    def _render_tail(self, text: str, cw: int) -> list[_Line]:
        """The tail (报尾) between rules: thick first and last, thin between; a wrapped line aligns after
        the colon. One block may hold several tail lines (one per text line)."""
        rows = [r for r in text.split("\n") if r.strip()] or self.issue.tail_lines()
        out = [_Line(Text("")), _Line(Text("━" * cw))]
        for k, row in enumerate(rows):
            if k:
                out.append(_Line(Text("─" * cw)))
            colon = next((i for i, c in enumerate(row) if c in ":\uff1a"), -1)
            hang = 2 + (cell_len(row[: colon + 1]) if 0 <= colon < 6 else 0)
            if hang > cw // 2:
                hang = 2
            for n, (s, e) in enumerate(break_lines(row, cw - hang, first_width=cw - 2)):
                out.append(_Line(Text(" " * (2 if n == 0 else hang) + row[s:e])))
        out.append(_Line(Text("━" * cw)))
        return out

    def header(self) -> Text:
        issue = self.issue
        head = Text()
        head.append(tr("预览", "Preview"), style="bold")
        head.append(f"  {issue.issue_line}  ")
        head.append(tr(f"共{self.plan.pages}页", f"{self.plan.pages} pages"), style="bold")
        if issue.draft:
            head.append(tr("  （草稿）", "  (draft)"), style="yellow")
        return head

    def summary_panel(self, width: int) -> Panel:
        issue = self.issue
        none = tr("无", "none")
        t = Table.grid(padding=(0, 1))
        t.add_column(style="bold", no_wrap=True)
        t.add_column(overflow="fold")
        t.add_row(
            tr("页数", "Pages"),
            tr(f"共{self.plan.pages}页（按每页{issue.layout.lines_per_page}行、每行{issue.layout.chars_per_line}字估算）",
               f"{self.plan.pages} (estimated at {issue.layout.lines_per_page} lines × {issue.layout.chars_per_line} characters)"),
        )
        sources = _sources(issue)
        t.add_row(tr("来稿", "Fragments"), tr(f"{len(sources)}份", str(len(sources))))
        t.add_row(
            tr("未报送", "Not submitted"),
            Text("、".join(issue.missing_teams), style="yellow") if issue.missing_teams else Text(none),
        )
        t.add_row(
            tr("空栏目", "Empty columns"),
            Text("、".join(issue.empty_columns), style="yellow") if issue.empty_columns else Text(none),
        )
        by_file = self.problems_by_file()
        for label, severity, style in (
            (tr("有错误", "Errors"), "error", "red"),
            (tr("有提醒", "Warnings"), "warning", "yellow"),
        ):
            files = {f: ps for f, ps in by_file.items() if any(p.severity == severity for p in ps)}
            if not files and severity == "error":
                continue
            rows = Text()
            for k, (name, ps) in enumerate(files.items()):
                ps = [p for p in ps if p.severity == severity]
                if k:
                    rows.append("\n")
                rows.append(Path(name).name if name else tr("按语", "note"), style=style)
                rows.append(tr(f" {len(ps)}处", f" {len(ps)}"))
                if severity == "warning":  # lint findings are many and alike: count them by rule
                    codes: dict[str, int] = {}
                    for p in ps:
                        if p.code:
                            codes[p.code] = codes.get(p.code, 0) + 1
                    if codes:
                        rows.append(" (" + "、".join(f"{c}×{n}" for c, n in codes.items()) + ")", style="dim")
                    ps = [p for p in ps if not p.code]
                for p in ps[:3]:
                    where = tr(f"第{p.line}行 ", f"line {p.line}: ") if p.line else ""
                    rows.append(f"\n  {where}{p.message}")
                if len(ps) > 3:
                    rows.append(tr(f"\n  ……另有{len(ps) - 3}处", f"\n  … {len(ps) - 3} more"))
            if files:
                hint = tr("（bulletin validate 查看全部）", "(bulletin validate lists them all)")
                if severity == "warning":
                    hint = tr("（bulletin lint 查看全部并修正）", "(bulletin lint shows and fixes them all)")
                    if "" in files:  # lint reads fragments; the 按语 is changed with edit
                        note_hint = tr("（按语用 bulletin edit --note 改正）", "(correct the note with bulletin edit --note)")
                        hint = note_hint if len(files) == 1 else hint + "\n" + note_hint
                rows.append("\n" + hint, style="dim")
                t.add_row(label, rows)
            else:
                t.add_row(label, Text(none))
        if self.marked:
            t.add_row(
                tr("试排来稿", "Previewing"),
                Text.assemble((self.marked, "green"), tr(f"（左侧标 {NEW_MARK}）", f" (marked {NEW_MARK} on the left)")),
            )
        return Panel(t, title=Text(tr("概况", "Summary")), title_align="left", width=width, expand=False)

    def problems_by_file(self) -> dict[str, list[Problem]]:
        """File → its problems, fragments in print order. Without problems from the CLI, the
        lint findings passed in ``warnings`` stand in for them."""
        order = {src: n for n, src in enumerate(_sources(self.issue))}
        # the issue check lints the fragments, not the 按语: its findings always come from here
        notes = [_finding_problem("", 0, f) for text in self.issue.note for f in self.warnings.get(text, ())]
        problems = None if self.problems is None else notes + list(self.problems)
        if problems is None:
            problems = notes
            seen: set[tuple[str, str]] = set()
            for col in self.issue.columns:
                for con in col.contributions:
                    for p in con.paragraphs:
                        for part in (p.title, p.text):
                            if part and (p.source, part) not in seen:
                                seen.add((p.source, part))
                                for f in self.warnings.get(part, ()):
                                    problems.append(_finding_problem(p.source, p.line, f))
        out: dict[str, list[Problem]] = {}
        for p in sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line, p.column)):
            out.setdefault(p.file, []).append(p)
        return out

    def height(self, available: int) -> int:
        """Screen lines the preview takes (to decide on the pager)."""
        console = Console(width=available, color_system=None, file=io.StringIO())
        return len(console.render_lines(self, console.options, pad=False))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        available = options.max_width
        cw = self.page_width(available)
        total = min(available, cw + GUTTER)
        yield self.header()
        yield Text("")
        rows = _RowRenderer(console, available)
        for line in self.lines(available):
            yield from rows.render(line)
        if self.summary:
            yield Text("")
            yield self.summary_panel(total)


class _RowRenderer:
    """The segments of one screen row (gutter + line), exactly those rich would make of the row
    as a ``Text`` (no_wrap, crop, rstrip) printed on its own: the same runs between span
    boundaries, the same combined styles, the newline as its own segment. A page has hundreds
    of rows and going through ``Text.__rich_console__`` for each (split, copy, justify,
    truncate, join) was most of the preview's printing time. A row rich would treat
    differently (a tab or newline in it, wider than the screen) still goes through rich."""

    _NEWLINE = Segment("\n")

    def __init__(self, console: Console, width: int) -> None:
        self.console = console
        self.width = width
        self._styles: dict[Any, Style] = {}
        self._combined: dict[tuple[Any, ...], Style] = {}
        self._null = Style.null()
        self._base = self._style("")

    def _style(self, name: Any) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.console.get_style(name, default=self._null)
        return style

    def render(self, line: _Line) -> Iterable[Any]:
        text = line.text
        body = text.plain
        plain = (NEW_MARK if line.new else " ") + (WARN_MARK if line.warn else " ") + body
        spans: list[tuple[int, int, Any]] = []
        if line.new:
            spans.append((0, 1, STYLE_NEW_MARK))
        if line.warn:
            spans.append((1, 2, STYLE_WARN_MARK))
        if text.style:
            spans.append((GUTTER, GUTTER + len(body), text.style))
        spans.extend((s + GUTTER, e + GUTTER, style) for s, e, style in text.spans)
        stripped = plain.rstrip()
        if len(stripped) < len(plain):
            n = len(stripped)
            spans = [(s, min(e, n), style) for s, e, style in spans if s < n]
            plain = stripped
        if "\n" in plain or "\t" in plain or (2 * len(plain) > self.width and cell_len(plain) > self.width):
            yield self._through_rich(line)
            return
        if not spans:
            yield Segment(plain)
            yield self._NEWLINE
            return
        bounds = sorted({0, len(plain), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        for a, b in zip(bounds, bounds[1:]):
            active = tuple(name for s, e, name in spans if s <= a and e >= b)  # in span order, as rich
            style = self._combined.get(active)
            if style is None:
                style = Style.combine([self._base, *map(self._style, active)])
                self._combined[active] = style
            yield Segment(plain[a:b], style)
        yield self._NEWLINE

    @staticmethod
    def _through_rich(line: _Line) -> Text:
        gutter = Text()
        gutter.append(*((NEW_MARK, STYLE_NEW_MARK) if line.new else (" ",)))
        gutter.append(*((WARN_MARK, STYLE_WARN_MARK) if line.warn else (" ",)))
        row = gutter + line.text
        row.no_wrap = True
        row.overflow = "crop"
        row.rstrip()
        return row


# ---------------------------------------------------------------------------- helpers


def _finding_problem(source: str, line: int, f: Any) -> Problem:
    return Problem(source, f"{f.code} {f.message}".strip(), line, 0, "warning", getattr(f, "code", ""))


def _block_text(block: Any) -> str:
    for name in ("text", "printed"):
        value = getattr(block, name, None)
        if isinstance(value, str):
            return value
    return str(block)


def _slice_lines(styled: Text, lines: Sequence[tuple[int, int]], pads: Sequence[int] | None = None) -> list[Text]:
    """``[Text(" " * pad) + styled[s:e] for (s, e), pad in zip(lines, pads)]`` in time linear
    in the text: rich's slicing divides the whole text on every call, which made a long
    paragraph quadratic (and each ``+`` copies). ``lines`` are in order and do not overlap;
    each style span is handed only to the lines it covers."""
    pads = pads if pads is not None else [0] * len(lines)
    plain, base = styled.plain, styled.style
    out = [Text(" " * pad + plain[s:e]) for (s, e), pad in zip(lines, pads)]
    if base:  # what Text + Text does with the right-hand text's own style
        for line, (s, e), pad in zip(out, lines, pads):
            if e > s:
                line.spans.append(Span(pad, pad + e - s, base))
    starts = [s for s, _ in lines]
    for span in styled.spans:
        k = max(bisect.bisect_right(starts, span.start) - 1, 0)
        while k < len(lines) and lines[k][0] < span.end:
            s, e = lines[k]
            a, b = max(span.start, s), min(span.end, e)
            if a < b:
                pad = pads[k]
                out[k].spans.append(Span(a - s + pad, b - s + pad, span.style))
            k += 1
    return out


def _split_at(text: str, offsets: Sequence[int]) -> list[tuple[int, int]]:
    """Segments of ``text`` between page breaks. A break never puts a closing mark at the top
    of a page: it moves back to the character before, as the line breaker would."""
    cuts: list[int] = []
    for o in sorted(offsets):
        while 0 < o < len(text) and text[o] in CLOSING:
            o -= 1
        if 0 < o < len(text) and (not cuts or o > cuts[-1]):
            cuts.append(o)
    bounds = [0, *cuts, len(text)]
    return list(zip(bounds, bounds[1:]))


def _page_mark(page: int, cw: int) -> _Line:
    mark = tr(f"—— 第{page}页 ——", f"—— page {page} ——")
    return _Line(_center(mark, cw, STYLE_PAGE), page_mark=True)


def _center(text: str, cw: int, style: str = "") -> Text:
    pad = max((cw - cell_len(text)) // 2, 0)
    out = Text(" " * pad)
    out.append(text, style=style)
    return out


def _wrap_plain(text: str, cw: int, indent: int = 0) -> list[str]:
    return [text[s:e] for s, e in break_lines(text, cw, first_width=cw - indent)]


def _spans_from_starts(text: str, starts: Sequence[int]) -> list[tuple[int, int]]:
    bounds = [*starts, len(text)]
    return list(zip(bounds, bounds[1:]))


def _line_of(starts: Sequence[int], offset: int) -> int:
    """The printed line a page break falls on (the line that starts the new page)."""
    k = 0
    for n, s in enumerate(starts):
        if s <= offset:
            k = n
    return k


def _sources(issue: AssembledIssue) -> list[str]:
    seen: dict[str, None] = {}
    for col in issue.columns:
        for con in col.contributions:
            for p in con.paragraphs:
                if p.source:
                    seen.setdefault(p.source, None)
    return list(seen)


def render_text(
    issue: AssembledIssue,
    width: int = 80,
    warnings: Warnings | None = None,
    *,
    marked: str | None = None,
) -> str:
    """The preview as plain text (for tests and for piping)."""
    console = Console(record=True, width=width, color_system=None, force_terminal=False, file=io.StringIO())
    console.print(IssuePreview(issue, width, warnings, marked=marked))
    return console.export_text()



__all__ = ["IssuePreview", "lint_warnings", "render_text", "finding_span"]

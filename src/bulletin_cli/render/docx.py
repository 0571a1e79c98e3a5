"""The official layout of a bulletin as a .docx (GB/T 9704-2012 and 简报 convention).

Reads an ``AssembledIssue`` and speaks in domain terms — masthead, column heading,
contribution, lead, tail; every raw XML element comes from ``ooxml.py`` and every number from
``issue.layout`` via ``grid.geometry`` (the same numbers the page estimate uses).

Why the page is built this way (it must mean the same in Word, WPS and LibreOffice 7.4):
- Line grid ``w:docGrid w:type="lines" w:linePitch="579"`` and *exact* line spacing 579 twips
  on every body paragraph: 22 rows of 28.95 pt fill the 225 mm type area. Exact spacing alone
  would do in Word; the grid keeps WPS/Word's "snap to grid" from rounding lines to other
  pitches. 580 leaves LibreOffice room for only 21 rows.
- No character grid. Word's usual ``linesAndChars`` with ``charSpace="-849"`` squeezes each
  cell to 15.79 pt in Word, but LibreOffice puts a 16 pt character into two cells (14–20 a
  line). Instead every 三号 run carries ``w:spacing w:val="-5"`` (−0.25 pt): 28 × 15.75 pt =
  441 pt fits the 442.2 pt line in all three renderers, and justification fills the rest.
- Big titles (the masthead name, article titles) set ``w:snapToGrid w:val="0"`` and their own
  exact line height, so a 36 pt line takes exactly the rows we count instead of being rounded
  up by the grid.
- All four ``w:rFonts`` slots name the Chinese font on Chinese text (LibreOffice ignores
  ``w:hint``, so “quotes” would fall to the Latin font); runs of ASCII use the Latin font
  (Times New Roman) in the Latin slots and the Chinese font in the East Asian slot.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.shared import Twips

from ..fsutil import atomic_write_bytes
from ..model import AssembledIssue, Layout
from . import grid, ooxml

__all__ = ["build_document", "write_docx", "document_bytes"]

# ``w:overflowPunct`` is written explicitly as 1 (Word's own default: a comma or full stop
# after a full line may hang into the margin). LibreOffice 7.4 reads this attribute inverted:
# 1 turns hanging punctuation *off* there, 0 or no attribute turns it on — and LibreOffice's
# hanging is broken: when the mark starts just inside the right edge it is not printed at all
# (a lost 。 or 、, measured). So with 1, Word/WPS keep their usual behaviour and LibreOffice
# moves the character before the mark down to the next line (避头尾 by push-in), losing
# nothing. grid.py models LibreOffice; Word may set the odd line one character longer.
OVERFLOW_PUNCT = True


def write_docx(issue: AssembledIssue, path: Path) -> None:
    """Build the document in memory, then replace ``path`` atomically. OSError propagates
    (e.g. PermissionError when the file is open in Word); the CLI words it."""
    atomic_write_bytes(Path(path), document_bytes(issue))


def document_bytes(issue: AssembledIssue) -> bytes:
    import io

    buf = io.BytesIO()
    build_document(issue).save(buf)
    return buf.getvalue()


def build_document(issue: AssembledIssue) -> DocumentObject:
    doc = Document()
    r = _Renderer(issue, doc)
    r.page()
    r.styles()
    r.footers()
    r.masthead()
    r.note()
    r.columns()
    r.flush()
    r.tail()
    r.properties()
    return doc


# ---------------------------------------------------------------- text runs


_SEGMENT = re.compile(r"[\x00-\x7e]+|[^\x00-\x7e]+")


def _segments(text: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_ascii) runs: ASCII takes the Latin font, the rest the
    Chinese font in every slot."""
    return [(m, m[0] < "\x7f") for m in _SEGMENT.findall(text)]


class _Renderer:
    def __init__(self, issue: AssembledIssue, doc: DocumentObject) -> None:
        self.issue = issue
        self.doc = doc
        self.layout: Layout = issue.layout
        self.g = grid.geometry(issue.layout)
        self.body = doc.element.body
        self.sect = self.body.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"
        )
        self.fonts_used: list[str] = []
        self.pending: list[ooxml.ParagraphXml] = []
        self._ppr_cache: dict[tuple[Any, ...], str] = {}

    # -- helpers

    @property
    def pitch(self) -> int:
        return self.g.line_pitch

    def rpr(self, font: str, *, ascii_: bool = False, size: float | None = None,
            bold: bool = False, color: str | None = None, spacing: int | None = None,
            snap: bool | None = None) -> str:
        """The ``w:rPr`` text for a run (cached: a body has only a handful of kinds)."""
        return _cached_rpr(font, self.layout.latin_font if ascii_ else None, size, bold, color,
                           spacing, snap)

    def ppr(self, **kw: Any) -> str:
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kw.items()))
        cached = self._ppr_cache.get(key)
        if cached is None:
            cached = self._ppr_cache[key] = ooxml.element_xml(ooxml.paragraph_properties(**kw))
        return cached

    def runs(self, p: ooxml.ParagraphXml, text: str, font: str, **kw: Any) -> None:
        """Append ``text`` to paragraph ``p``: Chinese runs with ``font`` in every slot, ASCII
        runs with the Latin font in the Latin slots."""
        if font not in self.fonts_used:
            self.fonts_used.append(font)
        for piece, is_ascii in _segments(text):
            p.run(piece, self.rpr(font, ascii_=is_ascii, **kw))

    def add(self, **ppr: Any) -> ooxml.ParagraphXml:
        """A new paragraph at the end of the body (written out by ``flush``)."""
        p = ooxml.ParagraphXml(self.ppr(**ppr))
        self.pending.append(p)
        return p

    def flush(self) -> None:
        ooxml.insert_body_xml(self.doc, (p.xml() for p in self.pending))
        self.pending.clear()

    def body_ppr(self, **kw: Any) -> dict[str, Any]:
        """Body paragraph: exact one row, justified, first line two characters in (chars for
        Word/WPS, twips for renderers that ignore ``firstLineChars``)."""
        args: dict[str, Any] = dict(
            overflow_punct=OVERFLOW_PUNCT,
            line_exact=self.pitch,
            first_line_chars=200,
            first_line=round(2 * self.layout.body_size_pt * 20),
            jc="both",
        )
        args.update(kw)
        return args

    # -- page, styles, settings

    def page(self) -> None:
        g, L = self.g, self.layout
        s = self.doc.sections[0]
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Twips(g.page_width), Twips(g.page_height)
        s.top_margin, s.bottom_margin = Twips(g.margin_top), Twips(g.margin_bottom)
        s.left_margin, s.right_margin = Twips(g.margin_left), Twips(g.margin_right)
        s.gutter = Twips(0)
        s.header_distance = Twips(grid.mm_to_twips(L.header_distance_mm))
        # The footer distance is measured from the page edge up to the foot of the footer
        # paragraph, whose exact height is page_number_line(): its top — the top of `— N —` —
        # then sits page_number_gap_mm under the type area (GB/T 9704 §7.5: 7 mm).
        s.footer_distance = Twips(
            g.margin_bottom - grid.mm_to_twips(L.page_number_gap_mm) - page_number_line(L)
        )
        ooxml.set_doc_grid(self.sect, g.line_pitch)

    def styles(self) -> None:
        L, g = self.layout, self.g
        styles = self.doc.styles
        ooxml.set_document_defaults(
            styles.element, font=L.body_font, latin=L.latin_font, size_pt=L.body_size_pt,
            spacing=g.char_spacing,
        )
        # Normal: the body font, one exact row a line, justified. The first-line indent is
        # on each body paragraph, not here: an inherited firstLineChars would override the
        # hanging indents of the tail in Word.
        ooxml.set_style_properties(
            styles["Normal"],
            ooxml.paragraph_properties(widow_control=False, overflow_punct=OVERFLOW_PUNCT, after=0,
                                       before=0, line_exact=self.pitch, jc="both"),
            ooxml.run_properties(font=L.body_font, size_pt=L.body_size_pt,
                                 spacing=g.char_spacing, zh_cn=True),
        )
        for name in ("Header", "Footer"):
            ooxml.set_style_properties(
                styles[name],
                ooxml.paragraph_properties(snap_to_grid=False, after=0, before=0),
                ooxml.run_properties(font=L.song_font, size_pt=L.page_number_size_pt, zh_cn=True),
            )
        settings = self.doc.settings.element
        ooxml.set_theme_font_lang(settings, "zh-CN")
        ooxml.set_character_spacing_control(settings, "doNotCompress")
        self.doc.settings.odd_and_even_pages_header_footer = True
        ooxml.set_even_and_odd_headers(settings)  # no-op when python-docx already wrote it

    def footers(self) -> None:
        """``— N —`` in 四号宋体: odd pages right, even pages left, one character in. With
        ``issue.draft`` every page (odd and even) also carries the draft stamp in its header."""
        L = self.layout
        s = self.doc.sections[0]
        one_char = round(L.page_number_size_pt * 20)
        line = page_number_line(L)
        for footer, side in ((s.footer, "right"), (s.even_page_footer, "left")):
            ooxml.fill_header_footer(footer, [ooxml.page_number_paragraph(
                side=side, font=L.song_font, size_pt=L.page_number_size_pt, indent=one_char,
                line_exact=line)])
        self._used(L.song_font)
        if self.issue.draft:
            for header in (s.header, s.even_page_header):
                p = ooxml.make_paragraph(ooxml.paragraph_properties(
                    snap_to_grid=False, line_exact=round(L.body_size_pt * 20 * 1.25),
                    first_line=0, jc="right"))
                for piece, is_ascii in _segments(L.draft_stamp):
                    p.append(ooxml.make_run(piece, _cached_rpr_el(
                        L.heading_font, L.latin_font if is_ascii else None, L.body_size_pt,
                        False, "808080", None, None)))
                ooxml.fill_header_footer(header, [p])
            self._used(L.heading_font)

    def _used(self, font: str) -> None:
        if font not in self.fonts_used:
            self.fonts_used.append(font)

    # -- masthead

    def masthead(self) -> None:
        """Top of page 1: [mark], empty rows, the red name (one or two lines, two rows each),
        the issue line, an empty row, editor left and date right above the red rule. Row
        counts come from ``grid.masthead_rows`` so the estimate agrees."""
        issue, L, pitch = self.issue, self.layout, self.pitch
        rows = grid.masthead_rows(issue)
        flush = dict(first_line_chars=0, first_line=0, jc="left")
        blank = rows["before"]
        if issue.mark:
            p = self.add(**self.body_ppr(**flush))
            self.runs(p, issue.mark, L.heading_font)
            blank -= 1
        for _ in range(blank):
            self.add(**self.body_ppr(**flush))
        size, parts = grid.masthead_lines(issue.title, L)
        p = self.add(snap_to_grid=False, line_exact=rows["name_line"] * pitch,
                     first_line_chars=0, first_line=0, jc="center")
        for k, part in enumerate(parts):
            if k:
                p.line_break()
            self.runs(p, part, L.title_font, size=size, color=L.masthead_color, spacing=0,
                      snap=False)
        p = self.add(**self.body_ppr(first_line_chars=0, first_line=0, jc="center"))
        self.runs(p, issue.issue_line, L.kai_font)
        for _ in range(rows["gap"]):
            self.add(**self.body_ppr(**flush))
        # Editor and date on one row; the rule is the paragraph's bottom border, and the space
        # after it completes the paragraph to a whole number of rows.
        gap = round(L.masthead_rule_gap_pt * 20)
        rule = round(L.masthead_rule_pt * 20)
        after = rows["editor_line"] * pitch - pitch - gap - rule
        p = self.add(
            border_bottom=(L.masthead_color, round(L.masthead_rule_pt * 8),
                           round(L.masthead_rule_gap_pt)),
            tabs=[("right", self.g.text_width)], line_exact=pitch, after=max(after, 0),
            first_line_chars=0, first_line=0, jc="left")
        self.runs(p, issue.editor, L.body_font)
        p.tab(self.rpr(L.body_font))
        self.runs(p, issue.date_text, L.body_font)

    # -- body

    def note(self) -> None:
        """按语 in 楷体, laid out like body text."""
        for text in self.issue.note:
            p = self.add(**self.body_ppr())
            self.runs(p, text, self.layout.kai_font)

    def columns(self) -> None:
        L = self.layout
        for col in self.issue.columns:
            # 【栏目】: level-1 style (黑体), kept with the first line that follows it
            p = self.add(**self.body_ppr(keep_next=True, jc="left"))
            self.runs(p, col.heading, L.heading_font)
            for con in col.contributions:
                for para in con.paragraphs:
                    self.paragraph(para.lead, para.title, para.text)

    def paragraph(self, lead: str, title: str, text: str) -> None:
        """A contribution paragraph: run-in lead (黑体) on the first paragraph only, then the
        title run-in in bold or as a centred 小标宋 heading, then the text."""
        L = self.layout
        if title and L.item_title_style == "heading":
            p = self.add(keep_next=True, snap_to_grid=False, line_exact=self.pitch,
                         first_line_chars=0, first_line=0, jc="center")
            self.runs(p, title, L.title_font, size=L.item_title_size_pt, spacing=0)
            title = ""
        p = self.add(**self.body_ppr())
        if lead:
            self.runs(p, lead, L.heading_font)
        if title:
            self.runs(p, title + grid.title_sep(title), L.body_font, bold=True)
        self.runs(p, text, L.body_font)

    # -- tail

    def tail(self) -> None:
        """报尾 at the foot of the last page: a one-column table anchored to the bottom of the
        type area, one row per line (报/送/发, 共印N份, 责任编辑), 四号仿宋 one character in,
        wrapped lines hanging after the colon."""
        L, issue = self.layout, self.issue
        lines = issue.tail_lines()
        if not lines:
            return
        size = L.tail_size_pt
        one = round(size * 20)
        rows = []
        for line in lines:
            hang = round(grid.display_width(line[: grid.tail_label_len(line)]) * size * 20)
            p = ooxml.ParagraphXml(self.ppr(
                snap_to_grid=False, line_exact=self.pitch, left=one + hang, right=one,
                hanging=hang, jc="left"))
            self.runs(p, line, L.body_font, size=size, spacing=0)
            rows.append([ooxml.paragraph_element(p)])
        tbl = ooxml.tail_table(rows, width=self.g.text_width,
                               outer_sz=round(L.tail_rule_thick_pt * 8),
                               inner_sz=round(L.tail_rule_thin_pt * 8), floating=True,
                               page_x=self.g.margin_left)
        self.sect.addprevious(tbl)
        # the anchor paragraph a document may not end without after a table: as small as a
        # paragraph can be, so it never adds a row of its own
        self.add(snap_to_grid=False, line_exact=grid.ANCHOR_TWIPS, first_line_chars=0,
                 first_line=0)
        self.flush()

    # -- package

    def properties(self) -> None:
        issue = self.issue
        cp = self.doc.core_properties
        cp.title = f"{issue.title} {issue.issue_line.split('(')[0]}"
        cp.author = issue.editor
        cp.last_modified_by = issue.editor
        when = dt.datetime.combine(issue.date, dt.time(9, 0))
        cp.created = when
        cp.modified = when
        cp.revision = 1
        cp.language = "zh-CN"
        cp.subject = issue.title
        cp.keywords = "简报"
        cp.comments = ""
        L = self.layout
        for f in (L.body_font, L.heading_font, L.kai_font, L.title_font, L.song_font):
            self._used(f)
        ooxml.replace_font_table(self.doc, self.fonts_used, L.latin_font)
        ooxml.drop_template_thumbnail(self.doc)
        ooxml.drop_unused_template_parts(self.doc)


def page_number_line(layout: Layout) -> int:
    """Exact height (twips) of the page number paragraph: 1.25 × its size."""
    return round(layout.page_number_size_pt * 20 * 1.25)


@lru_cache(maxsize=256)
def _cached_rpr_el(font: str, latin: str | None, size: float | None, bold: bool,
                   color: str | None, spacing: int | None, snap: bool | None) -> Any:
    return ooxml.run_properties(font=font, latin=latin, size_pt=size, bold=bold, color=color,
                                spacing=spacing, snap_to_grid=snap)


@lru_cache(maxsize=256)
def _cached_rpr(font: str, latin: str | None, size: float | None, bold: bool,
                color: str | None, spacing: int | None, snap: bool | None) -> str:
    return ooxml.element_xml(_cached_rpr_el(font, latin, size, bold, color, spacing, snap))

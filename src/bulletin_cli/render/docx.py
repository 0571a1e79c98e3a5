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
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.shared import Twips

from ..fsutil import atomic_write_bytes
from ..model import AssembledIssue, Layout
from . import grid, ooxml
from .fontcheck import holds_gb2312, in_gb2312, may_lack_characters, needs_fallback

__all__ = ["build_document", "write_docx", "document_bytes"]

# One line-breaking behaviour everywhere: no hanging punctuation (push-in 避头尾).
# - Word and WPS read ``w:overflowPunct`` as ISO/IEC 29500-1 §17.3.1.21 says: 1 (also the
#   default when absent) lets a comma or full stop after a full line hang past the right
#   margin; with 0 "the line would now break" before it, i.e. the character before the mark
#   moves down with it — what grid.py and the preview model. The file says 0.
# - LibreOffice (every version from 7.x to the current tree, writerfilter DomainMapper:
#   ``PROP_PARA_IS_HANGING_PUNCTUATION = (value == 0)``) reads it inverted, and its hanging
#   drops marks at the line end. Measured here with 7.4 on the richer example (8 pages):
#   0 or no attribute printed 139 ，55 。57 、 — 4 ，1 。2 、 lost; 1 printed all 143/56/59.
#   render/pdf.py therefore converts a copy with the value flipped to 1, which LibreOffice
#   reads as "no hanging": the PDF, the page estimate and Word/WPS break the same lines.
#   A clerk who opens the .docx itself in LibreOffice gets its hanging (and its lost marks);
#   no single value means "no hanging" to both readers, and Word/WPS are what most use.
OVERFLOW_PUNCT = False

# Style ids (ASCII, stable for tests and merging) and the Chinese names Word/WPS show.
# Normal is the body text: Chinese Word and WPS display it as 正文.
NORMAL = "Normal"
STYLES: dict[str, str] = {
    "BulletinMark": "版头标记",
    "BulletinName": "报头名称",
    "BulletinIssueNo": "期号",
    "BulletinEditorLine": "编发行",
    "BulletinNote": "按语",
    "BulletinColumnHeading": "栏目标题",
    "BulletinArticleTitle": "文章标题",
    "BulletinTail": "版记",
    "BulletinLead": "单位引导语",
    "BulletinRunInTitle": "小标题",
    "BulletinNoteLabel": "编者按",
}
CHARACTER_STYLES = {"BulletinLead", "BulletinRunInTitle", "BulletinNoteLabel"}


def write_docx(issue: AssembledIssue, path: Path, plan: grid.Plan | None = None) -> None:
    """Build the document in memory, then replace ``path`` atomically. OSError propagates
    (e.g. PermissionError when the file is open in Word); the CLI words it. ``plan``: the
    page estimate (``grid.paginate(issue)``) when the caller has it already."""
    atomic_write_bytes(Path(path), document_bytes(issue, plan))


def document_bytes(issue: AssembledIssue, plan: grid.Plan | None = None) -> bytes:
    import io

    buf = io.BytesIO()
    build_document(issue, plan).save(buf)
    return buf.getvalue()


def build_document(issue: AssembledIssue, plan: grid.Plan | None = None) -> DocumentObject:
    doc = ooxml.new_document()
    r = _Renderer(issue, doc, plan)
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


def _segments(text: str, font: str = "", layout: Layout | None = None) -> list[tuple[str, str | None]]:
    """Split text into (piece, font) runs: ASCII gets the Latin font (in the Latin slots),
    characters ``font`` cannot print (fontcheck.needs_fallback) the layout's rare-character
    font, everything else None (the paragraph or character style's font)."""
    out: list[tuple[str, str | None]] = []
    for m in _SEGMENT.findall(text):
        if m[0] < "\x7f":
            out.append((m, LATIN))
            continue
        if layout is None or _prints_all(m, font) or not may_lack_characters(font):
            out.append((m, None))
            continue
        buf, cur = "", None
        for ch in m:
            f = None
            if needs_fallback(ch, font):
                f = layout.rare_char_font_ext if ord(ch) > 0xFFFF else layout.rare_char_font
            if f != cur and buf:
                out.append((buf, cur))
                buf = ""
            buf, cur = buf + ch, f
        if buf:
            out.append((buf, cur))
    return out


LATIN = "\x00latin"  # marker in _segments: the layout's Latin font


def _prints_all(text: str, font: str) -> bool:
    """``needs_fallback`` is false for every character of ``text`` without asking fontconfig:
    ``font`` holds GB2312 and ``text`` stays inside it (one encode for the usual case)."""
    if not holds_gb2312(font):
        return False
    try:
        text.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return all(ch.isspace() or in_gb2312(ch) for ch in text)


class _Renderer:
    def __init__(self, issue: AssembledIssue, doc: DocumentObject,
                 plan: grid.Plan | None = None) -> None:
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
        self._plan: grid.Plan | None = plan

    # -- helpers

    @property
    def pitch(self) -> int:
        return self.g.line_pitch

    def ppr(self, **kw: Any) -> str:
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kw.items()))
        cached = self._ppr_cache.get(key)
        if cached is None:
            cached = self._ppr_cache[key] = ooxml.element_xml(ooxml.paragraph_properties(**kw))
        return cached

    def runs(self, p: ooxml.ParagraphXml, text: str, font: str, char_style: str | None = None) -> None:
        """Append ``text`` to paragraph ``p`` whose style (or ``char_style``) sets ``font``:
        plain runs carry at most the character style; ASCII runs add the Latin font in the
        Latin slots; characters ``font`` lacks are set in the rare-character font."""
        self._used(font)
        for piece, f in _segments(text, font, self.layout):
            if f is LATIN:
                rpr = _cached_rpr(font, self.layout.latin_font, char_style)
            elif f is not None:
                self._used(f)
                rpr = _cached_rpr(f, None, char_style)
            else:
                rpr = _cached_rpr(None, None, char_style)
            p.run(piece, rpr)

    def add(self, style: str = NORMAL, **ppr: Any) -> ooxml.ParagraphXml:
        """A new paragraph of ``style`` at the end of the body (written out by ``flush``);
        ``ppr`` only for what differs from the style."""
        p = ooxml.ParagraphXml(self.ppr(style=style if style != NORMAL else None, **ppr))
        self.pending.append(p)
        return p

    def flush(self) -> None:
        ooxml.insert_body_xml(self.doc, (p.xml() for p in self.pending))
        self.pending.clear()

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
        s.footer_distance = Twips(footer_distance(L, g.margin_bottom))
        ooxml.set_doc_grid(self.sect, g.line_pitch)

    def styles(self) -> None:
        """docDefaults, Normal (正文) and one named style per element. Everything that makes a
        paragraph what it is — font, indent, grid row, keep-with-next, outline level, the red
        rule — lives in its style, so Word/WPS keep it when a clerk edits: Enter gives the
        style's next style (栏目标题 → 正文, 编发行 → 正文 without the rule), "clear
        formatting" returns to the style, and the navigation pane lists the column headings
        (outline level 1) and article titles (level 2)."""
        L, g = self.layout, self.g
        st = self.doc.styles
        el = st.element
        pitch = self.pitch
        ooxml.set_document_defaults(
            el, font=L.body_font, latin=L.latin_font, size_pt=L.body_size_pt,
            spacing=g.char_spacing, overflow_punct=OVERFLOW_PUNCT,
        )
        # 正文: the body font, one exact row a line, justified, first line two characters in
        # (chars for Word/WPS, twips for renderers that ignore firstLineChars).
        ooxml.set_style_properties(
            st["Normal"],
            ooxml.paragraph_properties(widow_control=False, overflow_punct=OVERFLOW_PUNCT, after=0,
                                       before=0, line_exact=pitch, first_line_chars=200,
                                       first_line=self.indent, jc="both"),
            ooxml.run_properties(font=L.body_font, size_pt=L.body_size_pt,
                                 spacing=g.char_spacing, zh_cn=True),
        )
        ooxml.set_style_aliases(st["Normal"], "正文")
        flush = dict(first_line_chars=0, first_line=0)
        rows = grid.masthead_rows(self.issue)
        size, _parts = grid.masthead_lines(self.issue.title, L)
        gap = round(L.masthead_rule_gap_pt * 20)
        rule = round(L.masthead_rule_pt * 20)
        after = max(rows["editor_line"] * pitch - pitch - gap - rule, 0)

        def para(sid: str, nxt: str, ppr: dict[str, Any], font: str | None = None,
                 **rpr: Any) -> None:
            ooxml.add_style(el, style_id=sid, name=STYLES[sid], next_style=nxt,
                            ppr=ooxml.paragraph_properties(**ppr),
                            rpr=ooxml.run_properties(font=font, **rpr) if (font or rpr) else None)

        para("BulletinMark", NORMAL, dict(**flush, jc="left"), L.heading_font)
        para("BulletinName", "BulletinIssueNo",
             dict(snap_to_grid=False, line_exact=rows["name_line"] * pitch, **flush, jc="center"),
             L.title_font, size_pt=size, color=L.masthead_color, spacing=0, snap_to_grid=False)
        para("BulletinIssueNo", NORMAL, dict(**flush, jc="center"), L.kai_font)
        # The red rule is the bottom border of the editor/date line, in the style: the next
        # paragraph is 正文, which has no border, so Enter here never copies the rule.
        para("BulletinEditorLine", NORMAL,
             dict(border_bottom=(L.masthead_color, round(L.masthead_rule_pt * 8),
                                 round(L.masthead_rule_gap_pt)),
                  tabs=[("right", g.text_width)], after=after, **flush, jc="left"))
        para("BulletinNote", "BulletinNote", {}, L.kai_font)
        para("BulletinColumnHeading", NORMAL, dict(keep_next=True, jc="left", outline_level=0),
             L.heading_font)
        para("BulletinArticleTitle", NORMAL,
             dict(keep_next=True, snap_to_grid=False, **flush, jc="center", outline_level=1),
             L.title_font, size_pt=L.item_title_size_pt, spacing=0)
        # 版记 is based on no style: Normal's firstLineChars would compete with the hanging
        # indent each tail line carries (in Word, a *Chars indent wins over twips).
        one = round(L.tail_size_pt * 20)
        ooxml.add_style(el, style_id="BulletinTail", name=STYLES["BulletinTail"], based_on=None,
                        next_style="BulletinTail",
                        ppr=ooxml.paragraph_properties(
                            widow_control=False, overflow_punct=OVERFLOW_PUNCT,
                            snap_to_grid=False, before=0, after=0, line_exact=pitch, left=one,
                            right=one, jc="left"),
                        rpr=ooxml.run_properties(font=L.body_font, size_pt=L.tail_size_pt,
                                                 spacing=0, zh_cn=True))
        for sid, font, bold in (("BulletinLead", L.heading_font, False),
                                ("BulletinRunInTitle", None, True),
                                ("BulletinNoteLabel", L.heading_font, False)):
            ooxml.add_style(el, style_id=sid, name=STYLES[sid], kind="character",
                            based_on="DefaultParagraphFont",
                            rpr=ooxml.run_properties(font=font, bold=bold))
        for name in ("Header", "Footer"):
            ooxml.set_style_properties(
                st[name],
                ooxml.paragraph_properties(snap_to_grid=False, after=0, before=0, **flush),
                ooxml.run_properties(font=L.song_font, size_pt=L.page_number_size_pt, zh_cn=True),
            )
        settings = self.doc.settings.element
        ooxml.set_theme_font_lang(settings, "zh-CN")
        ooxml.set_character_spacing_control(settings, "doNotCompress")
        ooxml.set_compatibility_mode(settings, 15)
        ooxml.set_zoom(settings, 100)
        ooxml.set_doc_id(settings, f"{secrets.randbits(31):08X}")
        self.doc.settings.odd_and_even_pages_header_footer = True
        ooxml.set_even_and_odd_headers(settings)  # no-op when python-docx already wrote it

    @property
    def plan(self) -> grid.Plan:
        """The page estimate (computed once): page count for app.xml, even-page tail breaks."""
        if self._plan is None:
            self._plan = grid.paginate(self.issue)
        return self._plan

    @property
    def indent(self) -> int:
        return round(2 * self.layout.body_size_pt * 20)

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
                for piece, f in _segments(L.draft_stamp):
                    p.append(ooxml.make_run(piece, _cached_rpr_el(
                        L.heading_font, L.latin_font if f is LATIN else None, None,
                        L.body_size_pt, "808080")))
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
        issue, L = self.issue, self.layout
        rows = grid.masthead_rows(issue)
        blank = rows["before"]
        if issue.mark:
            p = self.add("BulletinMark")
            self.runs(p, issue.mark, L.heading_font)
            blank -= 1
        for _ in range(blank):
            self.add("BulletinMark")
        _size, parts = grid.masthead_lines(issue.title, L)
        p = self.add("BulletinName")
        for k, part in enumerate(parts):
            if k:
                p.line_break()
            self.runs(p, part, L.title_font)
        p = self.add("BulletinIssueNo")
        self.runs(p, issue.issue_line, L.kai_font)
        for _ in range(rows["gap"]):
            self.add("BulletinMark")
        # Editor and date on one row; the rule is the style's bottom border, and the style's
        # space after completes the paragraph to a whole number of rows.
        p = self.add("BulletinEditorLine")
        self.runs(p, issue.editor, L.body_font)
        p.tab(_cached_rpr(None, None, None))
        self.runs(p, issue.date_text, L.body_font)

    # -- body

    def note(self) -> None:
        """按语 in 楷体, laid out like body text, the first paragraph led by 编者按："""
        L = self.layout
        for k, text in enumerate(self.issue.note):
            p = self.add("BulletinNote")
            label = grid.note_label(self.issue) if k == 0 else ""
            if label:
                self.runs(p, label, L.heading_font, "BulletinNoteLabel")
            self.runs(p, text, L.kai_font)

    def columns(self) -> None:
        L = self.layout
        for col in self.issue.columns:
            # 【栏目】: level-1 style (黑体), kept with the first line that follows it
            p = self.add("BulletinColumnHeading")
            self.runs(p, col.heading, L.heading_font)
            for con in col.contributions:
                for para in con.paragraphs:
                    self.paragraph(para.lead, para.title, para.text)

    def paragraph(self, lead: str, title: str, text: str) -> None:
        """A contribution paragraph: run-in lead (黑体) on the first paragraph only, then the
        title run-in in bold or as a centred 小标宋 heading, then the text."""
        L = self.layout
        if title and L.item_title_style == "heading":
            p = self.add("BulletinArticleTitle")
            self.runs(p, title, L.title_font)
            title = ""
        p = self.add()
        if lead:
            self.runs(p, lead, L.heading_font, "BulletinLead")
        if title:
            self.runs(p, title + grid.title_sep(title), L.body_font, "BulletinRunInTitle")
        self.runs(p, text, L.body_font)

    # -- tail

    def tail(self) -> None:
        """报尾 at the foot of the last page: a one-column table anchored to the bottom of the
        type area, one row per line (报/送/发, then 责任编辑 left and （共印N份） right),
        四号仿宋 one character in, wrapped lines hanging after the colon."""
        L, issue = self.layout, self.issue
        texts = grid.tail_texts(issue)
        if not texts:
            return
        size = L.tail_size_pt
        one = round(size * 20)
        rows = []
        for line, right in texts:
            hang = round(grid.display_width(line[: grid.tail_label_len(line)]) * size * 20)
            tabs = [("right", self.g.text_width - one)] if right else []
            p = ooxml.ParagraphXml(self.ppr(style="BulletinTail", tabs=tabs, line_exact=self.pitch,
                                            left=one + hang, right=one, hanging=hang))
            self.runs(p, line, L.body_font)
            if right:
                p.tab(_cached_rpr(None, None, None))
                self.runs(p, right, L.body_font)
            rows.append([ooxml.paragraph_element(p)])
        tbl = ooxml.tail_table(rows, width=self.g.text_width,
                               outer_sz=round(L.tail_rule_thick_pt * 8),
                               inner_sz=round(L.tail_rule_thin_pt * 8), floating=True,
                               page_x=self.g.margin_left)
        breaks = self.plan.tail_breaks if L.tail_on_even_page else 0
        if breaks == 2:
            self.blank_page_before_tail()
        self.flush()
        self.sect.addprevious(tbl)
        # The paragraph a document may not end without after a table, which the floating
        # table is anchored to: a 正文 paragraph one em high (grid.anchor_twips), so what a
        # clerk types after Ctrl+End is body text and visible. With ``tail_on_even_page``
        # it starts a new page when the estimate puts the tail on an odd one.
        self.add(page_break_before=breaks > 0, snap_to_grid=False,
                 line_exact=grid.anchor_twips(L))
        self.flush()

    def blank_page_before_tail(self) -> None:
        """An empty odd page before the tail's even one, and neither page numbered: GB/T
        9704-2012 §7.5, 公文的版记页前有空白页的，空白页和版记页均不编排页码. (A tail that
        only moves to the back of its last text page keeps its number: no blank page precedes
        it.) A section break after the last text paragraph starts the blank page; the new
        section has the same page, margins and grid (a copy of the section properties), empty
        odd and even footers, and inherits the headers, so the draft stamp stays on every
        page. No title page footer: the document sets no ``w:titlePg``."""
        ooxml.end_section_at(self.sect.getprevious(), self.sect)
        last = self.doc.sections[-1]
        for footer in (last.footer, last.even_page_footer):
            footer.is_linked_to_previous = False  # a footer part with one empty paragraph
        self.add()  # the blank page: the new section's first paragraph

    # -- package

    def properties(self) -> None:
        issue = self.issue
        cp = self.doc.core_properties
        cp.title = f"{issue.title} {issue.issue_line.split('（')[0]}"
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
        from .. import __version__

        ooxml.replace_app_properties(self.doc, ooxml.app_properties_xml(
            "bulletin", __version__, self.plan.pages))


def page_number_line(layout: Layout) -> int:
    """Exact height (twips) of the page number paragraph: one em of its size, so the em box
    of `— N —` is the line box and the dash, drawn at the middle of the em in CJK fonts,
    sits at the middle of the line in Word, WPS and LibreOffice alike."""
    return round(layout.page_number_size_pt * 20)


def footer_distance(layout: Layout, margin_bottom: int) -> int:
    """Page edge to the foot of the footer line (twips), chosen so the dash line sits
    ``page_number_gap_mm`` under the type area (GB/T 9704 §7.5: 7 mm). The dash is at the
    middle of the em box (measured in the PDF: tests/test_docx_word.py)."""
    return margin_bottom - grid.mm_to_twips(layout.page_number_gap_mm) - page_number_line(layout) // 2


@lru_cache(maxsize=256)
def _cached_rpr_el(font: str | None, latin: str | None, style: str | None,
                   size: float | None = None, color: str | None = None) -> Any:
    return ooxml.run_properties(font=font, latin=latin, style=style, size_pt=size, color=color)


@lru_cache(maxsize=256)
def _cached_rpr(font: str | None, latin: str | None, style: str | None) -> str:
    """The ``w:rPr`` text for a run ("" when the styles say it all)."""
    if font is None and style is None:
        return ""
    return ooxml.element_xml(_cached_rpr_el(font, latin, style))

"""Raw WordprocessingML helpers: the only module that builds XML elements by hand.

python-docx's API covers page size, margins and plain runs; it does not cover East Asian
fonts, the document grid, odd/even footers with a PAGE field, paragraph borders, floating
tables or the font table. Each helper here does one such thing and keeps the children of the
element it touches in the order the schema (ECMA-376 Part 1) requires, because Word refuses
files with misordered ``w:pPr``/``w:rPr`` children even though LibreOffice accepts them.

Units: twips (1/20 pt) for lengths, half points for font sizes, eighths of a point for border
widths, twentieths of a point for character spacing — exactly as OOXML stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

# ---------------------------------------------------------------- schema order

# CT_PPrBase children, in order (pPrChange/sectPr/rPr come after).
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
]
# CT_RPr children, in order.
_RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath",
]
# CT_SectPr children, in order.
_SECT_ORDER = [
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
]
_RPR_INDEX = {qn(f"w:{n}"): i for i, n in enumerate(_RPR_ORDER)}
_PPR_INDEX = {qn(f"w:{n}"): i for i, n in enumerate(_PPR_ORDER)}
_SECT_INDEX = {qn(f"w:{n}"): i for i, n in enumerate(_SECT_ORDER)}


def _set_child(parent: Any, child: Any, order: dict[str, int]) -> Any:
    """Replace ``parent``'s child of the same tag with ``child``, inserted in schema order."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    rank = order.get(tag, len(order))
    for i, existing in enumerate(parent):
        if order.get(existing.tag, len(order)) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _el(tag: str, **attrs: str | int) -> Any:
    """``w:tag`` with ``w:``-prefixed attributes."""
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _ppr(p_or_style: Any) -> Any:
    """The ``w:pPr`` of a paragraph element, a python-docx paragraph or style (created)."""
    el = getattr(p_or_style, "_element", p_or_style)
    el = getattr(p_or_style, "_p", el)
    return el.get_or_add_pPr()


def _rpr(r_or_style: Any) -> Any:
    el = getattr(r_or_style, "_element", r_or_style)
    el = getattr(r_or_style, "_r", el)
    return el.get_or_add_rPr()


def set_ppr_child(ppr: Any, child: Any) -> Any:
    return _set_child(ppr, child, _PPR_INDEX)


def set_rpr_child(rpr: Any, child: Any) -> Any:
    return _set_child(rpr, child, _RPR_INDEX)


# ---------------------------------------------------------------- run properties


def rfonts(east_asian: str, latin: str | None = None) -> Any:
    """``w:rFonts`` with all four slots. With ``latin`` None every slot is the Chinese font:
    LibreOffice ignores ``w:hint``, so “quotes” and —— dashes, which Unicode counts as Latin,
    would otherwise be set in the Latin font with Latin widths."""
    latin = latin or east_asian
    return _el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin)


def set_east_asian_font(run_or_style: Any, name: str, latin: str | None = None) -> None:
    """Set the East Asian font (and the Latin slots: ``latin`` or the same font) on a run,
    a style or an ``w:rPr``."""
    rpr = run_or_style if getattr(run_or_style, "tag", "") == qn("w:rPr") else _rpr(run_or_style)
    set_rpr_child(rpr, rfonts(name, latin))


def run_properties(
    *,
    font: str | None,
    latin: str | None = None,
    size_pt: float | None = None,
    bold: bool = False,
    color: str | None = None,
    spacing: int | None = None,
    snap_to_grid: bool | None = None,
    zh_cn: bool = False,
    style: str | None = None,
) -> Any:
    """A complete ``w:rPr``, children in schema order. ``font`` None leaves the fonts to the
    style; ``style`` is a character style id."""
    rpr = OxmlElement("w:rPr")
    if style:
        rpr.append(_el("w:rStyle", val=style))
    if font:
        rpr.append(rfonts(font, latin))
    if bold:
        rpr.append(_el("w:b"))
        rpr.append(_el("w:bCs"))
    if snap_to_grid is not None:
        rpr.append(_el("w:snapToGrid", val=int(snap_to_grid)))
    if color:
        rpr.append(_el("w:color", val=color))
    if spacing is not None:
        rpr.append(_el("w:spacing", val=spacing))
    if size_pt:
        rpr.append(_el("w:sz", val=round(size_pt * 2)))
        rpr.append(_el("w:szCs", val=round(size_pt * 2)))
    if zh_cn:
        rpr.append(_el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    return rpr


def replace_rpr(rpr_parent: Any, rpr: Any) -> None:
    """Put ``rpr`` on a style/pPr/run element, replacing what was there."""
    old = rpr_parent.find(qn("w:rPr"))
    if old is not None:
        rpr_parent.replace(old, rpr)
    elif rpr_parent.tag == qn("w:pPr"):
        _set_child(rpr_parent, rpr, _PPR_INDEX)
    else:
        # w:style: rPr after pPr; w:r: rPr first
        if rpr_parent.tag == qn("w:r"):
            rpr_parent.insert(0, rpr)
        else:
            ppr = rpr_parent.find(qn("w:pPr"))
            if ppr is not None:
                ppr.addnext(rpr)
            else:
                rpr_parent.append(rpr)


def make_run(text: str, rpr: Any | None = None) -> Any:
    """``<w:r>[rPr]<w:t xml:space="preserve">text</w:t></w:r>``. ``rpr`` is copied."""
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(_copy(rpr))
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def make_break() -> Any:
    """A line break run (``w:br``) inside a paragraph."""
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def make_tab(rpr: Any | None = None) -> Any:
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(_copy(rpr))
    r.append(OxmlElement("w:tab"))
    return r


def _copy(el: Any) -> Any:
    from copy import deepcopy

    return deepcopy(el)


# ---------------------------------------------------------------- paragraph properties


def paragraph_properties(
    *,
    style: str | None = None,
    keep_next: bool = False,
    widow_control: bool | None = None,
    border_bottom: tuple[str, int, int] | None = None,
    tabs: Sequence[tuple[str, int]] = (),
    snap_to_grid: bool | None = None,
    line_exact: int | None = None,
    after: int | None = None,
    before: int | None = None,
    first_line_chars: int | None = None,
    first_line: int | None = None,
    left: int | None = None,
    right: int | None = None,
    hanging: int | None = None,
    jc: str | None = None,
    kinsoku: bool | None = None,
    overflow_punct: bool | None = None,
    auto_space: bool | None = None,
    page_break_before: bool = False,
    outline_level: int | None = None,
) -> Any:
    """A complete ``w:pPr``, children in schema order.

    ``border_bottom`` = (colour, width in eighths of a point, space in points)."""
    ppr = OxmlElement("w:pPr")
    if style:
        ppr.append(_el("w:pStyle", val=style))
    if keep_next:
        ppr.append(_el("w:keepNext"))
    if page_break_before:
        ppr.append(_el("w:pageBreakBefore"))
    if widow_control is not None:
        ppr.append(_el("w:widowControl", val=int(widow_control)))
    if border_bottom:
        color, sz, space = border_bottom
        bdr = OxmlElement("w:pBdr")
        bdr.append(_el("w:bottom", val="single", sz=sz, space=space, color=color))
        ppr.append(bdr)
    if tabs:
        t = OxmlElement("w:tabs")
        for kind, pos in tabs:
            t.append(_el("w:tab", val=kind, pos=pos))
        ppr.append(t)
    if kinsoku is not None:
        ppr.append(_el("w:kinsoku", val=int(kinsoku)))
    if overflow_punct is not None:
        ppr.append(_el("w:overflowPunct", val=int(overflow_punct)))
    if auto_space is not None:
        ppr.append(_el("w:autoSpaceDE", val=int(auto_space)))
        ppr.append(_el("w:autoSpaceDN", val=int(auto_space)))
    if snap_to_grid is not None:
        ppr.append(_el("w:snapToGrid", val=int(snap_to_grid)))
    if line_exact is not None or after is not None or before is not None:
        sp = _el("w:spacing")
        if before is not None:
            sp.set(qn("w:before"), str(before))
            sp.set(qn("w:beforeLines"), "0")
            sp.set(qn("w:beforeAutospacing"), "0")
        if after is not None:
            sp.set(qn("w:after"), str(after))
            sp.set(qn("w:afterLines"), "0")
            sp.set(qn("w:afterAutospacing"), "0")
        if line_exact is not None:
            sp.set(qn("w:line"), str(line_exact))
            sp.set(qn("w:lineRule"), "exact")
        ppr.append(sp)
    if any(v is not None for v in (first_line_chars, first_line, left, right, hanging)):
        ind = _el("w:ind")
        if left is not None:
            ind.set(qn("w:left"), str(left))
        if right is not None:
            ind.set(qn("w:right"), str(right))
        if hanging is not None:
            ind.set(qn("w:hanging"), str(hanging))
        if first_line is not None:
            ind.set(qn("w:firstLine"), str(first_line))
        if first_line_chars is not None:
            ind.set(qn("w:firstLineChars"), str(first_line_chars))
        ppr.append(ind)
    if jc:
        ppr.append(_el("w:jc", val=jc))
    if outline_level is not None:
        ppr.append(_el("w:outlineLvl", val=outline_level))
    return ppr


def replace_ppr(parent: Any, ppr: Any) -> None:
    """Put ``ppr`` first in a ``w:p`` or after ``w:name``… in a ``w:style``."""
    old = parent.find(qn("w:pPr"))
    if old is not None:
        parent.replace(old, ppr)
        return
    if parent.tag == qn("w:p"):
        parent.insert(0, ppr)
        return
    # w:style: pPr comes after name/aliases/basedOn/next/link/…/rsid, before rPr/tblPr
    rpr = parent.find(qn("w:rPr"))
    if rpr is not None:
        rpr.addprevious(ppr)
    else:
        parent.append(ppr)


def make_paragraph(ppr: Any | None = None) -> Any:
    p = OxmlElement("w:p")
    if ppr is not None:
        p.append(ppr)
    return p


def paragraph_bottom_border(paragraph: Any, color: str, width_pt: float, space_pt: int) -> None:
    """A full-width rule under a paragraph (the masthead's red line). A paragraph border stays
    in the text flow, so it moves with the masthead and renders alike in Word, WPS and
    LibreOffice; a drawn line would need an anchor and a position."""
    ppr = _ppr(paragraph)
    bdr = OxmlElement("w:pBdr")
    bdr.append(_el("w:bottom", val="single", sz=round(width_pt * 8), space=space_pt, color=color))
    set_ppr_child(ppr, bdr)


def set_snap_to_grid(paragraph_or_ppr: Any, on: bool) -> None:
    """``w:snapToGrid w:val="0"`` lets a line taller than one grid row (a large title) keep
    its exact line height instead of taking two rows per line."""
    ppr = paragraph_or_ppr if getattr(paragraph_or_ppr, "tag", "") == qn("w:pPr") else _ppr(paragraph_or_ppr)
    set_ppr_child(ppr, _el("w:snapToGrid", val=int(on)))


# ---------------------------------------------------------------- styles and defaults


def set_document_defaults(styles_element: Any, *, font: str, latin: str, size_pt: float,
                          spacing: int, overflow_punct: bool) -> None:
    """Replace python-docx's template defaults (Calibri/theme fonts with a ja-JP East Asian
    theme, 11 pt, 10 pt space after, 1.15 lines) with the bulletin's body font at 三号,
    zh-CN, no paragraph spacing, and widow control off so
    full pages hold all 22 lines (as printed bulletins do; the grid estimate assumes it)."""
    dd = styles_element.find(qn("w:docDefaults"))
    if dd is None:
        dd = OxmlElement("w:docDefaults")
        styles_element.insert(0, dd)
    for child in list(dd):
        dd.remove(child)
    rpr_default = OxmlElement("w:rPrDefault")
    rpr = run_properties(font=font, size_pt=size_pt, spacing=spacing, zh_cn=True)
    rpr_default.append(rpr)
    ppr_default = OxmlElement("w:pPrDefault")
    # autoSpaceDE/DN are left at their default (on): LibreOffice 7.4 ignores them on import
    # and always adds a small space between Chinese and digits/Latin (7月14日); leaving
    # them on means the same in Word and WPS. Lines of Chinese text are not affected.
    # overflowPunct: see OVERFLOW_PUNCT in docx.py.
    ppr_default.append(
        paragraph_properties(widow_control=False, overflow_punct=overflow_punct, after=0, before=0)
    )
    dd.append(rpr_default)
    dd.append(ppr_default)
    del latin


def set_style_properties(style: Any, ppr: Any | None, rpr: Any | None) -> None:
    """Replace a python-docx style's pPr/rPr with complete ones."""
    el = style.element
    if ppr is not None:
        replace_ppr(el, ppr)
    if rpr is not None:
        replace_rpr(el, rpr)


def set_theme_font_lang(settings_element: Any, east_asia: str = "zh-CN") -> None:
    """The template says ja-JP: Word would pick Japanese theme fonts and line breaking."""
    el = settings_element.find(qn("w:themeFontLang"))
    if el is None:
        return
    el.set(qn("w:eastAsia"), east_asia)
    el.set(qn("w:val"), "en-US")


def set_character_spacing_control(settings_element: Any, value: str = "doNotCompress") -> None:
    """No punctuation compression: every full-width mark keeps its full cell, so a full line
    holds exactly 28 characters in Word, WPS and LibreOffice alike."""
    el = settings_element.find(qn("w:characterSpacingControl"))
    if el is not None:
        el.set(qn("w:val"), value)


def set_even_and_odd_headers(settings_element: Any) -> None:
    """``w:evenAndOddHeaders``: different footers for odd and even pages (page numbers right on
    odd pages, left on even pages)."""
    order = ["writeProtection", "view", "zoom", "removePersonalInformation",
             "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
             "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
             "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData",
             "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
             "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
             "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
             "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod",
             "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves",
             "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
             "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
             "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps",
             "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle",
             "evenAndOddHeaders"]
    index = {qn(f"w:{n}"): i for i, n in enumerate(order)}
    index_default = len(order) + 1
    if settings_element.find(qn("w:evenAndOddHeaders")) is None:
        el = OxmlElement("w:evenAndOddHeaders")
        rank = index[el.tag]
        for i, existing in enumerate(settings_element):
            if index.get(existing.tag, index_default) > rank:
                settings_element.insert(i, el)
                break
        else:
            settings_element.append(el)


# ---------------------------------------------------------------- section


def set_doc_grid(sect_pr: Any, line_pitch: int) -> None:
    """``w:docGrid w:type="lines" w:linePitch=…``: a line grid of ``line_pitch`` twips (579 for
    22 lines on 225 mm). Why not Word's usual ``linesAndChars`` with a negative ``charSpace``:
    LibreOffice 7.4 puts a character wider than the character cell into two cells (14–20
    characters a line); the character pitch is instead set by run spacing (−0.25 pt for 三号),
    which means the same thing in Word, WPS and LibreOffice."""
    grid = _el("w:docGrid", type="lines", linePitch=line_pitch)
    _set_child(sect_pr, grid, _SECT_INDEX)


def clear_section_references(sect_pr: Any) -> None:
    for tag in ("w:headerReference", "w:footerReference"):
        for el in sect_pr.findall(qn(tag)):
            sect_pr.remove(el)


def end_section_at(paragraph: Any, sect_pr: Any) -> Any:
    """A section break (next page) after ``paragraph``, which must be the last paragraph before
    the body's final ``sect_pr``. As Word writes one: a copy of ``sect_pr`` — page size,
    margins, footer distance, line grid and header/footer references — goes into the
    paragraph's ``w:pPr`` and now describes the section that ends with it; ``sect_pr`` then
    describes the section that follows, which starts on a new page and has no references of
    its own, so it inherits every header and footer until the caller gives it its own (Word,
    WPS and LibreOffice all treat a missing reference as "same as previous"). Page numbering
    continues, so odd and even pages stay what they were. Returns the copy."""
    from copy import deepcopy

    ended = deepcopy(sect_pr)
    set_ppr_child(_ppr(paragraph), ended)
    clear_section_references(sect_pr)
    _set_child(sect_pr, _el("w:type", val="nextPage"), _SECT_INDEX)
    return ended


def page_number_paragraph(
    *, side: str, font: str, size_pt: float, indent: int, line_exact: int
) -> Any:
    """``— N —``: a PAGE field between em dashes, right-aligned one character in from the right
    edge (odd pages) or left-aligned one character in from the left (even pages)."""
    ppr = paragraph_properties(
        snap_to_grid=False,
        line_exact=line_exact,
        after=0,
        before=0,
        left=indent if side == "left" else 0,
        right=indent if side == "right" else 0,
        first_line=0,
        jc=side,
    )
    p = make_paragraph(ppr)
    rpr = run_properties(font=font, size_pt=size_pt, zh_cn=True)
    p.append(make_run("— ", rpr))
    for piece in _field_runs("PAGE", "1", rpr):
        p.append(piece)
    p.append(make_run(" —", rpr))
    return p


def _field_runs(instr: str, placeholder: str, rpr: Any) -> list[Any]:
    """A complex field: begin, instrText, separate, cached result, end."""
    out = []
    r = OxmlElement("w:r")
    r.append(_copy(rpr))
    r.append(_el("w:fldChar", fldCharType="begin"))
    out.append(r)
    r = OxmlElement("w:r")
    r.append(_copy(rpr))
    it = OxmlElement("w:instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = f" {instr} "
    r.append(it)
    out.append(r)
    r = OxmlElement("w:r")
    r.append(_copy(rpr))
    r.append(_el("w:fldChar", fldCharType="separate"))
    out.append(r)
    out.append(make_run(placeholder, rpr))
    r = OxmlElement("w:r")
    r.append(_copy(rpr))
    r.append(_el("w:fldChar", fldCharType="end"))
    out.append(r)
    return out


def fill_header_footer(hf: Any, paragraphs: Iterable[Any]) -> None:
    """Replace the content of a python-docx header/footer with the given ``w:p`` elements."""
    hf.is_linked_to_previous = False
    el = hf._element
    for child in list(el):
        el.remove(child)
    for p in paragraphs:
        el.append(p)


# ---------------------------------------------------------------- the tail table


def tail_table(
    rows: Sequence[Sequence[Any]],
    *,
    width: int,
    outer_sz: int,
    inner_sz: int,
    floating: bool,
    page_x: int = 0,
) -> Any:
    """A one-column table whose rows hold the given ``w:p`` lists: thick lines above and below,
    thin lines between rows, no side lines, no cell margins.

    ``floating``: anchored to the bottom of the type area (``w:tblpPr w:vertAnchor="margin"
    w:tblpYSpec="bottom"``) so the block sits at the foot of the last page whatever the
    length of the body; Word, WPS and LibreOffice move it to the next page with its anchor
    when the text above leaves no room (it falls back to the flow)."""
    tbl = OxmlElement("w:tbl")
    tpr = OxmlElement("w:tblPr")
    if floating:
        # Horizontally the table is placed from the page edge (at the left margin), not
        # relative to the margin: LibreOffice 7.4 imports a margin-relative table as wide as
        # the type area as an ordinary in-flow table, but makes a page-relative one float.
        tpr.append(_el("w:tblpPr", leftFromText=0, rightFromText=0, topFromText=0,
                       bottomFromText=0, vertAnchor="margin", horzAnchor="page",
                       tblpX=page_x, tblpYSpec="bottom"))
        tpr.append(_el("w:tblOverlap", val="never"))
    tpr.append(_el("w:tblW", w=width, type="dxa"))
    tpr.append(_el("w:jc", val="center"))
    borders = OxmlElement("w:tblBorders")
    borders.append(_el("w:top", val="single", sz=outer_sz, space=0, color="000000"))
    borders.append(_el("w:left", val="nil"))
    borders.append(_el("w:bottom", val="single", sz=outer_sz, space=0, color="000000"))
    borders.append(_el("w:right", val="nil"))
    borders.append(_el("w:insideH", val="single", sz=inner_sz, space=0, color="000000"))
    borders.append(_el("w:insideV", val="nil"))
    tpr.append(borders)
    tpr.append(_el("w:tblLayout", type="fixed"))
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        mar.append(_el(f"w:{side}", w=0, type="dxa"))
    tpr.append(mar)
    tpr.append(_el("w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0,
                   lastColumn=0, noHBand=1, noVBand=1))
    tbl.append(tpr)
    grid = OxmlElement("w:tblGrid")
    grid.append(_el("w:gridCol", w=width))
    tbl.append(grid)
    for paras in rows:
        tr = OxmlElement("w:tr")
        trpr = OxmlElement("w:trPr")
        trpr.append(_el("w:cantSplit"))
        tr.append(trpr)
        tc = OxmlElement("w:tc")
        tcpr = OxmlElement("w:tcPr")
        tcpr.append(_el("w:tcW", w=width, type="dxa"))
        tc.append(tcpr)
        for p in paras:
            tc.append(p)
        tr.append(tc)
        tbl.append(tr)
    return tbl


# ---------------------------------------------------------------- package parts


FONT_ENTRIES: dict[str, dict[str, str]] = {
    # name: altName (what Word substitutes on a machine without it), family, pitch
    "仿宋_GB2312": {"alt": "仿宋", "family": "modern"},
    "仿宋": {"alt": "FangSong", "family": "modern"},
    "楷体_GB2312": {"alt": "楷体", "family": "modern"},
    "楷体": {"alt": "KaiTi", "family": "modern"},
    "方正小标宋简体": {"alt": "华文中宋", "family": "script"},
    "华文中宋": {"alt": "宋体", "family": "auto"},
    "黑体": {"alt": "SimHei", "family": "modern"},
    "宋体": {"alt": "SimSun", "family": "auto"},
}


def font_table_xml(names: Iterable[str], latin: str) -> bytes:
    """A fresh ``word/fontTable.xml``: the Latin font plus each Chinese font with charset 86
    (GB2312) and an ``w:altName`` that Windows 10 and later do have (仿宋, 楷体, 华文中宋), so
    Word substitutes sensibly where the _GB2312 and 方正 fonts are not installed. Replaces the
    template's table, which names a Japanese font (ＭＳ 明朝)."""
    parts = [
        f'<w:fonts {nsdecls("w")}>',
        f'<w:font w:name="{_xml_attr(latin)}"><w:panose1 w:val="02020603050405020304"/>'
        '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>',
    ]
    for name in dict.fromkeys(names):
        if name == latin:
            continue
        entry = FONT_ENTRIES.get(name, {"alt": "", "family": "auto"})
        alt = f'<w:altName w:val="{_xml_attr(entry["alt"])}"/>' if entry["alt"] else ""
        parts.append(
            f'<w:font w:name="{_xml_attr(name)}">{alt}<w:charset w:val="86"/>'
            f'<w:family w:val="{entry["family"]}"/><w:pitch w:val="variable"/></w:font>'
        )
    parts.append("</w:fonts>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + "".join(parts)).encode()


def _xml_attr(s: str) -> str:
    return (s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def replace_font_table(document: Any, names: Iterable[str], latin: str) -> None:
    for part in document.part.package.iter_parts():
        if str(part.partname).endswith("/fontTable.xml"):
            part._blob = font_table_xml(names, latin)
            return


def drop_template_thumbnail(document: Any) -> None:
    """The template carries a thumbnail of an empty Letter page; Explorer would show it."""
    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            rels.pop(rid)


def body_element(document: Any) -> Any:
    return document.element.body


def append_body(document: Any, el: Any) -> None:
    """Append before the body's final ``w:sectPr``."""
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(el)
    else:
        body.append(el)


def parse(xml: str) -> Any:
    return parse_xml(xml)


# ---------------------------------------------------------------- fast body building
#
# A bulletin body is thousands of runs. Creating each ``w:r``/``w:rPr``/``w:t`` as a Python
# object costs more than python-docx's own save; building the body as WordprocessingML text
# and parsing it once (lxml, in C) keeps export within 1.3× of python-docx writing bare
# paragraphs. Properties are still built as elements by the helpers above and serialised once
# per distinct set (the callers cache them), so there is one definition of each.

import re as _re

from lxml import etree as _etree

_W_DECL = ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_XML_BAD = _re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def element_xml(el: Any) -> str:
    """An element as WordprocessingML text, without its namespace declaration."""
    return _etree.tostring(el, encoding="unicode").replace(_W_DECL, "")


def xml_text(text: str) -> str:
    """Escape text for ``w:t``; drop characters XML 1.0 cannot carry."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _XML_BAD.sub("", text)


class ParagraphXml:
    """A ``w:p`` under construction, as text."""

    __slots__ = ("parts",)

    def __init__(self, ppr_xml: str) -> None:
        self.parts = ["<w:p>", ppr_xml]

    def run(self, text: str, rpr_xml: str) -> None:
        self.parts.append(f'<w:r>{rpr_xml}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>')

    def line_break(self) -> None:
        self.parts.append("<w:r><w:br/></w:r>")

    def tab(self, rpr_xml: str) -> None:
        self.parts.append(f"<w:r>{rpr_xml}<w:tab/></w:r>")

    def xml(self) -> str:
        return "".join(self.parts) + "</w:p>"


def insert_body_xml(document: Any, fragments: Iterable[str]) -> None:
    """Parse the given ``w:p``/``w:tbl`` texts once and put them before the final sectPr."""
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    holder = parse_xml(f"<w:body {nsdecls('w')}>{''.join(fragments)}</w:body>")
    for child in list(holder):
        if sect is not None:
            sect.addprevious(child)
        else:
            body.append(child)


def paragraph_element(p: ParagraphXml) -> Any:
    """A ``ParagraphXml`` as an element (for table cells built as elements)."""
    return parse_xml(p.xml().replace("<w:p>", f"<w:p {nsdecls('w')}>", 1))


# python-docx's template carries parts a bulletin never uses; they are most of the file and of
# the time spent saving it (styles.xml alone is 350 kB of Word 2010 styles).
_UNUSED_PART_TYPES = ("/stylesWithEffects", "/customXml", "/numbering")
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header",
                "HeaderChar", "Footer", "FooterChar"}
_OWN_STYLE_PREFIX = "Bulletin"  # styles added by add_style are kept too


def _kept_style(style_id: str) -> bool:
    return style_id in _KEPT_STYLES or style_id.startswith(_OWN_STYLE_PREFIX)


def trim_template_styles(blob: bytes) -> bytes:
    """The template's styles.xml without the styles a bulletin drops (see _KEPT_STYLES), as
    text: each ``<w:style …>…</w:style>`` goes with the whitespace after it, which lxml removes
    with the element (its tail), so the tree is the one drop_unused_template_parts leaves.
    Cut at byte searches (a regular expression took longer than parsing the whole part)."""
    head, *chunks = blob.split(b"<w:style ")
    out = [head]
    for chunk in chunks:  # one style and what follows it, up to the next style
        start = chunk.find(b'w:styleId="', 0, chunk.find(b">"))
        end = chunk.find(b"</w:style>")
        if start < 0 or end < 0:
            out.append(b"<w:style " + chunk)
            continue
        start += len(b'w:styleId="')
        if _kept_style(chunk[start:chunk.find(b'"', start)].decode("utf-8")):
            out.append(b"<w:style " + chunk)
            continue
        rest = chunk[end + len(b"</w:style>"):]
        out.append(rest[len(rest) - len(rest.lstrip()):])
    return b"".join(out)


def new_document() -> Any:
    """``docx.Document()`` (python-docx's default template) with the template's 160-odd Word
    styles left out of its styles part before it is parsed: parsing that 430 kB part was most
    of the time Document() took, only for drop_unused_template_parts to remove them again."""
    from docx import Document
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.part import PartFactory
    from docx.parts.styles import StylesPart

    class TrimmedStylesPart(StylesPart):
        @classmethod
        def load(cls, partname: Any, content_type: str, blob: bytes, package: Any) -> Any:
            return StylesPart.load(partname, content_type, trim_template_styles(blob), package)

    registered = PartFactory.part_type_for.get(CT.WML_STYLES, StylesPart)
    PartFactory.part_type_for[CT.WML_STYLES] = TrimmedStylesPart
    try:
        return Document()
    finally:
        PartFactory.part_type_for[CT.WML_STYLES] = registered


def drop_unused_template_parts(document: Any) -> None:
    """Remove the template's stylesWithEffects, customXml and numbering parts and every style
    the bulletin does not use (Word still offers its built-in styles from latentStyles)."""
    rels = document.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith(_UNUSED_PART_TYPES):
            rels.pop(rid)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if not _kept_style(style.get(qn("w:styleId")) or ""):
            styles.remove(style)


# ---------------------------------------------------------------- named styles


def add_style(
    styles_element: Any,
    *,
    style_id: str,
    name: str,
    kind: str = "paragraph",
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: Any | None = None,
    rpr: Any | None = None,
    aliases: str | None = None,
    ui_priority: int | None = None,
) -> Any:
    """A ``w:style`` (paragraph or character) with the children in CT_Style order: name,
    aliases, basedOn, next, link, autoRedefine, hidden, uiPriority, semiHidden,
    unhideWhenUsed, qFormat, locked, personal…, rsid, pPr, rPr. ``qFormat`` puts it in the
    quick-style gallery of Word and WPS, where a clerk picks it by its Chinese name.
    Replaces a style of the same id."""
    for old in styles_element.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == style_id:
            styles_element.remove(old)
    st = OxmlElement("w:style")
    st.set(qn("w:type"), kind)
    st.set(qn("w:customStyle"), "1")
    st.set(qn("w:styleId"), style_id)
    st.append(_el("w:name", val=name))
    if aliases:
        st.append(_el("w:aliases", val=aliases))
    if based_on:
        st.append(_el("w:basedOn", val=based_on))
    if next_style and kind == "paragraph":
        st.append(_el("w:next", val=next_style))
    if ui_priority is not None:
        st.append(_el("w:uiPriority", val=ui_priority))
    st.append(_el("w:qFormat"))
    if ppr is not None and kind == "paragraph":
        st.append(ppr)
    if rpr is not None:
        st.append(rpr)
    styles_element.append(st)
    return st


def set_style_aliases(style: Any, aliases: str) -> None:
    """``w:aliases`` right after ``w:name`` (e.g. 正文 for Normal, as Chinese Word shows it)."""
    el = style.element
    for old in el.findall(qn("w:aliases")):
        el.remove(old)
    name = el.find(qn("w:name"))
    alias = _el("w:aliases", val=aliases)
    if name is not None:
        name.addnext(alias)
    else:
        el.insert(0, alias)


# ---------------------------------------------------------------- settings and app.xml

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def set_compatibility_mode(settings_element: Any, mode: int = 15) -> None:
    """``compatibilityMode`` 15 (Word 2013 and later): Word opens the file without
    [兼容模式] and lays it out with its current engine, as WPS does."""
    for cs in settings_element.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), str(mode))


def set_zoom(settings_element: Any, percent: int = 100) -> None:
    """``w:zoom`` requires ``w:percent`` (the template's bestFit without it is a schema error)."""
    zoom = settings_element.find(qn("w:zoom"))
    if zoom is None:
        return
    for attr in list(zoom.attrib):
        del zoom.attrib[attr]
    zoom.set(qn("w:percent"), str(percent))


def set_doc_id(settings_element: Any, doc_id: str) -> None:
    """A fresh ``w14:docId`` (8 hex digits, below 0x80000000) per file: Word uses it to tell
    documents apart when comparing and merging; a copied template id makes every bulletin
    look like the same document."""
    tag = f"{{{_W14}}}docId"
    for old in settings_element.findall(tag):
        settings_element.remove(old)
    el = _etree.SubElement(settings_element, tag)
    el.set(f"{{{_W14}}}val", doc_id)


def app_properties_xml(application: str, version: str, pages: int, template: str = "") -> bytes:
    """``docProps/app.xml`` naming this tool (not "Microsoft Macintosh Word" of the template).
    ``AppVersion`` must look like XX.YYYY, so the tool's version goes in ``Application``."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>{_xml_attr(template)}</Template><TotalTime>0</TotalTime>"
        f"<Pages>{pages}</Pages>"
        f"<Application>{_xml_attr(application)} {_xml_attr(version)}</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>01.0000</AppVersion>"
        "</Properties>"
    ).encode()


def replace_app_properties(document: Any, blob: bytes) -> None:
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = blob
            return


def set_overflow_punct(docx_xml: bytes, value: bool) -> bytes:
    """Every ``w:overflowPunct`` of a document/styles part set to ``value`` (text in, text
    out: the PDF converter feeds LibreOffice a copy with the value inverted, see
    render/pdf.py)."""
    return _re.sub(rb'(<w:overflowPunct w:val=")[01]("/>)',
                   rb"\g<1>" + (b"1" if value else b"0") + rb"\g<2>", docx_xml)

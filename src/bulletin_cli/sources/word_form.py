"""The Word fill-in form (`bulletin template --docx`) for units that would rather not touch YAML.

The form is built so that ``submission.interpret`` reads it back without guessing: its header
lines (the issue, the unit) and its instructions carry recognisable text and a paragraph style
of their own, each column is a ``【栏目】`` line, and the grey prompt under a column, left as it
is, means the column is empty. A prompt that a unit typed into is refused by validation, as the
YAML template's sample text is.
"""

from __future__ import annotations

import io

from ..model import IssueInfo, Series
from ..template import usual_columns
from .submission import FORM_HEADING_STYLE, FORM_INSTRUCTION_STYLE, FORM_INSTRUCTIONS, FORM_PLACEHOLDER

def form_docx(series: Series, info: IssueInfo, team: str) -> bytes:
    """The form as .docx bytes (written atomically by the caller)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from ..render.ooxml import set_east_asian_font

    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    set_east_asian_font(normal, series.layout.body_font, series.layout.latin_font)
    note = doc.styles.add_style(FORM_INSTRUCTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(12)
    note.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    heading = doc.styles.add_style(FORM_HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = normal
    heading.font.bold = True
    set_east_asian_font(heading, series.layout.heading_font, series.layout.latin_font)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"《{series.title}》第{info.number}期 报送材料").bold = True
    doc.add_paragraph(f"报送单位：{team}")
    for line in FORM_INSTRUCTIONS:
        doc.add_paragraph(line, style=FORM_INSTRUCTION_STYLE)
    for name in usual_columns(series, team):
        doc.add_paragraph(f"【{name}】", style=FORM_HEADING_STYLE)
        prompt = doc.add_paragraph().add_run(FORM_PLACEHOLDER)
        prompt.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

"""A past issue through the same readers as a submission (``sources/word.py``, ``sources/text.py``).

There is one reader of Word files in the codebase; what differs for a past issue is only how the
``Document`` is interpreted (``past_issue.py``): its tables (the exported tail sits in one) are
read as text in body order, where intake refuses them. The reader reports tables as
``Embedded`` and flags their paragraphs ``in_table``; this module keeps both as they are.

Three adjustments belong to past issues only:
- a text box's paragraphs are read after the paragraph it is anchored to (LibreOffice turns the
  exported tail's floating table into a frame when a file goes through .odt);
- a text file's lines are each a paragraph (a masthead typed line by line with no blank line
  between its lines is still three lines), where intake joins lines between blank lines;
- a file with an unknown suffix is read as text, as a clerk's copy of an old issue often is.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..sources.document import DocParagraph, Document, Run

# A whole issue, sometimes with pictures that are ignored, is larger than one unit's submission:
# 10 MB of text, and (word.py's factors) a Word file of up to 50 MB that expands to 200 MB.
MAX_DOCUMENT_SIZE = 10_000_000


def read_document(path: Path, *, display: str | None = None, max_size: int = MAX_DOCUMENT_SIZE) -> Document:
    """The past issue at ``path`` as neutral paragraphs; BulletinError (the reader's message for a
    missing, damaged, password-protected or oversized file) when it cannot be read."""
    from ..sources.files import require_regular_file
    from ..sources.sniff import is_office_file
    from ..sources.text import read_text
    from ..sources.word import WORD_SUFFIXES, Advice, read_word

    require_regular_file(path, display or str(path))
    if path.suffix.lower() in WORD_SUFFIXES or is_office_file(path):
        # a past issue is the clerk's own copy: no unit to ask for another one
        doc = read_word(path, max_size=max_size, display=display, advice=Advice(from_unit=False))
        doc.paragraphs = _with_text_boxes(doc)
        return doc
    doc = read_text(path, max_size=max_size, display=display)
    doc.paragraphs = _lines(doc.paragraphs)
    return doc


def _lines(paragraphs: list[DocParagraph]) -> list[DocParagraph]:
    """Split the text reader's paragraphs at the line breaks it keeps (a ``Run("\\n")`` between
    two lines of the file), so every line of a past issue is read on its own."""
    out: list[DocParagraph] = []
    for p in paragraphs:
        runs: list[Run] = []
        line = p.line
        for run in p.runs:
            if run.text == "\n":
                out.append(replace(p, runs=tuple(runs), line=line))
                runs, line = [], line + 1
            else:
                runs.append(run)
        out.append(replace(p, runs=tuple(runs), line=line))
    return out


def _with_text_boxes(doc: Document) -> list[DocParagraph]:
    """The body's paragraphs with each text box's paragraphs after its anchor paragraph."""
    boxes: dict[int, list[DocParagraph]] = {}
    for e in doc.embedded:
        if e.paragraphs:
            boxes.setdefault(e.line, []).extend(e.paragraphs)
    if not boxes:
        return doc.paragraphs
    out: list[DocParagraph] = []
    for p in doc.paragraphs:
        out.append(p)
        out.extend(boxes.pop(p.line, ()))
    return out

"""A document as a reader sees it: paragraphs of runs, with the little formatting that carries
meaning in a bulletin (bold leads, centred titles, red mastheads, indents).

This is the contract between the format readers (``word.py`` for .docx/.doc/.wps, ``text.py``
for .txt/.md) and what interprets a document (submission intake, past-issue import). Readers
fill it in; interpreters never open a file themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    color: str | None = None  # "FF0000", upper-case hex, None for automatic
    font: str | None = None  # East Asian font name if set, else the Latin one
    size_pt: float | None = None


@dataclass(frozen=True)
class DocParagraph:
    """One paragraph as printed. ``text`` is what a reader sees (tracked insertions kept,
    deletions dropped, automatic numbering written out, field codes left out)."""

    runs: tuple[Run, ...]
    alignment: str | None = None  # "center", "right", "both", "left" or None (inherited)
    style: str | None = None  # the paragraph style's name, e.g. "Heading 1", "栏目标题"
    first_line_indent_chars: float = 0.0  # indent in characters, as far as the reader can tell
    numbering: str = ""  # automatic numbering text already prepended to ``text`` (一、, 1.)
    line: int = 0  # 1-based position: paragraph number in a .docx, line number in a text file
    borders: tuple[str, ...] = ()  # sides with a border ("top", "bottom"), e.g. a red rule
    in_table: bool = False  # a table cell's paragraph (cells are read row by row)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def all_bold(self) -> bool:
        return bool(self.text.strip()) and all(r.bold or not r.text.strip() for r in self.runs)


@dataclass(frozen=True)
class Embedded:
    """What is in a document besides paragraphs of text: readers report it and let the
    interpreter decide (intake refuses it; an archive import may want a table's text)."""

    kind: str  # "table", "picture" or "textbox"
    line: int  # the paragraph it stands at (a table: its first cell's paragraph)
    text: str = ""  # a table's or text box's words; for a picture, its paragraph's text
    paragraphs: tuple[DocParagraph, ...] = ()  # a text box's paragraphs (line: its anchor's)


@dataclass
class Document:
    """Everything a reader took from one file."""

    display: str  # the file as the user named it, for messages
    paragraphs: list[DocParagraph]
    format: str  # "docx", "doc", "wps", "txt", "md"
    notices: list[str] = field(default_factory=list)  # said to the clerk: "修订已全部接受" etc.
    embedded: list[Embedded] = field(default_factory=list)  # tables, pictures, text boxes

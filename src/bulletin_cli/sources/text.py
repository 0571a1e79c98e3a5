"""Plain text and Markdown (.txt/.md) → ``Document``: text pasted from WeChat or a web page.

Encodings and line ends are handled as for YAML (``load.decode_bytes``). Paragraphs are grouped
as a clerk reads them: when the file has blank lines, a blank line ends a paragraph and the lines
between are one paragraph broken by the editor; when it has none, every line is a paragraph
(the way WeChat and most web pages paste).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import BulletinError
from .files import Source, normalise_newlines
from ..messages import tr
from .document import DocParagraph, Document, Run

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s{0,3}(?:[-+*]|>)\s+")
_MD_STRONG = re.compile(r"(\*\*|__)(.+?)\1")


def read_text(path: Path, *, max_size: int, display: str | None = None) -> Document:
    shown = display or str(path)
    from .files import read_source

    source: Source = read_source(path, max_size=max_size, display=shown)
    return text_document(source.text, shown, markdown=path.suffix.lower() in (".md", ".markdown"))


def text_document(text: str, shown: str, *, markdown: bool = False) -> Document:
    """Group decoded text into paragraphs (also used for text already in memory)."""
    text = normalise_newlines(text).translate({0x2028: "\n", 0x2029: "\n", 0x85: "\n", 0xFEFF: None})
    lines = text.split("\n")
    has_blank = any(not line.strip() for line in _inner(lines))
    paragraphs: list[DocParagraph] = []
    group: list[tuple[int, str]] = []

    def flush() -> None:
        if group:
            paragraphs.append(_paragraph(group, markdown))
            group.clear()

    for number, line in enumerate(lines, 1):
        if not line.strip():
            flush()
            continue
        heading = markdown and _MD_HEADING.match(line)
        if heading or not has_blank:
            flush()
            group.append((number, line))
            flush()
        else:
            group.append((number, line))
    flush()
    if not paragraphs:
        raise BulletinError.single(shown, tr("文件里没有文字。", "the file has no text."))
    return Document(shown, paragraphs, "md" if markdown else "txt")


def _inner(lines: list[str]) -> list[str]:
    """Lines between the first and last non-blank one (blank lines at the ends do not count)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return lines[filled[0] : filled[-1] + 1] if filled else []


def _paragraph(group: list[tuple[int, str]], markdown: bool) -> DocParagraph:
    first_line = group[0][0]
    raw = group[0][1]
    indent = len(raw) - len(raw.lstrip(" \t\u3000"))
    runs: list[Run] = []
    for i, (_, line) in enumerate(group):
        if i:
            runs.append(Run("\n"))  # a line broken by the editor: the interpreter joins it
        if markdown:
            heading = _MD_HEADING.match(line)
            if heading:
                runs.append(Run(_strip_emphasis(heading.group(1)), bold=True))
                continue
            line = _MD_BULLET.sub("", line)
            runs.extend(_markdown_runs(line))
        else:
            runs.append(Run(line))
    return DocParagraph(runs=tuple(runs), first_line_indent_chars=float(indent), line=first_line)


def _strip_emphasis(text: str) -> str:
    return _MD_STRONG.sub(r"\2", text)


def _markdown_runs(line: str) -> list[Run]:
    """**bold** and __bold__ become bold runs without their marks; a lone * stays as typed."""
    runs: list[Run] = []
    pos = 0
    for m in _MD_STRONG.finditer(line):
        if m.start() > pos:
            runs.append(Run(line[pos : m.start()]))
        runs.append(Run(m.group(2), bold=True))
        pos = m.end()
    if pos < len(line):
        runs.append(Run(line[pos:]))
    return runs

"""A minimal stand-in reader until ``sources/word.py`` and ``sources/text.py`` land.

Everything in ``archive/`` reads past bulletins through ``read_document`` only, so pointing it at
the real readers later is a one-function change. .docx is read with python-docx (imported here,
never by search); .doc/.wps are converted with LibreOffice first; anything else is a text file
with one paragraph per line.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import BulletinError
from ..messages import tr
from ..sources.document import DocParagraph, Document, Run

MAX_DOCUMENT_SIZE = 50_000_000
MAX_TEXT_SIZE = 5_000_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_document(path: Path, *, display: str | None = None) -> Document:
    """The past issue at ``path`` as neutral paragraphs; BulletinError when it cannot be read."""
    shown = display or str(path)
    if not path.is_file():
        raise BulletinError.single(shown, tr("找不到这个文件。", "file not found."))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path, shown, "docx")
    if suffix in (".doc", ".wps"):
        return _read_converted(path, shown, suffix[1:])
    return _read_text(path, shown)


def _check_size(path: Path, shown: str, limit: int) -> None:
    size = path.stat().st_size
    if size > limit:
        raise BulletinError.single(
            shown,
            tr(f"文件太大（{size:,} 字节，上限 {limit:,} 字节）。", f"file too large ({size:,} bytes, limit {limit:,})."),
        )


def _read_text(path: Path, shown: str) -> Document:
    from ..load import decode_bytes, normalise_newlines

    _check_size(path, shown, MAX_TEXT_SIZE)
    text, _ = decode_bytes(path.read_bytes(), shown)
    lines = normalise_newlines(text).split("\n")
    paragraphs = [DocParagraph(runs=(Run(line),), line=i) for i, line in enumerate(lines, 1)]
    return Document(shown, paragraphs, "md" if path.suffix.lower() == ".md" else "txt")


def _read_converted(path: Path, shown: str, fmt: str) -> Document:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise BulletinError.single(
            shown,
            tr(
                f"读取 .{fmt} 文件需要 LibreOffice，但没有安装。请在 Word/WPS 里另存为 .docx 后再导入。",
                f"reading .{fmt} needs LibreOffice, which is not installed; save it as .docx first.",
            ),
        )
    _check_size(path, shown, MAX_DOCUMENT_SIZE)
    with tempfile.TemporaryDirectory(prefix="bulletin-convert-") as tmp:
        source = Path(tmp) / f"in{path.suffix.lower()}"
        shutil.copyfile(path, source)
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "docx",
                 "--outdir", tmp, str(source)],
                capture_output=True, timeout=180, check=False,
            )
        except subprocess.TimeoutExpired:
            pass
        converted = Path(tmp) / "in.docx"
        if not converted.is_file():
            raise BulletinError.single(
                shown,
                tr("LibreOffice 无法转换这个文件，请在 Word/WPS 里另存为 .docx 后再导入。",
                   "LibreOffice could not convert this file; save it as .docx first."),
            )
        doc = _read_docx(converted, shown, fmt)
    doc.notices.append(tr(f"已用 LibreOffice 把 .{fmt} 转换为 .docx 读取。", f"converted from .{fmt} with LibreOffice."))
    return doc


def _read_docx(path: Path, shown: str, fmt: str) -> Document:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError
    from docx.text.paragraph import Paragraph

    _check_size(path, shown, MAX_DOCUMENT_SIZE)
    try:
        d = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError, OSError):
        raise BulletinError.single(
            shown,
            tr("这个 Word 文件打不开（可能已损坏，或者不是 .docx）。请在 Word/WPS 里打开后另存为 .docx 再导入。",
               "this Word file cannot be opened (damaged, or not a .docx). Save it again as .docx."),
        ) from None
    out: list[DocParagraph] = []

    def visit(element, parent) -> None:  # type: ignore[no-untyped-def]
        for child in element.iterchildren():
            if child.tag == _W + "p":
                out.append(_paragraph(Paragraph(child, parent), len(out) + 1))
            elif child.tag == _W + "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    for cell in row.cells:
                        visit(cell._tc, cell)

    visit(d.element.body, d._body)
    return Document(shown, out, fmt)


def _paragraph(p, number: int) -> DocParagraph:  # type: ignore[no-untyped-def]
    style = p.style
    style_bold = bool(style is not None and style.font.bold)
    runs = []
    for r in p.runs:
        text = r.text
        if not text:
            continue
        bold = r.bold if r.bold is not None else (bool(r.style.font.bold) if r.style is not None and r.style.font.bold else style_bold)
        color = None
        try:
            if r.font.color is not None and r.font.color.type is not None and r.font.color.rgb is not None:
                color = str(r.font.color.rgb).upper()
        except (AttributeError, ValueError):
            color = None
        runs.append(Run(text, bold=bool(bold), color=color, font=_run_font(r), size_pt=r.font.size.pt if r.font.size else None))
    alignment = _alignment(p._p.pPr)
    while alignment is None and style is not None:
        alignment = _alignment(style.element.pPr)
        style = style.base_style
    style = p.style
    ppr = p._p.pPr
    borders: tuple[str, ...] = ()
    indent = 0.0
    if ppr is not None:
        bdr = ppr.find(_W + "pBdr")
        if bdr is not None:
            borders = tuple(c.tag[len(_W):] for c in bdr)
        ind = ppr.find(_W + "ind")
        if ind is not None and ind.get(_W + "firstLineChars"):
            indent = int(ind.get(_W + "firstLineChars")) / 100
    return DocParagraph(
        runs=tuple(runs), alignment=alignment, style=style.name if style is not None else None,
        first_line_indent_chars=indent, line=number, borders=borders,
    )


def _run_font(r) -> str | None:  # type: ignore[no-untyped-def]
    rpr = r._r.rPr
    if rpr is not None:
        fonts = rpr.find(_W + "rFonts")
        if fonts is not None:
            return fonts.get(_W + "eastAsia") or fonts.get(_W + "ascii")
    return r.font.name


_JC = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
       "both": "both", "distribute": "both"}


def _alignment(ppr) -> str | None:  # type: ignore[no-untyped-def]
    """Read ``w:jc`` directly: python-docx has no mapping for values such as ``start`` that
    LibreOffice and newer Word write."""
    jc = ppr.find(_W + "jc") if ppr is not None else None
    return _JC.get(jc.get(_W + "val", "")) if jc is not None else None

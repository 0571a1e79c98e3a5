"""Reading back what LibreOffice printed: text lines with positions, per page (pdfplumber)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Line:
    page: int  # 1-based
    top: float
    x0: float
    x1: float
    text: str  # without spaces
    size: float
    fonts: set
    colors: set
    chars: list


def pdf_lines(pdf_path: Path) -> tuple[list[Line], list[tuple[float, float]]]:
    """All text lines of the PDF in reading order, and each page's (width, height)."""
    import pdfplumber

    out: list[Line] = []
    sizes = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for pno, page in enumerate(pdf.pages, start=1):
            sizes.append((page.width, page.height))
            rows: dict[int, list] = {}
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                key = round(ch["bottom"] * 2)  # baselines: same row within 0.5 pt
                for k in (key - 1, key + 1):
                    if k in rows:
                        key = k
                        break
                rows.setdefault(key, []).append(ch)
            for key in sorted(rows):
                chars = sorted(rows[key], key=lambda c: c["x0"])
                out.append(
                    Line(
                        page=pno,
                        top=min(c["top"] for c in chars),
                        x0=chars[0]["x0"],
                        x1=chars[-1]["x1"],
                        text="".join(c["text"] for c in chars),
                        size=max(c["size"] for c in chars),
                        fonts={c["fontname"] for c in chars},
                        colors={str(c.get("non_stroking_color")) for c in chars},
                        chars=chars,
                    )
                )
    return out, sizes


def body_lines(lines: list[Line], issue) -> list[Line]:  # type: ignore[no-untyped-def]
    """The body text lines (三号 size): from the first note/column heading on, without the
    masthead, page numbers and tail."""
    first = (issue.note[0] if issue.note else issue.columns[0].heading)[:5]
    out: list[Line] = []
    started = False
    for line in lines:
        if line.top < 100 or line.top > 742:  # header (draft stamp) or footer
            continue
        if not (15.5 < line.size < 16.5):
            if started and line.size > 16.5:  # a centred article title
                out.append(line)
            continue
        if not started:
            if line.text.startswith(first):
                started = True
            else:
                continue
        out.append(line)
    return out


def grid_lines(issue) -> list[str]:  # type: ignore[no-untyped-def]
    """The estimate's body lines (grid.blocks), as printed text without spaces."""
    from bulletin_cli.render import grid

    out = []
    for b in grid.blocks(issue):
        if b.kind in ("note", "heading", "paragraph"):
            starts = list(b.starts) + [len(b.text)]
            for a, c in zip(starts, starts[1:]):
                out.append(b.text[a:c].replace(" ", ""))
    return out


def pdf_page_count(pdf_path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        return len(pdf.pages)


def render_issues(issues: dict, work: Path) -> dict:  # type: ignore[type-arg]
    """Write each issue as a .docx and render them all in one LibreOffice run:
    name -> (issue, pdf path, lines, page sizes)."""
    from bulletin_cli.render.docx import write_docx
    from bulletin_cli.render.pdf import convert_many
    from ooxml_audit_helpers import assert_schema_valid

    docs = []
    for name, issue in issues.items():
        path = work / f"{name}.docx"
        write_docx(issue, path)
        assert_schema_valid(path)  # every rendered document is also schema-valid
        docs.append(path)
    out = {}
    for (name, issue), pdf in zip(issues.items(), convert_many(docs, work)):
        lines, sizes = pdf_lines(pdf)
        out[name] = (issue, pdf, lines, sizes)
    return out


def dash_offsets_mm(pdf_path: Path, bottom_mm: float = 297 - 35, dpi: int = 300) -> list[float]:
    """For each page: how far (mm) the centre of the page number's dash stroke lies below the
    type area, measured on the printed image (pdftoppm), not on font boxes. The dash is the
    widest horizontal run of ink under the type area."""
    import subprocess
    import tempfile

    from PIL import Image

    out = []
    mm = dpi / 25.4
    y0 = int((bottom_mm + 1) * mm)  # below the type area (and the tail's last rule)
    with tempfile.TemporaryDirectory() as tmp:
        # only the band under the type area is rasterised
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-x", "0", "-y", str(y0),
                        "-W", str(int(210 * mm)), "-H", str(int((297 - bottom_mm - 1) * mm)),
                        str(pdf_path), f"{tmp}/p"], check=True, capture_output=True)
        for png in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            band = Image.open(png).convert("L").point(lambda v: 255 if v < 128 else 0)
            rows = []
            data = band.tobytes()
            bw = band.size[0]
            for y in range(band.size[1]):
                row = data[y * bw:(y + 1) * bw]
                best = max((len(r) for r in row.split(b"\x00")), default=0)
                if best > 3 * mm:  # a stroke longer than 3 mm: the em dash
                    rows.append(y)
            if rows:
                out.append(round(((rows[0] + rows[-1]) / 2 + y0) / mm - bottom_mm, 2))
    return out

"""PDF through LibreOffice: ``soffice --headless --convert-to pdf``.

Each conversion runs with its own throw-away user profile (``-env:UserInstallation``) so it
neither collides with a LibreOffice the user has open nor depends on their settings, and with
``FONTCONFIG_FILE`` pointing at a generated configuration that includes the system's and
``fonts/bulletin-fonts.conf``, which maps the Windows/方正 font names a bulletin uses to free
fonts (see that file). Only the soffice process sees the mapping.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ..messages import tr

FONTS_CONF = Path(__file__).with_name("fonts") / "bulletin-fonts.conf"
_SYSTEM_CONF = Path("/etc/fonts/fonts.conf")

class PdfUnavailable(Exception):
    """LibreOffice is not installed (or not found): PDF export cannot run."""

    def __init__(self, message: str | None = None) -> None:
        from ..platform_support import no_converter_message

        super().__init__(message or no_converter_message())


class PdfFailed(Exception):
    """LibreOffice ran but produced no PDF (timeout, crash, unreadable document)."""


def soffice_path() -> str | None:
    """The LibreOffice executable, or None. ``BULLETIN_SOFFICE`` overrides the search, which
    knows each platform's install locations (see ``platform_support.find_soffice``)."""
    from ..platform_support import find_soffice

    return find_soffice()


def fontconfig_file(workdir: Path) -> Path | None:
    """Write a fonts.conf that includes the system configuration and ours; None on systems
    without fontconfig (Windows, macOS: the fonts are real there)."""
    if not _SYSTEM_CONF.exists() or not FONTS_CONF.exists():
        return None
    conf = workdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <include ignore_missing=\"yes\">{_SYSTEM_CONF}</include>\n"
        f"  <include>{FONTS_CONF.resolve()}</include>\n"
        f"  <cachedir>{workdir / 'fc-cache'}</cachedir>\n"
        "  <cachedir>~/.cache/fontconfig</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def libreoffice_copies(docxs: list[Path], folder: Path) -> list[Path]:
    """Copies of the documents as LibreOffice must be given them: ``w:overflowPunct``
    inverted, because LibreOffice imports it inverted (see OVERFLOW_PUNCT in docx.py). The
    copy then breaks lines exactly as Word/WPS break the original, and loses no
    punctuation. Same file names, so the PDFs keep theirs."""
    import zipfile

    from .ooxml import set_overflow_punct

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for d in docxs:
        target = folder / Path(d).name
        with zipfile.ZipFile(d) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename in ("word/document.xml", "word/styles.xml"):
                    data = set_overflow_punct(data, _libreoffice_overflow_value(data))
                dst.writestr(info, data)
        out.append(target)
    return out


def _libreoffice_overflow_value(xml: bytes) -> bool:
    """The inverse of what the file says (its first overflowPunct; all are equal)."""
    import re

    m = re.search(rb'<w:overflowPunct w:val="([01])"', xml)
    return not (m is not None and m.group(1) == b"1")


def convert_to_pdf(docx: Path, out_pdf: Path, timeout: float = 120) -> None:
    """Render ``docx`` to ``out_pdf`` with LibreOffice. Raises PdfUnavailable when soffice is
    missing, PdfFailed when it produced nothing, OSError when ``out_pdf`` cannot be written."""
    from ..fsutil import atomic_write_bytes

    with tempfile.TemporaryDirectory(prefix="bulletin-pdf-") as tmp:
        (produced,) = convert_many([Path(docx)], Path(tmp), timeout=timeout)
        atomic_write_bytes(Path(out_pdf), produced.read_bytes())


def convert_many(docxs: list[Path], outdir: Path, timeout: float = 300) -> list[Path]:
    """Render several documents in one LibreOffice run (its start-up is most of the cost);
    returns the PDFs, ``outdir/<stem>.pdf``, in the order given."""
    exe = soffice_path()
    if exe is None:
        raise PdfUnavailable()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bulletin-lo-") as tmp:
        work = Path(tmp)
        docxs = libreoffice_copies(docxs, work / "in")
        profile = work / "profile"
        env = dict(os.environ)
        conf = fontconfig_file(work)
        if conf is not None:
            env["FONTCONFIG_FILE"] = str(conf)
        env.setdefault("HOME", str(work))
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            *(str(Path(d).resolve()) for d in docxs),
        ]
        for d in docxs:
            (outdir / (Path(d).stem + ".pdf")).unlink(missing_ok=True)
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, timeout=timeout, check=False)
        except FileNotFoundError as exc:
            raise PdfUnavailable() from exc
        except subprocess.TimeoutExpired as exc:
            raise PdfFailed(tr(f"LibreOffice 转换超时（{timeout:.0f} 秒）。",
                               f"LibreOffice timed out after {timeout:.0f} s.")) from exc
    produced = [outdir / (Path(d).stem + ".pdf") for d in docxs]
    missing = [p for p in produced if not p.exists()]
    if missing:
        detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()[-500:]
        raise PdfFailed(tr(f"LibreOffice 未能生成 PDF:{detail}",
                           f"LibreOffice produced no PDF: {detail}"))
    return produced

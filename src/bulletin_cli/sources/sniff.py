"""What a file really is, read from its bytes: units rename files (an .odt saved as .docx, a
.docx attached as .txt), so the name says what the clerk expects, the bytes what to read.

The one place that knows the signatures; the readers decide what to do with the answer."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc, .wps, an encrypted .docx
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def is_office_file(path: Path) -> bool:
    """A zip or compound file (a Word/ODF document, whatever its name says), from its first
    bytes. Call after ``load.require_regular_file``: a pipe is never opened."""
    try:
        with open(path, "rb") as f:
            return f.read(len(CFB_MAGIC)).startswith((ZIP_MAGIC, CFB_MAGIC))
    except OSError:
        return False  # the reader that follows says why it cannot be read


def sniff_format(data: bytes) -> str | None:
    """``docx``, ``odt``, ``doc`` (Word 97–2003), ``encrypted`` (a password-protected .docx)
    or None (not an office document, or one too damaged to say)."""
    if data.startswith(CFB_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted"
        return "doc" if "WordDocument".encode("utf-16-le") in data else None
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            info = zf.getinfo("mimetype") if "mimetype" in names else None
            if info is not None and info.file_size <= 100 and zf.read(info).strip() == ODT_MIMETYPE:
                return "odt"
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zipfile.LargeZipFile):
        return None
    return None

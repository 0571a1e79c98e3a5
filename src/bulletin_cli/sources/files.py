"""Reading any file a user sends: bounded reads of regular files only, bytes → text the way
clerks' files come (UTF-8 with or without BOM, GB18030/GBK, UTF-16, any line ends), and the
characters no document can hold. Every reader in ``sources/`` starts here."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import BulletinError, Problem
from ..fsutil import describe_os_error
from ..messages import tr

DEFAULT_MAX_SIZE = 1_000_000

@dataclass
class Source:
    """A file read and decoded, with its text normalised to LF."""

    path: Path
    text: str
    encoding: str
    display: str = ""

    def __post_init__(self) -> None:
        if not self.display:
            self.display = str(self.path)


# ---------------------------------------------------------------------------------- bytes → text


def read_source(
    path: Path, *, max_size: int = DEFAULT_MAX_SIZE, display: str | None = None, not_text: str | None = None
) -> Source:
    """Read a file the way clerks send them: UTF-8 with or without BOM, GB18030/GBK, UTF-16
    with BOM, CRLF or CR line ends. ``not_text``: what to say of a binary file, when it is not
    a submission (the default speaks of the .yaml template)."""
    shown = display or str(path)
    info = require_regular_file(path, shown)
    if info.st_size > max_size:
        raise BulletinError.single(shown, _too_large_message(info.st_size, max_size))
    raw = _read_bounded(path, shown, max_size)
    text, encoding = decode_bytes(raw, shown, not_text=not_text)
    source = Source(path, normalise_newlines(text), encoding, shown)
    check_characters(source)
    return source


def _slash_hint(path: Path) -> str:
    """A path written the Windows way (收件箱\\经济增长.docx) on a system where \\ is part of a
    name: say so, and name the file meant when it is there."""
    name = str(path)
    if os.sep != "/" or "\\" not in name:
        return ""
    meant = Path(name.replace("\\", "/"))
    if meant.exists():
        return tr(f"这台电脑的路径用“/”分隔：您是不是要写“{meant}”？", f" Paths here use “/”: did you mean “{meant}”?")
    return tr("（这台电脑的路径用“/”分隔，不用“\\”。）", " (paths here use “/”, not “\\”.)")


def require_regular_file(path: Path, shown: str) -> os.stat_result:
    """Refuse a missing file, a folder, a device or a pipe before anything opens it: every
    reader (YAML, Word, text) calls this first, so /dev/zero or a FIFO never blocks or floods
    a reader, and the clerk gets the same sentence whatever the file's name ends in."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise BulletinError.single(shown, tr("找不到这个文件。", "file not found.") + _slash_hint(path)) from None
    except OSError as exc:
        raise BulletinError.single(shown, tr("无法读取：", "cannot read: ") + describe_os_error(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise BulletinError.single(shown, tr("这是一个文件夹，不是文件。", "this is a folder, not a file."))
    if not stat.S_ISREG(info.st_mode):
        raise BulletinError.single(shown, _not_regular_message())
    return info


def read_regular_bytes(path: Path, shown: str, max_size: int) -> bytes:
    """The bytes of a regular file, at most ``max_size`` of them (see ``_read_bounded``)."""
    return _read_bounded(path, shown, max_size)


def _not_regular_message() -> str:
    return tr(
        "这不是一个普通文件（是设备、管道或其他特殊文件），不能作为报送材料读取。请选择保存在磁盘上的材料文件（.yaml、.docx、.txt 等）。",
        "this is not a regular file (a device, pipe or other special file); choose a file saved on disk.",
    )


def _too_large_message(size: int, max_size: int) -> str:
    return tr(
        f"文件太大（{size:,} 字节以上，上限 {max_size:,} 字节）。报送材料一般只有几十 KB；"
        "请确认没有选错文件。确需更大的文件，可在 bulletin.yaml 中设置 max_file_size。",
        f"file too large ({size:,} bytes or more, limit {max_size:,}). Check that this is the right "
        "file; raise max_file_size in bulletin.yaml if needed.",
    )


def _read_bounded(path: Path, shown: str, max_size: int) -> bytes:
    """Read at most ``max_size`` bytes. Opened without blocking and checked again after
    opening, so a file swapped for a pipe or a device between the checks cannot hang us, and a
    file that grows while we read cannot exhaust memory."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise BulletinError.single(shown, tr("无法读取：", "cannot read: ") + describe_os_error(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BulletinError.single(shown, _not_regular_message())
        chunks: list[bytes] = []
        total = 0
        while total <= max_size:
            chunk = os.read(fd, min(1 << 20, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise BulletinError.single(shown, tr("无法读取：", "cannot read: ") + describe_os_error(exc)) from None
    finally:
        os.close(fd)
    if total > max_size:
        raise BulletinError.single(shown, _too_large_message(total, max_size))
    return b"".join(chunks)


def decode_bytes(raw: bytes, shown: str, *, not_text: str | None = None) -> tuple[str, str]:
    if not raw.strip():
        raise BulletinError.single(shown, tr("文件是空的。", "the file is empty."))
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in raw[:8192] or _looks_binary(raw):
            raise BulletinError.single(
                shown,
                not_text
                or tr(
                    "这不是文本文件（可能是 Word、图片或压缩包）。请把内容复制到模板的 .yaml 文件里再报送。",
                    "this is not a text file (a Word document, picture or archive?). Copy the text "
                    "into the .yaml template.",
                ),
            )
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    # Neither UTF-8 nor GB18030: say where the first bad byte is.
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BulletinError.single(
            shown,
            tr(
                f"第 {line} 行有无法识别的字符编码。请用“另存为 → UTF-8”保存后重新报送。",
                f"unrecognised text encoding at line {line}. Save the file as UTF-8 and send it again.",
            ),
            line,
        ) from None
    raise AssertionError("unreachable")


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    magic = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!")
    if head.startswith(magic):
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) // 20


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Characters that cannot go into a .docx (XML 1.0 forbids them) or that no clerk means to send.
_BAD_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff"
_BAD_CHARS = re.compile(f"[{_BAD_CLASS}]")
# In a value, escapes ("\x01", "\r", "\u2028") can produce any of them, and a carriage return too.
BAD_VALUE_CHARS = re.compile(f"[{_BAD_CLASS}\r]")


def check_characters(source: Source) -> None:
    problems = []
    for lineno, line in enumerate(source.text.split("\n"), 1):
        for m in _BAD_CHARS.finditer(line):
            ch = m.group()
            problems.append(
                Problem(
                    source.display,
                    tr(
                        f"有一个看不见的控制字符 U+{ord(ch):04X}（常见于从网页或微信复制的文字），"
                        "Word 文档里放不进去。请删掉它后重新保存。",
                        f"invisible control character U+{ord(ch):04X} (often pasted from a web page); "
                        "it cannot go into a .docx. Delete it and save again.",
                    ),
                    lineno,
                    m.start() + 1,
                )
            )
            if len(problems) >= 20:
                raise BulletinError(problems)
    if problems:
        raise BulletinError(problems)



def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

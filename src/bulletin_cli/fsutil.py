"""Atomic file writes: a failed command never leaves a half-written file behind."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

# The workspace's own folder (lock, history): here, not in lock.py, so that read-only commands
# reading the history need not import the lock (and socket, getpass with it).
STATE_DIR = ".bulletin"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target.

    Raises OSError (PermissionError when the target is open in Word on Windows or the folder
    is read-only); the caller turns it into a message."""
    path = Path(path)
    try:
        try:
            mode = path.stat().st_mode & 0o777  # keep the mode of the file being replaced
        except FileNotFoundError:
            mode = 0o666 & ~_umask()  # a new file: what open() would give, not mkstemp's 0600
        tmp = _write_temp(path, data, mode)
        try:
            os.replace(tmp, path)
        except BaseException:
            _discard(tmp)
            raise
    except OSError as exc:
        if exc.errno is None or exc.filename == str(path):
            raise
        # the clerk named the target; the temporary file's name would only puzzle them
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None


_OS_ERRORS = {
    errno.ENOENT: ("找不到这个文件，或它所在的文件夹不存在。", "no such file, or its folder does not exist."),
    errno.ENOTDIR: ("路径里有一段不是文件夹。", "a part of the path is not a folder."),
    errno.EISDIR: ("这是一个文件夹，不是文件。", "this is a folder, not a file."),
    errno.ENAMETOOLONG: ("文件名太长，请换一个短一些的名字。", "the file name is too long; choose a shorter one."),
    errno.ENOSPC: ("磁盘已满，请腾出空间后重试。", "the disk is full."),
    errno.EROFS: ("这个位置是只读的，请换一个文件夹。", "this place is read-only; choose another folder."),
}


def describe_os_error(exc: OSError) -> str:
    """What a failed read or write means, in the clerk's language (the system's own text is
    English on most machines); unknown cases keep the system's text."""
    from .messages import tr

    known = _OS_ERRORS.get(exc.errno or 0)
    return tr(*known) if known else (exc.strerror or str(exc))


def _write_temp(path: Path, data: bytes, mode: int) -> str:
    """A complete, synced temporary copy of ``data`` beside ``path`` (removed on failure)."""
    import tempfile  # here, not at the top: commands that only read never write a file

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """UTF-8 with LF line ends, whatever the platform."""
    atomic_write_bytes(path, text.encode("utf-8"))


# A temporary file of atomic_write_bytes: ".<name>.<8 random chars>.tmp". A kill -9 between
# writing and renaming leaves one behind; the next writing command removes it.
TEMP_FILE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def is_temp_file(name: str) -> bool:
    return bool(TEMP_FILE.match(name))


def create_new_bytes(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, never replacing anything (FileExistsError if it exists).

    The data is written to a temporary file first and then linked into place, so the name
    appears complete or not at all, and two writers can never both win the same name (the
    link fails like O_EXCL). On file systems without hard links, falls back to an O_EXCL
    create of the final name."""
    path = Path(path)
    tmp = _write_temp(path, data, 0o666 & ~_umask())
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some SMB/FAT shares): exclusive create instead
            out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            with os.fdopen(out, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    finally:
        _discard(tmp)


def keep_copy(source: Path, target: Path) -> None:
    """Make ``target`` a copy of ``source`` that survives ``source`` being replaced: a hard
    link when the file system has them (instant and atomic), else a byte copy. Never
    replaces an existing ``target``."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass
    create_new_bytes(target, Path(source).read_bytes())

"""Atomic file writes: a failed command never leaves a half-written file behind."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target.

    Raises OSError (PermissionError when the target is open in Word on Windows or the folder
    is read-only); the caller turns it into a message."""
    path = Path(path)
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


def _write_temp(path: Path, data: bytes, mode: int) -> str:
    """A complete, synced temporary copy of ``data`` beside ``path`` (removed on failure)."""
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

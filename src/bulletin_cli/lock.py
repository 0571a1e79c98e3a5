"""The workspace lock: one writing command at a time, also across machines on a shared drive.

fcntl/flock locks are unreliable on SMB and NFS, so the lock is a plain file created with
O_CREAT|O_EXCL (atomic on every file system the clerks use), holding who took it, where and
when. A lock whose owner is gone is taken over: on the same machine when its process no
longer exists, from another machine once it is older than ``STALE_AFTER`` seconds, or at once
with ``bulletin unlock`` / ``--break-lock``. Re-entrant within one process, so a command may
call library functions that take the lock themselves.

Use::

    with workspace_lock(ws.root, "withdraw"):
        ...  # read, decide and write
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import BulletinError
from .fsutil import STATE_DIR
from .messages import tr

LOCK_NAME = "lock"
STALE_AFTER = 2 * 3600.0  # seconds: a lock from another machine older than this is stale
UNREADABLE_AFTER = 5.0  # seconds: writing the lock's few bytes never takes this long
WAIT = 15.0  # seconds a command waits for another one to finish before giving up

_held: dict[Path, tuple[int, str]] = {}  # lock file → (depth, our token)


@dataclass
class LockInfo:
    owner: str = "?"
    host: str = "?"
    pid: int = 0
    time: str = ""
    command: str = ""
    token: str = ""

    @classmethod
    def parse(cls, text: str) -> LockInfo:
        import json  # here, not at the top: validate and status read no lock

        try:
            data = json.loads(text)
            return cls(
                owner=str(data.get("owner", "?")),
                host=str(data.get("host", "?")),
                pid=int(data.get("pid", 0)),
                time=str(data.get("time", "")),
                command=str(data.get("command", "")),
                token=str(data.get("token", "")),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()

    def started(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.time)
        except ValueError:
            return None

    def since(self) -> str:
        """When the lock was taken, as every message prints it (clock time of the holder, no
        ``T`` or UTC offset: a clerk reads ``2026-11-28 05:46:30``)."""
        started = self.started()
        return started.strftime("%Y-%m-%d %H:%M:%S") if started else tr("不详", "unknown")


def lock_path(root: Path) -> Path:
    return Path(root) / STATE_DIR / LOCK_NAME


def _host() -> str:
    import socket

    return socket.gethostname() or "?"


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still lock
        return "?"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process there
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _alive_windows(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def is_stale(info: LockInfo, mtime: float) -> bool:
    """Same machine: the process is gone. Another machine: too old. An unreadable lock (its
    owner was killed while writing it): older than a few seconds."""
    if not info.token:
        return time.time() - mtime > UNREADABLE_AFTER
    if info.host == _host() and info.pid:
        return not _alive(info.pid)
    return time.time() - mtime > _env_float("BULLETIN_LOCK_STALE_SECONDS", STALE_AFTER)


def _try_create(path: Path, command: str) -> str | None:
    """Our token when the lock file was created, None when it exists already."""
    token = uuid.uuid4().hex
    info = {
        "owner": _user(),
        "host": _host(),
        "pid": os.getpid(),
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": command,
        "token": token,
    }
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return None
    import json

    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        # a full disk lets the empty file be created, then refuses its content: leave no lock,
        # and name the file (the error of a write through a descriptor carries no name)
        path.unlink(missing_ok=True)
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    return token


def _take_over(path: Path, seen: bytes) -> None:
    """Remove a stale lock, but only the one we judged: move it aside under a unique name,
    check it is the same bytes, and put it back if another command took the lock meanwhile."""
    aside = path.with_name(f"{LOCK_NAME}.broken-{uuid.uuid4().hex}")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return
    try:
        if aside.read_bytes() != seen:
            try:
                os.link(aside, path)  # a fresh lock: restore it (fails if yet another exists)
            except OSError:
                pass
    finally:
        aside.unlink(missing_ok=True)


def held_message(root: Path, info: LockInfo) -> BulletinError:
    since = info.since()
    return BulletinError.single(
        str(Path(STATE_DIR) / LOCK_NAME),
        tr(
            f"工作目录正被另一个命令使用：{info.owner} 在电脑 {info.host} 上（进程 {info.pid}）"
            f"从 {since} 起运行“bulletin {info.command}”。请等它完成后再试。"
            "如果确定那个命令已经不在运行（例如电脑死机或断网），可以运行 bulletin unlock 解除锁定。",
            f"the workspace is in use: {info.owner} on {info.host} (process {info.pid}) has been "
            f"running “bulletin {info.command}” since {since}. Try again when it is done; if you are "
            "sure it is no longer running, run bulletin unlock.",
        ),
    )


@contextmanager
def workspace_lock(root: Path, command: str, *, break_lock: bool = False, wait: float | None = None) -> Iterator[None]:
    """Hold the workspace lock for the block; wait up to ``wait`` seconds for another holder.
    On taking it, remove what a killed command left behind (``history.clean_leftovers``): only
    the holder may, since a running command's temporary files look the same."""
    path = lock_path(root).absolute()
    if path in _held:
        depth, token = _held[path]
        _held[path] = (depth + 1, token)
        try:
            yield
        finally:
            depth, token = _held[path]
            if depth > 1:
                _held[path] = (depth - 1, token)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (wait if wait is not None else _env_float("BULLETIN_LOCK_WAIT", WAIT))
    broken = False
    while True:
        token = _try_create(path, command)
        if token is not None:
            break
        try:
            seen = path.read_bytes()
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            continue
        info = LockInfo.parse(seen.decode("utf-8", "replace"))
        if (break_lock and not broken) or is_stale(info, mtime):
            broken = True
            _take_over(path, seen)
            continue
        if time.monotonic() >= deadline:
            raise held_message(root, info)
        time.sleep(0.1)
    _held[path] = (1, token)
    try:
        from .history import clean_leftovers

        clean_leftovers(root)
        yield
    finally:
        del _held[path]
        try:
            if LockInfo.parse(path.read_text(encoding="utf-8")).token == token:
                path.unlink()
        except OSError:
            pass


def break_lock(root: Path) -> LockInfo | None:
    """Remove the lock whoever holds it (``bulletin unlock``); the holder's details, or None."""
    path = lock_path(root)
    try:
        seen = path.read_bytes()
    except FileNotFoundError:
        return None
    _take_over(path, seen)
    return LockInfo.parse(seen.decode("utf-8", "replace"))

"""The history: every version that ever left ``fragments/`` is kept, never overwritten.

A fragment that is replaced (``add-section --replace``), withdrawn (``bulletin withdraw``) or
rewritten by ``lint --fix`` is first kept here, under a name no other copy can take: the
time to the nanosecond, the process and a counter, created exclusively. A deleted issue is
moved here whole. The history lives outside ``issues/`` so validate never reads it as
submissions::

    <workspace>/.bulletin/history/005/20230721T101502.123456789-p4242-1-replaced-<unit file>.yaml
    <workspace>/.bulletin/history/deleted/006-20230721T101502.123456789-p4242-1/

A kept version comes back with ``bulletin add-section --replace <that file>``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from .fsutil import STATE_DIR, is_temp_file, keep_copy
from .messages import tr

HISTORY_DIR = "history"
DELETED_DIR = "deleted"
NEW_ISSUE_PREFIX = ".new-"  # an issue folder being built by `new`

EVENTS = {
    "replaced": ("被新版本替换", "replaced"),
    "withdrawn": ("撤下", "withdrawn"),
    "before-fix": ("lint --fix 改正前", "before lint --fix"),
}

_counter = itertools.count(1)
_NAME = re.compile(r"^(\d{8}T\d{6})\.(\d{9})-p(\d+)-(\d+)-(" + "|".join(EVENTS) + r")-(.+)$")


def history_root(root: Path) -> Path:
    return Path(root) / STATE_DIR / HISTORY_DIR


def issue_history(root: Path, number: int) -> Path:
    return history_root(root) / f"{number:03d}"


def unique_stamp() -> str:
    """Local time to the nanosecond, the process and a per-process counter: two copies made
    in the same second, or by two processes at once, never get the same name."""
    ns = time.time_ns()
    local = dt.datetime.fromtimestamp(ns // 1_000_000_000)
    return f"{local:%Y%m%dT%H%M%S}.{ns % 1_000_000_000:09d}-p{os.getpid()}-{next(_counter)}"


class Entry(NamedTuple):  # not a dataclass: cheaper to create at import
    path: Path
    number: int
    event: str
    file: str  # the fragment's file name when it was kept
    when: dt.datetime

    @property
    def event_text(self) -> str:
        zh, en = EVENTS[self.event]
        return tr(zh, en)

    def team(self) -> str | None:
        from .workspace import guess_team

        return guess_team(self.path)


def keep(root: Path, number: int, fragment: Path, event: str) -> Path:
    """Keep the current bytes of ``fragment`` in the history before it changes; the copy's path."""
    folder = issue_history(root, number)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        target = folder / f"{unique_stamp()}-{event}-{fragment.name}"
        try:
            keep_copy(fragment, target)
            return target
        except FileExistsError:
            continue


def entries(root: Path, number: int) -> list[Entry]:
    """The kept versions of one issue, oldest first."""
    folder = issue_history(root, number)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if not m or not path.is_file():
            continue
        when = dt.datetime.strptime(m[1], "%Y%m%dT%H%M%S").replace(microsecond=int(m[2]) // 1000)
        found.append((m[1], m[2], int(m[4]), Entry(path, number, m[5], m[6], when)))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    return [t[3] for t in found]


def latest_events(root: Path, number: int) -> dict[str, str]:
    """What last happened to each fragment file of the issue, as far as the history knows."""
    return {e.file: e.event for e in entries(root, number)}  # oldest first: the latest wins


def digest(text: str) -> str:
    import hashlib  # here: check_issue imports this module for leftovers(), and hashlib costs ms

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def deleted_issues(root: Path) -> list[Path]:
    folder = history_root(root) / DELETED_DIR
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def move_issue_away(root: Path, issue_dir: Path) -> Path:
    """Move a whole issue folder into the history in one rename; its new path."""
    folder = history_root(root) / DELETED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        target = folder / f"{issue_dir.name}-{unique_stamp()}"
        if not target.exists():
            os.rename(issue_dir, target)
            return target


# -------------------------------------------------------------- leftovers of a crash


def leftovers(root: Path) -> Iterator[Path]:
    """Temporary files and half-built issue folders a killed command left behind."""
    issues = Path(root) / "issues"
    if issues.is_dir():
        for entry in issues.iterdir():
            if entry.name.startswith(NEW_ISSUE_PREFIX) or is_temp_file(entry.name):
                yield entry
            elif entry.is_dir() and not entry.is_symlink():
                for sub in (entry, entry / "fragments"):
                    if sub.is_dir() and not sub.is_symlink():
                        yield from (p for p in sub.iterdir() if is_temp_file(p.name))
    hist = history_root(root)
    if hist.is_dir():
        for folder in hist.iterdir():
            if folder.is_dir() and not folder.is_symlink():
                yield from (p for p in folder.iterdir() if is_temp_file(p.name))


def clean_leftovers(root: Path) -> list[Path]:
    """Remove what ``leftovers`` finds. Only under the workspace lock: a running command's
    temporary files look the same."""
    removed = []
    for path in list(leftovers(root)):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


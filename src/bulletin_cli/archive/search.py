"""``bulletin search``: which issue, unit and sentence mention some words, newest first.

A linear scan of the YAML files is fast enough (benchmarks/bench_search.py: 500 issues), because
a file is parsed only when its raw text, with whitespace removed, contains every word: a cheap
superset of the files that can match. No index to keep in step, nothing written. python-docx
is never imported here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from ..assemble import split_paragraphs
from ..model import KEY_ALIASES
from ..workspace import FRAGMENTS_DIR, ISSUE_FILE, Workspace

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?[”’」』）)]*")
NOTE = "按语"


@dataclass(frozen=True)
class Hit:
    issue: int
    date: str
    total: int | None
    team: str  # the unit; "" for the 按语
    column: str  # "按语" for the note
    title: str
    sentence: str  # the sentences of the paragraph that mention a word, joined with ……
    file: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _canon(data: object) -> object:
    if isinstance(data, dict):
        return {KEY_ALIASES.get(k, k) if isinstance(k, str) else k: v for k, v in data.items()}
    return data


def _load(path: Path) -> dict | None:  # type: ignore[type-arg]
    try:
        data = _canon(yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # a broken file is `bulletin validate`'s business, not search's
    return data if isinstance(data, dict) else None


def sentences_with(paragraph: str, words: list[str]) -> str:
    found = [s for s in _SENTENCE.findall(paragraph) if s and any(w in s for w in words)]
    return "……".join(s.strip() for s in found)


def _matches(text: str, words: list[str]) -> bool:
    return all(w in text for w in words)


def search(
    ws: Workspace, words: list[str], *, year: int | None = None, team: str | None = None
) -> Iterator[Hit]:
    """Every paragraph (or item title) that contains all ``words``, newest issue first."""
    words = [w for w in (_SPACE.sub("", w) for w in words) if w]
    if not ws.issues_dir.is_dir() or not words:
        return
    folders = sorted(
        (p for p in ws.issues_dir.iterdir() if p.name.isdigit() and (p / ISSUE_FILE).is_file()),
        key=lambda p: int(p.name),
    )
    issues = []
    for folder in folders:
        info = _load(folder / ISSUE_FILE) or {}
        date = info.get("date")
        if isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date)
            except ValueError:
                date = None
        if not isinstance(date, dt.date):
            date = None
        if year is not None and (date is None or date.year != year):
            continue
        issues.append((date or dt.date.min, int(folder.name), folder, info))
    issues.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for date, number, folder, info in issues:
        total = info.get("total") if isinstance(info.get("total"), int) else None
        shown = date.isoformat() if date != dt.date.min else ""
        note = info.get("note")
        if team is None and isinstance(note, str) and _matches(_SPACE.sub("", note), words):
            for para in split_paragraphs(note):
                if _matches(para, words):
                    yield Hit(number, shown, total, "", NOTE, "", sentences_with(para, words), ws.rel(folder / ISSUE_FILE))
        fragments = folder / FRAGMENTS_DIR
        if not fragments.is_dir():
            continue
        for path in sorted(fragments.iterdir()):
            if path.suffix.lower() not in (".yaml", ".yml"):
                continue
            try:
                raw = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            flat = _SPACE.sub("", raw)
            if not _matches(flat, words) or (team is not None and team not in flat):
                continue
            data = _load(path)
            if data is None or not isinstance(data.get("team"), str):
                continue
            if team is not None and data["team"] != team:
                continue
            yield from _fragment_hits(data, words, number, shown, total, ws.rel(path))


def _fragment_hits(data: dict, words: list[str], number: int, date: str, total: int | None, file: str) -> Iterator[Hit]:  # type: ignore[type-arg]
    sections = data.get("sections")
    if not isinstance(sections, dict):
        return
    for column, items in sections.items():
        if not isinstance(items, list):
            continue
        for item in items:
            title, text = "", item
            if isinstance(item, dict):
                item = _canon(item)
                title, text = str(item.get("title", "")), item.get("text", "")
            if not isinstance(text, str):
                continue
            if title and _matches(title, words):
                yield Hit(number, date, total, data["team"], str(column), title, title, file)
            for para in split_paragraphs(text):
                if _matches(para, words):
                    yield Hit(number, date, total, data["team"], str(column), title, sentences_with(para, words), file)

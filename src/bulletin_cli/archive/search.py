"""``bulletin search``: which issue, unit and sentence mention some words, newest first.

A linear scan of the YAML files is fast enough (benchmarks/bench_search.py: 500 issues), because
a fragment is parsed only when its raw bytes, with ASCII whitespace removed, contain every word:
a cheap superset of the files that can match (YAML only folds lines and indents). No index to
keep in step, nothing written. python-docx
is never imported here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from ..assemble import printed_title, split_paragraphs
from ..dates import DateError, parse_date
from ..model import KEY_ALIASES
from ..sources.files import normalise_newlines
from ..sources.yaml_reader import load_as_printed
from ..workspace import FRAGMENTS_DIR, ISSUE_FILE, Workspace, is_submission_name

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


def _load(raw: bytes) -> dict | None:  # type: ignore[type-arg]
    try:
        data = _canon(load_as_printed(normalise_newlines(raw.decode("utf-8-sig"))))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None  # a broken file is `bulletin validate`'s business, not search's
    return data if isinstance(data, dict) else None


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b""


_DATE_LINE = re.compile(rb"^(?:date|\xe6\x97\xa5\xe6\x9c\x9f)\s*:\s*[\"']?(\d{4})-(\d{1,2})-(\d{1,2})[\"']?\s*(?:#.*)?$", re.M)
_TOTAL_LINE = re.compile(rb"^(?:total|\xe6\x80\xbb\xe6\x9c\x9f\xe5\x8f\xb7)\s*:\s*(\d+)\s*(?:#.*)?$", re.M)
_NOTE_KEY = re.compile(rb"^[\"']?(?:note|\xe6\x8c\x89\xe8\xaf\xad)[\"']?\s*:", re.M)


def _issue_info(raw: bytes) -> dict:  # type: ignore[type-arg]
    """date, total and note of an issue.yaml: read by a line pattern when it is written the
    way the tool writes it (most files, and fast), else parsed."""
    date, total = _DATE_LINE.search(raw), _TOTAL_LINE.search(raw)
    if date and not _NOTE_KEY.search(raw):
        try:
            return {"date": dt.date(int(date[1]), int(date[2]), int(date[3])), "total": int(total[1]) if total else None}
        except ValueError:
            pass
    return _load(raw) or {}


def sentences_with(paragraph: str, words: list[str]) -> str:
    """The sentences of ``paragraph`` that mention any of ``words``, joined with ……"""
    found = [s for s in _SENTENCE.findall(paragraph) if s and any(w in _SPACE.sub("", s) for w in words)]
    return "……".join(s.strip() for s in found)


def _matches(text: str, words: list[str]) -> bool:
    """Spaces do not count, on either side (the words come without them): `Windows Server`
    is found however it was typed or wrapped."""
    flat = _SPACE.sub("", text)
    return all(w in flat for w in words)


def search(
    ws: Workspace, words: list[str], *, year: int | None = None, team: str | None = None
) -> Iterator[Hit]:
    """Every paragraph (or item title) that contains all ``words``, newest issue first."""
    words = [w for w in (_SPACE.sub("", w) for w in words) if w]
    if not ws.issues_dir.is_dir() or not words:
        return
    # surrogateescape: bytes a non-UTF-8 terminal sent (U+DCxx) match nothing, as they should
    needles = [w.encode("utf-8", "surrogateescape") for w in words]
    team_needle = _SPACE.sub("", team).encode("utf-8", "surrogateescape") if team is not None else None
    issues = []
    with os.scandir(ws.issues_dir) as entries:
        folders = [e.path for e in entries if e.name.isdigit() and e.is_dir()]
    for folder in folders:
        raw = _read(os.path.join(folder, ISSUE_FILE))
        if not raw:
            continue
        info = _issue_info(raw)
        date = info.get("date")
        if isinstance(date, str):  # 2023年7月21日 and the other forms every command reads
            try:
                date = parse_date(date)
            except DateError:
                date = None
        if not isinstance(date, dt.date):
            date = None
        if year is not None and (date is None or date.year != year):
            continue
        issues.append((date or dt.date.min, int(os.path.basename(folder)), folder, info))
    issues.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for date, number, folder, info in issues:
        total = info.get("total") if isinstance(info.get("total"), int) else None
        shown = date.isoformat() if date != dt.date.min else ""
        note = info.get("note")
        if team is None and isinstance(note, str) and _matches(note, words):
            for para in split_paragraphs(note):
                if _matches(para, words):
                    yield Hit(number, shown, total, "", NOTE, "", sentences_with(para, words), ws.rel(Path(folder, ISSUE_FILE)))
        fragments = os.path.join(folder, FRAGMENTS_DIR)
        try:
            with os.scandir(fragments) as entries:
                # the files validate and export read (Workspace.fragment_files): no link, no backup
                paths = sorted(e.path for e in entries if is_submission_name(e.name) and e.is_file(follow_symlinks=False))
        except OSError:
            continue
        for path in paths:
            raw = _read(path)
            # YAML folds lines and indents: a word may be split by ASCII whitespace only
            flat = raw.translate(None, b" \t\r\n")
            if not all(n in flat for n in needles) or (team_needle is not None and team_needle not in flat):
                continue
            data = _load(raw)
            if data is None or not isinstance(data.get("team"), str):
                continue
            if team is not None and data["team"] != team:
                continue
            yield from _fragment_hits(data, words, number, shown, total, ws.rel(Path(path)))


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
                title, text = printed_title(str(item.get("title", ""))), item.get("text", "")
            if not isinstance(text, str):
                continue
            if title and _matches(title, words):
                yield Hit(number, date, total, data["team"], str(column), title, title, file)
            for para in split_paragraphs(text):
                if _matches(para, words):
                    yield Hit(number, date, total, data["team"], str(column), title, sentences_with(para, words), file)

"""Taking in submissions (add-section): validate every file, then store all or nothing.

The submitted files are never modified. The accepted copy is stored normalised (UTF-8, LF) as
``fragments/<unit>.yaml``; a replaced one is moved to ``fragments/.replaced/`` so it can be
recovered.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import LoadedFragment
from .errors import BulletinError, Problem
from .fsutil import atomic_write_text
from .messages import tr
from .model import Fragment, TitledItem
from .sources.submission import check_converted, is_converted, keep_received
from .validate import check_fragment
from .workspace import REPLACED_DIR, Workspace


@dataclass
class Accepted:
    source: Path
    target: Path
    fragment: Fragment
    text: str
    replaced: Fragment | None = None
    replaced_path: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    fixed_from: str | None = None  # the text before --fix, when it changed
    notices: list[str] = field(default_factory=list)  # what converting a Word/text file did
    received: Path | None = None  # the Word/text file as received, kept beside the issue


@dataclass
class IntakeResult:
    number: int
    accepted: list[Accepted]


def fragment_file_name(team: str) -> str:
    safe = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in team).strip(" .")
    return f"{safe or 'fragment'}.yaml"


def add_fragments(
    ws: Workspace,
    files: list[Path],
    *,
    number: int | None = None,
    replace: bool = False,
    fix: bool = False,
    team: str | None = None,
    section: str | None = None,
) -> IntakeResult:
    series = ws.series
    given_team = team  # (``team`` is reused below for each file's unit)
    number = ws.resolve_issue(number)
    info = ws.issue_info(number)
    existing: dict[str, tuple[Path, LoadedFragment]] = {}
    for path in ws.fragment_files(number):
        try:
            loaded, _ = check_fragment(path, series, info, display=ws.rel(path), lint=False)
        except BulletinError:
            continue
        existing[loaded.fragment.team] = (path, loaded)

    problems: list[Problem] = []
    accepted: list[Accepted] = []
    in_call: dict[str, Path] = {}
    for path in files:
        shown = str(path)
        notices: list[str] = []
        try:
            if is_converted(path):  # Word or text: convert to fragment text, then as YAML
                loaded, found, notices = check_converted(path, series, info, team=given_team, section=section, display=shown)
            else:
                loaded, found = check_fragment(path, series, info, display=shown)
        except BulletinError as exc:
            problems.extend(exc.problems)
            continue
        errors = [p for p in found if p.severity == "error"]
        problems.extend(errors)
        if errors:
            continue
        team = loaded.fragment.team
        if team in in_call:
            problems.append(
                Problem(
                    shown,
                    tr(
                        f"这次同时收到了“{team}”的两份材料（另一份是 {in_call[team]}），请只选一份。",
                        f"two submissions from “{team}” in one call (the other is {in_call[team]}).",
                    ),
                    loaded.line_of("team"),
                )
            )
            continue
        in_call[team] = path
        previous_path, previous = existing.get(team, (None, None))
        if previous is not None and not replace:
            problems.append(
                Problem(
                    shown,
                    tr(
                        f"第{number}期已经收到“{team}”的材料（{previous.path}）。"
                        "如果这是更正后的新版本，请加 --replace 替换（旧版本会保留备查）。",
                        f"issue {number} already has a submission from “{team}” ({previous.path}). "
                        "Use --replace to replace it (the old one is kept).",
                    ),
                    loaded.line_of("team"),
                )
            )
            continue
        text = loaded.text
        fixed_from = None
        if fix:
            from .lint import fix_fragment_text

            fixed = fix_fragment_text(text, script=series.script, disabled=tuple(series.lint.disabled))
            if fixed != text:
                fixed_from, text = text, fixed
        accepted.append(
            Accepted(
                source=path,
                target=ws.fragments_dir(number) / fragment_file_name(team),
                fragment=_parse_fragment(path, text) if fixed_from is not None else loaded.fragment,
                text=text,
                replaced=previous.fragment if previous else None,
                replaced_path=previous_path,
                warnings=[p for p in found if p.severity == "warning"] if not fix else [],
                fixed_from=fixed_from,
                notices=notices,
            )
        )
    if problems:
        raise BulletinError(problems)
    kept = keep_received(ws, number, accepted)
    try:
        _store(ws, number, accepted)
    except BaseException:
        for path in kept:
            path.unlink(missing_ok=True)
        raise
    return IntakeResult(number, accepted)


def _parse_fragment(path: Path, text: str) -> Fragment:
    """The fragment as stored after --fix (the fixer re-parses and checks its own output)."""
    from .load import Source, parse_yaml

    return Fragment.model_validate(parse_yaml(Source(path, text, "utf-8")).data)


def _store(ws: Workspace, number: int, accepted: list[Accepted]) -> None:
    """Move replaced fragments aside, then write the new ones; undo on failure."""
    folder = ws.fragments_dir(number)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    moved: list[tuple[Path, Path]] = []
    written: list[Path] = []
    try:
        for item in accepted:
            old = item.replaced_path if item.replaced_path is not None else item.target
            if old.exists():
                backup_dir = folder / REPLACED_DIR
                backup_dir.mkdir(exist_ok=True)
                backup = backup_dir / f"{old.stem}.{stamp}.yaml"
                os.replace(old, backup)
                moved.append((backup, old))
            atomic_write_text(item.target, item.text)
            written.append(item.target)
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        for backup, original in reversed(moved):
            os.replace(backup, original)
        raise


def describe_changes(old: Fragment, new: Fragment) -> list[str]:
    """What a replacement changed, per column, in words."""
    lines: list[str] = []
    for name in list(dict.fromkeys([*old.sections, *new.sections])):
        before = [_item_text(i) for i in old.sections.get(name, [])]
        after = [_item_text(i) for i in new.sections.get(name, [])]
        if name not in old.sections:
            lines.append(tr(f"新增栏目“{name}”（{len(after)}条）", f"new column “{name}” ({len(after)} items)"))
        elif name not in new.sections:
            lines.append(tr(f"删去栏目“{name}”（{len(before)}条）", f"column “{name}” removed ({len(before)} items)"))
        elif before != after:
            changed = sum(1 for a, b in zip(before, after) if a != b)
            delta = sum(map(len, after)) - sum(map(len, before))
            lines.append(
                tr(
                    f"栏目“{name}”：{len(before)}条 → {len(after)}条，改动{changed}条，字数{delta:+d}",
                    f"column “{name}”: {len(before)} → {len(after)} items, {changed} changed, {delta:+d} characters",
                )
            )
    return lines or [tr("内容没有变化", "no change in content")]


def _item_text(item: str | TitledItem) -> str:
    return f"{item.title}\n{item.text}" if isinstance(item, TitledItem) else item

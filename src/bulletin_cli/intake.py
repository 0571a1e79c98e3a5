"""Taking in submissions (add-section): validate every file, then store all or nothing.

The submitted files are never modified. The accepted copy is stored normalised (UTF-8, LF) as
``fragments/<unit>.yaml``. Replacing one is a single atomic step: the old version is kept in
the history first (a hard link, see history.py), then the new text is written to a temporary
file and renamed over the old one, so a crash at any moment leaves the old or the new version
in place, never neither. The whole call runs under the workspace lock (lock.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assemble import LoadedFragment
from .errors import BulletinError, Problem
from .fsutil import atomic_write_bytes, atomic_write_text
from .messages import tr
from .model import Fragment, TitledItem
from .platform_support import clean_filename, is_reserved_name
from .sources.submission import check_converted, is_converted, keep_received
from .validate import check_fragment
from .workspace import FRAGMENT_SCHEMA_LINE, Workspace, guess_team


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
    kept: Path | None = None  # where the replaced version is kept
    replaced_broken: bool = False  # the replaced file could not be read
    fixed_before: bool = False  # the replaced version had been through lint --fix


@dataclass
class Skipped:
    """A file whose content this issue already holds (re-running intake on the whole inbox)."""

    source: Path
    team: str
    stored: Path
    current: bool  # the same as the stored version (else: as a version the history keeps)
    event: str = ""  # what happened to that kept version (history.EVENTS)


@dataclass
class IntakeResult:
    number: int
    accepted: list[Accepted]
    skipped: list[Skipped] = field(default_factory=list)


MAX_STEM_BYTES = 150  # history names add ~60 bytes; every name stays under 255 bytes


def fragment_file_name(team: str, *, hashed: bool = False) -> str:
    """A file name for a unit's fragment that is safe on Windows, macOS and Linux.

    A name that had to be changed (reserved characters, CON/NUL/COM1…, leading or trailing dots
    and spaces, too long) gets a short hash of the full unit name, so two units whose names
    sanitise alike (“经开区/高新区” and “经开区_高新区”, “.” and “..”) never share a file."""
    safe = clean_filename(team, MAX_STEM_BYTES)
    if safe.startswith("~"):  # hidden or a backup to editors, and to fragment_files
        safe = "_" + safe[1:]
    if safe != team or not safe or is_reserved_name(safe) or hashed:
        safe = f"{safe or 'fragment'}-{hashlib.sha256(team.encode('utf-8')).hexdigest()[:8]}"
    return f"{safe}.yaml"


def _free_target(folder: Path, team: str, taken: set[str]) -> Path:
    """The unit's file name, or the hashed one when the plain name is taken by another file
    (compared without case: Windows and macOS folders ignore it)."""
    for i in range(1000):
        name = fragment_file_name(team, hashed=i > 0)
        if i > 1:
            name = name[:-5] + f"-{i}.yaml"
        if name.casefold() not in taken:
            return folder / name
    raise AssertionError("unreachable")


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
    from .lock import workspace_lock

    with workspace_lock(ws.root, "add-section"):
        return _add_fragments(ws, files, number=number, replace=replace, fix=fix, team=team, section=section)


def _add_fragments(
    ws: Workspace,
    files: list[Path],
    *,
    number: int | None,
    replace: bool,
    fix: bool,
    team: str | None,
    section: str | None,
) -> IntakeResult:
    from . import history

    series = ws.series
    given_team = team  # (``team`` is reused below for each file's unit)
    number = ws.resolve_issue(number)
    info = ws.issue_info(number)
    folder = ws.fragments_dir(number)
    existing = stored_by_team(ws, number)
    taken = {p.name.casefold() for p in folder.iterdir()} if folder.is_dir() else set()
    kept_versions: dict[str, dict[str, Any]] | None = None  # team → digest → history.Entry
    last_events: dict[str, str] | None = None  # fragment file name → its latest history event

    problems: list[Problem] = []
    accepted: list[Accepted] = []
    skipped: list[Skipped] = []
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
        text = _point_at_workspace_schema(loaded.text)
        fixed_from = None
        if fix:
            from .lint import fix_fragment_text

            fixed = fix_fragment_text(text, script=series.script, disabled=tuple(series.lint.disabled))
            if fixed != text:
                fixed_from, text = text, fixed
        previous_path, previous = existing.get(team, (None, None))
        # Already here? The same as the stored version, or (without --replace) as one the
        # history keeps: replaced, fixed, or withdrawn on purpose.
        stored = _read_stored(previous_path) if previous_path is not None else None
        if previous_path is not None and stored is not None and stored.strip() == text.strip():
            skipped.append(Skipped(path, team, previous_path, current=True))
            continue
        if not replace:
            if kept_versions is None:
                kept_versions = _kept_versions(ws, number)
            same = kept_versions.get(team, {})
            entry = same.get(history.digest(text.strip())) or same.get(history.digest(loaded.text.strip()))
            if entry is not None and (previous_path is not None or entry.event == "withdrawn"):
                skipped.append(Skipped(path, team, previous_path or entry.path, current=False, event=entry.event))
                continue
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
        if previous_path is not None and not replace:
            shown_previous = ws.rel(previous_path)
            problems.append(
                Problem(
                    shown,
                    tr(
                        f"第{number}期已经收到“{team}”的材料（{shown_previous}"
                        + ("，这份旧材料有错误" if previous is None else "")
                        + "）。如果这是更正后的新版本，请加 --replace 替换（旧版本会保留备查）。",
                        f"issue {number} already has a submission from “{team}” ({shown_previous}"
                        + (", which has errors" if previous is None else "")
                        + "). Use --replace to replace it (the old one is kept).",
                    ),
                    loaded.line_of("team"),
                )
            )
            continue
        if previous_path is not None:
            target = previous_path  # the new version takes the old one's place in one rename
            if last_events is None:
                last_events = history.latest_events(ws.root, number)
            fixed_before = last_events.get(previous_path.name) == "before-fix"  # the stored one went through --fix
        else:
            fixed_before = False
            target = _free_target(folder, team, taken)
            taken.add(target.name.casefold())
        accepted.append(
            Accepted(
                source=path,
                target=target,
                fragment=_parse_fragment(path, text) if fixed_from is not None else loaded.fragment,
                text=text,
                replaced=previous.fragment if previous else None,
                replaced_path=previous_path,
                warnings=[p for p in found if p.severity == "warning"] if not fix else [],
                fixed_from=fixed_from,
                notices=notices,
                replaced_broken=previous_path is not None and previous is None,
                fixed_before=fixed_before,
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
    return IntakeResult(number, accepted, skipped)


def stored_by_team(ws: Workspace, number: int) -> dict[str, tuple[Path, LoadedFragment | None]]:
    """The stored fragments by the unit their content names (not their file name); a broken
    file still belongs to the unit it names (None instead of the fragment)."""
    series, info = ws.series, ws.issue_info(number)
    found: dict[str, tuple[Path, LoadedFragment | None]] = {}
    for path in ws.fragment_files(number):
        try:
            loaded, _ = check_fragment(path, series, info, display=ws.rel(path), lint=False)
        except BulletinError:
            team = guess_team(path)
            if team is not None:
                found.setdefault(team, (path, None))
            continue
        found[loaded.fragment.team] = (path, loaded)
    return found


def _read_stored(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _kept_versions(ws: Workspace, number: int) -> dict[str, dict[str, Any]]:
    """Every version of this issue's fragments the history holds, by unit and content."""
    from . import history

    found: dict[str, dict[str, Any]] = {}
    for entry in history.entries(ws.root, number):
        text = _read_stored(entry.path)
        team = entry.team()
        if text is not None and team is not None:
            found.setdefault(team, {})[history.digest(text.strip())] = entry
    return found


# The editor's schema line a template starts with (``bulletin template`` names the schema it
# wrote beside the template, e.g. 经济增长.schema.json); stored, it becomes workspace.FRAGMENT_SCHEMA_LINE.
_SCHEMA_LINE = re.compile(r"\A#[ \t]*yaml-language-server:[ \t]*\$schema=[^\n]*")


def _point_at_workspace_schema(text: str) -> str:
    """A submission's ``$schema`` line names a file beside the template, which is not in
    fragments/: stored, it names the workspace's fragment schema instead, so the editor still
    checks the file. Done before any comparison, so a file received twice is still "the same".
    A file without the line is stored as it came."""
    return _SCHEMA_LINE.sub(lambda _m: FRAGMENT_SCHEMA_LINE, text, count=1)


def _parse_fragment(path: Path, text: str) -> Fragment:
    """The fragment as stored after --fix (the fixer re-parses and checks its own output),
    read with the same text checks as a stored fragment file (``load_model`` for Fragment), so
    what add-section records is what every later command will read."""
    from .sources.files import Source
    from .sources.yaml_reader import parse_yaml

    return Fragment.validate(parse_yaml(Source(path, text, "utf-8"), text_checks=True).data)


def _store(ws: Workspace, number: int, accepted: list[Accepted]) -> None:
    """Keep each replaced version in the history, then rename the new text over it.

    On an error (disk full, a file open in another program) the versions already written are
    put back from their kept copies, so the call stays all or nothing."""
    from . import history

    folder = ws.fragments_dir(number)
    folder.mkdir(parents=True, exist_ok=True)
    done: list[Accepted] = []
    try:
        for item in accepted:
            if item.replaced_path is not None and item.replaced_path.exists():
                item.kept = history.keep(ws.root, number, item.replaced_path, "replaced")
            atomic_write_text(item.target, item.text)
            done.append(item)
    except OSError:
        for item in reversed(done):
            if item.kept is not None:
                atomic_write_bytes(item.target, item.kept.read_bytes())
            else:
                item.target.unlink(missing_ok=True)
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


@dataclass
class Withdrawn:
    number: int
    team: str
    path: Path  # where it was
    kept: Path  # where it is now
    fragment: Fragment | None  # None when the file had errors


def withdraw_fragment(ws: Workspace, team: str, *, number: int | None = None) -> Withdrawn:
    """Take a unit's submission out of an issue, keeping it in the history (bulletin withdraw).

    The copy is made before the file is removed: a crash in between leaves the submission in
    place (and a copy), never neither."""
    from . import history
    from .messages import suggest

    number = ws.resolve_issue(number)
    found = stored_by_team(ws, number)
    if team not in found:
        have = "、".join(found) or tr("无", "none")
        raise BulletinError.single(
            ws.rel(ws.fragments_dir(number)),
            tr(
                f"第{number}期没有“{team}”的材料，无需撤下。已收到的单位：{have}。",
                f"issue {number} has no submission from “{team}”. Submitted: {have}.",
            )
            + suggest(team, list(found)),
        )
    path, loaded = found[team]
    kept = history.keep(ws.root, number, path, "withdrawn")
    path.unlink()
    return Withdrawn(number, team, path, kept, loaded.fragment if loaded else None)

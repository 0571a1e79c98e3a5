"""Past issues into the workspace: each document becomes ``issues/NNN/issue.yaml`` and one
``fragments/<unit>.yaml`` per unit, in the forms the tool itself writes.

All or nothing: every document is read and checked first, every folder is built in a hidden
staging folder and read back, and only then renamed into place. An existing issue is never
overwritten; with ``replace`` it is moved into the history first (``history.move_issue_away``,
as ``delete-issue`` does), where ``bulletin history`` lists it. Units and
columns the settings do not know are refused with a suggestion, or, with ``add_units``, added
to bulletin.yaml in the same step.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BulletinError, Problem
from ..fsutil import atomic_write_text
from ..history import NEW_ISSUE_PREFIX
from ..intake import fragment_file_name
from ..sources.yaml_reader import load_model
from ..messages import suggest, tr
from ..model import Fragment, IssueInfo, Series, TitledItem
from ..history import move_issue_away
from ..workspace import FRAGMENTS_DIR, ISSUE_FILE, Workspace, issue_folder_name
from ._reading import read_document
from .past_issue import PastIssue, interpret
from .settings_edit import add_to_series
from .yaml_text import fragment_yaml, issue_yaml


@dataclass
class ImportedIssue:
    source: str
    info: IssueInfo
    fragments: list[Fragment]
    past: PastIssue
    backup: Path | None = None  # where the issue it replaced was moved


@dataclass
class ImportResult:
    issues: list[ImportedIssue]
    added_sections: list[tuple[str, str]] = field(default_factory=list)  # (name, label)
    added_teams: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, columns)
    warnings: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


# A label a clerk typed before the 按语 (编者按： 按语： 按：), as render/grid.note_label knows them.
_TYPED_NOTE_LABEL = re.compile(r"^(?:(?:编者按|按语)(?:[\s\u3000]*[：:]|[\s\u3000]+|$)|按[\s\u3000]*[：:])[\s\u3000]*")


def note_without_label(note: list[str], label: str) -> list[str]:
    """The 按语 as issue.yaml holds it: without the label export prints before it. Exactly the
    series' ``layout.note_label`` when the note starts with it, else a label a clerk typed; with
    no label in the settings nothing is taken away (export would not print it again)."""
    if not note or not label:
        return note
    first = note[0]
    if first.startswith(label):
        first = first[len(label):].lstrip(" \t\u3000")
    else:
        first = _TYPED_NOTE_LABEL.sub("", first, count=1)
    return [first, *note[1:]] if first else note[1:]


def past_to_issue(past: PastIssue, editor: str, note_label: str = "") -> tuple[IssueInfo, list[Fragment]]:
    """The issue file and the fragments, one per unit in order of first appearance; paragraphs
    without a lead belong to the editing unit. A titled item keeps the untitled paragraphs that
    follow it; every other paragraph is an item of its own."""
    assert past.number is not None and past.date is not None
    note = note_without_label(past.note, note_label)
    info = IssueInfo(number=past.number, date=past.date, total=past.total, note="\n\n".join(note) or None)
    by_team: dict[str, dict[str, list[str | TitledItem]]] = {}
    for column in past.columns:
        for con in column.contributions:
            items = by_team.setdefault(con.team or editor, {}).setdefault(column.name, [])
            for item in con.items:
                if item.title:
                    items.append(TitledItem(title=item.title, text="\n\n".join(item.paragraphs)))
                else:
                    items.extend(item.paragraphs)
    fragments = [
        Fragment(team=team, issue=past.number, sections={k: v for k, v in sections.items() if v})
        for team, sections in by_team.items()
        if any(sections.values())
    ]
    return info, fragments


def import_issues(
    ws: Workspace, files: list[Path], *, replace: bool = False, add_units: bool = False
) -> ImportResult:
    """Read every file, then store all issues or none, under the workspace lock like every
    command that writes."""
    from ..lock import workspace_lock

    with workspace_lock(ws.root, "import"):
        return _import_issues(ws, files, replace=replace, add_units=add_units)


def _import_issues(ws: Workspace, files: list[Path], *, replace: bool, add_units: bool) -> ImportResult:
    series = ws.series
    problems: list[Problem] = []
    result = ImportResult([])
    known_teams = series.team_names()
    known_sections = series.section_names()
    new_sections: dict[str, str] = {}
    new_teams: dict[str, list[str]] = {}
    numbers: dict[int, str] = {}
    existing = set(ws.issue_numbers())
    for path in files:
        shown = str(path)
        try:
            doc = read_document(path, display=shown)
        except BulletinError as exc:
            problems.extend(exc.problems)
            continue
        result.notices.extend(f"{shown}: {n}" for n in doc.notices)
        past = interpret(doc, known_teams)
        problems.extend(past.problems)
        result.warnings.extend(past.warnings)
        if past.title and past.title != series.title:
            result.warnings.append(
                Problem(shown, tr(f"报头是“{past.title}”，与 bulletin.yaml 的“{series.title}”不同。",
                                  f"masthead “{past.title}” differs from “{series.title}”."), 0, 0, "warning")
            )
        for column in past.columns:
            label = next((c.label for c in column.contributions if c.label), "")
            if column.name not in known_sections and column.name not in new_sections:
                if add_units:
                    new_sections[column.name] = label
                else:
                    problems.append(Problem(shown, tr(
                        f"栏目“{column.name}”不在 bulletin.yaml 的栏目（sections）里。"
                        f"{suggest(column.name, known_sections)}如果这是新栏目，请把它加到 bulletin.yaml，"
                        "或加 --add-units 自动添加。",
                        f"column “{column.name}” is not in bulletin.yaml.{suggest(column.name, known_sections)} "
                        "Add it to bulletin.yaml, or pass --add-units.",
                    ), column.line))
            for con in column.contributions:
                if not con.team or con.team in known_teams:
                    continue
                if add_units:
                    cols = new_teams.setdefault(con.team, [])
                    if column.name not in cols:
                        cols.append(column.name)
                elif con.team not in new_teams:
                    new_teams[con.team] = []
                    problems.append(Problem(shown, tr(
                        f"单位“{con.team}”不在 bulletin.yaml 的报送单位（teams）里，不会并入其他单位。"
                        f"{suggest(con.team, known_teams)}如果这是新单位，请把它加到 bulletin.yaml，"
                        "或加 --add-units 自动添加。",
                        f"unit “{con.team}” is not in bulletin.yaml; it is not merged into another unit."
                        f"{suggest(con.team, known_teams)} Add it to bulletin.yaml, or pass --add-units.",
                    ), con.line))
        if past.number is None or past.date is None or not past.columns:
            continue
        if past.number in numbers:
            problems.append(Problem(shown, tr(
                f"这次有两份第{past.number}期（另一份是 {numbers[past.number]}），请只选一份。",
                f"two files for issue {past.number} (the other is {numbers[past.number]}).",
            )))
            continue
        numbers[past.number] = shown
        if past.number in existing and not replace:
            problems.append(Problem(shown, tr(
                f"第{past.number}期已经存在（{ws.rel(ws.issue_dir(past.number))}），不会覆盖。"
                "如要替换，请加 --replace（原有的一期会移到 .bulletin/history/deleted/ 保留备查）。",
                f"issue {past.number} already exists and is not overwritten; --replace keeps the old one "
                "in .bulletin/history/deleted/.",
            )))
            continue
        try:
            info, fragments = past_to_issue(past, series.editor, series.layout.note_label)
        except ValueError as exc:
            problems.append(Problem(shown, tr(f"内容不完整：{exc}", f"incomplete: {exc}")))
            continue
        result.issues.append(ImportedIssue(shown, info, fragments, past))
    if problems:
        raise BulletinError(problems)
    series_text = None
    if new_sections or new_teams:
        result.added_sections = list(new_sections.items())
        result.added_teams = list(new_teams.items())
        series_text = add_to_series(ws.series_file.read_text(encoding="utf-8"), result.added_sections, result.added_teams)
    _store(ws, result, series_text)
    return result


def _store(ws: Workspace, result: ImportResult, series_text: str | None) -> None:
    """Stage every issue, read each file back, then rename into place; undo on failure."""
    stamp = time.time_ns()
    ws.issues_dir.mkdir(parents=True, exist_ok=True)
    staging = ws.issues_dir / f"{NEW_ISSUE_PREFIX}import-{stamp}"  # a killed import's: removed by the next lock holder
    staging.mkdir()
    moved: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for item in result.issues:
            folder = staging / issue_folder_name(item.info.number)
            (folder / FRAGMENTS_DIR).mkdir(parents=True)
            _write_checked(folder / ISSUE_FILE, issue_yaml(item.info), item.info, IssueInfo)
            for fragment in item.fragments:
                path = folder / FRAGMENTS_DIR / fragment_file_name(fragment.team)
                _write_checked(path, fragment_yaml(fragment), fragment, Fragment)
        if series_text is not None:
            check = staging / "bulletin.yaml"
            check.write_text(series_text, encoding="utf-8")
            load_model(check, Series)
        for item in result.issues:
            target = ws.issue_dir(item.info.number)
            if target.exists():
                item.backup = move_issue_away(ws.root, target)
                moved.append((item.backup, target))
            os.replace(staging / target.name, target)
            placed.append(target)
        if series_text is not None:
            atomic_write_text(ws.series_file, series_text)
    except BaseException:
        for target in placed:
            shutil.rmtree(target, ignore_errors=True)
        for backup, original in reversed(moved):
            os.replace(backup, original)
        for item in result.issues:
            item.backup = None
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_checked(path: Path, text: str, expected: object, model: type) -> None:
    """Write a file and read it back with the loader every command uses: what was read from the
    past issue must be exactly what the workspace now holds."""
    path.write_text(text, encoding="utf-8")
    loaded, _ = load_model(path, model, max_size=50_000_000)
    if loaded != expected:
        raise AssertionError(f"{path.name} does not read back as written")

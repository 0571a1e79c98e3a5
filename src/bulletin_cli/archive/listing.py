"""`bulletin list`: every issue of the workspace at a glance, and the export record it reads.

How do we know an issue was exported? ``bulletin export`` writes a small record,
``issues/NNN/.exported.json`` (atomically, after the document itself is written): when, which
files, draft or not. Issues exported before the record existed are recognised by the default
file name in their folder (its modification time stands for the export time). A record whose
issue changed afterwards (issue.yaml or a fragment newer than the export) is flagged, so the
editor sees that the printed file is stale.

Nothing here imports python-docx: the page estimate is render/grid.py's, in pure Python.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import BulletinError
from ..fsutil import atomic_write_text
from ..workspace import ISSUE_FILE, Workspace

EXPORT_RECORD = ".exported.json"
ExportNames = Callable[[str, int], list[str]]


@dataclass
class ExportInfo:
    at: str  # local time, ISO 8601 to the second
    files: list[str] = field(default_factory=list)
    draft: bool = False
    stale: bool = False  # the issue changed after this export


@dataclass
class IssueSummary:
    number: int
    total: int | None = None
    date: str | None = None  # ISO
    units_in: int = 0  # expected units that submitted
    units_expected: int = 0
    units_other: int = 0  # units not expected every issue that submitted anyway
    columns: list[str] = field(default_factory=list)  # columns with content, print order
    columns_all: int = 0
    pages: int | None = None
    errors: int = 0
    exported: ExportInfo | None = None
    problem: str | None = None  # why the issue could not be read, if it could not
    missing_issue_file: bool = False  # a folder issues/NNN without issue.yaml

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def record_export(folder: Path, files: list[Path], *, draft: bool, root: Path | None = None) -> None:
    """Note in the issue folder that it was exported now (called by ``bulletin export``)."""
    shown = []
    for f in files:
        try:
            shown.append(str(f.resolve().relative_to(root.resolve())) if root else str(f))
        except ValueError:
            shown.append(str(f.resolve()))
    data = {"at": dt.datetime.now().isoformat(timespec="seconds"), "files": shown, "draft": draft}
    atomic_write_text(folder / EXPORT_RECORD, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def read_export(folder: Path, default_names: list[str]) -> ExportInfo | None:
    """The last export of the issue in ``folder``: its record, else a default-named file."""
    info: ExportInfo | None = None
    record = folder / EXPORT_RECORD
    when: float | None = None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        info = ExportInfo(at=str(data["at"]), files=[str(f) for f in data.get("files", [])], draft=bool(data.get("draft")))
        when = record.stat().st_mtime
    except (OSError, ValueError, KeyError, TypeError):
        for name in default_names:
            path = folder / name
            if path.is_file():
                when = path.stat().st_mtime
                stamp = dt.datetime.fromtimestamp(when).isoformat(timespec="seconds")
                info = ExportInfo(at=stamp, files=[name], draft="草稿" in name)
                break
    if info is not None and when is not None:
        info.stale = _changed_after(folder, when)
    return info


def _changed_after(folder: Path, when: float) -> bool:
    from ..workspace import FRAGMENTS_DIR

    paths = [folder / ISSUE_FILE]
    fragments = folder / FRAGMENTS_DIR
    if fragments.is_dir():
        paths.extend(p for p in fragments.iterdir() if p.is_file())
        paths.append(fragments)  # a withdrawn fragment changes the folder
    for p in paths:
        try:
            if p.stat().st_mtime > when + 1:
                return True
        except OSError:
            continue
    return False


def summarize_issue(ws: Workspace, number: int, export_names: ExportNames | None = None) -> IssueSummary:
    """One row of the list. Reads every file of the issue (without lint: the list must stay
    quick over years of issues) and never raises for a broken file: the row says what is wrong."""
    from ..assemble import assemble
    from ..render.grid import paginate
    from ..validate import check_fragment, check_unique_teams

    series = ws.series
    folder = ws.issue_dir(number)
    summary = IssueSummary(number=number, columns_all=len(series.sections))
    summary.units_expected = sum(1 for t in series.teams if t.expected)
    try:
        info = ws.issue_info(number)
    except BulletinError as exc:
        summary.problem = exc.problems[0].message if exc.problems else str(exc)
        summary.errors = max(len(exc.problems), 1)
        return summary
    summary.total, summary.date = info.total, info.date.isoformat()
    fragments = []
    for path in ws.fragment_files(number):
        try:
            loaded, problems = check_fragment(path, series, info, display=ws.rel(path), lint=False)
        except BulletinError as exc:
            summary.errors += len(exc.problems)
            continue
        summary.errors += sum(1 for p in problems if p.severity == "error")
        if loaded is not None:
            fragments.append(loaded)
    summary.errors += sum(1 for p in check_unique_teams(fragments) if p.severity == "error")
    teams = {f.fragment.team for f in fragments}
    expected = {t.name for t in series.teams if t.expected}
    summary.units_in = len(teams & expected)
    summary.units_other = len(teams - expected)
    issue = assemble(series, info, fragments)
    summary.columns = [c.name for c in issue.columns]
    summary.pages = paginate(issue).pages if fragments else None
    summary.exported = read_export(folder, export_names(series.title, number) if export_names else [])
    return summary


def list_issues(ws: Workspace, export_names: ExportNames | None = None) -> list[IssueSummary]:
    """Every issue, newest first. ``export_names(title, number)``: the file names an export
    writes by default, to recognise exports made before the record existed."""
    rows = [summarize_issue(ws, n, export_names) for n in ws.issue_numbers()]
    rows.extend(_without_issue_file(ws, n, folder) for n, folder in ws.folders_without_issue_file())
    return sorted(rows, key=lambda r: r.number, reverse=True)  # stable: a real issue before its orphan twin


def _without_issue_file(ws: Workspace, number: int, folder: Path) -> IssueSummary:
    """The row of an issue folder that lost its issue.yaml: shown, not skipped, since every
    other command stops at it; validate --issue N explains what to do."""
    from ..messages import tr

    summary = IssueSummary(number=number, columns_all=len(ws.series.sections), missing_issue_file=True, errors=1)
    summary.units_expected = sum(1 for t in ws.series.teams if t.expected)
    summary.problem = tr(
        f"{ws.rel(folder)} 文件夹里没有 {ISSUE_FILE}，处理办法见 bulletin validate --issue {number}",
        f"{ws.rel(folder)} has no {ISSUE_FILE}; bulletin validate --issue {number} says what to do",
    )
    return summary

"""The workspace on disk: finding it, issue folders and numbering, reading fragments.

A workspace is a folder friendly to git and to a shared drive::

    <workspace>/bulletin.yaml          series settings
    <workspace>/issues/005/issue.yaml  one folder per issue
    <workspace>/issues/005/fragments/  accepted fragments, one file per submitting unit
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import LoadedFragment, assemble
from .errors import BulletinError, Problem
from .load import load_model
from .messages import tr
from .model import AssembledIssue, IssueInfo, Series

SERIES_FILE = "bulletin.yaml"
ISSUE_FILE = "issue.yaml"
ISSUES_DIR = "issues"
FRAGMENTS_DIR = "fragments"
REPLACED_DIR = ".replaced"
SCHEMA_DIR = "schemas"


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Path:
    """The folder holding bulletin.yaml: ``explicit``, or the nearest one walking up (like git)."""
    if explicit is not None:
        root = explicit.resolve()
        if (root / SERIES_FILE).is_file():
            return root
        raise BulletinError.single(
            str(explicit),
            tr(
                f"这里没有 {SERIES_FILE}，不是简报工作目录。可以用“bulletin init {explicit}”新建一个。",
                f"no {SERIES_FILE} here; this is not a bulletin workspace. Create one with "
                f"“bulletin init {explicit}”.",
            ),
        )
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SERIES_FILE).is_file():
            return folder
    raise BulletinError.single(
        str(here),
        tr(
            f"当前文件夹及其上级都没有 {SERIES_FILE}。请进入简报工作目录，或用 --workspace 指定，"
            "或用“bulletin init”新建。",
            f"no {SERIES_FILE} in this folder or above. Change into a workspace, pass --workspace, "
            "or create one with “bulletin init”.",
        ),
    )


def issue_folder_name(number: int) -> str:
    return f"{number:03d}"


def parse_date(text: str) -> dt.date:
    """2023-07-21, 2023/7/21, 2023.7.21 or 2023年7月21日."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        raise ValueError(text)
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


@dataclass
class IssueCheck:
    """Everything known about one issue after reading all its files."""

    series: Series
    info: IssueInfo
    folder: Path
    fragments: list[LoadedFragment]
    problems: list[Problem] = field(default_factory=list)
    unreadable: dict[str, str | None] = field(default_factory=dict)  # file → the unit it names, if any

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def assembled(self, *, draft: bool = False) -> AssembledIssue:
        return assemble(self.series, self.info, self.fragments, draft=draft)


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._series: Series | None = None

    @classmethod
    def find(cls, explicit: Path | None = None) -> Workspace:
        return cls(find_workspace(explicit=explicit))

    # -------------------------------------------------------------- paths

    def rel(self, path: Path) -> str:
        """How a path is shown to the user: relative to the workspace when inside it."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    @property
    def series_file(self) -> Path:
        return self.root / SERIES_FILE

    @property
    def issues_dir(self) -> Path:
        return self.root / ISSUES_DIR

    def issue_dir(self, number: int) -> Path:
        return self.issues_dir / issue_folder_name(number)

    def fragments_dir(self, number: int) -> Path:
        return self.issue_dir(number) / FRAGMENTS_DIR

    # -------------------------------------------------------------- reading

    @property
    def series(self) -> Series:
        if self._series is None:
            self._series, _ = load_model(self.series_file, Series, display=self.rel(self.series_file))
        return self._series

    def issue_numbers(self) -> list[int]:
        if not self.issues_dir.is_dir():
            return []
        return sorted(
            int(p.name) for p in self.issues_dir.iterdir() if p.is_dir() and p.name.isdigit() and (p / ISSUE_FILE).is_file()
        )

    def resolve_issue(self, number: int | None) -> int:
        """``number``, or the highest-numbered issue."""
        numbers = self.issue_numbers()
        if number is None:
            if not numbers:
                raise BulletinError.single(
                    self.rel(self.issues_dir),
                    tr("还没有任何一期。请先用“bulletin new”新建一期。", "no issue yet; create one with “bulletin new”."),
                )
            return numbers[-1]
        if number not in numbers:
            have = "、".join(str(n) for n in numbers) or tr("无", "none")
            raise BulletinError.single(
                self.rel(self.issue_dir(number)),
                tr(f"没有第{number}期。现有：{have}。", f"there is no issue {number}. Existing: {have}."),
            )
        return number

    def issue_info(self, number: int) -> IssueInfo:
        path = self.issue_dir(number) / ISSUE_FILE
        info, doc = load_model(path, IssueInfo, display=self.rel(path), max_size=self.series.max_file_size)
        if info.number != number:
            raise BulletinError(
                [
                    doc.problem(
                        ("number",),
                        tr(
                            f"期号写的是 {info.number}，但文件夹是第{number}期（{issue_folder_name(number)}）。",
                            f"number says {info.number} but the folder is issue {number}.",
                        ),
                    )
                ]
            )
        return info

    def fragment_files(self, number: int) -> list[Path]:
        folder = self.fragments_dir(number)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".yaml", ".yml"))

    def check_issue(self, number: int | None = None) -> IssueCheck:
        """Read the settings, the issue and every fragment; collect every problem."""
        from .validate import check_fragment, check_unique_teams

        series = self.series
        number = self.resolve_issue(number)
        info = self.issue_info(number)
        check = IssueCheck(series, info, self.issue_dir(number), [])
        for path in self.fragment_files(number):
            try:
                loaded, problems = check_fragment(path, series, info, display=self.rel(path))
            except BulletinError as exc:
                check.problems.extend(exc.problems)
                check.unreadable[self.rel(path)] = guess_team(path)
                continue
            check.problems.extend(problems)
            if loaded is not None:
                check.fragments.append(loaded)
        check.problems.extend(check_unique_teams(check.fragments))
        return check

    def assembled_issue(self, number: int | None = None, *, draft: bool = False) -> AssembledIssue:
        check = self.check_issue(number)
        if check.errors and not draft:
            raise BulletinError(check.errors)
        return check.assembled(draft=draft)

    # -------------------------------------------------------------- writing

    def new_issue(self, number: int | None, date: dt.date | None) -> IssueInfo:
        from .fsutil import atomic_write_text

        numbers = self.issue_numbers()
        last = numbers[-1] if numbers else None
        if number is None:
            number = (last or 0) + 1
        folder = self.issue_dir(number)
        if folder.exists():
            raise BulletinError.single(
                self.rel(folder),
                tr(
                    f"第{number}期已经存在，不会覆盖。如要新建下一期，不加 --number 即可。",
                    f"issue {number} already exists and will not be overwritten.",
                ),
            )
        total = None
        if last is not None:
            try:
                prev = self.issue_info(last)
            except BulletinError:
                prev = None
            if prev is not None and prev.total:
                total = prev.total + (number - last)
        from .load import build_model

        info = build_model(IssueInfo, {"number": number, "date": date or dt.date.today(), "total": total}, self.rel(folder))
        (folder / FRAGMENTS_DIR).mkdir(parents=True)
        atomic_write_text(folder / ISSUE_FILE, render_issue_yaml(info))
        return info


_TEAM_LINE = re.compile(r"^(?:team|专班|单位)\s*[:\uff1a]\s*[\"']?([^\"'#\n]+?)[\"']?\s*(?:#.*)?$", re.MULTILINE)


def guess_team(path: Path) -> str | None:
    """The unit a file that cannot be read as YAML says it is from, so that `status` can show
    “submitted, with errors” rather than “missing”. A plain text search: nothing is parsed."""
    try:
        raw = path.read_bytes()[:200_000]
    except OSError:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            m = _TEAM_LINE.search(raw.decode(encoding))
            return m.group(1).strip() if m else None
        except UnicodeDecodeError:
            continue
    return None


def render_issue_yaml(info: IssueInfo) -> str:
    lines = [
        f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/issue.schema.json",
        f"# 第{info.number}期的基本信息",
        f"number: {info.number}          # 期号",
        f"date: {info.date.isoformat()}   # 印发日期",
    ]
    if info.total:
        lines.append(f"total: {info.total}           # 总期号（总第N期）")
    else:
        lines.append("# total: 100         # 总期号（总第N期），需要时填写")
    lines.append("# note: |            # 按语（编者按），需要时填写")
    return "\n".join(lines) + "\n"

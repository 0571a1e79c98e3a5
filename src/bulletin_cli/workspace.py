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
from .sources.yaml_reader import YAML_SUFFIXES, load_model
from .messages import tr
from .model import AssembledIssue, IssueInfo, Series

SERIES_FILE = "bulletin.yaml"
ISSUE_FILE = "issue.yaml"
ISSUES_DIR = "issues"
FRAGMENTS_DIR = "fragments"
REPLACED_DIR = ".replaced"
SCHEMA_DIR = "schemas"
# The first line of a stored fragment (issues/NNN/fragments/), naming the workspace's schema for editors.
FRAGMENT_SCHEMA_LINE = f"# yaml-language-server: $schema=../../../{SCHEMA_DIR}/fragment.schema.json"


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


def _folder_number(name: str) -> int | None:
    """The issue number a folder under issues/ stands for: 005, or 5 when renamed by hand."""
    return int(name) if name.isascii() and name.isdigit() else None


def parse_date(text: str) -> dt.date:
    """A date as clerks write it (see ``dates.parse_date``); raises ``dates.DateError``."""
    from .dates import parse_date as parse

    return parse(text)


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

    def rel_entry(self, path: Path) -> str:
        """Like ``rel`` for a folder entry, without following it when it is a link (whose
        target may be anywhere)."""
        return str(Path(self.rel(path.parent)) / path.name)

    @property
    def series_file(self) -> Path:
        return self.root / SERIES_FILE

    @property
    def issues_dir(self) -> Path:
        return self.root / ISSUES_DIR

    def issue_dir(self, number: int) -> Path:
        canonical = self.issues_dir / issue_folder_name(number)
        if canonical.exists() or not self.issues_dir.is_dir():
            return canonical
        # A folder renamed by hand (issues/5 for issues/005) is still that issue: every command
        # must find the folder that issue_numbers() counted.
        for p in self.issues_dir.iterdir():
            if _folder_number(p.name) == number and p.is_dir():
                return p
        return canonical

    def fragments_dir(self, number: int) -> Path:
        return self.issue_dir(number) / FRAGMENTS_DIR

    # -------------------------------------------------------------- reading

    @property
    def series(self) -> Series:
        if self._series is None:
            from .validate import series_problems

            series, doc = load_model(self.series_file, Series, display=self.rel(self.series_file))
            problems = series_problems(series, doc)
            if problems:
                raise BulletinError(problems)
            self._series = series
        return self._series

    def issue_numbers(self) -> list[int]:
        if not self.issues_dir.is_dir():
            return []
        folders: dict[int, Path] = {}
        for p in sorted(self.issues_dir.iterdir()):
            number = _folder_number(p.name)
            if number is None or not p.is_dir() or not (p / ISSUE_FILE).is_file():
                continue
            if number in folders:
                first, second = self.rel(folders[number]), self.rel(p)
                raise BulletinError.single(
                    second,
                    tr(
                        f"{first} 和 {second} 都是第{number}期。请检查两个文件夹，把不要的那个移出 "
                        f"{ISSUES_DIR}/（或合并成一个 {issue_folder_name(number)}）。",
                        f"{first} and {second} are both issue {number}. Check both and move the one "
                        f"you do not want out of {ISSUES_DIR}/ (or merge them into {issue_folder_name(number)}).",
                    ),
                )
            folders[number] = p
        return sorted(folders)

    def resolve_issue(self, number: int | None) -> int:
        """``number``, or the highest-numbered issue."""
        numbers = self.issue_numbers()
        if number is None:
            if not numbers:
                self._refuse_orphan_above(0)
                raise BulletinError.single(
                    self.rel(self.issues_dir),
                    tr("还没有任何一期。请先用“bulletin new”新建一期。", "no issue yet; create one with “bulletin new”."),
                )
            self._refuse_orphan_above(numbers[-1] if numbers else 0)
            return numbers[-1]
        if number not in numbers:
            folder = self.issue_dir(number)
            if folder.is_dir() and not (folder / ISSUE_FILE).exists():
                raise self._no_issue_file(number, folder)
            have = "、".join(str(n) for n in numbers) or tr("无", "none")
            raise BulletinError.single(
                self.rel(self.issue_dir(number)),
                tr(f"没有第{number}期。现有：{have}。", f"there is no issue {number}. Existing: {have}."),
            )
        return number

    def _refuse_orphan_above(self, last: int) -> None:
        """A later issue folder that still holds files but lost its issue.yaml (deleted by hand)
        must stop the command: silently taking an older issue as the current one, or numbering
        a new issue past it, would hide that issue's submissions."""
        orphans = [(n, p) for n, p in self.folders_without_issue_file() if n > last and not _is_empty_tree(p)]
        if orphans:
            raise self._no_issue_file(*max(orphans))

    def folders_without_issue_file(self) -> list[tuple[int, Path]]:
        """(number, folder) of every issue folder without an issue.yaml (an interrupted `new`,
        or deleted by hand): not an issue to read, but never to be passed over in silence."""
        if not self.issues_dir.is_dir():
            return []
        found = []
        for p in self.issues_dir.iterdir():
            n = _folder_number(p.name)
            if n is not None and p.is_dir() and not (p / ISSUE_FILE).is_file():
                found.append((n, p))
        return sorted(found)

    def _no_issue_file(self, number: int, folder: Path) -> BulletinError:
        return BulletinError.single(
            self.rel(folder),
            tr(
                f"第{number}期的文件夹已经存在，但缺少 {ISSUE_FILE}（可能是新建时被中断，或被误删）。"
                + (
                    f"文件夹是空的：运行 bulletin new --number {number} 会清理它并重新新建。"
                    if _is_empty_tree(folder)
                    else f"文件夹里还有文件，请先检查：{ISSUE_FILE} 若是误删，在这个文件夹里新建 {ISSUE_FILE}，"
                    f"写上“number: {number}”和“date: 日期”两行即可；确认不要后可以用 bulletin delete-issue "
                    f"{number} --force 删除（可恢复）。"
                ),
                f"the folder of issue {number} exists but has no {ISSUE_FILE} (an interrupted "
                f"`new`, or deleted by hand?). " + (
                    f"It is empty: bulletin new --number {number} removes it and starts again."
                    if _is_empty_tree(folder)
                    else f"It holds files: if {ISSUE_FILE} was deleted by mistake, write a new one there "
                    f"with “number: {number}” and “date: <date>”; otherwise bulletin delete-issue {number} --force."
                ),
            ),
        )

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
        """The accepted submissions: regular .yaml files, never a link (a link could point
        anywhere, /etc/shadow included), never a hidden file (editors' and macOS' own)."""
        folder = self.fragments_dir(number)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if is_submission_name(p.name) and _is_regular(p))

    def strays(self, number: int) -> list[Problem]:
        """Everything in fragments/ that is not an accepted submission, reported by name only:
        its content is never read (it may be a link to a file outside the workspace)."""
        folder = self.fragments_dir(number)
        if not folder.is_dir():
            return []
        problems = []
        for p in sorted(folder.iterdir()):
            # fragments/.replaced/: where versions before the history kept replaced submissions;
            # nothing writes it now, but a workspace from then may still hold one (README says so)
            if (is_submission_name(p.name) and _is_regular(p)) or (p.name == REPLACED_DIR and p.is_dir()):
                continue
            problems.append(_stray_problem(p, self.rel_entry(p), self.root))
        return problems

    def check_issue(self, number: int | None = None, *, lint: bool = True) -> IssueCheck:
        """Read the settings, the issue and every fragment; collect every problem (the lint
        warnings too unless ``lint`` is False: export shows them only with errors or --draft)."""
        from .validate import check_fragment, check_unique_teams

        series = self.series
        number = self.resolve_issue(number)
        info = self.issue_info(number)
        check = IssueCheck(series, info, self.issue_dir(number), [])
        if lint and info.note:
            # the 按语 is printed text like a fragment's: same lint, located in issue.yaml
            from .validate import lint_warnings

            path = self.issue_dir(number) / ISSUE_FILE
            _, doc = load_model(path, IssueInfo, display=self.rel(path), max_size=series.max_file_size)
            check.problems.extend(lint_warnings(doc, series))
        for path in self.fragment_files(number):
            try:
                loaded, problems = check_fragment(path, series, info, display=self.rel(path), lint=lint)
            except BulletinError as exc:
                check.problems.extend(exc.problems)
                check.unreadable[self.rel(path)] = guess_team(path)
                continue
            check.problems.extend(problems)
            if loaded is not None:
                check.fragments.append(loaded)
        check.problems.extend(check_unique_teams(check.fragments))
        check.problems.extend(self.strays(number))
        from .history import leftovers

        for path in leftovers(self.root):
            if path.parent.name == FRAGMENTS_DIR:
                continue  # reported among the strays of its own issue
            check.problems.append(
                Problem(
                    self.rel_entry(path),
                    tr(
                        "这是上次写入时被中断（断电、强行关闭）留下的临时文件，不是报送材料；"
                        "下一个写入命令（如 add-section）会自动清理。",
                        "a temporary file left by an interrupted command, not a submission; the next "
                        "writing command removes it.",
                    ),
                    severity="warning",
                )
            )
        return check

    def assembled_issue(self, number: int | None = None, *, draft: bool = False) -> AssembledIssue:
        check = self.check_issue(number)
        if check.errors and not draft:
            raise BulletinError(check.errors)
        return check.assembled(draft=draft)

    # -------------------------------------------------------------- writing

    def new_issue(self, number: int | None, date: dt.date | None) -> IssueInfo:
        """Build the folder under a temporary name and rename it into place: a crash (or a
        full disk) leaves no half-made issue, only a hidden folder the next command removes."""
        from .history import NEW_ISSUE_PREFIX
        from .lock import workspace_lock

        with workspace_lock(self.root, "new"):
            return self._new_issue(number, date, NEW_ISSUE_PREFIX)

    def _new_issue(self, number: int | None, date: dt.date | None, prefix: str) -> IssueInfo:
        import os
        import shutil
        import uuid

        from .fsutil import atomic_write_text

        numbers = self.issue_numbers()
        last = numbers[-1] if numbers else None
        if number is None:
            self._refuse_orphan_above(last or 0)
            number = (last or 0) + 1
        folder = self.issue_dir(number)
        if folder.is_dir() and not folder.is_symlink() and not (folder / ISSUE_FILE).exists() and _is_empty_tree(folder):
            shutil.rmtree(folder)  # a half-made issue of an older version: nothing to lose
        if folder.exists() or folder.is_symlink():
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
        from .sources.yaml_reader import build_model

        info = build_model(IssueInfo, {"number": number, "date": date or dt.date.today(), "total": total}, self.rel(folder))
        self.issues_dir.mkdir(parents=True, exist_ok=True)
        building = self.issues_dir / f"{prefix}{folder.name}-{uuid.uuid4().hex[:8]}"
        try:
            (building / FRAGMENTS_DIR).mkdir(parents=True)
            atomic_write_text(building / ISSUE_FILE, render_issue_yaml(info))
            os.rename(building, folder)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        return info


EDITOR_BACKUP = re.compile(r"(~|\.bak|\.orig|\.swp|\.swo|\.tmp|\.old)$|^~\$|^\.~lock\.|^#.*#$", re.IGNORECASE)


def is_submission_name(name: str) -> bool:
    return not name.startswith((".", "~")) and name.lower().endswith(YAML_SUFFIXES)


def _is_regular(path: Path) -> bool:
    import stat

    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _is_empty_tree(folder: Path) -> bool:
    """No file anywhere below (empty folders only)."""
    try:
        return all(p.is_dir() and not p.is_symlink() for p in folder.rglob("*"))
    except OSError:
        return False


def _stray_problem(path: Path, shown: str, root: Path) -> Problem:
    """Why this entry of fragments/ is not a submission, from its metadata alone."""
    import os
    import stat

    from .fsutil import is_temp_file

    looks_like = is_submission_name(path.name)
    if path.is_symlink():
        try:
            target = Path(os.readlink(path))
        except OSError:
            target = Path("?")
        resolved = (path.parent / target).resolve()
        if not resolved.exists():
            what = tr("一个指向不存在文件的链接", "a link to a missing file")
        elif resolved != root.resolve() and root.resolve() not in resolved.parents:
            what = tr("一个指向工作目录之外的链接（不会读取它指向的文件）", "a link to a file outside the workspace (not read)")
        else:
            what = tr("一个链接（不会读取它指向的文件）", "a link (not followed)")
        return Problem(
            shown,
            tr(
                f"这是{what}，不是收入的报送材料。请删除它，用 bulletin add-section 收入实际的文件。",
                f"this is {what}, not an accepted submission. Delete it and take the real file in with bulletin add-section.",
            ),
            severity="error" if looks_like else "warning",
        )
    try:
        mode = path.lstat().st_mode
    except OSError:
        mode = 0
    if stat.S_ISDIR(mode):
        what = tr("一个文件夹", "a folder")
    elif not stat.S_ISREG(mode):
        what = tr("一个特殊文件（管道或设备，不会读取）", "a special file (pipe or device; not read)")
    elif is_temp_file(path.name):
        what = tr("上次写入被中断留下的临时文件", "a temporary file left by an interrupted command")
    elif EDITOR_BACKUP.search(path.name):
        what = tr("编辑器或手工留下的备份文件", "an editor's or a hand-made backup")
    elif path.name.startswith("."):
        what = tr("一个隐藏文件", "a hidden file")
    else:
        what = tr(f"一个 {path.suffix or '无扩展名的'} 文件（只有 bulletin add-section 收入的 .yaml 才算报送材料）", f"a {path.suffix or 'plain'} file (only .yaml files taken in with bulletin add-section count)")
    return Problem(
        shown,
        tr(
            f"这是{what}，不是收入的报送材料，不会编入本期。如果是报送材料，请用 bulletin add-section 收入；否则请把它移出 fragments 文件夹。",
            f"this is {what}, not an accepted submission, and is left out. Take submissions in with bulletin add-section; move anything else out of fragments/.",
        ),
        severity="error" if looks_like and not stat.S_ISREG(mode) else "warning",
    )


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


def delete_issue(ws: Workspace, number: int, *, force: bool = False) -> tuple[Path, int]:
    """Move an issue folder into the history in one rename (bulletin delete-issue): its new
    path and how many submissions it held. Refuses an issue with submissions unless ``force``."""
    from .history import move_issue_away

    folder = ws.issue_dir(number)
    if not folder.is_dir() or folder.is_symlink():
        ws.resolve_issue(number)  # the usual “there is no issue N” message
        raise BulletinError.single(ws.rel(folder), tr(f"没有第{number}期。", f"there is no issue {number}."))
    count = len(ws.fragment_files(number))
    others = len(ws.strays(number))
    if (count or others) and not force:
        raise BulletinError.single(
            ws.rel(folder),
            tr(
                f"第{number}期已经有 {count} 份报送材料"
                + (f"（另有 {others} 个其他文件）" if others else "")
                + "，不删除。确实要删除请加 --force（删除后仍可恢复）。",
                f"issue {number} holds {count} submission(s)"
                + (f" and {others} other file(s)" if others else "")
                + "; not deleted. Add --force to delete it anyway (it stays recoverable).",
            ),
        )
    return move_issue_away(ws.root, folder), count

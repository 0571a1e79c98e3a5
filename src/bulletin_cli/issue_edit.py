"""`bulletin edit`: change an issue's date, 总期号 and 按语 without opening issue.yaml.

The file is rewritten whole (it holds only these fields and the standard comments), the new
text is read back through the same loader every command uses before it replaces the old one,
and the write is atomic: a failed edit leaves issue.yaml as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from .dates import chinese_date as _day
from .errors import BulletinError
from .fsutil import atomic_write_text
from .sources.files import Source, check_characters, read_source
from .sources.yaml_reader import load_model
from .messages import tr
from .model import IssueInfo
from .workspace import ISSUE_FILE, Workspace
from .yaml_writer import render_with_note


@dataclass
class Edit:
    before: IssueInfo
    after: IssueInfo
    path: Path

    def changes(self) -> list[str]:
        """What changed, one phrase per field, for the message."""
        out = []
        b, a = self.before, self.after
        if b.date != a.date:
            out.append(tr(f"日期 {_day(b.date)} → {_day(a.date)}", f"date {b.date} → {a.date}"))
        if b.total != a.total:
            none = tr("无", "none")
            out.append(tr(f"总期号 {b.total or none} → {a.total or none}", f"total {b.total or none} → {a.total or none}"))
        if b.note != a.note:
            if a.note:
                paras = len([p for p in a.note.split("\n\n") if p.strip()])
                out.append(tr(f"按语已更新（{paras}段，{len(a.note)}字）", f"note updated ({paras} paragraph(s))"))
            else:
                out.append(tr("按语已删去", "note removed"))
        return out


def read_note_file(path: Path) -> str:
    """A note written in a text file (UTF-8 or GBK, any line ends); a control character in it
    is named by the file's line and column, not by where it would land in issue.yaml."""
    source = read_source(
        path,
        display=str(path),
        not_text=tr(
            "这不是文本文件（可能是 Word、图片或压缩包），不能作为按语文件读取。"
            "请把按语另存为纯文本（.txt），或直接用 --note \"按语文字\"。",
            "this is not a text file (a Word document, picture or archive?); save the note as plain text (.txt), "
            "or give it with --note.",
        ),
    )
    check_characters(source)
    return source.text


def edit_issue(
    ws: Workspace,
    number: int | None,
    *,
    date: dt.date | None = None,
    total: int | None = None,
    note: str | None = None,
) -> Edit:
    """Apply the changes given (None: unchanged; ``note=""`` removes the note), under the
    workspace lock like every command that writes."""
    from .lock import workspace_lock

    with workspace_lock(ws.root, "edit"):
        return _edit_issue(ws, number, date=date, total=total, note=note)


def _edit_issue(ws: Workspace, number: int | None, *, date: dt.date | None, total: int | None, note: str | None) -> Edit:
    number = ws.resolve_issue(number)
    before = ws.issue_info(number)
    changes: dict[str, object] = {}
    if date is not None:
        changes["date"] = date
    if total is not None:
        changes["total"] = total
    if note is not None:
        check_characters(Source(Path("--note"), note, "utf-8", "--note"))
        changes["note"] = note.strip() or None
    after = IssueInfo.validate({**asdict(before), **changes})
    path = ws.issue_dir(number) / ISSUE_FILE
    text = render_with_note(after)
    _check_round_trip(ws, path, text, after)
    if after != before:
        atomic_write_text(path, text)
    return Edit(before, after, path)


def _check_round_trip(ws: Workspace, path: Path, text: str, expected: IssueInfo) -> None:
    """Read the new text back as a command would; refuse to write anything that differs."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bulletin-edit-") as tmp:
        probe = Path(tmp) / ISSUE_FILE
        probe.write_text(text, encoding="utf-8")
        again, _doc = load_model(probe, IssueInfo, display=ws.rel(path))
    if again != expected:
        raise BulletinError.single(
            ws.rel(path),
            tr("改动后的内容读回来不一致，未写入。请把按语发给维护人员。", "the edited file does not read back the same; nothing written."),
        )

"""`template --docx`: writing the Word fill-in form (python-docx is imported only here)."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from ..errors import BulletinError
from ..messages import tr
from ..model import IssueInfo, Series
from .app import stdout


def write_form(series: Series, info: IssueInfo, team: str, output: Path | None) -> None:
    from ..fsutil import atomic_write_bytes, describe_os_error
    from ..sources.word_form import form_docx

    from ..platform_support import safe_filename

    from ..template import refuse_folder

    default = safe_filename(f"{team}-第{info.number}期报送表") + ".docx"
    if output is not None:
        refuse_folder(output, default)
    target = output or Path(default)
    if target.suffix.lower() != ".docx":
        target = target.with_name(target.name + ".docx")
    if target.exists():
        raise BulletinError.single(str(target), tr("文件已存在，不会覆盖。", "file exists; not overwritten."))
    try:
        atomic_write_bytes(target, form_docx(series, info, team))
    except OSError as exc:
        raise BulletinError.single(str(target), tr("无法写入：", "cannot write: ") + describe_os_error(exc)) from None
    stdout().print(
        tr(
            f"已生成 Word 填写表 {escape(str(target))}，请发给{escape(team)}填写；交回后用 bulletin add-section 收入。",
            f"Wrote the Word form {escape(str(target))}.",
        )
    )

"""`bulletin doctor` and `bulletin fonts`: what this machine has for the tool.

Parses options and prints; the checks are in ``doctor.py`` and ``render/fontcheck.py``.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from ..messages import tr
from .app import IssueOpt, WorkspaceOpt, app, handles_errors, stdout

EXAMPLES = tr("示例", "Examples")


def _issue_characters(workspace: Path | None, issue: int | None) -> tuple[dict[str, str] | None, str]:
    """The characters each font prints in the issue, when there is a workspace to read."""
    from ..errors import BulletinError
    from ..render.fontcheck import characters_by_font
    from .app import open_workspace

    try:
        ws = open_workspace(workspace)
        check = ws.check_issue(issue, lint=False)  # characters only: no OpenCC, no lint tables
        return characters_by_font(check.assembled(draft=True)), tr(
            f"第{check.info.number}期", f"issue {check.info.number}")
    except BulletinError:
        return None, ""


def _print(rows, title: str) -> int:  # type: ignore[no-untyped-def]
    out = stdout()
    out.print(f"[bold]{escape(title)}[/]")
    gaps = 0
    for r in rows:
        mark = "[green]✓[/]" if r.ok else ("[yellow]![/]" if r.optional else "[red]✗[/]")
        out.print(f"  {mark} {escape(r.name)}：{escape(r.found)}")
        if r.fix and not r.ok:
            out.print(f"      {tr('处理', 'fix')}：{escape(r.fix)}")
        elif r.fix:
            out.print(f"      [dim]{escape(r.fix)}[/]")
        gaps += not r.ok and not r.optional
    return gaps


@app.command(
    "fonts",
    help=tr(
        "公文字体检查：本机是否安装了仿宋_GB2312、方正小标宋简体等字体，PDF 导出时 LibreOffice 用哪个替代字体，"
        "替代字体是否包含本期简报用到的所有字。\n\n"
        f"{EXAMPLES}:\n\n  bulletin fonts\n\n  bulletin fonts --issue 5",
        "Which official fonts are installed, which stand-in LibreOffice uses for each, and whether it "
        f"has every character of the issue.\n\n{EXAMPLES}:\n\n  bulletin fonts",
    ),
)
@handles_errors
def fonts(issue: IssueOpt = None, workspace: WorkspaceOpt = None) -> None:
    from ..doctor import font_checks
    from ..render.fontcheck import font_statuses

    chars, which = _issue_characters(workspace, issue)
    title = tr("公文字体", "Official fonts") + (tr(f"（按{which}用字检查）", f" (characters of {which})") if which else "")
    _print(font_checks(font_statuses(chars)), title)


@app.command(
    "doctor",
    help=tr(
        "检查本机环境：Python、LibreOffice 及版本、公文字体或替代字体、OpenCC，缺什么就说明装什么。\n\n"
        f"{EXAMPLES}:\n\n  bulletin doctor",
        "Check this machine: Python, LibreOffice and its version, the official fonts or their "
        f"stand-ins, OpenCC, with what to install for each gap.\n\n{EXAMPLES}:\n\n  bulletin doctor",
    ),
)
@handles_errors
def doctor(issue: IssueOpt = None, workspace: WorkspaceOpt = None) -> None:
    from ..doctor import run_checks

    chars, _ = _issue_characters(workspace, issue)
    gaps = _print(run_checks(chars), tr("bulletin 运行环境", "bulletin environment"))
    out = stdout()
    if gaps:
        out.print(tr(f"有 {gaps} 项必须处理。", f"{gaps} item(s) must be fixed."))
        raise typer.Exit(1)
    out.print(tr("可以正常使用。标 ! 的项目只影响 PDF 或字形，不影响 .docx。",
                 "Ready. Items marked ! only affect the PDF or glyphs, not the .docx."))

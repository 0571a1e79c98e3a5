"""Managing submissions and issues without touching the files: withdraw, delete-issue,
history (every kept version) and unlock (the workspace lock of a crashed command)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..messages import tr
from .app import IssueOpt, WorkspaceOpt, app, handles_errors, open_workspace, stdout

EXAMPLES = tr("示例", "Examples")

BreakLockOpt = Annotated[
    bool,
    typer.Option(
        "--break-lock",
        help=tr("解除另一个命令留下的工作目录锁（确认对方已不在运行时使用）", "take over the workspace lock of another command"),
    ),
]


@app.command(
    help=tr(
        "把一个单位本期的材料撤下（不编入本期）。撤下的文件保存在 .bulletin/history/，可随时恢复。\n\n"
        f"{EXAMPLES}:\n\n  bulletin withdraw --team 打好经济增长主动仗工作专班\n\n  bulletin withdraw --team 安化县经开区 --issue 5",
        "Take a unit's submission out of an issue; it is kept in .bulletin/history/ and can be restored.\n\n"
        f"{EXAMPLES}:\n\n  bulletin withdraw --team UNIT",
    )
)
@handles_errors
def withdraw(
    team: Annotated[str, typer.Option("--team", "-t", help=tr("报送单位名称", "the unit"))],
    issue: IssueOpt = None,
    workspace: WorkspaceOpt = None,
    break_lock: BreakLockOpt = False,
) -> None:
    from ..assemble import fragment_characters
    from ..intake import withdraw_fragment
    from ..lock import workspace_lock

    ws = open_workspace(workspace)
    with workspace_lock(ws.root, "withdraw", break_lock=break_lock):
        done = withdraw_fragment(ws, team, number=issue)
    if done.fragment is not None:
        chars = sum(fragment_characters(done.fragment).values())
        what = tr(
            f"栏目：{'、'.join(done.fragment.sections)}，约{chars}字",
            f"columns: {', '.join(done.fragment.sections)}, ~{chars} characters",
        )
    else:
        what = tr("这份材料有错误", "the file had errors")
    kept = escape(ws.rel(done.kept))
    stdout().print(
        tr(
            f"[green]已撤下[/] 第{done.number}期“{escape(done.team)}”的材料 {escape(ws.rel(done.path))}（{escape(what)}）。\n"
            f"原件保存在 {kept}；如需恢复：bulletin add-section --replace --issue {done.number} {kept}",
            f"[green]withdrawn[/] the submission of “{escape(done.team)}” from issue {done.number}: "
            f"{escape(ws.rel(done.path))} ({escape(what)}).\nKept as {kept}; to restore: "
            f"bulletin add-section --replace --issue {done.number} {kept}",
        )
    )


@app.command(
    name="delete-issue",
    help=tr(
        "删除误建的一期。已有报送材料的一期不删，除非加 --force。删除的整个文件夹保存在 "
        ".bulletin/history/deleted/，移回 issues/ 即可恢复。\n\n"
        f"{EXAMPLES}:\n\n  bulletin delete-issue 6",
        "Delete an issue opened by mistake (one with submissions only with --force). The folder is "
        f"kept in .bulletin/history/deleted/.\n\n{EXAMPLES}:\n\n  bulletin delete-issue 6",
    ),
)
@handles_errors
def delete_issue(
    number: Annotated[int, typer.Argument(help=tr("期号", "issue number"), min=1)],
    force: Annotated[bool, typer.Option("--force", help=tr("即使已有报送材料也删除（仍可恢复）", "delete even with submissions"))] = False,
    workspace: WorkspaceOpt = None,
    break_lock: BreakLockOpt = False,
) -> None:
    from ..lock import workspace_lock
    from ..workspace import ISSUES_DIR, delete_issue as delete

    ws = open_workspace(workspace)
    with workspace_lock(ws.root, "delete-issue", break_lock=break_lock):
        kept, count = delete(ws, number, force=force)
    shown = escape(ws.rel(kept))
    stdout().print(
        tr(
            f"[green]已删除[/] 第{number}期" + (f"（含 {count} 份报送材料）" if count else "") + f"。"
            f"整个文件夹保存在 {shown}；如需恢复，把它移回 {ISSUES_DIR}/{number:03d}。",
            f"[green]deleted[/] issue {number}" + (f" ({count} submissions)" if count else "")
            + f". The folder is kept as {shown}; move it back to {ISSUES_DIR}/{number:03d} to restore it.",
        )
    )


@app.command(
    help=tr(
        "列出本期保存的每一个旧版本（被替换、撤下、lint --fix 改正前），以及删除或被替换的期。"
        "任何一版都可以用 bulletin add-section --replace 文件 恢复。\n\n"
        f"{EXAMPLES}:\n\n  bulletin history\n\n  bulletin history --team 打好经济增长主动仗工作专班 --issue 5",
        "List every kept version of this issue's submissions (replaced, withdrawn, before lint --fix) "
        f"and deleted issues. Restore one with bulletin add-section --replace FILE.\n\n{EXAMPLES}:\n\n  bulletin history",
    )
)
@handles_errors
def history(
    team: Annotated[str | None, typer.Option("--team", "-t", help=tr("只看这个单位", "only this unit"))] = None,
    issue: IssueOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..history import deleted_issues, entries

    ws = open_workspace(workspace)
    out = stdout()
    numbers = ws.issue_numbers()
    number = ws.resolve_issue(issue) if (issue is not None or numbers) else None
    shown = 0
    if number is not None:
        for entry in entries(ws.root, number):
            unit = (tr("按语", "note") if entry.file == "issue.yaml" else entry.team()) or tr("（看不出单位）", "(unit unknown)")
            if team is not None and unit != team:
                continue
            shown += 1
            out.print(
                f"{entry.when:%Y-%m-%d %H:%M:%S}  {escape(entry.event_text)}  {escape(unit)}  {escape(ws.rel(entry.path))}"
            )
        if not shown:
            out.print(tr(f"第{number}期没有保存的旧版本。", f"issue {number} has no kept versions."))
        else:
            out.print(
                tr(
                    f"共 {shown} 个旧版本。恢复某一版：bulletin add-section --replace --issue {number} 文件",
                    f"{shown} kept version(s). Restore one: bulletin add-section --replace --issue {number} FILE",
                )
            )
    deleted = deleted_issues(ws.root)
    if deleted and team is None:
        out.print(tr("删除或被 import --replace 替换的期（移回 issues/ 即可恢复）：", "Deleted or replaced issues (move back into issues/ to restore):"))
        for folder in deleted:
            out.print(f"  {escape(ws.rel(folder))}")


@app.command(
    help=tr(
        "解除工作目录锁。只在确认锁定它的命令已经不在运行（电脑死机、断网）时使用。",
        "Remove the workspace lock; only when the command holding it is surely gone.",
    )
)
@handles_errors
def unlock(workspace: WorkspaceOpt = None) -> None:
    from ..lock import break_lock

    ws = open_workspace(workspace)
    info = break_lock(ws.root)
    if info is None:
        stdout().print(tr("工作目录没有被锁定。", "the workspace is not locked."))
        return
    stdout().print(
        tr(
            f"已解除锁定（原来是 {escape(info.owner)} 在电脑 {escape(info.host)} 上从 {escape(info.since())} 起运行的"
            f"“bulletin {escape(info.command)}”）。",
            f"lock removed (it was “bulletin {escape(info.command)}” by {escape(info.owner)} on "
            f"{escape(info.host)} since {escape(info.since())}).",
        )
    )

"""The history side: import past issues, search all issues, and the summary of init --from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ..dates import chinese_date
from ..messages import suggest, tr
from .app import WorkspaceOpt, app, handles_errors, open_workspace, print_problems, stdout

if TYPE_CHECKING:
    from rich.console import Console

    from ..archive.settings_from_past import FoundSettings

EXAMPLES = tr("示例", "Examples")


def print_found_settings(found: FoundSettings, out: Console) -> None:
    """What ``init --from`` read from the past issue, and what it left to fill in."""
    past = found.past
    if past.warnings:
        print_problems(past.warnings, out)
    out.print(tr(f"从往期 {escape(past.display)} 读出：", f"Read from {escape(past.display)}:"))
    for what, value in found.found:
        out.print(f"  {escape(what)}\uff1a{escape(value)}")
    if past.number is not None:
        date = chinese_date(past.date) if past.date else tr("日期不详", "no date")
        out.print(
            tr(f"  这是第{past.number}期（{date}）。要把它也收进来：bulletin import {escape(past.display)}",
               f"  This is issue {past.number} ({date}). To bring it in: bulletin import {escape(past.display)}")
        )
    if found.missing:
        out.print(
            tr("[yellow]往期里看不出来，已在 bulletin.yaml 里留作注释待填写：[/]", "[yellow]Left as comments to fill in:[/]")
            + escape("、".join(found.missing))
        )


@app.command(
    name="import",
    help=tr(
        "把往期简报（.docx、.doc、.wps 或 .txt）导入为工作目录里的一期：期号、总期号、日期、按语，"
        "每个单位一份材料。已有的一期不会被覆盖；一次导入多期时，要么全部导入，要么一期也不导入。\n\n"
        f"{EXAMPLES}:\n\n  bulletin import 往期/*.docx\n\n  bulletin import --add-units 第12期.doc\n\n"
        "  bulletin import --replace 第5期-更正.docx",
        "Import past issues (.docx, .doc, .wps, .txt) as issue folders, all or nothing.\n\n"
        f"{EXAMPLES}:\n\n  bulletin import past/*.docx",
    ),
)
@handles_errors
def import_(
    files: Annotated[list[Path], typer.Argument(help=tr("往期简报文件", "past issues"))],
    replace: Annotated[bool, typer.Option("--replace", help=tr("替换已有的一期（原有的移到 .bulletin/history/deleted/ 保留，bulletin history 可查）", "replace existing issues (kept in .bulletin/history/deleted/, listed by bulletin history)"))] = False,
    add_units: Annotated[bool, typer.Option("--add-units", help=tr("把 bulletin.yaml 里没有的单位和栏目添加进去", "add unknown units and columns to bulletin.yaml"))] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..archive.importer import import_issues

    ws = open_workspace(workspace)
    result = import_issues(ws, files, replace=replace, add_units=add_units)
    out = stdout()
    for notice in result.notices:
        out.print(f"[dim]{escape(notice)}[/]")
    if result.warnings:
        print_problems(result.warnings, out)
    for name, label in result.added_sections:
        out.print(tr(f"[green]已添加栏目[/] {escape(name)}", f"[green]added column[/] {escape(name)}")
                  + (f"（{escape(label)}）" if label else ""))
    for name, cols in result.added_teams:
        out.print(tr(f"[green]已添加单位[/] {escape(name)}（{escape('、'.join(cols))}）",
                     f"[green]added unit[/] {escape(name)} ({escape(', '.join(cols))})"))
    for item in sorted(result.issues, key=lambda i: i.info.number):
        info = item.info
        columns = len({c for f in item.fragments for c in f.sections})
        where = ws.rel(ws.issue_dir(info.number))
        out.print(
            tr(f"[green]已导入[/] 第{info.number}期（{chinese_date(info.date)}）："
               f"{len(item.fragments)} 个单位，{columns} 个栏目 → {escape(where)}",
               f"[green]imported[/] issue {info.number} ({info.date}): {len(item.fragments)} units, "
               f"{columns} columns → {escape(where)}")
        )
        if item.backup is not None:
            out.print(tr(f"    原有的第{info.number}期已移到 {escape(ws.rel(item.backup))}",
                         f"    the previous issue {info.number} was moved to {escape(ws.rel(item.backup))}"))


@app.command(
    help=tr(
        "在所有各期里查找：哪一期、哪个单位、哪一句提到了这些词（几个词要同时出现），最新的在前。\n\n"
        f"{EXAMPLES}:\n\n  bulletin search 安全生产\n\n  bulletin search 专项债 --year 2023\n\n"
        "  bulletin search 抗旱 --team 打好防范化解风险阻击仗工作专班 --json",
        "Find which issue, unit and sentence mention all the words, newest first.\n\n"
        f"{EXAMPLES}:\n\n  bulletin search 安全生产 --year 2023 --json",
    )
)
@handles_errors
def search(
    words: Annotated[list[str], typer.Argument(help=tr("要查找的词", "words to find"))],
    year: Annotated[int | None, typer.Option("--year", "-y", help=tr("只查这一年", "only this year"))] = None,
    team: Annotated[str | None, typer.Option("--team", "-t", help=tr("只查这个单位", "only this unit"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=tr("输出 JSON（供脚本使用）", "JSON for scripts"))] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help=tr("最多显示几条（0 为不限）", "at most this many (0: all)"))] = 0,
    workspace: WorkspaceOpt = None,
) -> None:
    from rich.text import Text

    from ..archive.search import NOTE, search as run_search

    ws = open_workspace(workspace)
    hits = []
    for hit in run_search(ws, words, year=year, team=team):
        hits.append(hit)
        if limit and len(hits) >= limit:
            break
    if as_json:
        typer.echo(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2))
        return
    out = stdout()
    if not hits:
        out.print(tr(f"没有找到同时提到“{escape('、'.join(words))}”的内容。", f"nothing mentions “{escape(' '.join(words))}”."))
        names = ws.series.team_names()
        if team is not None and team not in names:
            out.print(tr(f"“{escape(team)}”不在 bulletin.yaml 的报送单位里。", f"“{escape(team)}” is not a unit in bulletin.yaml.")
                      + escape(suggest(team, names)))
        return
    shown_words = [w for w in words if w.strip()]
    last = None
    for hit in hits:
        if hit.issue != last:
            last = hit.issue
            total = tr(f"（总第{hit.total}期）", f" (total {hit.total})") if hit.total else ""
            out.print(Text(tr(f"第{hit.issue}期{total}  {hit.date}", f"Issue {hit.issue}{total}  {hit.date}"), style="bold"))
        who = hit.column if hit.column == NOTE else f"{hit.team} · {hit.column}"
        if hit.title and hit.title != hit.sentence:
            who += f" · {hit.title}"
        line = Text("  ")
        line.append(who, style="cyan")
        line.append("\uff1a")
        body = Text(hit.sentence)
        body.highlight_words(shown_words, style="bold reverse")
        line.append_text(body)
        out.print(line)
    out.print(tr(f"共 {len(hits)} 处。", f"{len(hits)} match(es)."))

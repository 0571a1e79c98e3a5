"""The editor's week across issues: `bulletin list` and `bulletin edit`.

Parse, call ``archive.listing`` / ``issue_edit``, print. Nothing here loads python-docx.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import UsageProblem
from ..messages import tr
from .app import IssueOpt, WorkspaceOpt, app, handles_errors, open_workspace, stdout

EXAMPLES = tr("示例", "Examples")


def _export_names(title: str, number: int) -> list[str]:
    from .export import default_name

    return [default_name(title, number), default_name(title, number, draft=True)]


@app.command(
    "list",
    help=tr(
        "列出全部期次（新的在前）：期号、总期号、日期、已报/应报单位数、有内容的栏目、约几页、是否已导出。\n\n"
        f"{EXAMPLES}:\n\n  bulletin list\n\n  bulletin list --json",
        "Every issue, newest first: number, total, date, units in/expected, columns, estimated "
        f"pages, whether it was exported.\n\n{EXAMPLES}:\n\n  bulletin list --json",
    ),
)
@handles_errors
def list_(
    as_json: Annotated[bool, typer.Option("--json", help=tr("输出 JSON（供脚本使用）", "JSON for scripts"))] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from ..archive.listing import list_issues

    ws = open_workspace(workspace)
    rows = list_issues(ws, _export_names)
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return
    out = stdout()
    if not rows:
        out.print(tr("还没有任何一期。用 bulletin new 新建第一期。", "No issue yet; create one with bulletin new."))
        return
    title = tr(f"{escape(ws.series.title)}：共 {len(rows)} 期", f"{escape(ws.series.title)}: {len(rows)} issue(s)")
    headers = [tr(h, e) for h, e in (("期号", "no."), ("总期号", "total"), ("日期", "date"), ("已报/应报", "units"), ("栏目", "columns"), ("约页数", "pages"), ("导出", "exported"))]
    cells = []
    for r in rows:
        if r.problem:
            cells.append([str(r.number), "", "", "", "", "", f"[red]{_unreadable(r)}[/]：{escape(r.problem)}"])
            continue
        units = _units(r)
        cells.append([
            str(r.number),
            str(r.total) if r.total else "[dim]—[/]",
            _date(r.date),
            f"[yellow]{units}[/]" if r.units_in < r.units_expected else units,
            f"{len(r.columns)}/{r.columns_all}",
            str(r.pages) if r.pages else "[dim]—[/]",
            _exported(r),
        ])
    if not out.is_terminal:
        out.width = max(out.width, 120)
    fixed = [max(cell_len(Text.from_markup(c[i]).plain) for c in [headers, *cells]) for i in range(6)]
    if sum(w + 3 for w in fixed) + 16 <= out.width:  # the export column wraps, from 12 cells
        table = Table(title=title)
        for i, header in enumerate(headers):
            table.add_column(header, justify="left" if i in (2, 6) else "right", no_wrap=i < 6)
        for row in cells:
            table.add_row(*row)
        out.print(table)
        return
    # A narrow terminal: one short block per issue instead of a table squeezed to “…”.
    from .click_zh import Wrapped

    out.print(title)
    for r in rows:
        head = tr(f"第{r.number}期", f"Issue {r.number}") + (tr(f"（总第{r.total}期）", f" (#{r.total})") if r.total else "")
        out.print(f"[bold]{head}[/] {_date(r.date)}")
        if r.problem:
            out.print(Wrapped(f"  [red]{_unreadable(r)}[/]：{escape(r.problem)}"))
            continue
        units = _units(r)
        pages = tr(f"约{r.pages}页", f"~{r.pages} pages") if r.pages else tr("无内容", "empty")
        out.print(Wrapped(tr(f"  已报/应报 {units}，栏目 {len(r.columns)}/{r.columns_all}，{pages}", f"  units {units}, columns {len(r.columns)}/{r.columns_all}, {pages}")))
        out.print(Wrapped("  " + _exported(r)))


def _unreadable(r) -> str:  # type: ignore[no-untyped-def]
    return tr("缺少 issue.yaml", "no issue.yaml") if r.missing_issue_file else tr("无法读取", "unreadable")


def _units(r) -> str:  # type: ignore[no-untyped-def]
    """6/6, or 6/6+2 when units not expected every issue wrote too."""
    return f"{r.units_in}/{r.units_expected}" + (f"+{r.units_other}" if r.units_other else "")


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    from ..dates import chinese_date

    return chinese_date(dt.date.fromisoformat(iso))


def _exported(r) -> str:  # type: ignore[no-untyped-def]
    e = r.exported
    parts = []
    if r.errors:
        parts.append(tr(f"[red]{r.errors}个错误[/]", f"[red]{r.errors} error(s)[/]"))
    if e is None:
        parts.append(tr("[dim]未导出[/]", "[dim]not exported[/]"))
    else:
        when = dt.datetime.fromisoformat(e.at)
        stamp = f"{when.month}月{when.day}日 {when:%H:%M}" if tr("zh", "en") == "zh" else f"{when:%Y-%m-%d %H:%M}"
        kind = tr("草稿", "draft ") if e.draft else ""
        parts.append(tr(f"[green]已导出{kind}[/] {stamp}", f"[green]exported {kind}[/]{stamp}"))
        if e.stale:
            parts.append(tr("[yellow]导出后有改动[/]", "[yellow]changed since[/]"))
    return " ".join(parts)


@app.command(
    "edit",
    help=tr(
        "修改本期的日期、总期号或按语，不用打开 issue.yaml。--note \"\" 删去按语。\n\n"
        f"{EXAMPLES}:\n\n  bulletin edit --date 2023年7月28日\n\n  bulletin edit --total 120\n\n"
        "  bulletin edit --note-file 按语.txt\n\n  bulletin edit --issue 5 --note \"\"",
        "Change the issue's date, total number or note without opening issue.yaml. --note \"\" "
        f"removes the note.\n\n{EXAMPLES}:\n\n  bulletin edit --date 2023-07-28\n\n  bulletin edit --note-file note.txt",
    ),
)
@handles_errors
def edit(
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help=tr("新日期，如 2023-07-28、2023年7月28日、7月28日", "new date, e.g. 2023-07-28"), show_default=False),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help=tr("新的按语（编者按）；空字符串表示删去", "the new note; empty removes it"), show_default=False)
    ] = None,
    note_file: Annotated[
        Path | None,
        typer.Option("--note-file", help=tr("从文本文件读入按语（空一行分段）", "read the note from a text file"), show_default=False),
    ] = None,
    total: Annotated[
        int | None, typer.Option("--total", min=1, max=10_000_000, help=tr("总期号（总第N期）", "the running total number"), show_default=False)
    ] = None,
    issue: IssueOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..dates import date_option
    from ..issue_edit import edit_issue, read_note_file

    if note is not None and note_file is not None:
        raise UsageProblem(tr("--note 和 --note-file 只能用一个。", "use --note or --note-file, not both."))
    if date is None and note is None and note_file is None and total is None:
        raise UsageProblem(
            tr("要改什么？请给出 --date、--total、--note 或 --note-file。", "nothing to change: give --date, --total, --note or --note-file.")
        )
    parsed = date_option(date)
    if note_file is not None:
        note = read_note_file(note_file)
    ws = open_workspace(workspace)
    result = edit_issue(ws, issue, date=parsed, total=total, note=note)
    changes = result.changes()
    number = result.after.number
    if not changes:
        stdout().print(tr(f"第{number}期没有变化（内容和原来一样）。", f"Issue {number}: nothing changed."))
        return
    stdout().print(
        tr(f"已修改第{number}期（{escape(ws.rel(result.path))}）：", f"Issue {number} changed ({escape(ws.rel(result.path))}): ")
        + tr("；", "; ").join(escape(c) for c in changes)
        + tr("。", ".")
    )

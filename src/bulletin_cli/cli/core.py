"""The collection side: init, new, template, add-section, validate, status, schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import BulletinError, UsageProblem
from ..fsutil import atomic_write_text
from ..messages import suggest, suggest_or_list, tr
from .app import IssueOpt, WorkspaceOpt, app, handles_errors, open_workspace, print_problems, stderr, stdout, summary_line

EXAMPLES = tr("示例", "Examples")


@app.command(
    help=tr(
        "新建一个简报工作目录，里面有带注释的 bulletin.yaml 供填写；加 --from 时从一期往期简报读出设置。"
        f"\n\n{EXAMPLES}:\n\n  bulletin init 工作专报\n\n  bulletin init --from 第12期.docx 工作专报",
        f"Create a workspace with a commented bulletin.yaml (--from: read from a past issue).\n\n{EXAMPLES}:"
        "\n\n  bulletin init my-bulletin\n\n  bulletin init --from past.docx my-bulletin",
    )
)
@handles_errors
def init(
    directory: Annotated[Path, typer.Argument(help=tr("新目录（默认当前文件夹）", "folder (default: here)"))] = Path("."),
    past: Annotated[Path | None, typer.Option("--from", help=tr("从这期往期简报（.docx/.doc/.wps/.txt）读出设置", "read the settings from this past issue"))] = None,
) -> None:
    from ..schema import SCHEMAS, schema_text
    from ..template import SERIES_TEMPLATE
    from ..workspace import ISSUES_DIR, SCHEMA_DIR, SERIES_FILE

    target = directory / SERIES_FILE
    if target.exists():
        raise BulletinError.single(
            str(target),
            tr("这里已经有 bulletin.yaml，不会覆盖。", "bulletin.yaml already exists and will not be overwritten."),
        )
    found = None
    if past is not None:
        from ..archive.settings_from_past import settings_from_document

        found = settings_from_document(past)  # read before anything is created
    (directory / ISSUES_DIR).mkdir(parents=True, exist_ok=True)
    (directory / SCHEMA_DIR).mkdir(exist_ok=True)
    for kind in SCHEMAS:
        atomic_write_text(directory / SCHEMA_DIR / f"{kind}.schema.json", schema_text(kind))
    atomic_write_text(target, SERIES_TEMPLATE if found is None else found.text)
    out = stdout()
    out.print(tr(f"已新建简报工作目录 {escape(str(directory))}。", f"Created workspace {escape(str(directory))}."))
    if found is not None:
        from .archive import print_found_settings

        print_found_settings(found, out)
    out.print(
        tr(
            f"下一步：编辑 {escape(str(target))}（报头名称、栏目、报送单位），然后运行 bulletin new 新建第一期。",
            f"Next: edit {escape(str(target))}, then run bulletin new.",
        )
    )


@app.command(
    help=tr(
        "新建下一期（期号 = 最新一期 + 1，总期号顺延，日期默认今天）。不会覆盖已有的一期。\n\n"
        f"{EXAMPLES}:\n\n  bulletin new\n\n  bulletin new --number 6 --date 2023-07-28",
        f"Open the next issue. Never overwrites.\n\n{EXAMPLES}:\n\n  bulletin new --number 6 --date 2023-07-28",
    )
)
@handles_errors
def new(
    number: Annotated[int | None, typer.Option("--number", "-n", min=1, help=tr("期号", "issue number"))] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help=tr("日期，如 2023-07-21、2023年7月21日、7月21日", "date, e.g. 2023-07-21"))] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..dates import chinese_date, date_option

    parsed = date_option(date)
    ws = open_workspace(workspace)
    _ = ws.series  # a broken settings file is reported before anything is created
    info = ws.new_issue(number, parsed)
    folder = ws.rel(ws.issue_dir(info.number))
    stdout().print(
        tr(
            f"已新建第{info.number}期（{chinese_date(info.date)}），目录 {folder}。"
            f"下一步：bulletin template --team 单位名称 生成报送模板。",
            f"Created issue {info.number} ({info.date}) in {folder}.",
        )
    )


@app.command(
    help=tr(
        "为一个报送单位生成本期的填写模板（字段和说明都是中文）。\n\n"
        f"{EXAMPLES}:\n\n  bulletin template --team 打好经济增长主动仗工作专班 -o 经济增长.yaml\n\n"
        "  bulletin template --team 打好经济增长主动仗工作专班 --docx   （Word 填写表）",
        f"Write a fill-in fragment for a unit.\n\n{EXAMPLES}:\n\n  bulletin template --team UNIT -o unit.yaml",
    )
)
@handles_errors
def template(
    team: Annotated[str, typer.Option("--team", "-t", help=tr("报送单位名称", "the unit"))],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=tr("写到文件（默认输出到屏幕）", "file (default: stdout)"))] = None,
    as_docx: Annotated[bool, typer.Option("--docx", help=tr("生成 Word 填写表（单位在 Word 里填写，add-section 直接收入）", "a Word fill-in form"))] = False,
    issue: IssueOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..template import fragment_template, write_template

    ws = open_workspace(workspace)
    series = ws.series
    names = series.team_names()
    if team not in names:
        raise UsageProblem(
            tr(f"“{team}”不在报送单位名单里。", f"“{team}” is not a unit of this series.") + suggest_or_list(team, names)
        )
    number = ws.resolve_issue(issue)
    info = ws.issue_info(number)
    if as_docx:
        from .form import write_form

        write_form(series, info, team, output)
        return
    if output is None:
        typer.echo(fragment_template(series, info, team, None), nl=False)
        return
    schema = write_template(output, series, info, team)
    stdout().print(
        tr(
            f"已生成模板 {escape(str(output))}，请连同 {escape(schema.name)}（编辑器检查和补全用）一起发给{escape(team)}填写。",
            f"Wrote {escape(str(output))} and {escape(schema.name)} (for editors); send both to {escape(team)}.",
        )
    )


@app.command(
    name="add-section",
    help=tr(
        "检查报送材料并收入本期。一次收入多个文件时，要么全部收入，要么一个也不收。"
        "原文件不会被改动；收入的副本统一存为 UTF-8。\n\n"
        f"{EXAMPLES}:\n\n  bulletin add-section 收件箱/*.yaml 收件箱/*.docx\n\n  bulletin add-section --team 打好经济增长主动仗工作专班 材料.docx\n\n  bulletin add-section --replace 经济增长-更正.yaml",
        "Validate submissions and merge them into the issue (all or nothing).\n\n"
        f"{EXAMPLES}:\n\n  bulletin add-section inbox/*.yaml",
    ),
)
@handles_errors
def add_section(
    files: Annotated[list[Path], typer.Argument(help=tr("报送的文件：.yaml，或 Word（.docx .doc .wps .docm .odt）、文本（.txt .md）", "submitted files: .yaml, Word or text"))],
    replace: Annotated[bool, typer.Option("--replace", help=tr("替换该单位本期已收的材料（旧版本保留在 .bulletin/history/，bulletin history 可查）", "replace a unit's earlier submission (the old one is kept; see bulletin history)"))] = False,
    fix: Annotated[bool, typer.Option("--fix", help=tr("收入时自动改正排版问题（半角标点、繁体字等）", "store the text with typographic fixes"))] = False,
    team: Annotated[str | None, typer.Option("--team", "-t", help=tr("Word/文本材料的报送单位（文件里没写时）", "unit of a Word/text file"))] = None,
    section: Annotated[str | None, typer.Option("--section", "-s", help=tr("Word/文本材料放入的栏目（文件里没写【栏目】时）", "column of a Word/text file"))] = None,
    issue: IssueOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..assemble import fragment_characters
    from ..intake import add_fragments, describe_changes

    from .progress import MANY, spinner

    ws = open_workspace(workspace)
    with spinner(tr(f"正在检查 {len(files)} 个文件……", f"checking {len(files)} files…"), when=len(files) >= MANY):
        result = add_fragments(ws, files, number=issue, replace=replace, fix=fix, team=team, section=section)
    out = stdout()
    for skip in result.skipped:
        out.print(_skipped_line(ws, skip))
    for item in result.accepted:
        chars = sum(fragment_characters(item.fragment).values())
        verb = tr("已替换", "replaced") if item.replaced else tr("已收入", "added")
        out.print(
            f"[green]{verb}[/] {escape(item.fragment.team)}\uff1a{escape('、'.join(item.fragment.sections))}"
            + tr(f"（约{chars}字）→ {escape(ws.rel(item.target))}", f" (~{chars} chars) → {escape(ws.rel(item.target))}")
        )
        if item.received is not None:
            print_received(out, item, ws)
        if item.replaced:
            for line in describe_changes(item.replaced, item.fragment):
                out.print(f"    {escape(line)}")
        if item.kept is not None:
            out.print(tr(f"    旧版本保存在 {escape(ws.rel(item.kept))}", f"    old version kept as {escape(ws.rel(item.kept))}"))
        if item.fixed_from is not None:
            _print_diff(out, item.fixed_from, item.text, str(item.source))
        if item.warnings:
            print_warnings_briefly(out, item.warnings)
            if item.fixed_before:
                out.print(
                    tr(
                        "    上一版收入后用 lint --fix 改正过，这一版又有可自动改正的问题："
                        "运行 bulletin lint --fix 再改一次，或用 bulletin add-section --replace --fix 重新收入。",
                        "    the previous version had been fixed with lint --fix; this one needs the same fixes: "
                        "run bulletin lint --fix, or add-section --replace --fix.",
                    )
                )
    warnings = sum(len(i.warnings) for i in result.accepted)
    if warnings:
        from ..lint.rules import RULES

        # C303 (a character outside GB2312), E601 …: --fix changes nothing, so do not offer it
        fixable = any(RULES[w.code].fixable for i in result.accepted for w in i.warnings if w.code in RULES)
        out.print(
            tr(
                f"有 {warnings} 处排版提醒。可以用 bulletin add-section --replace --fix 自动改正后重新收入。",
                f"{warnings} typographic warning(s); --replace --fix stores corrected text.",
            )
            if fixable
            else tr(f"有 {warnings} 处排版提醒，不能自动改正，请人工核对。", f"{warnings} typographic warning(s) to check by hand.")
        )


def print_received(out, item, ws) -> None:  # type: ignore[no-untyped-def]
    """What converting a Word/text file did, and where the original is kept."""
    out.print(tr(f"    原件存于 {escape(ws.rel(item.received))}", f"    original kept in {escape(ws.rel(item.received))}"))
    for notice in item.notices:
        out.print(f"    [yellow]{escape(notice)}[/]")


def _skipped_line(ws, skip) -> str:  # type: ignore[no-untyped-def]
    """Re-running intake on the whole inbox: say why a file was left alone."""
    source, team, stored = escape(str(skip.source)), escape(skip.team), escape(ws.rel(skip.stored))
    if skip.current:
        return tr(
            f"[dim]跳过[/] {source}：与已收的“{team}”材料（{stored}）内容相同。",
            f"[dim]skipped[/] {source}: the same as the stored submission of “{team}” ({stored}).",
        )
    if skip.event == "withdrawn":
        return tr(
            f"[dim]跳过[/] {source}：“{team}”的这份材料曾被撤下（bulletin withdraw，留存在 {stored}）。"
            "如要重新收入，请加 --replace。",
            f"[dim]skipped[/] {source}: this submission of “{team}” was withdrawn (kept as {stored}); "
            "add --replace to take it in again.",
        )
    if skip.event == "before-fix":
        return tr(
            f"[dim]跳过[/] {source}：与已收的“{team}”材料改正排版前的原文相同（改正后的在 {stored}）。",
            f"[dim]skipped[/] {source}: the same as the submission of “{team}” before lint --fix ({stored}).",
        )
    return tr(
        f"[dim]跳过[/] {source}：这是“{team}”较早的一版，已被 {stored} 替换（旧版本见 bulletin history）。",
        f"[dim]skipped[/] {source}: an older version from “{team}”, since replaced by {stored}.",
    )


def print_warnings_briefly(out, warnings, shown: int = 8) -> None:  # type: ignore[no-untyped-def]
    """A pasted fragment can have hundreds of findings: show a few, count the rest by rule."""
    from collections import Counter

    print_problems(warnings[:shown], out)
    if len(warnings) > shown:
        counts = Counter(w.code or "?" for w in warnings[shown:])
        detail = "\u3001".join(f"{code} {n}" for code, n in counts.most_common())
        out.print(
            tr(
                f"    \u2026\u2026还有 {len(warnings) - shown} 处\uff08{detail}\uff09\uff0cbulletin lint 可列出全部。",
                f"    … and {len(warnings) - shown} more ({detail}); bulletin lint lists them all.",
            )
        )


def _print_diff(out, before: str, after: str, name: str) -> None:  # type: ignore[no-untyped-def]
    import difflib

    out.print(tr("    自动改正：", "    fixed:"))
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), name, name + " (fixed)", n=0, lineterm=""):
        style = "red" if line.startswith("-") else "green" if line.startswith("+") else "dim"
        out.print(f"    [{style}]{escape(line)}[/]")


@app.command(
    help=tr(
        "检查设置、本期信息和每一份报送材料，一次列出所有问题。\n\n"
        f"{EXAMPLES}:\n\n  bulletin validate\n\n  bulletin validate --issue 5",
        f"Check the settings, the issue and every fragment; report all problems.\n\n{EXAMPLES}:\n\n  bulletin validate",
    )
)
@handles_errors
def validate(issue: IssueOpt = None, workspace: WorkspaceOpt = None) -> None:
    ws = open_workspace(workspace)
    check = ws.check_issue(issue)
    if check.problems:
        print_problems(check.problems)
    out = stdout()
    if check.errors:
        stderr().print(summary_line(check.problems))
        raise typer.Exit(1)
    assembled = check.assembled()
    paragraphs = len(assembled.all_paragraph_texts())
    out.print(
        tr(
            f"第{check.info.number}期检查通过：{len(check.fragments)} 份材料，{len(assembled.columns)} 个栏目，"
            f"{paragraphs} 段。",
            f"Issue {check.info.number} is valid: {len(check.fragments)} fragments, "
            f"{len(assembled.columns)} columns, {paragraphs} paragraphs.",
        )
        + (summary_line(check.problems) if check.warnings else "")
    )
    if assembled.missing_teams:
        out.print(tr("尚未报送：", "not yet submitted: ") + "、".join(assembled.missing_teams))


@app.command(
    help=tr(
        "本期各单位报送情况一览：谁已报、谁未报、各栏目字数、问题数。\n\n"
        f"{EXAMPLES}:\n\n  bulletin status\n\n  bulletin status --json",
        f"Who has submitted, per unit and column.\n\n{EXAMPLES}:\n\n  bulletin status --json",
    )
)
@handles_errors
def status(
    as_json: Annotated[bool, typer.Option("--json", help=tr("输出 JSON（供脚本使用）", "JSON for scripts"))] = False,
    issue: IssueOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..status import issue_status

    ws = open_workspace(workspace)
    st = issue_status(ws.check_issue(issue))
    if as_json:
        import json

        typer.echo(json.dumps(st.to_json(), ensure_ascii=False, indent=2))
        return
    out = stdout()
    if not out.is_terminal:
        out.width = max(out.width, 120)  # logs and pipes: do not truncate unit names
    out.print(status_table(st, out.width))
    from .click_zh import Wrapped

    lines = []
    if st.missing:
        lines.append(tr("尚未报送：", "Missing: ") + "、".join(st.missing))
    if st.empty_columns:
        lines.append(tr("空栏目（导出时略去）：", "Empty columns (left out): ") + "、".join(st.empty_columns))
    for line in lines:  # on a terminal, broken between names, never before a 、
        out.print(Wrapped(escape(line)) if out.is_terminal else line)
    strays = ws.strays(st.number)
    if strays:
        out.print(
            tr(f"[yellow]fragments 文件夹里有 {len(strays)} 项不是收入的报送材料[/]：", f"[yellow]{len(strays)} item(s) in fragments/ are not submissions[/]: ")
            + escape("、".join(Path(p.file).name for p in strays))
            + tr("（bulletin validate 查看详情）", " (see bulletin validate)")
        )
    errors = [p for p in st.problems if p["severity"] == "error"]
    if errors:
        out.print(tr(f"[red]{len(errors)} 个错误[/]，运行 bulletin validate 查看。", f"[red]{len(errors)} errors[/]; run bulletin validate."))


def status_table(st, width: int):  # type: ignore[no-untyped-def]
    """The status table for a screen ``width`` cells wide. The state column never wraps or
    shrinks; unit names fold when they must. When the per-column counts do not fit (a 40- or
    60-column terminal), they move under the unit's name and the table keeps two columns."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    labels = {
        "submitted": tr("[green]已报[/]", "[green]submitted[/]"),
        "error": tr("[red]有错误[/]", "[red]errors[/]"),
        "missing": tr("[red]未报[/]", "[red]missing[/]"),
        "optional": tr("[dim]不定期[/]", "[dim]optional[/]"),
    }
    states = []
    for row in st.teams:
        state = labels[row.state]
        if row.warnings:
            state += tr(f" [yellow]{row.warnings}处提醒[/]", f" [yellow]{row.warnings} warnings[/]")
        states.append(state)
    state_header = tr("状态", "state")
    state_w = max([cell_len(Text.from_markup(s, emoji=False).plain) for s in states] + [cell_len(state_header)])
    counts = [[f"{row.characters[c]}字" if c in row.characters else "" for c in st.columns] for row in st.teams]
    col_w = [max([cell_len(r[i]) for r in counts] + [cell_len(c)]) for i, c in enumerate(st.columns)]
    name_min = 10
    wide = (name_min + 3) + sum(w + 3 for w in col_w) + (state_w + 3) + 1 <= width
    table = Table(
        title=tr(f"第{st.number}期（{st.date}）报送情况", f"Issue {st.number} ({st.date})"),
        show_lines=not wide,
        show_edge=wide,  # narrow: two more cells for the names
    )
    table.add_column(tr("报送单位", "unit"), overflow="fold", min_width=name_min, ratio=1)
    if wide:
        for column, w in zip(st.columns, col_w):
            table.add_column(column, justify="right", no_wrap=True, min_width=w)
    table.add_column(state_header, no_wrap=True, min_width=state_w)
    for row, state, cells in zip(st.teams, states, counts):
        name = Text(row.team)
        if wide:
            table.add_row(name, *[c or "[dim]—[/]" for c in cells], state)
            continue
        written = [f"{c} {n}" for c, n in zip(st.columns, cells) if n]
        if written:
            name.append("\n" + "、".join(written), style="dim")
        table.add_row(name, state)
    return table


@app.command(
    help=tr(
        "输出三种文件（bulletin.yaml、issue.yaml、报送材料）的 JSON Schema，供编辑器检查和补全。\n\n"
        f"{EXAMPLES}:\n\n  bulletin schema fragment\n\n  bulletin schema --write schemas",
        f"Print the JSON Schema of the files.\n\n{EXAMPLES}:\n\n  bulletin schema fragment",
    )
)
@handles_errors
def schema(
    kind: Annotated[str, typer.Argument(help="bulletin | issue | fragment")] = "fragment",
    write: Annotated[Path | None, typer.Option("--write", help=tr("把三个 schema 写到这个文件夹", "write all three into this folder"))] = None,
    generic: Annotated[bool, typer.Option("--generic", help=tr("不列出本简报的单位和栏目（不在工作目录里时总是如此）", "without this series' units and columns"))] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..schema import SCHEMAS, schema_text

    series = None
    if not generic:
        try:
            ws = open_workspace(workspace)
        except BulletinError:  # not in a workspace: the generic schema
            if workspace:
                raise
        else:
            series = ws.series  # a broken bulletin.yaml is reported (or use --generic)
    if write is not None:
        write.mkdir(parents=True, exist_ok=True)
        for name in SCHEMAS:
            atomic_write_text(write / f"{name}.schema.json", schema_text(name, series))
        stdout().print(tr(f"已写入 {escape(str(write))}。", f"Wrote {escape(str(write))}."))
        return
    if kind not in SCHEMAS:
        raise UsageProblem(tr(f"没有“{kind}”，可选：", f"no “{kind}”; choose: ") + " | ".join(SCHEMAS) + tr("。", ".") + suggest(kind, SCHEMAS))
    typer.echo(schema_text(kind, series), nl=False)

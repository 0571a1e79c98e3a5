"""`bulletin lint`: typographic checks on fragments (or any text file), with --fix.

Parses options, calls ``bulletin_cli.lint`` and prints; the rules live there.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import BulletinError, Problem
from ..messages import tr
from .app import IssueOpt, WorkspaceOpt, app, handles_errors, print_problems, stderr, stdout

BACKUP_SUFFIX = ".bak"


@dataclass
class FileResult:
    path: Path
    shown: str
    findings: list[Any] = field(default_factory=list)  # before fixing
    remaining: list[Any] = field(default_factory=list)  # after fixing (= findings without --fix)
    original: str = ""
    fixed: str | None = None  # new text when --fix changed the file
    backup: Path | None = None
    backup_shown: str = ""


def _settings(workspace: Path | None, files: list[Path]) -> tuple[Any, list[Path], Any]:
    """(workspace or None, files to lint, series or None). Without FILE arguments the
    workspace is required; with them it only supplies the series settings when there is one."""
    from ..workspace import Workspace

    if not files:
        ws = Workspace.find(workspace)
        return ws, [], ws.series
    try:
        ws = Workspace.find(workspace)
    except BulletinError:
        if workspace is not None:
            raise
        return None, files, None
    return ws, files, ws.series


def lint_file(
    path: Path, shown: str, *, fix: bool, options: dict[str, Any], keep: Callable[[Path], Path | None] | None = None
) -> FileResult:
    """Lint (and with ``fix`` rewrite) one file; pure apart from the write. ``keep`` keeps the
    original somewhere else than beside it (a fragment's goes to the history, where validate
    never mistakes it for a submission); it returns None for files it does not handle."""
    from ..fsutil import atomic_write_text
    from ..lint import fix_fragment, fix_text, lint_fragment_file, lint_text
    from ..sources.files import read_source
    from ..sources.yaml_reader import YAML_SUFFIXES

    text = read_source(path, max_size=2**31, display=shown).text
    result = FileResult(path, shown, original=text)
    is_yaml = path.suffix.lower() in YAML_SUFFIXES
    if is_yaml:
        if fix:
            outcome = fix_fragment(text, path=shown, **options)
            result.findings = outcome.findings
            new = outcome.text
        else:
            result.findings = lint_fragment_file(shown, text, **options)
            new = text
    else:
        result.findings = [_with_path(f, shown) for f in lint_text(text, **options)]
        new = fix_text(text, **options) if fix else text
    result.remaining = result.findings
    if fix and new != text:
        backup = keep(path) if keep is not None else None
        if backup is None:
            backup = path.with_name(path.name + BACKUP_SUFFIX)
            shutil.copy2(path, backup)
        atomic_write_text(path, new)
        result.fixed, result.backup = new, backup
    if fix:
        if is_yaml:
            result.remaining = lint_fragment_file(shown, new, **options)
        else:
            result.remaining = [_with_path(f, shown) for f in lint_text(new, **options)]
    return result


def _with_path(f: Any, shown: str) -> Any:
    from dataclasses import replace

    return replace(f, path=shown)


@app.command(
    name="lint",
    help=tr(
        "检查排版问题\uff1a半角标点、直引号、繁体字、拼音注音、多余空格、日期补零、序号跳号等。"
        "不写文件名时检查本期的全部报送材料和按语\uff08issue.yaml 的 note\uff09。--fix 自动改正\uff08报送材料和 issue.yaml 的原文保存在 .bulletin/history/，其他文件另存为 .bak\uff09。"
        "规则代码和说明见 --rules\uff1b在 bulletin.yaml 的 lint.disabled 中可关闭某些规则。\n\n"
        "示例\uff1a\n\n  bulletin lint\n\n  bulletin lint --fix\n\n  bulletin lint 收件箱/经济增长.yaml --json",
        "Typographic checks (half-width punctuation, straight quotes, traditional characters, "
        "pinyin annotations, spaces, dates, enumerations). Without FILE: every fragment and the note "
        "of the current issue. --fix rewrites the files (keeping FILE.bak). Rules: --rules; turn rules "
        "off per series with lint.disabled in bulletin.yaml.",
    ),
)
@handles_errors
def lint(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help=tr("要检查的文件\uff08.yaml 报送材料或 .txt 文本\uff09", "files (.yaml fragments or .txt)"), show_default=False),
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help=tr("自动改正并显示改动\uff08原文保存备查\uff09", "apply the fixes and show a diff (the original is kept)"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=tr("以 JSON 输出", "print JSON"))] = False,
    rules: Annotated[bool, typer.Option("--rules", help=tr("列出全部规则", "list the rules"))] = False,
    issue: IssueOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    from ..lint import lint_options, unknown_codes

    if rules:
        _print_rules(as_json)
        return
    ws, targets, series = _settings(workspace, list(files or []))
    options = lint_options(series)
    warnings: list[Problem] = []
    if series is not None:
        bad = unknown_codes(options["disabled"])
        if bad:
            warnings.append(
                Problem(
                    ws.rel(ws.series_file),
                    tr(
                        f"lint.disabled 中的规则代码不存在\uff1a{'、'.join(bad)}\uff08bulletin lint --rules 查看全部规则\uff09",
                        f"unknown rule code(s) in lint.disabled: {', '.join(bad)} (see bulletin lint --rules)",
                    ),
                    severity="warning",
                )
            )
    if not targets:
        number = ws.resolve_issue(issue)
        targets = ws.fragment_files(number)
        if not targets:
            stderr().print(tr(f"第{number}期还没有收到任何报送材料。", f"issue {number} has no fragments yet."))
        targets = _note_file(ws, number) + targets  # the 按语 prints first
        if not targets:
            return
    problems: list[Problem] = []
    results: list[FileResult] = []
    with _fix_lock(ws, fix):
        keep = None
        if fix and ws is not None:
            keep = _history_keeper(ws)
        from .progress import bar

        for path in bar(targets, tr("检查排版", "linting")):
            shown = ws.rel(path) if ws is not None else str(path)
            try:
                results.append(lint_file(path, shown, fix=fix, options=options, keep=keep))
            except BulletinError as exc:
                problems.extend(exc.problems)
        for r in results:
            if r.backup is not None and ws is not None:
                r.backup_shown = ws.rel(r.backup)

    if as_json:
        _print_json(results, problems, fix)
    else:
        if warnings:
            print_problems(warnings)
        _print_text(results, fix, unreadable=len({p.file for p in problems if p.severity == "error"}))
        if problems:
            print_problems(problems)
    remaining = sum(len(r.remaining) for r in results)
    if problems or remaining:
        raise typer.Exit(1)


def _fix_lock(ws: Any, fix: bool) -> Any:
    """--fix writes fragments: hold the workspace lock (see lock.py)."""
    from contextlib import nullcontext

    from ..lock import workspace_lock

    return workspace_lock(ws.root, "lint --fix") if fix and ws is not None else nullcontext()


def _note_file(ws: Any, number: int) -> list[Path]:
    """The issue's issue.yaml when it has a 按语 (note), which is linted like a fragment's text.
    An unreadable issue.yaml is left to validate, which names its problem."""
    from ..workspace import ISSUE_FILE

    try:
        info = ws.issue_info(number)
    except BulletinError:
        return []
    return [ws.issue_dir(number) / ISSUE_FILE] if info.note else []


def _history_keeper(ws: Any) -> Callable[[Path], Path | None]:
    """Keep the original of a fragment (a file in issues/NNN/fragments/), or of an issue.yaml
    whose 按语 is fixed, in the history."""
    from ..history import keep
    from ..workspace import ISSUE_FILE

    issues = ws.issues_dir.resolve()

    def keeper(path: Path) -> Path | None:
        folder = path.resolve().parent
        if path.name == ISSUE_FILE and folder.parent == issues and folder.name.isdigit():
            return keep(ws.root, int(folder.name), path, "before-fix")
        if folder.name != "fragments" or folder.parent.parent != issues or not folder.parent.name.isdigit():
            return None
        return keep(ws.root, int(folder.parent.name), path, "before-fix")

    return keeper


def _print_rules(as_json: bool) -> None:
    from ..lint import RULES

    if as_json:
        data = [
            {"code": code, "name": r.name, "zh": r.zh, "en": r.en, "fixable": r.fixable}
            for code, r in RULES.items()
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    out = stdout()
    for code, r in RULES.items():
        fixable = tr("可自动改正", "fixable") if r.fixable else tr("只提示", "report only")
        out.print(f"[bold]{code}[/] {escape(r.name)}" + tr(f"\uff08{fixable}\uff09\uff1a", f" ({fixable}): ") + escape(tr(r.zh, r.en)))


def _print_text(results: list[FileResult], fix: bool, unreadable: int = 0) -> None:
    from ..lint.report import before_after, diff_text

    out = stdout()
    fixed_count = 0
    for r in results:
        if fix:
            if r.fixed is not None:
                fixed_count += sum(1 for f in r.findings if f.fixable)
                out.print(
                    tr(
                        f"[green]已改正[/] {escape(r.shown)}\uff08原文件另存为 {escape(r.backup_shown or (r.backup.name if r.backup else ''))}\uff09\uff1a",
                        f"[green]fixed[/] {escape(r.shown)} (original kept as {escape(r.backup_shown or (r.backup.name if r.backup else ''))}):",
                    )
                )
                for line in diff_text(r.original, r.fixed, r.shown).splitlines():
                    style = "red" if line.startswith("-") else "green" if line.startswith("+") else "dim"
                    out.print(f"[{style}]{escape(line)}[/]")
            shown_findings = r.remaining
        else:
            shown_findings = r.findings
        for f in shown_findings:
            code_style = "yellow" if f.fixable else "magenta"
            out.print(f"{escape(f.location())}: [{code_style}]{f.code}[/] {escape(f.message)}")
            for line in before_after(f):
                out.print(f"[dim]{escape(line)}[/]")
    total = sum(len(r.findings) for r in results)
    remaining = sum(len(r.remaining) for r in results)
    files = len(results)
    # files that could not be read must not make the summary say all is well
    rest = tr(f"另有 {unreadable} 个文件无法检查，原因见下。", f" {unreadable} file(s) could not be checked (see below).") if unreadable else ""
    if fix and total:
        out.print(
            tr(
                f"检查了 {files} 个文件\uff1a改正 {fixed_count} 处\uff0c还有 {remaining} 处需要人工处理。{rest}",
                f"{files} file(s): {fixed_count} fixed, {remaining} left to fix by hand.{rest}",
            )
        )
    elif total:
        fixable = sum(1 for r in results for f in r.findings if f.fixable)
        out.print(
            tr(
                f"检查了 {files} 个文件\uff0c发现 {total} 处问题\uff0c其中 {fixable} 处可用 bulletin lint --fix 自动改正。{rest}",
                f"{files} file(s): {total} finding(s), {fixable} fixable with bulletin lint --fix.{rest}",
            )
        )
    elif not files and unreadable:
        out.print(tr(f"{unreadable} 个文件无法检查，原因见下。", f"{unreadable} file(s) could not be checked (see below)."))
    else:
        out.print(tr(f"检查了 {files} 个文件\uff0c没有发现排版问题。{rest}", f"{files} file(s): no findings.{rest}"))


def _print_json(results: list[FileResult], problems: list[Problem], fix: bool) -> None:
    data = {
        "files": [
            {
                "file": r.shown,
                "findings": [f.to_dict() for f in r.findings],
                "remaining": len(r.remaining),
                "fixed": r.fixed is not None,
                "backup": str(r.backup) if r.backup else None,
            }
            for r in results
        ],
        "findings": [f.to_dict() for r in results for f in (r.remaining if fix else r.findings)],
        "errors": [
            {"file": p.file, "line": p.line, "column": p.column, "message": p.message} for p in problems
        ],
    }
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))

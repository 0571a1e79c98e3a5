"""`bulletin export`: the issue as a .docx in the official layout, and optionally a PDF.

Parses options, reads and checks the workspace, calls ``render.docx.write_docx`` and
``render.pdf.convert_to_pdf``, prints where the files went. python-docx is imported only when
a document is actually written, so `bulletin --help` stays fast.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import BulletinError, Problem
from ..messages import tr
from .app import (
    IssueOpt,
    WorkspaceOpt,
    app,
    handles_errors,
    open_workspace,
    print_problems,
    stderr,
    stdout,
)

EXAMPLES = tr("示例", "Examples")


def default_name(title: str, number: int, *, draft: bool = False, suffix: str = ".docx") -> str:
    """``<title>-第N期.docx`` (``-草稿`` added for drafts, so a draft never replaces the final
    file), with characters and device names Windows forbids replaced."""
    from ..platform_support import safe_filename

    name = f"{title}-第{number}期" + ("-草稿" if draft else "")
    return safe_filename(name, fallback=f"第{number}期") + suffix


def output_paths(
    folder: Path, title: str, number: int, output: Path | str | None, *, draft: bool
) -> tuple[Path, Path]:
    """(docx, pdf) targets. ``-o`` may name a folder (an existing one, or any path ending in
    ``/``: given as typed, since ``Path`` drops the slash) or a file (its suffix is ignored:
    the PDF sits beside the .docx with the same stem)."""
    if output is None:
        docx = folder / default_name(title, number, draft=draft)
    elif Path(output).is_dir() or str(output).endswith(("/", "\\")):
        docx = Path(output) / default_name(title, number, draft=draft)
    else:
        output = Path(output)
        docx = output if output.suffix.lower() == ".docx" else output.with_suffix(".docx")
    return docx, docx.with_suffix(".pdf")


@app.command(
    "export",
    help=tr(
        "按公文格式（GB/T 9704-2012）导出本期简报：A4、三号仿宋、每页22行每行28字、红色报头、页码、报尾。"
        "默认保存在本期文件夹，文件名为“<简报名称>-第N期.docx”。有错误的期次不导出，除非加 --draft（页眉标“草稿”）。\n\n"
        f"{EXAMPLES}:\n\n  bulletin export --docx\n\n  bulletin export --issue 5 --docx --pdf\n\n"
        "  bulletin export --docx -o 桌面/第5期.docx\n\n  bulletin export --docx --draft",
        "Export the issue in the official layout (GB/T 9704-2012). Saved in the issue folder as "
        "'<title>-第N期.docx' by default. An issue with errors is refused unless --draft, which "
        "stamps every page as a draft.\n\n"
        f"{EXAMPLES}:\n\n  bulletin export --docx\n\n  bulletin export --issue 5 --docx --pdf",
    ),
)
@handles_errors
def export(
    issue: IssueOpt = None,
    docx: Annotated[
        bool, typer.Option("--docx", help=tr("导出 Word 文档（.docx）", "write a Word document (.docx)"))
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help=tr("同时导出 PDF（需要 LibreOffice）", "also write a PDF (needs LibreOffice)")),
    ] = False,
    output: Annotated[
        str | None,  # as typed: a trailing / means a folder, and Path would drop it
        typer.Option(
            "--output",
            "-o",
            metavar=tr("文件或文件夹/", "FILE|FOLDER/"),
            help=tr(
                "保存位置（文件，或文件夹：已有的文件夹或以 / 结尾；默认：本期文件夹）",
                "where to save (a file, or a folder: an existing one or ending in /; default: the issue folder)",
            ),
            show_default=False,
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help=tr("导出草稿：有错误也导出，每页页眉标“草稿”", "export a draft even with errors; every page stamped as a draft"),
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=tr("有应报单位未报或有空栏目时不导出", "refuse when an expected unit is missing or a column is empty"),
        ),
    ] = False,
    workspace: WorkspaceOpt = None,
    open_: Annotated[
        bool,
        typer.Option(
            "--open",
            help=tr(
                "导出后用本机的程序打开（有 PDF 时打开 PDF，否则打开 .docx）",
                "open the result with the system's viewer (the PDF if one was made, else the .docx)",
            ),
        ),
    ] = False,
) -> None:
    if not docx and not pdf:
        docx = True  # `bulletin export` alone means the .docx
    ws = open_workspace(workspace)
    # lint warnings are shown only beside errors or in a draft: lint (and load OpenCC) only then
    check = ws.check_issue(issue, lint=False)
    if check.errors or draft:
        check = ws.check_issue(issue)
    number = check.info.number
    if check.errors and not draft:
        print_problems(check.problems)
        n = len(check.errors)
        raise BulletinError(
            [
                Problem(
                    file=ws.rel(check.folder),
                    message=tr(
                        f"第{number}期有 {n} 个错误，未导出。请先修改上面列出的问题（bulletin validate 可再查），"
                        "或加 --draft 导出草稿。",
                        f"issue {number} has {n} error(s) and was not exported. Fix the problems above "
                        "(check again with `bulletin validate`), or add --draft to export a draft.",
                    ),
                )
            ]
        )
    if check.problems and draft:
        print_problems(check.problems)
    if not check.fragments and not check.unreadable and not draft:
        raise BulletinError.single(
            ws.rel(check.folder),
            tr(
                f"第{number}期还没有收到任何报送材料，未导出。先用 bulletin add-section 收入材料，"
                "或加 --draft 导出只有报头和报尾的草稿。",
                f"issue {number} has no submissions yet and was not exported. Add some with "
                "bulletin add-section, or pass --draft.",
            ),
        )
    assembled = check.assembled(draft=draft)
    _completeness(ws.rel(check.folder), assembled, strict=strict and not draft)
    docx_path, pdf_path = output_paths(check.folder, assembled.title, number, output, draft=draft)
    docx_path.parent.mkdir(parents=True, exist_ok=True)

    from ..render.docx import write_docx  # python-docx only now
    from ..render.grid import paginate

    out = stdout()
    plan = paginate(assembled)  # once: the message's page count and the document's
    pages = plan.pages
    if docx:
        _write(lambda a, p: write_docx(a, p, plan), assembled, docx_path)
        out.print(
            tr(
                f"已导出{'草稿' if draft else ''}：{escape(str(docx_path))}（约 {pages} 页）",
                f"Exported{' draft' if draft else ''}: {escape(str(docx_path))} (about {pages} pages)",
            )
        )
    if pdf:
        from .progress import spinner

        with spinner(tr("正在用 LibreOffice 转换 PDF……", "Converting to PDF with LibreOffice…")):
            _export_pdf(assembled, docx_path if docx else None, pdf_path)
        out.print(tr(f"已导出 PDF：{escape(str(pdf_path))}", f"Exported PDF: {escape(str(pdf_path))}"))
        from ..render.fontcheck import stand_in_notice

        notice = stand_in_notice(assembled)
        if notice:
            out.print(f"[yellow]{escape(notice)}[/]")
    from ..archive.listing import record_export

    written = ([docx_path] if docx else []) + ([pdf_path] if pdf else [])
    try:
        record_export(check.folder, written, draft=draft, root=ws.root)
    except OSError:
        pass  # the document is written; a read-only issue folder only loses the `list` note
    if open_:
        open_result(pdf_path if pdf else docx_path)


def open_result(path: Path) -> None:
    """Show the exported file in the system's viewer; when there is none, say so (the export
    itself succeeded, so this is not an error)."""
    from ..platform_support import open_file

    problem = open_file(path)
    if problem is None:
        stdout().print(tr(f"已打开：{escape(str(path))}", f"Opened: {escape(str(path))}"))
    else:
        stderr().print(tr(f"[yellow]未能自动打开[/]：{escape(problem)}", f"[yellow]not opened[/]: {escape(problem)}"))


def _completeness(folder: str, assembled, *, strict: bool) -> None:  # type: ignore[no-untyped-def]
    """Name the expected units that have not submitted and the columns left empty: a warning
    (the issue is still exported), or with --strict an error."""
    problems = []
    if assembled.missing_teams:
        problems.append(tr(f"尚未报送：{'、'.join(assembled.missing_teams)}", f"not yet submitted: {', '.join(assembled.missing_teams)}"))
    if assembled.empty_columns:
        left_out = "" if strict else tr("（略去）", " (left out)")
        problems.append(tr(f"空栏目{left_out}：{'、'.join(assembled.empty_columns)}", f"empty columns{left_out}: {', '.join(assembled.empty_columns)}"))
    if not problems:
        return
    if strict:
        raise BulletinError(
            [Problem(folder, p) for p in problems]
            + [Problem(folder, tr("未导出（--strict）。去掉 --strict 可照常导出。", "not exported (--strict)."))]
        )
    print_problems([Problem(folder, p, severity="warning") for p in problems])


def _write(writer, assembled, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Name the target, not the temporary file, when writing fails."""
    try:
        writer(assembled, path)
    except OSError as exc:
        if exc.errno is None:
            raise
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None


def _export_pdf(assembled, docx_path: Path | None, pdf_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ..render.docx import write_docx
    from ..render.pdf import PdfFailed, PdfUnavailable, convert_to_pdf

    try:
        if docx_path is not None:
            _write(lambda _a, p: convert_to_pdf(docx_path, p), assembled, pdf_path)
            return
        with tempfile.TemporaryDirectory(prefix="bulletin-") as tmp:
            tmp_docx = Path(tmp) / pdf_path.with_suffix(".docx").name
            write_docx(assembled, tmp_docx)
            _write(lambda _a, p: convert_to_pdf(tmp_docx, p), assembled, pdf_path)
    except (PdfUnavailable, PdfFailed) as exc:
        stderr().print(f"[red]{tr('错误', 'error')}[/]: {escape(str(exc))}")
        raise typer.Exit(1) from None

"""The typer app, the options every command shares, and printing problems at the edge.

Commands parse arguments, call plain functions and print. Problems are raised deep as
BulletinError and printed here once, with exit code 1; click's usage errors exit with 2.
Nothing imported here loads python-docx: --help, validate, status and preview stay fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import BulletinError, Problem, UsageProblem
from ..messages import tr
from .click_zh import ZhGroup  # Click's own messages and help pages in Chinese

if TYPE_CHECKING:
    from ..workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="bulletin",
    help=tr(
        "工作简报/工作专报编排工具：收集各专班报送的材料，检查、汇总，按公文格式（GB/T 9704-2012）导出 Word 文档。\n\n"
        "一周的工作：bulletin new → bulletin template --team … → bulletin add-section 文件… → "
        "bulletin status → bulletin preview → bulletin export --docx",
        "Assemble work bulletins from units' YAML fragments and export them in the official "
        "layout (GB/T 9704-2012).",
    ),
    no_args_is_help=True,
    cls=ZhGroup,
    add_completion=True,  # --install-completion / --show-completion
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


# ---------------------------------------------------------------- --version (issue 11)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("bulletin-cli")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            number = "?"
        typer.echo(f"bulletin {number}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", is_eager=True, callback=_print_version, help=tr("显示版本号并退出。", "Show the version and exit.")),
    ] = False,
) -> None:
    pass


# ---------------------------------------------------------------- consoles


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=True)


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help=tr("简报工作目录（默认：从当前文件夹向上找 bulletin.yaml）", "workspace folder (default: search upwards)"),
        show_default=False,
    ),
]
IssueOpt = Annotated[
    int | None,
    typer.Option("--issue", "-i", help=tr("第几期（默认：最新一期）", "issue number (default: the latest)"), show_default=False),
]


def open_workspace(workspace: Path | None) -> Workspace:
    from ..workspace import Workspace  # not at import time: --help stays fast

    return Workspace.find(workspace)


def print_problems(problems: Sequence[Problem], console: Console | None = None) -> None:
    console = console or stderr()
    for p in problems:
        if p.severity == "error":
            label = tr("错误", "error")
            style = "red"
        else:
            label = tr("提醒", "warning")
            style = "yellow"
        console.print(f"{escape(p.location())}: [{style}]{label}[/]: {escape(p.message)}")


def summary_line(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    return tr(f"共 {errors} 个错误，{warnings} 个提醒。", f"{errors} error(s), {warnings} warning(s).")


def handles_errors(fn: F) -> F:
    """Turn problems into messages and exit codes; never let a traceback reach a clerk."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BulletinError as exc:
            print_problems(exc.problems)
            if len(exc.problems) > 1:
                stderr().print(summary_line(exc.problems))
            raise typer.Exit(1) from None
        except UsageProblem as exc:
            stderr().print(f"[red]{tr('用法错误', 'usage error')}[/]: {escape(str(exc))}")
            raise typer.Exit(2) from None
        except PermissionError as exc:
            stderr().print(
                tr(
                    f"[red]错误[/]: 无法写入 {escape(str(exc.filename or ''))}：文件可能正在 Word/WPS 中打开，"
                    "或者没有写入权限。请关闭文件后重试。",
                    f"[red]error[/]: cannot write {escape(str(exc.filename or ''))}: the file may be open "
                    "in Word/WPS, or the folder is read-only.",
                )
            )
            raise typer.Exit(1) from None
        except OSError as exc:
            stderr().print(
                tr(
                    f"[red]错误[/]: {escape(str(exc.filename or ''))}:{escape(exc.strerror or str(exc))}",
                    f"[red]error[/]: {escape(str(exc.filename or ''))}: {escape(exc.strerror or str(exc))}",
                )
            )
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug of ours: say so plainly, keep the details for us
            if os.environ.get("BULLETIN_DEBUG"):
                raise
            stderr().print(
                tr(
                    f"[red]内部错误[/]: {escape(type(exc).__name__)}: {escape(str(exc))}\n"
                    "这是程序的问题，不是您的文件的问题。请设置 BULLETIN_DEBUG=1 重新运行，把输出发给维护人员。",
                    f"[red]internal error[/]: {escape(type(exc).__name__)}: {escape(str(exc))}\n"
                    "Run again with BULLETIN_DEBUG=1 and send the output to the maintainers.",
                )
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def main() -> None:
    # Windows consoles may not be UTF-8; never fail on printing Chinese.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
    app()

"""The typer app, the options every command shares, and printing problems at the edge.

Commands parse arguments, call plain functions and print. Problems are raised deep as
BulletinError and printed here once, with exit code 1; click's usage errors exit with 2.

Start-up (measured by benchmarks/bench_cli.py, guarded by tests/test_startup.py): a command
module is imported only when one of its commands runs or its own help is shown (``LazyGroup``);
``bulletin --help`` is drawn as plain text from ``SUMMARIES`` without rich and without importing
any command module; options left out are not converted (``_DeferredCoercion``). Nothing
imported here loads rich.console, pydantic or python-docx.

Adding a command module: write ``cli/<module>.py`` whose commands use ``@app.command("name")``,
then add ONE line to ``COMMAND_MODULES`` below: the module's name and its command names, in the
order ``bulletin --help`` lists them (tests/test_cli_lazy.py fails until it is there). A line per
command in ``SUMMARIES`` keeps ``bulletin --help`` from importing the module; without one the
command is listed with the first sentence of its help. ``cli/__init__.py`` imports no command
module (importing one there still works; it only makes every start slower).
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..messages import tr
from .click_zh import ZhGroup, _adopt  # Click's own messages and help pages in Chinese

if TYPE_CHECKING:
    from rich.console import Console

    from ..errors import Problem

    from ..workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])

# module under cli/ -> the commands it defines, in the order `bulletin --help` lists them
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "core": ("init", "new", "template", "add-section", "validate", "status", "schema"),
    "export": ("export",),
    "lint": ("lint",),
    "preview": ("preview",),
    "week": ("list", "edit"),
    "archive": ("import", "search"),
    "manage": ("withdraw", "delete-issue", "history", "unlock"),
    "system": ("fonts", "doctor"),
}

# Optional: a command's line in `bulletin --help`, so that listing it imports nothing. A command
# without a line here is listed with the first sentence of its own help (its module is imported).
SUMMARIES: dict[str, tuple[str, str]] = {
    "init": ("新建简报工作目录（带注释的 bulletin.yaml）。", "Create a workspace with a commented bulletin.yaml."),
    "new": ("新建下一期（期号加一，日期默认今天）。", "Open the next issue."),
    "template": ("为报送单位生成本期的填写模板。", "Write a fill-in fragment for a unit."),
    "add-section": ("检查报送材料并收入本期。", "Validate submissions and merge them into the issue."),
    "validate": ("检查设置、本期信息和每一份材料，列出所有问题。", "Check the settings, the issue and every fragment."),
    "status": ("各单位报送情况：谁已报、谁未报、各栏目字数。", "Who has submitted, per unit and column."),
    "schema": ("输出三种文件的 JSON Schema，供编辑器检查和补全。", "Print the JSON Schema of the files."),
    "export": ("按公文格式导出 Word 文档（.docx），可同时导出 PDF。", "Export the issue as .docx (and PDF)."),
    "lint": ("检查并改正排版问题：半角标点、繁体字、多余空格等。", "Typographic checks and fixes."),
    "preview": ("在终端里按页预览本期版面。", "Preview the issue on the terminal, page by page."),
    "list": ("列出全部期次：期号、日期、报送、页数、是否已导出。", "Every issue, newest first."),
    "edit": ("修改本期的日期、按语、总期号（不用打开 issue.yaml）。", "Change an issue's date, note or total."),
    "import": ("把往期简报（Word 或文本）收进工作目录。", "Bring past issues (Word or text) into the workspace."),
    "search": ("在全部期次里查找文字：哪一期、哪个单位、哪一句。", "Search every issue for words."),
    "withdraw": ("撤下某单位本期的材料（留存备查）。", "Take a unit's submission out of an issue (kept)."),
    "delete-issue": ("删除误建的空期次（留存备查）。", "Delete an issue opened by mistake (kept)."),
    "history": ("查看留存的各版本材料（替换、撤下、改正前）。", "Every kept version of the submissions."),
    "unlock": ("解除工作目录的写入锁（确认没有人在用时）。", "Remove the workspace's write lock."),
    "fonts": ("本机有哪些公文字体，缺的用什么代替。", "Which official fonts are installed, and their stand-ins."),
    "doctor": ("检查本机环境：Python、LibreOffice、字体、OpenCC。", "Check this machine for what bulletin needs."),
}


def _module_of(command: str) -> str | None:
    return next((m for m, names in COMMAND_MODULES.items() if command in names), None)


class LazyGroup(ZhGroup):
    """The top-level group: knows the command names from ``COMMAND_MODULES`` and imports a
    command's module only when that command is looked up (to run it or show its help)."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = [n for names in COMMAND_MODULES.values() for n in names]
        return names + [n for n in self.commands if n not in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            module = _module_of(cmd_name)
            if module is None:
                return None
            importlib.import_module(f"{__package__}.{module}")
            for info in app.registered_commands:
                if _command_name(info) == cmd_name:
                    command = typer.main.get_command_from_info(
                        info,
                        pretty_exceptions_short=app.pretty_exceptions_short,
                        rich_markup_mode=app.rich_markup_mode,
                    )
                    for param in command.params:
                        _defer_coercion(param)
                    if ctx is not None:
                        _defer_coercion(command.get_help_option(ctx))
                    self.commands[cmd_name] = _adopt(command)  # Chinese help and usage errors
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        for param in self.params:  # --version and the completion options, left out
            _defer_coercion(param)
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        _defer_coercion(option)
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        # The group's own options (--version, and the completion options typer adds after
        # __init__) are parsed on every run: left unconverted like a command's options.
        params = super().get_params(ctx)
        for param in params:
            _defer_coercion(param)
        return params

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # Plain text, no rich: `bulletin --help` must start as fast as `import typer`.
        formatter.write(top_level_help(self, _terminal_width()))


class _DeferredCoercion:
    """Typer converts every option through a pydantic TypeAdapter that it builds (importing
    typer._adapters) even when the option was not given. An option left at None needs no
    conversion; build the real converter only for a value."""

    def __init__(self, param: Any) -> None:
        self.param = param

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None and not (param.multiple or param.nargs == -1):
            return None
        if isinstance(value, bool) and getattr(param, "is_flag", False):
            return value  # --help and other flags
        descriptor = self.param.type_descriptor
        if isinstance(value, str) and _plain(descriptor, param, str):
            return value  # what typer's adapter returns for a str (`export -o`), without pydantic
        if isinstance(value, str) and _plain(descriptor, param, int) and _DIGITS.fullmatch(value):
            number = int(value)  # `--issue 5`, `--width 80`: a plain decimal within its range
            info = descriptor.parameter_info
            if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
                return number
            # out of range: typer's adapter words the error (or clamps)
        from typer._coercion import build_runtime_param

        real = build_runtime_param(self.param.type_descriptor)
        self.param._runtime_param = real
        return real.coerce(value, param=param, ctx=ctx)


_DIGITS = re.compile("[0-9]{1,9}")


def _plain(descriptor: Any, param: Any, kind: type) -> bool:
    """A single ``str`` or ``int`` option with no parser or file type: for a str typer's
    adapter only does ``str(value)`` (typer._adapters._parse_cli_str), for ASCII digits
    ``int(value)`` and its range check."""
    info = getattr(descriptor, "parameter_info", None)
    return (
        getattr(descriptor, "annotation", None) is kind
        and getattr(descriptor, "file_annotation", None) is None
        and info is not None
        and getattr(info, "parser", None) is None
        and not (param.multiple or param.nargs == -1)
    )


def _defer_coercion(param: Any) -> None:
    # typer's private hook (typer >= 0.20); left alone if a later typer drops it
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _DeferredCoercion(param)


def _command_name(info: Any) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _terminal_width() -> int:
    try:
        width = int(os.environ.get("COLUMNS", "") or os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        width = 80
    return max(30, min(width, 100))


def _summary(help_text: str | None) -> str:
    """The first sentence of a command's help: its line in `bulletin --help`."""
    first = (help_text or "").strip().split("\n\n", 1)[0].replace("\n", "")
    for stop in ("。", ". "):
        if stop in first:
            return first.split(stop, 1)[0] + stop.strip()
    return first


def top_level_help(group: LazyGroup, width: int) -> str:
    """`bulletin --help`: usage, what the tool does, the commands with one line each.

    Summaries come from ``SUMMARIES``; only a command without one has its module imported.
    No click command is built, and lines are broken by display cells with the Chinese
    line-breaking rules."""
    from ..render.linebreak import wrap

    names = group.list_commands(None)
    for name in names:
        module = _module_of(name)
        if name not in SUMMARIES and module is not None:
            importlib.import_module(f"{__package__}.{module}")
    helps = {name: tr(*text) for name, text in SUMMARIES.items()}
    helps.update({_command_name(i): _summary(i.help) for i in app.registered_commands if _command_name(i) not in helps})
    lines = [tr("用法：bulletin [选项] 命令 [参数]...", "Usage: bulletin [OPTIONS] COMMAND [ARGS]..."), ""]
    for paragraph in (group.help or "").split("\n\n"):
        lines += wrap(paragraph.strip(), width, first_indent=1, indent=1) + [""]
    lines.append(tr("命令：", "Commands:"))
    column = max(len(n) for n in names) + 4
    for name in names:
        text = helps.get(name, "")
        wrapped = wrap(text, width, first_indent=column, indent=column) if text else [""]
        lines.append("  " + name.ljust(column - 2) + wrapped[0][column:])
        lines += wrapped[1:]
    lines += [
        "",
        tr("选项：", "Options:"),
    ]
    options = (
        ("-V, --version", tr("显示版本号并退出。", "Show the version and exit.")),
        ("--install-completion", tr("安装命令补全（Tab 键）。", "Install shell completion.")),
        ("-h, --help", tr("显示帮助并退出。", "Show this message and exit.")),
    )
    option_column = max(len(flag) for flag, _ in options) + 4
    for flag, text in options:  # the words under the option when the screen is narrow
        if option_column + 12 <= width:
            wrapped = wrap(text, width, first_indent=option_column, indent=option_column)
            lines.append("  " + flag.ljust(option_column - 2) + wrapped[0][option_column:])
            lines += wrapped[1:]
        else:
            lines.append("  " + flag)
            lines += wrap(text, width, first_indent=column, indent=column)
    lines.append("")
    # The same words as every command's own page (click_zh.render_help), wrapped like the rest.
    for footer in (
        tr("每个命令的用法：bulletin 命令 --help", "Each command's help: bulletin COMMAND --help"),
        tr("使用说明：docs/使用说明.md", "Manual (Chinese): docs/使用说明.md"),
    ):
        lines += wrap(footer, width, first_indent=1, indent=1)
    return "\n".join(lines) + "\n"


app = typer.Typer(
    name="bulletin",
    cls=LazyGroup,
    help=tr(
        "工作简报/工作专报编排工具：收集各专班报送的材料，检查、汇总，按公文格式（GB/T 9704-2012）导出 Word 文档。\n\n"
        "一周的工作：bulletin new → bulletin template --team … → bulletin add-section 文件… → "
        "bulletin status → bulletin preview → bulletin export --docx",
        "Assemble work bulletins from units' YAML fragments and export them in the official "
        "layout (GB/T 9704-2012).",
    ),
    no_args_is_help=True,
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
    from rich.console import Console

    # emoji=False: a unit's text or a file name with :cn: or :ok: is printed as written (and
    # rich's emoji table is not loaded)
    return Console(highlight=False, soft_wrap=True, emoji=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


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
    from rich.markup import escape

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
        from rich.markup import escape

        from ..errors import BulletinError, UsageProblem  # not at import time: --help stays fast

        try:
            return fn(*args, **kwargs)
        except BulletinError as exc:
            print_problems(exc.problems)
            if len(exc.problems) > 1:
                stderr().print(summary_line(exc.problems))
            raise typer.Exit(1) from None
        except UsageProblem as exc:
            stderr().print(f"[red]{tr('用法错误', 'usage error')}[/]{tr('：', ': ')}{escape(str(exc))}")
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
            from ..fsutil import describe_os_error

            stderr().print(
                f"{escape(str(exc.filename or ''))}: [red]{tr('错误', 'error')}[/]: {escape(describe_os_error(exc))}"
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
    from ..platform_support import configure_console

    configure_console()  # Windows consoles may not be UTF-8: never fail on printing Chinese
    try:
        app()
    finally:
        # The command is done; what is left is the interpreter's exit, whose last garbage
        # collection walks every object the imports made (10+ ms of a 40 ms command, issue 14)
        # to find cycles nobody needs freed any more. Frozen objects are skipped. Only here, in
        # the process's entry point: tests run the app in-process and must not freeze theirs.
        import gc

        gc.freeze()

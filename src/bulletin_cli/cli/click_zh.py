"""Click's own words in Chinese: help pages, usage lines and usage errors.

Click (vendored inside typer since 0.2x) writes its messages as English f-strings, not through
gettext, so installing a translation does nothing. The hook is the two classes below: the app
is a ``ZhGroup`` (``typer.Typer(cls=ZhGroup)``), and the group adopts every command it holds as
a ``ZhCommand``. Between them they

- render ``--help`` themselves: usage, description, arguments, options and commands, with the
  value each option takes in words (数字, 路径, 日期) instead of ``<int>``/``<list[Path]>``,
  broken into lines by ``render.linebreak`` (CJK aware, 避头尾), so nothing is cut with ``…``
  and no line starts with 。or ，at any width;
- say usage errors in Chinese (unknown command with “您是不是要写”, unknown option, missing
  argument, bad value), then the usage line and how to get help; exit code 2, no box;
- print help when the command is run with no arguments, and “已取消。” on Ctrl-D.

English locales get the same layout with English words (``messages.tr``).

The pages themselves are drawn with rich in ``click_zh_render``, imported when a page is drawn:
this module is imported on every start (cli/app.py) and imports no rich.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Union, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

from ..messages import suggest, tr

if TYPE_CHECKING:  # rich is imported where a help page or an error is printed (help pages:
    # click_zh_render): `bulletin --help` (cli/app.py) imports this module and must not load it
    from .click_zh_render import Wrapped, render_help, write_help  # noqa: F401

try:  # typer >= 0.2x vendors click
    from typer import _click as click
except ImportError:  # pragma: no cover - older typer with click as a dependency
    import click  # type: ignore[no-redef]

exceptions = click.exceptions

# Drawn with rich, so kept in a module of their own that is imported when a page is drawn.
_RENDER_NAMES = ("Wrapped", "render_help", "write_help")


def __getattr__(name: str) -> Any:
    """``click_zh.Wrapped`` and the help-page functions, from click_zh_render on first use."""
    if name in _RENDER_NAMES:
        from . import click_zh_render

        return getattr(click_zh_render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------------ words for values

# Argument names as a clerk would call them (the parameter names of our commands).
ARGUMENT_WORDS = {
    "files": ("文件", "FILE"),
    "file": ("文件", "FILE"),
    "directory": ("文件夹", "FOLDER"),
    "folder": ("文件夹", "FOLDER"),
    "kind": ("种类", "KIND"),
    "number": ("期号", "N"),
    "issue": ("期号", "N"),
    "team": ("单位", "UNIT"),
}
_TYPE_WORDS: dict[type, tuple[str, str]] = {
    int: ("数字", "N"),
    float: ("数", "NUMBER"),
    str: ("文字", "TEXT"),
    Path: ("路径", "PATH"),
    dt.datetime: ("时间", "TIME"),  # before date: a datetime is a date
    dt.date: ("日期", "DATE"),
}
_OPTION_HELP = {
    "help": ("显示本帮助并退出。", "Show this message and exit."),
    "install_completion": ("为当前 shell 安装命令补全（按 Tab 补全命令和选项）。", "Install completion for the current shell."),
    "show_completion": ("显示当前 shell 的命令补全脚本，可复制后自行安装。", "Show completion for the current shell."),
}


def _annotation(param: Any) -> Any:
    desc = getattr(param, "type_descriptor", None)
    ann = getattr(desc, "annotation", None)
    args = [a for a in get_args(ann) if a is not type(None)]
    if get_origin(ann) is Union or type(ann).__name__ == "UnionType":
        ann = args[0] if len(args) == 1 else ann
    return ann


def value_words(param: Any) -> str:
    """What an option takes, in words: ``数字``, ``路径…``, ``a|b``; '' for a flag."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if getattr(param, "metavar", None):
        return str(param.metavar)
    if isinstance(param, click.core.Parameter) and getattr(param, "param_type_name", "") == "argument":
        zh, en = ARGUMENT_WORDS.get(param.name or "", (param.name or "", (param.name or "").upper()))
        return tr(zh, en) + ("…" if param.nargs != 1 else "")
    ann = _annotation(param)
    many = get_origin(ann) in (list, tuple, set)
    if many:
        ann = (get_args(ann) or (str,))[0]
    choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
    if choices:
        words = "|".join(str(getattr(c, "value", c)) for c in choices)
    else:
        zh, en = next((w for t, w in _TYPE_WORDS.items() if isinstance(ann, type) and issubclass(ann, t)), ("值", "VALUE"))
        words = tr(zh, en)
    return words + ("…" if many or getattr(param, "multiple", False) else "")


def param_label(param: Any) -> str:
    """How an error names a parameter: ``--total`` or the argument's word."""
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(getattr(param, "opts", []))
    if getattr(param, "param_type_name", "") == "argument" or not opts:
        return value_words(param).rstrip("…") or (param.name or "")
    return " / ".join(opts)


# ------------------------------------------------------------------ help pages


def usage_line(command: click.core.Command, ctx: click.Context) -> str:
    pieces = [ctx.command_path]
    if any(getattr(p, "param_type_name", "") == "option" for p in command.get_params(ctx)):
        pieces.append(tr("[选项]", "[OPTIONS]"))
    for p in command.get_params(ctx):
        if getattr(p, "param_type_name", "") == "argument" and not getattr(p, "hidden", False):
            word = value_words(p)
            pieces.append(word if p.required else f"[{word}]")
    if isinstance(command, TyperGroup):
        pieces.append(tr("命令 [参数]…", "COMMAND [ARGS]..."))
    return tr("用法：", "Usage: ") + " ".join(pieces)


def help_hint(ctx: click.Context) -> str:
    names = ctx.help_option_names or ["--help"]
    flag = next((n for n in names if n.startswith("--")), names[0])
    return tr(f"运行“{ctx.command_path} {flag}”查看帮助。", f"Try '{ctx.command_path} {flag}' for help.")


def _paragraphs(text: str) -> list[str]:
    """Help text as paragraphs; single newlines inside a paragraph are joined."""
    out = []
    for para in (text or "").split("\f")[0].strip().split("\n\n"):
        para = para.strip("\n")
        if para.startswith("\b"):
            out.append(para.lstrip("\b\n"))
        elif para.startswith("  "):  # an example line: keep as written
            out.append(para)
        else:
            para = " ".join(line.strip() for line in para.splitlines())
            if para.endswith(":") and len(para) > 1 and ord(para[-2]) > 0x2E80:
                para = para[:-1] + "\uff1a"  # 示例: → 示例：
            out.append(para)
    return [p for p in out if p.strip()]


# ------------------------------------------------------------------ errors

_PYDANTIC = [
    (re.compile(r"Input should be greater than or equal to (\S+)"), "不能小于 {0}"),
    (re.compile(r"Input should be greater than (\S+)"), "应大于 {0}"),
    (re.compile(r"Input should be less than or equal to (\S+)"), "不能大于 {0}"),
    (re.compile(r"Input should be less than (\S+)"), "应小于 {0}"),
    (re.compile(r"Input should be a valid integer.*"), "应是一个整数"),
    (re.compile(r"Input should be a valid number.*"), "应是一个数"),
    (re.compile(r"Input should be a valid boolean.*"), "应是 true 或 false"),
    (re.compile(r".*'(.+)' is not one of (.+)"), "只能是 {1}"),
    (re.compile(r"(?:Path|File|Directory) '?(.+?)'? does not exist\.?"), "找不到“{0}”"),
]


def _value_message(message: str) -> str:
    for pattern, zh in _PYDANTIC:
        m = pattern.search(message)
        if m:
            return zh.format(*m.groups())
    return message


def _looks_like_file(word: str) -> bool:
    """An unknown “option” that is likely a file name starting with a dash (units name files
    “-第5期材料.docx”): it exists here, or it has characters no option of ours has."""
    if not word.isascii():
        return True
    try:
        return Path(word).exists()
    except OSError:
        return False


def zh_message(exc: Exception) -> str:
    """The Chinese sentence for one of click's usage errors (English locales: click's own)."""
    english = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if isinstance(exc, exceptions.NoSuchOption):
        hint = ""
        if exc.possibilities:
            hint = tr(f"您是不是要写“{sorted(exc.possibilities)[0]}”？", "")
        word = getattr(exc, "bulletin_word", None)
        if word and _looks_like_file(word):
            hint += f"如果这是文件名，请写成 ./{word}，或在文件名前加 --。"
            english += f". If this is a file name, write ./{word} or put -- before it."
        return tr(f"没有“{exc.option_name}”这个选项。{hint}", english)
    if isinstance(exc, exceptions.MissingParameter):
        param = exc.param
        if param is None:
            return tr("缺少参数。", english)
        kind = tr("参数", "argument") if getattr(param, "param_type_name", "") == "argument" else tr("选项", "option")
        return tr(f"缺少{kind}“{param_label(param)}”。", english)
    if isinstance(exc, exceptions.BadOptionUsage):
        if "requires" in exc.message:
            return tr(f"选项“{exc.option_name}”后面要写一个值。", english)
        if "does not take a value" in exc.message:
            return tr(f"选项“{exc.option_name}”后面不能写值。", english)
        return tr(f"选项“{exc.option_name}”用法不对：{exc.message}", english)
    if isinstance(exc, exceptions.BadParameter):
        where = param_label(exc.param) if exc.param is not None else ""
        return tr(f"“{where}”的值不对：{_value_message(exc.message)}。" if where else f"值不对：{_value_message(exc.message)}。", english)
    if isinstance(exc, exceptions.UsageError):
        m = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", exc.message)
        if m:
            return tr(f"多余的参数：{m[1]}。这个命令不需要这些（文件名里有空格时请加引号）。", english)
        if exc.message.startswith("Missing command"):
            return tr("缺少命令。", english)
        return tr(exc.message, english)
    return english


def show_usage_error(exc: Exception) -> None:
    from rich.console import Console
    from rich.markup import escape

    err = Console(stderr=True, highlight=False, soft_wrap=True)

    err.print(f"[red]{tr('用法错误', 'usage error')}[/]{tr('：', ': ')}{escape(zh_message(exc))}")
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        err.print(escape(usage_line(ctx.command, ctx)))
        if ctx.command.get_help_option(ctx) is not None:
            err.print(f"[dim]{escape(help_hint(ctx))}[/]")


# ------------------------------------------------------------------ the classes


def _format_help(self: Any, ctx: click.Context, formatter: Any) -> None:
    from .click_zh_render import write_help

    write_help(self, ctx, formatter)


def _format_usage(self: Any, ctx: click.Context, formatter: Any) -> None:
    formatter.write(usage_line(self, ctx) + "\n")


def _parse_args(parse: Any, ctx: click.Context, args: list[str]) -> list[str]:
    """Parse errors know their command: click's parser raises some without a context, and
    the usage line needs one."""
    given = list(args)  # click's parser pops from the list it is given
    try:
        return parse(ctx, args)
    except exceptions.UsageError as exc:
        if exc.ctx is None:
            exc.ctx = ctx
        if isinstance(exc, exceptions.NoSuchOption):
            # click names only the option it could not match (“-经” of “-经开区.docx”): keep
            # the whole word, which may be a file name starting with a dash
            name = exc.option_name
            exc.bulletin_word = next(  # type: ignore[attr-defined]
                (a.split("=", 1)[0] if a.startswith("--") else a for a in given if a.startswith(name)), name
            )
        raise


class ZhCommand(TyperCommand):
    """A typer command whose help, usage and errors are written by this module. No state of
    its own: the group turns its TyperCommands into ZhCommands in place."""

    format_help = _format_help
    format_usage = _format_usage

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _parse_args(super().parse_args, ctx, args)


class ZhGroup(TyperGroup):
    """The app: Chinese help, usage and usage errors for itself and every command it holds."""

    format_help = _format_help
    format_usage = _format_usage

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _parse_args(super().parse_args, ctx, args)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            _adopt(command)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.core.Command | None:
        command = super().get_command(ctx, cmd_name)
        return _adopt(command) if command is not None else None

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            names = [n for n in self.list_commands(ctx) if not getattr(self.get_command(ctx, n), "hidden", False)]
            hint = suggest(name, names)
            raise exceptions.UsageError(
                tr(f"没有“{name}”这个命令。", f"No such command '{name}'.") + (hint or tr(f"可用的命令：{'、'.join(names)}。", "")),
                ctx,
            )
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        for param in self.params:  # typer adds the completion options after __init__
            if param.name == "install_completion":
                param.callback = _install_completion
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help())
            _exit(0)
        except exceptions.ClickException as exc:
            show_usage_error(exc)
            _exit(exc.exit_code)
        except typer.Abort:
            from rich.console import Console

            Console(stderr=True).print(tr("已取消。", "Aborted."))
            _exit(1)
        _exit(rv if isinstance(rv, int) else 0)


def _install_completion(ctx: click.Context, param: Any, value: Any) -> Any:
    """typer's ``--install-completion``, saying what it did in the user's language."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    click.echo(
        tr(
            f"已为 {shell} 安装命令补全：{path}\n重新打开终端后生效：输入 bulletin 和命令的开头，按 Tab 键补全。",
            f"{shell} completion installed in {path}\nCompletion will take effect once you restart the terminal.",
        )
    )
    _exit(0)


def _exit(code: int) -> NoReturn:
    sys.exit(code)


def _adopt(command: click.core.Command) -> click.core.Command:
    """Give a plain typer command this module's help and usage (same object, same state)."""
    if type(command) is TyperCommand:
        command.__class__ = ZhCommand
    return command

"""Help pages drawn with rich: the part of click_zh that needs rich, imported only when a help
page is drawn (a command's ``--help``, or a command run without arguments) or when a command
wraps its own text with ``Wrapped``. `bulletin --help` is plain text (cli/app.py) and imports
neither this module nor rich."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from ..messages import tr
from .click_zh import _OPTION_HELP, _paragraphs, click, usage_line, value_words

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, Group, RenderResult


# ------------------------------------------------------------------ CJK-aware text


class Wrapped:
    """Rich text broken into lines by ``render.linebreak``: by display cells, at any
    character of Chinese text, never inside a Latin word or number, and 避头尾 (no line starts
    with 。，、）” nor ends with （“). Rich's own wrapping breaks only at spaces and cuts a long
    Chinese run with ``…`` in table cells."""

    def __init__(self, text: Text | str, style: str = "") -> None:
        self.text = Text.from_markup(text, style=style) if isinstance(text, str) else text

    def lines(self, width: int) -> list[Text]:
        from ..render.linebreak import break_lines

        out: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            plain = line.plain
            indent = len(plain) - len(plain.lstrip(" "))
            if not plain.strip():
                out.append(Text(""))
                continue
            room = max(width - indent, 2)
            for s, e in break_lines(plain[indent:], room):
                piece = Text(" " * indent) + line[indent + s : indent + e]
                out.append(piece)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            line.no_wrap = True
            line.overflow = "ignore"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from ..render.linebreak import clusters

        plain = self.text.plain
        lines = plain.split("\n") or [""]
        widest = max(cell_len(line) for line in lines)
        unit = max((c.cells for line in lines for c in clusters(line.strip())), default=1)
        return Measurement(min(unit, 16), max(widest, 1))


# ------------------------------------------------------------------ help pages


def _two_columns(rows: Sequence[tuple[Text, Wrapped]], width: int) -> Any:
    """Names and their help side by side, or stacked (help under the name) when narrow."""
    from rich.console import Group

    name_w = max((cell_len(n.plain) for n, _ in rows), default=0)
    if width < 60 or name_w > width // 2:
        items: list[Any] = []
        for name, help_ in rows:
            items.append(Padding(name, (0, 0, 0, 2)))
            if help_.text.plain:
                items.append(Padding(help_, (0, 0, 0, 6)))
        return Group(*items)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, min_width=name_w)
    table.add_column()
    for name, help_ in rows:
        table.add_row(name, help_)
    return Padding(table, (0, 0, 0, 2))


def _param_rows(params: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    arguments, options = [], []
    for p in params:
        if getattr(p, "hidden", False):
            continue
        words = value_words(p)
        base = getattr(p, "help", None) or ""
        if p.name in _OPTION_HELP:  # click's and typer's own options
            base = tr(*_OPTION_HELP[p.name])
        extra = []
        if p.required:
            extra.append(tr("必填", "required"))
        if getattr(p, "param_type_name", "") == "argument":
            name = Text(words, style="bold cyan")
            arguments.append((name, _help_cell(base, extra)))
            continue
        short = [o for o in p.opts if not o.startswith("--")]
        long = [o for o in p.opts if o.startswith("--")] + list(getattr(p, "secondary_opts", []))
        label = Text(", ".join(short + long), style="bold cyan")
        if words:
            label.append(" " + words, style="yellow")
        lo, hi = getattr(p, "min", None), getattr(p, "max", None)
        if lo is not None and hi is not None:
            extra.append(tr(f"{lo}～{hi}", f"{lo}-{hi}"))
        elif lo is not None:
            extra.append(tr(f"至少 {lo}", f">= {lo}"))
        options.append((label, _help_cell(base, extra)))
    return arguments, options


def _help_cell(text: str, notes: list[str]) -> Wrapped:
    """An option's help with its notes (必填, the allowed range) in brackets after it."""
    tail = tr(f"（{'，'.join(notes)}）", f" ({', '.join(notes)})") if notes else ""
    return Wrapped(Text.from_markup(text) + Text(tail))


def render_help(command: click.core.Command, ctx: click.Context, width: int) -> Group:
    from rich.console import Group

    parts: list[Any] = [Text(usage_line(command, ctx), style="bold"), Text("")]
    paras = _paragraphs(command.help or "")
    for i, para in enumerate(paras):
        example = para.startswith("  ")
        parts.append(Wrapped(para, style="" if i or example else "bold"))
        if not (example and i + 1 < len(paras) and paras[i + 1].startswith("  ")):
            parts.append(Text(""))
    arguments, options = _param_rows(command.get_params(ctx))
    for title, rows in ((tr("参数", "Arguments"), arguments), (tr("选项", "Options"), options)):
        if rows:
            parts += [Text(title + tr("：", ":"), style="bold"), _two_columns(rows, width), Text("")]
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            first = _paragraphs(sub.short_help or sub.help or "")
            rows.append((Text(name, style="bold cyan"), Wrapped(first[0] if first else "")))
        if rows:
            parts += [Text(tr("命令：", "Commands:"), style="bold"), _two_columns(rows, width), Text("")]
        parts.append(Wrapped(tr(f"每个命令的用法：{ctx.command_path} 命令 --help", f"Each command's help: {ctx.command_path} COMMAND --help"), style="dim"))
    if command.epilog:
        parts.append(Wrapped(command.epilog))
    return Group(*parts)


def _help_console() -> Console:
    import os

    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    return Console(highlight=False, color_system=None if plain else "auto", emoji=False, soft_wrap=False)


def write_help(command: click.core.Command, ctx: click.Context, formatter: Any) -> None:
    console = _help_console()
    with console.capture() as captured:
        console.print(render_help(command, ctx, console.width))
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    formatter.write(text + "\n")

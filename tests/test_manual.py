"""docs/使用说明.md stays true: every layout option with its real default, every setting, every
lint rule code, and the pictures it shows exist (made by scripts/make-manual-images)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from bulletin_cli.lint import RULES
from bulletin_cli.model import Layout, Series

ROOT = Path(__file__).resolve().parent.parent
MANUAL = ROOT / "docs" / "使用说明.md"
TEXT = MANUAL.read_text(encoding="utf-8")


def table_rows() -> dict[str, list[str]]:
    """First cell (a `name`) → the other cells, for every table row of the manual."""
    rows = {}
    for line in TEXT.splitlines():
        m = re.match(r"\|\s*`([a-z_]+)`\s*\|(.*)\|\s*$", line)
        if m:
            rows[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return rows


def test_every_layout_option_is_documented_with_its_default() -> None:
    rows = table_rows()
    for field in dataclasses.fields(Layout):
        name = field.name
        assert name in rows, f"layout option {name} is not in the manual"
        written = rows[name][0]
        if isinstance(field.default, bool):  # as a clerk writes it in bulletin.yaml
            assert written == str(field.default).lower(), (name, written, field.default)
        elif isinstance(field.default, (int, float)):
            assert float(written) == field.default, (name, written, field.default)
        else:
            assert written == str(field.default), (name, written, field.default)


def test_every_setting_and_rule_is_documented() -> None:
    rows = table_rows()
    assert [f.name for f in dataclasses.fields(Series) if f.name not in rows] == []
    assert [code for code in RULES if f"| {code} |" not in TEXT] == []


def test_pictures_exist_and_are_small() -> None:
    pictures = re.findall(r"\]\((images/[^)]+\.png)\)", TEXT)
    assert len(pictures) >= 2
    for rel in pictures:
        path = MANUAL.parent / rel
        assert path.is_file(), rel
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size < 200_000, rel


def test_linked_from_the_readme_first_screen() -> None:
    first_screen = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25]
    assert any("docs/使用说明.md" in line for line in first_screen)


# ------------------------------------------------------------------ the commands it shows

_COMMAND_SPAN = re.compile(r"`((?:\S*[\\/])?bulletin [^`]+)`")


def manual_command_lines() -> list[str]:
    """Every `bulletin …` command the manual shows: lines of its code blocks and inline code.
    Output shown in a code block (``bulletin 运行环境``) is not a command: a command's second
    word is a command name or an option, which are ASCII."""
    found: list[str] = []
    in_block = False
    for line in TEXT.splitlines():
        if line.lstrip().startswith("```"):
            in_block = not in_block
            continue
        candidates = [line.strip()] if in_block else _COMMAND_SPAN.findall(line)
        for c in candidates:
            # a block line may carry an explanation after two or more spaces
            c = re.split(r"\s{2,}", c)[0].strip()
            words = c.split()
            if len(words) >= 2 and words[0].replace("\\", "/").split("/")[-1] == "bulletin":
                if re.match(r"[a-z-]", words[1]) and "…" not in words[1]:
                    found.append(c)
    return found


def check_command_line(line: str) -> str | None:
    """Why ``line`` is not a valid bulletin command line, or None. Parsed by the CLI's own
    command objects as a run would parse it (option names, their values and types, the
    arguments), without running anything. Typer vendors click, so errors are recognised by
    their ``format_message``, not by class."""
    import shlex

    import typer

    from bulletin_cli.cli import app

    group = typer.main.get_command(app)
    words = [w for w in shlex.split(line.replace("\\", "/"), posix=True)[1:] if w != "…"]
    top = type(group).context_class(group, info_name="bulletin")
    try:
        if words[0].startswith("-") or "--help" in words or "-h" in words:
            # only the names: --help, --version and --install-completion act while parsed
            cmd = group if words[0].startswith("-") else group.get_command(top, words[0])
            if cmd is None:
                return f"no command {words[0]!r}"
            args = words if cmd is group else words[1:]
            _, rest, _ = cmd.make_parser(top).parse_args(args)
            return f"unexpected {rest}" if rest and cmd is group else None
        cmd = group.get_command(top, words[0])
        if cmd is None:
            return f"no command {words[0]!r}"
        cmd.make_context(words[0], words[1:], parent=top)
    except Exception as exc:  # noqa: BLE001  (the vendored click's UsageError and friends)
        if not hasattr(exc, "format_message"):
            raise
        return f"{line}: {exc.format_message()}"
    return None


def test_the_manual_shows_every_command() -> None:
    import typer

    from bulletin_cli.cli import app

    group = typer.main.get_command(app)
    shown = {re.split(r"\s+", c)[1] for c in manual_command_lines()}
    assert [name for name in group.list_commands(None) if name not in shown] == []  # type: ignore[arg-type]


def test_every_command_line_in_the_manual_parses() -> None:
    lines = manual_command_lines()
    assert len(lines) > 60  # the parser of the manual finds them
    bad = {line: why for line in lines if (why := check_command_line(line))}
    assert bad == {}


def test_the_checker_catches_drift() -> None:
    """The check above can fail: a misspelt command, an option that does not exist, a missing
    value or argument, a value of the wrong type."""
    assert check_command_line("bulletin exprot --docx")
    assert check_command_line("bulletin export --dcox")
    assert check_command_line("bulletin new --date")
    assert check_command_line("bulletin add-section")
    assert check_command_line("bulletin export --issue 五 --docx")
    assert check_command_line("bulletin delete-issue 6 7")
    assert check_command_line("bulletin --nope")
    assert check_command_line("bulletin export --docx -o 桌面/") is None
    assert check_command_line("bulletin lint --rules") is None
    assert check_command_line(".venv\\Scripts\\bulletin --help") is None


def test_the_preview_shown_is_what_preview_prints(cli, example_ws: Path) -> None:
    """The preview excerpt of the manual (the example with a 按语 in half-width commas) is real
    output: each line of it is a line `bulletin preview --no-pager --width 64` prints."""
    block = TEXT[TEXT.index("```\n预览  第5期") + 4 :]
    block = block[: block.index("```")]
    assert cli("edit", "--note", "本期刊发各专班工作动态,请各单位参阅。", cwd=example_ws).exit_code == 0
    run = cli("preview", "--no-pager", "--width", "64", cwd=example_ws)
    printed = set(run.stdout.splitlines())
    shown = [line for line in block.splitlines() if line != "……"]
    assert len(shown) > 20 and any(line.startswith(" !") for line in shown)
    assert [line for line in shown if line not in printed] == []

"""The interactive path stays light: each command imports only what it uses.

Heavy modules and who may import them: python-docx and lxml (export only), pdfplumber (tests
only), OpenCC and the lint tables (commands that lint: lint, validate, status, preview, and
export only with --draft or errors, when it shows lint warnings), the Word intake (add-section
and import). The week's other commands (list, search, history, unlock, withdraw, edit…) load
none of them.
`bulletin --help` imports none of them, nor rich (any of it), pydantic, PyYAML or any command
module: it is drawn from the table in cli/app.py, its lines broken by render.linebreak, which
measures our own characters without rich. A command's help page is drawn with rich
(cli/click_zh_render.py). benchmarks/bench_cli.py measures the
resulting start-up times."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin_cli.cli.app import COMMAND_MODULES as APP_COMMAND_MODULES
from conftest import EXAMPLE, run_probe

PROBE = """
import sys
from bulletin_cli.cli import main
sys.argv = ["bulletin", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("MODULES:", ",".join(sorted(sys.modules)), file=sys.stderr)
"""

DOCX = ("docx", "lxml", "pdfplumber", "bulletin_cli.render.docx", "bulletin_cli.render.ooxml")
LINT = ("opencc", "bulletin_cli.lint")
COMMAND_MODULES = ("bulletin_cli.cli.core", "bulletin_cli.cli.export", "bulletin_cli.cli.lint", "bulletin_cli.cli.preview")
COMMAND_MODULES_OF_APP = tuple(APP_COMMAND_MODULES)  # every module under cli/ that defines commands


def imported(args: list[str], cwd: Path) -> set[str]:
    result = run_probe(PROBE, args, cwd)
    line = next((x for x in result.stderr.splitlines() if x.startswith("MODULES:")), None)
    assert line is not None, result.stderr
    return set(line.split(":", 1)[1].strip().split(","))


def heavy(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("startup") / "anhua"
    shutil.copytree(EXAMPLE, target)
    return target


def test_top_level_help_imports_no_command_module_and_no_rich(ws: Path) -> None:
    modules = imported(["--help"], ws)
    forbidden = (*DOCX, *LINT, *COMMAND_MODULES, "rich.console", "pydantic.main", "yaml", "bulletin_cli.workspace")
    assert heavy(modules, forbidden) == []
    # nor rich at all, nor any command module, nor the help pages drawn with rich
    every_command_module = tuple(f"bulletin_cli.cli.{m}" for m in COMMAND_MODULES_OF_APP)
    also = ("rich", "bulletin_cli.cli.click_zh_render", "pydantic", "bulletin_cli.model", "bulletin_cli.sources.yaml_reader")
    assert heavy(modules, (*every_command_module, *also)) == []
    assert "bulletin_cli.cli.app" in modules  # the probe ran the app


def test_a_commands_help_page_loads_rich_but_no_other_command_module(ws: Path) -> None:
    """A command's own help page is drawn with rich (click_zh_render), without the other
    command modules."""
    modules = imported(["lint", "--help"], ws)
    assert "bulletin_cli.cli.click_zh_render" in modules and "rich.table" in modules
    others = tuple(f"bulletin_cli.cli.{m}" for m in COMMAND_MODULES_OF_APP if m != "lint")
    assert heavy(modules, (*others, *DOCX, *LINT)) == []


def test_a_commands_help_imports_only_its_module(ws: Path) -> None:
    modules = imported(["export", "--help"], ws)
    assert "bulletin_cli.cli.export" in modules
    assert heavy(modules, (*DOCX, *LINT, "bulletin_cli.cli.core", "bulletin_cli.cli.preview")) == []


@pytest.mark.parametrize(
    "args", [["validate"], ["status"], ["status", "--json"], ["preview", "--no-pager"]]
)
def test_interactive_commands_do_not_import_python_docx(args: list[str], ws: Path) -> None:
    modules = imported(args, ws)
    assert heavy(modules, (*DOCX, "bulletin_cli.cli.export", "bulletin_cli.cli.lint")) == []
    # options left out are not converted: typer builds no pydantic adapter for them
    assert "typer._adapters" not in modules


@pytest.mark.parametrize("args", [["schema", "fragment"], ["template", "--team", "安化县经开区"]])
def test_commands_that_do_not_lint_load_no_lint_tables(args: list[str], ws: Path) -> None:
    modules = imported(args, ws)
    assert heavy(modules, (*DOCX, *LINT)) == []


# Word intake (python-docx's reader) and its text adapters: only add-section and import use them.
# A command's help page breaks its lines with render.linebreak (pure text): not a renderer.
HELP_PAGE_TEXT = {"bulletin_cli.render", "bulletin_cli.render.linebreak"}
WORD = ("bulletin_cli.sources.word", "bulletin_cli.sources.word_form", "bulletin_cli.sources.text")
# Word/text intake as a whole (the YAML reader and file decoding in sources/ are everyone's)
INTAKE = (*WORD, "bulletin_cli.sources.submission", "bulletin_cli.sources.sniff", "bulletin_cli.sources.document")


@pytest.mark.parametrize(
    "args, also_forbidden",
    [
        (["list"], (*INTAKE, "bulletin_cli.history")),
        (["search", "经济"], (*INTAKE, "bulletin_cli.history", "bulletin_cli.render")),
        (["history"], (*INTAKE, "bulletin_cli.archive", "bulletin_cli.render")),
        (["unlock"], (*INTAKE, "bulletin_cli.archive", "bulletin_cli.render")),
    ],
)
def test_week_commands_load_no_docx_no_lint_no_intake(args: list[str], also_forbidden: tuple[str, ...], ws: Path) -> None:
    modules = imported(args, ws)
    assert heavy(modules, (*DOCX, *LINT, *WORD, *also_forbidden)) == []


# The workspace lock (and with it getpass, to name the holder) is for commands that write;
# read-only commands never take it. (socket is not listed: some pydantic_core builds import it.)
LOCK = ("bulletin_cli.lock", "getpass")


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["list"], ["history"]])
def test_read_only_commands_do_not_import_the_lock(args: list[str], ws: Path) -> None:
    assert heavy(imported(args, ws), LOCK) == []


@pytest.mark.parametrize(
    "args",
    [["withdraw", "--team", "安化县经开区"], ["edit", "--note", "按语"], ["delete-issue", "--help"], ["import", "--help"]],
)
def test_commands_that_change_the_workspace_load_no_docx_no_lint(args: list[str], tmp_path: Path) -> None:
    target = tmp_path / "anhua"
    shutil.copytree(EXAMPLE, target)  # these write: each on its own copy
    modules = imported(args, target) - HELP_PAGE_TEXT
    assert heavy(modules, (*DOCX, *LINT, *WORD, "bulletin_cli.archive", "bulletin_cli.render")) == []


def test_export_without_draft_does_not_lint(ws: Path, tmp_path: Path) -> None:
    """Lint warnings are shown by export only beside errors or with --draft: a clean export
    loads neither OpenCC nor the lint tables; a draft does, and shows the warnings."""
    modules = imported(["export", "--docx", "-o", str(tmp_path / "clean.docx")], ws)
    assert heavy(modules, LINT) == []
    modules = imported(["export", "--docx", "--draft", "-o", str(tmp_path / "draft.docx")], ws)
    assert "bulletin_cli.lint" in modules


def test_the_probe_sees_heavy_modules(ws: Path, tmp_path: Path) -> None:
    """The check above can fail: export does load python-docx."""
    modules = imported(["export", "--docx", "-o", str(tmp_path / "x.docx")], ws)
    assert "docx" in modules and "lxml" in heavy(modules, ("lxml",))[0]


def test_fonts_reads_the_issue_characters_without_linting(ws: Path) -> None:
    """`bulletin fonts` needs the issue's characters, not its typography: no OpenCC, no lint."""
    assert heavy(imported(["fonts"], ws), (*LINT, *DOCX)) == []


# pydantic's model layer (BaseModel, FieldInfo, annotated_types): model.py validates with
# pydantic-core schemas instead; only `bulletin schema` loads pydantic.json_schema (and with it
# pydantic.main). typer would convert an option given with a value (`-o x.docx`) through a
# pydantic TypeAdapter of its own, which loads pydantic.main: cli/app.py reads plain values
# without it (tests below).
PYDANTIC_MODELS = ("pydantic.main", "pydantic.fields", "pydantic.types", "annotated_types")


@pytest.mark.parametrize("args", [["validate"], ["status"], ["status", "--json"], ["preview", "--no-pager"]])
def test_interactive_commands_do_not_import_pydantic_models(args: list[str], ws: Path) -> None:
    modules = imported(args, ws)
    assert "bulletin_cli.model" in modules and "pydantic_core" in modules  # validated all the same
    assert heavy(modules, PYDANTIC_MODELS) == []


def test_export_does_not_import_pydantic_models(tmp_path: Path) -> None:
    target = tmp_path / "anhua"
    shutil.copytree(EXAMPLE, target)  # export writes the .docx into the workspace
    modules = imported(["export", "--docx"], target)
    assert "docx" in modules and list(target.glob("issues/*/*.docx")), "the export ran"
    assert heavy(modules, PYDANTIC_MODELS) == []
    out = tmp_path / "第5期.docx"
    modules = imported(["export", "--docx", "-o", str(out), "--issue", "5"], target)
    assert out.is_file() and heavy(modules, PYDANTIC_MODELS) == []
    # the check can fail: the JSON Schema generator does load them
    assert "pydantic.main" in imported(["schema", "fragment"], target)


def test_a_path_given_to_export_is_not_converted_through_pydantic(ws: Path, tmp_path: Path) -> None:
    """`export -o FILE`: a plain str option's value is used as typed, without typer's pydantic
    adapter (typer._adapters imports pydantic's BaseModel machinery); the file lands there."""
    target = tmp_path / "输出 目录" / "第5期.docx"
    modules = imported(["export", "--docx", "-o", str(target)], ws)
    assert "typer._adapters" not in modules
    assert target.is_file()


def test_a_number_given_to_preview_is_not_converted_through_pydantic(ws: Path, tmp_path: Path) -> None:
    """`--issue 5 --width 60`: a plain number within its range is read without typer's
    pydantic adapter; one out of range still gets typer's own error (through the adapter)."""
    modules = imported(["preview", "--no-pager", "--issue", "5", "--width", "060"], ws)
    assert "typer._adapters" not in modules
    modules = imported(["preview", "--no-pager", "--width", "10"], ws)
    assert "typer._adapters" in modules


@pytest.mark.parametrize("args", [["validate"], ["status"], ["preview", "--no-pager"]])
def test_linting_simplified_text_loads_no_opencc_and_no_fix_machinery(args: list[str], ws: Path) -> None:
    """The example has no character OpenCC's t2s would change: lint's exact pre-filter
    (lint.t2s_chars) leaves OpenCC unloaded; the YAML writer (only --fix writes) and the font
    tables (only for characters outside GB2312) stay unloaded too. A traditional character
    loads OpenCC (tests/test_lint_t2s_prefilter.py)."""
    modules = imported(args, ws)
    assert "bulletin_cli.lint" in modules
    assert heavy(modules, ("opencc", "bulletin_cli.yaml_writer")) == []
    if args[0] != "preview":  # (the preview's renderer may measure glyphs; lint does not need to)
        assert heavy(modules, ("bulletin_cli.render.fontcheck",)) == []


@pytest.mark.parametrize("args", [["validate"], ["status"], ["preview", "--no-pager"]])
def test_interactive_commands_do_not_import_hashlib(args: list[str], ws: Path) -> None:
    """history.py (imported by check_issue for leftovers) imports hashlib only in digest():
    a few milliseconds of start-up that these commands never use (issue 14)."""
    assert heavy(imported(args, ws), ("hashlib", "_hashlib")) == []

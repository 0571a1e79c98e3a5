"""The interactive path stays light: each command imports only what it uses.

Heavy modules and who may import them: python-docx and lxml (export only), pdfplumber (tests
only), OpenCC and the lint tables (commands that lint: lint, validate, status, preview).
`bulletin --help` imports none of them, nor rich.console, pydantic's models, PyYAML or any
command module: it is drawn from the table in cli/app.py. benchmarks/bench_cli.py measures the
resulting start-up times."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

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


def imported(args: list[str], cwd: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={"BULLETIN_LANG": "zh", "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
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


def test_the_probe_sees_heavy_modules(ws: Path, tmp_path: Path) -> None:
    """The check above can fail: export does load python-docx."""
    modules = imported(["export", "--docx", "-o", str(tmp_path / "x.docx")], ws)
    assert "docx" in modules and "lxml" in heavy(modules, ("lxml",))[0]

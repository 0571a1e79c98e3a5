"""Lazy command registration (cli/app.py): the table of command modules stays complete, and the
top-level help drawn from it lists every command and fits the terminal."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

import bulletin_cli.cli  # noqa: F401

app_module = sys.modules["bulletin_cli.cli.app"]
CLI_DIR = Path(app_module.__file__).parent


def test_every_command_module_is_in_the_table() -> None:
    """A new cli/<module>.py with commands needs its line in COMMAND_MODULES, naming exactly its
    commands (a helper module without commands needs none)."""
    modules = sorted(p.stem for p in CLI_DIR.glob("*.py") if p.stem not in ("__init__", "app"))
    for module in modules:
        importlib.import_module(f"bulletin_cli.cli.{module}")
    defined: dict[str, set[str]] = {}
    for info in app_module.app.registered_commands:
        module = info.callback.__module__.rsplit(".", 1)[-1]
        defined.setdefault(module, set()).add(app_module._command_name(info))
    assert sorted(defined) == sorted(app_module.COMMAND_MODULES)
    for module, names in app_module.COMMAND_MODULES.items():
        assert set(names) == defined.get(module, set()), module


def run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {"BULLETIN_LANG": "zh", "COLUMNS": str(columns), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "bulletin_cli", *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("columns", [40, 80])
def test_top_level_help_lists_every_command_and_fits(columns: int) -> None:
    result = run("--help", columns=columns)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for name in (n for names in app_module.COMMAND_MODULES.values() for n in names):
        assert any(line.startswith(f"  {name} ") for line in lines), name
    assert all(cell_len(line) <= columns for line in lines), [line for line in lines if cell_len(line) > columns]
    assert "每个命令的用法：bulletin 命令 --help" in result.stdout  # the words every command page uses
    assert not [line for line in lines if line.strip()[:1] in ("，", "。", "、", "）", "：")]
    assert result.stdout.count("…") == 2  # the two in the description: nothing cut short


def test_unknown_command_still_suggests_and_a_command_runs_lazily(tmp_path: Path) -> None:
    result = run("exprot")
    assert result.returncode == 2
    assert "exprot" in result.stderr
    result = run("schema", "fragment")
    assert result.returncode == 0 and '"properties"' in result.stdout


def test_english_help() -> None:
    env = {"BULLETIN_LANG": "en", "COLUMNS": "80", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "bulletin_cli", "-h"], capture_output=True, text=True, env=env).stdout
    assert out.startswith("Usage: bulletin") and "Commands:" in out and "export" in out


def test_options_given_are_still_converted_and_checked(tmp_path: Path) -> None:
    """cli/app.py defers typer's conversion of options left out; given ones are checked as before."""
    result = run("validate", "--issue", "x")
    assert result.returncode == 2 and "--issue" in result.stderr
    result = run("preview", "--width", "5", "--no-pager")
    assert result.returncode == 2 and "--width" in result.stderr
    result = run("schema", "issue")
    assert result.returncode == 0 and '"number"' in result.stdout

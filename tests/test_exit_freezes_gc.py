"""The entry point freezes the garbage collector once the command has run (cli/app.py main):
the interpreter's exit then skips its last collection over every object the imports made,
10+ ms of a preview (issue 14). The command itself, its output and exit code are untouched,
and the app run in-process (tests, CliRunner) freezes nothing."""

from __future__ import annotations

import gc
import subprocess
from pathlib import Path

from conftest import EXAMPLE, run_probe

PROBE = """
import atexit, gc, sys
from bulletin_cli.cli import main
atexit.register(lambda: print("FROZEN:", gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["bulletin", *sys.argv[1:]]
main()
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_probe(PROBE, args, cwd)


def frozen(result: subprocess.CompletedProcess[str]) -> int:
    line = next(x for x in result.stderr.splitlines() if x.startswith("FROZEN:"))
    return int(line.split(":")[1])


def test_the_entry_point_freezes_after_the_command_and_keeps_its_exit_code(tmp_path: Path) -> None:
    ok = run("preview", "--no-pager", "-w", str(EXAMPLE), cwd=tmp_path)
    assert ok.returncode == 0 and "概况" in ok.stdout
    assert frozen(ok) > 10_000  # the imports' objects
    missing = run("preview", "--no-pager", "--issue", "9", "-w", str(EXAMPLE), cwd=tmp_path)
    assert missing.returncode == 1 and "没有第9期" in missing.stderr + missing.stdout
    assert frozen(missing) > 0


def test_the_app_run_in_process_freezes_nothing(cli) -> None:
    before = gc.get_freeze_count()
    assert cli("preview", "--no-pager", "-w", EXAMPLE).exit_code == 0
    assert gc.get_freeze_count() == before

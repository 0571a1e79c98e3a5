"""The interactive path stays light: --help, validate, status and preview never load python-docx."""

from __future__ import annotations

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
heavy = sorted(m for m in sys.modules if m == "docx" or m.startswith(("docx.", "lxml", "opencc")))
print("HEAVY:", ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["validate"], ["status"], ["status", "--json"], ["preview", "--no-pager"]]
)
def test_interactive_commands_do_not_import_python_docx(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--workspace", str(EXAMPLE)] if args != ["--help"] else [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=Path(EXAMPLE),
        timeout=60,
        env={"BULLETIN_LANG": "zh", "PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )
    heavy_line = next(line for line in result.stderr.splitlines() if line.startswith("HEAVY:"))
    assert "docx" not in heavy_line.split(":", 1)[1], heavy_line
    assert "lxml" not in heavy_line, heavy_line

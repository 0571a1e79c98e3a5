"""Two branches met in cli/app.py: the lazy top-level group (commands built only when looked up)
and the Chinese-Click group (commands adopted as ZhCommand). In a fresh process the command is
built by LazyGroup.get_command, so it must be adopted there too; in-process tests (CliRunner,
command modules already imported) cannot see the difference, hence a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BULLETIN_LANG": "zh", "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "bulletin_cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_commands_help_and_usage_errors_are_chinese_in_a_fresh_process(tmp_path: Path) -> None:
    page = _run("add-section", "--help", cwd=tmp_path)
    assert page.returncode == 0
    assert page.stdout.startswith("用法：") and "add-section [选项] 文件…" in page.stdout, page.stdout[:200]
    assert "Usage:" not in page.stdout and "显示本帮助并退出。" in page.stdout
    wrong = _run("validate", "--bogus", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "没有“--bogus”这个选项" in wrong.stderr and "No such option" not in wrong.stderr

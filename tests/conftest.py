"""Shared fixtures: real workspaces in tmp_path and the real CLI."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "anhua"
SEED = ROOT / "tests" / "data" / "seed"  # a copy of ../shared/seed, so tests run anywhere


@pytest.fixture(autouse=True)
def chinese_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_LANG", "zh")
    monkeypatch.delenv("BULLETIN_DEBUG", raising=False)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def cli():
    """Run the real command line in-process: cli(args, cwd=...)."""
    from bulletin_cli.cli import app

    runner = CliRunner()

    def run(*args: str | Path, cwd: Path | None = None, input: str | None = None) -> Run:
        import os

        old = Path.cwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            result = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        finally:
            os.chdir(old)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def example_ws(tmp_path: Path) -> Path:
    """A copy of the bundled example workspace (issue 5 complete)."""
    target = tmp_path / "anhua"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def empty_issue_ws(example_ws: Path) -> Path:
    """The example series with issue 5 open and nothing received yet; the example fragments are
    kept beside it as incoming mail in ``inbox/``."""
    inbox = example_ws.parent / "inbox"
    shutil.move(example_ws / "issues" / "005" / "fragments", inbox)
    (example_ws / "issues" / "005" / "fragments").mkdir()
    return example_ws


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: to prove a failed command changed nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice for render checks: skipped with a visible reason only when it is absent, and
    never skipped where BULLETIN_REQUIRE_RENDER is set (CI)."""
    import os
    import shutil

    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path:
        return path
    if os.environ.get("BULLETIN_REQUIRE_RENDER"):
        pytest.fail("LibreOffice is required here (BULLETIN_REQUIRE_RENDER=1) but soffice is not installed")
    pytest.skip("LibreOffice (soffice) is not installed: render checks skipped; `scripts/install --render` installs it")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """Under CI (BULLETIN_REQUIRE_RENDER=1) a render test skipped for want of LibreOffice fails."""
    import os

    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("BULLETIN_REQUIRE_RENDER") and "LibreOffice" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"render test skipped but BULLETIN_REQUIRE_RENDER=1: {report.longrepr}"


def run_probe(probe: str, args: list[str] | tuple[str, ...], cwd: Path) -> "subprocess.CompletedProcess[str]":
    """Run ``probe`` (Python code that calls the CLI's entry point) in a fresh interpreter with a
    clean environment: what a user's process loads and does, not the test process's."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={"BULLETIN_LANG": "zh", "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )

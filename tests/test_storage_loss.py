"""The loss loops of issue 12, with real processes: rapid and concurrent replacements, and
kill -9 at random moments during each writing command. After every step, every version that
was ever reported as received is recoverable (a fragment or a kept copy in the history) and
the issue validates.

BULLETIN_SOAK=N multiplies the loop counts (benchmarks/soak_storage.py runs a long soak)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

ECONOMY = "打好经济增长主动仗工作专班"
SOAK = int(os.environ.get("BULLETIN_SOAK", "1"))
ENV = {**os.environ, "BULLETIN_LANG": "zh", "BULLETIN_LOCK_WAIT": "30"}
ENV.pop("BULLETIN_DEBUG", None)


def version(tag: str) -> str:
    return f"专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n    - 7月12日，专班召开调度会（{tag}）。\n"


def raw_version(tag: str) -> str:
    """With problems lint --fix corrects (half-width punctuation)."""
    return f"专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n    - 7月12日,专班召开调度会({tag}).\n"


def command(*args: object) -> list[str]:
    return [sys.executable, "-m", "bulletin_cli", *map(str, args)]


def run(ws: Path, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), cwd=ws, env=ENV, capture_output=True, text=True, timeout=120)


def typical_time(ws: Path) -> float:
    """How long a command takes on this machine now (validate reads what the writers read):
    kills are spread over 0 … 1.5× that, so some land before, during and after the writes."""
    started = time.monotonic()
    run(ws, "validate")
    return time.monotonic() - started


def run_and_kill(ws: Path, *args: object, rng: random.Random, upto: float) -> tuple[str, bool]:
    """Start a command and kill -9 it at a random moment; (what it printed, whether it was killed)."""
    proc = subprocess.Popen(command(*args), cwd=ws, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proc.wait(timeout=rng.uniform(0.02, upto))
        killed = False
    except subprocess.TimeoutExpired:
        proc.kill()
        killed = True
    out, _ = proc.communicate()
    return out, killed


def fragments(ws: Path, number: int = 5) -> Path:
    return ws / "issues" / f"{number:03d}" / "fragments"


def recoverable(ws: Path, number: int = 5) -> set[str]:
    texts = {p.read_text(encoding="utf-8") for p in fragments(ws, number).glob("*.yaml")}
    history = ws / ".bulletin" / "history" / f"{number:03d}"
    if history.is_dir():
        texts |= {p.read_text(encoding="utf-8") for p in history.iterdir() if not p.name.startswith(".")}
    return texts


def unit_files(ws: Path) -> list[Path]:
    return [p for p in fragments(ws).glob("*.yaml") if f"专班: {ECONOMY}" in p.read_text(encoding="utf-8")]


def assert_valid(ws: Path, number: int = 5) -> None:
    r = run(ws, "validate", "--issue", number)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "内部错误" not in r.stderr


@pytest.fixture
def ws(empty_issue_ws: Path, tmp_path: Path) -> Path:
    first = tmp_path / "v0.yaml"
    first.write_text(version("v0"), encoding="utf-8")
    assert run(empty_issue_ws, "add-section", first).returncode == 0
    return empty_issue_ws


def test_rapid_replacements_lose_nothing(ws: Path, tmp_path: Path) -> None:
    reported = {version("v0")}
    for i in range(1, 20 * SOAK + 1):
        src = tmp_path / f"r{i}.yaml"
        src.write_text(version(f"r{i}"), encoding="utf-8")
        r = run(ws, "add-section", "--replace", src)
        assert r.returncode == 0 and "已替换" in r.stdout, r.stderr
        reported.add(version(f"r{i}"))
    assert reported <= recoverable(ws)
    assert len(recoverable(ws)) == 20 * SOAK + 1
    assert_valid(ws)
    print(f"\nrapid replacements: {20 * SOAK} in a row, {len(reported)} versions all recoverable")


def test_concurrent_replacements_lose_nothing(ws: Path, tmp_path: Path) -> None:
    reported = {version("v0")}
    rounds = 6 * SOAK
    for i in range(rounds):
        procs = []
        for side in "ab":
            src = tmp_path / f"c{i}{side}.yaml"
            src.write_text(version(f"c{i}{side}"), encoding="utf-8")
            procs.append((side, subprocess.Popen(command("add-section", "--replace", src), cwd=ws, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
        for side, proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0 and "已替换" in out, err
            reported.add(version(f"c{i}{side}"))
        assert reported <= recoverable(ws), f"round {i}: lost {reported - recoverable(ws)}"
        assert len(unit_files(ws)) == 1
    assert_valid(ws)
    print(f"\nconcurrent replacements: {rounds} rounds of two processes, {len(reported)} versions all recoverable")


def test_kill_during_add_section_replace(ws: Path, tmp_path: Path) -> None:
    rng = random.Random(12)
    upto = 1.5 * typical_time(ws)
    reported = {version("v0")}
    killed_count = 0
    loops = 12 * SOAK
    for i in range(loops):
        src = tmp_path / f"k{i}.yaml"
        src.write_text(version(f"k{i}"), encoding="utf-8")
        out, killed = run_and_kill(ws, "add-section", "--replace", src, rng=rng, upto=upto)
        killed_count += killed
        if "已替换" in out:
            reported.add(version(f"k{i}"))
        files = unit_files(ws)
        assert len(files) == 1, f"loop {i}: the unit has {len(files)} fragments"  # old or new, never neither
        assert reported <= recoverable(ws), f"loop {i}: lost {reported - recoverable(ws)}"
        assert_valid(ws)
    print(f"\nkill -9 during add-section --replace: {loops} runs, {killed_count} killed before finishing")


def test_kill_during_withdraw(ws: Path) -> None:
    rng = random.Random(34)
    upto = 1.5 * typical_time(ws)
    loops = 8 * SOAK
    killed_count = 0
    history = ws / ".bulletin" / "history" / "005"
    for i in range(loops):
        if not unit_files(ws):  # withdrawn last time: restore the kept copy, as the message says
            latest = sorted(p for p in history.iterdir() if "-withdrawn-" in p.name)[-1]
            r = run(ws, "add-section", "--replace", latest)
            assert r.returncode == 0, r.stderr
        _, killed = run_and_kill(ws, "withdraw", "--team", ECONOMY, rng=rng, upto=upto)
        killed_count += killed
        assert version("v0") in recoverable(ws), f"loop {i}: the submission is gone"
        assert len(unit_files(ws)) <= 1
        assert_valid(ws)
    print(f"\nkill -9 during withdraw: {loops} runs, {killed_count} killed before finishing")


def test_kill_during_lint_fix(ws: Path, tmp_path: Path) -> None:
    rng = random.Random(56)
    upto = 1.5 * typical_time(ws)
    loops = 8 * SOAK
    killed_count = 0
    reported = {version("v0")}
    for i in range(loops):
        src = tmp_path / f"raw{i}.yaml"
        src.write_text(raw_version(f"raw{i}"), encoding="utf-8")
        r = run(ws, "add-section", "--replace", src)
        assert r.returncode == 0, r.stderr
        reported.add(raw_version(f"raw{i}"))
        out, killed = run_and_kill(ws, "lint", "--fix", rng=rng, upto=upto)
        killed_count += killed
        files = unit_files(ws)
        assert len(files) == 1, f"loop {i}"
        current = files[0].read_text(encoding="utf-8")
        assert current == raw_version(f"raw{i}") or ("，" in current and f"raw{i}" in current), current  # old or fixed
        if "已改正" in out:
            reported.add(current)
        assert reported <= recoverable(ws), f"loop {i}: lost {reported - recoverable(ws)}"
        assert_valid(ws)
    print(f"\nkill -9 during lint --fix: {loops} runs, {killed_count} killed before finishing")


def test_kill_during_new(empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    rng = random.Random(78)
    upto = 1.5 * typical_time(ws)
    loops = 8 * SOAK
    killed_count = 0
    for i in range(loops):
        _, killed = run_and_kill(ws, "new", rng=rng, upto=upto)
        killed_count += killed
        # whatever is there: every issue folder validates, or `new` cleans it and they agree
        r = run(ws, "new")
        assert r.returncode == 0, f"loop {i}: {r.stderr}"
        issues = ws / "issues"
        leftovers = [p.name for p in issues.iterdir() if not p.name.isdigit()]
        assert leftovers == [], f"loop {i}: {leftovers}"
        for folder in issues.iterdir():
            assert (folder / "issue.yaml").is_file() and (folder / "fragments").is_dir(), f"loop {i}: {folder.name} half-made"
        newest = max(int(p.name) for p in issues.iterdir())
        assert_valid(ws, newest)
    print(f"\nkill -9 during new: {loops} runs, {killed_count} killed before finishing")


# A kill exactly between the steps of a write: the first call of the patched function ends
# the process as kill -9 would (no cleanup, no finally blocks).
CRASH_AT = """
import os, sys, pathlib
name = sys.argv[1]
def crash(*args, **kwargs):
    os._exit(9)
if name == "unlink":
    pathlib.Path.unlink = crash
else:
    setattr(os, name, crash)
sys.argv = ["bulletin", *sys.argv[2:]]
from bulletin_cli.cli import main
main()
"""


def crash_at(ws: Path, where: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CRASH_AT, where, *map(str, args)], cwd=ws, env=ENV, capture_output=True, text=True, timeout=120
    )


def test_crash_between_keeping_and_renaming(ws: Path, tmp_path: Path) -> None:
    src = tmp_path / "v1.yaml"
    src.write_text(version("v1"), encoding="utf-8")
    r = crash_at(ws, "replace", "add-section", "--replace", src)  # new text written to a temp file, not renamed
    assert r.returncode == 9 and "已替换" not in r.stdout
    assert [p.read_text(encoding="utf-8") for p in unit_files(ws)] == [version("v0")]  # the old one, in place
    r = run(ws, "validate")
    assert r.returncode == 0 and "临时文件" in r.stderr  # the leftover is reported ...
    assert run(ws, "add-section", "--replace", src).returncode == 0  # ... and cleaned by the next writer
    assert [p.name for p in fragments(ws).iterdir()] == [f"{ECONOMY}.yaml"]
    assert {version("v0"), version("v1")} <= recoverable(ws)
    assert run(ws, "validate").stderr == ""


def test_crash_between_keeping_and_removing_in_withdraw(ws: Path) -> None:
    r = crash_at(ws, "unlink", "withdraw", "--team", ECONOMY)
    assert r.returncode == 9
    assert len(unit_files(ws)) == 1 and version("v0") in recoverable(ws)
    assert_valid(ws)
    assert run(ws, "withdraw", "--team", ECONOMY).returncode == 0


def test_crash_before_new_renames_its_folder(empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    r = crash_at(ws, "rename", "new")
    assert r.returncode == 9
    assert not (ws / "issues" / "006").exists()
    r = run(ws, "validate", "--issue", "6")
    assert r.returncode == 1 and "没有第6期" in r.stderr
    assert ".new-006-" in run(ws, "validate").stderr  # reported
    r = run(ws, "new")
    assert r.returncode == 0 and "第6期" in r.stdout  # and cleaned: new and validate agree
    assert sorted(p.name for p in (ws / "issues").iterdir()) == ["005", "006"]
    assert_valid(ws, 6)

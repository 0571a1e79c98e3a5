"""The workspace lock with real processes: a clear message while another command holds it,
waiting for a short one, and taking over a lock whose owner is gone (lock.py)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import snapshot

ECONOMY = "打好经济增长主动仗工作专班"
HOLD = """
import sys, time
from pathlib import Path
from bulletin_cli.lock import workspace_lock
with workspace_lock(Path(sys.argv[1]), "add-section"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold(ws: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(ws), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def lock_file(ws: Path) -> Path:
    return ws / ".bulletin" / "lock"


def test_a_held_lock_refuses_with_who_and_since_then_a_dead_holder_is_taken_over(
    cli, example_ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BULLETIN_LOCK_WAIT", "0.3")
    holder = hold(example_ws, 60)
    try:
        before = snapshot(example_ws / "issues")
        writers = (["withdraw", "--team", ECONOMY], ["new"], ["delete-issue", "5", "--force"], ["lint", "--fix"],
                   ["edit", "--note", "按语。"], ["import", str(example_ws / "missing-past-issue.docx")])
        for args in writers:
            r = cli(*args, cwd=example_ws)
            assert r.exit_code == 1, (args, r.output)
            assert "工作目录正被另一个命令使用" in r.stderr and f"进程 {holder.pid}" in r.stderr
            assert socket.gethostname() in r.stderr and "bulletin add-section" in r.stderr and "bulletin unlock" in r.stderr
        assert snapshot(example_ws / "issues") == before
        assert cli("validate", cwd=example_ws).exit_code == 0  # reading needs no lock
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert lock_file(example_ws).exists()  # kill -9: nobody removed it
    r = cli("withdraw", "--team", ECONOMY, cwd=example_ws)  # same host, dead process: taken over
    assert r.exit_code == 0, r.output
    assert not lock_file(example_ws).exists()


def test_a_short_holder_is_waited_for(cli, example_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_LOCK_WAIT", "20")
    holder = hold(example_ws, 0.8)
    started = time.monotonic()
    r = cli("withdraw", "--team", ECONOMY, cwd=example_ws)
    assert r.exit_code == 0, r.output
    assert time.monotonic() - started >= 0.3
    holder.wait()


def _foreign_lock(ws: Path, age: float) -> None:
    path = lock_file(ws)
    path.parent.mkdir(exist_ok=True)
    info = {"owner": "王科员", "host": "other-pc", "pid": 4242, "time": "2023-07-21T09:30:00+08:00", "command": "new", "token": "x"}
    path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    os.utime(path, (time.time() - age, time.time() - age))


def test_a_lock_from_another_machine(cli, example_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_LOCK_WAIT", "0.2")
    _foreign_lock(example_ws, age=60)
    r = cli("withdraw", "--team", ECONOMY, cwd=example_ws)
    assert r.exit_code == 1 and "王科员 在电脑 other-pc 上" in r.stderr and "2023-07-21 09:30:00" in r.stderr
    # --break-lock takes it over at once
    r = cli("withdraw", "--team", ECONOMY, "--break-lock", cwd=example_ws)
    assert r.exit_code == 0, r.output
    # an old one (beyond the time limit) is stale
    _foreign_lock(example_ws, age=3 * 3600)
    assert cli("new", cwd=example_ws).exit_code == 0
    # bulletin unlock says whose lock it removed
    _foreign_lock(example_ws, age=60)
    r = cli("unlock", cwd=example_ws)
    assert r.exit_code == 0 and "王科员" in r.stdout and "other-pc" in r.stdout
    assert not lock_file(example_ws).exists()
    assert "没有被锁定" in cli("unlock", cwd=example_ws).stdout


def test_an_empty_lock_left_by_a_kill_while_writing_it(cli, example_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_LOCK_WAIT", "0.2")
    path = lock_file(example_ws)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"")
    assert cli("withdraw", "--team", ECONOMY, cwd=example_ws).exit_code == 1  # maybe being written
    os.utime(path, (time.time() - 60, time.time() - 60))
    r = cli("withdraw", "--team", ECONOMY, cwd=example_ws)
    assert r.exit_code == 0, r.output

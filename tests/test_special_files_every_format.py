"""Every reader add-section dispatches to (YAML, Word, text) refuses a pipe or a device the same
way, before its name's suffix is looked at: nothing blocks, nothing is stored."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import snapshot
from test_hangs import run_cli


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_word_or_text_file_is_refused_at_once(empty_issue_ws: Path, tmp_path: Path) -> None:
    fifos = []
    for name in ("pipe.docx", "pipe.doc", "pipe.txt", "pipe.md", "pipe"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        fifos.append(fifo)
    before = snapshot(empty_issue_ws)
    start = time.monotonic()
    r = run_cli("add-section", *fifos, cwd=empty_issue_ws, timeout=20)
    assert time.monotonic() - start < 15
    assert r.returncode == 1, r.stdout + r.stderr
    for fifo in fifos:
        assert f"{fifo}: 错误: " in r.stderr
    assert r.stderr.count("不是一个普通文件") == len(fifos), r.stderr
    assert "内部错误" not in r.stderr
    assert snapshot(empty_issue_ws) == before


def test_word_and_text_readers_refuse_a_device_themselves(tmp_path: Path) -> None:
    """Called directly (not through intake), the readers still never open a device."""
    from bulletin_cli.errors import BulletinError
    from bulletin_cli.sources.text import read_text
    from bulletin_cli.sources.word import read_word

    for reader in (read_word, read_text):
        with pytest.raises(BulletinError) as err:
            reader(Path("/dev/zero"), max_size=1000, display="/dev/zero")
        assert "不是一个普通文件" in str(err.value)

"""`bulletin edit` and `bulletin import` write like add-section and new do, so they take the
workspace lock like them: refused while another command holds it, nothing changed; and a killed
import's staging folder is removed by the next command that takes the lock."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from archive_helpers import fixed_seed, settings_only_ws
from conftest import snapshot
from test_lock import hold


def test_edit_and_import_wait_for_the_lock(cli, example_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_LOCK_WAIT", "0.3")
    empty = settings_only_ws(tmp_path / "empty")
    seed = fixed_seed(tmp_path)
    holders = [hold(example_ws, 60), hold(empty, 60)]
    try:
        before, before_empty = snapshot(example_ws), snapshot(empty)
        for args, ws in ((["edit", "--total", "120"], example_ws), (["import", seed], empty)):
            r = cli(*args, "--workspace", ws)
            assert r.exit_code == 1, (args, r.output)
            assert "工作目录正被另一个命令使用" in r.stderr, r.output
        assert snapshot(example_ws) == before and snapshot(empty) == before_empty
    finally:
        for h in holders:
            h.send_signal(signal.SIGKILL)
            h.wait()


def test_a_killed_imports_staging_folder_is_cleaned(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    staging = ws / "issues" / ".new-import-1700000000000000000" / "005" / "fragments"
    staging.mkdir(parents=True)
    (staging / "x.yaml").write_text("team: x\n", encoding="utf-8")
    r = cli("import", fixed_seed(tmp_path), "--workspace", ws)
    assert r.exit_code == 0, r.output
    assert [p.name for p in (ws / "issues").iterdir()] == ["005"]

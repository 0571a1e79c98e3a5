"""`preview` on a terminal where no pager is installed (no $PAGER, no `less` on PATH, as on a
minimal server or Windows): the issue is printed plainly, not paged by pydoc's own
"-- more --" prompt, which waits for keys and leaves blank lines on the screen."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from test_terminal import BIN, pty

pexpect = pytest.importorskip("pexpect")


def test_the_preview_is_printed_plainly_when_no_pager_exists(example_ws: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bin"  # PATH with python and bulletin only: no less, no more
    bare.mkdir()
    for name in ("bulletin", Path(sys.executable).name):
        (bare / name).symlink_to(BIN / name)
    assert shutil.which("less", path=str(bare)) is None
    code, screen = pty("preview", cols=90, rows=24, cwd=example_ws, PATH=str(bare))
    assert code == 0, screen
    assert "more" not in screen.lower()
    assert "安化县打好“发展六仗”工作专报" in screen and "—— 第2页 ——" in screen and "概况" in screen
    assert "分页器" not in screen  # nothing failed: there was simply no pager to use

"""Three small fixes seen by clerks, through the real CLI: a file name starting with a dash,
emoji in a WeChat text (C303 must not promise a font that has none), one lock-time format."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

ECONOMY = "打好经济增长主动仗工作专班"


def test_a_file_named_with_a_leading_dash_gets_a_hint(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    (ws / "-经开区.docx").write_bytes(b"not read")
    r = cli("add-section", "-经开区.docx", cwd=ws)
    assert r.exit_code == 2, r.output
    assert "这个选项" in r.stderr
    assert "如果这是文件名，请写成 ./-经开区.docx，或在文件名前加 --" in r.stderr
    # a non-ASCII option that is not a file still gets the hint (likely a file name mistyped)
    r = cli("add-section", "-第5期材料.docx", cwd=ws)
    assert r.exit_code == 2 and "如果这是文件名，请写成 ./-第5期材料.docx" in r.stderr
    # an ASCII name gets it when the file is there, and the two ways the hint names both work
    (ws / "-n5.txt").write_text("【专班动态】\n经开区招商签约项目3个。\n", encoding="utf-8")
    r = cli("add-section", "-n5.txt", cwd=ws)
    assert r.exit_code == 2 and "如果这是文件名，请写成 ./-n5.txt" in r.stderr
    assert cli("add-section", "--team", ECONOMY, "./-n5.txt", cwd=ws).exit_code == 0
    r = cli("add-section", "--team", ECONOMY, "--replace", "--", "-n5.txt", cwd=ws)
    assert r.exit_code == 0, r.output
    # an ordinary mistyped option does not: the “您是不是要写” suggestion stays alone
    r = cli("add-section", "--replce", "x.yaml", cwd=ws)
    assert r.exit_code == 2 and "您是不是要写“--replace”" in r.stderr and "如果这是文件名" not in r.stderr


def test_emoji_are_reported_as_blank_boxes_not_sent_to_simsun_extb(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    (ws / "wx.txt").write_text("【专班动态】\n经开区招商签约项目3个👍🏻，群众满意😀。刘䶮到场。\n", encoding="utf-8")
    r = cli("add-section", "--team", ECONOMY, "wx.txt", cwd=ws)
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.output.splitlines() if "C303" in ln]
    emoji = [ln for ln in lines if "👍🏻" in ln or "😀" in ln]
    assert len(emoji) == 2, r.output
    for ln in emoji:
        assert "SimSun-ExtB" not in ln and "生僻字字体" not in ln
        assert "空白方框" in ln and "Word/WPS" in ln and "删去" in ln
    assert any(ln.startswith("wx.txt:2:12:") and "“👍🏻”" in ln for ln in emoji)
    # a keycap or a heart built on a character in GB2312 is named whole, not as its invisible tail
    (ws / "wx2.txt").write_text("【专班动态】\n第1️⃣项❤️。\n", encoding="utf-8")
    r = cli("add-section", "--team", ECONOMY, "--replace", "wx2.txt", cwd=ws)
    assert r.exit_code == 0 and "wx2.txt:2:2: 提醒: C303 “1️⃣”（U+0031 U+FE0F U+20E3）" in r.output, r.output
    assert "“❤️”（U+2764 U+FE0F）" in r.output and r.output.count("空白方框") == 2
    # a rare Chinese character still goes to the rare-character font
    rare = [ln for ln in lines if "䶮" in ln]
    assert len(rare) == 1 and "SimSun-ExtB" in rare[0]


def test_lock_time_is_printed_the_same_way_by_the_refusal_and_by_unlock(
    cli, example_ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BULLETIN_LOCK_WAIT", "0.2")
    path = example_ws / ".bulletin" / "lock"
    path.parent.mkdir(exist_ok=True)
    info = {"owner": "王科员", "host": "other-pc", "pid": 4242, "time": "2026-11-28T05:46:30+08:00",
            "command": "new", "token": "x"}
    path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    os.utime(path, (time.time() - 60, time.time() - 60))
    refused = cli("withdraw", "--team", ECONOMY, cwd=example_ws)
    assert refused.exit_code == 1 and "从 2026-11-28 05:46:30 起" in refused.stderr
    r = cli("unlock", cwd=example_ws)
    assert r.exit_code == 0 and "从 2026-11-28 05:46:30 起" in r.stdout, r.output
    assert "T05:46" not in r.stdout and "+08:00" not in r.stdout

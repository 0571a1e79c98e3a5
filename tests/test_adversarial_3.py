"""Third adversarial pass: growth with input size, locale and platform, unusual inputs.

Each test reproduces one defect through the real command line; it failed before its fix."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from conftest import snapshot

BULLETIN = (
    "title: 测试工作专报\neditor: 测试县人民政府办公室\n"
    "sections:\n  - 会议精神\n  - name: 专班动态\n    label: \"{team}：\"\n"
    "teams:\n  - name: 第0工作专班\n    sections: [专班动态]\n"
)


def small_ws(root: Path) -> Path:
    ws = root / "ws"
    (ws / "issues" / "001" / "fragments").mkdir(parents=True)
    (ws / "bulletin.yaml").write_text(BULLETIN, encoding="utf-8")
    (ws / "issues" / "001" / "issue.yaml").write_text("number: 1\ndate: 2023-07-21\n", encoding="utf-8")
    return ws


def _best_time(cli, ws: Path, *args: str, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        cli(*args, cwd=ws)
        best = min(best, time.perf_counter() - start)
    return best


def test_lint_of_one_long_item_grows_linearly(cli, tmp_path: Path) -> None:
    """Each finding's file position was found by building a list of every index of the item:
    lint of one item with n half-width commas took time in n² (1,280 sentences: 5 s)."""

    def timed(n: int) -> float:
        ws = small_ws(tmp_path / str(n))
        item = "会议要求抓好落实,确保见效。" * n
        (ws / "issues" / "001" / "fragments" / "第0工作专班.yaml").write_text(
            f"team: 第0工作专班\nissue: 1\nsections:\n  专班动态:\n    - {item}\n", encoding="utf-8"
        )
        result = cli("lint", "--json", cwd=ws)
        assert result.exit_code == 1 and result.stdout.count('"P101"') >= n
        return _best_time(cli, ws, "lint", "--json")

    small, large = timed(500), timed(2000)
    assert large / small < 9, f"lint: 500 commas {small:.3f} s, 2000 commas {large:.3f} s"


def test_issue_folder_renamed_by_hand_is_read(cli, example_ws: Path) -> None:
    """A clerk renamed issues/005 to issues/5: the issue was listed and counted by `new`, but
    every command then looked for issues/005/issue.yaml and said the file was not found."""
    (example_ws / "issues" / "005").rename(example_ws / "issues" / "5")
    for args in (["validate"], ["status"], ["preview", "--no-pager"]):
        result = cli(*args, cwd=example_ws)
        assert result.exit_code == 0, (args, result.output)
    listing = cli("list", cwd=example_ws)
    assert "无法读取" not in listing.output and "6/6" in listing.output
    out = example_ws.parent / "out.docx"
    assert cli("export", "--docx", "-o", out, cwd=example_ws).exit_code == 0 and out.stat().st_size > 0


def test_two_folders_for_one_issue_are_refused_by_name(cli, example_ws: Path) -> None:
    """issues/5 beside issues/005: which one is issue 5 must not be a guess."""
    shutil.copytree(example_ws / "issues" / "005", example_ws / "issues" / "5")
    before = snapshot(example_ws)
    for args in (["status"], ["list"], ["new"]):
        result = cli(*args, cwd=example_ws)
        assert result.exit_code == 1, (args, result.output)
        assert "issues/005" in result.output and "issues/5" in result.output and "Traceback" not in result.output
    assert snapshot(example_ws) == before


def test_deleted_issue_yaml_of_the_newest_issue_is_named(cli, example_ws: Path, tmp_path: Path) -> None:
    """issue.yaml of issue 6 deleted by hand while its fragments stayed: status and validate
    silently showed issue 5, add-section said the current issue was 5, and with issue 5's
    issue.yaml gone too, `new` opened issue 1 beside them."""
    assert cli("new", cwd=example_ws).exit_code == 0
    mail = tmp_path / "经开区.yaml"
    text = (example_ws / "issues" / "005" / "fragments" / "安化县经开区.yaml").read_text(encoding="utf-8")
    mail.write_text(text.replace("issue: 5", "issue: 6"), encoding="utf-8")
    assert cli("add-section", mail, cwd=example_ws).exit_code == 0
    (example_ws / "issues" / "006" / "issue.yaml").unlink()
    for args in (["status"], ["validate"], ["preview", "--no-pager"], ["new"], ["add-section", mail]):
        result = cli(*args, cwd=example_ws)
        assert result.exit_code == 1, (args, result.output)
        assert "issues/006" in result.output and "issue.yaml" in result.output and "number: 6" in result.output
    (example_ws / "issues" / "005" / "issue.yaml").unlink()
    result = cli("new", cwd=example_ws)
    assert result.exit_code == 1 and "issues/006" in result.output
    assert sorted(p.name for p in (example_ws / "issues").iterdir()) == ["005", "006"]
    # the hint works: an issue.yaml written back by hand makes issue 6 current again
    (example_ws / "issues" / "006" / "issue.yaml").write_text("number: 6\ndate: 2023-07-28\n", encoding="utf-8")
    status = cli("status", cwd=example_ws)
    assert status.exit_code == 0 and "第6期" in status.output


def test_misspelt_column_in_a_units_list_is_named_in_bulletin_yaml(cli, example_ws: Path) -> None:
    """bulletin.yaml edited in Notepad (GBK, CRLF) with a typo in a unit's `sections:` list was
    accepted: `template` sent the unit a form with the column 专班动太, and add-section then
    refused the unit's reply for the editor's typo."""
    series = example_ws / "bulletin.yaml"
    text = series.read_text(encoding="utf-8")
    typo = text.replace("打好科技创新攻坚仗工作专班\n    sections: [专班动态]", "打好科技创新攻坚仗工作专班\n    sections: [专班动太]")
    assert typo != text
    series.write_bytes(typo.replace("\n", "\r\n").encode("gbk"))
    line = typo[: typo.index("专班动太")].count("\n") + 1
    for args in (["validate"], ["status"], ["template", "--team", "打好科技创新攻坚仗工作专班"]):
        result = cli(*args, cwd=example_ws)
        assert result.exit_code == 1, (args, result.output)
        assert f"bulletin.yaml:{line}:" in result.output and "专班动太" in result.output
        assert "您是不是要写“专班动态”？" in result.output and "？。" not in result.output


def test_disk_full_while_taking_the_lock_names_the_lock_and_leaves_none(cli, example_ws: Path, tmp_path: Path, monkeypatch) -> None:
    """On a full disk the lock file was created (no space needed) but writing who holds it
    failed: the message named no file (": 错误: 磁盘已满") and an empty lock was left behind."""
    import errno
    import os

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    mail = tmp_path / "经开区.yaml"
    shutil.copy(example_ws / "issues" / "005" / "fragments" / "安化县经开区.yaml", mail)
    (example_ws / "issues" / "005" / "fragments" / "安化县经开区.yaml").unlink()
    before = snapshot(example_ws)
    monkeypatch.setattr(os, "fsync", full)
    for args in (["add-section", mail], ["new"], ["withdraw", "--team", "安化县经开区"]):
        result = cli(*args, cwd=example_ws)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(str(example_ws)) and ".bulletin/lock: 错误: 磁盘已满" in result.stderr, result.stderr
        assert snapshot(example_ws) == before
        assert not (example_ws / ".bulletin" / "lock").exists()


def test_refusal_of_a_converted_text_names_the_clerks_line(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    """A .txt whose one paragraph is longer than an item may be: the refusal pointed at line 6
    of the converted draft (“材料.txt（转换稿）:6:7”), a file the clerk never sees, instead of the
    line of the .txt."""
    mail = tmp_path / "材料.txt"
    mail.write_text("报送单位：安化县经开区\n【典型经验】\n" + "经开区推进园区建设，成效明显。" * 14_000 + "\n", encoding="utf-8")
    before = snapshot(empty_issue_ws)
    result = cli("add-section", mail, cwd=empty_issue_ws)
    assert result.exit_code == 1
    assert "转换稿" not in result.output and f"{mail}:3:" in result.output, result.output
    assert snapshot(empty_issue_ws) == before


def test_add_section_does_not_offer_fix_for_warnings_it_cannot_fix(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    """An emoji or 𠮷 gives C303 (print and check), which --fix cannot change: add-section still
    said “可以用 bulletin add-section --replace --fix 自动改正后重新收入”, and doing so changed nothing."""
    mail = tmp_path / "e 😀.yaml"
    mail.write_text("team: 安化县经开区\nissue: 5\nsections:\n  典型经验:\n    - 经开区😀推进园区建设𠮷。\n", encoding="utf-8")
    result = cli("add-section", mail, cwd=empty_issue_ws)
    assert result.exit_code == 0 and "C303" in result.output
    assert "--fix" not in result.output and "人工核对" in result.output, result.output
    # a fixable one still gets the hint
    mail.write_text("team: 安化县经开区\nissue: 5\nsections:\n  典型经验:\n    - 经开区推进园区建设,成效明显。\n", encoding="utf-8")
    result = cli("add-section", "--replace", mail, cwd=empty_issue_ws)
    assert result.exit_code == 0 and "P101" in result.output and "--replace --fix" in result.output


def test_lint_of_a_file_yaml_cannot_read_explains_it_and_does_not_say_all_clear(cli, example_ws: Path, tmp_path: Path) -> None:
    """lint of a file with misaligned items printed PyYAML's own words (“expected <block end>,
    but found '<block sequence start>'”) where add-section explains the indentation, and then
    “检查了 0 个文件，没有发现排版问题。”"""
    bad = tmp_path / "经济增长.yaml"
    bad.write_text("team: 打好经济增长主动仗工作专班\nissue: 5\nsections:\n  专班动态:\n    - 内容。\n   - 第二条。\n", encoding="utf-8")
    added = cli("add-section", bad, cwd=example_ws)
    linted = cli("lint", bad, cwd=example_ws)
    assert linted.exit_code == 1
    assert "block end" not in linted.output and "缩进不对齐" in linted.output
    assert added.stderr.splitlines()[0] in linted.stderr  # the same words and place as add-section
    assert "没有发现排版问题" not in linted.output and "1 个文件无法检查" in linted.output, linted.output


def test_windows_path_on_linux_says_how_to_write_it(cli, empty_issue_ws: Path) -> None:
    """收件箱\\经济增长.yaml typed (or pasted from Windows notes) on Linux: only “找不到这个文件”,
    though 收件箱/经济增长.yaml was right there."""
    import os

    if os.sep != "/":
        return
    inbox = empty_issue_ws / "收件箱"
    inbox.mkdir()
    shutil.copy(empty_issue_ws.parent / "inbox" / "安化县经开区.yaml", inbox / "经开区.yaml")
    result = cli("add-section", "收件箱\\经开区.yaml", cwd=empty_issue_ws)
    assert result.exit_code == 1
    assert "找不到这个文件" in result.output and "您是不是要写“收件箱/经开区.yaml”？" in result.output
    result = cli("add-section", "收件箱\\没有.yaml", cwd=empty_issue_ws)
    assert result.exit_code == 1 and "用“/”分隔" in result.output and "您是不是" not in result.output

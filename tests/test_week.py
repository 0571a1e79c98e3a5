"""Issue 11, the editor's week through the real CLI: dates as clerks write them, `list`,
`edit`, and what `export` says about an incomplete issue."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulletin_cli.dates import DateError, parse_date
from conftest import snapshot

ROOT = Path(__file__).resolve().parents[1]
ISSUE = Path("issues") / "005"
SAFETY = "打好安全生产翻身仗工作专班"  # the only unit writing 情况反映 in the example


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    ["2023-07-21", "2023年7月21日", "2023/7/21", "2023.7.21", "2023.07.21", " 2023 年 7 月 21 日 ",
     "２０２３年７月２１日", "２０２３／７／２１", "2023年7月21号", "7月21日"],
)
def test_every_way_a_clerk_writes_a_date(text: str) -> None:
    assert parse_date(text, today=dt.date(2023, 1, 5)) == dt.date(2023, 7, 21)


def test_month_and_day_mean_this_year() -> None:
    assert parse_date("12月3日", today=dt.date(2031, 6, 1)) == dt.date(2031, 12, 3)


@pytest.mark.parametrize(
    ("text", "said"),
    [("2023年2月30日", "2023年2月没有30日"), ("2024-02-30", "2024年2月没有30日"), ("2023/13/1", "没有13月"),
     ("2023年4月31日", "2023年4月没有31日"), ("下周五", "看不懂日期“下周五”")],
)
def test_a_date_that_does_not_exist_is_named(text: str, said: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text, today=dt.date(2023, 1, 1))
    assert said in str(info.value)


def test_leap_day() -> None:
    assert parse_date("2024年2月29日") == dt.date(2024, 2, 29)
    with pytest.raises(DateError, match="2023年2月没有29日"):
        parse_date("2023年2月29日")


def _set_date(ws: Path, value: str) -> None:
    path = ws / ISSUE / "issue.yaml"
    lines = [f"date: {value}" if line.startswith("date:") else line for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("written", ["2023年7月21日", "2023/7/21", "２０２３．７．２１"])
def test_issue_yaml_takes_the_clerks_date(cli, example_ws: Path, written: str) -> None:
    _set_date(example_ws, written)
    run = cli("status", "--json", cwd=example_ws)
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["date"] == "2023-07-21"


def test_issue_yaml_with_a_date_that_does_not_exist(cli, example_ws: Path) -> None:
    _set_date(example_ws, "2023年2月30日")
    run = cli("validate", cwd=example_ws)
    assert run.exit_code == 1
    assert "issues/005/issue.yaml:" in run.stderr and "2023年2月没有30日" in run.stderr
    assert "内部错误" not in run.output


def test_new_reads_the_date_as_written(cli, example_ws: Path) -> None:
    run = cli("new", "--date", "2023年7月28日", cwd=example_ws)
    assert run.exit_code == 0, run.output
    assert "date: 2023-07-28" in (example_ws / "issues" / "006" / "issue.yaml").read_text(encoding="utf-8")
    before = snapshot(example_ws)
    run = cli("new", "--date", "2023年2月30日", cwd=example_ws)
    assert run.exit_code == 2 and "2023年2月没有30日" in run.stderr
    assert snapshot(example_ws) == before


# ---------------------------------------------------------------------------- list


def _list(cli, ws: Path) -> list[dict]:
    run = cli("list", "--json", cwd=ws)
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout)


def test_list_newest_first_with_counts_pages_and_export_state(cli, example_ws: Path) -> None:
    from bulletin_cli.render.grid import paginate
    from bulletin_cli.workspace import Workspace

    pages = paginate(Workspace(example_ws).assembled_issue(5)).pages
    assert cli("edit", "--total", "120", cwd=example_ws).exit_code == 0
    assert cli("new", "--date", "2023-07-28", cwd=example_ws).exit_code == 0
    rows = _list(cli, example_ws)
    assert [r["number"] for r in rows] == [6, 5]
    new, five = rows
    assert (new["total"], new["date"], new["units_in"], new["units_expected"], new["pages"]) == (121, "2023-07-28", 0, 6, None)
    assert five["date"] == "2023-07-21" and five["total"] == 120
    assert (five["units_in"], five["units_expected"], five["units_other"]) == (6, 6, 2)
    assert five["columns"] == ["会议精神", "重要事项", "专班动态", "情况反映", "典型经验"] and five["columns_all"] == 5
    assert five["pages"] == pages and five["exported"] is None

    run = cli("export", "-i", "5", cwd=example_ws)
    assert run.exit_code == 0, run.output
    record = json.loads((example_ws / ISSUE / ".exported.json").read_text(encoding="utf-8"))
    assert record["files"] == ["issues/005/安化县打好“发展六仗”工作专报-第5期.docx"] and record["draft"] is False
    five = _list(cli, example_ws)[1]
    assert five["exported"]["at"] == record["at"] and five["exported"]["stale"] is False

    text = cli("list", cwd=example_ws).stdout
    assert "共 2 期" in text and "2023年7月21日" in text and "6/6+2" in text and "已导出" in text and "未导出" in text
    assert text.index("2023年7月28日") < text.index("2023年7月21日")

    # a fragment changed after the export: the list says the printed file is stale
    later = time.time() + 60
    os.utime(example_ws / ISSUE / "fragments" / f"{SAFETY}.yaml", (later, later))
    assert _list(cli, example_ws)[1]["exported"]["stale"] is True
    assert "导出后有改动" in cli("list", cwd=example_ws).stdout


def test_list_recognises_an_export_made_before_the_record(cli, example_ws: Path) -> None:
    (example_ws / ISSUE / "安化县打好“发展六仗”工作专报-第5期.docx").write_bytes(b"PK")
    exported = _list(cli, example_ws)[0]["exported"]
    assert exported is not None and exported["draft"] is False


def test_list_shows_a_broken_issue_and_the_others(cli, example_ws: Path) -> None:
    assert cli("new", cwd=example_ws).exit_code == 0
    (example_ws / "issues" / "006" / "issue.yaml").write_text("number: 6\ndate: [\n", encoding="utf-8")
    rows = _list(cli, example_ws)
    assert rows[0]["number"] == 6 and rows[0]["problem"]
    assert rows[1]["number"] == 5 and rows[1]["pages"]
    run = cli("list", cwd=example_ws)
    assert run.exit_code == 0 and "无法读取" in run.stdout


def test_list_does_not_load_python_docx(example_ws: Path) -> None:
    probe = (
        "import sys\nfrom bulletin_cli.cli import main\nsys.argv=['bulletin','list']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY:', [m for m in sys.modules if m == 'docx' or m.startswith(('docx.', 'lxml'))], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=example_ws, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "BULLETIN_LANG": "zh", "PYTHONPATH": str(ROOT / "src")})
    assert "第5期" in done.stdout or "5" in done.stdout
    assert "HEAVY: []" in done.stderr, done.stderr


# ---------------------------------------------------------------------------- edit


def _info(ws: Path, number: int = 5):
    from bulletin_cli.workspace import Workspace

    return Workspace(ws).issue_info(number)


def test_edit_date_total_and_note(cli, example_ws: Path, tmp_path: Path) -> None:
    note = "这是第一段按语，含“引号”、冒号: 和井号 # 以及 - 开头的字。\n\n- 第二段以短横开头：保持原样。"
    note_file = tmp_path / "按语.txt"
    note_file.write_bytes(note.replace("\n", "\r\n").encode("gbk"))  # a clerk's Notepad file
    run = cli("edit", "--date", "2023年7月28日", "--total", "120", "--note-file", note_file, cwd=example_ws)
    assert run.exit_code == 0, run.output
    assert "日期 2023年7月21日 → 2023年7月28日" in run.stdout and "总期号 无 → 120" in run.stdout and "按语已更新" in run.stdout
    info = _info(example_ws)
    assert (info.date, info.total, info.note) == (dt.date(2023, 7, 28), 120, note)
    text = (example_ws / ISSUE / "issue.yaml").read_text(encoding="utf-8")
    assert "$schema=" in text and "note: |-" in text  # still a readable file with its schema line
    preview = cli("preview", "--no-pager", cwd=example_ws).stdout
    assert "这是第一段按语" in preview and "（总第120期）" in preview

    run = cli("edit", "--note", "", cwd=example_ws)
    assert run.exit_code == 0 and "按语已删去" in run.stdout
    assert _info(example_ws).note is None and _info(example_ws).total == 120
    run = cli("edit", "--total", "120", cwd=example_ws)
    assert run.exit_code == 0 and "没有变化" in run.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [([], "要改什么"), (["--note", "x", "--note-file", "n.txt"], "只能用一个"), (["--date", "2023年2月30日"], "2023年2月没有30日"),
     (["--total", "0"], "不能小于 1"), (["--issue", "9", "--total", "3"], "没有第9期")],
)
def test_edit_refuses_and_changes_nothing(cli, example_ws: Path, args: list[str], said: str) -> None:
    before = snapshot(example_ws)
    run = cli("edit", *args, cwd=example_ws)
    assert run.exit_code in (1, 2) and said in run.output, run.output
    assert snapshot(example_ws) == before


# ---------------------------------------------------------------------------- export


def test_export_names_missing_units_and_empty_columns(cli, example_ws: Path, tmp_path: Path) -> None:
    shutil.move(example_ws / ISSUE / "fragments" / f"{SAFETY}.yaml", tmp_path / "held.yaml")
    out = tmp_path / "out"
    run = cli("export", "--strict", "-o", f"{out}/", cwd=example_ws)
    assert run.exit_code == 1
    assert f"尚未报送：{SAFETY}" in run.stderr and "空栏目：情况反映" in run.stderr and "--strict" in run.stderr
    assert not out.exists()
    run = cli("export", "-o", f"{out}/", cwd=example_ws)  # a folder that does not exist yet, named with /
    assert run.exit_code == 0, run.output
    assert "提醒" in run.stderr and SAFETY in run.stderr and "情况反映" in run.stderr
    assert (out / "安化县打好“发展六仗”工作专报-第5期.docx").is_file()
    run = cli("export", "-o", out, cwd=example_ws)  # an existing folder, no slash
    assert run.exit_code == 0 and str(out / "安化县打好“发展六仗”工作专报-第5期.docx") in run.stdout


def test_export_refuses_an_issue_with_no_submissions_unless_draft(cli, example_ws: Path) -> None:
    assert cli("new", cwd=example_ws).exit_code == 0
    before = snapshot(example_ws)
    run = cli("export", cwd=example_ws)
    assert run.exit_code == 1 and "还没有收到任何报送材料" in run.stderr and "--draft" in run.stderr
    assert snapshot(example_ws) == before
    run = cli("export", "--draft", cwd=example_ws)
    assert run.exit_code == 0, run.output
    assert (example_ws / "issues" / "006" / "安化县打好“发展六仗”工作专报-第6期-草稿.docx").is_file()
    assert _list(cli, example_ws)[0]["exported"]["draft"] is True


def test_issue_yaml_with_an_impossible_iso_date(cli, example_ws: Path) -> None:
    _set_date(example_ws, "2023-02-30")
    run = cli("validate", cwd=example_ws)
    assert run.exit_code == 1 and "2023年2月没有30日" in run.stderr and "内部错误" not in run.output

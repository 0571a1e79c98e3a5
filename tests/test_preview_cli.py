"""`bulletin preview` run for real: in-process, in a subprocess, and in a terminal as a person
would (a pseudo-terminal with pexpect, and tmux whose screen we read back)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bulletin_cli.render import grid
from test_preview import example_issue

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "anhua"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def example_pages() -> int:
    return grid.paginate(example_issue()).pages


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PAGER", "LESS", "BULLETIN_DEBUG")}
    e.update({"BULLETIN_LANG": "zh", "PYTHONPATH": str(ROOT / "src"), "TERM": "xterm-256color"}, **extra)
    return e


def test_preview_prints_the_page_and_the_summary(cli):
    run = cli("preview", "--no-pager", "-w", EXAMPLE)
    assert run.exit_code == 0, run.output
    out = run.stdout
    assert "\x1b" not in out  # not a terminal: plain
    assert f"共{example_pages()}页" in out.splitlines()[0]
    for text in ("安化县打好“发展六仗”工作专报", "【专班动态】", "打好经济增长主动仗工作专班：", "—— 第2页 ——", "责任编辑：政务公开股", "概况"):
        assert text in out
    assert out.index("【会议精神】") < out.index("【专班动态】") < out.index("【典型经验】") < out.index("概况")


def test_lint_warnings_are_marked_in_the_margin(cli, example_ws):
    """A fragment pasted with half-width commas: lint flags them, the preview marks the lines
    with ! and lists the fragment."""
    eco = example_ws / "issues" / "005" / "fragments" / "打好经济增长主动仗工作专班.yaml"
    eco.write_text(eco.read_text(encoding="utf-8").replace("\uff0c", ","), encoding="utf-8")
    run = cli("preview", "--no-pager", "-w", example_ws)
    flagged = [line for line in run.stdout.splitlines() if line[1:2] == "!"]
    assert flagged
    summary = run.stdout[run.stdout.index("概况"):]
    assert re.search(r"有提醒 +\S+\.yaml \d+处", summary)


def test_issue_and_width_options(cli):
    run = cli("preview", "--no-pager", "--issue", "5", "--width", "40", "-w", EXAMPLE)
    assert run.exit_code == 0, run.output
    from rich.cells import cell_len

    assert all(cell_len(line) <= 40 for line in run.stdout.splitlines())
    missing = cli("preview", "--no-pager", "--issue", "9", "-w", EXAMPLE)
    assert missing.exit_code == 1 and "没有第9期" in missing.output


def test_a_trial_fragment_is_previewed_and_nothing_is_written(cli, example_ws, tmp_path):
    from conftest import snapshot

    trial = tmp_path / "来稿.yaml"
    trial.write_text(
        "team: 安化县经开区\nissue: 5\nsections:\n  典型经验:\n    - 经开区新建标准厂房三栋,试排一段新的材料。\n",
        encoding="utf-8",
    )
    before = snapshot(example_ws)
    run = cli("preview", "--no-pager", "--fragment", trial, "-w", example_ws)
    assert run.exit_code == 0, run.output
    marked = [line for line in run.stdout.splitlines() if line.startswith("+")]
    assert marked and "安化县经开区：经开区新建标准厂房三栋" in marked[0]
    assert "聚力循环经济" not in run.stdout  # the unit's earlier submission gives way
    assert "代替" in run.stderr
    assert "试排来稿" in run.stdout
    assert snapshot(example_ws) == before


def test_a_broken_trial_fragment_is_reported(cli, example_ws, tmp_path):
    trial = tmp_path / "坏.yaml"
    trial.write_text("team: 安化县经开区\nsections: [\n", encoding="utf-8")
    run = cli("preview", "--no-pager", "--fragment", trial, "-w", example_ws)
    assert run.exit_code == 1
    assert "坏.yaml" in run.output


def test_missing_units_in_the_summary(cli, example_ws):
    target = next(p for p in (example_ws / "issues" / "005" / "fragments").glob("*.yaml") if "安全生产" in p.read_text("utf-8"))
    target.unlink()
    run = cli("preview", "--no-pager", "-w", example_ws)
    assert run.exit_code == 0, run.output
    summary = run.stdout[run.stdout.index("概况"):]
    assert "打好安全生产翻身仗工作专班" in summary and "情况反映" in summary


def test_an_issue_with_errors_is_shown_as_a_draft(cli, example_ws):
    """The editor wants to see the page while fixing the files: the errors are printed, the
    page is shown marked 草稿, and the exit code says something is wrong."""
    bad = example_ws / "issues" / "005" / "fragments" / "新单位.yaml"
    bad.write_text("team: 不存在的专班\nissue: 5\nsections:\n  专班动态:\n    - 新单位的一段材料。\n", encoding="utf-8")
    run = cli("preview", "--no-pager", "-w", example_ws)
    assert run.exit_code == 1
    assert "不存在的专班" in run.stderr
    assert "草稿" in run.stdout.splitlines()[0]
    assert "【专班动态】" in run.stdout
    summary = run.stdout[run.stdout.index("概况"):]
    assert "有错误" in summary and "新单位.yaml" in summary


def test_preview_does_not_import_python_docx():
    code = (
        "import sys\n"
        "from bulletin_cli.cli import app\n"
        f"try:\n    app(['preview', '--no-pager', '-w', {str(EXAMPLE)!r}])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "bad = sorted(m for m in sys.modules if m == 'docx' or m.startswith('docx.'))\n"
        "print('DOCX', bad, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert "DOCX []" in done.stderr
    assert "安化县打好" in done.stdout


# ---------------------------------------------------------------------------- in a terminal

pexpect = pytest.importorskip("pexpect")


def spawn(*args: str, rows: int = 40, cols: int = 100, **extra: str):
    return pexpect.spawn(
        sys.executable, ["-m", "bulletin_cli", "preview", "-w", str(EXAMPLE), *args],
        env=env(**extra), dimensions=(rows, cols), encoding="utf-8", timeout=30,
    )


def test_in_a_terminal_colours_and_no_pager():
    child = spawn("--no-pager")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    raw = child.before
    assert "\x1b[" in raw  # a terminal gets colours
    text = ANSI.sub("", raw)
    assert f"共{example_pages()}页" in text and "—— 第2页 ——" in text and "概况" in text


def test_no_color_in_a_terminal_is_plain():
    child = spawn("--no-pager", NO_COLOR="1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b" not in child.before
    assert "安化县打好“发展六仗”工作专报" in child.before


def test_long_issue_goes_through_the_pager_and_q_quits():
    child = spawn(rows=24, cols=90)
    child.expect("安化县打好")
    child.expect("【会议精神】")
    child.expect(r"\r\n:")  # less's prompt: the first screen is shown and the pager waits
    time.sleep(0.3)
    assert child.isalive()
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "概况" not in ANSI.sub("", child.before)  # quit before the end of the issue


def test_a_short_page_on_a_tall_terminal_needs_no_pager():
    child = spawn(rows=300, cols=100)
    child.expect(pexpect.EOF)  # no pager to quit
    child.close()
    assert child.exitstatus == 0
    assert "概况" in ANSI.sub("", child.before)


tmux = shutil.which("tmux")


@pytest.mark.skipif(tmux is None, reason="tmux is not installed")
def test_first_screen_in_tmux_reads_like_the_page(tmp_path):
    """Run it as a person would in a 100×40 terminal and read the screen back."""
    session = f"preview-test-{uuid.uuid4().hex[:8]}"
    script = tmp_path / "run.sh"
    script.write_text(
        f"cd {str(EXAMPLE)!r} && {sys.executable} -m bulletin_cli preview; echo EXIT=$?; sleep 60\n", encoding="utf-8"
    )
    environment = [f"-e{k}={v}" for k, v in env(LANG="C.UTF-8").items() if k in ("PYTHONPATH", "BULLETIN_LANG", "LANG")]
    subprocess.run([tmux, "new-session", "-d", "-s", session, "-x", "100", "-y", "40", *environment, f"sh {script}"],
                   check=True, timeout=10)
    try:
        screen = ""
        for _ in range(100):
            screen = capture(session)
            if "【专班动态】" in screen or "EXIT=" in screen:
                break
            time.sleep(0.1)
        lines = screen.splitlines()
        assert lines[0].split() == ["预览", "第5期", f"共{example_pages()}页"]
        assert lines[2].strip() == "安化县打好“发展六仗”工作专报"
        assert lines[3].strip() == "第5期"
        editor = next(line for line in lines if "安化县人民政府办公室" in line)
        assert editor.rstrip().endswith("2023年7月21日")
        assert "【会议精神】" in screen and "—— 第2页 ——" in screen
        assert "EXIT=" not in screen  # still in the pager: the issue is longer than the screen
        subprocess.run([tmux, "send-keys", "-t", session, "q"], check=True, timeout=10)
        for _ in range(50):
            screen = capture(session)
            if "EXIT=" in screen:
                break
            time.sleep(0.1)
        assert "EXIT=0" in screen
    finally:
        subprocess.run([tmux, "kill-session", "-t", session], timeout=10)


def capture(session: str) -> str:
    return subprocess.run([tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True, timeout=10).stdout

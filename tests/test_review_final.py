"""Last review of the day's risky changes (preview rows as segments, the exit's gc.freeze, a wrap
between Latin words joined with a space): what a clerk would see where they went wrong."""

from __future__ import annotations

from pathlib import Path

FRAGMENT = "issues/005/fragments/打好经济增长主动仗工作专班.yaml"

TITLE_OVER_A_BLANK_LINE = """\
team: 打好经济增长主动仗工作专班
issue: 5
sections:
  专班动态:
    - title: 完成Windows

        Server升级
      text: 正文内容。
    - title: "开展Office\\n\\n2019培训"
      text: 培训内容。
"""


def test_a_title_over_a_blank_line_keeps_the_space_between_latin_words(cli, example_ws: Path) -> None:  # type: ignore[no-untyped-def]
    """A title prints on one line: its lines, and its paragraphs when the clerk left a blank line
    in it, join as a paragraph's lines do: with a space between two Latin words, never run
    together (``WindowsServer``), whichever output shows it."""
    (example_ws / FRAGMENT).write_text(TITLE_OVER_A_BLANK_LINE, encoding="utf-8")
    r = cli("preview", "--no-pager", "--width", "200", cwd=example_ws)
    assert r.exit_code == 0, r.output
    assert "完成Windows Server升级" in r.output and "开展Office 2019培训" in r.output, r.output
    assert "WindowsServer" not in r.output and "Office2019" not in r.output
    s = cli("search", "Server升级", cwd=example_ws)
    assert "完成Windows Server升级" in s.output, s.output


def test_no_row_is_wider_than_a_one_cell_screen(cli, example_ws: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """preview prints without rich's crop pass (the view cuts its rows itself); the summary's
    frame needs two cells, so on a one-cell screen (COLUMNS=1) rich still cuts it, as it did
    before: no line of the output is wider than the screen."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "1")
    r = cli("preview", "--no-pager", cwd=example_ws)
    assert r.exit_code == 0, r.output
    wide = [line for line in r.output.split("\n") if cell_len(line) > 1]
    assert not wide, wide[:5]

"""The preview hands its rows to the console as segments it makes itself (render/terminal.py,
``_RowRenderer``) and prints without rich's second cropping pass (cli/preview.py,
``crop=False``), both for start-up speed (issue 14). The output must be byte for byte what rich
makes of each row as a ``Text`` (no_wrap, crop, rstrip), printed with cropping: compared here
with colours and without, at many widths, on pages with every kind of row (lint marks, a
trial fragment's +, the 按语, Latin words longer than the screen, centred titles, the tail)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from bulletin_cli.model import Fragment
from bulletin_cli.render import terminal
from bulletin_cli.render.terminal import IssuePreview, lint_warnings
from test_preview import LoadedFragment, example_issue, load_series

LONG = "Pneumonoultramicroscopicsilicovolcanoconiosis-internationalization"


def issues():
    plain = example_issue()
    trial = LoadedFragment(
        Fragment.validate(
            {
                "team": "试排单位",
                "sections": {"典型经验": [f"新建标准厂房三栋,试排一段 {LONG} 新的材料。", "第二段：完成投资12亿元。"]},
            }
        ),
        "trial.yaml",
        {},
    )
    note = f"本期按语,要认真学习 the {LONG} 精神。各单位要对照检查,抓好落实。"
    marked = example_issue(note=note, extra=[trial])
    titled = example_issue(
        skip=("安化县经开区",),
        series=load_series(layout={"item_title_style": "heading"}),
        extra=[
            LoadedFragment(
                Fragment.validate({"team": "安化县经开区", "sections": {"典型经验": [{"title": "标题,有提醒", "text": "正文。"}]}}),
                "x.yaml",
                {},
            )
        ],
    )
    return {"plain": (plain, None), "marked": (marked, "trial.yaml"), "titled": (titled, None)}


ISSUES = issues()


def printed(issue, marked, width: int, colour: bool, *, as_rich: bool) -> str:
    console = Console(
        width=width,
        file=io.StringIO(),
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
    )
    view = IssuePreview(issue, None, lint_warnings(issue), marked=marked)
    if as_rich:
        console.print(view)
    else:
        console.print(view, crop=False)  # as cli/preview.py prints it
    return console.file.getvalue()


@pytest.mark.parametrize("name", sorted(ISSUES))
@pytest.mark.parametrize("colour", [True, False])
def test_rows_are_byte_for_byte_what_rich_makes_of_them(name: str, colour: bool, monkeypatch) -> None:
    issue, marked = ISSUES[name]
    widths = (8, 12, 20, 23, 31, 40, 57, 60, 61, 62, 80, 100, 200)
    ours = {w: printed(issue, marked, w, colour, as_rich=False) for w in widths}
    # the reference: every row as a rich Text, cropped by rich, as before
    monkeypatch.setattr(terminal._RowRenderer, "render", lambda self, line: [self._through_rich(line)])
    for w in widths:
        assert ours[w] == printed(issue, marked, w, colour, as_rich=True), (name, w)
    if colour:
        assert "\x1b[" in ours[80]
    else:
        assert "\x1b" not in ours[80]


def test_the_pages_exercise_every_kind_of_row() -> None:
    """The comparison above is worth something only if the pages have marks, styles and rows
    rich has to crop (a Latin word longer than the screen)."""
    out = printed(*ISSUES["marked"], 20, True, as_rich=False)
    rows = out.splitlines()
    assert any(r.startswith("\x1b[1;32m+") for r in rows)  # the trial fragment's mark
    assert any("\x1b[1;33m!" in r for r in rows)  # a lint mark
    assert any("\x1b[4;33m" in r for r in rows)  # an underlined finding
    plain = printed(*ISSUES["marked"], 20, False, as_rich=False)
    assert any(LONG[:10] in r for r in plain.splitlines())
    long_rows = [r for r in plain.splitlines() if LONG[:4] in r]
    assert long_rows and all(len(r) <= 20 for r in long_rows)

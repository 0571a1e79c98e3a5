"""`bulletin edit --note`: whatever a clerk pastes as 按语 is stored so that it reads back the
same (a literal block when it can, a quoted string with escapes when it cannot).

Invisible control characters (U+0000–U+001F except tab and line ends, U+007F–U+009F, the
Unicode line/paragraph separators) are not text a clerk can paste into a note that prints: every
reader refuses them in a stored file, so `edit` refuses them up front instead (tested below)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.sources.yaml_reader import load_model
from bulletin_cli.model import IssueInfo
from bulletin_cli.issue_edit import render_with_note
from conftest import snapshot

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("按语第一段。，“”：:#-|>'\"\\ \t\n　*&!%@`{}[]")),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufffe\uffff"),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(note=TEXT)
def test_any_note_reads_back_the_same(tmp_path_factory, note: str) -> None:
    try:
        info = IssueInfo(number=5, date=dt.date(2023, 7, 21), note=note or None)
    except ValueError:
        return  # the model itself refuses it (nothing to write)
    folder: Path = tmp_path_factory.mktemp("edit")
    path = folder / "issue.yaml"
    path.write_text(render_with_note(info), encoding="utf-8")
    again, _ = load_model(path, IssueInfo)
    assert again.note == (info.note or None)  # an empty note is no note


@pytest.mark.parametrize("bad", ["\x1f", "\x00", "\x85", "\u2028"])
def test_a_control_character_in_the_note_is_refused_naming_it(cli, example_ws: Path, bad: str) -> None:
    before = snapshot(example_ws)
    run = cli("edit", "--note", f"按语{bad}第二句。", cwd=example_ws)
    assert run.exit_code in (1, 2)
    # named where it was typed: --note, line 1, character 3
    assert run.stderr.startswith("--note:1:3: 错误: ") and f"U+{ord(bad):04X}" in run.output, run.output
    assert "内部错误" not in run.output and "Traceback" not in run.output
    assert snapshot(example_ws) == before

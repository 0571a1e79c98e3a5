"""`bulletin edit --note`: whatever a clerk pastes as 按语 is stored so that it reads back the
same (a literal block when it can, a quoted string with escapes when it cannot)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.load import load_model
from bulletin_cli.model import IssueInfo
from bulletin_cli.issue_edit import render_with_note

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("按语第一段。，“”：:#-|>'\"\\ \t\n　*&!%@`{}[]")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
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

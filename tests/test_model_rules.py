"""The file models' rules whose messages no other test pins, through `bulletin validate` on the
example workspace: each rule of model.py (lengths, bounds, booleans refused as numbers, types,
the layout's room to print) gives its Chinese message at the line and column of the value.
And the class form of the models (model.py: frozen dataclasses validated by pydantic-core):
``Model(**values)`` validates like a file, instances are frozen, nothing is built at import."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic_core import ValidationError

from bulletin_cli.model import IssueInfo, Layout, Series, TitledItem
from conftest import snapshot

ISSUE = "issues/005/issue.yaml"
FRAGMENT = "issues/005/fragments/打好经济增长主动仗工作专班.yaml"
SERIES_END = 35  # the first line appended to the example's bulletin.yaml
ISSUE_END = 4

CASES = [
    # bulletin.yaml
    ("bulletin.yaml", ('label: "{team}反映："', "label: " + "甲" * 201), 13, 12, "“栏目”(sections)的第4条的“引导语”(label)太长了。"),
    ("bulletin.yaml", "layout:\n  draft_stamp: " + "草" * 21 + "\n", 36, 16, "“版式”(layout)的“draft_stamp”太长了。"),
    ("bulletin.yaml", 'layout:\n  rare_char_font: "  "\n', 36, 19, "“版式”(layout)的“rare_char_font”不能为空。"),
    ("bulletin.yaml", "max_file_size: 10\n", 35, 16, "“max_file_size”超出允许范围：不能小于 1000，现在是“10”。"),
    ("bulletin.yaml", "max_file_size: yes\n", 35, 16, "“max_file_size”：应该是一个数，现在是“true”。"),
    ("bulletin.yaml", "copies: 2000000\n", 35, 9, "“印数”(copies)超出允许范围：不能大于 1000000，现在是“2000000”。"),
    ("bulletin.yaml", "mark: [a]\n", 35, 7, "“左上角标识”(mark)应该是一段文字，现在是一个列表。"),
    ("bulletin.yaml", "layout: 一段文字\n", 35, 9, "“版式”(layout)应该是一组“字段: 值”，现在是“一段文字”。"),
    ("bulletin.yaml", "layout:\n  paper_width_mm: abc\n", 36, 19, "“版式”(layout)的“paper_width_mm”应该是一个数，现在是“abc”。"),
    ("bulletin.yaml", "layout:\n  lines_per_page: 22.5\n", 36, 19, "“版式”(layout)的“lines_per_page”应该是一个整数，现在是“22.5”。"),
    (
        "bulletin.yaml",
        "layout:\n  margin_top_mm: 120\n  margin_bottom_mm: 120\n",
        36,
        3,
        "“版式”(layout)：页边距太宽：纸上只剩 156×57 毫米可以排字（至少要 60×60 毫米）。请减小 margin_*_mm 或加大纸张尺寸。",
    ),
    ("bulletin.yaml", "lint:\n  disabled: P103\n", 36, 13, "“lint”的“disabled”应该是一个列表（每条以“- ”开头），现在是“P103”。"),
    # issue.yaml: 总期号 has its bounds checked after the union with None
    (ISSUE, "total: 0\n", 4, 8, "“总期号”(total)超出允许范围：不能小于 1，现在是“0”。"),
    (ISSUE, "total: 20000000\n", 4, 8, "“总期号”(total)超出允许范围：不能大于 10000000，现在是“20000000”。"),
    (ISSUE, "total: true\n", 4, 8, "“总期号”(total)：应该是一个数，现在是“true”。"),
    (ISSUE, "note: [a]\n", 4, 7, "“按语”(note)应该是一段文字，现在是一个列表。"),
]


@pytest.mark.parametrize("file, text, line, column, words", CASES)
def test_each_rule_is_worded_at_its_value(
    cli, example_ws: Path, file: str, text: str | tuple[str, str], line: int, column: int, words: str
) -> None:
    """``text`` is appended to ``file``, or (old, new) replaces a line's text."""
    path = example_ws / file
    body = path.read_text(encoding="utf-8")
    if isinstance(text, tuple):
        assert body.count(text[0]) == 1
        path.write_text(body.replace(*text), encoding="utf-8")
    else:
        path.write_text(body + text, encoding="utf-8")
    before = snapshot(example_ws)
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert f"{file}:{line}:{column}: 错误: {words}\n" in r.stderr, r.stderr
    assert "Traceback" not in r.output and "内部错误" not in r.output
    assert snapshot(example_ws) == before


def test_a_blank_column_name_is_refused_at_its_line(cli, example_ws: Path) -> None:
    path = example_ws / FRAGMENT
    path.write_text(path.read_text(encoding="utf-8") + '  " ":\n    - 文字\n', encoding="utf-8")
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 1 and f"{FRAGMENT}:8:5: 错误: 栏目“ ”" in r.stderr, r.output


def test_the_example_cases_start_where_the_files_end(example_ws: Path) -> None:
    """The line numbers above: appended text starts on the line after each file's last."""
    assert (example_ws / "bulletin.yaml").read_text(encoding="utf-8").count("\n") == SERIES_END - 1
    assert (example_ws / ISSUE).read_text(encoding="utf-8").count("\n") == ISSUE_END - 1


# ---------------------------------------------------------------- the class form


def test_constructing_a_model_validates_like_a_file() -> None:
    item = TitledItem(title="  标题 ", text="正文")
    assert item.title == "标题" and item == TitledItem.validate({"标题": "标题", "正文": "正文"})
    info = IssueInfo(number=5, date="2023年7月21日")
    assert info.date == dt.date(2023, 7, 21) and info.total is None
    with pytest.raises(ValidationError) as caught:
        IssueInfo(number=True, date="2023-07-21", extra=1)
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("value_error", ("number",)), ("extra_forbidden", ("extra",))]
    with pytest.raises(ValidationError) as caught:
        Layout(margin_left_mm=150, margin_right_mm=150)
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("value_error", ())]
    assert Layout() == Layout.validate({}) and Layout().paper_width_mm == 210.0


def test_instances_are_frozen_values() -> None:
    series = Series.validate({"title": "t", "editor": "e", "sections": ["动态"], "layout": {"masthead_color": "#c00000"}})
    assert series.layout.masthead_color == "C00000" and series.teams == [] and series.team_names() == ["e"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        series.title = "x"  # type: ignore[misc]
    changed = dataclasses.replace(series, copies=80)  # revalidated; the layout is taken as it is
    assert changed.copies == 80 and changed.layout is series.layout and changed != series
    with pytest.raises(ValidationError):
        dataclasses.replace(series, copies=0)
    assert dataclasses.asdict(series)["sections"] == [{"name": "动态", "label": ""}]
    assert copy.deepcopy(series) == series == pickle.loads(pickle.dumps(series))
    assert repr(series.sections[0]) == "SectionSpec(name='动态', label='')"


def test_no_validator_is_built_at_import() -> None:
    """A command that reads no file pays for no schema: validators are built on first use."""
    code = (
        "import bulletin_cli.model as m\n"
        "assert not any('_core_validator' in c.__dict__ for c in (m.Series, m.IssueInfo, m.Fragment, m.Layout))\n"
        "m.IssueInfo.validate({'number': 1, 'date': '2023-07-21'})\n"
        "assert '_core_validator' in m.IssueInfo.__dict__ and '_core_validator' not in m.Series.__dict__\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)

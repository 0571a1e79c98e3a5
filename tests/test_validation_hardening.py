"""Issue 12, "past validation into a crash": values that used to pass `validate` and then fail or
misprint later are refused by `validate` (and `add-section`) with file:line and Chinese words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import snapshot

ECONOMY = "打好经济增长主动仗工作专班"
FRAGMENTS = Path("issues") / "005" / "fragments"
ENGLISH = re.compile(r"greater than|less than|Input should|colour must|surrogates not|Value error|found character|expected")


def check_refused(r, where: str, words: str) -> None:
    assert r.exit_code == 1, r.output
    assert where in r.stderr, r.stderr
    assert words in r.stderr, r.stderr
    assert "内部错误" not in r.output and "Traceback" not in r.output
    assert not ENGLISH.search(r.output), r.output


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# ------------------------------------------------------------------ control characters from escapes

ESCAPES = ["\\x01", "\\x0b", "\\u0000", "\\ufffe", "\\x85", "\\u2028", "\\ud800", "\\r"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_control_characters_written_as_escapes_in_a_fragment(cli, empty_issue_ws: Path, tmp_path: Path, escape: str) -> None:
    sent = tmp_path / "sent.yaml"
    sent.write_text(f'专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n    - "7月12日{escape}召开调度会。"\n', "utf-8")
    before = snapshot(empty_issue_ws)
    r = cli("add-section", sent, cwd=empty_issue_ws)
    check_refused(r, "sent.yaml:5:7:", "控制字符")
    assert snapshot(empty_issue_ws) == before


@pytest.mark.parametrize(
    "where,text,location",
    [
        ("fragment_title", '    - 标题: "小标题\\x01"\n      正文: 内容。\n', None),
        ("fragment_team", None, ":1:"),
        ("issue_note", 'note: "按语\\u2028第二行"\n', "issue.yaml:4:"),
        ("series_editor", None, "bulletin.yaml:3:"),
        ("series_layout", 'layout:\n  body_font: "仿宋\\x1b[31m"\n', "bulletin.yaml:"),
        ("series_key", '"lint\\x00": {}\n', "bulletin.yaml:"),
    ],
)
def test_control_characters_anywhere_are_refused_by_validate(cli, example_ws: Path, where: str, text: str | None, location: str) -> None:
    fragment = example_ws / FRAGMENTS / f"{ECONOMY}.yaml"
    if where == "fragment_title":
        location = f"{ECONOMY}.yaml:{fragment.read_text('utf-8').count(chr(10)) + 1}:"
        append(fragment, text)
    elif where == "fragment_team":
        body = fragment.read_text("utf-8").replace(f"team: {ECONOMY}", f'team: "{ECONOMY}\\x0b"')
        fragment.write_text(body, "utf-8")
        location = f"{ECONOMY}.yaml:2:"
    elif where == "issue_note":
        append(example_ws / "issues" / "005" / "issue.yaml", text)
    elif where == "series_editor":
        series = example_ws / "bulletin.yaml"
        lines = series.read_text("utf-8").split("\n")
        k = next(i for i, line in enumerate(lines) if line.startswith("editor:"))
        lines[k] = 'editor: "安化县人民政府办公室\\x85"'
        series.write_text("\n".join(lines), "utf-8")
        location = f"bulletin.yaml:{k + 1}:"
    else:
        append(example_ws / "bulletin.yaml", text)
    before = snapshot(example_ws)
    r = cli("validate", cwd=example_ws)
    check_refused(r, location, "控制字符")
    assert snapshot(example_ws) == before


def send_item(cli, ws: Path, tmp_path: Path, item: str):
    """add-section of a fragment whose only item (on line 5) is ``item`` as written."""
    sent = tmp_path / "sent.yaml"
    sent.write_text(f"专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n    - {item}\n", "utf-8")
    return cli("add-section", sent, cwd=ws)


def test_raw_line_separators_are_refused_too(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    r = send_item(cli, empty_issue_ws, tmp_path, "7月12日\u2028召开调度会。")
    check_refused(r, "sent.yaml:5:", "U+2028")


# ------------------------------------------------------------------ impossible dates


def test_an_impossible_date_as_an_item_is_kept_as_typed_text(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    r = send_item(cli, empty_issue_ws, tmp_path, "2023-02-30")
    assert r.exit_code == 0, r.output
    r = cli("validate", cwd=empty_issue_ws)
    assert "内部错误" not in r.output


def test_an_impossible_date_in_the_note_is_text(cli, example_ws: Path) -> None:
    append(example_ws / "issues" / "005" / "issue.yaml", "note: 2023-99-99\n")
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 0, r.output
    r = cli("preview", "--no-pager", cwd=example_ws)
    assert r.exit_code == 0 and "2023-99-99" in r.stdout, r.output


@pytest.mark.parametrize(
    "date,ok",
    [("2023-02-30", False), ("2023-13-01", False), ("2023-07-21 10:00:00", False), ("20230721", False), ("2023-7-21", True), ("2023-07-21", True)],
)
def test_the_issue_date_must_exist(cli, example_ws: Path, date: str, ok: bool) -> None:
    issue = example_ws / "issues" / "005" / "issue.yaml"
    text = issue.read_text("utf-8")
    issue.write_text(re.sub(r"(?m)^date: .*$", f"date: {date}", text), "utf-8")
    line = next(i for i, s in enumerate(issue.read_text("utf-8").split("\n"), 1) if s.startswith("date:"))
    r = cli("validate", cwd=example_ws)
    if ok:
        assert r.exit_code == 0, r.output
    else:
        check_refused(r, f"issue.yaml:{line}:", "日期")


# ------------------------------------------------------------------ layout and series settings

LAYOUT = [
    ("margin_top_mm: -5", "不能小于"),
    ("margin_left_mm: 5000", "不能大于"),
    ("paper_width_mm: 0\n  paper_height_mm: 0", "不能小于"),
    ("body_size_pt: .nan", "普通的数"),
    ("body_size_pt: .inf", "普通的数"),
    ("body_size_pt: 0", "不能小于"),
    ("masthead_lines_before: 1000", "不能大于"),
    ("margin_left_mm: 100\n  margin_right_mm: 100", "页边距太宽"),
    ("masthead_color: red", "六位十六进制"),
    ("lines_per_page: true", "应该是一个数"),
    ("chars_per_line: 0x1c", "十进制"),
    ("masthead_min_size_pt: 40", "不能大于 masthead_size_pt"),
]


@pytest.mark.parametrize("override,words", LAYOUT)
def test_layout_numbers_out_of_range_are_refused(cli, example_ws: Path, override: str, words: str) -> None:
    series = example_ws / "bulletin.yaml"
    first = len(series.read_text("utf-8").split("\n"))
    append(series, f"layout:\n  {override}\n")
    r = cli("validate", cwd=example_ws)
    check_refused(r, "bulletin.yaml:", words)
    line = int(re.search(r"bulletin\.yaml:(\d+):", r.stderr)[1])
    assert line >= first, r.stderr  # on the layout lines, not elsewhere


SERIES = [
    ("copies", "copies: 10^12", "应该是一个整数"),
    ("copies", "copies: 1000000000000", "不能大于"),
    ("copies", "copies: true", "应该是一个数"),
    ("copies", "copies: 0x5", "十进制"),
    ("copies", "copies: 0", "不能小于"),
]


@pytest.mark.parametrize("key,line,words", SERIES)
def test_series_numbers_are_checked(cli, example_ws: Path, key: str, line: str, words: str) -> None:
    series = example_ws / "bulletin.yaml"
    text = series.read_text("utf-8")
    if re.search(rf"(?m)^{key}:", text):
        series.write_text(re.sub(rf"(?m)^{key}:.*$", line, text), "utf-8")
    else:
        series.write_text(text + line + "\n", "utf-8")
    at = next(i for i, s in enumerate(series.read_text("utf-8").split("\n"), 1) if s.startswith(key))
    r = cli("validate", cwd=example_ws)
    check_refused(r, f"bulletin.yaml:{at}:", words)


def test_a_column_listed_twice_is_refused(cli, example_ws: Path) -> None:
    series = example_ws / "bulletin.yaml"
    text = series.read_text("utf-8")
    series.write_text(text.replace("  - 重要事项\n", "  - 重要事项\n  - 重要事项\n", 1), "utf-8")
    r = cli("validate", cwd=example_ws)
    check_refused(r, "bulletin.yaml:", "栏目“重要事项”写了两次")


def test_a_unit_listed_twice_is_refused(cli, example_ws: Path) -> None:
    series = example_ws / "bulletin.yaml"
    text = series.read_text("utf-8")
    m = re.search(r"(?m)^  - name: (打好安全生产翻身仗工作专班)\n(    .*\n)*", text)
    assert m
    series.write_text(text[: m.end()] + m.group(0) + text[m.end() :], "utf-8")
    r = cli("validate", cwd=example_ws)
    check_refused(r, "bulletin.yaml:", "报送单位“打好安全生产翻身仗工作专班”写了两次")


@pytest.mark.parametrize("label", ["{foo}：", "{team：", "{team}}："])
def test_a_label_with_an_unknown_placeholder_is_refused(cli, example_ws: Path, label: str) -> None:
    series = example_ws / "bulletin.yaml"
    text = series.read_text("utf-8")
    lines = text.split("\n")
    k = next(i for i, s in enumerate(lines) if '"{team}：' in s)
    lines[k] = lines[k].replace('"{team}：', f'"{label}', 1)
    series.write_text("\n".join(lines), "utf-8")
    r = cli("validate", cwd=example_ws)
    check_refused(r, f"bulletin.yaml:{k + 1}:", "引导语")


@pytest.mark.parametrize("value,words", [("true", "应该是一个数"), ("0x5", "十进制"), ("100001", "不能大于"), ("0", "不能小于")])
def test_issue_number_values(cli, example_ws: Path, value: str, words: str) -> None:
    issue = example_ws / "issues" / "005" / "issue.yaml"
    text = issue.read_text("utf-8")
    issue.write_text(re.sub(r"(?m)^number: .*$", f"number: {value}", text), "utf-8")
    line = next(i for i, s in enumerate(issue.read_text("utf-8").split("\n"), 1) if s.startswith("number:"))
    r = cli("validate", cwd=example_ws)
    check_refused(r, f"issue.yaml:{line}:", words)


def test_new_with_a_number_too_large_is_refused_in_chinese(cli, example_ws: Path) -> None:
    before = snapshot(example_ws)
    r = cli("new", "--number", "100001", cwd=example_ws)
    check_refused(r, "100001", "不能大于 100000")
    assert "validation error" not in r.output
    assert snapshot(example_ws) == before


def test_a_lone_surrogate_gets_a_chinese_message(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    r = send_item(cli, empty_issue_ws, tmp_path, '"内容\\udc00"')
    check_refused(r, "sent.yaml:5:", "U+DC00")


def test_a_float_item_number_is_refused_in_chinese(cli, example_ws: Path) -> None:
    issue = example_ws / "issues" / "005" / "issue.yaml"
    issue.write_text(re.sub(r"(?m)^number: .*$", "number: 5.5", issue.read_text("utf-8")), "utf-8")
    r = cli("validate", cwd=example_ws)
    check_refused(r, "issue.yaml:", "整数")

"""Issue 8 §1: every character a unit typed in a YAML item reaches the issue, or the file is
refused naming the line. Through the real `add-section`, then the assembled issue."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, snapshot

ECONOMY = "打好经济增长主动仗工作专班"
HEAD = f"专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n"
HASH_FIX = "这一条里有 #，请给整条加引号或改用 - |"


def fragment(*item_lines: str) -> str:
    return HEAD + "".join(line + "\n" for line in item_lines)


def stored_paragraphs(ws: Path) -> list[str]:
    """The body paragraphs of the unit as the assembled issue (what every output reads) has them."""
    from bulletin_cli.workspace import Workspace

    issue = Workspace(ws).assembled_issue(5, draft=True)
    return [
        p.text
        for col in issue.columns
        for con in col.contributions
        if con.team == ECONOMY
        for p in con.paragraphs
    ]


def add(cli, ws: Path, tmp_path: Path, text: str, name: str = "sent.yaml"):
    sent = tmp_path / name
    sent.write_text(text, encoding="utf-8")
    return cli("add-section", sent, cwd=ws)


REFUSED = {
    # (item lines, location, words)
    "hash_inside": (["    - 7月10日，安置小区C区 #2号楼已封顶，D区正在施工。"], ":5:20:", HASH_FIX),
    "hash_first": (["    - #2号楼已封顶。"], ":5:7:", HASH_FIX),
    "hash_first_spaced": (["    - # 2号楼已封顶。"], ":5:7:", HASH_FIX),
    "hash_continuation": (["    - 7月10日，C区", "      #2号楼已封顶。"], ":6:7:", HASH_FIX),
    "hash_continuation_then_text": (["    - 7月10日，C区", "      #2号楼已封顶，", "      D区在建。"], ":6:7:", HASH_FIX),
    "hash_in_title": (["    - 标题: C区 #2号楼", "      正文: 已封顶。"], ":5:14:", HASH_FIX),
    "star": (["    - *重点*工作推进有力。"], ":5:7:", "以“*”开头"),
    "anchor": (["    - &重点 工作推进有力。"], ":5:7:", "以“&”开头"),
    "tag": (["    - !重点 工作推进有力。"], ":5:7:", "以“!”开头"),
    "percent": (["    - %50 的项目已开工。"], ":5:7:", "以“%”开头"),
    "at": (["    - @各乡镇 请按时报送。"], ":5:7:", "以“@”开头"),
    "backtick": (["    - `重点` 工作推进有力。"], ":5:7:", "以“`”开头"),
    "bracket_then_text": (["    - [重点] 工作推进有力。"], ":5:7:", "以“[”开头"),
    "bracket_alone": (["    - [重点]"], ":5:7:", "以“[”开头"),
    "brace_then_text": (["    - {重点} 工作推进有力。"], ":5:7:", "以“{”开头"),
    "brace_alone": (["    - {重点}"], ":5:7:", "以“{”开头"),
    "key_value_in_text": (["    - 会议强调: 要抓好落实。"], ":5:7:", "英文冒号加空格"),
    "sample_first": (["    - （请在这里填写第一条内容，例如：7月12日，召开……会议。）"], ":5:7:", "示例文字"),
    "sample_second_paragraph": (["    - |", "      7月12日，召开调度会。", "", "      这是第二段。"], ":8:7:", "示例文字"),
    "sample_inside_text": (["    - 7月12日，召开调度会。第二条内容。这一条有两段，这是第一段。"], ":5:", "示例文字"),
    "sample_in_title": (["    - 标题: 这是第二段。", "      正文: 内容。"], ":5:", "示例文字"),
    # after a block header, `#…` on the same line is a YAML comment: the words would be lost
    "hash_after_block_header": (["    - | #1 重点工作", "      7月12日，召开调度会。"], ":5:9:", "写到下一行"),
    "hash_after_folded_header": (["    - >- #重点", "      7月12日，召开调度会。"], ":5:10:", "写到下一行"),
    "hash_after_text_header": (["    - 标题: 调度会", "      正文: | #第一段", "        7月12日，召开调度会。"], ":6:13:", "写到下一行"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_lossy_items_are_refused_with_location_and_fix(
    cli, empty_issue_ws: Path, tmp_path: Path, case: str
) -> None:
    lines, location, words = REFUSED[case]
    before = snapshot(empty_issue_ws)
    r = add(cli, empty_issue_ws, tmp_path, fragment(*lines), f"{case}.yaml")
    assert r.exit_code == 1, r.output
    assert f"{case}.yaml{location}" in r.stderr, r.stderr
    assert words in r.stderr, r.stderr
    assert "错误" in r.stderr and "Traceback" not in r.output and "内部错误" not in r.output
    assert not re.search(r"found character|expected|while (scanning|parsing)", r.stderr), r.stderr
    assert snapshot(empty_issue_ws) == before


def test_a_blank_line_in_a_plain_item_keeps_the_paragraph_break(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    r = add(cli, empty_issue_ws, tmp_path, fragment("    - 第一段第一行，", "      第一段第二行。", "", "      第二段。"))
    assert r.exit_code == 0, r.output
    assert stored_paragraphs(empty_issue_ws) == ["第一段第一行，第一段第二行。", "第二段。"]


def test_numbers_dates_and_yes_in_items_are_kept_as_typed(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    r = add(cli, empty_issue_ws, tmp_path, fragment("    - 2023-02-30", "    - 2023-07-21", "    - 15", "    - yes", "    - 0x5"))
    assert r.exit_code == 0, r.output
    assert stored_paragraphs(empty_issue_ws) == ["2023-02-30", "2023-07-21", "15", "yes", "0x5"]


def test_a_quoted_hash_is_kept(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    r = add(cli, empty_issue_ws, tmp_path, fragment('    - "7月10日，C区 #2号楼已封顶。"', "    - |", "      #3号楼已封顶。"))
    assert r.exit_code == 0, r.output
    assert stored_paragraphs(empty_issue_ws) == ["7月10日，C区 #2号楼已封顶。", "#3号楼已封顶。"]


def test_comments_outside_items_are_still_comments(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    text = "# 报送材料\n" + HEAD.replace("期号: 5\n", "期号: 5  # 第5期\n") + "    # 下面是第一条\n    - 7月12日，召开调度会。\n"
    r = add(cli, empty_issue_ws, tmp_path, text)
    assert r.exit_code == 0, r.output
    assert stored_paragraphs(empty_issue_ws) == ["7月12日，召开调度会。"]


def test_chinese_colon_after_a_top_level_key_says_use_an_ascii_colon(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    text = f"专班：{ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n    - 内容。\n"
    before = snapshot(empty_issue_ws)
    r = add(cli, empty_issue_ws, tmp_path, text, "c.yaml")
    assert r.exit_code == 1
    assert "c.yaml:1:3:" in r.stderr and "专班: " in r.stderr, r.stderr
    assert "请把它改成中文冒号" not in r.stderr and "文字里的冒号请用中文冒号" not in r.stderr, r.stderr
    assert snapshot(empty_issue_ws) == before


def test_a_key_without_a_space_points_at_its_own_line(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    text = f"专班: {ECONOMY}\n期号:1\n栏目:\n  专班动态:\n    - 内容。\n"
    r = add(cli, empty_issue_ws, tmp_path, text, "c.yaml")
    assert r.exit_code == 1
    assert "c.yaml:2:3:" in r.stderr and "期号: 1" in r.stderr, r.stderr


def test_every_sample_paragraph_of_the_template_is_known() -> None:
    """The template's sample paragraphs and the list validation refuses are one list."""
    from bulletin_cli.model import IssueInfo, Series
    from bulletin_cli.template import fragment_template
    from bulletin_cli.validate import PLACEHOLDER_MARK, TEMPLATE_SAMPLES

    series = Series.validate({"title": "t", "editor": "e", "sections": [{"name": "动态", "label": "{team}："}]})
    template = fragment_template(series, IssueInfo(number=1, date="2023-07-21"), "e", "s.json")
    items = [
        line.strip().removeprefix("- ").strip()
        for line in template.splitlines()[template.splitlines().index("栏目:") + 2 :]
        if line.strip() and line.strip() != "- |"
    ]
    assert len(items) == 3
    for item in items:
        assert any(sample in item for sample in TEMPLATE_SAMPLES), item
        assert item.replace(PLACEHOLDER_MARK, "").rstrip("）") in TEMPLATE_SAMPLES


# ------------------------------------------------------------------ the property


SPECIAL = list("#:*&!%@`[]{}|>,?-~'\"") + [" #", ": ", "- ", " - ", "？", "：", "，", "。", "“", "”"]
CHINESE = list("我们召开会议推进项目建设安置小区号楼已封顶正在施工年月日第一二三")
piece = st.one_of(st.sampled_from(CHINESE), st.sampled_from(SPECIAL), st.sampled_from(list("0123456789")))
sentence = st.lists(piece, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)
# an item: paragraphs of lines, as a clerk types them. Not generated: an item opening with an
# ASCII quote or consisting of a bare `|` / `>` header, which are the documented ways to write
# YAML text (the fix the messages give), not text typed as is.
item = st.lists(st.lists(sentence, min_size=1, max_size=3), min_size=1, max_size=2).filter(
    lambda paras: paras[0][0][0] not in "'\"" and not re.fullmatch(r"[|>][-+0-9]*", paras[0][0])
)


def clerk_yaml(items: list[list[list[str]]]) -> tuple[str, list[str]]:
    """The fragment as typed (no quoting, `- ` prefix, continuation lines indented under the
    text) and the paragraphs a reader expects."""
    lines: list[str] = []
    expected: list[str] = []
    for paragraphs in items:
        for p, para in enumerate(paragraphs):
            if p:
                lines.append("")
            for k, text in enumerate(para):
                lines.append(("    - " if p == 0 and k == 0 else "      ") + text)
            expected.append(joined(para))
    return fragment(*lines), expected


def joined(lines: list[str]) -> str:
    """A paragraph's lines as printed: nothing between them, except a space where a line ends
    and the next begins with a Latin letter or digit (the wrap stood for a space between words)."""
    out = lines[0]
    for line in lines[1:]:
        latin = out[-1:].isascii() and out[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
        out += (" " if latin else "") + line
    return out


@pytest.fixture(scope="module")
def prop_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("prop") / "anhua"
    shutil.copytree(EXAMPLE, ws)
    (ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml").unlink()
    return ws


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(item, min_size=1, max_size=3))
def test_typed_text_is_stored_exactly_or_refused_naming_the_line(cli, prop_ws: Path, items) -> None:
    text, expected = clerk_yaml(items)
    sent = prop_ws.parent / "sent.yaml"
    sent.write_text(text, encoding="utf-8")
    target = prop_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml"
    target.unlink(missing_ok=True)
    r = cli("add-section", sent, cwd=prop_ws)
    assert "内部错误" not in r.output and "Traceback" not in r.output, r.output
    if r.exit_code == 0:
        assert stored_paragraphs(prop_ws) == expected, text
    else:
        assert r.exit_code == 1, r.output
        item_lines = range(5, text.count("\n") + 1)
        located = [int(m) for m in re.findall(r"sent\.yaml:(\d+):", r.stderr)]
        assert located and all(n in item_lines for n in located), (text, r.stderr)
        assert not target.exists()

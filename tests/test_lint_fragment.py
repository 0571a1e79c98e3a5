"""Fragment files: findings at their place in the file, fixes written into the values only."""

from __future__ import annotations

import pytest
import yaml

from bulletin_cli.errors import BulletinError
from bulletin_cli.lint import fix_fragment, fix_fragment_text, fix_text, lint_fragment_file
from bulletin_cli.lint.fragment import text_nodes
from test_lint_helpers import W

FRAGMENT = """\
# 经济增长专班 第5期  (comment: kept)
team: 安化縣经济增长专班   # not text: never linted
issue: 5
sections:
  专班动态:
    - 7月14日,全市召开会议   # 原文
    - "双引号:\\u00e9,\\x2c好"
    - '单引号''里'',发展'
    - |
      第一行,安 化 县
      第二行.
    - >
      折叠,第一行
      第二行
    - 多行
      普通,文字
    - title: 標題,一
      text: 正文,二
  栏目二: [流式,写法, "第二项,x"]
"""


def values(text: str) -> list[str]:
    return [n.value for n in text_nodes(yaml.compose(text), text)]


def test_findings_point_at_the_character_in_the_file() -> None:
    found = lint_fragment_file("f.yaml", FRAGMENT)
    lines = FRAGMENT.split("\n")
    for f in found:
        assert f.path == "f.yaml"
        assert FRAGMENT[f.offset] == (lines[f.line - 1] + "\n")[f.column - 1]
    commas = [f for f in found if f.code == "P101" and FRAGMENT[f.offset] == ","]
    assert len(commas) >= 9
    first = found[0]
    assert (first.code, first.line, first.column) == ("P101", 6, 12)
    assert "安化縣经济增长专班" not in "".join(f.before for f in found)  # team is not text
    assert any(f.code == "C301" and f.line == 17 for f in found)  # titles are text


def test_fix_changes_values_only() -> None:
    result = fix_fragment(FRAGMENT)
    fixed = result.text
    assert values(fixed) == [fix_text(v) for v in values(FRAGMENT)]
    # keys, comments, team and layout untouched
    assert fixed.split("\n")[:5] == FRAGMENT.split("\n")[:5]
    assert "   # 原文" in fixed and "    - |" in fixed and "    - >" in fixed
    assert fixed.count("\n") <= FRAGMENT.count("\n")
    assert result.unfixed == 0
    # the escaped comma is rewritten in place, not by re-quoting the whole scalar
    assert result.rewritten == 0
    assert fix_fragment_text(fixed) == fixed


def test_fix_reparses_to_the_same_data() -> None:
    fixed = fix_fragment_text(FRAGMENT)
    before, after = yaml.safe_load(FRAGMENT), yaml.safe_load(fixed)
    assert after["team"] == before["team"] and after["issue"] == 5
    assert list(after["sections"]) == list(before["sections"])
    assert after["sections"]["专班动态"][0] == W("7月14日,全市召开会议")


def test_plain_scalar_that_would_change_meaning_is_requoted() -> None:
    # fixing the leading spaces away from "  - x" inside a literal would be fine; here the fix
    # must not turn a plain scalar into a different YAML construct
    text = 'sections:\n  甲:\n    - 会议 #1,开\n    - "  \\"引\\"号,文"\n'
    fixed = fix_fragment_text(text)
    assert values(fixed) == [fix_text(v) for v in values(text)]


def test_folded_chinese_lines_are_joined_not_spaced() -> None:
    text = "sections:\n  甲:\n    - >-\n      第一行\n      第二行\n"
    assert values(text) == ["第一行 第二行"]
    fixed = fix_fragment_text(text)
    assert values(fixed) == ["第一行第二行"]


def test_chinese_keys_and_titled_items() -> None:
    text = "专班: 甲\n栏目:\n  动态:\n    - 标题: 標題\n      正文: 內容,好\n"
    found = lint_fragment_file("x.yaml", text)
    assert {f.code for f in found} == {"C301", "P101"}
    assert yaml.safe_load(fix_fragment_text(text))["栏目"]["动态"][0] == {"标题": "标题", "正文": W("内容,好")}


def test_clean_file_is_returned_unchanged() -> None:
    text = "team: 甲\nsections:\n  动态:\n    - " + W("没有问题,很好") + "\u3002\n"
    assert lint_fragment_file("x.yaml", text) == []
    assert fix_fragment_text(text) is text or fix_fragment_text(text) == text


def test_syntax_error_is_a_problem_with_a_line() -> None:
    with pytest.raises(BulletinError) as exc:
        lint_fragment_file("bad.yaml", "team: 甲\nsections:\n  - a\n b: [\n")
    (problem,) = exc.value.problems
    assert problem.file == "bad.yaml" and problem.line >= 3
    assert problem.code == "YAML" and "缩进不对齐" in problem.message  # add-section's words (yaml_reader._syntax_problem)


def test_crlf_and_bom() -> None:
    text = "\ufeffteam: 甲\r\nsections:\r\n  动态:\r\n    - 好,的\r\n"
    (f,) = lint_fragment_file("x.yaml", text)
    assert (f.line, f.column) == (4, 8)
    assert values(fix_fragment_text(text)) == [W("好,的")]


def test_an_edit_that_breaks_the_file_falls_back_to_quoting(monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin_cli.lint import fragment

    def wrong(node, raw, edits):  # type: ignore[no-untyped-def]
        return [(node.start_mark.index, node.start_mark.index, "[")]  # would break the YAML

    monkeypatch.setattr(fragment, "_raw_edits", wrong)
    text = "team: 甲\nsections:\n  动态:\n    - 好,的  # 注释\n    - 没问题\n"
    result = fix_fragment(text)
    assert result.rewritten == 1 and result.unfixed == 0
    assert values(result.text) == [W("好,的"), "没问题"]
    assert "# 注释" in result.text

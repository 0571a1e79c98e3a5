"""Issue 14: YAML is read by libyaml's C parser when PyYAML has it, with exactly what the
pure-Python loader gives: the same data, the same nodes and marks, the same messages at the same
`file:line:column`. Each case runs both ways (the ``reader`` fixture forces the fallback)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.errors import BulletinError
from bulletin_cli.sources import yaml_reader
from bulletin_cli.sources.files import Source

ECONOMY = "打好经济增长主动仗工作专班"
HEAD = f"专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n"
needs_libyaml = pytest.mark.skipif(yaml_reader._FastLoader is None, reason="PyYAML without libyaml")


@pytest.fixture(params=["libyaml", "python"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with libyaml, then with the pure-Python loader (as without libyaml)."""
    if request.param == "python":
        monkeypatch.setattr(yaml_reader, "_FastLoader", None)
    elif yaml_reader._FastLoader is None:
        pytest.skip("PyYAML without libyaml")
    return request.param


def signature(node: yaml.Node | None) -> list[tuple]:
    """Every node in file order: kind, tag, value, style and both marks."""
    out: list[tuple] = []
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        marks = (n.start_mark.index, n.start_mark.line, n.start_mark.column)
        marks += (n.end_mark.index, n.end_mark.line, n.end_mark.column)
        value = n.value if isinstance(n.value, str) else len(n.value)
        out.append((type(n).__name__, n.tag, value, getattr(n, "style", "-"), getattr(n, "flow_style", "-"), marks))
        if isinstance(n.value, list):
            for child in reversed(n.value):
                stack.extend(reversed(child) if isinstance(child, tuple) else [child])
    return out


def outcome(text: str, text_checks: bool = True) -> tuple:
    """What parse_yaml makes of a text: the data with every position, or every problem."""
    try:
        doc = yaml_reader.parse_yaml(Source(Path("f.yaml"), text, "utf-8", "f.yaml"), text_checks=text_checks)
    except BulletinError as exc:
        return ("refused", exc.problems)
    return ("read", repr(doc.data), doc.value_marks, doc.key_marks, signature(doc.node))


def both_ways(text: str, monkeypatch: pytest.MonkeyPatch, text_checks: bool = True) -> tuple:
    fast = outcome(text, text_checks)
    with monkeypatch.context() as m:
        m.setattr(yaml_reader, "_FastLoader", None)
        reference = outcome(text, text_checks)
    assert fast == reference, text
    return fast


# Texts libyaml reads itself (no fallback), each with something its marks could get wrong.
READ_BY_LIBYAML = {
    "cjk_and_astral": HEAD + "    - 𠮷𠮷中文 abc\n    - 标题: 𠮷野家\n      正文: 第一行\n        第二行\n",
    "no_final_line_break": HEAD + "    - 最后一条",
    "block_scalar_at_end": HEAD + "    - |\n      第一段\n\n      第二段",
    "block_scalar_keep": HEAD + "    - |+\n      保留换行\n\n",
    "quoted_escapes": HEAD + '    - "\\u4e2d\\U00020BB7 \\x41\\\n      续行"\n    - \'单引号\'\'里\n\n      两段\'\n',
    "flow_list": "title: 测试\nsections: [会议精神, 专班动态]\nteams:\n- name: 𠮷工作专班\n  sections: [专班动态]\n",
    "indentless_sequence": "teams:\n- name: 一\n- name: 二\nsections:\n  - 栏目\n",
    "empty_values": "title:\nnote: \nsections:\n  专班动态:\n",
    "comments_everywhere": "# 头\n专班: 某 # 注释\n期号: 5\n\n栏目: # 栏目\n  专班动态:\n    - 文字\n# 注释\n",
}

# Texts libyaml reads otherwise or refuses: the pure-Python loader decides.
LEFT_TO_PYTHON = {
    "tab_indent": HEAD + "\t- 文字\n",
    "tab_in_value": "title: 甲 \t乙\n",
    "bom_inside": "title: 甲\n\ufeffnote: 乙\n",
    "anchor_only": "title: &t 标题\nnote: 按语\n",
    "alias": "title: &t 标题\nnote: *t\n",
    "undefined_alias": HEAD + "    - *重点\n",
    "bare_tag": "title: !\nnote: 乙\n",
    "python_tag": "title: !!python/object:os.system 甲\n",
    "question_mark_in_flow": "sections: [会议?精神]\n",
    "empty_value_in_flow": "sections: [会议精神: , 专班动态]\n",
    "colon_then_flow": "sections: [会议精神:[一]]\n",
    "hash_after_block_header": HEAD + "    - |#注\n      文字\n",
    "unclosed_quote": HEAD + '    - "没有结束\n    - 下一条\n',
    "two_documents": "title: 一\n---\ntitle: 二\n",
    "bad_indent_after_astral": HEAD + "    - 𠮷𠮷\n   - 错位\n",
    "no_space_after_colon": "专班:某专班\n期号: 5\n",
    "escape_beyond_unicode": HEAD + '    - "𠮷\\U00110000"\n',
    "carriage_return": "title: 甲\r\nnote: 乙\r\n",
    "directive": "%YAML 1.1# 注\n---\ntitle: 甲\n",
    "lone_surrogate": "title: 甲\ud800\n",
}

# Refused after reading, by the same builder whichever parser read the file.
REFUSED_WHEN_BUILT = {
    "duplicate_key": HEAD + "    - 一\n  专班动态:\n    - 二\n",
    "merge_key": "a: {x: 1}\n<<: {y: 2}\n",
    "hex_number": "期号: 0x5\n",
    "control_escape": HEAD + '    - "𠮷\\x01"\n',
    "flow_item": HEAD + "    - [重点] 工作\n",
    "hash_in_item": HEAD + "    - 𠮷C区 #2号楼\n",
    "too_deep": "a:" + "".join(f"\n{' ' * (2 * k)}b:" for k in range(1, 45)) + " x\n",
}


@needs_libyaml
@pytest.mark.parametrize("case", sorted(READ_BY_LIBYAML))
def test_libyaml_reads_these_exactly_as_the_python_loader(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = READ_BY_LIBYAML[case]
    assert yaml_reader._compose_fast(text) is not yaml_reader._UNREAD  # really read by libyaml
    assert both_ways(text, monkeypatch)[0] == "read"


@pytest.mark.parametrize("case", sorted(LEFT_TO_PYTHON))
def test_what_libyaml_reads_otherwise_is_left_to_the_python_loader(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = LEFT_TO_PYTHON[case]
    assert yaml_reader._compose_fast(text) is yaml_reader._UNREAD
    both_ways(text, monkeypatch)


@pytest.mark.parametrize("case", sorted(REFUSED_WHEN_BUILT))
def test_problems_found_while_building_are_the_same(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = both_ways(REFUSED_WHEN_BUILT[case], monkeypatch)
    assert result[0] == "refused" and all(p.line for p in result[1]), result


@needs_libyaml
def test_every_example_file_is_read_by_libyaml_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(EXAMPLE.rglob("*.yaml"))
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml_reader._compose_fast(text) is not yaml_reader._UNREAD, path
        assert both_ways(text, monkeypatch, text_checks=path.name != "bulletin.yaml")[0] == "read", path


PIECES = list("#:*&!%@`[]{}|>,?-~'\"\\ ") + [
    ": ", "- ", " #", "\n", "\n  ", "\n    ", "\n  - ", "\n- ", "---", "...", "|", "|-", ">+", "|2",
    "&a ", "*a", "!x ", "!!str ", "\\n", "\\x41", "\\u4e2d", "\\U00020BB7", "''", "1", "0x1", "2023-07-21",
    "yes", "~", "𠮷", "中文", "会议", "：", "\u3000", "title", "标题: ", "正文: ", "[a, b]", "{a: b}", "\t",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join), st.booleans())
def test_any_text_reads_the_same_either_way(text: str, in_fragment: bool) -> None:
    prefix = HEAD + "    - " if in_fragment else ""
    with pytest.MonkeyPatch.context() as m:
        both_ways(prefix + text, m)


# ------------------------------------------------------------------- through the command line


def located(stderr: str) -> list[str]:
    return re.findall(r"sent\.yaml:(\d+:\d+): 错误", stderr)


def refused_at(cli, ws: Path, sent: Path, cases: dict[str, tuple[str, str]], saved=str.encode) -> None:
    """Each fragment body (after HEAD), saved with ``saved``, is refused at one place in words."""
    for body, (where, words) in cases.items():
        sent.write_bytes(saved(HEAD + body))
        r = cli("add-section", sent, cwd=ws)
        assert r.exit_code == 1 and located(r.stderr) == [where] and words in r.stderr, (body, r.stderr)


def test_positions_after_cjk_astral_bom_and_crlf_are_the_same(
    reader: str, cli, empty_issue_ws: Path, tmp_path: Path
) -> None:
    """Files saved with a BOM and CRLF line ends, astral characters (𠮷) before the mistakes:
    columns count characters, as a clerk's editor does, whichever parser read the file."""
    cases = {
        "    - 𠮷𠮷中文 #2号楼\n": ("5:12", "这一条里有 #"),
        "    - 标题: 𠮷𠮷\n      正文: 𠮷 #注\n": ("6:13", "这一条里有 #"),
        "    - 𠮷文字\n   - 错位\n": ("6:4", "缩进不对齐"),
        "    - 𠮷\n    - 𠮷: 𠮷: 乙\n": ("6:11", "英文冒号加空格"),
        '    - 𠮷\n    - "𠮷\\x01"\n': ("6:7", "U+0001"),
        "    - 𠮷\n    - &锚 𠮷\n": ("6:7", "以“&”开头"),
    }

    def as_notepad_saves(text: str) -> bytes:
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")

    refused_at(cli, empty_issue_ws, tmp_path / "sent.yaml", cases, as_notepad_saves)


def test_alias_bomb_is_refused_at_the_first_alias_without_expanding(
    reader: str, cli, empty_issue_ws: Path, tmp_path: Path
) -> None:
    levels = "".join(f'l{k}: &l{k} [{", ".join([f"*l{k - 1}"] * 9)}]\n' for k in range(1, 10))
    sent = tmp_path / "sent.yaml"
    sent.write_text(f"专班: {ECONOMY}\n期号: 5\nl0: &l0 [笑]\n" + levels, encoding="utf-8")
    before = snapshot(empty_issue_ws)
    start = time.monotonic()
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert time.monotonic() - start < 5
    assert r.exit_code == 1 and located(r.stderr) == ["4:10"], r.stderr
    assert "不支持 YAML 别名" in r.stderr
    assert snapshot(empty_issue_ws) == before


def test_too_many_entries_are_refused_the_same_way(reader: str, cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    sent = tmp_path / "sent.yaml"
    sent.write_text(HEAD + "".join(f"    - 第{k}条\n" for k in range(25_000)), encoding="utf-8")
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 1 and "sent.yaml: 错误: " in r.stderr and "过于庞大" in r.stderr, r.stderr


def test_syntax_errors_keep_their_chinese_words(reader: str, cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    """libyaml words its errors otherwise ("found character that cannot start any token"): the
    clerk's message and its position are still the pure-Python loader's."""
    cases = {
        "    - 𠮷文字\n   - 错位\n": ("6:4", "缩进不对齐"),
        '    - "没有结束\n    - 下一条\n': ("5:7", "引号没有结束"),
        "    - 会议强调: 要抓好落实: 马上\n": ("5:18", "英文冒号加空格"),
        "    - `重点` 工作\n": ("5:7", "以“`”开头"),
        '    - "\\U00110000"\n': ("5:8", "不是有效的字符"),
    }
    refused_at(cli, empty_issue_ws, tmp_path / "sent.yaml", cases)


def test_the_example_validates_the_same_way(reader: str, cli, example_ws: Path) -> None:
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 0, r.output
    eco = example_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml"
    lines = eco.read_text(encoding="utf-8").count("\n")
    eco.write_text(eco.read_text(encoding="utf-8") + "team: 𠮷\n", encoding="utf-8")
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert f"{ECONOMY}.yaml:{lines + 1}:1: 错误: 字段“team”重复出现（第一次在第 2 行）" in r.stderr, r.stderr

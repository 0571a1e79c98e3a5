"""Text and Markdown submissions (.txt/.md) through `bulletin add-section`: every encoding a
clerk's machine writes, any line ends, and paragraphs grouped as a clerk reads them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ECON = "打好经济增长主动仗工作专班"
SAFETY = "打好安全生产翻身仗工作专班"


def stored(ws: Path, team: str = ECON) -> dict:
    return yaml.safe_load((ws / "issues" / "005" / "fragments" / f"{team}.yaml").read_text(encoding="utf-8"))


PARAS = ["7月10日，召开经济运行调度会。", "上半年，全县地方税收收入43467万元，同比增长13.83%。"]


@pytest.mark.parametrize(
    "encoding, newline",
    [("gbk", "\r\n"), ("gb18030", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\n"), ("utf-16", "\r\n"), ("utf-8", "\r")],
)
def test_encodings_and_line_ends(cli, empty_issue_ws: Path, encoding: str, newline: str) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长专班.txt"
    f.write_bytes(newline.join(["\u3000\u3000" + p for p in PARAS]).encode(encoding) + newline.encode(encoding))
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert stored(ws)["sections"] == {"专班动态": PARAS}
    kept = list((ws / "issues" / "005" / "received").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == f.read_bytes()


def test_blank_lines_group_paragraphs_and_editor_breaks_are_joined(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长.txt"
    f.write_text(
        f"{ECON}：7月10日，召开经济运行\n调度会。\n\n\t上半年，全县地方税收\n  收入43467万元。\n\n\n【情况反映】\n\n三是应急救援任务压力较大。\n",
        encoding="utf-8",
    )
    result = cli("add-section", "--section", "专班动态", f, cwd=ws)
    # 情况反映 is a column of the series, so the unit may write in it
    assert result.exit_code == 0, result.output
    assert stored(ws)["sections"] == {
        "专班动态": ["7月10日，召开经济运行调度会。", "上半年，全县地方税收收入43467万元。"],
        "情况反映": ["三是应急救援任务压力较大。"],
    }


def test_markdown_headings_and_emphasis(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长.md"
    f.write_text("# 上半年经济运行情况\n\n**地方收入**稳步增长，*同比*增长16%。\n\n- 第二段。\n", encoding="utf-8")
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert stored(ws)["sections"]["专班动态"] == [
        {"title": "上半年经济运行情况", "text": "地方收入稳步增长，*同比*增长16%。\n\n第二段。"}
    ]


@pytest.mark.parametrize(
    "content, says",
    [(b"", "空"), (b"\n\n \r\n", "空"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "不是文本文件"), (("7月10日，召开经济运行调度会。" * 3 + "\x07。\n").encode(), "控制字符")],
)
def test_bad_text_files(cli, empty_issue_ws: Path, content: bytes, says: str) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长.txt"
    f.write_bytes(content)
    before = snapshot(ws)
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 1
    assert says in result.output, result.output
    assert snapshot(ws) == before


def test_unknown_suffix_is_refused(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = ws.parent / "经济增长.pdf"
    f.write_bytes(b"%PDF-1.4")
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 1 and ".docx" in result.output


# Paragraph text as units type it: Chinese with every character YAML gives a meaning to.
_CHARS = st.sampled_from(list("经济增长专班召开会议全县同比一二三") + list("#:-*&!%@`[]{}|>'\"\\,?~ 　，。：；“”（）"))
_PARA = st.text(_CHARS, min_size=1, max_size=40).map(lambda s: s.strip(" \t\u3000")).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(_PARA, min_size=1, max_size=5))
def test_generated_yaml_loads_back_to_exactly_the_paragraphs(paragraphs: list[str]) -> None:
    from bulletin_cli.model import Fragment
    from bulletin_cli.sources.document import DocParagraph, Document, Run
    from bulletin_cli.sources.submission import fragment_yaml

    doc = Document("x.docx", [DocParagraph((Run(t),)) for t in paragraphs], "docx")
    titled = ("标题：#1", "\n\n".join(paragraphs))
    text, _ = fragment_yaml(ECON, 5, {"专班动态": [*paragraphs, titled]}, doc)
    data = yaml.safe_load(text)
    assert data["sections"]["专班动态"] == [*paragraphs, {"title": titled[0], "text": titled[1]}]
    Fragment.validate(data)


def test_unit_named_on_the_first_line_and_column_lines(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    f = ws.parent / "材料.txt"
    f.write_text(f"{SAFETY}\n【情况反映】\n安全生产工作主要有三个方面的问题需要警惕。\n【专班动态】\n7月12日，下发紧急通知。\n", encoding="gbk")
    result = cli("add-section", f, cwd=ws)
    assert result.exit_code == 0, result.output
    assert stored(ws, SAFETY)["sections"] == {
        "情况反映": ["安全生产工作主要有三个方面的问题需要警惕。"],
        "专班动态": ["7月12日，下发紧急通知。"],
    }

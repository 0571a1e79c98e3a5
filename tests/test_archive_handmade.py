"""Past issues not made by bulletin: a bulletin typed by hand in Word and the seed text file
import to the example's issue, and `init --from` reads the example's settings from either."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_helpers import (
    KJQ_TITLE,
    docx_texts,
    exported,
    fixed_seed,
    fragments_of,
    handmade_docx,
    issue_info,
    settings_only_ws,
)
from conftest import EXAMPLE, SEED


def _example_fragments_with_kjq_title() -> dict[str, object]:
    """The example's fragments, with 安化县经开区's first sentence as a run-in title (the
    hand-made bulletin sets it in bold)."""
    from bulletin_cli.model import Fragment, TitledItem

    expected = fragments_of(EXAMPLE, 5)
    kjq = expected["安化县经开区"]
    (text,) = kjq.sections["典型经验"]
    assert text.startswith(KJQ_TITLE + "。")
    expected["安化县经开区"] = Fragment(
        team=kjq.team, issue=kjq.issue,
        sections={"典型经验": [TitledItem(title=KJQ_TITLE, text=text[len(KJQ_TITLE) + 1:])]},
    )
    return expected


def test_handmade_word_bulletin_imports_to_the_example(cli, tmp_path: Path, example_ws: Path) -> None:
    source = handmade_docx(tmp_path / "第5期.docx")
    ws = settings_only_ws(tmp_path)
    result = cli("import", source, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert fragments_of(ws, 5) == _example_fragments_with_kjq_title()
    assert issue_info(ws, 5) == issue_info(EXAMPLE, 5)
    # the bold title prints as it was typed: the same text as the example, sentence for sentence
    assert docx_texts(exported(ws, cli)) == docx_texts(exported(example_ws, cli))


def test_handmade_without_title_is_exactly_the_example(cli, tmp_path: Path) -> None:
    source = handmade_docx(tmp_path / "第5期.docx", with_title=False)
    ws = settings_only_ws(tmp_path)
    assert cli("import", source, "--workspace", ws).exit_code == 0
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)


def test_seed_text_imports_to_the_example(cli, tmp_path: Path) -> None:
    ws = settings_only_ws(tmp_path)
    result = cli("import", fixed_seed(tmp_path), "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)
    assert issue_info(ws, 5) == issue_info(EXAMPLE, 5)


def _told_parts(series):  # type: ignore[no-untyped-def]
    """What one past issue can tell about a series (not: which units are optional)."""
    return {
        "title": series.title,
        "editor": series.editor,
        "mark": series.mark,
        "sections": [(s.name, s.label) for s in series.sections],
        "teams": [(t.name, t.sections) for t in series.teams],
        "distribution": series.distribution,
        "copies": series.copies,
        "responsible_editor": series.responsible_editor,
    }


@pytest.mark.parametrize("kind", ["docx", "txt", "seed as shipped"])
def test_init_from_a_past_issue_reads_the_example_settings(cli, tmp_path: Path, kind: str) -> None:
    from bulletin_cli.sources.yaml_reader import load_model
    from bulletin_cli.model import Series

    if kind == "docx":
        source = handmade_docx(tmp_path / "第5期.docx")
    elif kind == "txt":
        source = fixed_seed(tmp_path)
    else:  # ASCII , : ; ( ) where full-width is meant: the leads' colons are read as full-width
        source = SEED / "anhua-2023-05.txt"
    result = cli("init", "--from", source, tmp_path / "new")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "报头名称：安化县打好“发展六仗”工作专报" in out
    assert "栏目（5个）：会议精神、重要事项、专班动态（{team}：）、情况反映（{team}反映：）、典型经验（{team}：）" in out
    assert "报送单位（7个）：打好经济增长主动仗工作专班、" in out
    assert "留作注释待填写：分送（报/送/发）、印数" in out
    assert "bulletin import" in out
    written = tmp_path / "new" / "bulletin.yaml"
    series, _ = load_model(written, Series)
    example, _ = load_model(EXAMPLE / "bulletin.yaml", Series)
    assert _told_parts(series) == _told_parts(example)
    text = written.read_text(encoding="utf-8")
    # what the issue could not tell is a commented line to fill in
    for line in ("# mark:", "# distribution:", "# copies:", "expected: false"):
        assert line in text
    # the new workspace takes its own past issue in
    assert cli("import", source, "--workspace", tmp_path / "new").exit_code == 0
    assert cli("validate", "--workspace", tmp_path / "new").exit_code == 0


def test_init_from_reads_mark_tail_and_total(cli, tmp_path: Path) -> None:
    source = tmp_path / "past.txt"
    source.write_text(
        "内部资料  注意保存\n某某县工作简报\n第12期（总第112期）\n某某县人民政府办公室　　2024年3月8日\n"
        "编者按：本期聚焦春耕。\n【工作动态】\n县农业农村局：全县春耕备耕有序推进。\n"
        "报：市委办公室，市政府办公室。\n送：县委各位常委。\n共印80份\n",
        encoding="utf-8",
    )
    result = cli("init", "--from", source, tmp_path / "new")
    assert result.exit_code == 0, result.output
    from bulletin_cli.sources.yaml_reader import load_model
    from bulletin_cli.model import Series

    series, _ = load_model(tmp_path / "new" / "bulletin.yaml", Series)
    assert series.mark == "内部资料 注意保存"
    assert [(d.label, d.to) for d in series.distribution] == [("报", "市委办公室，市政府办公室。"), ("送", "县委各位常委。")]
    assert series.copies == 80
    assert series.responsible_editor is None
    assert "留作注释待填写：责任编辑" in result.stdout
    assert cli("import", source, "--workspace", tmp_path / "new").exit_code == 0
    info = issue_info(tmp_path / "new", 12)
    # the typed label is the one export prints (layout.note_label): issue.yaml holds the text only
    assert (info.total, info.note) == (112, "本期聚焦春耕。")


def test_init_from_something_that_is_not_a_bulletin(cli, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("会议纪要\n今天开会，研究了三件事。\n", encoding="utf-8")
    result = cli("init", "--from", source, tmp_path / "new")
    assert result.exit_code == 1
    assert "notes.txt: 错误: 这看起来不是一期简报：没有找到单独一行的【栏目名称】" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "new").exists()

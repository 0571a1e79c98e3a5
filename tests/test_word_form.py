"""`bulletin template --docx`: the Word fill-in form, filled in as a unit would and read back."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import snapshot

SAFETY = "打好安全生产翻身仗工作专班"


def make_form(cli, ws: Path, team: str = SAFETY) -> Path:
    target = ws.parent / "表.docx"
    result = cli("template", "--team", team, "--docx", "-o", target, cwd=ws)
    assert result.exit_code == 0, result.output
    return target


def fill(form: Path, out: Path, contents: dict[str, list[str | tuple[str, str]]]) -> Path:
    """Type into the form with python-docx: replace the grey prompt under each column heading
    with the first paragraph, add the rest below it; a title is a bold paragraph of its own."""
    import docx

    d = docx.Document(form)
    paras = d.paragraphs
    for i, para in enumerate(paras):
        name = para.text.strip("【】")
        if not para.text.startswith("【") or name not in contents:
            continue
        prompt = paras[i + 1]
        anchor = paras[i + 2] if i + 2 < len(paras) else None
        lines: list[tuple[str, bool]] = []
        for item in contents[name]:
            if isinstance(item, tuple):
                lines.append((item[0], True))
                lines.extend((t, False) for t in item[1].split("\n\n"))
            else:
                lines.append((item, False))
        for run in prompt.runs:
            run.text = ""
        first = prompt.add_run(lines[0][0])
        first.bold = lines[0][1]
        for text, bold in lines[1:]:
            new = anchor.insert_paragraph_before() if anchor is not None else d.add_paragraph()
            new.add_run(text).bold = bold
    d.save(out)
    return out


def test_form_has_the_issue_unit_instructions_and_usual_columns(cli, empty_issue_ws: Path) -> None:
    import docx

    form = make_form(cli, empty_issue_ws)
    texts = [p.text for p in docx.Document(form).paragraphs]
    assert texts[0] == "《安化县打好“发展六仗”工作专报》第5期 报送材料"
    assert texts[1] == f"报送单位：{SAFETY}"
    assert any(t.startswith("填写说明") for t in texts)
    assert [t for t in texts if t.startswith("【")] == ["【专班动态】", "【情况反映】"]
    again = cli("template", "--team", SAFETY, "--docx", "-o", form, cwd=empty_issue_ws)
    assert again.exit_code == 1 and "不会覆盖" in again.output


def test_filled_form_round_trips_to_the_example_fragment(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    expected = yaml.safe_load((ws.parent / "inbox" / f"{SAFETY}.yaml").read_text(encoding="utf-8"))
    filled = fill(make_form(cli, ws), ws.parent / "安全生产-填好.docx", expected["sections"])
    result = cli("add-section", filled, cwd=ws)
    assert result.exit_code == 0, result.output
    got = yaml.safe_load((ws / "issues" / "005" / "fragments" / f"{SAFETY}.yaml").read_text(encoding="utf-8"))
    assert got == expected


def test_titles_several_paragraphs_and_an_unused_column(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    contents = {
        "专班动态": [("安全生产大检查", "7月12日，县安委办下发紧急通知。\n\n各乡镇立即开展排查。"), "7月13日，召开调度会。"],
    }
    filled = fill(make_form(cli, ws), ws.parent / "填好.docx", contents)
    result = cli("add-section", filled, cwd=ws)
    assert result.exit_code == 0, result.output
    got = yaml.safe_load((ws / "issues" / "005" / "fragments" / f"{SAFETY}.yaml").read_text(encoding="utf-8"))
    assert got["sections"] == {
        "专班动态": [{"title": "安全生产大检查", "text": "7月12日，县安委办下发紧急通知。\n\n各乡镇立即开展排查。\n\n7月13日，召开调度会。"}]
    }


def test_text_typed_into_the_prompt_line_is_refused(cli, empty_issue_ws: Path) -> None:
    import docx

    ws = empty_issue_ws
    form = make_form(cli, ws)
    d = docx.Document(form)
    prompt = next(p for p in d.paragraphs if p.text.startswith("（请在这里填写"))
    prompt.add_run("7月12日，下发紧急通知。")
    d.save(form)
    before = snapshot(ws)
    result = cli("add-section", form, cwd=ws)
    assert result.exit_code == 1
    assert "示例文字" in result.output
    assert snapshot(ws) == before

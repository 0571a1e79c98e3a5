"""export --docx → import gives back the same fragments, and exporting again the same text:
for the bundled example and for generated issues (hypothesis)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_helpers import docx_texts, exported, fragments_of, issue_info, settings_only_ws
from conftest import EXAMPLE


def test_example_round_trip(cli, example_ws: Path, tmp_path: Path) -> None:
    first = exported(example_ws, cli)
    ws = settings_only_ws(tmp_path)
    result = cli("import", first, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert "已导入 第5期（2023年7月21日）：8 个单位，5 个栏目" in result.stdout
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)
    assert issue_info(ws, 5) == issue_info(EXAMPLE, 5)
    assert cli("validate", "--workspace", ws).exit_code == 0
    assert docx_texts(exported(ws, cli)) == docx_texts(first)


# ------------------------------------------------------------------ generated issues

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成可主发年动同工也能下过子说产种面而方后多定行学法民得经进着等度家电力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比但质气向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
# 𠮷 and 堃 are set in the rare-character fallback font (runs split mid-word by font)
word = st.text(alphabet=HAN + "𠮷堃", min_size=1, max_size=8)
MARKS = ["，", "、", "；", "。", "“", "”", "《", "》", "（", "）", "1", "23", "4.5%", "GDP", " "]
# a paragraph: words and marks, starting with a word, ending with a full stop
paragraph = st.tuples(word, st.lists(st.one_of(word, st.sampled_from(MARKS)), max_size=12)).map(
    lambda t: (t[0] + "".join(t[1])).strip() + "。"
)
title = st.text(alphabet=HAN, min_size=2, max_size=14)


@st.composite
def issues(draw):  # type: ignore[no-untyped-def]
    """A series and one issue of it. Items are in the form a printed issue can tell apart:
    untitled items are one paragraph each; titled items (one or more paragraphs) come after them.
    Columns without a lead carry the editing unit's items only (nothing else tells who wrote them)."""
    names = draw(st.lists(st.text(alphabet=HAN, min_size=2, max_size=6), min_size=2, max_size=5, unique=True))
    labels = [draw(st.sampled_from(["", "{team}：", "{team}反映："])) for _ in names]
    columns = [n + "动态" if i % 2 else n for i, n in enumerate(names)]
    columns = list(dict.fromkeys(columns))
    labels = labels[: len(columns)]
    teams = draw(st.lists(st.text(alphabet=HAN, min_size=2, max_size=8).map(lambda s: s + "工作专班"),
                          min_size=1, max_size=4, unique=True))
    editor = "某某县人民政府办公室"
    fragments: dict[str, dict[str, list[object]]] = {}
    for column, label in zip(columns, labels):
        writers = [editor] if not label else draw(st.lists(st.sampled_from([editor, *teams]), max_size=3, unique=True))
        for team in writers:
            plain = draw(st.lists(paragraph, max_size=2))
            titled = draw(st.lists(st.tuples(title, st.lists(paragraph, min_size=1, max_size=2)), max_size=2))
            items: list[object] = [*plain, *({"title": t, "text": "\n\n".join(ps)} for t, ps in titled)]
            if items:
                fragments.setdefault(team, {})[column] = items
    if not fragments:
        fragments[editor] = {columns[0]: [draw(paragraph)]}
    number = draw(st.integers(1, 300))
    info = {"number": number, "date": draw(st.dates(dt.date(2010, 1, 1), dt.date(2035, 12, 31)))}
    if draw(st.booleans()):
        info["total"] = number + draw(st.integers(0, 500))
    note = draw(st.lists(paragraph, max_size=2))
    if note:
        info["note"] = "\n\n".join(note)
    series = {
        "title": draw(st.text(alphabet=HAN, min_size=4, max_size=14)) + "工作简报",
        "editor": editor,
        "sections": [{"name": c, "label": lab} for c, lab in zip(columns, labels)],
        "teams": [{"name": t} for t in teams],
        "distribution": [{"报": "市委办公室，市政府办公室。"}] if draw(st.booleans()) else [],
        "responsible_editor": "综合股",
    }
    if draw(st.booleans()):
        series["copies"] = draw(st.integers(1, 500))
    # the layout choices that change what a past issue looks like: the 按语's label, titles as
    # centred headings, the 版记 on an even page after an empty one
    series["layout"] = {
        "note_label": draw(st.sampled_from(["编者按：", "按：", "编者的话：", ""])),
        "item_title_style": draw(st.sampled_from(["run-in", "heading"])),
        "tail_on_even_page": draw(st.booleans()),
    }
    return series, info, fragments


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@settings(max_examples=int(__import__("os").environ.get("ARCHIVE_EXAMPLES", "12")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(generated=issues())
def test_generated_issues_round_trip(cli, tmp_path_factory, generated) -> None:  # type: ignore[no-untyped-def]
    from bulletin_cli.model import Fragment

    series, info, fragments = generated
    base = tmp_path_factory.mktemp("gen")
    source = base / "source"
    folder = source / "issues" / f"{info['number']:03d}"
    (folder / "fragments").mkdir(parents=True)
    _dump(source / "bulletin.yaml", series)
    _dump(folder / "issue.yaml", info)
    for i, (team, sections) in enumerate(fragments.items()):
        _dump(folder / "fragments" / f"{i}.yaml", {"team": team, "issue": info["number"], "sections": sections})
    first = exported(source, cli)

    target = base / "target"
    (target / "issues").mkdir(parents=True)
    shutil.copy(source / "bulletin.yaml", target / "bulletin.yaml")
    result = cli("import", first, "--workspace", target)
    assert result.exit_code == 0, result.output
    expected = {team: Fragment(team=team, issue=info["number"], sections=s) for team, s in fragments.items()}
    assert fragments_of(target, info["number"]) == expected
    got = issue_info(target, info["number"])
    assert (got.number, got.date, got.total, got.note) == (info["number"], info["date"], info.get("total"), info.get("note"))
    assert docx_texts(exported(target, cli)) == docx_texts(first)

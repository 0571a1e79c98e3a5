"""The collection side through the real CLI: init, new, template, add-section, validate, status."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from conftest import snapshot

ECONOMY = "打好经济增长主动仗工作专班"
SAFETY = "打好安全生产翻身仗工作专班"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


GOOD = f"""专班: {ECONOMY}
期号: 5
栏目:
  专班动态:
    - 7月12日,专班召开调度会。
"""


# ------------------------------------------------------------------ a week, start to finish


def test_a_week_from_init_to_status(cli, tmp_path: Path) -> None:
    ws = tmp_path / "简报"
    r = cli("init", ws)
    assert r.exit_code == 0, r.output
    settings = (ws / "bulletin.yaml").read_text(encoding="utf-8")
    assert settings.startswith("# yaml-language-server: $schema=")
    assert (ws / "schemas" / "fragment.schema.json").is_file()
    # the commented settings file is valid as it stands
    r = cli("new", "--date", "2024年3月8日", cwd=ws)
    assert r.exit_code == 0, r.output
    assert "第1期" in r.stdout
    info = yaml.safe_load((ws / "issues" / "001" / "issue.yaml").read_text(encoding="utf-8"))
    assert info == {"number": 1, "date": dt.date(2024, 3, 8)}

    r = cli("template", "--team", "第一工作专班", "-o", tmp_path / "t.yaml", cwd=ws)
    assert r.exit_code == 0, r.output
    template = (tmp_path / "t.yaml").read_text(encoding="utf-8")
    assert "专班: 第一工作专班" in template and "期号: 1" in template and "工作动态:" in template

    # sent back unchanged: refused, it is still the sample text
    r = cli("add-section", tmp_path / "t.yaml", cwd=ws)
    assert r.exit_code == 1
    assert "模板里的示例文字" in r.stderr

    import re

    filled = re.sub(r"\uff08请在这里填写第一条内容[^\n]*", "3月6日\uff0c召开动员会。", template)
    filled = re.sub(r"\uff08请在这里填写第二条内容[^\n]*", "第二条第一段。", filled)
    # the template's second sample paragraph left in is refused too (issue 8)
    write(tmp_path / "half.yaml", filled)
    r = cli("add-section", tmp_path / "half.yaml", cwd=ws)
    assert r.exit_code == 1 and "这是第二段。" in r.stderr
    filled = filled.replace("这是第二段。", "第二条第二段。")
    write(tmp_path / "filled.yaml", filled)
    r = cli("add-section", tmp_path / "filled.yaml", cwd=ws)
    assert r.exit_code == 0, r.output
    assert "已收入 第一工作专班" in r.stdout

    r = cli("status", "--json", cwd=ws)
    data = json.loads(r.stdout)
    assert data["issue"] == 1
    assert data["missing"] == ["第二工作专班"]  # 某某乡镇 is optional, the editor unit too
    first = next(t for t in data["teams"] if t["team"] == "第一工作专班")
    assert first["state"] == "submitted" and first["characters"]["工作动态"] == len("3月6日\uff0c召开动员会。第二条第一段。第二条第二段。")

    r = cli("new", cwd=ws)
    assert r.exit_code == 0 and (ws / "issues" / "002" / "issue.yaml").is_file()


def test_new_never_overwrites_and_carries_the_total(cli, example_ws: Path) -> None:
    issue = example_ws / "issues" / "005" / "issue.yaml"
    issue.write_text("number: 5\ndate: 2023-07-21\ntotal: 41\n", encoding="utf-8")
    before = snapshot(example_ws)
    r = cli("new", "--number", "5", cwd=example_ws)
    assert r.exit_code == 1 and "第5期已经存在" in r.stderr
    assert snapshot(example_ws) == before
    r = cli("new", "--date", "2023-07-28", cwd=example_ws)
    assert r.exit_code == 0, r.output
    assert yaml.safe_load((example_ws / "issues" / "006" / "issue.yaml").read_text()) == {
        "number": 6,
        "date": dt.date(2023, 7, 28),
        "total": 42,
    }


def test_workspace_is_found_from_a_subfolder_and_by_option(cli, example_ws: Path, tmp_path: Path) -> None:
    assert cli("validate", cwd=example_ws / "issues" / "005" / "fragments").exit_code == 0
    assert cli("validate", "--workspace", example_ws, cwd=tmp_path).exit_code == 0
    r = cli("validate", cwd=tmp_path)
    assert r.exit_code == 1 and "bulletin init" in r.stderr


def test_status_table_names_who_is_missing(cli, empty_issue_ws: Path) -> None:
    inbox = empty_issue_ws.parent / "inbox"
    r = cli("add-section", inbox / f"{ECONOMY}.yaml", cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    r = cli("status", cwd=empty_issue_ws)
    assert r.exit_code == 0
    assert "265字" in r.stdout and "已报" in r.stdout and "未报" in r.stdout
    assert "尚未报送\uff1a打好科技创新攻坚仗工作专班" in r.stdout
    assert "安化县经开区" in r.stdout and "不定期" in r.stdout


# ------------------------------------------------------------------ add-section


def test_add_all_example_fragments_gives_the_example(cli, empty_issue_ws: Path) -> None:
    inbox = sorted((empty_issue_ws.parent / "inbox").glob("*.yaml"))
    r = cli("add-section", *inbox, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert r.stdout.count("已收入") == 8
    r = cli("validate", cwd=empty_issue_ws)
    assert r.exit_code == 0 and "8 份材料" in r.stdout


def test_add_section_is_all_or_nothing(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    good = empty_issue_ws.parent / "inbox" / f"{ECONOMY}.yaml"
    bad = write(tmp_path / "bad.yaml", "专班: 打好科技创新攻坚仗工作专班\n栏目:\n  专班动态: []\n")
    before = snapshot(empty_issue_ws)
    r = cli("add-section", good, bad, cwd=empty_issue_ws)
    assert r.exit_code == 1
    assert "bad.yaml:3:9" in r.stderr and "不能为空" in r.stderr
    assert snapshot(empty_issue_ws) == before


def test_second_submission_needs_replace_and_keeps_the_old(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", GOOD)
    assert cli("add-section", first, cwd=empty_issue_ws).exit_code == 0
    second = write(tmp_path / "b.yaml", GOOD.replace("调度会。", "调度会。\n    - 7月13日,又召开推进会。"))
    before = snapshot(empty_issue_ws)
    r = cli("add-section", second, cwd=empty_issue_ws)
    assert r.exit_code == 1 and "--replace" in r.stderr
    assert snapshot(empty_issue_ws) == before

    r = cli("add-section", "--replace", second, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert "已替换" in r.stdout and "1条 → 2条" in r.stdout
    fragments = empty_issue_ws / "issues" / "005" / "fragments"
    assert "推进会" in (fragments / f"{ECONOMY}.yaml").read_text(encoding="utf-8")
    kept = list((empty_issue_ws / ".bulletin" / "history" / "005").glob("*-replaced-*.yaml"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == GOOD


def test_two_files_from_one_unit_in_one_call(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", GOOD)
    b = write(tmp_path / "b.yaml", GOOD)
    r = cli("add-section", a, b, cwd=empty_issue_ws)
    assert r.exit_code == 1 and "两份材料" in r.stderr


@pytest.mark.parametrize(
    "encoding,newline,bom",
    [("utf-8", "\n", False), ("utf-8", "\r\n", True), ("gb18030", "\r\n", False), ("gbk", "\n", False)],
)
def test_encodings_and_line_ends_are_read_and_stored_as_utf8(
    cli, empty_issue_ws: Path, tmp_path: Path, encoding: str, newline: str, bom: bool
) -> None:
    raw = GOOD.replace("\n", newline).encode(encoding)
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    src = tmp_path / "sent.yaml"
    src.write_bytes(raw)
    r = cli("add-section", src, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    stored = (empty_issue_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml").read_bytes()
    assert stored == GOOD.encode("utf-8")
    assert src.read_bytes() == raw  # the submitted file is never modified


# ------------------------------------------------------------------ what bad input gets


BAD_INPUTS = {
    "tab": ("专班: x\n栏目:\n\t专班动态: [a]\n", ":3:1", "制表符"),
    "unclosed_quote": ('专班: "打好经济增长主动仗工作专班\n栏目:\n  专班动态: [a]\n', ":1:", "引号没有结束"),
    "duplicate_key": (GOOD + "专班: 又一个\n", ":6:1", "重复出现\uff08第一次在第 1 行\uff09"),
    "unknown_key": (GOOD.replace("期号", "期数"), ":2:1", "不认识的字段“期数”"),
    "misspelt_key": (GOOD.replace("栏目", "sectoins"), ":3:1", "您是不是要写“sections”"),
    "wrong_type": (GOOD.replace("期号: 5", "期号: 第五期"), ":2:", "应该是一个整数"),
    "empty_column": (f"专班: {ECONOMY}\n栏目:\n  专班动态:\n", ":3:3", "不能为空"),
    "empty_item": (GOOD.replace("7月12日,专班召开调度会。", '""'), ":5:7", "不能为空"),
    "unknown_unit": (GOOD.replace(ECONOMY, "打好经济增长主动战工作专班"), ":1:", f"您是不是要写“{ECONOMY}”"),
    "unknown_column": (GOOD.replace("专班动态", "专班动向"), ":4:3", "您是不是要写“专班动态”"),
    "stale_issue": (GOOD.replace("期号: 5", "期号: 4"), ":2:", "上一期的旧文件"),
    "python_tag": ('专班: !!python/object/apply:os.system ["touch /tmp/pwned"]\n栏目: {a: [b]}\n', ":1:", "不允许使用 YAML 标签"),
    "alias_bomb": (
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        ":2:",
        "不支持 YAML 别名",
    ),
    "control_char": (GOOD.replace("调度会", "调度\x07会"), ":5:", "控制字符 U+0007"),
    "colon_in_text": (GOOD.replace("7月12日,", "7月12日: "), ":5:7", "英文冒号加空格"),
    "chinese_colon_after_key": (GOOD.replace("栏目:", "栏目\uff1a"), ":3:3", "“栏目”后面用了中文冒号"),
    "titled_item_missing_text": (GOOD.replace("- 7月12日,专班召开调度会。", "- 标题: 小标题\n      正门: 内容"), ":6:7", "您是不是要写“正文”"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gets_a_located_message_and_changes_nothing(
    cli, empty_issue_ws: Path, tmp_path: Path, case: str
) -> None:
    text, location, words = BAD_INPUTS[case]
    sent = write(tmp_path / f"{case}.yaml", text)
    before = snapshot(empty_issue_ws)
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 1, r.output
    assert f"{case}.yaml{location}" in r.stderr, r.stderr
    assert words in r.stderr, r.stderr
    assert "Traceback" not in r.output
    assert snapshot(empty_issue_ws) == before
    assert not Path("/tmp/pwned").exists()


def test_empty_binary_and_oversized_files(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.yaml", "  \n")
    docx = tmp_path / "word.yaml"
    docx.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    big = write(tmp_path / "big.yaml", GOOD + "# " + "长" * 400_000 + "\n")
    for path, words in ((empty, "文件是空的"), (docx, "不是文本文件"), (big, "文件太大")):
        r = cli("add-section", path, cwd=empty_issue_ws)
        assert r.exit_code == 1 and words in r.stderr and path.name in r.stderr, r.output
    # a series may raise the limit
    settings = empty_issue_ws / "bulletin.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "max_file_size: 3000000\n", encoding="utf-8")
    assert cli("add-section", big, cwd=empty_issue_ws).exit_code == 0


def test_not_utf8_nor_gbk_says_which_line(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    sent = tmp_path / "latin.yaml"
    sent.write_bytes(GOOD.encode("utf-8") + b"# \x81\x20\xff\xfe broken\n")
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 1 and "latin.yaml:6" in r.stderr and "UTF-8" in r.stderr


def test_alias_bomb_is_refused_quickly(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    import time

    levels = ["a: &a [" + ",".join(["lol"] * 10) + "]"]
    for i in range(1, 30):
        prev, cur = f"a{i - 1}" if i > 1 else "a", f"a{i}"
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 10) + "]")
    sent = write(tmp_path / "bomb.yaml", "\n".join(levels) + "\n")
    start = time.perf_counter()
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert time.perf_counter() - start < 5
    assert r.exit_code == 1 and "别名" in r.stderr


def test_status_shows_a_broken_submission_as_errors_not_missing(cli, example_ws: Path) -> None:
    eco = example_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml"
    eco.write_text(eco.read_text(encoding="utf-8").replace("sections:", "sections:\n\tbad"), encoding="utf-8")
    data = json.loads(cli("status", "--json", cwd=example_ws).stdout)
    row = next(t for t in data["teams"] if t["team"] == ECONOMY)
    assert row["state"] == "error" and ECONOMY not in data["missing"]
    r = cli("status", cwd=example_ws)
    assert "有错误" in r.stdout and "bulletin validate" in r.stdout


def test_deep_nesting_is_refused(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    sent = write(tmp_path / "deep.yaml", "team: " + "[" * 50_000 + "]" * 50_000 + "\n")
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 1 and "嵌套层次太深" in r.stderr and "内部错误" not in r.stderr


def test_validate_reports_every_problem_at_once(cli, example_ws: Path) -> None:
    fragments = example_ws / "issues" / "005" / "fragments"
    eco = fragments / f"{ECONOMY}.yaml"
    eco.write_text(eco.read_text(encoding="utf-8").replace("issue: 5", "issue: 4"), encoding="utf-8")
    write(fragments / "broken.yaml", "team: x\nsections:\n\t- a\n")
    safety = fragments / f"{SAFETY}.yaml"
    safety.write_text(safety.read_text(encoding="utf-8").replace("情况反映", "情况反应"), encoding="utf-8")
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 1
    err = r.stderr
    assert f"{ECONOMY}.yaml:3:" in err and "上一期的旧文件" in err
    assert "broken.yaml:3:1" in err and "制表符" in err
    assert f"{SAFETY}.yaml:7:3" in err and "您是不是要写“情况反映”" in err
    assert "共 3 个错误" in err


def test_broken_settings_file_is_located(cli, example_ws: Path) -> None:
    settings = example_ws / "bulletin.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    r = cli("status", cwd=example_ws)
    assert r.exit_code == 1
    assert "bulletin.yaml:4:1" in r.stderr and "您是不是要写“title”" in r.stderr


def test_english_when_the_locale_is_not_chinese(cli, empty_issue_ws: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("BULLETIN_LANG")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    sent = write(tmp_path / "s.yaml", GOOD.replace("专班动态", "专班动向"))
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 1 and "there is no column “专班动向”" in r.stderr and "Did you mean “专班动态”" in r.stderr


def test_usage_errors_exit_2(cli, example_ws: Path) -> None:
    assert cli("new", "--date", "next tuesday", cwd=example_ws).exit_code == 2
    r = cli("template", "--team", "打好经济增长主动仗专班", cwd=example_ws)
    assert r.exit_code == 2 and f"您是不是要写“{ECONOMY}”" in r.stderr
    assert cli("status", "--no-such-option", cwd=example_ws).exit_code == 2


def test_template_to_stdout_validates_once_filled(cli, example_ws: Path, tmp_path: Path) -> None:
    r = cli("template", "--team", SAFETY, cwd=example_ws)
    assert r.exit_code == 0
    text = r.stdout
    assert "情况反映:" in text and "专班动态:" in text and "$schema=" not in text  # saved who knows where
    data = yaml.safe_load(text)
    assert data["专班"] == SAFETY and data["期号"] == 5


def test_schema_accepts_chinese_keys(cli) -> None:
    r = cli("schema", "fragment")
    schema = json.loads(r.stdout)
    assert {"team", "专班", "sections", "栏目"} <= set(schema["properties"])
    assert cli("schema", "fragmnet").exit_code == 2


def test_help_everywhere_with_examples(cli) -> None:
    for command in ("init", "new", "template", "add-section", "validate", "status", "schema", "export", "preview", "lint"):
        r = cli(command, "--help")
        assert r.exit_code == 0 and "示例" in r.stdout, command


def test_add_section_warns_and_fix_stores_corrected_text(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    pasted = GOOD.replace("专班召开调度会。", "專班召開调度会.")
    assert "7月12日,專班召開调度会." in pasted
    sent = write(tmp_path / "pasted.yaml", pasted.replace("\n", "\r\n"), encoding="gb18030")
    original = sent.read_bytes()
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert "P101" in r.stdout and "C301" in r.stdout and "--fix" in r.stdout
    stored = empty_issue_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml"
    assert "專班召開" in stored.read_text(encoding="utf-8")  # without --fix: stored as sent

    r = cli("add-section", "--replace", "--fix", sent, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert "改动1条" in r.stdout and "自动改正" in r.stdout
    text = stored.read_text(encoding="utf-8")
    assert "7月12日\uff0c专班召开调度会。" in text
    assert sent.read_bytes() == original  # the submitted file itself is never modified
    r = cli("lint", cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output


def test_many_warnings_are_summarised(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    items = "".join(f"    - 第{i}条,有半角逗号,还有一个.\n" for i in range(12))
    sent = write(tmp_path / "many.yaml", f"专班: {ECONOMY}\n栏目:\n  专班动态:\n{items}")
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert r.stdout.count("提醒: ") == 8
    assert "还有" in r.stdout and "bulletin lint" in r.stdout


def test_add_section_counts_characters_as_status_does(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    sent = write(
        tmp_path / "titled.yaml",
        f"专班: {SAFETY}\n栏目:\n  情况反映:\n    - 标题: 三个问题\n      正文: |\n        第一段。\n\n        第二段。\n",
    )
    r = cli("add-section", sent, cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert "约12字" in r.stdout  # 三个问题 + 第一段。 + 第二段。
    data = json.loads(cli("status", "--json", cwd=empty_issue_ws).stdout)
    row = next(t for t in data["teams"] if t["team"] == SAFETY)
    assert row["characters"] == {"情况反映": 12}

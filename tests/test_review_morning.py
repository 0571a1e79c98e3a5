"""Defects found reviewing issue 14's morning change (pydantic-core models, libyaml reading,
cheaper lint, plain option values, wrapped plain items), each through the real command line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from conftest import snapshot

FRAGMENT = "issues/005/fragments/安化县经开区.yaml"
WRAPPED = """team: 安化县经开区
issue: 5
sections:
  典型经验:
    - 标题: 关于加强园区
        安全工作的通知
      正文: 正文第一行，
        第二行。
"""


def test_a_wrapped_title_prints_on_one_line_everywhere(cli, example_ws: Path, tmp_path: Path) -> None:
    """A title the clerk's editor wrapped is one title: preview prints it on one line, the .docx
    holds no line break inside it, and search finds the words across the wrap and shows the title
    as printed (it showed a line break since load_as_printed, and a folded space before)."""
    (example_ws / FRAGMENT).write_text(WRAPPED, encoding="utf-8")
    r = cli("preview", "--no-pager", "--width", "200", cwd=example_ws)
    assert r.exit_code == 0, r.output
    assert "关于加强园区安全工作的通知" in r.output, r.output
    out = tmp_path / "t.docx"
    r = cli("export", "-o", out, cwd=example_ws)
    assert r.exit_code == 0, r.output
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "关于加强园区</w:t>" not in xml and "\n" not in xml.split("关于加强园区", 1)[1].split("通知", 1)[0]
    r = cli("search", "--json", "园区安全", cwd=example_ws)
    assert r.exit_code == 0, r.output
    hits = json.loads(r.stdout)
    assert [h["title"] for h in hits] == ["关于加强园区安全工作的通知"], hits
    assert hits[0]["sentence"] == "关于加强园区安全工作的通知"


def test_search_reads_a_file_with_old_mac_line_ends_as_validate_does(cli, example_ws: Path) -> None:
    """validate reads a file whose lines end in a bare CR; search gave its wrapped title with the
    CR and the indentation in it, and did not find words across the wrap."""
    (example_ws / FRAGMENT).write_bytes(WRAPPED.replace("\n", "\r").encode("utf-8"))
    assert cli("validate", cwd=example_ws).exit_code == 0
    r = cli("search", "--json", "园区安全", cwd=example_ws)
    hits = json.loads(r.stdout)
    assert [h["title"] for h in hits] == ["关于加强园区安全工作的通知"], hits
    r = cli("search", "--json", "一行，第二", cwd=example_ws)
    assert [h["sentence"] for h in json.loads(r.stdout)] == ["正文第一行，第二行。"], r.stdout


def test_template_to_an_empty_output_name_is_refused_in_words(cli, example_ws: Path) -> None:
    """`template -o ''` (an empty name: the current folder) was an internal error."""
    before = snapshot(example_ws)
    r = cli("template", "--team", "打好经济增长主动仗工作专班", "-o", "", cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert "内部错误" not in r.output and "文件夹" in r.output, r.output
    assert snapshot(example_ws) == before


def test_a_comment_after_a_folded_header_names_the_sign_the_clerk_typed(cli, example_ws: Path) -> None:
    """`正文: > # 说明` is refused at the # (the words would be lost) and the message names “>”,
    the sign in the file, not “|”."""
    path = example_ws / FRAGMENT
    path.write_text(
        "team: 安化县经开区\nissue: 5\nsections:\n  典型经验:\n    - 标题: 题目\n      正文: >  # 说明\n        正文。\n",
        encoding="utf-8",
    )
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert f"{FRAGMENT}:6:14: 错误: “>”后面同一行的“#”" in r.output, r.output


# ------------------------------------------------------------------ model.py's two declarations
# Since the models left BaseModel, a field is declared twice: its annotation (read by messages,
# `_known_keys`, and by readers of the code) and its core schema (what validates). pydantic derived
# the second from the first; nothing else now keeps them the same.


def _unwrapped(schema: dict) -> dict:  # type: ignore[type-arg]
    while schema["type"] in ("function-before", "function-after", "function-wrap", "default"):
        schema = schema["schema"]
    return schema


def _agrees(annotation: object, schema: dict) -> bool:  # type: ignore[type-arg]
    import datetime as dt
    import types
    import typing

    from bulletin_cli.model import FileModel, core_schema

    schema = _unwrapped(schema)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) < len(args):  # X | None
            return schema["type"] == "nullable" and _agrees(options[0] if len(options) == 1 else typing.Union[tuple(options)], schema["schema"])
        inner = schema["choices"] if schema["type"] == "union" else []
        return len(inner) == len(options) and all(_agrees(a, s) for a, s in zip(options, inner))
    if origin is typing.Literal:
        return schema["type"] == "literal" and list(schema["expected"]) == list(args)
    if origin is list:
        return schema["type"] == "list" and _agrees(args[0], schema["items_schema"])
    if origin is dict:
        return schema["type"] == "dict" and _agrees(args[0], schema["keys_schema"]) and _agrees(args[1], schema["values_schema"])
    if isinstance(annotation, type) and issubclass(annotation, FileModel):
        return schema["type"] == "model" and schema["cls"] is annotation and _unwrapped(core_schema(annotation)) is schema
    simple = {int: "int", float: "float", str: "str", bool: "bool", dt.date: "date"}
    return simple.get(annotation) == schema["type"]  # type: ignore[call-overload]


def test_every_field_validates_what_its_annotation_says() -> None:
    """Each file model field's annotation and core schema name the same type (an `int` field
    validated as a float, or a list field as a str, would pass the other tests' examples), and a
    model's ``model_config`` (read by schema.py) says what its core config does."""
    import dataclasses

    from bulletin_cli import model
    from bulletin_cli.model import FileModel, core_schema, field_types

    classes = [c for c in vars(model).values() if isinstance(c, type) and issubclass(c, FileModel) and c is not FileModel]
    assert len(classes) >= 9
    for cls in classes:
        fields_schema = _unwrapped(_unwrapped(core_schema(cls))["schema"])  # past the check and the Chinese keys
        assert fields_schema["type"] == "model-fields"
        for name, annotation in field_types(cls).items():
            assert _agrees(annotation, fields_schema["fields"][name]["schema"]), (cls.__name__, name, annotation)
        config = _unwrapped(core_schema(cls))["config"]
        assert config.get("allow_inf_nan", True) == cls.model_config.get("allow_inf_nan", True), cls.__name__
        assert config["extra_fields_behavior"] == cls.model_config["extra"] and config["str_strip_whitespace"] == cls.model_config["str_strip_whitespace"]
        assert [f.name for f in dataclasses.fields(cls)] == list(fields_schema["fields"])


def test_a_mistyped_schema_kind_reads_as_two_sentences(cli, example_ws: Path) -> None:
    r = cli("schema", "Fragment", cwd=example_ws)
    assert r.exit_code == 2
    assert "可选：bulletin | issue | fragment。您是不是要写“fragment”？" in r.output, r.output


def test_search_words_a_terminal_could_not_decode_are_not_an_internal_error(example_ws: Path) -> None:
    """A terminal whose encoding is not UTF-8 hands Python undecodable bytes (as U+DCxx): search
    finds nothing for them, as for any word no issue has, instead of failing inside."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "BULLETIN_LANG": "zh", "PYTHONIOENCODING": "utf-8"}
    for args in (["\udcbe\udcad专项"], ["专项", "--team", "\udcbe\udcad"]):  # GBK 经 as argv bytes
        r = subprocess.run([sys.executable, "-m", "bulletin_cli", "search", *args], cwd=example_ws, env=env, capture_output=True)
        out = (r.stdout + r.stderr).decode("utf-8", "replace")
        assert r.returncode == 0 and "内部错误" not in out and "没有找到" in out, (args, out)


def test_a_word_form_to_a_folder_is_refused_in_words(cli, example_ws: Path) -> None:
    """`template --docx -o ''` was an internal error, and `-o 某文件夹` wrote 某文件夹.docx beside
    the folder; both are refused as `template -o` refuses a folder, and nothing is written."""
    (example_ws / "表").mkdir()
    before = snapshot(example_ws)
    for target in ("", "表"):
        r = cli("template", "--team", "打好经济增长主动仗工作专班", "--docx", "-o", target, cwd=example_ws)
        assert r.exit_code == 1, r.output
        assert "内部错误" not in r.output and "这是一个文件夹" in r.output, r.output
    assert snapshot(example_ws) == before


def test_a_fragment_issue_given_as_yes_is_not_read_as_issue_1(cli, example_ws: Path) -> None:
    """`期号: yes` (YAML's true) was taken as 1 ("期号写的是第1期"): refused as a number field
    given a yes/no, as issue.yaml's and bulletin.yaml's numbers are."""
    path = example_ws / FRAGMENT
    path.write_text(path.read_text(encoding="utf-8").replace("issue: 5", "issue: yes", 1), encoding="utf-8")
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 1, r.output
    assert "第1期" not in r.output and f"{FRAGMENT}:3:8: 错误: “期号”(issue)：应该是一个数" in r.output, r.output

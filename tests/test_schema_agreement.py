"""The published JSON Schemas and the loader give the same verdict on structure.

A clerk's editor (the YAML language server) judges a file by the schema on its first line; the
tool judges it by load.py and the models. Here a real JSON Schema validator (``jsonschema``,
draft 2020-12) and the loader read the same files: the example workspace, every template
`bulletin template` writes, `bulletin init`'s bulletin.yaml, `bulletin new`'s issue.yaml, and
hypothesis-generated settings, issues and fragments, each valid and with one structural mistake
(unknown key, wrong type, missing key, empty list or text, a key written twice under two names).

Structure only: the generic schemas are compared with the loader without cross-file checks; the
schema a workspace writes (its units and columns as enums) with the loader plus the unit/column
check of validate.py. Kept out, and said so in the schema's description or here: whether the
issue is current and sample text left in (the tool's alone); the lenient readings pydantic adds
on top of YAML (``true`` or a quoted "5" read as a number, a number read as a date), which the
schema does not advertise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_cli.errors import BulletinError
from bulletin_cli.sources.files import Source
from bulletin_cli.sources.yaml_reader import parse_yaml
from bulletin_cli.model import KEY_ALIASES, Series, _translate_chinese_keys, core_schema
from bulletin_cli.schema import SCHEMAS, SHORTHANDS, json_schema
from conftest import EXAMPLE

COUNTS: Counter[str] = Counter()
EXAMPLE_SERIES = None


def _example_series() -> Series:
    global EXAMPLE_SERIES
    if EXAMPLE_SERIES is None:
        from bulletin_cli.workspace import Workspace

        EXAMPLE_SERIES = Workspace(EXAMPLE).series
    return EXAMPLE_SERIES


_VALIDATORS: dict[tuple[str, bool], jsonschema.Draft202012Validator] = {}


def validator(kind: str, bound: bool = False) -> jsonschema.Draft202012Validator:
    key = (kind, bound)
    if key not in _VALIDATORS:
        schema = json_schema(kind, _example_series() if bound else None)
        jsonschema.Draft202012Validator.check_schema(schema)
        # formats asserted, as editors do (a date must be a date)
        _VALIDATORS[key] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return _VALIDATORS[key]


def as_json(value: Any) -> Any:
    """What an editor's YAML parser hands the schema: keys are text, dates are text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def verdicts(kind: str, text: str, bound: bool = False) -> tuple[bool, bool, list[str]]:
    """(tool, schema, the schema's messages) for one file's text."""
    try:
        data = parse_yaml(Source(Path(f"{kind}.yaml"), text, "utf-8")).data
    except BulletinError:
        pytest.fail(f"generated YAML does not parse:\n{text}")
    tool = isinstance(data, dict)
    if tool:
        try:
            model = SCHEMAS[kind].validate(data)
        except ValueError:
            tool = False
        else:
            if bound:  # the workspace schema also knows the units and columns (validate.py)
                series = _example_series()
                tool = model.team in series.team_names() and all(c in series.section_names() for c in model.sections)
    messages = [e.message for e in validator(kind, bound).iter_errors(as_json(data))]
    return tool, not messages, messages


def agree(kind: str, text: str, what: str, bound: bool = False) -> bool:
    tool, schema, messages = verdicts(kind, text, bound)
    assert tool == schema, f"{what}: tool says {tool}, schema says {schema} {messages}\n{text}"
    COUNTS[f"{what} {'valid' if tool else 'invalid'}"] += 1
    return tool


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    if COUNTS:
        print("\nschema/loader agreement:", ", ".join(f"{k}: {v}" for k, v in sorted(COUNTS.items())))


# ---------------------------------------------------------------- the files that matter most


def test_example_workspace_agrees():
    for path, kind in [(EXAMPLE / "bulletin.yaml", "bulletin"), (EXAMPLE / "issues/005/issue.yaml", "issue")]:
        assert agree(kind, path.read_text(encoding="utf-8"), "example")
    fragments = sorted((EXAMPLE / "issues/005/fragments").glob("*.yaml"))
    assert len(fragments) == 8
    for path in fragments:
        text = path.read_text(encoding="utf-8")
        assert agree("fragment", text, "example")
        assert agree("fragment", text, "example (workspace schema)", bound=True)


def test_readme_examples_agree():
    """The YAML the README shows a clerk is read alike by both."""
    import re

    readme = (EXAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    kinds = {"bulletin": 0, "fragment": 0}
    for block in blocks:
        kind = "bulletin" if re.search(r"^editor:", block, re.M) else "fragment" if re.search(r"^(专班|team):", block, re.M) else None
        if kind:
            kinds[kind] += 1
            assert agree(kind, block, "README")
    assert kinds["bulletin"] >= 1 and kinds["fragment"] >= 1


def test_example_schemas_are_current(cli, tmp_path):
    """examples/anhua/schemas is what `bulletin schema --write` writes there today."""
    r = cli("schema", "--write", tmp_path / "s", "--workspace", EXAMPLE)
    assert r.exit_code == 0, r.output
    for kind in SCHEMAS:
        assert (tmp_path / "s" / f"{kind}.schema.json").read_text(encoding="utf-8") == (
            EXAMPLE / "schemas" / f"{kind}.schema.json"
        ).read_text(encoding="utf-8"), f"regenerate: cd examples/anhua && bulletin schema --write schemas ({kind})"


def test_init_and_new_files_agree(cli, tmp_path):
    ws = tmp_path / "ws"
    assert cli("init", ws).exit_code == 0
    assert agree("bulletin", (ws / "bulletin.yaml").read_text(encoding="utf-8"), "init")
    assert cli("new", "--number", "7", "--date", "2024-03-08", cwd=ws).exit_code == 0
    assert agree("issue", (ws / "issues/007/issue.yaml").read_text(encoding="utf-8"), "new")
    schemas = ws / "schemas"
    for kind in SCHEMAS:  # init writes the generic schemas: its settings are a sample until edited
        assert json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8")) == json_schema(kind)


def test_every_template_agrees_and_carries_its_schema(cli, example_ws, tmp_path):
    out = tmp_path / "outbox"
    out.mkdir()
    series = _example_series()
    for i, team in enumerate(series.team_names()):
        target = out / f"模板{i}.yaml"
        r = cli("template", "--team", team, "-o", target, cwd=example_ws)
        assert r.exit_code == 0, r.output
        text = target.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first == f"# yaml-language-server: $schema=模板{i}.schema.json", first
        beside = json.loads((out / f"模板{i}.schema.json").read_text(encoding="utf-8"))
        assert beside == json_schema("fragment", series)
        assert str(tmp_path) not in text and "file:" not in text
        # the sample text is the tool's to refuse (cross-file), not the schema's
        assert agree("fragment", text, "template")
        assert agree("fragment", text, "template (workspace schema)", bound=True)
        jsonschema.validate(as_json(yaml.safe_load(text)), beside)


# ---------------------------------------------------------------- forms written by hand

HAND = [
    ("bulletin", "title: T\neditor: E\nsections: [会议精神, {名称: 专班动态, 引导语: \"{team}：\"}]\nteams: [甲, {name: 乙, expected: false}]\n", True),
    ("bulletin", "title: T\neditor: E\nsections: [会议精神]\ndistribution:\n  - 报: 市委。\n  - {label: 送, to: 县委。}\n  - 引导语: 发\n", True),
    ("bulletin", "title: T\neditor: E\nsections: [会议精神]\ndistribution:\n  - label: 报\n", False),
    ("bulletin", "title: T\neditor: E\nsections: [会议精神]\ndistribution:\n  - 报: 市委。\n    送: 县委。\n", False),
    ("bulletin", "title: T\neditor: E\nsections: ['  ']\n", False),
    ("bulletin", "title: T\neditor: E\nsections: []\n", False),
    ("bulletin", "标题: T\neditor: E\n栏目: [会议精神]\nlayout: {masthead_color: '#c00000'}\n", True),
    ("bulletin", "title: T\neditor: E\nsections: [会议精神]\nlayout: {masthead_color: red}\n", False),
    ("bulletin", "title: T\neditor: E\nsections: [会议精神]\nlayout: {名称: x}\n", False),
    ("bulletin", "title: T\neditor: E\nsections: [会议精神]\nscript: 简体\n", False),
    ("issue", "编号: 5\n日期: 2023-07-21\n总期号: 105\n按语: |\n  一段。\n", True),
    ("issue", "期号: 5\ndate: 2023-07-21\n", True),  # in issue.yaml 期号 is the number (a fragment's: its issue)
    ("issue", "期号: 5\n编号: 5\ndate: 2023-07-21\n", False),  # the same field twice
    ("issue", "number: 5\ndate: 2023-02-30\n", False),
    ("issue", "number: 5\ndate: 2023年7月21日\n", True),  # the clerk's forms (dates.py)
    ("issue", "number: 5\ndate: 2023/7/21\n", True),
    ("issue", "number: 5\ndate: 7月21日\n", True),
    ("issue", "number: 5\ndate: 2023年7月\n", False),
    ("issue", "number: 5\ndate: 下周五\n", False),
    ("issue", "number: 0\ndate: 2023-07-21\n", False),
    ("fragment", "专班: 甲\n期号:\n栏目:\n  专班动态:\n    - 一条。\n    - 标题: 题\n      正文: 文。\n", True),
    ("fragment", "单位: 甲\n栏目:\n  专班动态:\n    - 标题: 只有标题\n", False),
    ("fragment", "专班: 甲\n栏目:\n  专班动态:\n    - 7月12日: 开会\n", False),
    ("fragment", "专班: 甲\n栏目:\n  专班动态: []\n", False),
    ("fragment", "专班: 甲\n栏目:\n  专班动态: 一条。\n", False),
    ("fragment", "专班: 甲\n栏目: {}\n", False),
    ("fragment", "专班: 甲\n单位: 乙\n栏目:\n  专班动态: [一条。]\n", False),
    ("fragment", "专班: 甲\n栏目:\n  专班动态:\n    - 2023\n", True),  # printed text: kept as typed, "2023"
    ("fragment", "- 专班: 甲\n", False),
]


@pytest.mark.parametrize(("kind", "text", "valid"), HAND)
def test_forms_written_by_hand_agree(kind, text, valid):
    assert agree(kind, text, "by hand") == valid


# ---------------------------------------------------------------- generated files

TEXT = st.text(alphabet="专班动态会议精神安全生产abcXY，。：“”（） 　", min_size=1, max_size=8).filter(str.strip)
NAME = TEXT.map(str.strip)
POSITIVE = st.integers(1, 9999)


def key(field: str) -> st.SearchStrategy[str]:
    return st.sampled_from([field] + [zh for zh, en in KEY_ALIASES.items() if en == field])


@st.composite
def optional(draw, mapping: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, strategy in mapping.items():
        if draw(st.booleans()):
            out[draw(key(field))] = draw(strategy)
    return out


@st.composite
def keyed(draw, required: dict[str, st.SearchStrategy[Any]], extra: dict[str, st.SearchStrategy[Any]] | None = None):
    out = {draw(key(field)): draw(strategy) for field, strategy in required.items()}
    out.update(draw(optional(extra or {})))
    return out


ITEM = st.one_of(TEXT, keyed({"title": TEXT, "text": TEXT}))


def fragments(names: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    series = _example_series()
    # mostly this series' names, now and then one it does not have
    team = st.one_of(st.sampled_from(series.team_names()), NAME) if names else NAME
    column = st.one_of(st.sampled_from(series.section_names()), NAME) if names else NAME
    if names:
        team = st.one_of(team, st.sampled_from(series.team_names()))
        column = st.one_of(column, st.sampled_from(series.section_names()), st.sampled_from(series.section_names()))
    sections = st.dictionaries(column, st.lists(ITEM, min_size=1, max_size=3), min_size=1, max_size=3)
    return keyed({"team": team, "sections": sections}, {"issue": st.one_of(st.none(), POSITIVE)})


ISSUES = keyed(
    {"number": st.integers(1, 100_000), "date": st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))},
    {"total": st.one_of(st.none(), POSITIVE), "note": st.one_of(st.none(), TEXT)},
)
SECTION = st.one_of(NAME, keyed({"name": NAME}, {"label": st.sampled_from(["", "{team}：", "{team}反映："])}))
TEAM = st.one_of(NAME, keyed({"name": NAME}, {"expected": st.booleans(), "sections": st.lists(NAME, max_size=2)}))
TAIL = st.one_of(st.dictionaries(st.sampled_from(["报", "送", "发"]), NAME, min_size=1, max_size=1), keyed({"label": NAME, "to": NAME}))
LAYOUT = st.fixed_dictionaries(
    {},
    optional={
        "lines_per_page": st.integers(5, 60),
        "masthead_color": st.sampled_from(["FF0000", "#c00000", "red", "12345", "FF00001"]),
        "body_font": NAME,
        "item_title_style": st.sampled_from(["run-in", "heading"]),
        "margin_top_mm": st.floats(10, 50),
    },
)
def _name_of(entry: Any) -> str:
    """A section's or unit's name, written alone or under any spelling of ``name``."""
    if isinstance(entry, str):
        return entry
    return next(v for k, v in entry.items() if KEY_ALIASES.get(k, k) == "name")


# Each name once: a repeated section or unit name is a value rule the models check (Series
# _sections_once/_teams_once), said in the schema's description, not its structure.
SERIES = keyed(
    {"title": NAME, "editor": NAME, "sections": st.lists(SECTION, min_size=1, max_size=3, unique_by=_name_of)},
    {
        "teams": st.lists(TEAM, max_size=3, unique_by=_name_of),
        "distribution": st.lists(TAIL, max_size=3),
        "copies": st.one_of(st.none(), POSITIVE),
        "mark": st.one_of(st.none(), TEXT),
        "script": st.sampled_from(["simplified", "traditional"]),
        "layout": LAYOUT,
        "lint": st.fixed_dictionaries({}, optional={"disabled": st.lists(st.sampled_from(["P103", "C301"]), max_size=2)}),
    },
)

# Wrong values for a mistake. Left out on purpose: true where a number is expected and a number
# where a date is (pydantic reads them: true → 1, 0 → 1970-01-01), 0 and 1 where yes/no is.
WRONG: list[Any] = [[], {}, "文字", 1.5, None, 7, ["文字"], {"文字": "文字"}, True]
UNKNOWN_KEYS = ["备注", "名称", "label", "日期", "colour", "to"]


def _wrong_for(value: Any) -> list[Any]:
    if isinstance(value, bool):
        return WRONG
    if isinstance(value, dt.date):
        return [w for w in WRONG if not isinstance(w, (int, float))]
    if isinstance(value, (int, float)) or value is None:  # None: maybe an optional number
        return [w for w in WRONG if w is not True]
    return WRONG


def sites(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a document: (path, value)."""
    out = [(path, value)]
    if isinstance(value, dict):
        for k, v in value.items():
            out += sites(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += sites(v, path + (i,))
    return out


def replace(doc: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy_ = dict(doc) if isinstance(doc, dict) else list(doc)
    copy_[path[0]] = replace(doc[path[0]], path[1:], new)
    return copy_


@st.composite
def mistake(draw, doc: dict[str, Any]) -> tuple[str, Any]:
    """The document with one structural mistake, and its name."""
    path, value = draw(st.sampled_from(sites(doc)))
    options = ["wrong type"]
    if isinstance(value, dict):
        options += ["unknown key", "missing key", "key twice"] if value else ["unknown key"]
    if isinstance(value, list) and value:
        options.append("empty list")
    if isinstance(value, str):
        options.append("empty text")
    kind = draw(st.sampled_from(options))
    if kind == "wrong type":
        new = draw(st.sampled_from(_wrong_for(value)))
    elif kind == "unknown key":
        new = {**value, draw(st.sampled_from(UNKNOWN_KEYS)): "文字"}
    elif kind == "missing key":
        gone = draw(st.sampled_from(sorted(value)))
        new = {k: v for k, v in value.items() if k != gone}
    elif kind == "key twice":
        spellings = {k: [en] + [zh for zh, e in KEY_ALIASES.items() if e == en] for k in value for en in [KEY_ALIASES.get(k, k)]}
        k = draw(st.sampled_from(sorted(value)))
        others = [s for s in spellings[k] if s not in value] or ["备注"]
        new = {**value, draw(st.sampled_from(others)): value[k]}
    elif kind == "empty list":
        new = []
    else:
        new = draw(st.sampled_from(["", "  ", "　"]))
    return kind, replace(doc, path, new)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the loader refuses & and *
        return True


def dump(doc: Any) -> str:
    return yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def check_generated(kind: str, doc: dict[str, Any], data, bound: bool = False) -> None:
    label = f"generated {kind}{' (workspace schema)' if bound else ''}"
    agree(kind, dump(doc), label, bound)
    name, wrong = data.draw(mistake(doc))
    agree(kind, dump(wrong), f"{label} with {name}", bound)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(doc=SERIES, data=st.data())
def test_generated_settings_agree(doc, data):
    check_generated("bulletin", doc, data)


@FAST
@given(doc=ISSUES, data=st.data())
def test_generated_issues_agree(doc, data):
    check_generated("issue", doc, data)


@FAST
@given(doc=fragments(), data=st.data())
def test_generated_fragments_agree(doc, data):
    check_generated("fragment", doc, data)


@FAST
@given(doc=fragments(names=True), data=st.data())
def test_generated_fragments_agree_with_the_workspace_schema(doc, data):
    check_generated("fragment", doc, data, bound=True)


# ---------------------------------------------------------------- what keeps them from drifting


def test_every_shorthand_the_models_accept_is_in_the_schema():
    """A new mode="before" validator reshapes input: the schema must learn the new form."""
    seen = set()
    for model in SCHEMAS.values():
        from bulletin_cli.schema import _models

        for cls in _models(model).values():
            seen |= {(cls, f.name) for f in dataclasses.fields(cls) if f.metadata["before"] is not None}
            # the only reshaping of a whole model is the translation of Chinese keys
            schema = core_schema(cls)
            model_schema = schema if schema["type"] == "model" else schema["schema"]
            assert model_schema["type"] == "model", cls
            inner = model_schema["schema"]
            assert inner["type"] == "function-before" and inner["function"]["function"].func is _translate_chinese_keys, cls
            assert inner["schema"]["type"] == "model-fields", cls
    assert seen == set(SHORTHANDS)


def test_every_key_is_described_with_an_example():
    for kind in SCHEMAS:
        schema = json_schema(kind)
        objects = [schema] + list(schema.get("$defs", {}).values())
        for obj in objects:
            for name, prop in obj["properties"].items():
                assert prop["description"] and "```yaml" in prop["markdownDescription"], (kind, name)
                assert "\n" + name + ":" in "\n" + prop["markdownDescription"].split("```yaml\n")[1].replace("  ", "").replace("- ", ""), (kind, name)


def test_a_field_given_twice_is_refused_by_both(cli, example_ws):
    path = example_ws / "issues/005/fragments/安化县经开区.yaml"
    text = path.read_text(encoding="utf-8").replace("team: 安化县经开区", "team: 安化县经开区\n专班: 打好经济增长主动仗工作专班")
    path.write_text(text, encoding="utf-8")
    assert not agree("fragment", text, "field twice")
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 1 and "“team”和“专班”是同一个字段，只能写一个" in r.stderr and "Traceback" not in r.output

"""JSON Schemas of the three files users write, describing them as users write them.

An editor with the YAML language server (VS Code: the YAML extension by Red Hat) checks and
completes a file against the schema named on its first line, so the schema must accept exactly
what the loader accepts, not the normalised model: Chinese keys (``KEY_ALIASES``), a column or a
unit given by name only, ``- 报: …`` tail lines. Everything is derived from the same pydantic
models and ``KEY_ALIASES`` the loader uses; the few things the models do in code (the
``mode="before"`` shorthand validators) are listed in ``SHORTHANDS``, and
tests/test_schema_agreement.py fails when a model grows a shorthand not listed here, or when the
JSON Schema validator and the loader disagree on any example, template or generated file.

A schema written for a workspace (``series`` given) also lists the series' units and columns, so
a misspelt unit or column is underlined while typing; the generic schema stays permissive.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from .model import MAX_TEXT, Fragment, IssueInfo, Layout, Series, key_aliases

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# `$comment` of every schema this tool writes: such a file may be rewritten, any other is kept.
MARK = "bulletin:"
SCHEMAS: dict[str, type[BaseModel]] = {"bulletin": Series, "issue": IssueInfo, "fragment": Fragment}
NONBLANK = r"\S"  # the models strip whitespace, so text of spaces only is empty

CROSS_FILE = (
    "本 schema 只检查文件的结构（字段名、类型、必填项、不能为空）。跨文件的规则由 bulletin 自己检查"
    "（bulletin validate、add-section；代码在 validate.py 的 cross_check 和 workspace.py）："
)
CROSS_RULES = {
    "bulletin": "栏目名称、单位名称各只能写一次（由 bulletin 检查）；报送材料的单位和栏目要与这里的 teams、sections 一致。",
    "issue": "期号是否与文件夹（issues/005）一致由 workspace.py 检查。",
    "fragment": "报送单位是否在 bulletin.yaml 的 teams 名单里、栏目是否是 bulletin.yaml 的 sections 之一、"
    "期号是否为当前一期、是否还留着模板里的示例文字，同一单位一期只能报一份。",
}
FILE_DOCS = {
    "bulletin": ("简报系列设置（bulletin.yaml）", "报头名称、编发单位、栏目、报送单位、报尾和版式。"),
    "issue": ("本期信息（issue.yaml）", "期号、日期、总期号和按语。"),
    "fragment": ("报送材料", "一个单位为一期报送的内容。字段名可以写中文：专班、期号、栏目、标题、正文。"),
}

# Chinese description and an example for every key; "@" in the example stands for the key as
# written (the English name or a Chinese alias), so each alias shows itself in use.
MODEL_DOCS: dict[str, str] = {
    "SectionSpec": "一个栏目：名称和每个单位内容前的引导语。",
    "TeamSpec": "一个报送单位。",
    "DistributionLine": "报尾的一行：报 / 送 / 发 和分送单位。",
    "Layout": "版式参数，默认即国标 GB/T 9704-2012，一般不用改。",
    "LintSettings": "排版检查设置。",
    "TitledItem": "带标题的一条：标题和正文。",
}
FIELD_DOCS: dict[str, tuple[str, str]] = {
    "Series.title": ("报头名称（红色大字）。", "@: 安化县打好“发展六仗”工作专报"),
    "Series.editor": ("编发单位（报头左下方），总可以报送材料。", "@: 安化县人民政府办公室"),
    "Series.sections": (
        "栏目，按印刷顺序。只写名称时内容前不加单位名；要加引导语时写 name 和 label。",
        "@:\n  - 会议精神\n  - name: 专班动态\n    label: \"{team}：\"",
    ),
    "Series.teams": (
        "报送单位，按印刷顺序。可以只写名称。",
        "@:\n  - name: 打好经济增长主动仗工作专班\n    sections: [专班动态]\n  - 安化县经开区",
    ),
    "Series.distribution": ("报尾，按顺序，每行“报/送/发: 单位”。", "@:\n  - 报: 市委办公室，市政府办公室。\n  - 送: 县委各位常委。"),
    "Series.copies": ("共印份数（报尾“共印N份”）。", "@: 80"),
    "Series.responsible_editor": ("责任编辑（报尾）。", "@: 政务公开股"),
    "Series.mark": ("报头左上角标识。", "@: 内部资料 注意保存"),
    "Series.script": ("用字：simplified 简体，traditional 繁体。", "@: simplified"),
    "Series.max_file_size": ("报送文件大小上限（字节）。", "@: 1000000"),
    "Series.layout": ("版式，默认即国标 GB/T 9704-2012，只写要改的几项。", "@:\n  masthead_color: C00000"),
    "Series.lint": ("排版检查设置。", "@:\n  disabled: [P103]"),
    "SectionSpec.name": ("栏目名称。", "sections:\n  - @: 专班动态"),
    "SectionSpec.label": ("每个单位内容前的引导语，{team} 代表单位名称；不写则不加。", "sections:\n  - name: 专班动态\n    @: \"{team}：\""),
    "TeamSpec.name": ("报送单位名称。", "teams:\n  - @: 打好经济增长主动仗工作专班"),
    "TeamSpec.expected": ("是否每期都报送；false 表示不定期报送，不算缺报。", "teams:\n  - name: 安化县经开区\n    @: false"),
    "TeamSpec.sections": ("该单位常报的栏目（生成模板时使用）。", "teams:\n  - name: 打好安全生产翻身仗工作专班\n    @: [专班动态, 情况反映]"),
    "DistributionLine.label": ("报 / 送 / 发。", "distribution:\n  - @: 报\n    to: 市委办公室。"),
    "DistributionLine.to": ("分送单位。", "distribution:\n  - label: 报\n    @: 市委办公室。"),
    "LintSettings.disabled": ("关闭的排版检查规则代码（bulletin lint --rules 列出全部）。", "lint:\n  @: [P103]"),
    "IssueInfo.number": ("期号（第N期），与文件夹一致。", "@: 5"),
    "IssueInfo.date": ("印发日期。", "@: 2023-07-21"),
    "IssueInfo.total": ("总期号（总第N期），需要时填写。", "@: 105"),
    "IssueInfo.note": ("按语（编者按），需要时填写；段与段之间空一行。", "@: |\n  第一段。\n\n  第二段。"),
    "Fragment.team": ("报送单位名称，与 bulletin.yaml 的报送单位一致。", "@: 打好经济增长主动仗工作专班"),
    "Fragment.issue": ("期号（第N期）。", "@: 5"),
    "Fragment.sections": (
        "栏目：每个栏目下是一个列表，每一条以“- ”开头。",
        "@:\n  专班动态:\n    - 7月12日，召开调度会。\n    - 标题: 安全生产需警惕的三个问题\n      正文: |\n        第一段。\n\n        第二段。",
    ),
    "TitledItem.title": ("这一条的标题。", "- @: 安全生产需警惕的三个问题\n  正文: 第一段。"),
    "TitledItem.text": ("这一条的正文；分段时用“|”另起一行，段与段之间空一行。", "- 标题: 安全生产需警惕的三个问题\n  @: |\n    第一段。\n\n    第二段。"),
}
LAYOUT_DOCS: dict[str, str] = {
    "paper_width_mm": "纸张宽度（毫米）",
    "paper_height_mm": "纸张高度（毫米）",
    "margin_top_mm": "天头（上白边，毫米）",
    "margin_bottom_mm": "下白边（毫米）",
    "margin_left_mm": "订口（左白边，毫米）",
    "margin_right_mm": "翻口（右白边，毫米）",
    "lines_per_page": "每页行数",
    "chars_per_line": "每行字数",
    "body_size_pt": "正文字号（磅）",
    "body_font": "正文字体",
    "heading_font": "栏目标题字体",
    "kai_font": "楷体字体",
    "title_font": "标题字体",
    "song_font": "宋体字体",
    "latin_font": "西文字体",
    "masthead_size_pt": "报头字号（磅）",
    "masthead_min_size_pt": "报头最小字号（磅），再长就换行",
    "masthead_color": "报头颜色（六位十六进制）",
    "masthead_rule_pt": "报头下红线粗细（磅）",
    "masthead_lines_before": "报头上方空行数",
    "page_number_size_pt": "页码字号（磅）",
    "tail_size_pt": "报尾字号（磅）",
    "item_title_style": "条目标题样式：run-in 接排，heading 居中标题",
    "item_title_size_pt": "居中条目标题字号（磅）",
    "masthead_rule_gap_pt": "编发单位行到红线的距离（磅）",
    "page_number_gap_mm": "版心下边到页码的距离（毫米）",
    "header_distance_mm": "页眉距纸边（毫米）",
    "tail_rule_thick_pt": "报尾首末两条线粗细（磅）",
    "tail_rule_thin_pt": "报尾中间线粗细（磅）",
    "draft_stamp": "草稿页眉文字（export --draft）",
}


# ---------------------------------------------------------------- shorthands the loader accepts


def _name_only(item: dict[str, Any]) -> dict[str, Any]:
    """``- 会议精神`` for ``- name: 会议精神`` (Series._section_shorthand, _team_shorthand)."""
    name = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": NONBLANK, "description": "只写名称。"}
    return {"anyOf": [name, item]}


def _one_pair(item: dict[str, Any]) -> dict[str, Any]:
    """``- 报: 市委办公室。`` for ``- {label: 报, to: 市委办公室。}`` (Series._distribution_shorthand):
    any mapping of one key other than ``label``."""
    text = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": NONBLANK}
    pair = {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"not": {"const": "label"}, "minLength": 1, "maxLength": MAX_TEXT, "pattern": NONBLANK},
        "additionalProperties": text,
        "description": "一行写成“报: 分送单位”。",
        "defaultSnippets": [{"label": f"{word}: …", "body": {word: "$1"}} for word in ("报", "送", "发")],
    }
    return {"anyOf": [pair, item]}


def _clerk_date(prop: dict[str, Any]) -> dict[str, Any]:
    """``2023年7月21日``, ``2023/7/21``, ``2023.7.21``, ``7月21日`` besides ``2023-07-21``
    (IssueInfo._clerk_date, dates.parse_date). A date that does not exist (2023年2月30日) is the
    tool's to refuse: a pattern cannot count the days of a month. ``2023-07-21`` itself is left
    to the ``date`` format, which does check the calendar."""
    sep, num = r"\s*[-/.－／．]\s*", r"[0-9０-９]"  # full-width forms: dates.py reads them after NFKC
    full = rf"{num}{{4}}(?:{sep}|\s*年\s*){num}{{1,2}}(?:{sep}|\s*月\s*){num}{{1,2}}\s*[日号]?"
    month_day = rf"{num}{{1,2}}\s*月\s*{num}{{1,2}}\s*[日号]?"
    clerk = {
        "type": "string",
        "pattern": rf"^\s*(?:{full}|{month_day})\s*$",
        "not": {"pattern": r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"},
        "description": "也可写 2023年7月21日、2023/7/21、7月21日（今年）。",
    }
    iso = {key: prop[key] for key in ("type", "format") if key in prop}
    rest = {key: value for key, value in prop.items() if key not in iso}
    return {**rest, "anyOf": [iso, clerk]}


def _each(widen: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda prop: {**prop, "items": widen(prop["items"])}


# (model, field) of every mode="before" field validator, and how it widens the field's schema.
SHORTHANDS: dict[tuple[type[BaseModel], str], Callable[[dict[str, Any]], dict[str, Any]]] = {
    (Series, "sections"): _each(_name_only),
    (Series, "teams"): _each(_name_only),
    (Series, "distribution"): _each(_one_pair),
    (IssueInfo, "date"): _clerk_date,
}


# Value rules the models check in code (after-validators), as the schema can say them.
VALUE_RULES: dict[tuple[type[BaseModel], str], dict[str, Any]] = {
    (Layout, "masthead_color"): {"pattern": r"^\s*#*[0-9A-Fa-f]{6}\s*$"},  # Layout._hex_color
}


# ---------------------------------------------------------------- generation


def json_schema(kind: str, series: Series | None = None) -> dict[str, Any]:
    """The schema of one kind of file as users write it; with ``series``, a fragment's unit and
    column names are offered and checked as well."""
    model = SCHEMAS[kind]
    schema = model.model_json_schema()
    models = _models(model)
    defs = schema.get("$defs", {})
    chinese = kind == "fragment"  # the spelling its template uses is the one offered
    for name, definition in defs.items():
        _process_model(definition, models[name], chinese)
    bind = _bind_series(series) if series is not None and kind == "fragment" else None
    _process_model(schema, model, chinese, bind)
    _nonblank(schema)
    title, intro = FILE_DOCS[kind]
    description = f"{intro}\n\n{CROSS_FILE}{CROSS_RULES[kind]}"
    if bind is not None:
        description += f"\n\n按《{series.title}》的 bulletin.yaml 生成，列出本简报的报送单位和栏目；改了 bulletin.yaml 后请重新运行 bulletin schema --write schemas。"  # type: ignore[union-attr]
    head = {
        "$schema": DRAFT,
        "$comment": f"{MARK} generated by `bulletin schema` from the models the loader uses; regenerate, do not edit.",
        "title": title,
        "description": description,
    }
    return {**head, **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def schema_text(kind: str, series: Series | None = None) -> str:
    return json.dumps(json_schema(kind, series), ensure_ascii=False, indent=2) + "\n"


def is_ours(text: str) -> bool:
    """Whether a schema file was written by this tool (and may be rewritten)."""
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and str(data.get("$comment", "")).startswith(MARK)


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from ``root``, by the name pydantic gives its ``$defs`` entry."""
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in found:
                found[annotation.__name__] = annotation
                for info in annotation.model_fields.values():
                    visit(info.annotation)
            return
        if get_origin(annotation) is not None or get_args(annotation):
            for arg in get_args(annotation):
                visit(arg)

    visit(root)
    return found


def _doc(model: type[BaseModel], field: str) -> tuple[str, str]:
    if f"{model.__name__}.{field}" in FIELD_DOCS:
        return FIELD_DOCS[f"{model.__name__}.{field}"]
    default = model.model_fields[field].default
    if model is Layout:
        return f"{LAYOUT_DOCS.get(field, field)}，默认 {default}。", f"layout:\n  @: {default}"
    from .sources.yaml_reader import FIELD_NAMES_ZH

    return f"{FIELD_NAMES_ZH.get(field, field)}。", f"@: {default}"


def _annotate(prop: dict[str, Any], description: str, example: str) -> None:
    prop.pop("title", None)
    prop["description"] = description
    prop["markdownDescription"] = f"{description}\n\n例：\n```yaml\n{example}\n```"


def _process_model(
    obj: dict[str, Any], model: type[BaseModel], chinese: bool, bind: Callable[[dict[str, Any]], None] | None = None
) -> None:
    """One model's object schema, widened to what the loader reads. Of the spellings of a key,
    completion offers one (Chinese where the file's template writes Chinese keys); the others
    are accepted and explained on hover, never offered beside it."""
    props: dict[str, Any] = obj["properties"]
    obj.pop("title", None)
    if model.__name__ in MODEL_DOCS:
        obj["description"] = MODEL_DOCS[model.__name__]
    for (owner, field), widen in SHORTHANDS.items():
        if owner is model:
            props[field] = widen(props[field])
    for (owner, field), rule in VALUE_RULES.items():
        if owner is model:
            props[field].update(rule)
    for name, prop in props.items():
        description, example = _doc(model, name)
        _annotate(prop, description, example.replace("@", name))
    if bind is not None:
        bind(props)
    # Chinese keys: the model translates each before validation and refuses a field given twice.
    groups: dict[str, list[str]] = {}
    for zh, en in key_aliases(model).items():
        if en in props:
            prop = copy.deepcopy(props[en])
            prop["description"] += f"（同 {en}）"
            prop["markdownDescription"] = re.sub(
                rf"(?m)^(\s*(?:- )?){en}:", rf"\g<1>{zh}:", prop["markdownDescription"].replace("\n", f"（同 {en}）\n", 1)
            )
            props[zh] = prop
            groups.setdefault(en, [en]).append(zh)
    for group in groups.values():
        offered = group[1] if chinese else group[0]
        for spelling in group:
            if spelling != offered:
                props[spelling]["doNotSuggest"] = True
    if groups:
        obj["dependentSchemas"] = {
            key: {"properties": {other: False for other in group if other != key}}
            for group in groups.values()
            for key in group
        }
    required = obj.pop("required", [])
    if required:
        obj["allOf"] = [{"anyOf": [{"required": [key]} for key in groups.get(name, [name])]} for name in required]


def _nonblank(node: Any) -> None:
    """Text the models strip must hold more than spaces."""
    if isinstance(node, dict):
        if node.get("minLength", 0) >= 1 and "pattern" not in node:
            node["pattern"] = NONBLANK
        for value in node.values():
            _nonblank(value)
    elif isinstance(node, list):
        for value in node:
            _nonblank(value)


def _bind_series(series: Series) -> Callable[[dict[str, Any]], None]:
    """The fragment's unit and columns as this series names them: completion and checking."""
    teams = series.team_names()
    columns = series.sections

    def bind(props: dict[str, Any]) -> None:
        team = props["team"]
        team["enum"] = teams
        listing = "\n".join(f"- {name}" for name in teams)
        team["markdownDescription"] = team["markdownDescription"] + f"\n\n本简报的报送单位：\n{listing}"
        sections = props["sections"]
        items = sections["additionalProperties"]
        sections["propertyNames"] = {"enum": [c.name for c in columns]}
        sections["properties"] = {}
        for column in columns:
            prop = copy.deepcopy(items)
            lead = f"内容前印“{column.label}”（{{team}} 即单位名称）。" if column.label else "内容前不加单位名。"
            _annotate(prop, f"栏目“{column.name}”：{lead}每一条以“- ”开头。", f"栏目:\n  {column.name}:\n    - 7月12日，召开调度会。")
            prop["doNotSuggest"] = True  # for hover; completion offers propertyNames, once each
            sections["properties"][column.name] = prop
        names = "、".join(c.name for c in columns)
        sections["markdownDescription"] = sections["markdownDescription"] + f"\n\n本简报的栏目：{names}"

    return bind

"""The issue model: what users write (Series, IssueInfo, Fragment) and what every output reads
(AssembledIssue).

The file models are the contract users write by hand, so field names are stable and each
accepts the Chinese key a clerk is likely to type (see ``KEY_ALIASES``). Layout numbers live in
``Layout`` with the GB/T 9704-2012 defaults from ``shared/spec/official-layout.md``; a series may
override any of them under ``layout:`` in bulletin.yaml.

The file models are validated by pydantic's engine, pydantic-core, from schemas written here with
``pydantic_core.core_schema`` (what ``pydantic.BaseModel`` would generate for the same fields),
on frozen dataclasses: importing ``pydantic.main`` and building BaseModel classes cost a
command ~40 ms at start-up, more than all the rest of its work. Each field's schema is declared
with the field (``_field``); a model's validator is built on first use. The errors are pydantic's
own (types, locations, contexts), so ``sources/yaml_reader.py`` words them as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field
from typing import Any, ClassVar, Literal, NamedTuple, TypeVar

from pydantic_core import PydanticCustomError, PydanticKnownError, SchemaValidator
from pydantic_core import core_schema as cs

from .dates import chinese_date
from .messages import tr

# Chinese keys a clerk may write, mapped to the field names of the models below.
KEY_ALIASES: dict[str, str] = {
    "专班": "team",
    "单位": "team",
    "期号": "issue",
    "栏目": "sections",
    "标题": "title",
    "正文": "text",
    "名称": "name",
    "引导语": "label",
    "编号": "number",
    "日期": "date",
    "总期号": "total",
    "按语": "note",
}



def key_aliases(model: type[FileModel]) -> dict[str, str]:
    """The Chinese keys ``model`` accepts: ``KEY_ALIASES`` with the model's own readings first
    (in issue.yaml, 期号 is the issue's number; in a fragment it names the issue it is for)."""
    return {**KEY_ALIASES, **getattr(model, "_OWN_ALIASES", {})}


MAX_TEXT = 200_000
_PLACEHOLDER = re.compile(r"\{[^{}]*\}?|\}")

M = TypeVar("M", bound="FileModel")
Schema = dict[str, Any]


def _translate_chinese_keys(aliases: dict[str, str], data: object) -> object:
    if isinstance(data, dict):
        out: dict[object, object] = {}
        written: dict[object, object] = {}
        for k, v in data.items():
            canon = aliases.get(k, k) if isinstance(k, str) else k
            if canon in out:  # 专班 and team (or 单位) both given: one value would be lost
                raise PydanticCustomError(
                    "duplicate_alias",
                    tr(f"“{written[canon]}”和“{k}”是同一个字段，只能写一个。", f"“{written[canon]}” and “{k}” are the same field; write one."),
                    {"key": k},  # load.validation_problems points at the second key
                )
            out[canon], written[canon] = v, k
        return out
    return data


class FileModel:
    """A model of what users write: a frozen dataclass validated by a pydantic-core
    ``model_schema`` (extra keys forbidden, text stripped, Chinese keys translated). Like a
    pydantic model, ``Model(**values)`` validates the values; ``Model.validate(data)`` validates
    a mapping read from a file. The slots are the ones pydantic-core's model validator sets."""

    __slots__ = ("__dict__", "__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")
    # read by pydantic.json_schema (schema.py); the same settings as the core config below
    model_config: ClassVar[dict[str, Any]] = {"extra": "forbid", "str_strip_whitespace": True, "frozen": True}
    _CONFIG: ClassVar[dict[str, Any]] = {}  # core config beyond the common one
    _OWN_ALIASES: ClassVar[dict[str, str]] = {}

    def __init__(self, **values: Any) -> None:
        _validator(type(self)).validate_python(values, self_instance=self)

    @classmethod
    def validate(cls: type[M], data: object) -> M:
        """``data`` (a mapping as read from YAML) as this model; raises pydantic_core's
        ValidationError."""
        return _validator(cls).validate_python(data)  # type: ignore[no-any-return]

    # a check of the whole validated instance (pydantic's model_validator(mode="after"))
    _model_check: ClassVar[Callable[[Any], Any] | None] = None

    # What @dataclass(frozen=True) would generate for each class with exec (a third of a
    # millisecond a class at start-up), written once: value equality, hash, repr, no assignment.
    # pydantic-core sets the fields past __setattr__, as a frozen dataclass's __init__ does.
    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[name] for name in _field_names(type(self)))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for name, value in zip(_field_names(type(self)), self._values()))
        return f"{type(self).__qualname__}({values})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        # copy and pickle restore the fields into __dict__, not through __setattr__
        return self.__dict__


def _field_names(cls: type[FileModel]) -> tuple[str, ...]:
    names = cls.__dict__.get("_names")
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        type.__setattr__(cls, "_names", names)
    return names  # type: ignore[no-any-return]


def _field(
    schema: Schema | Callable[[], Schema],
    default: Any = MISSING,
    *,
    factory: Any = MISSING,
    before: Callable[[Any], Any] | None = None,
    after: Callable[[Any], Any] | None = None,
) -> Any:
    """A field with its core schema (or a function giving it, for a nested model), like
    ``Field(...)`` with ``field_validator``s: ``before`` reshapes the input (schema.py lists
    each such shorthand), ``after`` checks the validated value."""
    meta = {"schema": schema, "before": before, "after": after}
    return field(default=default, default_factory=factory, metadata=meta)


def _schema_of(cls: type[FileModel]) -> Schema:
    """The core schema of ``cls``, as pydantic builds it for a BaseModel of these fields."""
    cached = cls.__dict__.get("_core_schema")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        meta = f.metadata
        schema = meta["schema"]() if callable(meta["schema"]) else meta["schema"]
        if meta["before"] is not None:
            schema = cs.no_info_before_validator_function(meta["before"], schema)
        if meta["after"] is not None:
            schema = cs.no_info_after_validator_function(meta["after"], schema)
        if f.default is not MISSING:
            schema = cs.with_default_schema(schema, default=f.default)
        elif f.default_factory is not MISSING:
            schema = cs.with_default_schema(schema, default_factory=f.default_factory, default_factory_takes_data=False)
        fields[f.name] = cs.model_field(schema)
    config = cs.CoreConfig(title=cls.__name__, extra_fields_behavior="forbid", str_strip_whitespace=True, **cls._CONFIG)
    inner = cs.no_info_before_validator_function(
        functools.partial(_translate_chinese_keys, key_aliases(cls)),
        cs.model_fields_schema(fields, model_name=cls.__name__, computed_fields=[]),
    )
    ref = f"{cls.__module__}.{cls.__qualname__}:{id(cls)}"
    if cls._model_check is None:
        schema = cs.model_schema(cls, inner, custom_init=False, root_model=False, config=config, ref=ref)
    else:  # as pydantic does for a model_validator(mode="after"): the reference is on the check
        model = cs.model_schema(cls, inner, custom_init=False, root_model=False, config=config)
        schema = cs.no_info_after_validator_function(cls._model_check, model, ref=ref)
    type.__setattr__(cls, "_core_schema", schema)
    return schema


def _validator(cls: type[FileModel]) -> SchemaValidator:
    """The validator of ``cls``, built on first use (about 0.2 ms; no disk cache to go stale)."""
    found = cls.__dict__.get("_core_validator")
    if found is None:
        found = SchemaValidator(_schema_of(cls))
        type.__setattr__(cls, "_core_validator", found)
    return found  # type: ignore[no-any-return]


def field_types(model: type[FileModel]) -> dict[str, Any]:
    """Each field of ``model`` and its type (evaluated from the annotation: only for messages
    and schema.py, never on the way to a valid file)."""
    import typing

    hints = typing.get_type_hints(model)
    return {f.name: hints[f.name] for f in dataclasses.fields(model)}  # type: ignore[arg-type]


def field_default(model: type[FileModel], name: str) -> Any:
    """A field's default as pydantic's ``FieldInfo.default`` has it (undefined for a required
    field or one with a default factory)."""
    from pydantic_core import PydanticUndefined

    default = next(f.default for f in dataclasses.fields(model) if f.name == name)  # type: ignore[arg-type]
    return PydanticUndefined if default is MISSING else default


def core_schema(model: type[FileModel]) -> Schema:
    """The core schema ``model`` is validated with (schema.py makes the JSON Schema from it)."""
    return _schema_of(model)


def _file_model(cls: type[M]) -> type[M]:
    """A dataclass for ``fields``, ``replace`` and ``asdict``; FileModel gives the rest."""
    return dataclass(init=False, repr=False, eq=False)(cls)


def _text(max_length: int = MAX_TEXT) -> Schema:
    """NonEmptyStr: text that is not empty once stripped."""
    return cs.str_schema(min_length=1, max_length=max_length)


def _no_bool(v: object) -> object:
    """YAML reads yes/no/true/on as booleans, which pydantic would take as 1 and 0."""
    if isinstance(v, bool):
        raise ValueError(tr(f"应该是一个数，现在是“{str(v).lower()}”", f"should be a number, got {v}"))
    return v


def _int(ge: int | None = None, le: int | None = None) -> Schema:
    """``Int``: a whole number, never a boolean, within ``ge``..``le``."""
    return cs.no_info_before_validator_function(_no_bool, cs.int_schema(ge=ge, le=le))


def _optional_int(ge: int, le: int) -> Schema:
    """``Int | None`` with ``Field(ge=…, le=…)``: pydantic checks the bounds after the union."""
    schema = cs.no_info_before_validator_function(_no_bool, cs.int_schema())
    schema = cs.no_info_after_validator_function(
        functools.partial(_greater_than_or_equal, ge=ge), schema, metadata={"pydantic_js_updates": {"ge": ge}}
    )
    schema = cs.no_info_after_validator_function(
        functools.partial(_less_than_or_equal, le=le), schema, metadata={"pydantic_js_updates": {"le": le}}
    )
    return cs.nullable_schema(schema)


def _greater_than_or_equal(x: Any, ge: Any) -> Any:
    if not (x >= ge):
        raise PydanticKnownError("greater_than_equal", {"ge": ge})
    return x


def _less_than_or_equal(x: Any, le: Any) -> Any:
    if not (x <= le):
        raise PydanticKnownError("less_than_equal", {"le": le})
    return x


def _mm(lo: float, hi: float, default: float) -> Any:
    """A ``Num`` layout field: a number (never a boolean) within ``lo``..``hi``."""
    return _field(cs.no_info_before_validator_function(_no_bool, cs.float_schema(ge=lo, le=hi)), default)


_STR = cs.str_schema()


# ---------------------------------------------------------------- series settings (bulletin.yaml)


def _check_label(label: str) -> None:
    """A label may only use {team}; any other {…} would be printed as is."""
    for found in _PLACEHOLDER.findall(label):
        if found != "{team}":
            raise ValueError(
                tr(
                    f"引导语“{label}”里的“{found}”不认识：只能用 {{team}} 代表单位名称",
                    f"unknown placeholder {found} in label “{label}”: only {{team}} is known",
                )
            )


def _known_placeholders(v: str) -> str:
    _check_label(v)
    return v


@_file_model
class SectionSpec(FileModel):
    """A column (栏目). ``label`` is the run-in lead printed before each unit's contribution;
    ``{team}`` stands for the unit's name. Empty label: no lead (e.g. 会议精神)."""

    name: str = _field(_text())
    label: str = _field(cs.str_schema(max_length=200), "", after=_known_placeholders)


def _refuse_repeats(names: list[str], what: str) -> None:
    seen = set()
    for name in names:
        if name in seen:
            raise ValueError(tr(f"{what}“{name}”写了两次，每个只能写一次", f"{what} “{name}” is listed twice"))
        seen.add(name)


@_file_model
class TeamSpec(FileModel):
    """A unit that may submit. ``expected: false`` marks one that writes only now and then, so
    ``status`` does not list it as missing."""

    name: str = _field(_text())
    expected: bool = _field(cs.bool_schema(), True)
    sections: list[str] = _field(cs.list_schema(_STR), factory=list)  # columns it usually writes for (template)


@_file_model
class DistributionLine(FileModel):
    """One tail line: 报 / 送 / 发 and who receives it."""

    label: str = _field(_text())
    to: str = _field(_text())


def _hex_color(v: str) -> str:
    v = v.lstrip("#").upper()
    if len(v) != 6 or any(c not in "0123456789ABCDEF" for c in v):
        raise ValueError(
            tr("颜色要写成六位十六进制数，如 FF0000（红色）", "colour must be six hex digits such as FF0000")
        )
    return v


@_file_model
class Layout(FileModel):
    """Every number of the official layout. Defaults: GB/T 9704-2012 and bulletin convention."""

    _CONFIG: ClassVar[dict[str, Any]] = {"allow_inf_nan": False}
    model_config: ClassVar[dict[str, Any]] = {**FileModel.model_config, "allow_inf_nan": False}

    paper_width_mm: float = _mm(100, 600, 210.0)
    paper_height_mm: float = _mm(100, 900, 297.0)
    margin_top_mm: float = _mm(5, 150, 37.0)
    margin_bottom_mm: float = _mm(5, 150, 35.0)
    margin_left_mm: float = _mm(5, 150, 28.0)
    margin_right_mm: float = _mm(5, 150, 26.0)
    lines_per_page: int = _field(_int(ge=5, le=60), 22)
    chars_per_line: int = _field(_int(ge=5, le=60), 28)
    body_size_pt: float = _mm(6, 40, 16.0)  # 三号
    body_font: str = _field(_STR, "仿宋_GB2312")
    heading_font: str = _field(_STR, "黑体")
    kai_font: str = _field(_STR, "楷体_GB2312")
    title_font: str = _field(_STR, "方正小标宋简体")
    song_font: str = _field(_STR, "宋体")
    latin_font: str = _field(_STR, "Times New Roman")
    masthead_size_pt: float = _mm(10, 100, 36.0)  # 小初; long names shrink
    masthead_min_size_pt: float = _mm(10, 100, 26.0)  # 一号: smallest before wrapping
    masthead_color: str = _field(_STR, "FF0000", after=_hex_color)
    masthead_rule_pt: float = _mm(0.25, 10, 2.25)
    masthead_lines_before: int = _field(_int(ge=0, le=10), 2)  # empty grid lines above the name
    page_number_size_pt: float = _mm(6, 40, 14.0)  # 四号
    tail_size_pt: float = _mm(6, 40, 14.0)  # 四号
    item_title_style: Literal["run-in", "heading"] = _field(cs.literal_schema(["run-in", "heading"]), "run-in")
    # added by the docx renderer (render/docx.py):
    item_title_size_pt: float = _mm(6, 60, 22.0)  # 二号, centred article titles ("heading" style)
    masthead_rule_gap_pt: float = _mm(0, 50, 4.0)  # from the editor/date line down to the red rule
    page_number_gap_mm: float = _mm(0, 50, 7.0)  # from the type area down to the top of the `— N —` line
    header_distance_mm: float = _mm(0, 100, 15.0)  # page edge to header (the draft stamp)
    tail_rule_thick_pt: float = _mm(0.25, 6, 1.0)  # 0.35 mm: first and last line of the tail
    tail_rule_thin_pt: float = _mm(0.25, 6, 0.75)  # 0.25 mm: lines between
    draft_stamp: str = _field(cs.str_schema(max_length=20), "草稿")  # header text on every page of `export --draft`
    # added for Word/WPS fidelity (render/docx.py, render/fontcheck.py):
    note_label: str = _field(cs.str_schema(max_length=20), "编者按：")  # before the 按语; "" for none
    tail_on_even_page: bool = _field(cs.bool_schema(), False)  # 版记 on an even page (the back of the sheet, 双面印刷)
    rare_char_font: str = _field(cs.str_schema(min_length=1), "宋体")  # characters the body font lacks (BMP)
    rare_char_font_ext: str = _field(cs.str_schema(min_length=1), "SimSun-ExtB")  # … beyond the BMP (𠮷)

    def _fits_on_paper(self) -> Layout:
        """Numbers that are each in range can still leave no room to print: the type area
        must keep at least 60 mm either way, and the masthead's smallest size is not larger
        than its size."""
        width = self.paper_width_mm - self.margin_left_mm - self.margin_right_mm
        height = self.paper_height_mm - self.margin_top_mm - self.margin_bottom_mm
        if width < 60 or height < 60:
            raise ValueError(
                tr(
                    f"页边距太宽：纸上只剩 {max(width, 0):.0f}×{max(height, 0):.0f} 毫米可以排字（至少要 60×60 毫米）。"
                    "请减小 margin_*_mm 或加大纸张尺寸。",
                    f"margins too wide: the type area is {width:.0f}×{height:.0f} mm (at least 60×60 needed).",
                )
            )
        if self.masthead_min_size_pt > self.masthead_size_pt:
            raise ValueError(
                tr(
                    "masthead_min_size_pt（报头最小字号）不能大于 masthead_size_pt（报头字号）",
                    "masthead_min_size_pt must not exceed masthead_size_pt",
                )
            )
        return self

    _model_check = _fits_on_paper


@_file_model
class LintSettings(FileModel):
    disabled: list[str] = _field(cs.list_schema(_STR), factory=list)


def _section_shorthand(v: object) -> object:
    if isinstance(v, list):
        return [{"name": s} if isinstance(s, str) else s for s in v]
    return v


_team_shorthand = _section_shorthand  # `- 安化县经开区` for `- name: 安化县经开区`


def _distribution_shorthand(v: object) -> object:
    # `- 报: 市委办公室。` is the natural way to write a tail line.
    if isinstance(v, list):
        out: list[object] = []
        for line in v:
            if isinstance(line, dict) and len(line) == 1 and "label" not in line:
                ((label, to),) = line.items()
                out.append({"label": label, "to": to})
            else:
                out.append(line)
        return out
    return v


def _sections_once(v: list[SectionSpec]) -> list[SectionSpec]:
    _refuse_repeats([s.name for s in v], tr("栏目", "column"))
    return v


def _teams_once(v: list[TeamSpec]) -> list[TeamSpec]:
    _refuse_repeats([t.name for t in v], tr("报送单位", "unit"))
    return v


@_file_model
class Series(FileModel):
    """bulletin.yaml: the settings of a bulletin series."""

    title: str = _field(_text())  # the masthead name
    editor: str = _field(_text())  # 编发单位
    sections: list[SectionSpec] = _field(
        lambda: cs.list_schema(_schema_of(SectionSpec), min_length=1), before=_section_shorthand, after=_sections_once
    )
    teams: list[TeamSpec] = _field(
        lambda: cs.list_schema(_schema_of(TeamSpec)), factory=list, before=_team_shorthand, after=_teams_once
    )
    distribution: list[DistributionLine] = _field(
        lambda: cs.list_schema(_schema_of(DistributionLine)), factory=list, before=_distribution_shorthand
    )
    copies: int | None = _field(_optional_int(ge=1, le=1_000_000), None)
    responsible_editor: str | None = _field(cs.nullable_schema(_STR), None)
    mark: str | None = _field(cs.nullable_schema(_STR), None)  # top-left, e.g. 内部资料 注意保存
    script: Literal["simplified", "traditional"] = _field(cs.literal_schema(["simplified", "traditional"]), "simplified")
    max_file_size: int = _field(_int(ge=1_000, le=100_000_000), 1_000_000)
    layout: Layout = _field(lambda: _schema_of(Layout), factory=Layout)
    lint: LintSettings = _field(lambda: _schema_of(LintSettings), factory=LintSettings)

    def section_names(self) -> list[str]:
        return [s.name for s in self.sections]

    def team_names(self) -> list[str]:
        """Units that may submit, in print order; the editor unit always may."""
        names = [t.name for t in self.teams]
        if self.editor not in names:
            names.insert(0, self.editor)
        return names

    def team(self, name: str) -> TeamSpec | None:
        return next((t for t in self.teams if t.name == name), None)


# ---------------------------------------------------------------- issue.yaml


def _clerk_date(v: object) -> object:
    # 2023年7月21日, 2023/7/21, 7月21日 …: every form a clerk writes (dates.py)
    from .dates import DateError, coerce_date

    try:
        return coerce_date(v)
    except DateError as exc:
        raise PydanticCustomError("date_text", str(exc)) from None


@_file_model
class IssueInfo(FileModel):
    # 期号 is what a clerk calls the issue's number (a fragment's 期号 is its ``issue``)
    _OWN_ALIASES: ClassVar[dict[str, str]] = {"期号": "number"}

    number: int = _field(_int(ge=1, le=100_000))
    date: dt.date = _field(cs.date_schema(), before=_clerk_date)
    total: int | None = _field(_optional_int(ge=1, le=10_000_000), None)  # 总第N期
    note: str | None = _field(cs.nullable_schema(cs.str_schema(max_length=MAX_TEXT)), None)  # 按语


# ---------------------------------------------------------------- fragments


@_file_model
class TitledItem(FileModel):
    title: str = _field(_text())
    text: str = _field(_text())


def _items() -> Schema:
    """A column's items: each is non-empty text or a TitledItem (``Item``)."""
    return cs.list_schema(cs.union_schema([_text(), _schema_of(TitledItem)]), min_length=1)


Item = str | TitledItem


@_file_model
class Fragment(FileModel):
    """One unit's submission for one issue."""

    team: str = _field(_text())
    issue: int | None = _field(cs.nullable_schema(_int()), None)
    sections: dict[str, list[Item]] = _field(lambda: cs.dict_schema(_text(), _items(), min_length=1))


# ---------------------------------------------------------------- the assembled issue
# Built by our code from validated models, not validated again. Paragraph, Contribution and Column
# are NamedTuples (immutable, compared by value): a dataclass costs a few tenths of a millisecond
# to create at import, which every command pays. AssembledIssue stays a frozen dataclass
# (callers use dataclasses.replace on it).


class Paragraph(NamedTuple):
    """One printed body paragraph. ``lead`` (the run-in unit label) is set on the first paragraph
    of a contribution only; ``title`` on the first paragraph of a titled item."""

    text: str
    lead: str = ""
    title: str = ""
    source: str = ""  # fragment file it came from, for messages and preview marks
    line: int = 0


class Contribution(NamedTuple):
    """One unit's paragraphs in one column."""

    team: str
    paragraphs: list[Paragraph]


class Column(NamedTuple):
    """A printed column: its units' contributions in print order."""

    name: str
    contributions: list[Contribution]

    @property
    def heading(self) -> str:
        return f"【{self.name}】"


@dataclass(frozen=True)
class AssembledIssue:
    """Everything an output needs, in print order. Terminal, docx and pdf all read this."""

    title: str
    editor: str
    mark: str | None
    number: int
    total: int | None
    date: dt.date
    note: list[str]  # 按语 paragraphs
    columns: list[Column]  # non-empty columns only, in series order
    distribution: list[DistributionLine]
    copies: int | None
    responsible_editor: str | None
    layout: Layout
    missing_teams: list[str] = field(default_factory=list)
    empty_columns: list[str] = field(default_factory=list)
    draft: bool = False

    @property
    def issue_line(self) -> str:
        line = f"第{self.number}期"
        if self.total:
            line += f"\uff08总第{self.total}期\uff09"
        return line

    @property
    def date_text(self) -> str:
        return chinese_date(self.date)

    def tail_lines(self) -> list[str]:
        """The tail (报尾) as printed, top to bottom, without the rules."""
        lines = [f"{d.label}\uff1a{d.to}" for d in self.distribution]
        if self.copies:
            lines.append(f"共印{self.copies}份")
        if self.responsible_editor:
            lines.append(f"责任编辑\uff1a{self.responsible_editor}")
        return lines

    def all_paragraph_texts(self) -> list[str]:
        """Every body text paragraph in print order (for checks that nothing is lost)."""
        out = list(self.note)
        for col in self.columns:
            for con in col.contributions:
                out.extend(p.text for p in con.paragraphs)
        return out

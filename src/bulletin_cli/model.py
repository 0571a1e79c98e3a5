"""The issue model: what users write (Series, IssueInfo, Fragment) and what every output reads
(AssembledIssue).

The file models are the contract users write by hand, so field names are stable and each
accepts the Chinese key a clerk is likely to type (see ``KEY_ALIASES``). Layout numbers live in
``Layout`` with the GB/T 9704-2012 defaults from ``shared/spec/official-layout.md``; a series may
override any of them under ``layout:`` in bulletin.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

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



def key_aliases(model: type[BaseModel]) -> dict[str, str]:
    """The Chinese keys ``model`` accepts: ``KEY_ALIASES`` with the model's own readings first
    (in issue.yaml, 期号 is the issue's number; in a fragment it names the issue it is for)."""
    return {**KEY_ALIASES, **getattr(model, "_OWN_ALIASES", {})}


MAX_TEXT = 200_000
_PLACEHOLDER = re.compile(r"\{[^{}]*\}?|\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _translate_chinese_keys(cls, data: object) -> object:
        if isinstance(data, dict):
            out: dict[object, object] = {}
            written: dict[object, object] = {}
            for k, v in data.items():
                canon = key_aliases(cls).get(k, k) if isinstance(k, str) else k
                if canon in out:  # 专班 and team (or 单位) both given: one value would be lost
                    raise PydanticCustomError(
                        "duplicate_alias",
                        tr(f"“{written[canon]}”和“{k}”是同一个字段，只能写一个。", f"“{written[canon]}” and “{k}” are the same field; write one."),
                        {"key": k},  # load.validation_problems points at the second key
                    )
                out[canon], written[canon] = v, k
            return out
        return data


NonEmptyStr = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


def _no_bool(v: object) -> object:
    """YAML reads yes/no/true/on as booleans, which pydantic would take as 1 and 0."""
    if isinstance(v, bool):
        raise ValueError(tr(f"应该是一个数，现在是“{str(v).lower()}”", f"should be a number, got {v}"))
    return v


def _mm(lo: float, hi: float, default: float) -> object:
    return Field(default, ge=lo, le=hi)


Int = Annotated[int, BeforeValidator(_no_bool)]
Num = Annotated[float, BeforeValidator(_no_bool)]


# ---------------------------------------------------------------- series settings (bulletin.yaml)


class SectionSpec(_Strict):
    """A column (栏目). ``label`` is the run-in lead printed before each unit's contribution;
    ``{team}`` stands for the unit's name. Empty label: no lead (e.g. 会议精神)."""

    name: NonEmptyStr
    label: str = Field("", max_length=200)

    @field_validator("label")
    @classmethod
    def _known_placeholders(cls, v: str) -> str:
        _check_label(v)
        return v


def _refuse_repeats(names: list[str], what: str) -> None:
    seen = set()
    for name in names:
        if name in seen:
            raise ValueError(tr(f"{what}“{name}”写了两次，每个只能写一次", f"{what} “{name}” is listed twice"))
        seen.add(name)


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


class TeamSpec(_Strict):
    """A unit that may submit. ``expected: false`` marks one that writes only now and then, so
    ``status`` does not list it as missing."""

    name: NonEmptyStr
    expected: bool = True
    sections: list[str] = Field(default_factory=list)  # columns it usually writes for (template)


class DistributionLine(_Strict):
    """One tail line: 报 / 送 / 发 and who receives it."""

    label: NonEmptyStr
    to: NonEmptyStr


class Layout(_Strict):
    """Every number of the official layout. Defaults: GB/T 9704-2012 and bulletin convention."""

    model_config = ConfigDict(allow_inf_nan=False)

    paper_width_mm: Num = _mm(100, 600, 210.0)
    paper_height_mm: Num = _mm(100, 900, 297.0)
    margin_top_mm: Num = _mm(5, 150, 37.0)
    margin_bottom_mm: Num = _mm(5, 150, 35.0)
    margin_left_mm: Num = _mm(5, 150, 28.0)
    margin_right_mm: Num = _mm(5, 150, 26.0)
    lines_per_page: Int = Field(22, ge=5, le=60)
    chars_per_line: Int = Field(28, ge=5, le=60)
    body_size_pt: Num = _mm(6, 40, 16.0)  # 三号
    body_font: str = "仿宋_GB2312"
    heading_font: str = "黑体"
    kai_font: str = "楷体_GB2312"
    title_font: str = "方正小标宋简体"
    song_font: str = "宋体"
    latin_font: str = "Times New Roman"
    masthead_size_pt: Num = _mm(10, 100, 36.0)  # 小初; long names shrink
    masthead_min_size_pt: Num = _mm(10, 100, 26.0)  # 一号: smallest before wrapping
    masthead_color: str = "FF0000"
    masthead_rule_pt: Num = _mm(0.25, 10, 2.25)
    masthead_lines_before: Int = Field(2, ge=0, le=10)  # empty grid lines above the name
    page_number_size_pt: Num = _mm(6, 40, 14.0)  # 四号
    tail_size_pt: Num = _mm(6, 40, 14.0)  # 四号
    item_title_style: Literal["run-in", "heading"] = "run-in"
    # added by the docx renderer (render/docx.py):
    item_title_size_pt: Num = _mm(6, 60, 22.0)  # 二号, centred article titles ("heading" style)
    masthead_rule_gap_pt: Num = _mm(0, 50, 4.0)  # from the editor/date line down to the red rule
    page_number_gap_mm: Num = _mm(0, 50, 7.0)  # from the type area down to the top of the `— N —` line
    header_distance_mm: Num = _mm(0, 100, 15.0)  # page edge to header (the draft stamp)
    tail_rule_thick_pt: Num = _mm(0.25, 6, 1.0)  # 0.35 mm: first and last line of the tail
    tail_rule_thin_pt: Num = _mm(0.25, 6, 0.75)  # 0.25 mm: lines between
    draft_stamp: str = Field("草稿", max_length=20)  # header text on every page of `export --draft`
    # added for Word/WPS fidelity (render/docx.py, render/fontcheck.py):
    note_label: str = Field("编者按：", max_length=20)  # before the 按语; "" for none
    tail_on_even_page: bool = False  # 版记 on an even page (the back of the sheet, 双面印刷)
    rare_char_font: str = Field("宋体", min_length=1)  # characters the body font lacks (BMP)
    rare_char_font_ext: str = Field("SimSun-ExtB", min_length=1)  # … beyond the BMP (𠮷)

    @field_validator("masthead_color")
    @classmethod
    def _hex_color(cls, v: str) -> str:
        v = v.lstrip("#").upper()
        if len(v) != 6 or any(c not in "0123456789ABCDEF" for c in v):
            raise ValueError(
                tr("颜色要写成六位十六进制数，如 FF0000（红色）", "colour must be six hex digits such as FF0000")
            )
        return v

    @model_validator(mode="after")
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


class LintSettings(_Strict):
    disabled: list[str] = Field(default_factory=list)


class Series(_Strict):
    """bulletin.yaml: the settings of a bulletin series."""

    title: NonEmptyStr  # the masthead name
    editor: NonEmptyStr  # 编发单位
    sections: list[SectionSpec] = Field(min_length=1)
    teams: list[TeamSpec] = Field(default_factory=list)
    distribution: list[DistributionLine] = Field(default_factory=list)
    copies: Int | None = Field(None, ge=1, le=1_000_000)
    responsible_editor: str | None = None
    mark: str | None = None  # top-left, e.g. 内部资料 注意保存
    script: Literal["simplified", "traditional"] = "simplified"
    max_file_size: Int = Field(1_000_000, ge=1_000, le=100_000_000)
    layout: Layout = Field(default_factory=Layout)
    lint: LintSettings = Field(default_factory=LintSettings)

    @field_validator("sections", mode="before")
    @classmethod
    def _section_shorthand(cls, v: object) -> object:
        if isinstance(v, list):
            return [{"name": s} if isinstance(s, str) else s for s in v]
        return v

    @field_validator("teams", mode="before")
    @classmethod
    def _team_shorthand(cls, v: object) -> object:
        if isinstance(v, list):
            return [{"name": s} if isinstance(s, str) else s for s in v]
        return v

    @field_validator("distribution", mode="before")
    @classmethod
    def _distribution_shorthand(cls, v: object) -> object:
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

    @field_validator("sections")
    @classmethod
    def _sections_once(cls, v: list[SectionSpec]) -> list[SectionSpec]:
        _refuse_repeats([s.name for s in v], tr("栏目", "column"))
        return v

    @field_validator("teams")
    @classmethod
    def _teams_once(cls, v: list[TeamSpec]) -> list[TeamSpec]:
        _refuse_repeats([t.name for t in v], tr("报送单位", "unit"))
        return v

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


class IssueInfo(_Strict):
    # 期号 is what a clerk calls the issue's number (a fragment's 期号 is its ``issue``)
    _OWN_ALIASES: ClassVar[dict[str, str]] = {"期号": "number"}

    number: Int = Field(ge=1, le=100_000)
    date: dt.date
    total: Int | None = Field(None, ge=1, le=10_000_000)  # 总第N期
    note: str | None = Field(None, max_length=MAX_TEXT)  # 按语

    @field_validator("date", mode="before")
    @classmethod
    def _clerk_date(cls, v: object) -> object:
        # 2023年7月21日, 2023/7/21, 7月21日 …: every form a clerk writes (dates.py)
        from pydantic_core import PydanticCustomError

        from .dates import DateError, coerce_date

        try:
            return coerce_date(v)
        except DateError as exc:
            raise PydanticCustomError("date_text", str(exc)) from None


# ---------------------------------------------------------------- fragments


class TitledItem(_Strict):
    title: NonEmptyStr
    text: NonEmptyStr


Item = Annotated[NonEmptyStr, Field()] | TitledItem


class Fragment(_Strict):
    """One unit's submission for one issue."""

    team: NonEmptyStr
    issue: int | None = None
    sections: dict[NonEmptyStr, Annotated[list[Item], Field(min_length=1)]] = Field(min_length=1)


# ---------------------------------------------------------------- the assembled issue


class Paragraph(BaseModel):
    """One printed body paragraph. ``lead`` (the run-in unit label) is set on the first paragraph
    of a contribution only; ``title`` on the first paragraph of a titled item."""

    model_config = ConfigDict(frozen=True)

    text: str
    lead: str = ""
    title: str = ""
    source: str = ""  # fragment file it came from, for messages and preview marks
    line: int = 0


class Contribution(BaseModel):
    model_config = ConfigDict(frozen=True)

    team: str
    paragraphs: list[Paragraph]


class Column(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    contributions: list[Contribution]

    @property
    def heading(self) -> str:
        return f"【{self.name}】"


class AssembledIssue(BaseModel):
    """Everything an output needs, in print order. Terminal, docx and pdf all read this."""

    model_config = ConfigDict(frozen=True)

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
    missing_teams: list[str] = Field(default_factory=list)
    empty_columns: list[str] = Field(default_factory=list)
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

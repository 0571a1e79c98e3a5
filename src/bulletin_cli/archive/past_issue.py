"""A past bulletin read back as a bulletin: masthead, columns, units' contributions, tail.

Works on the neutral ``Document`` only, so a .docx made by ``bulletin export``, one typed by
hand in Word or WPS, and a plain text copy all read the same way. Formatting is a hint where it
exists (a bold or 黑体 lead, a bold run-in title, a centred article title); text alone must be
enough for a .txt. Nothing is dropped silently: a paragraph that fits nowhere is a problem
naming its line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import Problem
from ..messages import tr
from ..sources.document import DocParagraph, Document

_SPACE = " \t\u3000\xa0\n"
_NUM = r"[0-9０-９一二三四五六七八九十百千零〇两]+"
ISSUE_LINE = re.compile(rf"^第\s*({_NUM})\s*期\s*(?:[（(]\s*总\s*第\s*({_NUM})\s*期\s*[)）])?$")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
COLUMN = re.compile(r"^【\s*([^【】]+?)\s*】$")
DISTRIBUTION = re.compile(r"^(报|送|发|抄送|抄报|分送|报送|印发)\s*[:：]\s*(.+)$")
COPIES = re.compile(r"^[（(]?\s*共印\s*(\d+)\s*份\s*[)）]?$")
RESPONSIBLE = re.compile(r"^责任编辑\s*[:：]\s*(.+)$")
_TRAILING_COPIES = re.compile(r"[\s\u3000]+[（(]?\s*共印\s*(\d+)\s*份\s*[)）]?$")
PRINTED = re.compile(r"^[^，。；]{0,40}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
MARK = re.compile(r"内部|资料|注意保存|秘密|机密|绝密|★")
# What a unit's name usually ends with, for texts without formatting and without settings.
UNIT_SUFFIX = re.compile(
    r"(专班|办公室|政府|委员会|领导小组|小组|指挥部|局|委|办|区|镇|乡|街道|中心|公司|集团|院|组|部|所|队|协会|处|科|股|站|馆|社|厅|署|团|县|市|村|社区)$"
)
_NOT_IN_NAME = set("，。、；！？“”‘’《》,.;!?\"'（）()%％0123456789")
COLONS = "：:"


@dataclass
class PastItem:
    title: str
    paragraphs: list[str]


@dataclass
class PastContribution:
    team: str  # as printed in the lead; "" for paragraphs without a lead (the editing unit)
    label: str  # the lead as a label template, e.g. "{team}反映："; "" without a lead
    items: list[PastItem]
    line: int


@dataclass
class PastColumn:
    name: str
    contributions: list[PastContribution]
    line: int


@dataclass
class PastIssue:
    """Everything read from one past bulletin; ``None`` where it could not be told."""

    display: str
    title: str | None = None
    mark: str | None = None
    number: int | None = None
    total: int | None = None
    date: dt.date | None = None
    editor: str | None = None
    note: list[str] = field(default_factory=list)
    columns: list[PastColumn] = field(default_factory=list)
    distribution: list[tuple[str, str]] = field(default_factory=list)
    copies: int | None = None
    responsible_editor: str | None = None
    title_color: str | None = None
    problems: list[Problem] = field(default_factory=list)  # the issue cannot be imported as read
    warnings: list[Problem] = field(default_factory=list)  # read, but a person should look


def chinese_number(text: str) -> int:
    """12, １２, 十二, 一百零五 → int."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            raise ValueError(text)
    return total + current


# ---------------------------------------------------------------- one paragraph


@dataclass
class _Para:
    """A paragraph's text without indents and line breaks, with which characters stand out
    (bold, or set in a 黑体-like heading font)."""

    text: str
    bold: list[bool]
    heading_font: list[bool]
    source: DocParagraph

    @classmethod
    def of(cls, p: DocParagraph) -> _Para:
        chars: list[tuple[str, bool, bool]] = []
        for run in p.runs:
            heavy = bool(run.font) and ("黑" in run.font or "hei" in run.font.lower())
            chars.extend((c, run.bold, heavy) for c in run.text if c not in "\n\r")
        start, end = 0, len(chars)
        while start < end and chars[start][0] in _SPACE:
            start += 1
        while end > start and chars[end - 1][0] in _SPACE:
            end -= 1
        chars = chars[start:end]
        return cls("".join(c for c, _, _ in chars), [b for _, b, _ in chars], [h for _, _, h in chars], p)

    def emphasised(self, start: int, end: int) -> bool:
        return end > start and all(self.bold[i] or self.heading_font[i] for i in range(start, end))

    def bold_run(self, start: int) -> int:
        """End of the bold stretch beginning at ``start``."""
        end = start
        while end < len(self.text) and self.bold[end]:
            end += 1
        return end


def looks_like_unit(name: str) -> bool:
    return 1 < len(name) <= 40 and not (set(name) & _NOT_IN_NAME) and bool(UNIT_SUFFIX.search(name))


def split_lead(p: _Para, teams: Sequence[str]) -> tuple[str, str, int]:
    """(team, label template, where the text starts) for a paragraph that opens with a unit's
    lead such as ``某某专班：`` or ``某某专班反映：``; ("", "", 0) otherwise. ``teams`` longest
    first, so that a unit whose name begins with another's is found."""
    text = p.text
    cut = next((i for i, c in enumerate(text[:60]) if c in COLONS), -1)
    if cut <= 0:
        return "", "", 0
    name = text[:cut]
    known = next((t for t in teams if name.startswith(t)), None)
    if known is not None:
        team, suffix = known, name[len(known):]
    elif name.endswith("反映"):
        team, suffix = name[:-2], "反映"
    else:
        team, suffix = name, ""
    if known is None:
        if set(team) & _NOT_IN_NAME or not team.strip(_SPACE) or team != team.strip(_SPACE):
            return "", "", 0
        if not (p.emphasised(0, cut + 1) or looks_like_unit(team)):
            return "", "", 0
    return team, "{team}" + suffix + text[cut], cut + 1


# ---------------------------------------------------------------- the document


def interpret(doc: Document, teams: Sequence[str] = ()) -> PastIssue:
    """Read ``doc`` as a bulletin. ``teams`` are the units the settings know (their names are
    recognised as leads whatever their formatting)."""
    issue = PastIssue(doc.display)
    paras = [_Para.of(p) for p in doc.paragraphs]
    paras = [p for p in paras if p.text]
    i = _masthead(issue, paras)
    _body(issue, paras[i:], sorted(teams, key=len, reverse=True))
    if issue.number is None:
        issue.problems.append(_problem(issue, tr("没有找到期号（如“第5期”）。", "no issue number (第N期) found."), 0))
    if issue.date is None:
        issue.problems.append(_problem(issue, tr("没有找到印发日期（如“2023年7月21日”）。", "no date (2023年7月21日) found."), 0))
    if not issue.columns:
        issue.problems.append(
            _problem(issue, tr("没有找到任何栏目（单独一行的【栏目名称】）。", "no column heading (【…】 on a line of its own) found."), 0)
        )
    return issue


def _problem(issue: PastIssue, message: str, line: int) -> Problem:
    return Problem(issue.display, message, line)


def _masthead(issue: PastIssue, paras: list[_Para]) -> int:
    """Mark, name, issue line, editor and date; returns the index of the first body paragraph."""
    title_parts: list[str] = []
    pending: list[_Para] = []
    for i, p in enumerate(paras):
        text = p.text
        if COLUMN.match(text):
            break
        m = ISSUE_LINE.match(re.sub(r"\s+", "", text))
        if m and issue.number is None:
            issue.number = chinese_number(m[1])
            issue.total = chinese_number(m[2]) if m[2] else None
            title_parts += [q.text for q in pending]
            pending = []
            continue
        d = DATE.search(text)
        if d and issue.date is None and (issue.number is not None or title_parts or pending):
            try:
                issue.date = dt.date(int(d[1]), int(d[2]), int(d[3]))
            except ValueError:
                issue.problems.append(_problem(issue, tr(f"日期“{d[0]}”不存在。", f"“{d[0]}” is not a date."), p.source.line))
            editor = (text[: d.start()] + text[d.end():]).strip(_SPACE)
            if not editor and pending and issue.number is not None:
                editor = "".join(q.text for q in pending)
                pending = []
            issue.editor = editor or None
            if issue.number is None:
                title_parts += [q.text for q in pending]
            issue.title = "".join(title_parts) or None
            return i + 1
        if not title_parts and not pending and issue.number is None and MARK.search(text) and len(text) <= 20:
            issue.mark = re.sub(r"[ \t\xa0]+", " ", text)
            continue
        if not pending and issue.number is None:
            issue.title_color = next((r.color for r in p.source.runs if r.text.strip() and r.color), None)
        pending.append(p)
    title_parts += [q.text for q in pending]
    if title_parts:
        issue.title = "".join(title_parts)
    # no date line: the body starts at the first column heading
    return next((i for i, p in enumerate(paras) if COLUMN.match(p.text)), len(paras))


def _body(issue: PastIssue, paras: list[_Para], teams: Sequence[str]) -> None:
    column: PastColumn | None = None
    contribution: PastContribution | None = None
    pending_title = ""
    in_tail = False
    for p in paras:
        text, line = p.text, p.source.line
        tail = _tail_line(issue, text)
        if tail:
            in_tail = True
            continue
        if in_tail:
            issue.problems.append(
                _problem(issue, tr(f"报尾后面还有文字“{text[:20]}”，不知道放在哪里。请删掉或移到正文里再导入。",
                                   f"text after the tail (“{text[:20]}”); move or delete it."), line)
            )
            continue
        m = COLUMN.match(text)
        if m:
            column = PastColumn(m[1], [], line)
            issue.columns.append(column)
            contribution, pending_title = None, ""
            continue
        if column is None:
            issue.note.append(text)
            continue
        team, label, start = split_lead(p, teams)
        if not team and column.contributions and column.contributions[0].team:
            _maybe_unrecognised_lead(issue, p)
        if not team and p.source.alignment == "center" and not pending_title:
            pending_title = text  # a centred article title: the next paragraph is its text
            continue
        title = ""
        if pending_title:
            title, pending_title = pending_title, ""
        else:
            end = p.bold_run(start)
            if start < end < len(text):
                title = text[start:end].strip(_SPACE)
                if title.endswith("。"):
                    title = title[:-1]
                start = end
        body = text[start:].strip(_SPACE)
        if team or contribution is None:
            contribution = next((c for c in column.contributions if c.team == team), None)
            if contribution is None:
                contribution = PastContribution(team, label, [], line)
                column.contributions.append(contribution)
        if not body:
            issue.problems.append(
                _problem(issue, tr("这一段只有单位名称或标题，没有正文。", "a paragraph with a lead or title but no text."), line)
            )
            continue
        if title or not contribution.items or not contribution.items[-1].title:
            contribution.items.append(PastItem(title, [body]))
        else:
            contribution.items[-1].paragraphs.append(body)  # continues a titled item
    if pending_title:
        issue.problems.append(_problem(issue, tr(f"标题“{pending_title}”后面没有正文。", f"title “{pending_title}” has no text."), 0))


def _maybe_unrecognised_lead(issue: PastIssue, p: _Para) -> None:
    """A paragraph read as the previous unit's that opens like a lead: say so, since a unit
    silently merged into another is the one mistake a clerk would not notice."""
    cut = next((i for i, c in enumerate(p.text[:30]) if c in COLONS), -1)
    name = p.text[:cut]
    if 1 < cut <= 25 and not (set(name) & _NOT_IN_NAME):
        issue.warnings.append(
            Problem(issue.display, tr(
                f"这一段以“{name}{p.text[cut]}”开头，像是一个单位的引导语，但没有认出这个单位，已作为上一单位内容的续段导入。"
                "如果它是单位名称，请把它加到 bulletin.yaml 的报送单位里后用 --replace 重新导入。",
                f"this paragraph opens with “{name}{p.text[cut]}”, like a unit's lead, but it was read as "
                "the previous unit's text. If it is a unit, add it to bulletin.yaml and import again with --replace.",
            ), p.source.line, 1, "warning")
        )


def _tail_line(issue: PastIssue, text: str) -> bool:
    compact = text.strip(_SPACE)
    m = RESPONSIBLE.match(compact)
    if m:
        rest = m[1].strip(_SPACE)
        copies = re.search(r"[（(]?\s*共印\s*(\d+)\s*份\s*[)）]?$", rest)
        if copies:
            issue.copies = int(copies[1])
            rest = rest[: copies.start()].strip(_SPACE)
        issue.responsible_editor = rest
        return True
    m = COPIES.match(compact)
    if m:
        issue.copies = int(m[1])
        return True
    m = DISTRIBUTION.match(compact)
    if m and (issue.columns or issue.note):
        to = m[2].strip(_SPACE)
        copies = _TRAILING_COPIES.search(to)  # 共印N份 at the right of a 报/送/发 row
        if copies and copies.start() > 0:
            issue.copies = int(copies[1])
            to = to[: copies.start()].strip(_SPACE)
        issue.distribution.append((m[1], to))
        return True
    if issue.columns and PRINTED.match(compact):
        return True  # 印发机关 and 印发日期 (GB/T 9704 版记): the settings' editor and the date
    return False

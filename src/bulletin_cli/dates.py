"""Dates as clerks write them: 2023-07-21, 2023年7月21日, 2023/7/21, 2023.7.21, 7月21日.

One parser for every place a date is read (``--date`` options, issue.yaml), so that a date
accepted in one place is accepted everywhere, and a date that does not exist (2023年2月30日)
is refused with a sentence a clerk understands rather than "day is out of range for month".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .messages import tr


class DateError(ValueError):
    """A date that cannot be read, or that does not exist; ``str()`` is the user's message."""


_SEP = r"\s*[-/.]\s*"
_FULL = re.compile(rf"(\d{{4}})(?:{_SEP}|\s*年\s*)(\d{{1,2}})(?:{_SEP}|\s*月\s*)(\d{{1,2}})\s*[日号]?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
EXAMPLE = "2023-07-21"


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """The date ``text`` names. ``7月21日`` means this year (``today``'s). Full-width digits
    and separators (２０２３／７／２１) are read like ASCII ones. Raises DateError."""
    raw = text
    text = unicodedata.normalize("NFKC", text).strip()
    m = _FULL.fullmatch(text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _MONTH_DAY.fullmatch(text)
        if not m:
            raise DateError(
                tr(
                    f"看不懂日期“{raw}”，请写成 {EXAMPLE} 或 2023年7月21日。",
                    f"cannot read the date “{raw}”; write {EXAMPLE}.",
                )
            )
        year = (today or dt.date.today()).year
        month, day = int(m[1]), int(m[2])
    return make_date(year, month, day)


def make_date(year: int, month: int, day: int) -> dt.date:
    """``dt.date`` with the reason in words when the date does not exist."""
    if not 1 <= year <= 9999:
        raise DateError(tr(f"年份 {year} 不对。", f"year {year} is out of range."))
    if not 1 <= month <= 12:
        raise DateError(tr(f"没有{month}月，月份应在 1 到 12 之间。", f"there is no month {month}."))
    import calendar  # here, not at the top: only a date typed as text comes this way

    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            tr(
                f"{year}年{month}月没有{day}日（这个月只有{last}天）。",
                f"{calendar.month_name[month]} {year} has no day {day} (it has {last} days).",
            )
        )
    return dt.date(year, month, day)


def coerce_date(value: object) -> object:
    """For a pydantic ``mode="before"`` validator: text becomes a date, anything else (a date
    YAML already read, a number, None) is left for pydantic to judge."""
    if isinstance(value, str):
        return parse_date(value)
    return value


def date_option(text: str | None) -> dt.date | None:
    """A ``--date`` value: None when not given; a usage error (exit 2) when unreadable."""
    from .errors import UsageProblem

    if text is None:
        return None
    try:
        return parse_date(text)
    except DateError as exc:
        raise UsageProblem(str(exc)) from None


def chinese_date(d: dt.date) -> str:
    """2023年7月21日, as printed on the issue."""
    return f"{d.year}年{d.month}月{d.day}日"

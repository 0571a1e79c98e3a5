"""Fragments → AssembledIssue: the one ordered model that every output reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .model import (
    AssembledIssue,
    Column,
    Contribution,
    Fragment,
    IssueInfo,
    Paragraph,
    Series,
    TitledItem,
)

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


class LoadedFragment(NamedTuple):
    """A validated fragment with where it came from (for messages). A NamedTuple, not a
    dataclass: cheaper to create at import."""

    fragment: Fragment
    path: str
    lines: dict[tuple[str | int, ...], int]  # field path → line, for items
    text: str = ""  # the file as read: decoded, LF line ends (what add-section stores)

    def line_of(self, *path: str | int) -> int:
        return self.lines.get(tuple(path), 0)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by a blank line; single newlines inside one are joined: with
    nothing between Chinese characters (Chinese needs no space where a line was wrapped), with
    a space between two Latin letters or digits (``Windows`` / ``Server``: the wrap stood for
    the space between two words)."""
    paras = []
    for block in _BLANK_LINE.split(text.strip()):
        joined = _join_lines(block.splitlines())
        if joined:
            paras.append(joined)
    return paras


def _join_lines(lines: Sequence[str]) -> str:
    parts: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts and _latin(parts[-1][-1]) and _latin(line[0]):
            parts.append(" ")
        parts.append(line)
    return "".join(parts)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def printed_title(title: str) -> str:
    """An item's title on the one line it prints on: a title wrapped over lines in the file (a
    plain value keeps its line breaks as typed) is joined like the lines of a paragraph, and so
    are its paragraphs when a blank line was left in it (``Windows`` / ``Server`` never run
    together)."""
    return _join_lines(split_paragraphs(title)) if "\n" in title else title


def fragment_characters(fragment: Fragment) -> dict[str, int]:
    """Printed characters per column (titles and paragraphs, without line breaks)."""
    counts: dict[str, int] = {}
    for column, items in fragment.sections.items():
        total = 0
        for item in items:
            if isinstance(item, TitledItem):
                total += len(printed_title(item.title)) + sum(map(len, split_paragraphs(item.text)))
            else:
                total += sum(map(len, split_paragraphs(item)))
        counts[column] = total
    return counts


def render_label(template: str, team: str) -> str:
    return template.replace("{team}", team) if template else ""


def contribution_paragraphs(
    series_label: str, loaded: LoadedFragment, section: str
) -> list[Paragraph]:
    frag = loaded.fragment
    lead = render_label(series_label, frag.team)
    out: list[Paragraph] = []
    for i, item in enumerate(frag.sections[section]):
        line = loaded.line_of("sections", section, i)
        if isinstance(item, TitledItem):
            paras = split_paragraphs(item.text)
            title = printed_title(item.title)
        else:
            paras = split_paragraphs(item)
            title = ""
        for j, text in enumerate(paras):
            out.append(
                Paragraph(
                    text=text,
                    lead=lead if not out else "",
                    title=title if j == 0 else "",
                    source=loaded.path,
                    line=line,
                )
            )
    return out


def assemble(
    series: Series,
    info: IssueInfo,
    fragments: Sequence[LoadedFragment],
    *,
    draft: bool = False,
) -> AssembledIssue:
    """Order columns by the series and contributions by the series' unit order; leave out
    empty columns."""
    team_order = {name: i for i, name in enumerate(series.team_names())}
    ordered = sorted(fragments, key=lambda f: team_order.get(f.fragment.team, len(team_order)))
    columns: list[Column] = []
    empty: list[str] = []
    for spec in series.sections:
        contributions = [
            Contribution(team=f.fragment.team, paragraphs=contribution_paragraphs(spec.label, f, spec.name))
            for f in ordered
            if spec.name in f.fragment.sections
        ]
        contributions = [c for c in contributions if c.paragraphs]
        if contributions:
            columns.append(Column(name=spec.name, contributions=contributions))
        else:
            empty.append(spec.name)
    submitted = {f.fragment.team for f in fragments}
    missing = [t.name for t in series.teams if t.expected and t.name not in submitted]
    return AssembledIssue(
        title=series.title,
        editor=series.editor,
        mark=series.mark,
        number=info.number,
        total=info.total,
        date=info.date,
        note=split_paragraphs(info.note) if info.note else [],
        columns=columns,
        distribution=series.distribution,
        copies=series.copies,
        responsible_editor=series.responsible_editor,
        layout=series.layout,
        missing_teams=missing,
        empty_columns=empty,
        draft=draft,
    )

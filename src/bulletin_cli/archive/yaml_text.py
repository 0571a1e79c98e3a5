"""YAML text for the files the tool writes from a past issue (issue.yaml, fragments,
bulletin.yaml entries), in the forms a clerk writes by hand: plain scalars where they read back
unchanged, quotes where they would not, block literals for several paragraphs."""

from __future__ import annotations

import json

import yaml

from ..model import Fragment, IssueInfo, TitledItem
from ..workspace import SCHEMA_DIR, render_issue_yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: same results, faster


def scalar(text: str) -> str:
    """``text`` as a one-line YAML value that reads back as exactly ``text`` both after
    ``key: `` and after ``- ``."""
    if "\n" not in text and text == text.strip():
        try:
            if yaml.load(f"k: {text}", Loader=FAST_LOADER) == {"k": text} and yaml.load(f"- {text}", Loader=FAST_LOADER) == [text]:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def paragraphs_value(paragraphs: list[str], indent: int) -> str:
    """One paragraph on the line; several as a block literal, a blank line between them."""
    if len(paragraphs) == 1:
        return " " + scalar(paragraphs[0])
    if all(p == p.strip() and "\n" not in p for p in paragraphs):
        pad = " " * indent
        return " |\n" + "\n\n".join(pad + p for p in paragraphs)
    return " " + scalar("\n\n".join(paragraphs))


def fragment_yaml(fragment: Fragment) -> str:
    lines = [
        f"# yaml-language-server: $schema=../../../{SCHEMA_DIR}/fragment.schema.json",
        f"team: {scalar(fragment.team)}",
    ]
    if fragment.issue is not None:
        lines.append(f"issue: {fragment.issue}")
    lines.append("sections:")
    for column, items in fragment.sections.items():
        lines.append(f"  {scalar(column)}:")
        for item in items:
            if isinstance(item, TitledItem):
                lines.append(f"    - title: {scalar(item.title)}")
                lines.append("      text:" + paragraphs_value(item.text.split("\n\n"), 8))
            else:
                lines.append("    -" + paragraphs_value([item], 6))
    return "\n".join(lines) + "\n"


def issue_yaml(info: IssueInfo) -> str:
    """issue.yaml as ``bulletin new`` writes it, with the 按语 filled in when there is one."""
    text = render_issue_yaml(info)
    if not info.note:
        return text
    lines = [line for line in text.splitlines() if not line.startswith("# note:")]
    lines.append("note:" + paragraphs_value(info.note.split("\n\n"), 2))
    return "\n".join(lines) + "\n"

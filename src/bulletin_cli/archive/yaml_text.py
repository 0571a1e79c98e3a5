"""YAML text for the files the tool writes from a past issue (issue.yaml, fragments,
bulletin.yaml entries), in the forms a clerk writes by hand: plain scalars where they read back
unchanged, quotes where they would not, block literals for several paragraphs."""

from __future__ import annotations

from ..model import Fragment, IssueInfo, TitledItem
from ..workspace import FRAGMENT_SCHEMA_LINE
from ..yaml_writer import BLOCK_SAFE, FAST_LOADER, render_with_note, scalar

__all__ = ["FAST_LOADER", "fragment_yaml", "issue_yaml", "paragraphs_value", "scalar"]


def paragraphs_value(paragraphs: list[str], indent: int) -> str:
    """One paragraph on the line; several as a block literal, a blank line between them."""
    if len(paragraphs) == 1:
        return " " + scalar(paragraphs[0])
    if all(p == p.strip() and "\n" not in p and BLOCK_SAFE.fullmatch(p) for p in paragraphs):
        pad = " " * indent
        return " |\n" + "\n\n".join(pad + p for p in paragraphs)
    return " " + scalar("\n\n".join(paragraphs))


def fragment_yaml(fragment: Fragment) -> str:
    lines = [
        FRAGMENT_SCHEMA_LINE,
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
    """issue.yaml as ``bulletin new`` writes it, with the 按语 filled in as ``bulletin edit``
    writes it."""
    return render_with_note(info)

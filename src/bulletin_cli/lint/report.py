"""Words and diffs for people: shared by `bulletin lint`, add-section and preview."""

from __future__ import annotations

import difflib

from ..messages import tr
from .engine import Finding


def format_finding(f: Finding) -> str:
    """``file:line:column: CODE message`` (file left out when the finding has none)."""
    return f"{f.location()}: {f.code} {f.message}"


def before_after(f: Finding) -> list[str]:
    lines = [tr(f"  原文\uff1a{f.before}", f"  before: {f.before}")]
    if f.after is not None:
        lines.append(tr(f"  改为\uff1a{f.after}", f"  after:  {f.after}"))
    return lines


def diff_text(old: str, new: str, name: str = "") -> str:
    """A unified diff of a file before and after ``--fix``."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}" if name else "before",
            tofile=f"b/{name}" if name else "after",
        )
    )

"""YAML text the tool writes for a clerk to read and edit (issue.yaml, fragments, bulletin.yaml
entries): one set of quoting rules, so every file the tool writes reads back as exactly the text
it was given. Plain scalars where they read back unchanged, literal blocks where the text can
stand in one, a double-quoted string with escapes for everything else."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from .model import IssueInfo

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: same results, faster

_NOTE_COMMENT = re.compile(r"^# note: \|.*\n", re.MULTILINE)
# What YAML prints as is (PyYAML's reader), less its extra line breaks (\x85 \u2028 \u2029) and
# the byte order mark: such text can stand in a literal block.
BLOCK_SAFE = re.compile("[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")


def quoted_body(text: str) -> str:
    """The inside of a YAML double-quoted scalar: printable characters as they are, the rest
    escaped (``\\n``, ``\\t``, ``\\uXXXX``), so that it reads back as exactly ``text``."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif BLOCK_SAFE.fullmatch(ch):
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``text``."""
    return '"' + quoted_body(text) + '"'


def scalar(text: str) -> str:
    """``text`` as a one-line YAML value that reads back as exactly ``text`` both after
    ``key: `` and after ``- ``: plain when it can be, else double-quoted."""
    if "\n" not in text and text == text.strip():
        try:
            if yaml.load(f"k: {text}", Loader=FAST_LOADER) == {"k": text} and yaml.load(f"- {text}", Loader=FAST_LOADER) == [text]:
                return text
        except yaml.YAMLError:
            pass
    return quoted(text)


def note_yaml(note: str) -> str:
    """``note:`` as a literal block (readable, every character kept), or as a quoted string
    when the text has what a block cannot carry (control characters, leading spaces)."""
    lines = note.split("\n")
    if BLOCK_SAFE.fullmatch(note) and not note[:1].isspace() and all(line == line.rstrip() for line in lines):
        body = "\n".join(("  " + line) if line else "" for line in lines)
        return f"note: |-              # 按语（编者按）\n{body}\n"
    return f"note: {quoted(note)}\n"


def render_with_note(info: IssueInfo) -> str:
    """issue.yaml as ``bulletin new`` writes it, the 按语 (if any) in place of its comment line."""
    from .workspace import render_issue_yaml  # not at the top: lint/ uses the quoting alone

    text = render_issue_yaml(info)
    if info.note:
        text = _NOTE_COMMENT.sub(lambda _m: note_yaml(info.note or ""), text, count=1)
    return text

"""Adding columns and units to an existing bulletin.yaml without losing a clerk's comments:
the new entries are inserted as text at the end of the ``sections:`` and ``teams:`` lists."""

from __future__ import annotations

import re

from ..errors import BulletinError
from ..messages import tr
from .yaml_text import scalar

_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def _block_end(lines: list[str], key: str) -> tuple[int, str] | None:
    """(index after the last entry of the top-level list ``key``, its item indent), or None
    when the key is absent."""
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{key}\s*:", line)), None)
    if start is None:
        return None
    if re.match(rf"^{key}\s*:\s*\[", lines[start]):
        raise BulletinError.single(
            "bulletin.yaml",
            tr(f"“{key}:”写成了一行的 [ ] 形式，无法自动添加，请改成每行“- ”的写法，或手动添加。",
               f"“{key}:” is written as a one-line [ ] list; write one “- ” entry per line, or add by hand."),
            start + 1,
        )
    end, indent = start + 1, "  "
    found_indent = False
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if _TOP_KEY.match(line):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            end = i + 1
            m = re.match(r"^(\s*)- ", line)
            if m and not found_indent:
                indent, found_indent = m.group(1), True
    return end, indent


def add_to_series(text: str, sections: list[tuple[str, str]], teams: list[tuple[str, list[str]]]) -> str:
    """``text`` with the columns (name, label) and the units (name, usual columns) appended."""
    lines = text.split("\n")
    for key, entries in (("sections", [_section(n, lab) for n, lab in sections]),
                         ("teams", [_team(n, cols) for n, cols in teams])):
        if not entries:
            continue
        found = _block_end(lines, key)
        if found is None:
            while lines and not lines[-1].strip():
                lines.pop()
            lines += ["", f"{key}:"] + [line.format(indent="  ") for entry in entries for line in entry] + [""]
            continue
        end, indent = found
        new = [line.format(indent=indent) for entry in entries for line in entry]
        lines[end:end] = new
    return "\n".join(lines)


def _section(name: str, label: str) -> list[str]:
    first = "{indent}- name: " + _braces(scalar(name)) + "    # bulletin import 添加"
    return [first] + (["{indent}  label: " + _braces(scalar(label))] if label else [])


def _team(name: str, columns: list[str]) -> list[str]:
    out = ["{indent}- name: " + _braces(scalar(name)) + "    # bulletin import 添加"]
    if columns:
        out.append("{indent}  sections:")
        out += ["{indent}    - " + _braces(scalar(c)) for c in columns]
    return out


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")

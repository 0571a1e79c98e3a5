"""Lint and fix the text values of a YAML fragment file in place.

Only the strings under ``sections`` (items and item titles) and an issue.yaml's ``note`` (按语)
are text; keys, ``team``, comments
and layout belong to the clerk and are never touched. A fix is written into the raw file at the
exact characters it changes, so a diff shows only what lint changed. Every fixed file is parsed
again and its values compared with ``fix_text`` of the original values; a scalar whose in-place
edit does not survive that check is rewritten whole as a double-quoted string instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import BulletinError
from ..messages import tr
from .engine import Edit, Finding, LineIndex, Outcome, relocate

SECTION_KEYS = ("sections", "栏目")
ITEM_TEXT_KEYS = ("title", "text", "标题", "正文")
NOTE_KEYS = ("note", "按语")  # issue.yaml's 按语: printed like body text, linted the same way
STR_TAG = "tag:yaml.org,2002:str"


def _compose(text: str, path: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        # in the words add-section uses (a misaligned item, a # in text, …), not PyYAML's
        from dataclasses import replace

        from ..sources.files import Source
        from ..sources.yaml_reader import _syntax_problem

        problem = _syntax_problem(Source(Path(path), text, "utf-8", path), exc)
        raise BulletinError([replace(problem, code="YAML")]) from None
    except yaml.YAMLError as exc:
        raise BulletinError.single(path, tr(f"YAML 格式错误\uff1a{exc}", f"YAML syntax error: {exc}")) from None


def text_nodes(root: Node | None, text: str) -> Iterator[ScalarNode]:
    """The scalars that are bulletin text, in file order, each once. A plain value wrapped over
    several lines gets the value the issue prints (``plain_text_as_typed``: a line break where
    YAML folds in a space), so no finding is about a space nobody typed or the issue prints."""
    if not isinstance(root, MappingNode):
        return
    seen: set[int] = set()

    def emit(node: Node) -> Iterator[ScalarNode]:
        if isinstance(node, ScalarNode) and node.tag == STR_TAG and id(node) not in seen:
            seen.add(id(node))
            if node.start_mark.line != node.end_mark.line:
                from ..sources.yaml_reader import read_wrapped_as_typed

                read_wrapped_as_typed(node, text)
            yield node

    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value in NOTE_KEYS:
            yield from emit(value)
            continue
        if not (isinstance(key, ScalarNode) and key.value in SECTION_KEYS and isinstance(value, MappingNode)):
            continue
        for _name, items in value.value:
            entries = items.value if isinstance(items, SequenceNode) else [items]
            for item in entries:
                if isinstance(item, MappingNode):
                    for k, v in item.value:
                        if isinstance(k, ScalarNode) and k.value in ITEM_TEXT_KEYS:
                            yield from emit(v)
                else:
                    yield from emit(item)


# ------------------------------------------------------------------------------ raw <-> value

_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
    "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}


def _escape_at(raw: str, j: int) -> tuple[str | None, int]:
    """Decode the escape at ``raw[j] == '\\'``: (character or None for a line break, length)."""
    c = raw[j + 1 : j + 2]
    if c in _HEX:
        n = _HEX[c]
        return chr(int(raw[j + 2 : j + 2 + n], 16)), 2 + n
    if c in _ESCAPES:
        return _ESCAPES[c], 2
    if c in ("\n", "\r"):
        k = j + 1
        while k < len(raw) and raw[k] in "\r\n \t":
            k += 1
        return None, k - j
    raise ValueError("unknown escape")


def align(raw: str, value: str, style: str | None) -> list[int | None] | None:
    """For each character of ``value``, the index in ``raw`` (the scalar's source) it is
    written at, or None when it comes from syntax (an escape, a line fold). None overall when
    the two cannot be lined up."""
    j = 0
    if style in ("'", '"'):
        j = 1
    elif style in ("|", ">"):
        nl = raw.find("\n")
        j = len(raw) if nl == -1 else nl + 1
    out: list[int | None] = []
    n = len(raw)
    try:
        for c in value:
            while True:
                if j >= n:
                    return None
                r = raw[j]
                if style == "'" and r == "'":
                    if raw[j + 1 : j + 2] == "'" and c == "'":
                        out.append(None)  # written as ''
                        j += 2
                        break
                    return None
                if style == '"' and r == "\\":
                    decoded, length = _escape_at(raw, j)
                    j += length
                    if decoded is None:
                        continue
                    if decoded == c:
                        out.append(None)
                        break
                    return None
                if style == '"' and r == '"':
                    return None
                if r == c:
                    out.append(j)
                    j += 1
                    break
                if r in " \t\r\n":
                    if c in " \n" and r in "\r\n" and style != "|":
                        out.append(None)  # a line fold produced this character
                        j += 1
                        break
                    j += 1
                    continue
                return None
    except (ValueError, IndexError):
        return None
    return out


def _encode(new: str, style: str | None) -> str | None:
    if style == "'":
        return new.replace("'", "''")
    if style == '"':
        from ..yaml_writer import quoted_body  # only --fix writes: not imported to lint

        return quoted_body(new)
    if "\n" in new:
        return None
    return new


def _raw_edits(node: ScalarNode, raw: str, edits: list[Edit]) -> list[tuple[int, int, str]] | None:
    """The value edits as edits of the file, or None when they cannot be placed exactly."""
    amap = align(raw, node.value, node.style)
    if amap is None:
        return None
    base = node.start_mark.index
    out = []
    for ed in edits:
        new = _encode(ed.new, node.style)
        if new is None:
            return None
        if ed.start < ed.end:
            # Characters written as syntax (a line fold, an escape) are replaced together with
            # the raw text between their written neighbours: that text is exactly them.
            first, last = amap[ed.start], amap[ed.end - 1]
            if first is None:
                prev = amap[ed.start - 1] if ed.start > 0 else None
                if prev is None:
                    return None
                first = prev + 1
            if last is None:
                nxt = amap[ed.end] if ed.end < len(amap) else None
                if nxt is None:
                    return None
                end = nxt
            else:
                end = last + 1
            s, e = first, end
        elif ed.start < len(amap) and amap[ed.start] is not None:
            s = e = amap[ed.start]  # type: ignore[assignment]
        elif ed.start > 0 and amap[ed.start - 1] is not None:
            s = e = amap[ed.start - 1] + 1  # type: ignore[operator]
        else:
            return None
        out.append((base + s, base + e, new))  # type: ignore[operator]
    return out


def _whole(node: ScalarNode, raw: str, fixed: str) -> tuple[int, int, str]:
    """Rewrite the whole scalar as a double-quoted string (the safe fallback)."""
    from ..yaml_writer import quoted_body
    s, e = node.start_mark.index, node.end_mark.index
    trail = raw[len(raw.rstrip("\r\n")) :] if node.style in ("|", ">") else ""
    return s, e, f'"{quoted_body(fixed)}"{trail}'


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts = []
    pos = 0
    for s, e, new in sorted(edits):
        parts.append(text[pos:s])
        parts.append(new)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


# ------------------------------------------------------------------------------ public API


class FragmentFix:
    """The outcome of fixing one fragment file's text. (A plain class: creating a dataclass
    costs a third of a millisecond at import, paid by every command that lints.)"""

    def __init__(
        self, original: str, text: str, findings: list[Finding] | None = None, rewritten: int = 0, unfixed: int = 0
    ) -> None:
        self.original = original
        self.text = text  # the fixed file text
        self.findings: list[Finding] = [] if findings is None else findings  # positions in the original file
        self.rewritten = rewritten  # scalars that had to be rewritten whole (quoted)
        self.unfixed = unfixed  # scalars left as they were because no safe rewrite was found

    def __repr__(self) -> str:
        return (
            f"FragmentFix(changed={self.changed}, findings={len(self.findings)}, "
            f"rewritten={self.rewritten}, unfixed={self.unfixed})"
        )

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def remaining(self) -> list[Finding]:
        """What ``--fix`` cannot fix (report-only findings)."""
        return [f for f in self.findings if not f.fixable]


def _check(value: str, script: str, disabled: Collection[str]) -> Outcome:
    from . import check_text

    return check_text(value, script=script, disabled=disabled)


def _file_findings(
    path: str, text: str, nodes: list[ScalarNode], outcomes: list[Outcome]
) -> list[Finding]:
    lines = LineIndex(text)
    findings = []
    for node, outcome in zip(nodes, outcomes):
        if not outcome.findings:
            continue
        base = node.start_mark.index
        raw = text[base : node.end_mark.index]
        amap = align(raw, node.value, node.style) or []
        for f in outcome.findings:
            s = _to_raw(amap, f.offset, base)
            e = max(s, _to_raw(amap, f.end - 1, base) + 1) if f.end > f.offset else s
            line, col = lines.position(s)
            findings.append(relocate(f, s, e, line, col, path))
    findings.sort(key=lambda f: (f.offset, f.code))
    return findings


def _to_raw(amap: list[int | None], k: int, base: int) -> int:
    """File offset of value character ``k`` (nearest written character if it is syntax)."""
    # Lazily, nearest first: a list of every index here made lint quadratic in an item's length.
    for i in itertools.chain(range(min(k, len(amap) - 1), -1, -1), range(k + 1, len(amap))):
        if amap[i] is not None:
            return base + amap[i] + (k - i if i < k else 0)  # type: ignore[operator]
    return base


def lint_fragment_file(
    path: str | Path,
    text: str,
    *,
    script: str = "simplified",
    disabled: Collection[str] = (),
    root: Node | None = None,
) -> list[Finding]:
    """Findings in the text values of a fragment, with line/column in the file. ``root``: the
    file's YAML already composed from ``text`` (load.parse_yaml keeps it), not parsed again."""
    if root is None:
        root = _compose(text, str(path))
    nodes = list(text_nodes(root, text))
    outcomes = [_check(n.value, script, disabled) for n in nodes]
    return _file_findings(str(path), text, nodes, outcomes)


def fix_fragment(
    text: str,
    *,
    script: str = "simplified",
    disabled: Collection[str] = (),
    path: str | Path = "<fragment>",
) -> FragmentFix:
    """Fix the text values of a fragment, touching nothing else in the file."""
    root = _compose(text, str(path))
    nodes = list(text_nodes(root, text))
    outcomes = [_check(n.value, script, disabled) for n in nodes]
    findings = _file_findings(str(path), text, nodes, outcomes)
    result = FragmentFix(original=text, text=text, findings=findings)
    todo = [(n, o) for n, o in zip(nodes, outcomes) if o.text != n.value]
    if not todo:
        return result

    plan: dict[int, list[tuple[int, int, str]] | None] = {}
    for i, (node, outcome) in enumerate(todo):
        raw = text[node.start_mark.index : node.end_mark.index]
        plan[i] = _raw_edits(node, raw, outcome.edits)
    mode = {i: ("edit" if p is not None else "whole") for i, p in plan.items()}

    for _attempt in range(3):
        edits: list[tuple[int, int, str]] = []
        for i, (node, outcome) in enumerate(todo):
            raw = text[node.start_mark.index : node.end_mark.index]
            if mode[i] == "edit":
                edits.extend(plan[i] or [])
            elif mode[i] == "whole":
                edits.append(_whole(node, raw, outcome.text))
        candidate = _apply(text, edits)
        bad = _verify(candidate, nodes, outcomes, todo, mode)
        if not bad:
            result.text = candidate
            result.rewritten = sum(1 for m in mode.values() if m == "whole")
            result.unfixed = sum(1 for m in mode.values() if m == "skip")
            return result
        for i in bad:
            mode[i] = "whole" if mode[i] == "edit" else "skip"
    result.unfixed = len(todo)
    return result


def _verify(
    candidate: str,
    nodes: list[ScalarNode],
    outcomes: list[Outcome],
    todo: list[tuple[ScalarNode, Outcome]],
    mode: dict[int, str],
) -> list[int]:
    """Indexes (into ``todo``) of scalars that did not come out as intended; every one when
    the file no longer parses the same way."""
    everything = [i for i, m in mode.items() if m != "skip"]
    try:
        new_nodes = list(text_nodes(yaml.compose(candidate, Loader=yaml.SafeLoader), candidate))
    except yaml.YAMLError:
        return everything
    if len(new_nodes) != len(nodes):
        return everything
    position = {id(n): k for k, n in enumerate(nodes)}
    fixed_of = {id(n): o.text for n, o in zip(nodes, outcomes)}
    bad = []
    for i, (node, outcome) in enumerate(todo):
        want = outcome.text if mode[i] != "skip" else node.value
        if new_nodes[position[id(node)]].value != want:
            bad.append(i)
    for k, (old, new) in enumerate(zip(nodes, new_nodes)):
        if id(old) not in {id(n) for n, _ in todo} and new.value != fixed_of[id(old)]:
            return everything
    return bad


def fix_fragment_text(
    text: str, *, script: str = "simplified", disabled: Collection[str] = ()
) -> str:
    """The fragment file text with its text values fixed; keys, comments and layout kept."""
    return fix_fragment(text, script=script, disabled=disabled).text

"""Reading YAML submissions and settings: text → YAML data with line numbers → models.

Every failure becomes a Problem naming the file, line, column and field, in words a clerk
understands. Nothing here executes anything a file says: YAML is composed into nodes and built
by hand, so Python tags are refused, aliases are refused (no alias bombs), and duplicate keys are
errors rather than silently overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic_core import ValidationError

from ..errors import BulletinError, Problem
from ..messages import suggest, tr
from ..model import KEY_ALIASES, FileModel, Fragment, IssueInfo
from .files import BAD_VALUE_CHARS, DEFAULT_MAX_SIZE, Source, read_source

YAML_SUFFIXES = (".yaml", ".yml")  # a submission in YAML; any other name goes through a converter

MAX_DEPTH = 40
MAX_NODES = 20_000

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=FileModel)

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

# Field names as a clerk reads them.
FIELD_NAMES_ZH: dict[str, str] = {
    "team": "专班",
    "issue": "期号",
    "sections": "栏目",
    "title": "标题",
    "text": "正文",
    "name": "名称",
    "label": "引导语",
    "number": "期号",
    "date": "日期",
    "total": "总期号",
    "note": "按语",
    "editor": "编发单位",
    "teams": "报送单位",
    "distribution": "分送",
    "copies": "印数",
    "responsible_editor": "责任编辑",
    "mark": "左上角标识",
    "expected": "每期必报",
    "to": "分送单位",
    "layout": "版式",
}


@dataclass
class YamlDoc:
    """Plain data from a YAML file and where each value and key stands in it."""

    data: Any
    source: Source
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # the composed YAML, kept so that lint reads the file without parsing it again
    node: Any = field(default=None, repr=False, compare=False)

    def where(self, path: Path_, at_key: bool = False) -> tuple[int, int]:
        """The (line, column) of the value on ``path`` (or of its key, for problems with the
        key itself), else of the closest enclosing value."""
        path = tuple(path)
        if at_key and path in self.key_marks:
            return self.key_marks[path]
        while path:
            if path in self.value_marks:
                return self.value_marks[path]
            path = path[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(self, path: Path_, message: str, severity: str = "error", at_key: bool = False) -> Problem:
        line, col = self.where(path, at_key)
        return Problem(self.source.display, message, line, col, severity)


# ---------------------------------------------------------------------------------- text → data


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
# Keys whose values are text a person typed: a number, date or yes/no there is kept as typed.
_TEXT_KEYS = {"title", "text", "note", "editor", "mark", "responsible_editor", "to", "label", "name", "team"}
# What a character at the start of a plain value makes of it in YAML, for the messages.
_SPECIAL_START = {
    "*": ("别名", "an alias"),
    "&": ("锚点", "an anchor"),
    "!": ("标签", "a tag"),
    "%": ("指令", "a directive"),
    "@": ("保留符号", "a reserved character"),
    "`": ("保留符号", "a reserved character"),
    "[": ("列表", "a list"),
    "{": ("一组“字段: 值”", "a mapping"),
}
HASH_FIX = "这一条里有 #，请给整条加引号或改用 - |"


def _special_start_message(ch: str) -> str:
    zh, en = _SPECIAL_START[ch]
    return tr(
        f"这一条以“{ch}”开头，YAML 会把“{ch}”当成{zh}，文字会丢失或读错。"
        f"请给整条加引号（如 - \"{ch}……\"），或改用 - | 另起一行再写。",
        f"this item starts with “{ch}”, which YAML reads as {en}; the text would be lost or misread. "
        f"Quote the whole item (- \"{ch}…\") or use - | and write it on the next line.",
    )


def _hash_message() -> str:
    return tr(
        f"“#”和后面的文字会被 YAML 当成注释丢掉。{HASH_FIX}。",
        "“#” and everything after it would be read as a YAML comment and lost. Quote the whole item "
        "or use - | and write it on the next line.",
    )


def _header_comment_message(indicator: str = "|") -> str:
    return tr(
        f"“{indicator}”后面同一行的“#”和后面的文字会被 YAML 当成注释丢掉。请把这些字写到下一行，和这一条的正文写在一起。",
        f"after “{indicator}” the “#” and everything after it on that line is a YAML comment and would be lost; "
        "write it on the next line, with the item's text.",
    )


def _control_message(ch: str) -> str:
    return tr(
        f"这里有一个看不见的控制字符 U+{ord(ch):04X}（由转义写法如“\\x01”“\\u2028”产生），"
        "Word 文档里放不进去，终端上也会显示错乱。请删掉它。",
        f"invisible control character U+{ord(ch):04X} (written as an escape such as “\\x01”); it cannot "
        "go into a .docx. Remove it.",
    )


def plain_text_as_typed(span: str) -> str:
    """A plain (unquoted) value as the clerk typed it, from its source characters: lines of one
    paragraph stay lines (joined as in a ``- |`` block, so no space comes between Chinese
    characters where the line was wrapped) and a blank line stays a paragraph break, where YAML
    would fold both into spaces."""
    if "\n" not in span:
        return span
    paragraphs: list[list[str]] = [[]]
    for line in span.split("\n"):
        line = line.strip(" \t\r")
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def read_wrapped_as_typed(node: yaml.ScalarNode, text: str) -> None:
    """Give a plain value that runs over several lines of ``text`` its value as typed
    (``plain_text_as_typed``) instead of YAML's folding; other scalars are left as they are."""
    if not node.style and node.start_mark.line != node.end_mark.line:  # plain: style None, or "" from libyaml
        node.value = plain_text_as_typed(text[node.start_mark.index : node.end_mark.index])


def load_as_printed(text: str) -> Any:
    """``text``'s YAML data as plain Python values, every wrapped plain text read as typed
    (``plain_text_as_typed``), without the checks of ``parse_yaml``: for readers of files the
    tool already accepted (search), which must see the words the issue prints. Raises
    yaml.YAMLError."""
    from ..yaml_writer import FAST_LOADER

    loader = FAST_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        seen: set[int] = set()
        stack = [root]
        while stack:  # iterative: no recursion limit on deep files
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                if node.tag == _STR_TAG:
                    read_wrapped_as_typed(node, text)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(v for pair in node.value for v in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def is_item_path(path: Path_) -> bool:
    """An item of a fragment column: ("sections", column name, index)."""
    return len(path) == 3 and path[0] == "sections" and isinstance(path[1], str) and isinstance(path[2], int)


def _is_printed_text(path: Path_) -> bool:
    """Text printed as body paragraphs: an item, its title and text, the issue's note. Only
    here is a comment after the value lost text; elsewhere (a unit's name, settings) it is a
    comment."""
    return is_item_path(path) or (len(path) == 4 and is_item_path(path[:3])) or path == ("note",)


def _is_typed_text(path: Path_) -> bool:
    """Where a person's words are expected, so `15`, `yes` or `2023-02-30` are kept as typed."""
    return _is_printed_text(path) or (bool(path) and isinstance(path[-1], str) and path[-1] in _TEXT_KEYS)


class _Builder:
    """Builds plain data from composed YAML nodes, recording where everything is.

    With ``text_checks`` (fragments and issue.yaml), every plain text value is compared with
    the characters it was read from: a comment swallowed after it, an anchor or tag in front of
    it, a flow list where an item was meant are refused rather than printed short."""

    def __init__(self, source: Source, text_checks: bool = False) -> None:
        self.source = source
        self.doc = YamlDoc(None, source)
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.count = 0
        self.scalars = yaml.constructor.SafeConstructor()
        self.text_checks = text_checks
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.source.text.split("\n")
        return self._lines

    def fail(self, node: yaml.Node, message: str) -> None:
        self.fail_at(node.start_mark.line, node.start_mark.column, message)

    def fail_at(self, line: int, column: int, message: str) -> None:
        """``line`` and ``column`` 0-based, as in PyYAML marks."""
        self.problems.append(Problem(self.source.display, message, line + 1, column + 1))

    def build(self, node: yaml.Node, path: Path_, depth: int, indicator: int = -1) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise BulletinError.single(self.source.display, _too_many_nodes_message())
        if depth > MAX_DEPTH:
            self.fail(node, tr("嵌套层次太深。", "nesting too deep."))
            return None
        if id(node) in self.seen:
            self.fail(
                node,
                tr(
                    "不支持 YAML 别名（& 和 *）。请直接写出内容。",
                    "YAML aliases (& and *) are not supported; write the content out.",
                ),
            )
            return None
        self.seen.add(id(node))
        self.doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.text_checks and is_item_path(path) and not isinstance(node, yaml.ScalarNode) and node.flow_style:
            self.fail(node, _special_start_message(self.source.text[node.start_mark.index]))
            return None
        if node.tag not in _ALLOWED_TAGS:
            start = self.source.text[node.start_mark.index : node.start_mark.index + 2]
            if self.text_checks and _is_typed_text(path) and start[:1] == "!" and start != "!!":
                self.fail(node, _special_start_message("!"))
                return None
            self.fail(
                node,
                tr(
                    f"不允许使用 YAML 标签“{_short_tag(node.tag)}”（出于安全考虑，文件里的程序指令不会被执行）。请删掉它。",
                    f"YAML tag “{_short_tag(node.tag)}” is not allowed (nothing in a file is ever executed). Remove it.",
                ),
            )
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, tr("不支持 YAML 合并键（<<）。", "YAML merge keys (<<) are not supported."))
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, tr("字段名必须是文字。", "keys must be plain text."))
                    continue
                key = key_node.value
                bad = BAD_VALUE_CHARS.search(key)
                if bad:
                    self.fail(key_node, _control_message(bad.group()))
                    continue
                if key in out:
                    self.fail(
                        key_node,
                        tr(
                            f"字段“{key}”重复出现（第一次在第 {first_line[key]} 行）。同一层里每个字段只能写一次。",
                            f"duplicate key “{key}” (first at line {first_line[key]}).",
                        ),
                    )
                    continue
                first_line[key] = key_node.start_mark.line + 1
                canon = KEY_ALIASES.get(key, key)
                self.doc.key_marks[path + (canon,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if canon != key:
                    self.doc.key_marks[path + (key,)] = self.doc.key_marks[path + (canon,)]
                out[key] = self.build(value_node, path + (canon,), depth + 1, key_node.start_mark.column)
                if canon != key:
                    self.doc.value_marks[path + (key,)] = self.doc.value_marks.get(path + (canon,), (0, 0))
            return out
        if isinstance(node, yaml.SequenceNode):
            col = node.start_mark.column
            return [self.build(child, path + (i,), depth + 1, col) for i, child in enumerate(node.value)]
        return self.scalar(node, path, indicator)

    def scalar(self, node: yaml.ScalarNode, path: Path_, indicator: int) -> Any:
        typed_text = _is_typed_text(path)
        printed = self.text_checks and node.style is None and _is_printed_text(path)
        if self.text_checks and node.style in ("|", ">") and path != ("note",) and _is_printed_text(path):
            # `- | #1 关于…`: after a block header everything from # is a comment, lost. (issue.yaml's
            # `note: |-  # 按语（编者按）` is the tool's own comment, so the 按语 is left out.)
            start = node.start_mark.index
            end = self.source.text.find("\n", start)
            hash_at = self.source.text[start : end if end >= 0 else None].find("#")
            if hash_at >= 0:
                self.fail_at(node.start_mark.line, node.start_mark.column + hash_at, _header_comment_message(node.style))
                return None
        if printed and not self.plain_text_intact(node, indicator):
            return None
        if node.style is None and node.tag == _INT_TAG and not typed_text:
            # YAML 1.1 reads 0x5, 0o7, 010 (octal), 1_000 and 1:30 (base 60) as numbers nobody meant.
            if not _DECIMAL.fullmatch(node.value):
                self.fail(node, _number_message(node.value))
                return None
            return int(node.value, 10)
        if node.style is None and node.tag == _FLOAT_TAG and not typed_text:
            if not _FLOAT_TEXT.fullmatch(node.value):
                self.fail(node, _number_message(node.value))
                return None
        if node.style is None and node.tag not in (_STR_TAG, _NULL_TAG) and typed_text:
            return self.clerk_text(node) if printed else node.value  # 2023-07-21, 15, yes: as typed
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # a date field parses it (model.IssueInfo); no crash on 2023-02-30
        try:
            value = self.scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.fail(node, tr(f"无法识别的值“{node.value[:30]}”。", f"unreadable value: {exc}"))
            return None
        if isinstance(value, str):
            bad = BAD_VALUE_CHARS.search(value)
            if bad:
                self.fail(node, _control_message(bad.group()))
                return None
            if printed:
                return self.clerk_text(node)
        return value

    def clerk_text(self, node: yaml.ScalarNode) -> str:
        """A plain value as the clerk typed it: lines of one paragraph stay lines (joined as in a
        ``- |`` block, with no space put between Chinese characters) and a blank line stays a
        paragraph break instead of being folded away."""
        return plain_text_as_typed(self.source.text[node.start_mark.index : node.end_mark.index])

    def _first_written(self, rows: range) -> tuple[int, int] | None:
        """The first line in ``rows`` that is not blank, and its indentation."""
        for k in rows:
            stripped = self.lines[k].lstrip(" ")
            if stripped:
                return k, len(self.lines[k]) - len(stripped)
        return None

    def plain_text_intact(self, node: yaml.ScalarNode, indicator: int) -> bool:
        """False (with a located problem) when YAML read less than the clerk typed here."""
        text = self.source.text
        start, end = node.start_mark, node.end_mark
        first = text[start.index : start.index + 1]
        if first in _SPECIAL_START:
            self.fail(node, _special_start_message(first))
            return False
        # the rest of the last line: after a plain value only a comment can follow
        line_end = text.find("\n", end.index)
        rest = text[end.index : line_end if line_end >= 0 else len(text)]
        hash_at = rest.find("#")
        if hash_at >= 0:
            self.fail_at(end.line, end.column + hash_at, _hash_message())
            return False
        # a comment line indented under the item, after it or between its "- " (or "key:")
        # and its text: meant as more of the text
        after = self._first_written(range(end.line + 1, len(self.lines)))
        before = None
        if not self.lines[start.line][: start.column].strip():
            before = self._first_written(range(start.line - 1, -1, -1))
        for found in (after, before):
            if found is not None and found[1] > indicator and self.lines[found[0]][found[1]] == "#":
                self.fail_at(found[0], found[1], _hash_message())
                return False
        if before is not None:
            hash_at = re.search(r"(?:^|\s)#", self.lines[before[0]][max(indicator, 0) :])
            if hash_at:
                self.fail_at(before[0], max(indicator, 0) + hash_at.end() - 1, _hash_message())
                return False
        if node.tag == _NULL_TAG and node.value == "":
            same_line = self.lines[start.line][start.column :] if start.line < len(self.lines) else ""
            hash_at = same_line.find("#")
            if hash_at >= 0:
                self.fail_at(start.line, start.column + hash_at, _hash_message())
                return False
        return True


def _number_message(value: str) -> str:
    return tr(
        f"“{value}”不是普通的十进制数字（YAML 会把 0x、0o、下划线、冒号等写法读成别的数）。请只写数字，如 5。",
        f"“{value}” is not a plain decimal number (YAML reads 0x…, 0o…, _ and : forms as other numbers). "
        "Write digits only, such as 5.",
    )


def _bad_escape_message() -> str:
    return tr(
        "这里的转义写法“\\U……”不是有效的字符（超出了 Unicode 的范围）。请删掉这个转义，或直接写出要写的字。",
        "this “\\U…” escape is not a valid character (beyond Unicode); remove it or write the character itself.",
    )


def _too_many_nodes_message() -> str:
    return tr(
        f"文件内容结构过于庞大（超过 {MAX_NODES:,} 项），已拒绝处理。报送材料一般只有几十条。",
        f"file structure too large (more than {MAX_NODES:,} entries); refused.",
    )


class _AliasUsed(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _TooManyNodes(Exception):
    pass


class _Guard:
    """Refuses aliases where they are met, so an alias bomb costs nothing to reject, and stops
    composing once a file has more nodes than any submission or setting could need. A block
    sequence is always ``flow_style=False`` (the Python parser leaves it None when its dashes
    line up with the key above it, libyaml does not), so both loaders give the same nodes."""

    nodes = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            raise _AliasUsed(self.peek_event().start_mark)  # type: ignore[attr-defined]
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooManyNodes()
        node = super().compose_node(parent, index)  # type: ignore[misc]
        if node.__class__ is yaml.SequenceNode and node.flow_style is None:
            node.flow_style = False
        return node


class _NoAliasLoader(_Guard, yaml.SafeLoader):
    """The pure-Python loader: the reference for what a file means and for every error."""


class _Unusual(Exception):
    """Something libyaml reads otherwise than the Python loader, or may: leave it to that one."""


# What the two read differently: libyaml skips a U+FEFF at the start of any line (the Python
# scanner keeps it as text), takes tabs for spaces where the Python scanner refuses them, and
# reads a directive (%YAML 1.1#…) more leniently; line ends other than \n are never in a Source
# (files.normalise_newlines, check_characters) but may be in text given directly.
_LIBYAML_READS_OTHERWISE = re.compile("[\t\r\x85\u2028\u2029\ufeff]|^%", re.MULTILINE)
# After a block scalar's header (| or > and its indicators), a # with no space before it:
# libyaml takes it as a comment, the Python scanner refuses it.
_HEADER_HASH = re.compile(r"[|>][-+0-9]*#")

try:  # libyaml's scanner and parser, in PyYAML's wheels for Linux, Windows and macOS
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

if _CParser is not None:

    class _FastLoader(_Guard, yaml.composer.Composer, _CParser, yaml.resolver.Resolver):  # type: ignore[misc, valid-type]
        """libyaml's scanner and parser (ten times faster than PyYAML's) under PyYAML's own
        composer and the same guard, so the nodes are made by the same code from the same
        events. Where the two parsers are known to differ (anchors and tags, which libyaml
        scans more leniently and resolves a bare ! differently; a # right after a block
        scalar's header; a ? or an empty value in [...] or {...}), it stops and the
        pure-Python loader reads the file."""

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.text = text
            self.flow = 0  # how many [...] or {...} are open

        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            event = self.peek_event()
            if getattr(event, "anchor", None) is not None or getattr(event, "tag", None) is not None:
                raise _Unusual()
            if not getattr(event, "flow_style", False):
                return super().compose_node(parent, index)
            self.flow += 1  # a [list] or {mapping} starts
            try:
                return super().compose_node(parent, index)
            finally:
                self.flow -= 1

        def compose_scalar_node(self, anchor):  # type: ignore[no-untyped-def]
            node = super().compose_scalar_node(anchor)
            if node.style == "":  # a plain scalar: None in the Python parser
                node.style = None
                if self.flow and ("?" in node.value or not node.value):
                    # in [...] or {...}, the Python scanner ends a plain scalar at a ?, and
                    # places an empty value at the colon before it, libyaml after the space
                    raise _Unusual()
            elif node.style in ("|", ">") and _HEADER_HASH.match(self.text, node.start_mark.index):
                raise _Unusual()
            return node

else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = None  # type: ignore[assignment, misc]


_UNREAD = object()


def _compose_fast(text: str) -> Any:
    """The composed file read by libyaml, or ``_UNREAD`` when libyaml is missing or the file is
    anything but plainly readable: every error, alias or limit is then left to the pure-Python
    loader, so its messages and positions are the ones users see, whichever parser runs."""
    if _FastLoader is None or _LIBYAML_READS_OTHERWISE.search(text):
        return _UNREAD
    try:
        loader = _FastLoader(text)  # a lone surrogate fails here already (no UTF-8 for it)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any failure: the reference loader decides what to say
        return _UNREAD
    if node is not None and not text.endswith("\n"):
        _end_of_text_marks(node, text)
    return node


def _end_of_text_marks(root: yaml.Node, text: str) -> None:
    """libyaml ends a text that has no final line break with a break of its own, so a mark at
    the very end reads (next line, column 0) where the Python reader says (last line, its
    length). Only nodes that end there can hold such a mark: the last child, all the way down."""
    end = len(text)
    mark = yaml.Mark(root.start_mark.name, end, text.count("\n"), end - text.rfind("\n") - 1, None, None)
    stack = [root]
    while stack:
        node = stack.pop()
        if node.start_mark.index == end:
            node.start_mark = mark
        if node.end_mark.index == end:
            node.end_mark = mark
            if isinstance(node.value, list) and node.value:
                last = node.value[-1]
                stack.extend(last if isinstance(last, tuple) else (last,))


def parse_yaml(source: Source, *, text_checks: bool = False) -> YamlDoc:
    """Parse safely; report every structural problem of the file at once. ``text_checks``:
    the file holds text typed by a unit (a fragment, issue.yaml): refuse any value YAML would
    read shorter than it was typed."""
    node = _compose_fast(source.text)
    if node is _UNREAD:
        node = _compose(source, text_checks)
    if node is None:
        raise BulletinError.single(
            source.display, tr("文件里没有内容（只有注释或空行）。", "the file has no content (only comments).")
        )
    builder = _Builder(source, text_checks)
    builder.doc.data = builder.build(node, (), 0)
    if builder.problems:
        raise BulletinError(sorted(builder.problems, key=lambda p: (p.line, p.column)))
    builder.doc.node = node
    return builder.doc


def _compose(source: Source, text_checks: bool) -> Any:
    """The file composed by the pure-Python loader, or every reason it cannot be, in words."""
    try:
        loader = _NoAliasLoader(source.text)
        try:
            return loader.get_single_node()
        except ValueError:
            # chr() of an escape beyond U+10FFFF ("\U00110000"), which PyYAML's scanner lets
            # out unworded; it stops with the reader at the hex digits, after the \U
            mark = loader.get_mark()
            raise BulletinError.single(
                source.display, _bad_escape_message(), mark.line + 1, max(mark.column - 1, 1)
            ) from None
        finally:
            loader.dispose()
    except _AliasUsed as alias:
        ch = source.text[alias.mark.index : alias.mark.index + 1]
        before = source.text[source.text.rfind("\n", 0, alias.mark.index) + 1 : alias.mark.index]
        if text_checks and ch == "*" and _ITEM_PREFIX.fullmatch(before):
            msg = _special_start_message("*")
        else:
            msg = tr(
                "不支持 YAML 别名（& 和 *）。请直接写出内容。",
                "YAML aliases (& and *) are not supported; write the content out.",
            )
        raise BulletinError.single(source.display, msg, alias.mark.line + 1, alias.mark.column + 1) from None
    except _TooManyNodes:
        raise BulletinError.single(source.display, _too_many_nodes_message()) from None
    except yaml.MarkedYAMLError as exc:
        raise BulletinError([_syntax_problem(source, exc)]) from None
    except yaml.YAMLError as exc:
        raise BulletinError.single(
            source.display, tr("YAML 格式错误，文件无法读取。", f"YAML syntax error: {exc}")
        ) from None
    except RecursionError:
        raise BulletinError.single(
            source.display, tr("嵌套层次太深，已拒绝处理。", "nesting too deep; refused.")
        ) from None


_ITEM_PREFIX = re.compile(r"\s*(?:-\s+)+|\s*(?:-\s+)*(?:标题|正文|按语|title|text|note):\s+")
_VALUE_START = re.compile("(?:" + _ITEM_PREFIX.pattern + r")(\S)")
_NO_SPACE_KEY = re.compile(r"^(\s*)([^\s:#'\"\-][^\s:#]{0,15}):([^\s/:])")


def _syntax_hint(source: Source, exc: yaml.MarkedYAMLError) -> tuple[str, int, int] | None:
    """A clerk's cause for a YAML syntax error, looked for on the lines the error spans:
    a key with no space after its colon, a character YAML reserves at the start of a value,
    or a # inside an item. Returns (message, line, column), 1-based."""
    lines = source.text.split("\n")
    marks = [m for m in (exc.context_mark, exc.problem_mark) if m is not None]
    if not marks:
        return None
    first = min(m.line for m in marks)
    last = max(m.line for m in marks)
    while 0 < first < len(lines) and not lines[first].strip():
        first -= 1  # an error found at the end of the file: look at the last line written
    first = min(first, len(lines) - 1)
    for k in range(0, min(last + 1, len(lines))):
        m = _NO_SPACE_KEY.match(lines[k])
        if m and (m.group(2) in KEY_ALIASES or m.group(2) in KEY_ALIASES.values() or k < last):
            key = m.group(2)
            value = lines[k][m.end(2) + 1 :].strip()
            return (
                tr(
                    f"“{key}:”后面少了一个空格：字段名的英文冒号后面要加空格，请写成“{key}: {value}”。",
                    f"“{key}:” needs a space after the colon: write “{key}: {value}”.",
                ),
                k + 1,
                m.end(2) + 1,
            )
    for k in range(first, min(last + 1, len(lines))):
        m = re.match(_VALUE_START, lines[k])
        if m and m.group(1) in _SPECIAL_START:
            return _special_start_message(m.group(1)), k + 1, m.start(1) + 1
    for k in range(first, min(last + 1, len(lines))):
        stripped = lines[k].lstrip(" ")
        if stripped.startswith("#") and k > first:
            return _hash_message(), k + 1, len(lines[k]) - len(stripped) + 1
    return None


def _syntax_problem(source: Source, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = source.text.split("\n")
    text_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    tab = "\t" in text_line[: max(col, 1)] or "'\\t'" in problem
    quoted = "quoted scalar" in context or "quoted scalar" in problem
    hint = None if tab or quoted else _syntax_hint(source, exc)
    if tab:
        msg = tr(
            "这一行用了制表符（Tab）缩进。YAML 只认空格：请把 Tab 换成空格（每层两个空格）。",
            "this line is indented with a Tab; YAML needs spaces (two per level).",
        )
    elif hint is not None:
        msg, line, col = hint
    elif "quoted scalar" in context or "quoted scalar" in problem:
        start = exc.context_mark.line + 1 if exc.context_mark else line
        msg = tr(
            f"第 {start} 行开始的引号没有结束。请检查引号是否成对（英文引号 \" 或 ' 必须成对出现）。",
            f"the quote opened at line {start} is never closed.",
        )
        if exc.context_mark:
            line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
    elif "mapping values are not allowed" in problem:
        msg = tr(
            "这里多了一个英文冒号加空格（“: ”）。文字里的冒号请用中文冒号“：”，或者把整段文字放进引号。",
            "unexpected “: ” here: use a Chinese colon “:” in text, or quote the whole text.",
        )
    elif "could not find expected ':'" in problem or "simple key" in context:
        msg = tr(
            "这一行缺少冒号，或者缩进不对齐。字段名后面要有英文冒号和空格，如“专班: 某某专班”。",
            "missing ':' or misaligned indentation here.",
        )
    elif "expected <block end>" in problem or "did not find expected" in problem:
        msg = tr(
            "缩进不对齐：同一层的内容要用同样多的空格开头；列表每一条以“- ”开头。",
            "indentation does not line up: items of one level need the same number of spaces.",
        )
    elif "expected a single document" in problem or "but found another document" in problem:
        msg = tr("文件里只能有一份内容（不要用 --- 分隔多份）。", "only one document per file (no ---).")
    else:
        msg = tr(
            "YAML 格式错误：这里的写法无法读取。如果这一条文字以特殊符号开头，或含有“: ”“ #”，"
            "请给整条加引号，或改用 - | 另起一行再写。",
            f"YAML syntax error: {problem or context}",
        )
    written = [k for k, text in enumerate(lines) if text.strip()]
    if written and line > written[-1] + 1:
        # found at the end of the file: the cause is on the last line written
        last = lines[written[-1]]
        line, col = written[-1] + 1, len(last) - len(last.lstrip()) + 1
    return Problem(source.display, msg, line, col, code="yaml-syntax")


# ------------------------------------------------------------------------------- data → models


def describe_path(loc: Path_) -> str:
    """（'sections', '专班动态', 0, 'title'） → 栏目“专班动态”第1条的“标题”."""
    parts: list[str] = []
    i = 0
    while i < len(loc):
        p = loc[i]
        if p == "sections" and i + 1 < len(loc) and isinstance(loc[i + 1], str):
            parts.append(tr(f"栏目“{loc[i + 1]}”", f"column “{loc[i + 1]}”"))
            i += 2
            continue
        if isinstance(p, int):
            parts.append(tr(f"第{p + 1}条", f"item {p + 1}"))
        else:
            zh = FIELD_NAMES_ZH.get(p)
            parts.append(tr(f"“{zh}”({p})" if zh and zh != p else f"“{p}”", f"“{p}”"))
        i += 1
    return tr("的".join(parts), " ".join(parts)) or tr("文件", "the file")


def _locate(data: Any, loc: Path_) -> tuple[Path_, Any]:
    """Follow a pydantic error location through the user's data, where keys may be Chinese
    aliases: the path in the models' field names, and the value found there (None if absent)."""
    out: list[str | int] = []
    cur = data
    for p in loc:
        if isinstance(cur, dict):
            key = p if p in cur else next((k for k in cur if KEY_ALIASES.get(k) == p), None)
            if key is not None:
                out.append(KEY_ALIASES.get(key, key) if isinstance(key, str) else key)
                cur = cur[key]
                continue
        elif isinstance(cur, list) and isinstance(p, int) and p < len(cur):
            out.append(p)
            cur = cur[p]
            continue
        out.append(p)
        cur = None
    return tuple(out), cur


_KIND_ZH = {
    "string_type": ("一段文字", "text"),
    "int_type": ("一个整数", "a whole number"),
    "int_parsing": ("一个整数", "a whole number"),
    "bool_type": ("是（true）或否（false）", "true or false"),
    "bool_parsing": ("是（true）或否（false）", "true or false"),
    "list_type": ("一个列表（每条以“- ”开头）", "a list (lines starting with “- ”)"),
    "dict_type": ("一组“字段: 值”", "a mapping of “key: value”"),
    "model_type": ("一组“字段: 值”", "a mapping of “key: value”"),
    "date_type": ("一个日期，如 2023-07-21", "a date such as 2023-07-21"),
    "date_from_datetime_parsing": ("一个日期，如 2023-07-21", "a date such as 2023-07-21"),
    "date_parsing": ("一个日期，如 2023-07-21", "a date such as 2023-07-21"),
    "float_type": ("一个数", "a number"),
    "float_parsing": ("一个数", "a number"),
    "int_from_float": ("一个整数", "a whole number"),
    "datetime_type": ("一个日期，如 2023-07-21", "a date such as 2023-07-21"),
    "date_from_datetime_inexact": ("一个日期（只写年月日），如 2023-07-21", "a date (no time) such as 2023-07-21"),
}

_BOUND_ZH = {
    "greater_than_equal": "不能小于",
    "greater_than": "必须大于",
    "less_than_equal": "不能大于",
    "less_than": "必须小于",
}


def validation_problems(doc: YamlDoc, exc: ValidationError, model: type[FileModel]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[Path_, str]] = set()
    errors = exc.errors(include_url=False)
    # For an item that is neither text nor a titled item, pydantic reports one error per union
    # branch; keep the one that matches what the user wrote.
    by_path: dict[Path_, list[dict[str, Any]]] = {}
    for err in _resolve_unions(doc.data, errors):
        by_path.setdefault(_locate(doc.data, err["loc"])[0], []).append(err)
    unknown = {p[-1] for p, es in by_path.items() if p and any(e["type"] == "extra_forbidden" for e in es)}
    for path, errs in by_path.items():
        err = _pick(errs)
        kind = err["type"]
        where = describe_path(path)
        if kind == "missing":
            if path and any(suggest(str(u), _aliases_of(path[-1])) for u in unknown):
                continue  # reported as a misspelt key, with the suggestion
            msg = tr(f"缺少必填项{where}。", f"missing required field {where}.")
        elif kind == "extra_forbidden":
            key = path[-1] if path else ""
            known = _known_keys(model, path[:-1])
            msg = tr(f"不认识的字段“{key}”。", f"unknown field “{key}”.") + suggest(str(key), known)
        elif kind in ("too_short", "string_too_short"):
            msg = tr(f"{where}不能为空。", f"{where} must not be empty.")
        elif kind == "string_too_long":
            msg = tr(f"{where}太长了。", f"{where} is too long.")
        elif kind in _KIND_ZH and err.get("input") is None:
            msg = tr(f"{where}不能为空（冒号后面没有内容）。", f"{where} must not be empty.")
        elif kind in _KIND_ZH:
            zh, en = _KIND_ZH[kind]
            got = _got(err.get("input"))
            msg = tr(f"{where}应该是{zh}，现在是{got[0]}。", f"{where} should be {en}, got {got[1]}.")
        elif kind in _BOUND_ZH:
            bound = next(iter(err.get("ctx", {}).values()), "")
            if isinstance(bound, float) and bound.is_integer():
                bound = int(bound)
            got = _got(err.get("input"))
            msg = tr(
                f"{where}超出允许范围：{_BOUND_ZH[kind]} {bound}，现在是{got[0]}。",
                f"{where} out of range: {err['msg']}.",
            )
        elif kind == "literal_error":
            exp = err.get("ctx", {}).get("expected", "")
            msg = tr(f"{where}只能是 {exp}。", f"{where} must be one of {exp}.")
        elif kind == "finite_number":
            msg = tr(f"{where}应该是一个普通的数（不能是 .nan 或 .inf）。", f"{where} must be a finite number.")
        elif kind == "value_error":
            # our validators word their messages with tr(); pydantic only adds a prefix
            text = str(err.get("msg", "")).removeprefix("Value error, ").rstrip("。.")
            msg = tr(f"{where}\uff1a{text}。", f"{where}: {text}.")
        elif kind == "item":  # worded by _resolve_unions
            msg = tr(f"{where}\uff1a{err['msg']}。", f"{where}: {err['msg']}.")
        elif _is_our_error(kind):
            # a PydanticCustomError raised by our validators (model.py: date_text,
            # duplicate_alias, …) is worded for the clerk already: pass it through
            text = str(err.get("msg", "")).rstrip("。.")
            key = (err.get("ctx") or {}).get("key")
            if key is not None:  # names the key it is about: point at that key
                path = (*path, key)
                problems.append(doc.problem(path, tr(f"{text}。", f"{text}."), at_key=True))
                continue
            msg = tr(f"{where}\uff1a{text}。", f"{where}: {text}.")
        elif kind == "string_unicode":
            msg = tr(
                f"{where}里有无法识别的字符（如单独的代理字符“\\ud800”）。请删掉这个转义。",
                f"{where} contains characters that are not valid text (a lone surrogate?).",
            )
        else:
            got = _got(err.get("input"))
            msg = tr(f"{where}的值不符合要求（现在是{got[0]}）。", f"{where}: {err['msg']}")
        if (path, msg) in seen:
            continue
        seen.add((path, msg))
        problems.append(doc.problem(path, msg, at_key=kind == "extra_forbidden" or err.get("input", 0) is None))
    return sorted(problems, key=lambda p: (p.line, p.column))


def _is_branch_tag(p: object) -> bool:
    return isinstance(p, str) and (p == "str" or "-" in p or "[" in p or p[:1].isupper())


def _resolve_unions(data: Any, errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An item may be text or {title, text}: keep only the errors of the branch the user meant."""
    out: list[dict[str, Any]] = []
    fallback: dict[tuple, dict[str, Any]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        cut = next((i for i, p in enumerate(loc) if _is_branch_tag(p)), None)
        if cut is None:
            out.append(err)
            continue
        prefix, tag = loc[:cut], loc[cut]
        value = _locate(data, prefix)[1]
        model_branch = tag[:1].isupper()
        if isinstance(value, dict) and not any(KEY_ALIASES.get(k, k) in ("title", "text") for k in value):
            first = next(iter(value), "")
            fallback[prefix] = {
                "type": "item",
                "loc": prefix,
                "msg": tr(
                    f"这一条里有英文冒号加空格（“{first}: ”），被当成了“字段: 值”。"
                    "请把它改成中文冒号“：”，或者给整段文字加上引号",
                    f"this item contains “{first}: ” (colon and space) and was read as “key: value”; "
                    "use a Chinese colon “:” or quote the text",
                ),
                "input": value,
            }
            continue
        if isinstance(value, dict) and model_branch or isinstance(value, str) and not model_branch:
            out.append({**err, "loc": prefix + loc[cut + 1 :]})
        elif not isinstance(value, (dict, str)):
            fallback[prefix] = {
                "type": "item",
                "loc": prefix,
                "msg": tr("应该是一段文字，或者带“标题”和“正文”的条目", "should be text, or an item with title and text"),
                "input": value,
            }
    return out + list(fallback.values())


def _is_our_error(kind: str) -> bool:
    """An error type pydantic does not define: one of our validators' PydanticCustomErrors."""
    from typing import get_args

    from pydantic_core.core_schema import ErrorType

    return kind not in get_args(ErrorType)


def _pick(errs: list[dict[str, Any]]) -> dict[str, Any]:
    """Of several errors at one place, the one that tells the user most."""
    for e in errs:
        if e["type"] in ("too_short", "string_too_short", "missing", "extra_forbidden"):
            return e
    return errs[0]


def _got(value: Any) -> tuple[str, str]:
    if value is None:
        return "空的", "nothing"
    if isinstance(value, bool):
        return f"“{value}”", f"“{value}”"
    if isinstance(value, dict):
        return "一组字段", "a mapping"
    if isinstance(value, list):
        return "一个列表", "a list"
    text = str(value)
    if len(text) > 20:
        text = text[:20] + "…"
    return f"“{text}”", f"“{text}”"


def _known_keys(model: type[FileModel], parent: Path_) -> list[str]:
    """Field names (and their Chinese aliases) allowed at ``parent`` inside ``model``."""
    import typing

    from ..model import field_types

    current: Any = model
    pending_keys = 0  # dict keys chosen by the user (column names) to step over
    for p in parent:
        if isinstance(p, int) or current is None:
            continue
        if pending_keys:
            pending_keys -= 1
            continue
        fields = field_types(current)
        if p not in fields:
            current = None
            break
        annotation = fields[p]
        if typing.get_origin(annotation) is dict:
            pending_keys = 1
        current = _inner_model(annotation)
    if current is None:
        return []
    names = list(field_types(current))
    return names + [zh for zh, en in KEY_ALIASES.items() if en in names]


def _aliases_of(name: object) -> list[str]:
    return [str(name)] + [zh for zh, en in KEY_ALIASES.items() if en == name]


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, FileModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:\uff1a#\"'-][^:\uff1a\n]{0,15})\uff1a(.?)")


def fullwidth_colon_hints(source: Source) -> list[Problem]:
    """Lines whose key is followed by a Chinese colon “：”, which YAML does not read as a key.
    Only consulted when a file fails: in text a Chinese colon is right."""
    hints = []
    known = set(KEY_ALIASES) | set(KEY_ALIASES.values()) | set(FIELD_NAMES_ZH)
    for lineno, line in enumerate(source.text.split("\n"), 1):
        m = _FULLWIDTH_KEY.match(line)
        if not m:
            continue
        key, rest = m.group(2).strip(), line[m.end(2) + 1 :].strip()
        top_level = not m.group(1)
        if key in known or not rest or rest.startswith("#") or (top_level and m.group(3) in " \t"):
            hints.append(
                Problem(
                    source.display,
                    tr(
                        f"“{key}”后面用了中文冒号“\uff1a”。字段名后面要用英文冒号加空格，如“{key}: ”。",
                        f"“{key}” is followed by a Chinese colon “\uff1a”; keys need an ASCII colon and a space.",
                    ),
                    lineno,
                    len(m.group(1)) + len(m.group(2)) + 1,
                )
            )
    return hints


def load_model(
    path: Path,
    model: type[M],
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    display: str | None = None,
    prepare: Callable[[Any], Any] | None = None,
) -> tuple[M, YamlDoc]:
    """Read, parse and validate one file. Raises BulletinError with every problem found."""
    source = read_source(path, max_size=max_size, display=display)
    try:
        return _validate_source(source, model, prepare)
    except BulletinError as exc:
        hints = fullwidth_colon_hints(source)
        if hints:
            # a syntax error after a key written with "：" is a consequence of it, and its own
            # advice (use "：" in text) would contradict the hint
            rest = [p for p in exc.problems if p.code != "yaml-syntax"]
            raise BulletinError(hints + rest) from None
        raise


def _validate_source(source: Source, model: type[M], prepare: Callable[[Any], Any] | None) -> tuple[M, YamlDoc]:
    doc = parse_yaml(source, text_checks=model in (Fragment, IssueInfo))
    if not isinstance(doc.data, dict):
        raise BulletinError.single(
            source.display,
            tr("文件内容应该是一组“字段: 值”，例如“专班: 某某专班”。", "the file should be a mapping of “key: value”."),
            1,
        )
    data = prepare(doc.data) if prepare else doc.data
    try:
        return model.validate(data), doc
    except ValidationError as exc:
        raise BulletinError(validation_problems(doc, exc, model)) from None


def build_model(model: type[M], data: dict[str, Any], display: str) -> M:
    """A model from values given on the command line, with pydantic's complaints in the same
    words as for a file (no line: the values were not read from one)."""
    try:
        return model.validate(data)
    except ValidationError as exc:
        doc = YamlDoc(data, Source(Path(display), "", "utf-8", display), value_marks={(): (0, 0)})
        raise BulletinError(validation_problems(doc, exc, model)) from None

"""A Word or text submission → the normal YAML fragment text.

Everything after intake reads fragments, so a Word file is turned into exactly the YAML a clerk
would have typed: validate, status, lint, preview and export never learn where it came from.
The interpretation follows how a clerk reads the document:

- the unit: ``--team``, else a line naming it (``报送单位：…``, a line that is just the unit's
  name, or the lead ``打好…专班：`` of the first paragraph), else the file name when exactly
  one unit matches it;
- the column: ``--section``, else ``【栏目】`` lines, else the unit's only usual column;
- the items: one per paragraph; a short bold or centred paragraph followed by body text is a
  title, and the paragraphs after it (up to the next title or column) are its text;
- a lead repeating the unit's name is dropped where the column's label prints it anyway.

Items are emitted as YAML block literals, so no character of the text can be read as YAML
syntax (``#``, ``:``, ``*``): loading the text back gives exactly the paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BulletinError, Problem
from ..messages import suggest_or_list, tr
from ..model import IssueInfo, Series
from ..yaml_writer import scalar
from .document import DocParagraph, Document, Embedded
from .yaml_reader import YAML_SUFFIXES

FORM_INSTRUCTION_STYLE = "填写说明"  # paragraph style of the Word form's instructions
FORM_HEADING_STYLE = "栏目标题"
FORM_PLACEHOLDER = "（请在这里填写本栏目的内容，写完后删掉这一行。）"
FORM_INSTRUCTIONS = (
    "填写说明：",
    "1. 在每个【栏目】行下面填写，一段一条，段首不用空格；写完删掉灰色的提示行。",
    "2. 有小标题的，小标题单独一段并加粗，正文写在它下面。",
    "3. 不要插入表格、图片和文本框；本期没有内容的栏目不用管它。",
    "4. 不要改动本页的标题、“报送单位”一行和【栏目】行。",
)
_FORM_TITLE = re.compile(r"^《.+》\s*第\s*(\d+)\s*期\s*报送材料$")
_UNIT_LINE = re.compile(r"^(?:报送单位|单位|专班)\s*[：:]\s*(.+?)\s*$")
_ISSUE_LINE = re.compile(r"^期号\s*[：:]\s*(\d+)\s*$")
_COLUMN = re.compile(r"^【\s*(.+?)\s*】$")
_DOC_HEADING = re.compile(r"报送材料|材料$|简报|专报|第\s*\d+\s*期")
_TITLE_END = tuple("。；;，,：:！!？?")
TITLE_MAX = 40
_EDGE = " \t\u3000\u00a0"


@dataclass
class Converted:
    """The fragment text made from a document, and what the clerk should be told."""

    text: str
    team: str
    notices: list[str] = field(default_factory=list)
    where: dict[int, tuple[int, int]] = field(default_factory=dict)  # YAML line → (document line, indent)


def is_converted(path: Path) -> bool:
    """Files add-section turns into YAML first (anything not named .yaml/.yml)."""
    return path.suffix.lower() not in YAML_SUFFIXES


def read_document(path: Path, *, max_size: int, display: str | None = None) -> Document:
    """The document in a Word or text file. What is not a regular file is refused first, in the
    same words as for YAML, whatever its name ends in (/dev/zero has no suffix at all)."""
    from .files import require_regular_file
    from .sniff import is_office_file
    from .text import TEXT_SUFFIXES, read_text
    from .word import WORD_SUFFIXES, read_word

    require_regular_file(path, display or str(path))
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES or (suffix in TEXT_SUFFIXES and is_office_file(path)):
        return read_word(path, max_size=max_size, display=display)
    if suffix in TEXT_SUFFIXES:
        return read_text(path, max_size=max_size, display=display)
    raise BulletinError.single(
        display or str(path),
        tr(
            f"不认识“{suffix or '无扩展名'}”这种文件。可以收入的有：.yaml .docx .doc .wps .docm .odt .txt .md。",
            f"unknown file type “{suffix}”. Accepted: .yaml .docx .doc .wps .docm .odt .txt .md.",
        ),
    )


def convert_file(
    path: Path, series: Series, info: IssueInfo, *, team: str | None = None, section: str | None = None,
    display: str | None = None,
) -> Converted:
    doc = read_document(path, max_size=series.max_file_size, display=display)
    return interpret(doc, series, info, file_name=path.name, team=team, section=section)


# ---------------------------------------------------------------------------------- interpret


@dataclass
class _Para:
    text: str
    source: DocParagraph
    key: str = ""  # the text in simplified characters: what column markers and unit names are matched on

    def __post_init__(self) -> None:
        self.key = self.key or self.text


def clean_text(text: str) -> str:
    """One printed paragraph: indentation gone, lines broken by hand joined."""
    lines = [line.strip(_EDGE) for line in text.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and _ascii_word(out[-1]) and _ascii_word(line[0]):
            out += " "
        out += line
    return re.sub(r"\t+", lambda m: " " if _ascii_around(out, m) else "", out)


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _ascii_around(text: str, m: re.Match[str]) -> bool:
    return m.start() > 0 and m.end() < len(text) and _ascii_word(text[m.start() - 1]) and _ascii_word(text[m.end()])


def interpret(
    doc: Document, series: Series, info: IssueInfo, *, file_name: str, team: str | None = None,
    section: str | None = None,
) -> Converted:
    if doc.embedded:
        raise BulletinError([_embedded_problem(doc.display, e) for e in doc.embedded])
    teams = series.team_names()
    columns = series.section_names()
    _check_option(doc.display, "--team", team, teams)
    _check_option(doc.display, "--section", section, columns)
    paras = [_Para(clean_text(p.text), p) for p in doc.paragraphs]
    paras = [p for p in paras if p.text]
    traditional = series.script == "simplified" and _simplify_keys(paras)
    issue = info.number
    named: str | None = None
    body: list[_Para] = []
    for p in paras:
        if p.source.style == FORM_INSTRUCTION_STYLE or p.text == FORM_PLACEHOLDER or p.text in FORM_INSTRUCTIONS:
            continue
        m = _FORM_TITLE.match(p.key)
        if m and not body:
            issue = int(m.group(1))
            continue
        m = _UNIT_LINE.match(p.key)
        if m and not body and named is None:
            named = m.group(1)
            continue
        m = _ISSUE_LINE.match(p.key)
        if m and not body:
            issue = int(m.group(1))
            continue
        if not body and named is None and p.key.rstrip("：:") in teams:
            named = p.key.rstrip("：:")
            continue
        body.append(p)
    notices = list(doc.notices)
    if traditional:
        notices.append(
            tr(
                "这份材料是繁体字：栏目和报送单位已按简体认出，正文照原样收入（lint 逐处标出 C301；"
                "加 --fix 收入即转为简体）。",
                "the text is in traditional characters: columns and the unit were recognised; the text is kept "
                "as typed (lint C301; add --fix to convert it).",
            )
        )
    heading = None
    if len(body) > 1 and _is_title(body[0]) and (
        _DOC_HEADING.search(body[0].key)
        or any(t in body[0].key for t in teams)
        or _column_of(body[1], columns) is not None
    ):
        # The document's own heading ("经济增长专班第5期报送材料"): it names the submission,
        # it is not bulletin text. Said to the clerk, never dropped silently.
        heading = body.pop(0)
        notices.append(
            tr(f"文件开头的标题“{heading.text}”不是简报正文，没有收入。", f"the document's heading “{heading.text}” was not taken in.")
        )
    if team is not None and named is not None and named != team:
        notices.append(
            tr(f"文件里写的报送单位是“{named}”，按 --team 记为“{team}”。", f"the file names “{named}”; recorded as “{team}” (--team).")
        )
    if team is None:
        from_heading = _matching_units(heading.key, teams) if heading else []
        team = (
            named
            or _lead_team(body, teams)
            or (from_heading[0] if len(from_heading) == 1 else None)
            or _team_from_file_name(doc.display, file_name, teams)
        )
    spec = series.team(team)
    usual = list(spec.sections) if spec and spec.sections else []
    groups = _columns(body, columns)
    if not groups:
        raise _no_body(doc)
    if groups[0][0] is None:
        default = section or (usual[0] if len(usual) == 1 else None)
        if default is None:
            choices = usual or columns
            raise BulletinError.single(
                doc.display,
                tr(
                    f"看不出这份材料放在哪个栏目。请加 --section 栏目名，或在正文前加一行【栏目名】。"
                    f"可选：{'、'.join(choices)}。",
                    f"which column is this for? Add --section NAME or a line 【NAME】. Choices: {', '.join(choices)}.",
                ),
                groups[0][1][0].source.line,
            )
        groups[0] = (default, groups[0][1])
    elif section is not None and section not in (name for name, _ in groups):
        # --section fills only the text before the first 【栏目】 line; with none, the option
        # would be silently ignored. The clerk typed it on purpose: ask which one is meant.
        marked = "、".join(f"【{name}】" for name in dict.fromkeys(name for name, _ in groups))
        raise BulletinError.single(
            doc.display,
            tr(
                f"--section 指定的栏目是“{section}”，但文件里的正文都在{marked}下面，两者不一致，没有收入。"
                f"如果文件里的栏目对，请去掉 --section；如果 --section 对，请改正文件里的【栏目】行。",
                f"--section says “{section}” but the file's text is all under {marked}. Drop --section, or correct the file.",
            ),
            groups[0][1][0].source.line if groups[0][1] else 0,
        )
    sections: dict[str, list[tuple[str | tuple[str, str], list[int]]]] = {}
    labels = {s.name: s.label for s in series.sections}
    for name, items in groups:
        assert name is not None
        texts = [p for p in items]
        if texts and "{team}" in labels.get(name, ""):
            texts[0] = _Para(_drop_lead(texts[0], team, labels[name]), texts[0].source)
        sections.setdefault(name, []).extend(_items(texts))
    sections = {k: v for k, v in sections.items() if v}
    if not sections:
        raise _no_body(doc)
    values = {name: [value for value, _ in items] for name, items in sections.items()}
    origins = [line for items in sections.values() for _, lines in items for line in lines]
    text, where = fragment_yaml(team, issue, values, doc, origins)
    return Converted(text, team, notices, where)


def _embedded_problem(shown: str, e: Embedded) -> Problem:
    """Tables, pictures and text boxes are refused, naming where: a bulletin prints none of
    them, and a clerk would rather have the unit rewrite a table as sentences than find half of
    it in the issue; a text box's words have no place in the reading order."""
    words = f"（“{e.text[:15]}……”）" if e.text else ""
    if e.kind == "table":
        message = tr(
            f"第{e.line}段处有一个表格{words}。简报正文不能排表格，请把表格内容改写成文字段落后重新发送。",
            f"a table at paragraph {e.line}; bulletins cannot print tables. Rewrite it as paragraphs.",
        )
    elif e.kind == "textbox":
        message = tr(
            f"第{e.line}段有一个文本框{words}。简报正文只收文字段落，请把文本框里的文字移到正文段落里，删去文本框后重新发送。",
            f"a text box at paragraph {e.line}; move its words into the body and delete it.",
        )
    else:
        message = tr(
            f"第{e.line}段{words}有图片。简报正文只收文字，不能排图片；请删去图片后重新发送。",
            f"a picture at paragraph {e.line}; bulletins take text only. Remove it.",
        )
    return Problem(shown, message, e.line)


def _no_body(doc: Document) -> BulletinError:
    return BulletinError.single(
        doc.display,
        tr("除了表头和填写说明，文件里没有正文。请确认发来的是填好的材料。", "no body text besides the form's header and instructions."),
    )


def _columns(body: list[_Para], columns: list[str]) -> list[tuple[str | None, list[_Para]]]:
    groups: list[tuple[str | None, list[_Para]]] = []
    for p in body:
        column = _column_of(p, columns)
        if column is not None:
            groups.append((column, []))
            continue
        if not groups:
            groups.append((None, []))
        groups[-1][1].append(p)
    return [g for g in groups if g[1] or g[0] is not None]


def _column_of(p: _Para, columns: list[str]) -> str | None:
    """The column a 【栏目】 line (or a heading that is exactly a column's name) opens."""
    m = _COLUMN.match(p.key)
    if m:
        return m.group(1)
    if p.source.style == FORM_HEADING_STYLE or (
        p.key in columns and (p.source.all_bold or (p.source.style or "").lower().startswith(("heading", "标题")))
    ):
        return p.key
    return None


def _simplify_keys(paras: list[_Para]) -> bool:
    """Match pasted traditional text (【會議精神】, 報送單位：…) on its simplified form, through
    the conversion lint's C301 uses; True when any paragraph was traditional. Without OpenCC
    installed, the text is matched as typed (``bulletin doctor`` says OpenCC is missing)."""
    from ..lint.rules import to_simplified

    found = False
    try:
        for p in paras:
            if any(ord(c) >= 0x3400 for c in p.text):
                p.key = to_simplified(p.text)
                found = found or p.key != p.text
    except ImportError:
        return False
    return found


def _is_title(p: _Para) -> bool:
    s = p.source
    return (
        len(p.text) <= TITLE_MAX
        and not p.text.endswith(_TITLE_END)
        and (s.all_bold or s.alignment == "center" or (s.style or "").lower().startswith(("heading", "标题")))
    )


def _items(paras: list[_Para]) -> list[tuple[str | tuple[str, str], list[int]]]:
    """Items with the document line (paragraph) each of their printed lines came from."""
    items: list[tuple[str | tuple[str, str], list[int]]] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        if _is_title(p) and i + 1 < len(paras) and not _is_title(paras[i + 1]):
            j = i + 1
            while j < len(paras) and not (_is_title(paras[j]) and j + 1 < len(paras) and not _is_title(paras[j + 1])):
                j += 1
            body = paras[i + 1 : j]
            items.append(((p.text, "\n\n".join(q.text for q in body)), [p.source.line] + [q.source.line for q in body]))
            i = j
        else:
            items.append((p.text, [p.source.line]))
            i += 1
    return items


def _check_option(display: str, option: str, value: str | None, names: list[str]) -> None:
    """A ``--team``/``--section`` the series does not know is the clerk's typing, not the file's:
    said as such before the file is converted (a control character in it would otherwise break
    the converted YAML and be reported as a fault of the file)."""
    if value is None or value in names:
        return
    raise BulletinError.single(
        display,
        tr(
            f"{option} “{value}”不在本简报的{'报送单位' if option == '--team' else '栏目'}名单里（bulletin.yaml）。",
            f"{option} “{value}” is not a {'unit' if option == '--team' else 'column'} of this series (bulletin.yaml).",
        )
        + suggest_or_list(value, names),
    )


def _drop_lead(p: _Para, team: str, label: str) -> str:
    """``打好…专班：`` at the start of a column whose label prints the unit's name anyway (in
    traditional characters too, when the conversion kept the text's length)."""
    text = p.text if len(p.key) != len(p.text) else p.key
    for lead in (label.format(team=team), team + "：", team + ":"):
        if lead and text.startswith(lead) and len(text) > len(lead):
            return p.text[len(lead) :].lstrip(_EDGE)
    return p.text


def _lead_team(body: list[_Para], teams: list[str]) -> str | None:
    if not body:
        return None
    first = body[0].key
    if _COLUMN.match(first) and len(body) > 1:
        first = body[1].key
    found = [t for t in teams if first.startswith(t) and first[len(t) : len(t) + 1] in ("：", ":", "反")]
    return max(found, key=len) if found else None


def _team_from_file_name(shown: str, file_name: str, teams: list[str]) -> str:
    """The unit the file name names (经济增长专班第5期材料 → 打好经济增长主动仗工作专班), when
    exactly one does; otherwise the clerk is asked, with the candidates."""
    matches = _matching_units(Path(file_name).stem, teams)
    if len(matches) == 1:
        return matches[0]
    choices = matches or teams
    raise BulletinError.single(
        shown,
        tr(
            "看不出这是哪个单位的材料（文件里没有写“报送单位：…”，文件名也对不上唯一的单位）。"
            f"请加 --team 单位名称。可能是：{'、'.join(choices)}。",
            f"cannot tell which unit sent this; add --team NAME. Candidates: {', '.join(choices)}.",
        ),
    )


def _matching_units(text: str, teams: list[str]) -> list[str]:
    """Units sharing the longest distinctive piece (two characters or more) with ``text``;
    pieces several units' names share (专班, 打好) do not count."""
    scores = {t: _distinctive_overlap(t, text, teams) for t in teams}
    best = max(scores.values(), default=0)
    return [t for t, score in scores.items() if score == best] if best >= 2 else []


def _distinctive_overlap(team: str, stem: str, teams: list[str]) -> int:
    """Length of the longest piece of ``team`` found in ``stem`` and in no other unit's name."""
    others = [t for t in teams if t != team]
    best = 0
    for i in range(len(team)):
        for j in range(i + best + 1, len(team) + 1):
            piece = team[i:j]
            if piece not in stem:
                break
            if not any(piece in o for o in others):
                best = j - i
    return best


# ---------------------------------------------------------------------------------- YAML out


def fragment_yaml(
    team: str,
    issue: int,
    sections: dict[str, list[str | tuple[str, str]]],
    doc: Document,
    origins: list[int] | None = None,
) -> tuple[str, dict[int, tuple[int, int]]]:
    """The fragment as YAML text, every item a literal block (``|-``) so no character is read as
    syntax; and, per YAML line of text, the document line it came from (``origins`` lists them
    in order, one per non-blank printed line) and its indent, to point problems at the document."""
    kind = {"docx": "Word", "docm": "Word", "doc": "Word", "wps": "WPS", "odt": "ODT", "txt": "文本", "md": "文本"}.get(doc.format, "")
    lines = [
        f"# 由{kind}文件“{Path(doc.display).name}”转换；原件存于本期的 received/ 文件夹。",
        f"team: {scalar(team)}",
        f"issue: {issue}",
        "sections:",
    ]
    where: dict[int, tuple[int, int]] = {}
    source = iter(origins or [])

    def block(prefix: str, text: str, indent: int) -> None:
        lines.append(prefix + "|-")
        for line in text.split("\n"):
            if line:
                lines.append(" " * indent + line)
                where[len(lines)] = (next(source, 0), indent)
            else:
                lines.append("")

    for name, items in sections.items():
        lines.append(f"  {scalar(name)}:")
        for item in items:
            if isinstance(item, tuple):
                block("    - title: ", item[0], 8)
                block("      text: ", item[1], 8)
            else:
                block("    - ", item, 6)
    return "\n".join(lines) + "\n", where


# ---------------------------------------------------------------------------------- intake


def check_converted(
    path: Path, series: Series, info: IssueInfo, *, team: str | None, section: str | None, display: str
) -> tuple[object, list[object], list[str]]:
    """``validate.check_fragment`` for a Word or text file: convert, then check the YAML text
    exactly as if the unit had sent it (problems name the file and the converted line)."""
    from ..assemble import LoadedFragment
    from .files import Source
    from .yaml_reader import _validate_source
    from ..model import Fragment
    from ..validate import cross_check, lint_warnings

    converted = convert_file(path, series, info, team=team, section=section, display=display)
    shown = tr(f"{display}（转换稿）", f"{display} (converted)")
    source = Source(path, converted.text, "utf-8", shown)
    try:
        fragment, doc = _validate_source(source, Fragment, None)
    except BulletinError as exc:  # an item too long, say: the clerk has the document, not the draft
        raise BulletinError([_point_at_document(p, converted, display) for p in exc.problems]) from None
    problems = [
        _point_at_document(p, converted, display) for p in cross_check(fragment, doc, series, info) + lint_warnings(doc, series)
    ]
    # item → its document line (paragraph); keys such as the unit have none: the whole file
    lines = {p: converted.where.get(line, (0, 0))[0] for p, (line, _col) in doc.value_marks.items()}
    return LoadedFragment(fragment, display, lines, converted.text), problems, converted.notices


def _point_at_document(problem: object, converted: Converted, display: str) -> object:
    """A problem found in the converted YAML, located in the document the clerk has: its line
    (a paragraph number for Word) and the column within that paragraph's text."""
    from dataclasses import replace

    origin = converted.where.get(problem.line)  # type: ignore[attr-defined]
    column = problem.column  # type: ignore[attr-defined]
    if origin is None:
        # a problem with a whole item (too long, say) stands on its `|-` line: the item's text
        # starts on the next line, at the start of its paragraph
        origin = converted.where.get(problem.line + 1)  # type: ignore[attr-defined]
        column = origin[1] + 1 if origin else column
    if origin is None or not origin[0]:
        return replace(problem, file=display, line=0, column=0)  # type: ignore[type-var]
    line, indent = origin
    return replace(problem, file=display, line=line, column=max(column - indent, 1))  # type: ignore[type-var]


RECEIVED_DIR = "received"


def keep_received(ws: object, number: int, accepted: list) -> list[Path]:  # type: ignore[type-arg]
    """Copy each Word/text file as received to ``issues/NNN/received/<time>-<name>`` (beside
    the issue, never among its fragments), atomically; returns what was written."""
    import datetime as dt

    from ..fsutil import atomic_write_bytes

    folder = ws.issue_dir(number) / RECEIVED_DIR  # type: ignore[attr-defined]
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    written: list[Path] = []
    try:
        for item in accepted:
            if not is_converted(item.source):
                continue
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{stamp}-{item.source.name}"
            n = 1
            while target.exists() or target in written:  # same name from two folders, or twice a second
                n += 1
                target = folder / f"{stamp}-{n}-{item.source.name}"
            atomic_write_bytes(target, item.source.read_bytes())
            item.received = target
            written.append(target)
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written

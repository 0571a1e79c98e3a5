"""The typography rules: one small function each, with a stable code.

A fix rule takes the current text and returns ``Change``s; a report rule returns ``Report``s.
Neither needs to care about URLs and e-mail addresses: the engine drops any change inside one.
Full-width characters are written as escapes or via ``chars`` (see the note there).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from ..messages import tr
from .chars import (
    CLOSERS,
    CN_DASH,
    CN_ELLIPSIS,
    DOUBLABLE,
    ELLIPSIS,
    FW_COLON,
    FW_COMMA,
    FW_LPAREN,
    FW_RPAREN,
    HALF_TO_FULL,
    IDEO_SPACE,
    IDEO_STOP,
    LDQ,
    LSQ,
    PAIRS,
    RDQ,
    RSQ,
    ZERO_WIDTH_SPACE,
    is_ascii_alnum,
    is_cjk_punct,
    is_han,
    is_zh,
)
from .engine import Change, FixRule, Report, ReportRule
from .glyphs import outside_gb2312


class RuleInfo(NamedTuple):
    name: str  # short Chinese name
    zh: str  # one-line explanation
    en: str
    fixable: bool


def _q(s: str) -> str:
    return f"{LDQ}{s}{RDQ}"


RULES: dict[str, RuleInfo] = {
    "P101": RuleInfo(
        "半角标点",
        f"中文语境中的半角标点\uff08, ; : ? ! ( )\uff09改为全角\uff08{FW_COMMA} \uff1b {FW_COLON} \uff1f \uff01 "
        f"{FW_LPAREN} {FW_RPAREN}\uff09\uff1b数字、网址、邮箱和外文不动",
        "Half-width , ; : ? ! ( ) in Chinese text become full-width; numbers, URLs, e-mail "
        "addresses and Latin text are left alone",
        True,
    ),
    "P102": RuleInfo(
        "半角句点",
        f"中文句子末尾的“.”改为“{IDEO_STOP}”",
        f"A '.' ending a Chinese sentence becomes '{IDEO_STOP}'",
        True,
    ),
    "P103": RuleInfo(
        "重复标点",
        f"连续重复的标点\uff08如{FW_COMMA}{FW_COMMA}、{IDEO_STOP}{IDEO_STOP}\uff09只保留一个",
        "Doubled punctuation is reduced to one mark",
        True,
    ),
    "P104": RuleInfo(
        "省略号",
        f"“...”“{IDEO_STOP * 3}”“{ELLIPSIS}”改为“{CN_ELLIPSIS}”",
        f"'...' and a single '{ELLIPSIS}' in Chinese text become '{CN_ELLIPSIS}'",
        True,
    ),
    "P105": RuleInfo(
        "破折号",
        f"“--”改为“{CN_DASH}”",
        f"'--' in Chinese text becomes '{CN_DASH}'",
        True,
    ),
    "P201": RuleInfo(
        "直引号",
        f"直引号改为弯引号 {LDQ}{RDQ} 和 {LSQ}{RSQ}\uff0c并正确配对",
        f"Straight quotes become {LDQ}{RDQ} and {LSQ}{RSQ}, paired",
        True,
    ),
    "P202": RuleInfo(
        "符号不成对",
        f"引号、书名号、括号、方头括号不成对\uff08{LDQ}{RDQ} {LSQ}{RSQ} \u300a\u300b "
        f"{FW_LPAREN}{FW_RPAREN} \u3010\u3011)",
        "Unbalanced quotes or brackets (report only)",
        False,
    ),
    "C301": RuleInfo(
        "繁体字",
        "简体系列中出现繁体字\uff0c按 OpenCC t2s 转为简体",
        "Traditional characters in a simplified series become simplified (OpenCC t2s)",
        True,
    ),
    "C302": RuleInfo(
        "拼音注音",
        f"网页转换留下的拼音注音\uff0c如“發{FW_LPAREN}fā{FW_RPAREN}展”改为“发展”",
        "Pinyin annotations left by web converters, such as 發(fā)展, are removed",
        True,
    ),
    "C303": RuleInfo(
        "生僻字",
        "不在 GB2312 字符集的字\uff08如䶮、𠮷\uff09\uff0c仿宋_GB2312 等字体无法显示\uff0c导出时改用宋体\uff0c请打印核对\uff1b"
        "表情符号\uff08如😀\uff09任何公文字体都没有\uff0c请删去或改用文字\uff08只提示\uff09",
        "Characters outside GB2312 (such as 䶮, 𠮷), which 仿宋_GB2312 cannot print; the export "
        "sets them in 宋体: check the print; emoji (such as 😀) no official font has: remove them "
        "or use words (report only)",
        False,
    ),
    "S401": RuleInfo(
        "多余空格",
        "汉字之间、全角标点前后的空格删除",
        "Spaces between Chinese characters or next to full-width punctuation are removed",
        True,
    ),
    "S402": RuleInfo(
        "全角空格",
        "全角空格删除\uff08缩进由排版负责\uff09",
        "Ideographic spaces are removed (indentation is the layout's job)",
        True,
    ),
    "S403": RuleInfo(
        "行首行尾空格",
        "行首、行尾的空格删除",
        "Leading and trailing spaces are removed",
        True,
    ),
    "D501": RuleInfo(
        "日期补零",
        "日期中月、日不补零\uff1a2023年07月21日 改为 2023年7月21日",
        "No leading zeros in dates: 2023年07月21日 becomes 2023年7月21日",
        True,
    ),
    "E601": RuleInfo(
        "序号跳号",
        "“一是……三是”中间缺少“二是”\uff08只提示\uff09",
        "An enumeration skips a number, e.g. 一是 … 三是 without 二是 (report only)",
        False,
    ),
    "E602": RuleInfo(
        "序号错乱",
        "同一段内“一是、二是”序号重复或倒序\uff08只提示\uff09",
        "An enumeration repeats a number or goes backwards within a paragraph (report only)",
        False,
    ),
}

# ------------------------------------------------------------------------------ helpers


@functools.cache
def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled at its first use, not at import: most texts never need most of them
    (each rule first checks, exactly, that its characters occur at all)."""
    return re.compile(pattern, flags)


_seen: tuple[str, frozenset[str]] = ("", frozenset())


def _chars(text: str) -> frozenset[str]:
    """The characters ``text`` has, for the rules' first checks: one pass over the text for
    all of them (a pass's rules are given the same string, so the last one is kept)."""
    global _seen
    seen = _seen
    if seen[0] is not text:
        seen = _seen = (text, frozenset(text))
    return seen[1]


# the typographic spaces too (U+2000–U+200A, narrow no-break, math), and the zero-width space:
# text copied from WeChat and web pages carries them between characters, unseen on screen
_SPACE = " \t\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + ZERO_WIDTH_SPACE + "\u202f\u205f"
_SPACES = frozenset(_SPACE)


def _prev_nonspace(text: str, i: int) -> str:
    j = i - 1
    while j >= 0 and text[j] in _SPACE:
        j -= 1
    return text[j] if j >= 0 else ""


def _next_nonspace(text: str, i: int) -> str:
    j = i + 1
    while j < len(text) and text[j] in _SPACE:
        j += 1
    return text[j] if j < len(text) else ""


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


# ------------------------------------------------------------------------------ C302 pinyin

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\u0300\u0301\u0304\u030c\u0308ńňǹḿ"
_TONED_SET = frozenset(_TONED)
_SYL = f"[a-z{_TONED}]{{1,7}}"
# After a Han character (checked with is_han: a look-behind on the Han class costs more to
# compile than the whole rule takes to run). Nothing inside a match opens a parenthesis, so a
# match that is not after Han never hides one that is.
_PINYIN = rf"[(\uff08]\s*({_SYL}(?:[ \-']{_SYL}){{0,3}})\s*[)\uff09]"


def pinyin_annotations(text: str) -> Iterator[Change]:
    if _TONED_SET.isdisjoint(_chars(text)):
        return  # only tone-marked syllables are reported (below)
    for m in _rx(_PINYIN).finditer(text):
        if not (m.start() and is_han(text[m.start() - 1])):
            continue
        if not any(c in _TONED for c in m.group(1)):
            continue  # (de), (a): could be anything; only tone-marked syllables are sure
        yield Change(
            m.start(),
            m.end(),
            "",
            tr(f"拼音注音{_q(m.group(0))}应删除", f"pinyin annotation {_q(m.group(0))}: remove it"),
        )


# ------------------------------------------------------------------------------ C301 t2s


# OpenCC configurations. t2s alone never turns 著 into 着, so text from converters that write
# Taiwan forms (隨著, 看著) keeps a wrong 著. tw2s first maps Taiwan variants to OpenCC's standard
# forms (著 -> 着 except in phrases such as 著名, 显著), then does t2s. It is used only for a line
# that already has other traditional characters, so a simplified line with 卓著 or 编著 is left
# alone.
T2S = "t2s"
VARIANTS_T2S = "tw2s"


@functools.lru_cache(maxsize=4)
def _converter(config: str):  # type: ignore[no-untyped-def]
    import opencc  # lazy: loading it and building a converter costs what `bulletin --help` should not pay

    try:
        return opencc.OpenCC(config)
    except Exception:  # older bindings want the file name
        return opencc.OpenCC(f"{config}.json")


@functools.cache
def _t2s_filter() -> frozenset[str] | None:
    """The characters of ``t2s_chars.IN_GB2312`` when the installed OpenCC reads exactly the
    files the table was derived from; else None, and every line goes through OpenCC. Not
    loading OpenCC (a few milliseconds) for text t2s would leave alone is what this is for."""
    import importlib.util
    import os
    import zlib

    from . import t2s_chars

    if not t2s_chars.FILES or os.path.isfile("t2s.json"):  # OpenCC("t2s") would read that file
        return None
    try:
        spec = importlib.util.find_spec("opencc")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    share = os.path.join(os.path.dirname(os.path.abspath(spec.origin)), "clib", "share", "opencc")
    for name, (size, crc) in t2s_chars.FILES.items():
        try:
            with open(os.path.join(share, name), "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        if len(data) != size or zlib.crc32(data) != crc:
            return None
    return frozenset(t2s_chars.IN_GB2312)


@functools.cache
def _t2s_outside_gb2312() -> frozenset[str]:
    from . import t2s_chars

    return frozenset(t2s_chars.CHARS)


def _t2s_may_change(text: str, in_gb2312: frozenset[str]) -> bool:
    """Whether ``text`` has a character of ``t2s_chars`` (then t2s may change it; without one
    it cannot: tests/test_lint_t2s_prefilter.py). The characters Python's gb2312 codec encodes
    are tested against the few of the table it encodes; only the others (a rare name, a
    traditional text) against the whole table, built at that first need."""
    if not in_gb2312.isdisjoint(_chars(text)):
        return True
    coded = text.encode("gb2312", "replace").decode("gb2312")
    if coded == text:
        return False
    table = None
    k = coded.find("?")
    while k != -1:
        ch = text[k]
        if ord(ch) >= 0x3400:  # the table has Han characters only (its test checks)
            table = table or _t2s_outside_gb2312()
            if ch in table:
                return True
        k = coded.find("?", k + 1)
    return False


def to_simplified(line: str) -> str:
    """OpenCC's simplified form of one line of text (see T2S / VARIANTS_T2S)."""
    in_gb2312 = _t2s_filter()
    if in_gb2312 is not None and not _t2s_may_change(line, in_gb2312):
        return line  # nothing t2s would change
    plain = _converter(T2S).convert(line)
    if plain == line:
        return line
    return _converter(VARIANTS_T2S).convert(line)


def traditional(text: str) -> Iterator[Change]:
    in_gb2312 = _t2s_filter()
    if in_gb2312 is not None:
        if not _t2s_may_change(text, in_gb2312):
            return
    elif not any(ord(c) >= 0x3400 for c in text):
        return
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        new = to_simplified(line)
        if new == line:
            continue
        if len(new) == len(line):
            i = 0
            while i < len(line):
                if line[i] == new[i]:
                    i += 1
                    continue
                j = i
                while j < len(line) and line[j] != new[j]:
                    j += 1
                yield _t2s_change(base + i, base + j, line[i:j], new[i:j])
                i = j
        else:  # a phrase changed length
            import difflib

            sm = difflib.SequenceMatcher(None, line, new, autojunk=False)
            for op, a0, a1, b0, b1 in sm.get_opcodes():
                if op != "equal":
                    yield _t2s_change(base + a0, base + a1, line[a0:a1], new[b0:b1])


def _t2s_change(start: int, end: int, old: str, new: str) -> Change:
    return Change(start, end, new, tr(f"繁体字{_q(old)}应为{_q(new)}", f"traditional {_q(old)}: use {_q(new)}"))


# ------------------------------------------------------------------------------ spaces

_IDEO_RUN = f"{IDEO_SPACE}+"


def ideographic_spaces(text: str) -> Iterator[Change]:
    if IDEO_SPACE not in text:
        return
    for m in _rx(_IDEO_RUN).finditer(text):
        s, e = m.span()
        before = text[s - 1] if s else "\n"
        after = text[e] if e < len(text) else "\n"
        drop = before in "\n" + _SPACE or after in "\n" + _SPACE or is_zh(before) or is_zh(after)
        yield Change(
            s,
            e,
            "" if drop else " ",
            tr("全角空格应删除", "ideographic space: remove it")
            if drop
            else tr("全角空格应为半角空格", "ideographic space: use a normal space"),
        )


_EDGE = f"^[{_SPACE}{IDEO_SPACE}]+|[{_SPACE}{IDEO_SPACE}]+$"


def edge_spaces(text: str) -> Iterator[Change]:
    if _SPACES.isdisjoint(_chars(text)) and IDEO_SPACE not in text:
        return
    for m in _rx(_EDGE, re.M).finditer(text):
        if m.start() == m.end():
            continue
        yield Change(m.start(), m.end(), "", tr("行首或行尾的空格应删除", "leading or trailing space: remove it"))


_INNER = f"[{_SPACE}]+"


def _fw_punct(ch: str) -> bool:
    return is_cjk_punct(ch) and ch not in (IDEO_SPACE,)


def inner_spaces(text: str) -> Iterator[Change]:
    if _SPACES.isdisjoint(_chars(text)):
        return
    for m in _rx(_INNER).finditer(text):
        s, e = m.span()
        if s == 0 or e == len(text) or text[s - 1] == "\n" or text[e] == "\n":
            continue  # edges: S403
        a, b = text[s - 1], text[e]
        invisible = not m.group(0).strip(ZERO_WIDTH_SPACE)  # never meant, wherever it is
        if invisible or (is_zh(a) and is_zh(b)) or _fw_punct(a) or _fw_punct(b):
            yield Change(s, e, "", tr(f"{_q(a + m.group(0) + b)}中的空格应删除", f"space in {_q(a + m.group(0) + b)}: remove it"))


# ------------------------------------------------------------------------------ punctuation

_DOTS = rf"\.{{3,}}|{IDEO_STOP}{{3,}}|{ELLIPSIS}+"


def ellipsis(text: str) -> Iterator[Change]:
    if ELLIPSIS not in text and "..." not in text and IDEO_STOP * 3 not in text:
        return
    for m in _rx(_DOTS).finditer(text):
        s, e = m.span()
        if m.group(0) == CN_ELLIPSIS:
            continue
        if m.group(0)[0] != IDEO_STOP and not (
            is_zh(_prev_nonspace(text, s)) or is_zh(_next_nonspace(text, e - 1))
        ):
            continue  # English text keeps its dots
        yield Change(s, e, CN_ELLIPSIS, tr(f"省略号应为{_q(CN_ELLIPSIS)}", f"ellipsis: use {_q(CN_ELLIPSIS)}"))


def dashes(text: str) -> Iterator[Change]:
    if "--" not in text:
        return
    for m in _rx(r"-{2,}").finditer(text):
        s, e = m.span()
        if is_zh(_prev_nonspace(text, s)) or is_zh(_next_nonspace(text, e - 1)):
            yield Change(s, e, CN_DASH, tr(f"破折号应为{_q(CN_DASH)}", f"dash: use {_q(CN_DASH)}"))


def straight_quotes(text: str) -> Iterator[Change]:
    if '"' not in text and "'" not in text:
        return
    for base, line in _lines(text):
        if ('"' not in line and "'" not in line) or not any(is_han(c) for c in line):
            continue  # changes only straight quotes, tracking pairs within a line
        stack: list[str] = []
        for i, c in enumerate(line):
            if c == LDQ or c == LSQ:
                stack.append(c)
            elif c == RDQ:
                if LDQ in stack:
                    while stack and stack.pop() != LDQ:
                        pass
            elif c == RSQ:
                if stack and stack[-1] == LSQ:
                    stack.pop()
            elif c == '"':
                if stack and stack[-1] == LDQ:
                    stack.pop()
                    new = RDQ
                elif LDQ in stack and _closing_context(line, i):
                    while stack and stack.pop() != LDQ:
                        pass
                    new = RDQ
                else:
                    stack.append(LDQ)
                    new = LDQ
                yield Change(base + i, base + i + 1, new, tr(f"直引号应为{_q(new)}", f"straight quote: use {new}"))
            elif c == "'":
                prev = line[i - 1] if i else ""
                nxt = line[i + 1] if i + 1 < len(line) else ""
                if is_ascii_alnum(prev) and (is_ascii_alnum(nxt) or not stack or stack[-1] != LSQ):
                    continue  # apostrophe: don't, it's, the 90's
                if stack and stack[-1] == LSQ:
                    stack.pop()
                    new = RSQ
                else:
                    stack.append(LSQ)
                    new = LSQ
                yield Change(base + i, base + i + 1, new, tr(f"直引号应为{_q(new)}", f"straight quote: use {new}"))


def _closing_context(line: str, i: int) -> bool:
    nxt = line[i + 1] if i + 1 < len(line) else ""
    return nxt == "" or not (is_han(nxt) or is_ascii_alnum(nxt))


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


_HALF = frozenset(HALF_TO_FULL)
_HALF_CLASS = "[" + re.escape("".join(HALF_TO_FULL)) + "]"


def halfwidth(text: str) -> Iterator[Change]:
    if _HALF.isdisjoint(_chars(text)):
        return
    # A pair of ( ) is converted together: Chinese inside, before or after makes both full-width.
    parens: dict[int, bool] = {}
    stack: list[int] = []
    for m in _rx(r"[\n()]").finditer(text):
        i, c = m.start(), m.group()
        if c == "\n":
            for j in stack:
                parens[j] = _zh_around(text, j)
            stack = []
        elif c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                j = stack.pop()
                inner = any(is_han(x) for x in text[j + 1 : i])
                zh = inner or is_zh(_prev_nonspace(text, j)) or is_zh(_next_nonspace(text, i))
                parens[j] = parens[i] = zh
            else:
                parens[i] = _zh_around(text, i)
    for j in stack:
        parens[j] = _zh_around(text, j)
    for m in _rx(_HALF_CLASS).finditer(text):
        i, c = m.start(), m.group()
        if c in "()":
            zh = parens.get(i, False)
        elif c in ",:" and _between_digits(text, i):
            zh = False  # 1,000 and 08:57
        else:
            zh = _zh_around(text, i)
        if zh:
            fw = HALF_TO_FULL[c]
            yield Change(i, i + 1, fw, tr(f"半角{_q(c)}应为全角{_q(fw)}", f"half-width {_q(c)}: use {_q(fw)}"))


_RUN = _SPACE + ",;:?!"


def _zh_around(text: str, i: int) -> bool:
    """Chinese on either side, looking past spaces and other half-width marks (",,," after 字)."""
    j = i - 1
    while j >= 0 and text[j] in _RUN:
        j -= 1
    k = i + 1
    while k < len(text) and text[k] in _RUN:
        k += 1
    return (j >= 0 and is_zh(text[j])) or (k < len(text) and is_zh(text[k]))


def full_stop(text: str) -> Iterator[Change]:
    i = text.find(".")
    while i != -1:
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if is_zh(prev) and not is_ascii_alnum(nxt) and nxt != ".":
            yield Change(i, i + 1, IDEO_STOP, tr(f"句末的“.”应为{_q(IDEO_STOP)}", f"'.' ending a sentence: use {_q(IDEO_STOP)}"))
        i = text.find(".", i + 1)


_DOUBLED = f"([{DOUBLABLE}])\\1+"


def doubled(text: str) -> Iterator[Change]:
    if not any(c + c in text for c in DOUBLABLE):
        return
    for m in _rx(_DOUBLED).finditer(text):
        yield Change(m.start(), m.end(), m.group(1), tr(f"重复的标点{_q(m.group(0))}", f"doubled punctuation {_q(m.group(0))}"))


# ------------------------------------------------------------------------------ D501 dates

def date_zeros(text: str) -> Iterator[Change]:
    """0 then 1-9 before 月, 日 or 号, not after a digit (what ``(?<![0-9])0([1-9])(?=[月日号])``
    finds, without compiling it)."""
    k = text.find("0")
    while k != -1:
        if k + 2 < len(text) and text[k + 1] in "123456789" and text[k + 2] in "月日号" and (k == 0 or text[k - 1] not in "0123456789"):
            zero, unit = text[k : k + 2], text[k + 2]
            yield Change(k, k + 2, text[k + 1], tr(f"日期{_q(zero + unit)}不补零", f"no leading zero in {_q(zero + unit)}"))
        k = text.find("0", k + 1)


# ------------------------------------------------------------------------------ reports


# Line breaks and the marks balance looks at: it visits only these, not every character.
_BRACKETS = "[\n" + re.escape("".join(PAIRS) + "".join(CLOSERS)) + "]"


def balance(text: str) -> Iterator[Report]:
    """Marks that open and close within one paragraph. A single line break inside a paragraph
    (a wrapped line of a ``- |`` block or of a plain item) prints joined, so a quotation may go
    on over it; a blank line ends the paragraph."""
    stack: list[tuple[str, int]] = []  # open marks of the current paragraph
    n = len(text)
    for m in _rx(_BRACKETS).finditer(text):
        i, c = m.start(), m.group()
        if c == "\n":
            k = i + 1
            while k < n and text[k] in " \t\r":
                k += 1
            if k < n and text[k] != "\n":
                continue  # a wrapped line, not the end of the paragraph
            for o, j in stack:
                yield _unbalanced(j, o)
            stack = []
        elif c in PAIRS:
            if c == LSQ and i and is_ascii_alnum(text[i - 1]):
                continue
            stack.append((c, i))
        else:
            if c == RSQ and i and is_ascii_alnum(text[i - 1]):
                continue  # it’s
            opener = CLOSERS[c]
            if any(o == opener for o, _ in stack):
                while stack:
                    o, j = stack.pop()
                    if o == opener:
                        break
                    yield _unbalanced(j, o)
            else:
                yield _unbalanced(i, c)
    for o, j in stack:
        yield _unbalanced(j, o)


def _unbalanced(pos: int, c: str) -> Report:
    return Report(pos, pos + 1, tr(f"{_q(c)}没有配对", f"{_q(c)} has no partner"))


_NUMS = "一二三四五六七八九十"
# A marker is 1-3 numerals and 是, at the start of a line or after a space or one of these (what
# the pattern (?:^|(?<=[\s…]))([一…十]{1,3})是 finds, without compiling it).
_ENUM_AFTER = frozenset(f"{FW_COLON}{FW_COMMA}{IDEO_STOP}\uff1b\u3001\uff01\uff1f:;,{LDQ}{RDQ}{FW_RPAREN}")


def _number(s: str) -> int | None:
    if len(s) == 1:
        return _NUMS.index(s) + 1
    if len(s) == 2 and s[0] == "十":
        return 10 + _NUMS.index(s[1]) + 1 if s[1] != "十" else None
    if len(s) == 2 and s[1] == "十":
        return (_NUMS.index(s[0]) + 1) * 10
    if len(s) == 3 and s[1] == "十" and s[2] != "十":
        return (_NUMS.index(s[0]) + 1) * 10 + _NUMS.index(s[2]) + 1
    return None


def _cn(n: int) -> str:
    if n <= 10:
        return _NUMS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMS[tens - 1]) + "十" + (_NUMS[ones - 1] if ones else "")


def _markers(line: str) -> list[tuple[int, int, int]]:
    out = []
    k = line.find("是")
    while k != -1:
        p = k  # back over the numerals before 是 (four or more: no marker)
        while p > 0 and k - p < 4 and line[p - 1] in _NUMS:
            p -= 1
        if 1 <= k - p <= 3 and (p == 0 or line[p - 1] in _ENUM_AFTER or line[p - 1].isspace()):
            n = _number(line[p:k])
            if n is not None:
                out.append((p, k + 1, n))
        k = line.find("是", k + 1)
    return out


def enumeration_skips(text: str) -> Iterator[Report]:
    if "是" not in text:
        return
    prev: int | None = None  # last number seen, carried across paragraphs of one text
    for base, line in _lines(text):
        for s, e, n in _markers(line):
            if prev is not None and n > prev + 1:
                missing = "、".join(_cn(k) + "是" for k in range(prev + 1, n))
                yield Report(
                    base + s,
                    base + e,
                    tr(
                        f"{_q(_cn(prev) + '是')}之后是{_q(_cn(n) + '是')}\uff0c缺少{missing}",
                        f"{_cn(n)}是 follows {_cn(prev)}是: {missing} is missing",
                    ),
                )
            prev = n


def enumeration_order(text: str) -> Iterator[Report]:
    if "是" not in text:
        return
    for base, line in _lines(text):
        prev: int | None = None
        for s, e, n in _markers(line):
            if prev is not None and n <= prev and n != 1:
                yield Report(
                    base + s,
                    base + e,
                    tr(
                        f"{_q(_cn(n) + '是')}出现在{_q(_cn(prev) + '是')}之后\uff0c序号重复或倒序",
                        f"{_cn(n)}是 after {_cn(prev)}是: repeated or out of order",
                    ),
                )
            prev = n


# Order matters: annotations go before the script is converted, dots before the full-stop rule,
# width before the space and doubling rules that look at full-width marks.
FIXERS: list[tuple[str, FixRule]] = [
    ("C302", pinyin_annotations),
    ("C301", traditional),
    ("S402", ideographic_spaces),
    ("S403", edge_spaces),
    ("P104", ellipsis),
    ("P105", dashes),
    ("P201", straight_quotes),
    ("P101", halfwidth),
    ("P102", full_stop),
    ("S401", inner_spaces),
    ("P103", doubled),
    ("D501", date_zeros),
]
REPORTERS: list[tuple[str, ReportRule]] = [
    ("P202", balance),
    ("C303", outside_gb2312),
    ("E601", enumeration_skips),
    ("E602", enumeration_order),
]

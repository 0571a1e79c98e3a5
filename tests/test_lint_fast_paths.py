"""The shortcuts that keep lint cheap give exactly what the plain forms give.

is_han/is_cjk_punct compare code points instead of matching the regex classes; C303 lets the
gb2312 codec skip what it can encode; balance, the enumeration markers and the date zeros
visit only their own characters; each rule first checks that its characters occur at all.
Each is compared here with the plain form it replaces (the regex, or a per-character loop).
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bulletin_cli.lint import check_text, chars, lint_text, rules, shared_results
from bulletin_cli.lint.glyphs import outside_gb2312
from bulletin_cli.render.fontcheck import in_gb2312, is_pictograph


def test_character_classes_match_the_regex_classes_on_every_code_point() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    han = set(re.findall(chars.HAN, everything))
    punct = set(re.findall(f"[{chars.CJK_PUNCT_RANGES}]", everything))
    assert {c for c in everything if chars.is_han(c)} == han
    assert {c for c in everything if chars.is_cjk_punct(c)} == punct
    assert len(han) > 90000 and len(punct) > 100  # the classes are what they say
    assert not chars.is_han("") and not chars.is_cjk_punct("") and not chars.is_zh("")


def reference_outside_gb2312(text: str) -> list[tuple[int, int, str]]:
    """C303 as it was written first: one step per character."""

    def outside(ch: str) -> bool:
        return not (in_gb2312(ch) or ch.isspace() or ch == chars.ZERO_WIDTH_SPACE)

    out = []
    i, n, reported = 0, len(text), 0
    while i < n:
        if not outside(text[i]):
            i += 1
            continue
        emoji = is_pictograph(text[i])
        j = i + 1
        while j < n and outside(text[j]) and is_pictograph(text[j]) == emoji:
            j += 1
        if emoji and text[i] in "\ufe0e\ufe0f\u200d\u20e3" and i > reported and not text[i - 1].isspace():
            i -= 1
        reported = j
        out.append((i, j, "emoji" if emoji else "rare"))
        i = j
    return out


C303_PIECES = ["发展", "刘䶮", "𠮷", "——", "·", "?", "？", "😀", "1️⃣", "❤️", "\ufe0f", "\u200d", " ", "\u3000",
               "\u200b", "\u00a0", "a", "\n", "丽", "\ud7ff", "€", "—", "\u2015", "…", "①", "Ⅻ", "👨‍👩‍👧"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(C303_PIECES), max_size=20).map("".join))
def test_c303_finds_what_the_per_character_loop_finds(text: str) -> None:
    got = [(r.start, r.end, "emoji" if "表情" in r.message or "emoji" in r.message else "rare") for r in outside_gb2312(text)]
    assert got == reference_outside_gb2312(text)


BALANCE_PIECES = ["“", "”", "‘", "’", "《", "》", "【", "】", "（", "）", "(", ")", "〈", "〉", "「", "」", "『", "』",
                  "\n", "\n", " ", "a", "字", "it’s", "x‘"]


def reference_balance(text: str) -> list[tuple[int, int]]:
    """Per paragraph: a line break followed by a blank line (or the end) ends one; a single
    line break inside a paragraph prints joined."""
    out = []
    pos = 0
    for line in re.split(r"\n(?=[ \t\r]*(?:\n|$))", text):
        stack: list[tuple[str, int]] = []
        for i, c in enumerate(line):
            if c in chars.PAIRS:
                if c == chars.LSQ and i and chars.is_ascii_alnum(line[i - 1]):
                    continue
                stack.append((c, i))
            elif c in chars.CLOSERS:
                if c == chars.RSQ and i and chars.is_ascii_alnum(line[i - 1]):
                    continue
                opener = chars.CLOSERS[c]
                if any(o == opener for o, _ in stack):
                    while stack:
                        o, j = stack.pop()
                        if o == opener:
                            break
                        out.append((pos + j, pos + j + 1))
                else:
                    out.append((pos + i, pos + i + 1))
        out.extend((pos + j, pos + j + 1) for _o, j in stack)
        pos += len(line) + 1
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BALANCE_PIECES), max_size=25).map("".join))
def test_balance_reports_what_the_per_character_loop_reports(text: str) -> None:
    assert [(r.start, r.end) for r in rules.balance(text)] == reference_balance(text)


ENUM_PATTERN = re.compile(
    rf"(?:^|(?<=[\s{chars.FW_COLON}{chars.FW_COMMA}{chars.IDEO_STOP}\uff1b\u3001\uff01\uff1f:;,"
    rf"{chars.LDQ}{chars.RDQ}{chars.FW_RPAREN}]))([一二三四五六七八九十]{{1,3}})是",
    re.M,
)
DATE_PATTERN = re.compile(r"(?<![0-9])0([1-9])(?=[月日号])")
ENUM_PIECES = ["一", "二", "三", "四", "十", "是", "，", "。", "：", ":", " ", "\u3000", "\t", "\r", "“", "）", "字", "a",
               "0", "07", "1", "月", "日", "号", "2023年07月01日", "10月"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ENUM_PIECES), max_size=25).map("".join))
@example("字一是，二是")
@example("a二是 三是：四是")
@example("一二三四是十一是二十是十十是")
@example("07月\u300008日a09号，2023年07月0")
def test_markers_and_date_zeros_find_what_their_patterns_find(text: str) -> None:
    line = text.replace("\n", "")
    want = [(m.start(1), m.end(), rules._number(m.group(1))) for m in ENUM_PATTERN.finditer(line)]
    assert rules._markers(line) == [w for w in want if w[2] is not None]
    dates = [(m.start(), m.end(), m.group(1)) for m in DATE_PATTERN.finditer(text)]
    assert [(c.start, c.end, c.new) for c in rules.date_zeros(text)] == dates


def test_pinyin_after_han_only_as_the_look_behind_had_it() -> None:
    pattern = re.compile(rf"(?<={chars.HAN})" + rules._PINYIN)
    for text in ["發(fā)展", "a(fā)展", "(fā)展", "發（fā zhǎn）展(de)", "x(ā)發(ā)", "發 (fā)", "發((fā))"]:
        want = [(m.start(), m.end()) for m in pattern.finditer(text) if any(c in rules._TONED for c in m.group(1))]
        assert [(c.start, c.end) for c in rules.pinyin_annotations(text)] == want


def test_shared_results_runs_the_rules_once_per_text(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bulletin_cli import lint

    calls = []
    real = lint.run
    monkeypatch.setattr(lint, "run", lambda *a: calls.append(a[0]) or real(*a))
    text = "会议强调,要把工作做实.一是落实"
    plain = lint_text(text)
    shared = shared_results()
    with shared:
        first = lint_text(text)
        first.clear()  # a caller changing its list changes nothing shared
        again = check_text(text)
    with shared:
        third = lint_text(text)
        other = lint_text(text, script="traditional")  # other rules: checked anew
    assert again.findings == third == plain and len(plain) == 2
    assert calls == [text, text, text]  # plain, the first shared check, the other script
    assert other == lint_text(text, script="traditional")
    assert lint._shared is None  # nothing outlives the block

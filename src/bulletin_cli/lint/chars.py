"""Character classes shared by the rules.

Full-width punctuation is written as escapes on purpose: editors, chat tools and some
pipelines apply NFKC and silently turn "\\uff0c" into ",", which is exactly the damage these
rules repair. Keep it that way when editing this file.
"""

from __future__ import annotations

import re

# Full-width forms (escapes, see the module docstring).
FW_COMMA = "\uff0c"
FW_SEMICOLON = "\uff1b"
FW_COLON = "\uff1a"
FW_QUESTION = "\uff1f"
FW_EXCLAM = "\uff01"
FW_LPAREN = "\uff08"
FW_RPAREN = "\uff09"
IDEO_SPACE = "\u3000"
ZERO_WIDTH_SPACE = "\u200b"  # invisible; pasted from web pages between characters
IDEO_STOP = "\u3002"  # ideographic full stop
IDEO_COMMA = "\u3001"  # enumeration comma
ELLIPSIS = "\u2026"
CN_ELLIPSIS = ELLIPSIS * 2
EM_DASH = "\u2014"
CN_DASH = EM_DASH * 2  # ——
LDQ, RDQ = "\u201c", "\u201d"  # “ ”
LSQ, RSQ = "\u2018", "\u2019"  # ‘ ’

HALF_TO_FULL = {
    ",": FW_COMMA,
    ";": FW_SEMICOLON,
    ":": FW_COLON,
    "?": FW_QUESTION,
    "!": FW_EXCLAM,
    "(": FW_LPAREN,
    ")": FW_RPAREN,
}

# Pairs checked for balance (report only).
PAIRS = {
    LDQ: RDQ,
    LSQ: RSQ,
    "\u300a": "\u300b",  # 《》
    "\u3010": "\u3011",  # 【】
    FW_LPAREN: FW_RPAREN,
    "(": ")",
    "\u3008": "\u3009",  # 〈〉
    "\u300c": "\u300d",  # 「」
    "\u300e": "\u300f",  # 『』
}
CLOSERS = {v: k for k, v in PAIRS.items()}

# Punctuation that is doubled by mistake (full-width, after the width fixes ran).
DOUBLABLE = FW_COMMA + IDEO_STOP + IDEO_COMMA + FW_SEMICOLON + FW_COLON

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = f"[{HAN_RANGES}]"  # a regex class; is_han tests the same ranges without compiling it
# Full-width and CJK punctuation (not the ideographic space).
CJK_PUNCT_RANGES = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
ZH_EXTRA = LDQ + RDQ + LSQ + RSQ + ELLIPSIS + EM_DASH

# The classes above as code point comparisons: compiling HAN alone took longer than the rules
# it serves, and comparisons are faster per character too. Each tests the first character.


def is_han(ch: str) -> bool:
    if not ch:
        return False
    o = ord(ch[0])
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F


def is_cjk_punct(ch: str) -> bool:
    if not ch:
        return False
    o = ord(ch[0])
    if 0x3001 <= o <= 0x303F:
        return True
    return 0xFF01 <= o <= 0xFF65 and not (0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A)


def is_zh(ch: str) -> bool:
    """Han, CJK punctuation or the curly quotes/ellipsis/dash Chinese text uses."""
    return bool(ch) and (is_han(ch) or is_cjk_punct(ch) or ch in ZH_EXTRA)


def is_ascii_alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


# URLs and e-mail addresses are never touched. Trailing sentence punctuation is not part of
# the address.
PROTECTED = (
    r"(?:(?:https?|ftp)://|www\.)[!-~]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_TRAILING = ".,;:!?)'\""


def protected_spans(text: str) -> list[tuple[int, int]]:
    if "//" not in text and "www." not in text and "@" not in text:
        return []  # neither alternative can match (the re module caches the compiled pattern)
    spans = []
    for m in re.finditer(PROTECTED, text):
        start, end = m.span()
        while end > start and text[end - 1] in _TRAILING:
            if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
                break  # a balanced parenthesis belongs to the address: .../x(1)
            end -= 1
        spans.append((start, end))
    return spans

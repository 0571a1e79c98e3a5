"""Helpers for the lint tests.

Full-width punctuation is spelt with ``W()`` rather than typed: editors and tools that apply
NFKC turn a typed full-width comma into ",", which would make these tests silently test nothing.
"""

from __future__ import annotations

FULL = {
    ",": "\uff0c",
    ";": "\uff1b",
    ":": "\uff1a",
    "?": "\uff1f",
    "!": "\uff01",
    "(": "\uff08",
    ")": "\uff09",
}
_TABLE = str.maketrans(FULL)
IDEO_SPACE = "\u3000"
ELLIPSIS2 = "\u2026\u2026"
DASH2 = "\u2014\u2014"


def W(text: str) -> str:
    """``text`` with every ASCII , ; : ? ! ( ) made full-width."""
    return text.translate(_TABLE)

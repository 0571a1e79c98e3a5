"""C303: characters the official body fonts cannot print.

仿宋_GB2312 and 楷体_GB2312 hold the GB2312 set only: a name such as 刘䶮 or a place with 𠮷
would print as a blank or a box. `bulletin export` sets those characters in
``layout.rare_char_font`` (宋体 / SimSun-ExtB), so nothing is lost on a machine that has
those fonts; the rule asks the clerk to check the printed page, because the printer's or the
reader's machine may still lack them. Same membership test as the renderer
(``render.fontcheck``), so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..messages import tr
from .chars import ZERO_WIDTH_SPACE
from .engine import Report


# Pieces of an emoji sequence that print nothing by themselves: variation selectors, ZWJ, keycap.
_JOINERS = frozenset("\ufe0e\ufe0f\u200d\u20e3")


def outside_gb2312(text: str) -> Iterator[Report]:
    """One report per run of consecutive characters outside GB2312 of one kind: rare
    characters go to the rare-character font, emoji (is_pictograph) print nowhere."""
    # A character Python's gb2312 codec encodes is in_gb2312: only those it replaces with "?"
    # need the test below. One pass of the codec instead of a Python step per character.
    coded = text.encode("gb2312", "replace").decode("gb2312")
    if coded == text:
        return
    from ..render.fontcheck import in_gb2312, is_pictograph

    def _outside(ch: str) -> bool:
        return not (in_gb2312(ch) or ch.isspace() or ch == ZERO_WIDTH_SPACE)  # S401 reports U+200B

    def candidate(k: int) -> int:
        """The first character from ``k`` on that the codec could not encode (or len(text))."""
        k = coded.find("?", k)
        while k != -1 and text[k] == "?":
            k = coded.find("?", k + 1)
        return n if k == -1 else k

    n, reported = len(text), 0
    i = candidate(0)
    while i < n:
        if not _outside(text[i]):
            i = candidate(i + 1)
            continue
        emoji = is_pictograph(text[i])
        j = i + 1
        while j < n and _outside(text[j]) and is_pictograph(text[j]) == emoji:
            j += 1
        if emoji and text[i] in _JOINERS and i > reported and not text[i - 1].isspace():
            i -= 1  # 1️⃣, ❤️ on a base in GB2312: name the whole symbol, not its invisible tail
        reported = j
        chars = text[i:j]
        codes = " ".join(f"U+{ord(c):04X}" for c in chars)
        if emoji:
            message = tr(
                f"“{chars}”（{codes}）是表情或图形符号，公文用的字体都没有，在 Word/WPS 里很可能"
                "打印成空白方框；请删去或改用文字表述",
                f"'{chars}' ({codes}) is an emoji or pictograph that no official font has: Word/WPS "
                "will likely print a blank box; remove it or say it in words",
            )
        else:
            message = tr(
                f"“{chars}”（{codes}）不在 GB2312 字符集中，仿宋_GB2312、楷体_GB2312 无此字；"
                "导出时改用生僻字字体（默认宋体/SimSun-ExtB），请打印核对",
                f"'{chars}' ({codes}) is outside GB2312: 仿宋_GB2312 and 楷体_GB2312 lack it; the "
                "export sets it in the rare-character font (宋体/SimSun-ExtB): check the print",
            )
        yield Report(i, j, message)
        i = j

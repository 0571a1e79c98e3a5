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
from ..render.fontcheck import in_gb2312
from .chars import ZERO_WIDTH_SPACE
from .engine import Report


def outside_gb2312(text: str) -> Iterator[Report]:
    """One report per run of consecutive characters outside GB2312."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if in_gb2312(ch) or ch.isspace() or ch == ZERO_WIDTH_SPACE:  # S401 reports that one
            i += 1
            continue
        j = i + 1
        while j < n and not in_gb2312(text[j]) and not text[j].isspace() and text[j] != ZERO_WIDTH_SPACE:
            j += 1
        chars = text[i:j]
        codes = " ".join(f"U+{ord(c):04X}" for c in chars)
        yield Report(
            i,
            j,
            tr(
                f"“{chars}”（{codes}）不在 GB2312 字符集中，仿宋_GB2312、楷体_GB2312 无此字；"
                "导出时改用生僻字字体（默认宋体/SimSun-ExtB），请打印核对",
                f"'{chars}' ({codes}) is outside GB2312: 仿宋_GB2312 and 楷体_GB2312 lack it; the "
                "export sets it in the rare-character font (宋体/SimSun-ExtB): check the print",
            ),
        )
        i = j

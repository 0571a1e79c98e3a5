"""render.linebreak measures common characters itself (so that `bulletin --help` needs no rich):
its widths must be rich's, in every Unicode version rich knows, or help lines and preview pages
would no longer fit rich's tables."""

from __future__ import annotations

import pytest
from rich._unicode_data._versions import VERSIONS
from rich.cells import cell_len as rich_cell_len

from bulletin_cli.render import linebreak

RANGES = [(0x20, 0x7E), (0x2010, 0x2027), (0x2190, 0x21FF), (0x3001, 0x3029), (0x4E00, 0x9FA5), (0xFF01, 0xFF60)]


@pytest.mark.parametrize("version", VERSIONS)
def test_measured_characters_have_richs_width_in_every_unicode_version(version: str) -> None:
    differ = [
        hex(code)
        for lo, hi in RANGES
        for code in range(lo, hi + 1)
        if linebreak.cell_len(chr(code)) != rich_cell_len(chr(code), version)
    ]
    assert differ == []


@pytest.mark.parametrize(
    "text",
    ["bulletin new → bulletin template --team …", "半角，全角。", "𠮷野家", "e\u0301", "👍🏽", "❤\ufe0f", "\x07", "中文 and English", ""],
)
def test_any_text_is_measured_as_rich_measures_it(text: str) -> None:
    assert linebreak.cell_len(text) == rich_cell_len(text)
    assert sum(c.cells for c in linebreak.clusters(text)) == sum(rich_cell_len(text[c.start : c.end]) for c in linebreak.clusters(text))

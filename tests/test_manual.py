"""docs/使用说明.md stays true: every layout option with its real default, every setting, every
lint rule code, and the pictures it shows exist (made by scripts/make-manual-images)."""

from __future__ import annotations

import re
from pathlib import Path

from bulletin_cli.lint import RULES
from bulletin_cli.model import Layout, Series

ROOT = Path(__file__).resolve().parent.parent
MANUAL = ROOT / "docs" / "使用说明.md"
TEXT = MANUAL.read_text(encoding="utf-8")


def table_rows() -> dict[str, list[str]]:
    """First cell (a `name`) → the other cells, for every table row of the manual."""
    rows = {}
    for line in TEXT.splitlines():
        m = re.match(r"\|\s*`([a-z_]+)`\s*\|(.*)\|\s*$", line)
        if m:
            rows[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return rows


def test_every_layout_option_is_documented_with_its_default() -> None:
    rows = table_rows()
    for name, field in Layout.model_fields.items():
        assert name in rows, f"layout option {name} is not in the manual"
        written = rows[name][0]
        if isinstance(field.default, bool):  # as a clerk writes it in bulletin.yaml
            assert written == str(field.default).lower(), (name, written, field.default)
        elif isinstance(field.default, (int, float)):
            assert float(written) == field.default, (name, written, field.default)
        else:
            assert written == str(field.default), (name, written, field.default)


def test_every_setting_and_rule_is_documented() -> None:
    rows = table_rows()
    assert [n for n in Series.model_fields if n not in rows] == []
    assert [code for code in RULES if f"| {code} |" not in TEXT] == []


def test_pictures_exist_and_are_small() -> None:
    pictures = re.findall(r"\]\((images/[^)]+\.png)\)", TEXT)
    assert len(pictures) >= 2
    for rel in pictures:
        path = MANUAL.parent / rel
        assert path.is_file(), rel
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size < 200_000, rel


def test_linked_from_the_readme_first_screen() -> None:
    first_screen = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25]
    assert any("docs/使用说明.md" in line for line in first_screen)

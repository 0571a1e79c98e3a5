"""Schema validation of exported documents with openxml-audit (a pure-Python port of the Open
XML SDK validator): catches what Word refuses and LibreOffice forgives, such as a child element
out of schema order."""

from __future__ import annotations

from pathlib import Path


def schema_errors(path: Path) -> list[str]:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(path))
    return [str(e) for e in result.errors]


def assert_schema_valid(path: Path) -> None:
    errors = schema_errors(path)
    assert not errors, "\n".join(errors[:10])

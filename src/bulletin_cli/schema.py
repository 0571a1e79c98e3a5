"""JSON Schema of the three files users write, so editors can check and complete them."""

from __future__ import annotations

import copy
import json
from typing import Any

from .model import KEY_ALIASES, Fragment, IssueInfo, Series

SCHEMAS = {"bulletin": Series, "issue": IssueInfo, "fragment": Fragment}


def json_schema(kind: str) -> dict[str, Any]:
    """The model's schema, with the Chinese keys a clerk may write accepted beside the English."""
    schema = SCHEMAS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _add_aliases(schema)
    for definition in schema.get("$defs", {}).values():
        _add_aliases(definition)
    return schema


def _add_aliases(obj: dict[str, Any]) -> None:
    props = obj.get("properties")
    if not isinstance(props, dict):
        return
    aliases = {zh: en for zh, en in KEY_ALIASES.items() if en in props}
    for zh, en in aliases.items():
        props[zh] = copy.deepcopy(props[en])
    required = obj.pop("required", [])
    if required:
        obj["allOf"] = [
            {"anyOf": [{"required": [name]}] + [{"required": [zh]} for zh, en in aliases.items() if en == name]}
            for name in required
        ]


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"

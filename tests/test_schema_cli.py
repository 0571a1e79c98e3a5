"""`bulletin schema` and the schema that travels with a template, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from conftest import snapshot

ECONOMY = "打好经济增长主动仗工作专班"
UNITS = [
    "安化县人民政府办公室",
    ECONOMY,
    "打好科技创新攻坚仗工作专班",
    "打好优化发展环境持久仗工作专班",
    "打好防范化解风险阻击仗工作专班",
    "打好安全生产翻身仗工作专班",
    "打好重点民生保障仗工作专班",
    "安化县经开区",
]
COLUMNS = ["会议精神", "重要事项", "专班动态", "情况反映", "典型经验"]


def completions(schema: dict) -> dict[str, list[str]]:
    """What an editor offers in a fragment: keys at each level, and values for the unit."""
    item = schema["properties"]["sections"]["additionalProperties"]["items"]["anyOf"][1]
    titled = schema["$defs"][item["$ref"].rsplit("/", 1)[1]]
    def offered(obj: dict) -> list[str]:  # doNotSuggest: accepted, explained on hover, not offered
        return [k for k, v in obj["properties"].items() if not v.get("doNotSuggest")]

    return {
        "top keys": offered(schema),
        "unit": schema["properties"]["专班"].get("enum", []),
        "columns": schema["properties"]["栏目"].get("propertyNames", {}).get("enum", []),
        "item keys": offered(titled),
    }


def test_workspace_schema_offers_the_series_units_and_columns(cli, example_ws: Path) -> None:
    r = cli("schema", "--write", "schemas", cwd=example_ws)
    assert r.exit_code == 0, r.output
    schema = json.loads((example_ws / "schemas" / "fragment.schema.json").read_text(encoding="utf-8"))
    offered = completions(schema)
    assert offered == {
        "top keys": ["专班", "期号", "栏目"],  # as the template writes them; team, 单位, … accepted too
        "unit": UNITS,
        "columns": COLUMNS,
        "item keys": ["标题", "正文"],
    }
    assert list(schema["properties"]) == ["team", "issue", "sections", "专班", "单位", "期号", "栏目"]
    assert list(schema["properties"]["栏目"]["properties"]) == COLUMNS  # hover text per column
    settings = json.loads((example_ws / "schemas" / "bulletin.schema.json").read_text(encoding="utf-8"))
    assert [k for k, v in settings["properties"].items() if not v.get("doNotSuggest")][:3] == ["title", "editor", "sections"]
    assert "“{team}反映：”" in schema["properties"]["栏目"]["properties"]["情况反映"]["description"]
    # a misspelt unit or column is underlined before the file is sent
    v = jsonschema.Draft202012Validator(schema)
    wrong = {"专班": "打好经济增长主动仗专班", "栏目": {"专班动向": ["一条。"]}}
    messages = [e.message for e in v.iter_errors(wrong)]
    assert len(messages) == 2 and any("打好经济增长主动仗专班" in m for m in messages) and any("专班动向" in m for m in messages)
    # the generic schema stays permissive about names
    generic = json.loads(cli("schema", "fragment", "--generic", cwd=example_ws).stdout)
    assert completions(generic)["unit"] == [] and completions(generic)["columns"] == []
    assert not list(jsonschema.Draft202012Validator(generic).iter_errors(wrong))


def test_outside_a_workspace_the_schema_is_generic(cli, tmp_path: Path) -> None:
    r = cli("schema", "fragment", cwd=tmp_path)
    assert r.exit_code == 0 and "enum" not in r.stdout and "本简报的报送单位" not in r.stdout
    for kind in ("bulletin", "issue"):
        schema = json.loads(cli("schema", kind, cwd=tmp_path).stdout)
        assert schema["$schema"].endswith("2020-12/schema") and "跨文件" in schema["description"]


def test_a_broken_settings_file_is_reported_not_hidden(cli, example_ws: Path) -> None:
    settings = example_ws / "bulletin.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("editor:", "editr:"), encoding="utf-8")
    r = cli("schema", "--write", "schemas", cwd=example_ws)
    assert r.exit_code == 1 and "bulletin.yaml" in r.stderr and "Traceback" not in r.output
    assert cli("schema", "--write", "schemas", "--generic", cwd=example_ws).exit_code == 0


def test_a_template_sent_out_carries_its_schema(cli, example_ws: Path, tmp_path: Path) -> None:
    outbox = tmp_path / "发出"
    outbox.mkdir()
    r = cli("template", "--team", ECONOMY, "-o", outbox / "经济增长.yaml", cwd=example_ws)
    assert r.exit_code == 0 and "经济增长.schema.json" in r.stdout
    text = (outbox / "经济增长.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=经济增长.schema.json"
    assert str(example_ws) not in text and "file://" not in text
    # the pair travels: in another folder the line still finds its schema
    moved = tmp_path / "单位电脑"
    outbox.rename(moved)
    schema = json.loads((moved / "经济增长.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["team"]["enum"] == UNITS
    filled = yaml.safe_load(text)
    jsonschema.validate(filled, schema)


def test_a_file_the_tool_did_not_write_is_not_overwritten(cli, example_ws: Path, tmp_path: Path) -> None:
    (tmp_path / "经济增长.schema.json").write_text("{\"mine\": true}", encoding="utf-8")
    before = snapshot(tmp_path)
    r = cli("template", "--team", ECONOMY, "-o", tmp_path / "经济增长.yaml", cwd=example_ws)
    assert r.exit_code == 1 and "不会覆盖" in r.stderr
    assert snapshot(tmp_path) == before
    # one the tool wrote is refreshed (a second unit's template into the same name after removal)
    (tmp_path / "经济增长.schema.json").unlink()
    assert cli("template", "--team", ECONOMY, "-o", tmp_path / "经济增长.yaml", cwd=example_ws).exit_code == 0
    (tmp_path / "经济增长.yaml").unlink()
    assert cli("template", "--team", UNITS[2], "-o", tmp_path / "经济增长.yaml", cwd=example_ws).exit_code == 0


def test_workspace_files_name_their_schema_relatively(cli, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert cli("init", ws).exit_code == 0
    assert cli("new", "--date", "2024-03-08", cwd=ws).exit_code == 0
    for path, ref in [(ws / "bulletin.yaml", "schemas/bulletin.schema.json"), (ws / "issues/001/issue.yaml", "../../schemas/issue.schema.json")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={ref}"
        assert (path.parent / ref).is_file()

"""What the CLI prints is what the unit wrote: rich's emoji codes (:smile:, :cn:) are not
replaced in messages that quote a submission."""

from __future__ import annotations

from pathlib import Path


def test_emoji_codes_in_a_submission_are_printed_as_written(cli, example_ws: Path) -> None:
    fragment = example_ws / "x.yaml"
    fragment.write_text(
        "专班: 安化县经开区\n期号: 5\n栏目:\n  典型经验:\n    - 项目推进，:smile:效果好，:cn:。\n", encoding="utf-8"
    )
    result = cli("lint", fragment, cwd=example_ws)
    assert ":smile:" in result.output and ":cn:" in result.output, result.output
    assert "😄" not in result.output and "🇨🇳" not in result.output

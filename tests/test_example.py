"""The bundled example is the real bulletin: every sentence of the seed, and nothing else."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED


# The shared clean seed was saved with ASCII , : ; ( ) although it is meant to read with
# full-width punctuation (its README says so; every one of them stands in Chinese text).
FULL_WIDTH = str.maketrans({",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "(": "\uff08", ")": "\uff09"})


def printed_lines(issue) -> list[str]:  # type: ignore[no-untyped-def]
    """The issue as plain lines, the way the seed text is written."""
    lines = [issue.title, issue.issue_line, f"{issue.editor} {issue.date_text}", ""]
    for column in issue.columns:
        lines.append(column.heading)
        for contribution in column.contributions:
            lines.extend(p.lead + p.text for p in contribution.paragraphs)
        lines.append("")
    lines.pop()
    lines += [""] + issue.tail_lines()
    return lines


def test_example_is_exactly_the_seed(example_ws: Path) -> None:
    from bulletin_cli.workspace import Workspace

    issue = Workspace(example_ws).assembled_issue()
    seed = (SEED / "anhua-2023-05.txt").read_text(encoding="utf-8").translate(FULL_WIDTH).splitlines()
    assert printed_lines(issue) == seed


def test_example_validates_and_shows_everyone_submitted(cli, example_ws: Path) -> None:
    result = cli("validate", cwd=example_ws)
    assert result.exit_code == 0, result.output
    assert "第5期检查通过\uff1a8 份材料\uff0c5 个栏目" in result.stdout
    assert "尚未报送" not in result.stdout

"""A plain item a clerk wrapped over two lines prints joined, with no space between the Chinese
characters (sources/yaml_reader.py ``clerk_text``). Every command that reads the text must read it
that way: search must find words that span the wrap, and lint must not ask to delete a space
that the issue never prints."""

from __future__ import annotations

from pathlib import Path

FRAGMENT = "issues/005/fragments/安化县经开区.yaml"
BEFORE = "聚力循环经济“一扩容"
AFTER = "二延链三提质”"


def wrap_item(ws: Path) -> None:
    """Break the example's 经开区 item after 一扩容, as a clerk's editor wraps a long line."""
    path = ws / FRAGMENT
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if BEFORE + AFTER in x)
    indent = " " * (len(line) - len(line.lstrip(" ")) + 2)
    wrapped = line.replace(BEFORE + AFTER, BEFORE + "\n" + indent + AFTER)
    path.write_text(text.replace(line, wrapped), encoding="utf-8")


def test_the_wrapped_item_prints_joined(cli, example_ws: Path) -> None:  # type: ignore[no-untyped-def]
    wrap_item(example_ws)
    r = cli("preview", "--no-pager", "--width", "200", cwd=example_ws)
    assert r.exit_code == 0, r.output
    assert "一扩容二延链" in r.output.replace("\n", "")


def test_search_finds_words_across_the_wrap(cli, example_ws: Path) -> None:  # type: ignore[no-untyped-def]
    wrap_item(example_ws)
    r = cli("search", "扩容二延", cwd=example_ws)
    assert r.exit_code == 0, r.output
    assert "安化县经开区" in r.output
    assert "一扩容二延链" in r.output


def test_lint_sees_no_space_at_the_wrap(cli, example_ws: Path) -> None:  # type: ignore[no-untyped-def]
    wrap_item(example_ws)
    r = cli("lint", cwd=example_ws)
    assert "容 二" not in r.output, r.output
    v = cli("validate", cwd=example_ws)
    assert v.exit_code == 0, v.output
    assert "S401" not in v.output, v.output


def test_lint_fix_across_the_wrap_keeps_every_word(cli, example_ws: Path) -> None:  # type: ignore[no-untyped-def]
    """A fixable finding on the second line of a wrapped item (a half-width comma between Chinese
    words) is fixed in place; the wrap stays and the item prints the same words."""
    wrap_item(example_ws)
    path = example_ws / FRAGMENT
    path.write_text(path.read_text(encoding="utf-8").replace("助力打好经济增长主动仗", "助力,打好经济增长主动仗", 1), encoding="utf-8")
    r = cli("lint", "--fix", cwd=example_ws)
    assert r.exit_code == 0, r.output
    fixed = path.read_text(encoding="utf-8")
    assert "一扩容\n" in fixed and "助力，打好" in fixed, fixed
    r = cli("preview", "--no-pager", "--width", "200", cwd=example_ws)
    assert "一扩容二延链三提质”，助力，打好经济增长主动仗" in "".join(r.output.split()), r.output


def test_a_wrap_between_two_latin_words_prints_as_a_space(cli, example_ws: Path) -> None:  # type: ignore[no-untyped-def]
    """A line wrapped between two English words stood for the space between them; between
    Chinese characters, or Chinese and a number, it stands for nothing."""
    from bulletin_cli.workspace import Workspace

    path = example_ws / FRAGMENT
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if BEFORE + AFTER in x)
    block = "    - |\n      完成Windows\n      Server系统升级，投资\n      5000万元，覆盖\n      全县。"
    path.write_text(text.replace(line, block + "\n" + line), encoding="utf-8")
    r = cli("validate", cwd=example_ws)
    assert r.exit_code == 0, r.output
    issue = Workspace(example_ws).assembled_issue(5, draft=True)
    assert "完成Windows Server系统升级，投资5000万元，覆盖全县。" in issue.all_paragraph_texts()
    for query in (["Windows Server"], ["WindowsServer"], ["Windows", "Server系统"], ["投资5000"]):
        r = cli("search", *query, cwd=example_ws)
        assert r.exit_code == 0 and "Windows Server系统升级" in r.output, (query, r.output)

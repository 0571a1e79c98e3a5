"""issue.yaml written with the words a clerk uses: 期号 is the issue's number there (in a
fragment, 期号 names the issue it is for); writing it beside 编号 or number is refused."""

from __future__ import annotations

from pathlib import Path

from conftest import snapshot


def _rewrite(ws: Path, old: str, new: str) -> None:
    path = ws / "issues/005/issue.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_qihao_in_issue_yaml_is_the_number(cli, example_ws: Path) -> None:
    _rewrite(example_ws, "number: 5", "期号: 5")
    run = cli("validate", cwd=example_ws)
    assert run.exit_code == 0, run.output
    assert cli("status", "--json", cwd=example_ws).exit_code == 0


def test_qihao_beside_bianhao_is_refused_at_the_second_key(cli, example_ws: Path) -> None:
    _rewrite(example_ws, "number: 5", "期号: 5\n编号: 5")
    before = snapshot(example_ws)
    run = cli("validate", cwd=example_ws)
    assert run.exit_code == 1
    assert "issues/005/issue.yaml:3:1: 错误: “期号”和“编号”是同一个字段，只能写一个。" in run.stderr, run.stderr
    assert snapshot(example_ws) == before

"""Third adversarial pass: growth with input size, locale and platform, unusual inputs.

Each test reproduces one defect through the real command line; it failed before its fix."""

from __future__ import annotations

import time
from pathlib import Path

BULLETIN = (
    "title: 测试工作专报\neditor: 测试县人民政府办公室\n"
    "sections:\n  - 会议精神\n  - name: 专班动态\n    label: \"{team}：\"\n"
    "teams:\n  - name: 第0工作专班\n    sections: [专班动态]\n"
)


def small_ws(root: Path) -> Path:
    ws = root / "ws"
    (ws / "issues" / "001" / "fragments").mkdir(parents=True)
    (ws / "bulletin.yaml").write_text(BULLETIN, encoding="utf-8")
    (ws / "issues" / "001" / "issue.yaml").write_text("number: 1\ndate: 2023-07-21\n", encoding="utf-8")
    return ws


def _best_time(cli, ws: Path, *args: str, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        cli(*args, cwd=ws)
        best = min(best, time.perf_counter() - start)
    return best


def test_lint_of_one_long_item_grows_linearly(cli, tmp_path: Path) -> None:
    """Each finding's file position was found by building a list of every index of the item:
    lint of one item with n half-width commas took time in n² (1,280 sentences: 5 s)."""

    def timed(n: int) -> float:
        ws = small_ws(tmp_path / str(n))
        item = "会议要求抓好落实,确保见效。" * n
        (ws / "issues" / "001" / "fragments" / "第0工作专班.yaml").write_text(
            f"team: 第0工作专班\nissue: 1\nsections:\n  专班动态:\n    - {item}\n", encoding="utf-8"
        )
        result = cli("lint", "--json", cwd=ws)
        assert result.exit_code == 1 and result.stdout.count('"P101"') >= n
        return _best_time(cli, ws, "lint", "--json")

    small, large = timed(500), timed(2000)
    assert large / small < 9, f"lint: 500 commas {small:.3f} s, 2000 commas {large:.3f} s"

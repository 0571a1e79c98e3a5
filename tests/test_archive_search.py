"""`bulletin search`: issue, unit and sentence, newest first, highlighted, --json, --year, --team."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive_helpers import fixed_seed, settings_only_ws


@pytest.fixture
def history(cli, tmp_path: Path) -> Path:
    """Issues 5 (2023-07-21), 6 (2023-07-28, with a 按语) and 7 (2024-01-05) of the example series."""
    ws = settings_only_ws(tmp_path)
    seed = fixed_seed(tmp_path)
    text = seed.read_text(encoding="utf-8")
    sixth = tmp_path / "6.txt"
    sixth.write_text(
        text.replace("第5期", "第6期").replace("2023年7月21日", "2023年7月28日\n\n编者按：抗旱减灾是当前的头等大事。"),
        encoding="utf-8",
    )
    seventh = tmp_path / "7.txt"
    seventh.write_text(text.replace("第5期", "第7期").replace("2023年7月21日", "2024年1月5日"), encoding="utf-8")
    result = cli("import", seed, sixth, seventh, "--workspace", ws)
    assert result.exit_code == 0, result.output
    return ws


def test_search_newest_first_with_unit_and_sentence(cli, history: Path) -> None:
    result = cli("search", "抗旱", "--workspace", history)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("第7期  2024-01-05") < out.index("第6期  2023-07-28") < out.index("第5期  2023-07-21")
    assert "按语：抗旱减灾是当前的头等大事。" in out  # the typed 编者按： is the label export prints
    assert ("打好防范化解风险阻击仗工作专班 · 专班动态：7月16日，按照县防指防旱抗旱部署，南金乡等乡镇多点启动抗旱饮水工程。"
            "……7月以来，县防办共调配抽水泵14台支援羊角塘、清塘铺、奎溪、马路等镇村抗旱减灾。") in out
    assert "共 4 处。" in out


def test_all_words_must_be_in_the_paragraph(cli, history: Path) -> None:
    out = cli("search", "抽水泵", "羊角塘", "--workspace", history).stdout
    assert "共 3 处。" in out
    out = cli("search", "抽水泵", "--limit", "2", "--workspace", history).stdout
    assert "共 2 处。" in out and "第5期" not in out
    out = cli("search", "抽水泵", "经开区", "--workspace", history).stdout
    assert "没有找到同时提到“抽水泵、经开区”的内容。" in out


def test_json_year_and_team(cli, history: Path) -> None:
    hits = json.loads(cli("search", "安全生产", "--json", "--year", "2023", "--workspace", history).stdout)
    assert [(h["issue"], h["date"]) for h in hits][:1] == [(6, "2023-07-28")]
    assert {h["issue"] for h in hits} == {5, 6}
    assert [(h["issue"], h["team"], h["column"]) for h in hits] == [
        (6, "打好安全生产翻身仗工作专班", "专班动态"), (6, "打好安全生产翻身仗工作专班", "情况反映"),
        (5, "打好安全生产翻身仗工作专班", "专班动态"), (5, "打好安全生产翻身仗工作专班", "情况反映"),
    ]
    first = hits[0]
    assert set(first) == {"issue", "date", "total", "team", "column", "title", "sentence", "file"}
    assert first["file"].startswith("issues/006/fragments/")
    team = json.loads(cli("search", "安全生产", "--json", "--team", "打好安全生产翻身仗工作专班", "--workspace", history).stdout)
    assert [h["issue"] for h in team] == [7, 7, 6, 6, 5, 5]
    assert cli("search", "安全生产", "--json", "--team", "安化县经开区", "--workspace", history).stdout.strip() == "[]"
    assert json.loads(cli("search", "安全生产", "--json", "--year", "2019", "--workspace", history).stdout) == []
    out = cli("search", "安全生产", "--team", "打好安全生产翻生仗工作专班", "--workspace", history).stdout
    assert "“打好安全生产翻生仗工作专班”不在 bulletin.yaml 的报送单位里。您是不是要写“打好安全生产翻身仗工作专班”？" in out


def test_words_are_highlighted(cli, history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = cli("search", "羊角塘", "--workspace", history).stdout
    assert "\x1b[1;7m羊角塘\x1b[0m" in out


def test_search_does_not_load_python_docx(history: Path) -> None:
    probe = (
        "import sys\nfrom bulletin_cli.cli import main\nsys.argv = ['bulletin', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY:', ','.join(m for m in sys.modules if m == 'docx' or m.startswith(('docx.', 'lxml'))), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, "search", "抗旱", "--workspace", str(history)],
                            capture_output=True, text=True, timeout=60, env={"BULLETIN_LANG": "zh", "PATH": "/usr/bin:/bin"})
    assert "第7期" in result.stdout
    assert result.stderr.strip().endswith("HEAVY:"), result.stderr

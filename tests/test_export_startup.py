"""What `bulletin export` spends its start-up on (issue 14), checked through the real command:
fontconfig is asked only about characters a font could lack, a path given with -o is not
converted through typer's pydantic adapter, and the line breaking the .docx's page count
comes from still breaks a mixed line the way LibreOffice does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from bulletin_cli.render import fontcheck, grid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RARE = "县政府办公室刘䶮同志到𠮷祥村调研。"


def _logging_fc_list(folder: Path) -> Path:
    """A `fc-list` first on PATH that logs its arguments (a line a call) and runs the real one."""
    real = shutil.which("fc-list")
    log = folder / "fc-list.log"
    script = folder / "fc-list"
    script.write_text(f'#!/bin/sh\necho "$@" | tr "\\n" " " >> "{log}"\necho >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return log


def _export(ws: Path, target: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "BULLETIN_LANG": "zh"}
    return subprocess.run([sys.executable, "-m", "bulletin_cli", "export", "--docx", "-o", str(target)],
                          cwd=ws, env=env, capture_output=True, text=True, timeout=120)


def _fallback_runs(docx: Path) -> list[str]:
    import docx as python_docx

    doc = python_docx.Document(str(docx))
    return [r.text for p in doc.paragraphs for r in p.runs
            if r._r.find(f"{W}rPr/{W}rFonts") is not None and not r.text.isascii()]


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig")
def test_fontconfig_is_asked_only_when_a_character_could_be_missing(tmp_path: Path, example_ws: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = _logging_fc_list(bin_dir)
    # the example is all GB2312 in the official fonts: no fontconfig process at all
    plain = _export(example_ws, tmp_path / "plain.docx", bin_dir)
    assert plain.returncode == 0, plain.stderr
    assert not log.exists() or log.read_text(encoding="utf-8") == ""
    assert _fallback_runs(tmp_path / "plain.docx") == []
    # a name outside GB2312: the body font is looked up (once) and the name set in the
    # rare-character fonts, as before
    frag = example_ws / "issues" / "005" / "fragments" / "安化县人民政府办公室.yaml"
    data = yaml.safe_load(frag.read_text(encoding="utf-8"))
    data["sections"]["重要事项"].append(RARE)
    frag.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rare = _export(example_ws, tmp_path / "rare.docx", bin_dir)
    assert rare.returncode == 0, rare.stderr
    asked = log.read_text(encoding="utf-8").splitlines()
    assert len(asked) == 1 and "仿宋_GB2312" in asked[0]
    assert _fallback_runs(tmp_path / "rare.docx") == ["䶮", "𠮷"]
    with zipfile.ZipFile(tmp_path / "rare.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="宋体"' in xml and 'w:eastAsia="SimSun-ExtB"' in xml


def test_needs_fallback_skips_fontconfig_only_for_fonts_that_hold_gb2312(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def coverage(font: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        asked.append(font)
        return (0x20,), (0x7E,)  # a font that has ASCII only

    monkeypatch.setattr(fontcheck, "installed_coverage", coverage)
    assert not fontcheck.needs_fallback("政", "仿宋_GB2312") and not fontcheck.needs_fallback("政", "黑体")
    assert asked == []
    # outside GB2312, or a font not known to hold it: fontconfig decides
    assert fontcheck.needs_fallback("䶮", "仿宋_GB2312") and asked == ["仿宋_GB2312"]
    assert fontcheck.needs_fallback("政", "AR PL UKai CN") and asked[-1] == "AR PL UKai CN"


def test_mixed_lines_break_as_measured_in_libreoffice() -> None:
    """Spot checks of the emulation (tests/test_page_estimate.py compares whole issues with
    LibreOffice): numbers and Latin words are not split, a closing mark takes the character
    before it down, an opening mark is not left at a line end."""
    width = 28 * 15.75
    text = "一" * 27 + "2023年"
    assert grid.line_starts(text, width) == [0, 27]
    text = "一" * 28 + "。二"
    assert grid.line_starts(text, width) == [0, 27]
    text = "一" * 27 + "“二”"
    assert grid.line_starts(text, width) == [0, 27]
    assert grid.line_starts("", width) == [0]
    long_word = "x" * 200
    starts = grid.line_starts(long_word, width)
    assert starts[0] == 0 and len(starts) > 1 and all(b > a for a, b in zip(starts, starts[1:]))

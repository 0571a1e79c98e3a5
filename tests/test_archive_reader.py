"""Past issues are read by the same Word and text readers as submissions (sources/word.py):
tracked changes and automatic numbering in a hand-made issue, files re-saved by LibreOffice
(directly and through .odt), and the reader's messages for bad files from import and init --from."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from archive_helpers import docx_texts, exported, fixed_seed, fragments_of, issue_info, settings_only_ws
from conftest import EXAMPLE, snapshot
from wordfiles import CHINESE_OUTLINE, numbered, p, r, raw_docx

ECON = "打好经济增长主动仗工作专班"


def _seed_lines(tmp_path: Path) -> list[str]:
    return [line for line in fixed_seed(tmp_path).read_text(encoding="utf-8").split("\n") if line.strip()]


def test_tracked_changes_in_a_handmade_issue_are_accepted(cli, tmp_path: Path) -> None:
    """The seed issue typed in Word, with edits left as tracked changes: what Word prints
    (insertions kept, deletions dropped) imports to the example's issue."""
    body = []
    changed = 0
    for line in _seed_lines(tmp_path):
        if line.startswith(ECON + "："):
            head, tail = line[: len(ECON) + 8], line[len(ECON) + 8 :]
            body.append(p(
                r(escape(head)),
                '<w:del w:id="1" w:author="李四" w:date="2023-07-20T00:00:00Z"><w:r><w:delText>（草稿，待核）</w:delText></w:r></w:del>',
                f'<w:ins w:id="2" w:author="李四" w:date="2023-07-20T00:00:00Z">{r(escape(tail))}</w:ins>',
            ))
            changed += 1
        else:
            body.append(p(r(escape(line))))
    body.append('<w:del w:id="3" w:author="李四" w:date="2023-07-20T00:00:00Z">' + p(r("")) + "</w:del>")
    assert changed == 1
    source = raw_docx(tmp_path / "第5期-修订.docx", "".join(body))
    ws = settings_only_ws(tmp_path)
    result = cli("import", source, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert "插入 1 处、删除 1 处" in result.stdout  # the reader's notice reaches the clerk
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)
    assert issue_info(ws, 5) == issue_info(EXAMPLE, 5)


def test_automatic_numbering_in_a_handmade_issue_is_written_out(cli, tmp_path: Path) -> None:
    """Points numbered by Word (一、 二、, （一）) are printed, so they are imported as text."""
    body = "".join([
        p(r("安化县打好“发展六仗”工作专报")),
        p(r("第9期")),
        p(r("安化县人民政府办公室\t2023年9月1日")),
        p(r("【专班动态】")),
        p(r(ECON + "："), r("全县经济运行平稳。")),
        numbered("工业增长较快。", 1, 0),
        numbered("规模以上工业增加值增长8%。", 1, 1),
        numbered("投资稳步回升。", 1, 0),
        p(r("责任编辑：政务公开股")),
    ])
    source = raw_docx(tmp_path / "第9期.docx", body, numbering=CHINESE_OUTLINE)
    ws = settings_only_ws(tmp_path)
    result = cli("import", source, "--workspace", ws)
    assert result.exit_code == 0, result.output
    (fragment,) = fragments_of(ws, 9).values()
    assert fragment.team == ECON
    assert fragment.sections == {
        "专班动态": ["全县经济运行平稳。", "一、工业增长较快。", "（一）规模以上工业增加值增长8%。", "二、投资稳步回升。"]
    }


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's exported issue, re-saved by LibreOffice as .docx, and taken to .odt and
    back (two soffice calls for the three files)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    from typer.testing import CliRunner

    from bulletin_cli.cli import app

    base = tmp_path_factory.mktemp("resaved")
    ws = base / "anhua"
    shutil.copytree(EXAMPLE, ws)
    result = CliRunner().invoke(app, ["export", "--docx", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    (original,) = (ws / "issues" / "005").glob("*.docx")
    src = base / "src"
    src.mkdir()
    shutil.copy(original, src / "resaved.docx")
    profile = f"-env:UserInstallation=file://{base}/profile"

    def convert(fmt: str, outdir: Path, *files: Path) -> None:
        subprocess.run([soffice, profile, "--headless", "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
                       capture_output=True, timeout=240, check=True)

    convert("odt", src, src / "resaved.docx")
    (src / "resaved.odt").rename(src / "via-odt.odt")
    out = base / "out"
    convert("docx", out, src / "resaved.docx", src / "via-odt.odt")
    return {"original": original, "resaved": out / "resaved.docx", "via-odt": out / "via-odt.docx"}


def _style_names(path: Path) -> set[str]:
    from bulletin_cli.sources.word import read_word

    return {q.style for q in read_word(path, max_size=10_000_000).paragraphs if q.style}


def _runs(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").count(b"<w:r>") + zf.read("word/document.xml").count(b"<w:r ")


@pytest.mark.parametrize("kind", ["resaved", "via-odt"])
def test_an_issue_resaved_by_libreoffice_imports_to_the_same_issue(cli, tmp_path: Path, resaved, kind: str) -> None:
    path = resaved[kind]
    # the file really is LibreOffice's: its own styles and runs, not the exporter's
    assert _style_names(path) != _style_names(resaved["original"]) or _runs(path) != _runs(resaved["original"])
    ws = settings_only_ws(tmp_path)
    result = cli("import", path, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)
    assert issue_info(ws, 5) == issue_info(EXAMPLE, 5)
    assert docx_texts(exported(ws, cli)) == docx_texts(resaved["original"])
    # init --from reads the same settings, the tail included (after .odt it sits in a frame)
    for name, source in (("from-original", resaved["original"]), ("from-" + kind, path)):
        result = cli("init", "--from", source, tmp_path / name)
        assert result.exit_code == 0, result.output
        assert "责任编辑：政务公开股" in result.stdout
    written = {
        name: (tmp_path / name / "bulletin.yaml").read_text(encoding="utf-8").replace(str(source), "PAST")
        for name, source in (("from-original", resaved["original"]), ("from-" + kind, path))
    }
    assert written["from-" + kind] == written["from-original"]


def _bomb(path: Path) -> Path:
    """A small zip whose document.xml expands to 250 MB (past-issue limit: 200 MB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * 10_000_000
            for _ in range(25):
                fh.write(chunk)
    return path


def _truncated(path: Path) -> Path:
    """A Word file cut off half-way, as an interrupted download leaves it."""
    raw_docx(path, p(r("正文。")))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


BAD = [
    ("corrupt", _truncated, "这份 Word 文件已损坏，打不开"),
    ("password", lambda f: f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000) and f, "这份 Word 文件设置了打开密码"),
    ("bomb", _bomb, "这份 Word 文件解压后有 250,000,008 字节，超过上限 200,000,000 字节"),
]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("bad")
    return {name: make(base / f"第5期-{name}.docx") for name, make, _ in BAD}


@pytest.mark.parametrize("name, says", [(n, s) for n, _, s in BAD])
def test_bad_files_are_told_from_import_and_init_from(cli, tmp_path: Path, bad_files, name: str, says: str) -> None:
    path = bad_files[name]
    ws = settings_only_ws(tmp_path)
    before = snapshot(ws)
    result = cli("import", path, "--workspace", ws)
    assert result.exit_code == 1, result.output
    assert f"{path}: 错误: {says}" in result.stderr
    assert snapshot(ws) == before
    result = cli("init", "--from", path, tmp_path / "new")
    assert result.exit_code == 1, result.output
    assert f"{path}: 错误: {says}" in result.stderr
    assert not (tmp_path / "new" / "bulletin.yaml").exists()
    assert "Traceback" not in result.output


def test_a_typed_tail_with_copies_on_a_row_and_the_printing_line(cli, tmp_path: Path) -> None:
    """A hand-made 版记: 共印N份 at the right of the 发 row, 责任编辑 alone, and the GB/T 9704
    印发 line (the editing unit and the date, which the settings and issue.yaml already hold)."""
    lines = _seed_lines(tmp_path)
    assert lines[-1] == "责任编辑：政务公开股"
    lines[-1:] = ["发：各乡镇人民政府。\t\t（共印80份）", "责任编辑：政务公开股", "安化县人民政府办公室\u3000\u30002023年7月21日印发"]
    source = tmp_path / "第5期.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("init", "--from", source, tmp_path / "new")
    assert result.exit_code == 0, result.output
    from bulletin_cli.sources.yaml_reader import load_model
    from bulletin_cli.model import Series

    series, _ = load_model(tmp_path / "new" / "bulletin.yaml", Series)
    assert [(d.label, d.to) for d in series.distribution] == [("发", "各乡镇人民政府。")]
    assert (series.copies, series.responsible_editor) == (80, "政务公开股")
    ws = settings_only_ws(tmp_path)
    assert cli("import", source, "--workspace", ws).exit_code == 0
    assert fragments_of(ws, 5) == fragments_of(EXAMPLE, 5)


@pytest.mark.parametrize(
    "note_label, typed, stored",
    [
        ("编者按：", "编者按：抗旱是头等大事。", "抗旱是头等大事。"),
        ("编者按：", "按语\u3000抗旱是头等大事。", "抗旱是头等大事。"),
        ("编者按：", "按照部署，抗旱是头等大事。", "按照部署，抗旱是头等大事。"),
        ("", "编者按：抗旱是头等大事。", "编者按：抗旱是头等大事。"),
    ],
)
def test_the_note_label_a_clerk_typed(cli, tmp_path: Path, note_label: str, typed: str, stored: str) -> None:
    """The label export prints is not stored; with no label in the settings, nothing is taken."""
    settings = tmp_path / "bulletin.yaml"
    settings.write_text((EXAMPLE / "bulletin.yaml").read_text(encoding="utf-8") + f"\nlayout:\n  note_label: '{note_label}'\n",
                        encoding="utf-8")
    ws = settings_only_ws(tmp_path, settings=settings)
    source = fixed_seed(tmp_path)
    source.write_text(source.read_text(encoding="utf-8").replace("2023年7月21日\n", f"2023年7月21日\n{typed}\n", 1),
                      encoding="utf-8")
    result = cli("import", source, "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert issue_info(ws, 5).note == stored
    first = [t for t in docx_texts(exported(ws, cli)) if "头等大事" in t]
    assert first == [f"{note_label}{stored}" if not stored.startswith(("编者按", "按语")) else stored]

"""The platform-specific paths (platform_support), with Windows and macOS faked on any machine,
and `export --open` through the real CLI."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from bulletin_cli import platform_support as ps
from bulletin_cli.render import pdf

WIN_PF = r"C:\Program Files"
WIN_SOFFICE = r"C:\Program Files\LibreOffice\program\soffice.exe"


@pytest.fixture
def fake_fs(monkeypatch: pytest.MonkeyPatch):
    """Fake file system and PATH: ``files`` exist, ``on_path`` maps command names to paths."""
    state: dict[str, object] = {"files": set(), "on_path": {}}
    monkeypatch.setattr(ps, "_exists", lambda p: p in state["files"])
    monkeypatch.setattr(ps, "_which", lambda n: state["on_path"].get(n))  # type: ignore[union-attr]

    def fake_glob(pattern: str) -> list[str]:
        import fnmatch

        return sorted((f for f in state["files"] if fnmatch.fnmatchcase(f, pattern)), reverse=True)  # type: ignore[union-attr]

    monkeypatch.setattr(ps, "_glob", fake_glob)
    monkeypatch.delenv("BULLETIN_SOFFICE", raising=False)
    return state


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    for var in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA", "PAGER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ProgramFiles", WIN_PF)
    monkeypatch.setenv("ProgramFiles(x86)", r"C:\Program Files (x86)")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\clerk\AppData\Local")


def test_windows_finds_soffice_exe_under_program_files(windows, fake_fs) -> None:
    fake_fs["files"] = {WIN_SOFFICE}
    assert ps.find_soffice() == WIN_SOFFICE
    assert pdf.soffice_path() == WIN_SOFFICE  # render/pdf.py asks platform_support


def test_windows_program_files_from_the_environment(windows, fake_fs, monkeypatch) -> None:
    monkeypatch.setenv("ProgramFiles", r"D:\Apps")
    fake_fs["files"] = {r"D:\Apps\LibreOffice\program\soffice.exe", WIN_SOFFICE}
    assert ps.find_soffice() == r"D:\Apps\LibreOffice\program\soffice.exe"


@pytest.mark.parametrize(
    "where",
    [
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",  # 32-bit LibreOffice
        r"C:\Users\clerk\AppData\Local\Programs\LibreOffice\program\soffice.exe",  # per-user install
        r"C:\Program Files\LibreOffice 7\program\soffice.exe",  # older versioned folder
    ],
)
def test_windows_other_install_locations(windows, fake_fs, where: str) -> None:
    fake_fs["files"] = {where}
    assert ps.find_soffice() == where


def test_windows_soffice_on_path_wins(windows, fake_fs) -> None:
    fake_fs["files"] = {WIN_SOFFICE}
    fake_fs["on_path"] = {"soffice": r"E:\LO\program\soffice.exe"}
    assert ps.find_soffice() == r"E:\LO\program\soffice.exe"


def test_os_name_nt_alone_means_windows(fake_fs, monkeypatch) -> None:
    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setenv("ProgramFiles", WIN_PF)
    fake_fs["files"] = {WIN_SOFFICE}
    assert ps.is_windows()
    assert ps.find_soffice() == WIN_SOFFICE


def test_wps_is_never_a_converter_and_the_message_says_so(windows, fake_fs, monkeypatch) -> None:
    wps = r"C:\Users\clerk\AppData\Local\Kingsoft\WPS Office\12.1.0.16120\office6\wps.exe"
    fake_fs["files"] = {wps}
    fake_fs["on_path"] = {"soffice": r"C:\WPS\wps.exe"}  # even a WPS that calls itself soffice
    assert ps.find_soffice() is None
    assert ps.find_wps() == wps
    message = str(pdf.PdfUnavailable())
    assert "LibreOffice" in message and "WPS" in message and "libreoffice.org" in message
    monkeypatch.setenv("BULLETIN_SOFFICE", wps)
    assert ps.find_soffice() is None


def test_no_wps_no_mention(windows, fake_fs) -> None:
    assert ps.find_soffice() is None
    assert "WPS Office" not in ps.no_converter_message()


def test_linux_and_macos_locations(fake_fs, monkeypatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    fake_fs["files"] = {"/usr/lib/libreoffice/program/soffice"}
    assert ps.find_soffice() == "/usr/lib/libreoffice/program/soffice"
    fake_fs["files"] = {"/opt/libreoffice7.6/program/soffice"}
    assert ps.find_soffice() == "/opt/libreoffice7.6/program/soffice"
    assert "apt install" in ps.no_converter_message()
    monkeypatch.setattr(sys, "platform", "darwin")
    fake_fs["files"] = {"/Applications/LibreOffice.app/Contents/MacOS/soffice"}
    assert ps.find_soffice() == "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def test_windows_opens_with_startfile(windows, monkeypatch, tmp_path: Path) -> None:
    opened = []
    monkeypatch.setattr(os, "startfile", opened.append, raising=False)
    target = tmp_path / "第5期.docx"
    assert ps.open_file(target) is None
    assert opened == [str(target)]

    def no_association(path: str) -> None:
        raise OSError(1155, "没有应用程序与此操作的指定文件有关联")

    monkeypatch.setattr(os, "startfile", no_association, raising=False)
    assert ".docx" in (ps.open_file(target) or "")


def test_macos_opens_with_open(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert ps.open_command(tmp_path / "a.pdf") == ["open", str(tmp_path / "a.pdf")]


def test_linux_without_a_display_cannot_open(monkeypatch, fake_fs, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    fake_fs["on_path"] = {"xdg-open": "/usr/bin/xdg-open"}
    assert ps.open_command(tmp_path / "a.pdf") is None
    assert "手动打开" in (ps.open_file(tmp_path / "a.pdf") or "")
    monkeypatch.setenv("DISPLAY", ":0")
    assert ps.open_command(tmp_path / "a.pdf") == ["/usr/bin/xdg-open", str(tmp_path / "a.pdf")]


def test_pager(monkeypatch, windows, fake_fs) -> None:
    fake_fs["on_path"] = {"less": "/usr/bin/less"}
    assert ps.pager_command() is None  # Windows without $PAGER: print as is
    monkeypatch.setenv("PAGER", "more")
    assert ps.pager_command() == "more"
    monkeypatch.delenv("PAGER")
    monkeypatch.setattr(sys, "platform", "linux")
    assert ps.pager_command() == "less"


def test_console_in_a_legacy_code_page_prints_every_character() -> None:
    raw = io.BytesIO()
    gbk = io.TextIOWrapper(raw, encoding="gbk")
    ps.configure_console([gbk])
    gbk.write("第5期 𠮷 ✓\n")  # 𠮷 and ✓ are not in GBK
    gbk.flush()
    assert raw.getvalue().decode("gbk") == "第5期 ? ?\n"


@pytest.mark.parametrize(
    ("name", "safe"),
    [("工作专报-第5期.docx", "工作专报-第5期.docx"), ('a:b/c*?"<>|', "a_b_c______"), ("CON", "_CON"),
     ("nul.docx", "_nul.docx"), (" 第5期. ", "第5期"), ("...", "bulletin")],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert ps.safe_filename(name) == safe


def fake_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An xdg-open on PATH that records what it was asked to open."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "opened.txt"
    script = bindir / "xdg-open"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DISPLAY", ":0")
    return log


@pytest.mark.skipif(sys.platform == "win32", reason="a shell-script xdg-open")
def test_export_open_shows_the_docx(cli, example_ws: Path, tmp_path: Path, monkeypatch) -> None:
    log = fake_opener(tmp_path, monkeypatch)
    target = tmp_path / "out" / "第5期.docx"
    result = cli("export", "--docx", "--open", "-o", target, cwd=example_ws)
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert log.read_text(encoding="utf-8").splitlines() == [str(target)]
    assert "已打开" in result.output


def test_export_open_without_a_viewer_says_so_and_still_exports(cli, example_ws: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    target = tmp_path / "第5期.docx"
    result = cli("export", "--open", "-o", target, cwd=example_ws)
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert "未能自动打开" in result.output and "手动打开" in result.output

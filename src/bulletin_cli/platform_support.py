"""What differs between Windows, macOS and Linux, in one place.

The clerks who use bulletin are on Windows or on Kylin/UOS Linux; developers are on Linux and
macOS. Everything that depends on the operating system lives here so that it can be tested on
any machine with the platform faked (tests/test_platform_support.py monkeypatches
``sys.platform``, ``os.name``, the environment and ``_exists``/``_which``):

- finding LibreOffice (``soffice``; ``soffice.exe`` under Program Files on Windows), and
  recognising WPS Office, which cannot convert documents from the command line;
- opening a finished file with the system's viewer (``os.startfile``, ``open``, ``xdg-open``);
- the pager for long terminal output;
- console encoding (a Windows console or a redirected stream may not be UTF-8);
- file-name rules (characters and device names Windows forbids).

Nothing here imports anything heavy; every function reads the platform when it is called.
"""

from __future__ import annotations

import ntpath
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from .messages import tr


def is_windows() -> bool:
    return sys.platform == "win32" or os.name == "nt"


def is_macos() -> bool:
    return sys.platform == "darwin"


def _exists(path: str) -> bool:
    return os.path.isfile(path)


def _which(name: str) -> str | None:
    return shutil.which(name)


def _glob(pattern: str) -> list[str]:
    import glob  # only to look for LibreOffice on Windows: not on every start

    return sorted(glob.glob(pattern), reverse=True)  # newest version folder first


# ------------------------------------------------------------------ LibreOffice and WPS

# Executables of WPS Office (Kingsoft): Writer, Spreadsheets, Presentation. WPS has no headless
# conversion, so it is never used as a converter even when it is the only office suite.
_WPS_NAMES = ("wps", "wps.exe", "et", "et.exe", "wpp", "wpp.exe", "wpsoffice", "wpsoffice.exe")


def is_wps(path: str) -> bool:
    name = ntpath.basename(path).lower() if "\\" in path else os.path.basename(path).lower()
    return name in _WPS_NAMES


def _windows_program_dirs() -> list[str]:
    """Program Files (64- and 32-bit) and the per-user programs folder, from the environment."""
    dirs = []
    for var in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        value = os.environ.get(var)
        if value and value not in dirs:
            dirs.append(value)
    for default in (r"C:\Program Files", r"C:\Program Files (x86)"):
        if default not in dirs:
            dirs.append(default)
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(ntpath.join(local, "Programs"))
    return dirs


def soffice_candidates() -> list[str]:
    """Where LibreOffice's ``soffice`` may be, most likely first, for this platform."""
    if is_windows():
        out = []
        for base in _windows_program_dirs():
            out.append(ntpath.join(base, "LibreOffice", "program", "soffice.exe"))
            # older installers used versioned folders: "LibreOffice 7", "LibreOffice 5"
            out += _glob(ntpath.join(base, "LibreOffice *", "program", "soffice.exe"))
        return out
    if is_macos():
        home = os.path.expanduser("~")
        return [
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
            f"{home}/Applications/LibreOffice.app/Contents/MacOS/soffice",
        ]
    return [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/usr/local/bin/soffice",
        *_glob("/opt/libreoffice*/program/soffice"),
        "/snap/bin/libreoffice",
    ]


def find_soffice() -> str | None:
    """The LibreOffice executable, or None. ``BULLETIN_SOFFICE`` overrides the search (a WPS
    executable there is refused: WPS cannot convert)."""
    forced = os.environ.get("BULLETIN_SOFFICE")
    if forced:
        if is_wps(forced):
            return None
        return forced if _exists(forced) or _which(forced) else None
    for name in ("soffice", "libreoffice"):
        found = _which(name)  # on Windows, which() finds soffice.exe on PATH through PATHEXT
        if found and not is_wps(found):
            return found
    return next((c for c in soffice_candidates() if _exists(c)), None)


def find_wps() -> str | None:
    """WPS Office's writer, when installed: only to tell the user it cannot make the PDF."""
    if is_windows():
        roots = [ntpath.join(os.environ.get("LOCALAPPDATA", ""), "Kingsoft", "WPS Office")]
        roots += [ntpath.join(base, "Kingsoft", "WPS Office") for base in _windows_program_dirs()]
        roots += [ntpath.join(base, "WPS Office") for base in _windows_program_dirs()]
        for root in roots:
            found = _glob(ntpath.join(root, "*", "office6", "wps.exe"))
            if found:
                return found[0]
        return None
    for name in ("wps",):
        found = _which(name)
        if found:
            return found
    return next((p for p in ("/opt/kingsoft/wps-office/office6/wps",) if _exists(p)), None)


def no_converter_message() -> str:
    """Why there is no PDF and what to install, naming WPS when that is what the machine has."""
    wps = find_wps()
    where = (
        tr("从 https://zh-cn.libreoffice.org/ 下载安装（装在默认位置即可）", "from https://www.libreoffice.org/ (the default location is fine)")
        if is_windows() or is_macos()
        else tr("（sudo apt install libreoffice-writer）", "(sudo apt install libreoffice-writer)")
    )
    text = tr(
        f"未找到 LibreOffice（soffice），无法导出 PDF。请安装 LibreOffice{where}后重试，"
        "或只导出 .docx 后在 Word/WPS 中另存为 PDF。",
        f"LibreOffice (soffice) was not found, so no PDF can be made. Install LibreOffice {where}, "
        "or export the .docx and save it as PDF from Word/WPS.",
    )
    if wps:
        text += tr(
            "本机装有 WPS Office，但 WPS 不能在后台转换 PDF，所以 bulletin 不用它。",
            " WPS Office is installed, but it cannot convert in the background, so bulletin does not use it.",
        )
    return text


# ------------------------------------------------------------------ opening a file


def open_command(path: Path) -> list[str] | None:
    """The command that shows ``path`` in the system's viewer, or None when there is none
    (Windows uses ``os.startfile`` instead of a command: see ``open_file``)."""
    if is_macos():
        return ["open", str(path)]
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None  # no graphical session (ssh, a server): nothing can show it
    for tool in ("xdg-open", "gio"):
        found = _which(tool)
        if found:
            return [found, "open", str(path)] if tool == "gio" else [found, str(path)]
    return None


def open_file(path: Path) -> str | None:
    """Open ``path`` with the program the system associates with it. Returns None when a
    viewer was started, else the reason it could not be (for the user, in their language)."""
    path = Path(path)
    if is_windows():
        startfile = getattr(os, "startfile", None)
        if startfile is None:
            return tr("本机无法自动打开文件。", "this system cannot open files automatically.")
        try:
            startfile(str(path))  # the associated program: Word, WPS, a PDF reader
        except OSError as exc:
            return tr(
                f"Windows 没有能打开 {path.suffix} 文件的程序（{exc.strerror or exc}）。",
                f"Windows has no program for {path.suffix} files ({exc.strerror or exc}).",
            )
        return None
    command = open_command(path)
    if command is None:
        return tr(
            "本机没有图形界面或没有 xdg-open，无法自动打开，请手动打开这个文件。",
            "no graphical session or no xdg-open here; open the file yourself.",
        )
    try:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=20, check=False)
    except subprocess.TimeoutExpired:
        return None  # still starting the viewer: that is success
    except OSError as exc:
        return tr(f"无法运行 {command[0]}：{exc}", f"cannot run {command[0]}: {exc}")
    if proc.returncode != 0:
        return tr(
            f"{os.path.basename(command[0])} 没能打开它（没有关联的程序？），请手动打开。",
            f"{os.path.basename(command[0])} could not open it (no associated program?); open it yourself.",
        )
    return None


# ------------------------------------------------------------------ pager and console


def pager_command() -> str | None:
    """The pager for long terminal output: ``$PAGER``, else ``less`` where it exists; None on
    Windows without ``$PAGER`` (its ``more`` cannot show colours or Chinese reliably, so the
    text is printed as is)."""
    pager = os.environ.get("PAGER", "").strip()
    if pager:
        return pager
    if is_windows():
        return None
    return "less" if _which("less") else None


def configure_console(streams: Iterable[object] = ()) -> None:
    """Never fail on printing Chinese: a Windows console in a legacy code page, output
    redirected to a file in GBK, or a C locale on Linux must print (with ? for what the encoding
    cannot hold), not raise UnicodeEncodeError."""
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


# ------------------------------------------------------------------ file names

_FORBIDDEN = set('\\/:*?"<>|\x7f') | {chr(c) for c in range(32)}
# Windows refuses these names with any extension, in any case.
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(10)}


MAX_NAME_BYTES = 180


def clean_filename(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``name`` with what Windows forbids in a file name made ``_``, no leading or trailing
    dot or space, at most ``max_bytes`` of UTF-8 (most file systems take 255 bytes a name; the
    rest is room for a suffix and a temporary prefix). May be empty, or a device name."""
    cleaned = "".join("_" if ch in _FORBIDDEN else ch for ch in name).strip(" .")
    return cleaned.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").rstrip(" .")


def is_reserved_name(name: str) -> bool:
    """A device name such as ``CON`` or ``NUL``, with or without an extension."""
    return name.split(".", 1)[0].upper() in _RESERVED


def safe_filename(name: str, fallback: str = "bulletin") -> str:
    """A file name every system accepts (Windows is the strictest, whatever system writes it,
    because the file travels to Windows machines): forbidden characters become ``_``, no
    trailing dot or space, no device name such as ``CON`` or ``NUL``."""
    cleaned = clean_filename(name)
    if not cleaned:
        return fallback
    if is_reserved_name(cleaned):
        cleaned = "_" + cleaned
    return cleaned

"""`bulletin doctor` and `bulletin fonts`: what this machine has for the tool, in plain
terms, with what to install for each gap.

Plain data (``Check`` rows); the CLI (cli/system.py) prints them. Nothing here is imported by
the light commands.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from dataclasses import dataclass

from .messages import tr
from .render.fontcheck import FontStatus, font_statuses


@dataclass
class Check:
    name: str
    ok: bool
    found: str  # what is there (version, path, stand-in)
    fix: str = ""  # what to install when not ok
    optional: bool = False  # a gap that only limits a feature (PDF, exact fonts)


def _linux() -> bool:
    return sys.platform.startswith("linux")


def python_check() -> Check:
    ok = sys.version_info >= (3, 10)
    return Check("Python", ok, f"{platform.python_version()}（{sys.executable}）",
                 "" if ok else tr("需要 Python 3.10 或更新版本", "Python 3.10 or later is needed"))


def libreoffice_check() -> Check:
    from .render.pdf import soffice_path

    exe = soffice_path()
    if exe is None:
        fix = (tr("安装 LibreOffice：sudo apt install libreoffice-writer-nogui（或 scripts/install --render）",
                  "install LibreOffice: sudo apt install libreoffice-writer-nogui")
               if _linux() else tr("从 https://zh-cn.libreoffice.org 下载安装 LibreOffice",
                                   "install LibreOffice from https://www.libreoffice.org"))
        return Check("LibreOffice", False,
                     tr("未找到（无法导出 PDF，.docx 不受影响）", "not found (no PDF export; .docx unaffected)"),
                     fix, optional=True)
    version = ""
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, timeout=60, check=False)
        version = out.stdout.decode("utf-8", "replace").strip().splitlines()[0] if out.stdout else ""
    except (OSError, subprocess.TimeoutExpired, IndexError):
        pass
    return Check("LibreOffice", True, f"{version or tr('版本未知', 'unknown version')}（{exe}）")


def opencc_check() -> Check:
    try:
        import opencc  # noqa: F401
        from importlib.metadata import version

        return Check("OpenCC", True, tr(f"{version('opencc')}（繁体转简体可用）",
                                        f"{version('opencc')} (traditional → simplified works)"))
    except Exception:  # noqa: BLE001 - any failure means the same to the user
        return Check("OpenCC", False, tr("未安装（lint 无法检查繁体字 C301）", "missing (lint C301 cannot run)"),
                     tr("在 bulletin 的虚拟环境中：pip install opencc", "in bulletin's venv: pip install opencc"))


def font_checks(statuses: list[FontStatus] | None) -> list[Check]:
    """One row per official font: installed, or the stand-in and whether it covers the
    issue's characters."""
    if statuses is None:
        return [Check(tr("公文字体", "official fonts"), True,
                      tr("本机无 fontconfig（Windows/macOS）：由 Word/WPS 使用系统字体",
                         "no fontconfig (Windows/macOS): Word/WPS use the system's fonts"))]
    rows = []
    for s in statuses:
        if s.installed:
            found, ok, fix = tr("已安装", "installed"), True, ""
        elif s.used:
            found = tr(f"未安装，PDF 用替代字体 {s.used}", f"not installed; PDF uses {s.used}")
            ok = False  # works, but the print differs from Word's: shown as "!"
            fix = tr(f"要与 Word 打印一致，请安装“{s.name}”字体文件", f"install the font {s.name} for prints like Word's")
        else:
            found, ok = tr("未安装，也没有替代字体", "not installed and no stand-in"), False
            fix = tr(f"sudo apt install {s.package}", f"sudo apt install {s.package}") if _linux() else \
                tr(f"请安装“{s.name}”字体", f"install the font {s.name}")
        if s.checked and not s.missing:
            found += tr(f"；本期用到的 {s.checked} 个字都有", f"; has all {s.checked} characters of the issue")
        if s.missing:
            ok = False
            chars = "".join(s.missing[:20]) + ("…" if len(s.missing) > 20 else "")
            found += tr(f"；缺字：{chars}", f"; lacks: {chars}")
            fix = fix or tr("安装含这些字的字体，或在 bulletin.yaml 的 layout.rare_char_font 中指定",
                            "install a font with these characters or set layout.rare_char_font")
        rows.append(Check(f"{s.name}（{s.purpose}）" if s.purpose else s.name, ok, found, fix,
                          optional=True))
    return rows


def run_checks(chars: dict[str, str] | None = None) -> list[Check]:
    return [python_check(), libreoffice_check(), opencc_check(),
            *font_checks(font_statuses(chars))]

"""Which characters a font can print, which official fonts this machine has, and what
LibreOffice (through fontconfig) will use in their place.

The official body fonts 仿宋_GB2312 and 楷体_GB2312 hold exactly the GB2312 set (6763 汉字
and its symbols); a name such as 刘䶮 or a place name with 𠮷 prints as a blank or a box in
them. ``needs_fallback`` tells the renderer which runs to set in ``layout.rare_char_font``,
and lint rule C303 points at the same characters, so the two cannot disagree.

No python-docx and no subprocess at import: lint imports this module.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "OFFICIAL_FONTS",
    "FontStatus",
    "font_statuses",
    "gb2312_only",
    "in_gb2312",
    "needs_fallback",
    "outside_gb2312",
]

# The fonts a bulletin names, what each is for, and the free font that stands in on Linux
# (fonts/bulletin-fonts.conf) with the Debian package that has it.
OFFICIAL_FONTS: dict[str, tuple[str, str]] = {
    "仿宋_GB2312": ("正文", "texlive-lang-chinese（FandolFang）"),
    "楷体_GB2312": ("期号、按语", "fonts-arphic-ukai"),
    "黑体": ("栏目标题、单位引导语", "fonts-noto-cjk"),
    "方正小标宋简体": ("报头名称、文章标题", "fonts-noto-cjk"),
    "宋体": ("页码、生僻字", "fonts-noto-cjk"),
    "SimSun-ExtB": ("扩展B区生僻字", "fonts-noto-cjk"),
    "Times New Roman": ("数字和西文", "fonts-liberation"),
}


@lru_cache(maxsize=8192)
def in_gb2312(ch: str) -> bool:
    """Whether ``ch`` is in the GB2312 character set (ASCII counts as in)."""
    if ch < "\x80":
        return True
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    # Windows' GB2312 fonts follow code page 936, which maps a few codes differently from
    # the GB2312 table Python uses (A1AA is U+2014 ——, A1A4 is U+00B7 ·): count a character
    # in the set when cp936 puts it in the GB2312 rows.
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xA1 <= b[0] <= 0xF7 and 0xA1 <= b[1] <= 0xFE


def gb2312_only(font: str) -> bool:
    """Fonts whose repertoire is GB2312 alone: the _GB2312 families Windows offices use."""
    return font.upper().endswith("_GB2312")


def needs_fallback(ch: str, font: str) -> bool:
    """A character ``font`` cannot print (only the GB2312-limited fonts are known to lack
    characters; the others are assumed to cover what the text uses)."""
    return gb2312_only(font) and not in_gb2312(ch) and not ch.isspace()


def outside_gb2312(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every character outside GB2312, in order."""
    return [(i, ch) for i, ch in enumerate(text) if not in_gb2312(ch) and not ch.isspace()]


# ---------------------------------------------------------------- what this machine has


@dataclass
class FontStatus:
    name: str
    purpose: str
    package: str
    installed: bool  # a font of exactly this family is installed
    used: str | None  # the family fontconfig gives LibreOffice (with our map), None: unknown
    missing: list[str] = field(default_factory=list)  # of the checked characters, not covered


def _fc(args: list[str], conf: Path | None) -> str | None:
    exe = shutil.which(args[0])
    if exe is None:
        return None
    import os

    env = dict(os.environ)
    if conf is not None:
        env["FONTCONFIG_FILE"] = str(conf)
    try:
        out = subprocess.run([exe, *args[1:]], capture_output=True, env=env, timeout=60,
                             check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else None


def _charset(spec: str) -> list[tuple[int, int]]:
    """fontconfig's ``%{charset}``: hex ranges such as ``20-7e a0 4e00-9fa5``."""
    out = []
    for part in spec.split():
        lo, _, hi = part.partition("-")
        try:
            out.append((int(lo, 16), int(hi or lo, 16)))
        except ValueError:
            continue
    return out


def _covers(ranges: list[tuple[int, int]], ch: str) -> bool:
    c = ord(ch)
    return any(lo <= c <= hi for lo, hi in ranges)


def font_statuses(chars: str = "", names: list[str] | None = None) -> list[FontStatus] | None:
    """Each official font: installed here or not, the family LibreOffice will use through our
    font map, and which of ``chars`` that family lacks. None without fontconfig (Windows,
    macOS: there the fonts are the real ones or Word substitutes them)."""
    from .pdf import fontconfig_file
    import tempfile

    if shutil.which("fc-match") is None:
        return None
    wanted = sorted(set(c for c in chars if not c.isspace() and c >= "\x80"))
    out: list[FontStatus] = []
    with tempfile.TemporaryDirectory(prefix="bulletin-fc-") as tmp:
        conf = fontconfig_file(Path(tmp))
        for name in names or list(OFFICIAL_FONTS):
            purpose, package = OFFICIAL_FONTS.get(name, ("", ""))
            plain = _fc(["fc-list", f"{name}", "family"], None) or ""
            installed = any(name in line.split(",") for line in
                            (ln.strip() for ln in plain.splitlines()))
            used = _fc(["fc-match", "-f", "%{family[0]}\n%{charset}", name], conf)
            fam, ranges = None, []
            if used:
                head, _, rest = used.partition("\n")
                fam, ranges = head.strip() or None, _charset(rest)
            latin = name == "Times New Roman"
            missing = [c for c in wanted if ranges and not latin and not _covers(ranges, c)]
            out.append(FontStatus(name, purpose, package, installed, fam, missing))
    return out

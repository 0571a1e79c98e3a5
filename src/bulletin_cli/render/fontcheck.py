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
    "characters_by_font",
    "stand_in_notice",
    "stand_ins",
    "FontStatus",
    "font_statuses",
    "gb2312_only",
    "holds_gb2312",
    "in_gb2312",
    "is_pictograph",
    "installed_coverage",
    "may_lack_characters",
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


# Emoji and pictographic symbols: no CJK font a bulletin falls back to (宋体, SimSun-ExtB) has
# them, so Word/WPS print a blank box whatever font the run is set in. With the pieces emoji
# sequences are built from: skin tones (in 1F3FB–1F3FF), variation selectors, the zero-width
# joiner and the tag characters of subdivision flags.
_PICTOGRAPHS = (
    (0x1F000, 0x1FAFF),  # mahjong … symbols and pictographs extended-A, with regional indicators
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats (☀ ✅ ❤)
    (0x231A, 0x231B),  # ⌚ ⌛
    (0x23E9, 0x23FA),  # ⏩ … ⏺
    (0x2B50, 0x2B50),  # ⭐
    (0x2B55, 0x2B55),  # ⭕
    (0xFE00, 0xFE0F),  # variation selectors (FE0F: “show as emoji”)
    (0xE0100, 0xE01EF),  # variation selectors supplement
    (0xE0020, 0xE007F),  # tags
    (0x200D, 0x200D),  # zero-width joiner of emoji sequences (👨‍👩‍👧)
    (0x20E3, 0x20E3),  # combining enclosing keycap (1️⃣)
)


def is_pictograph(ch: str) -> bool:
    """An emoji or pictographic symbol (or a piece of an emoji sequence): no fallback font
    prints it, so C303 asks for words instead of a print check."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _PICTOGRAPHS)


def gb2312_only(font: str) -> bool:
    """Fonts whose repertoire is GB2312 alone: the _GB2312 families Windows offices use."""
    return font.upper().endswith("_GB2312")


# Families that hold all of GB2312 wherever they are installed: the _GB2312 fonts (exactly that
# set) and the Windows/Founder fonts a bulletin names (GBK or more). For a character of GB2312
# set in one of them there is nothing to ask fontconfig: that saves a process per font and
# export when the text, as almost always, stays inside the set.
_HOLD_GB2312 = frozenset({
    "仿宋", "楷体", "黑体", "宋体", "新宋体", "方正小标宋简体", "方正小标宋_GBK", "微软雅黑",
    "FangSong", "KaiTi", "SimHei", "SimSun", "NSimSun", "Microsoft YaHei",
})


def holds_gb2312(font: str) -> bool:
    """Whether ``font`` prints every GB2312 character (see _HOLD_GB2312)."""
    return gb2312_only(font) or font in _HOLD_GB2312


def needs_fallback(ch: str, font: str) -> bool:
    """A character ``font`` cannot print: by the font's own coverage when a font of exactly
    that family is installed here (fontconfig), else by the GB2312 set for the _GB2312 fonts;
    other fonts are assumed to cover what the text uses. A GB2312 character in a font that
    holds the set needs no fontconfig query."""
    if ch < "\x80" or ch.isspace():
        return False
    if holds_gb2312(font) and in_gb2312(ch):
        return False
    cov = installed_coverage(font)
    if cov is not None:
        return not _in_ranges(cov, ord(ch))
    return gb2312_only(font) and not in_gb2312(ch)


def may_lack_characters(font: str) -> bool:
    """Whether ``needs_fallback`` can be true for ``font`` at all (a quick test per run)."""
    return gb2312_only(font) or installed_coverage(font) is not None


@lru_cache(maxsize=64)
def installed_coverage(font: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(starts, ends) of the code point ranges of the installed font of exactly this family,
    or None when it is not installed (or there is no fontconfig). One fc-list per font and
    process."""
    if not font or shutil.which("fc-list") is None:
        return None
    out = _fc(["fc-list", "--format", "%{family}\t%{charset}\n", f":family={font}"], None)
    for line in (out or "").splitlines():
        families, _, charset = line.partition("\t")
        if font in families.split(","):
            ranges = sorted(_charset(charset))
            if ranges:
                return tuple(lo for lo, _ in ranges), tuple(hi for _, hi in ranges)
    return None


def _in_ranges(cov: tuple[tuple[int, ...], tuple[int, ...]], c: int) -> bool:
    import bisect

    starts, ends = cov
    k = bisect.bisect_right(starts, c) - 1
    return k >= 0 and c <= ends[k]


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
    checked: int = 0  # how many characters were checked


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


def font_statuses(chars: dict[str, str] | None = None,
                  names: list[str] | None = None) -> list[FontStatus] | None:
    """Each official font: installed here or not, the family LibreOffice will use through our
    font map, and which of ``chars[font]`` (see characters_by_font) that family lacks. None
    without fontconfig (Windows, macOS: there the fonts are the real ones or Word
    substitutes them)."""
    from .pdf import fontconfig_file
    import tempfile

    if shutil.which("fc-match") is None:
        return None
    chars = chars or {}
    out: list[FontStatus] = []
    with tempfile.TemporaryDirectory(prefix="bulletin-fc-") as tmp:
        conf = fontconfig_file(Path(tmp))
        for name in names or list(dict.fromkeys([*OFFICIAL_FONTS, *chars])):
            purpose, package = OFFICIAL_FONTS.get(name, ("", ""))
            plain = _fc(["fc-list", f"{name}", "family"], None) or ""
            installed = any(name in line.split(",") for line in
                            (ln.strip() for ln in plain.splitlines()))
            used = _fc(["fc-match", "-f", "%{family[0]}\n%{charset}", name], conf)
            fam, ranges = None, []
            if used:
                head, _, rest = used.partition("\n")
                fam, ranges = head.strip() or None, _charset(rest)
            missing = [c for c in chars.get(name, "") if ranges and not _covers(ranges, c)]
            out.append(FontStatus(name, purpose, package, installed, fam, missing,
                                  len(chars.get(name, "")) if ranges else 0))
    return out


def characters_by_font(issue: object) -> dict[str, str]:
    """The characters each font prints in ``issue`` (an AssembledIssue), the way
    render/docx.py assigns them: characters the body or 楷体 font lacks go to the
    rare-character fonts. Non-ASCII only (ASCII is the Latin font's)."""
    L = issue.layout  # type: ignore[attr-defined]
    buckets: dict[str, set[str]] = {}

    def put(font: str, text: str) -> None:
        for ch in text:
            if ch < "\x80" or ch.isspace():
                continue
            f = font
            if needs_fallback(ch, font):
                f = L.rare_char_font_ext if ord(ch) > 0xFFFF else L.rare_char_font
            buckets.setdefault(f, set()).add(ch)

    put(L.title_font, issue.title)  # type: ignore[attr-defined]
    put(L.kai_font, issue.issue_line)  # type: ignore[attr-defined]
    put(L.body_font, issue.editor + issue.date_text)  # type: ignore[attr-defined]
    if issue.mark:  # type: ignore[attr-defined]
        put(L.heading_font, issue.mark)  # type: ignore[attr-defined]
    for text in issue.note:  # type: ignore[attr-defined]
        put(L.kai_font, text)
    for col in issue.columns:  # type: ignore[attr-defined]
        put(L.heading_font, col.heading)
        for con in col.contributions:
            for p in con.paragraphs:
                put(L.heading_font, p.lead)
                put(L.title_font if L.item_title_style == "heading" else L.body_font, p.title)
                put(L.body_font, p.text)
    from .grid import tail_texts

    for left, right in tail_texts(issue):  # type: ignore[arg-type]
        put(L.body_font, left + right)
    put(L.song_font, "—")
    return {f: "".join(sorted(chars)) for f, chars in buckets.items()}


def stand_ins(statuses: list[FontStatus], fonts: list[str]) -> list[FontStatus]:
    """Of ``fonts``, those not installed here and replaced by another family."""
    return [s for s in statuses if s.name in fonts and not s.installed and s.used
            and s.used != s.name]


def stand_in_notice(issue: object) -> str | None:
    """What `export --pdf` says when the PDF was made with stand-in fonts: which font stood
    in for which, and any character the stand-ins lack. None when the real fonts are here
    (or there is no fontconfig)."""
    from ..messages import tr

    chars = characters_by_font(issue)
    statuses = font_statuses(chars, names=list(chars))
    if not statuses:
        return None
    subs = stand_ins(statuses, list(chars))
    lacking = "".join(dict.fromkeys(c for s in statuses for c in s.missing))
    if not subs and not lacking:
        return None
    pairs = "、".join(f"{s.name}→{s.used}" for s in subs)
    msg = tr(
        f"注意：本机没有公文字体，PDF 使用了替代字体（{pairs}）。行数和分页不变，字形与 Word/WPS 打印稿略有不同；"
        "正式印发请以安装了公文字体的电脑打印为准（bulletin fonts 可查看详情）。",
        f"Note: the official fonts are not installed here; the PDF uses stand-ins ({pairs}). Lines "
        "and pages are the same, glyphs differ from a Word/WPS print (see `bulletin fonts`).",
    ) if subs else ""
    if lacking:
        msg += tr(f"替代字体缺少这些字：{lacking}。", f" The stand-ins lack: {lacking}.")
    return msg

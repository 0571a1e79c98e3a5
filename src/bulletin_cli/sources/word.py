"""Word files (.docx/.docm, and .doc/.wps through LibreOffice) → ``Document``.

The text is taken as Word prints it, not as python-docx's ``paragraph.text`` gives it: tracked
insertions kept and deletions dropped, field results kept and field codes dropped, automatic
numbering (一、 （一） 1. ) written out from numbering.xml, hyperlinks, content controls and
smart tags read through. Headers, footers, comments and footnotes live in other parts and are
never read.

What a bulletin cannot print is refused, naming where it is: tables, pictures and text boxes.
A clerk would rather retype a table as sentences than find half of it missing from the issue,
and a text box's words have no place in the reading order, so taking them silently would be
worse than saying so.

Macros in a .docm are never run (nothing here executes anything in the file): the text is read
and the clerk is told the macros were ignored.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import BulletinError
from ..messages import tr
from .document import DocParagraph, Document, Embedded, Run
from .sniff import CFB_MAGIC, sniff_format

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
WORD_SUFFIXES = (".docx", ".docm", ".doc", ".wps", ".odt")
# A Word file's parts expand to many times the file; beyond this many times the size limit the
# file is refused before any XML is parsed (a zip bomb is small on disk and huge inside).
EXPANSION_FACTOR = 20
CONVERT_TIMEOUT_S = 120

# Characters a renderer or YAML treats as line breaks; in a Word run they are manual breaks.
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\r": "\n"})
_INVISIBLE = str.maketrans({"\ufeff": None, "\u00ad": None})


@dataclass(frozen=True)
class Advice:
    """What the clerk can do about a file that cannot be read: a submission is sent again by
    its unit (intake); a past issue is the clerk's own copy, to re-save (archive/_reading.py)."""

    from_unit: bool = True

    def damaged(self) -> str:
        if self.from_unit:
            return tr("请让报送单位重新发送，或用 Word/WPS 打开后“另存为”.docx 再报送。", "Ask for it again.")
        return tr("请找一份完好的文件，或用 Word/WPS 打开后“另存为”.docx 再试。", "Find an intact copy, or re-save it as .docx.")

    def unlock(self) -> str:
        how = "（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）"
        if self.from_unit:
            return tr(f"请让报送单位取消密码{how}后重新发送。", "Ask the sender to remove the password and send it again.")
        return tr(f"请用 Word/WPS 打开，取消密码{how}并保存后再试。", "Remove the password, save, and try again.")

    def resave(self) -> str:
        if self.from_unit:
            return tr("请让报送单位用 Word/WPS 打开后“另存为”.docx 再发送。", "Ask for the file saved as .docx.")
        return tr("请用 Word/WPS 打开后“另存为”.docx 再试。", "Save it as .docx and try again.")


def read_word(path: Path, *, max_size: int, display: str | None = None, advice: Advice = Advice()) -> Document:
    """Read one Word file. Raises BulletinError (every problem found) for what cannot be read.

    The file is read once, bounded and without blocking (``load.read_regular_bytes``), and
    parsed from memory: a pipe or a device named .docx is refused, never waited on. What the
    file is comes from its bytes (``sniff.sniff_format``): units rename files, and an .odt
    called .docx or a .docx called .txt is read as what it is, and the clerk told so."""
    from .files import read_regular_bytes

    shown = display or str(path)
    suffix = path.suffix.lower()
    limit = max_size * EXPANSION_FACTOR // 4
    _check_size(path, shown, limit)
    data = read_regular_bytes(path, shown, limit)
    kind = sniff_format(data)
    if kind is None and suffix not in WORD_SUFFIXES:  # a zip or compound file named .txt: not Word either
        raise BulletinError.single(
            shown,
            tr(
                f"这份文件名为“{path.name}”，内容却不是文字，也不是 Word 文件（可能是压缩包、表格或已损坏），无法读取。",
                f"“{path.name}” holds neither text nor a Word document (an archive, a spreadsheet, or damaged?).",
            ),
        )
    if kind == "encrypted" or (data.startswith(CFB_MAGIC) and kind is None and suffix not in (".doc", ".wps")):
        raise BulletinError.single(
            shown,
            tr(
                "这份 Word 文件设置了打开密码（或是旧版 .doc 改了扩展名），无法读取。",
                "this Word file is password-protected (or an old .doc renamed); remove the password.",
            )
            + advice.unlock(),
        )
    if kind == "odt":
        doc = _read_converted(data, ".odt", shown, max_size, "odt", advice)
    elif kind == "docx":
        doc = _read_docx(data, shown, max_size, suffix[1:] if suffix in (".docx", ".docm") else "docx", advice)
    elif kind == "doc" and suffix not in (".doc", ".wps"):  # an old .doc renamed .docx (units do)
        doc = _read_converted(data, ".doc", shown, max_size, "doc", advice)
    elif suffix in (".doc", ".wps", ".odt"):
        return _read_converted(data, suffix, shown, max_size, suffix[1:], advice)
    else:
        return _read_docx(data, shown, max_size, suffix[1:] or "docx", advice)
    if suffix not in WORD_SUFFIXES or (kind == "odt") != (suffix == ".odt"):
        real = tr("OpenDocument（.odt）", "OpenDocument (.odt)") if kind == "odt" else tr(f"Word（.{kind}）", f"Word (.{kind})")
        doc.notices.insert(
            0,
            tr(f"这份文件名为“{path.name}”，实际是 {real}文件，已照此读取。",
               f"“{path.name}” is really an {real} file; read as such."),
        )
    return doc


def _check_size(path: Path, shown: str, limit: int) -> None:
    from .files import require_regular_file

    size = require_regular_file(path, shown).st_size
    if size > limit:
        raise BulletinError.single(
            shown,
            tr(
                f"Word 文件太大（{size:,} 字节，上限 {limit:,} 字节），一般是插了大图片。"
                "请删去图片后重新保存；确需更大的文件，可在 bulletin.yaml 中调大 max_file_size。",
                f"Word file too large ({size:,} bytes, limit {limit:,}); usually pictures. Remove them and save again.",
            ),
        )


def _corrupt(shown: str, advice: Advice) -> BulletinError:
    return BulletinError.single(
        shown,
        tr("这份 Word 文件已损坏，打不开（可能没有下载完整）。", "this Word file is damaged and cannot be opened (incomplete download?). ")
        + advice.damaged(),
    )


def _read_docx(data: bytes, shown: str, max_size: int, fmt: str, advice: Advice) -> Document:
    limit = max_size * EXPANSION_FACTOR
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            expanded = sum(i.file_size for i in infos)
            if expanded > limit or len(infos) > 10_000:
                raise BulletinError.single(
                    shown,
                    tr(
                        f"这份 Word 文件解压后有 {expanded:,} 字节，超过上限 {limit:,} 字节（文件很小、解开极大，"
                        "可能是恶意文件或插了大量图片）。没有读取。",
                        f"this Word file expands to {expanded:,} bytes, over the limit of {limit:,}; not read.",
                    ),
                )
            if "word/document.xml" not in names:
                raise _corrupt(shown, advice)
            parts = {
                name: zf.read(name)
                for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml")
                if name in names
            }
            has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
            has_comments = "word/comments.xml" in names
    except zipfile.BadZipFile:
        raise _corrupt(shown, advice) from None
    except (OSError, EOFError, RuntimeError, zipfile.LargeZipFile, NotImplementedError):  # RuntimeError: an encrypted entry
        raise _corrupt(shown, advice) from None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        body = etree.fromstring(parts["word/document.xml"], parser).find(_W + "body")
        styles = _Styles(etree.fromstring(parts["word/styles.xml"], parser) if "word/styles.xml" in parts else None)
        numbering = _Numbering(
            etree.fromstring(parts["word/numbering.xml"], parser) if "word/numbering.xml" in parts else None
        )
    except etree.XMLSyntaxError:
        raise _corrupt(shown, advice) from None
    if body is None:
        raise _corrupt(shown, advice)
    reader = _BodyReader(shown, styles, numbering)
    reader.read(body)
    notices: list[str] = []
    if reader.insertions or reader.deletions:
        notices.append(
            tr(
                f"文件里有未处理的修订（插入 {reader.insertions} 处、删除 {reader.deletions} 处），"
                "已按“全部接受”收入：插入的文字保留，删除的文字不收。请核对。",
                f"tracked changes ({reader.insertions} insertions, {reader.deletions} deletions) were accepted. Please check.",
            )
        )
    if has_comments:
        notices.append(tr("文件里的批注没有收入。", "comments in the file were left out."))
    if has_macros:
        notices.append(tr("文件带有宏，宏没有运行，只读取了文字。", "the file has macros; they were not run, only the text was read."))
    if not reader.embedded and not any(p.text.strip() for p in reader.paragraphs):
        raise BulletinError.single(
            shown, tr("这份 Word 文件里没有文字。请确认发来的是填好的材料。", "this Word file has no text.")
        )
    return Document(shown, reader.paragraphs, fmt, notices, reader.embedded)


def _read_converted(data: bytes, suffix: str, shown: str, max_size: int, fmt: str, advice: Advice) -> Document:
    """Old .doc, WPS .wps and LibreOffice's own .odt: LibreOffice converts them to .docx in a private folder first."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise BulletinError.single(
            shown,
            tr(
                f"读取 .{fmt} 文件需要安装 LibreOffice（sudo apt-get install libreoffice-writer）。或者：",
                f"reading .{fmt} files needs LibreOffice. Or: ",
            )
            + advice.resave(),
        )
    with tempfile.TemporaryDirectory(prefix="bulletin-convert-") as tmp:
        work = Path(tmp)
        source = work / f"in{suffix}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        try:
            done = subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source)],
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            done = None
        converted = work / "out" / "in.docx"
        if done is None or not converted.exists():
            raise BulletinError.single(
                shown,
                tr(
                    f"LibreOffice 无法转换这份 .{fmt} 文件（可能已损坏或设置了密码）。",
                    f"LibreOffice could not convert this .{fmt} file (damaged or password-protected?). ",
                )
                + advice.resave(),
            )
        return _read_docx(converted.read_bytes(), shown, max_size, fmt, advice)


# ---------------------------------------------------------------------------------- styles


def _on(el: object) -> bool:
    """A WordprocessingML toggle (w:b, w:vanish): present and not switched off."""
    if el is None:
        return False
    val = el.get(_W + "val")  # type: ignore[attr-defined]
    return val not in ("0", "false", "off")


class _Styles:
    """Style names, and the bold/alignment/numbering a style gives through its basedOn chain."""

    def __init__(self, root: object) -> None:
        self.by_id: dict[str, object] = {}
        self.default_para: str | None = None
        self.default_rpr: object = None
        if root is None:
            return
        self.default_rpr = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")  # type: ignore[attr-defined]
        for st in root.iter(_W + "style"):  # type: ignore[attr-defined]
            sid = st.get(_W + "styleId")
            self.by_id[sid] = st
            if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                self.default_para = sid

    def _chain(self, sid: str | None) -> list[object]:
        out: list[object] = []
        while sid and sid in self.by_id and len(out) < 20:
            st = self.by_id[sid]
            out.append(st)
            based = st.find(_W + "basedOn")  # type: ignore[attr-defined]
            sid = based.get(_W + "val") if based is not None else None
        return out

    def name(self, sid: str | None) -> str | None:
        st = self.by_id.get(sid or "")
        if st is None:
            return None
        n = st.find(_W + "name")  # type: ignore[attr-defined]
        return n.get(_W + "val") if n is not None else sid

    def first(self, sid: str | None, xpath: str) -> object:
        for st in self._chain(sid):
            found = st.find(xpath)  # type: ignore[attr-defined]
            if found is not None:
                return found
        return None


# ---------------------------------------------------------------------------------- numbering


def _chinese(n: int, thousand: bool = False) -> str:
    digits = "零一二三四五六七八九"
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else (("一" if rest < 20 else "") + _chinese(rest)))
        return digits[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in one of Word's numFmt values (the common ones in Chinese documents)."""
    if fmt in ("chineseCounting", "chineseLegalSimplified", "ideographDigital", "japaneseCounting"):
        return _chinese(n) if fmt != "ideographDigital" else "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "koreanCounting"):
        return _chinese(n, thousand=True)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)  # decimal and anything unknown


class _Numbering:
    """numbering.xml: which level definition a (numId, ilvl) uses, and the running counters."""

    def __init__(self, root: object) -> None:
        self.abstract: dict[str, dict[int, object]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        for ab in root.iter(_W + "abstractNum"):  # type: ignore[attr-defined]
            levels = {int(lv.get(_W + "ilvl", "0")): lv for lv in ab.iter(_W + "lvl")}
            self.abstract[ab.get(_W + "abstractNumId")] = levels
        for num in root.iter(_W + "num"):  # type: ignore[attr-defined]
            ab = num.find(_W + "abstractNumId")
            overrides: dict[int, int] = {}
            for ov in num.iter(_W + "lvlOverride"):
                so = ov.find(_W + "startOverride")
                if so is not None:
                    overrides[int(ov.get(_W + "ilvl", "0"))] = int(so.get(_W + "val", "1"))
            if ab is not None:
                self.nums[num.get(_W + "numId")] = (ab.get(_W + "val"), overrides)

    def _lvl(self, num_id: str, ilvl: int) -> object:
        ab_id, _ = self.nums.get(num_id, (None, {}))
        return self.abstract.get(ab_id or "", {}).get(ilvl)

    def _start(self, num_id: str, ilvl: int) -> int:
        _, overrides = self.nums.get(num_id, (None, {}))
        if ilvl in overrides:
            return overrides[ilvl]
        lvl = self._lvl(num_id, ilvl)
        st = lvl.find(_W + "start") if lvl is not None else None  # type: ignore[attr-defined]
        return int(st.get(_W + "val", "1")) if st is not None else 1

    def next(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph in list ``num_id`` at level ``ilvl``, e.g. （二）."""
        lvl = self._lvl(num_id, ilvl)
        if lvl is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = max(0, min(ilvl, 8))
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        counters[ilvl] = self._start(num_id, ilvl) if counters[ilvl] == 0 else counters[ilvl] + 1
        for shallower in range(ilvl):
            if counters[shallower] == 0:
                counters[shallower] = self._start(num_id, shallower)
        text_el = lvl.find(_W + "lvlText")  # type: ignore[attr-defined]
        template = text_el.get(_W + "val", "") if text_el is not None else ""
        is_lgl = _on(lvl.find(_W + "isLgl"))  # type: ignore[attr-defined]

        def fill(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            level = self._lvl(num_id, k)
            fmt_el = level.find(_W + "numFmt") if level is not None else None  # type: ignore[attr-defined]
            fmt = fmt_el.get(_W + "val", "decimal") if fmt_el is not None else "decimal"
            if is_lgl and k != ilvl:
                fmt = "decimal"
            return format_number(counters[k] if 0 <= k < 9 else 0, fmt)

        fmt_el = lvl.find(_W + "numFmt")  # type: ignore[attr-defined]
        if fmt_el is not None and fmt_el.get(_W + "val") in ("bullet", "none"):
            return ""
        return re.sub(r"%([1-9])", fill, template)


# ---------------------------------------------------------------------------------- body


_SKIP = {"del", "moveFrom", "pPr", "rPr", "commentRangeStart", "commentRangeEnd", "proofErr",
         "bookmarkStart", "bookmarkEnd", "permStart", "permEnd", "lastRenderedPageBreak",
         "footnoteReference", "endnoteReference", "commentReference", "sdtPr", "sdtEndPr",
         "annotationRef", "instrText", "delText", "delInstrText", "customXmlPr", "smartTagPr"}
_PICTURES = {"drawing", "pict", "object"}


class _BodyReader:
    def __init__(self, shown: str, styles: _Styles, numbering: _Numbering) -> None:
        self.shown = shown
        self.styles = styles
        self.numbering = numbering
        self.paragraphs: list[DocParagraph] = []
        self.embedded: list[Embedded] = []
        self.insertions = 0
        self.deletions = 0
        self.count = 0  # paragraphs seen, for "第N段"
        self._inherited: dict[tuple[str | None, str | None, str], object] = {}

    def read(self, body: object, in_table: bool = False) -> None:
        for child in body:  # type: ignore[attr-defined]
            tag = _local(child.tag) if isinstance(child.tag, str) else ""
            if tag == "p":
                self._paragraph(child, in_table)
            elif tag == "tbl":
                words = "".join(t.text or "" for t in child.iter(_W + "t"))
                self.embedded.append(Embedded("table", self.count + 1, words))
                for row in child.findall(_W + "tr"):  # nested tables are read through their cell
                    for cell in row.findall(_W + "tc"):
                        self.read(cell, in_table=True)
            elif tag in ("sdt", "customXml"):
                content = child.find(_W + "sdtContent") if tag == "sdt" else child
                if content is not None:
                    self.read(content, in_table)

    def _paragraph(self, p: object, in_table: bool = False) -> None:
        self.count += 1
        ppr = p.find(_W + "pPr")  # type: ignore[attr-defined]
        sid = None
        if ppr is not None and ppr.find(_W + "pStyle") is not None:
            sid = ppr.find(_W + "pStyle").get(_W + "val")
        sid = sid or self.styles.default_para
        runs: list[Run] = []
        state = _RunState()
        self._walk(p, runs, state, sid)
        if state.pictures:
            text = state.textbox_text if state.textbox else "".join(r.text for r in runs)
            inner = self._textbox_paragraphs(state.boxes)
            self.embedded.append(Embedded("textbox" if state.textbox else "picture", self.count, text.strip(), inner))
        jc = ppr.find(_W + "jc") if ppr is not None else None
        if jc is None:
            jc = self.styles.first(sid, f"{_W}pPr/{_W}jc")
        align = {"both": "both", "center": "center", "right": "right", "end": "right", "left": "left",
                 "start": "left", "distribute": "both"}.get(jc.get(_W + "val") if jc is not None else "", None)
        ind = ppr.find(_W + "ind") if ppr is not None else None
        indent = 0.0
        if ind is not None:
            if ind.get(_W + "firstLineChars"):
                indent = int(ind.get(_W + "firstLineChars")) / 100
            elif ind.get(_W + "firstLine"):
                indent = int(ind.get(_W + "firstLine")) / 320  # twips at 三号 16 pt
        bdr = ppr.find(_W + "pBdr") if ppr is not None else None
        if bdr is None:
            bdr = self.styles.first(sid, f"{_W}pPr/{_W}pBdr")
        borders = tuple(
            _local(b.tag) for b in (bdr if bdr is not None else ())  # type: ignore[attr-defined]
            if isinstance(b.tag, str) and b.get(_W + "val") not in ("nil", "none")
        )
        label = self._numbering_label(ppr, sid)
        if label:
            runs.insert(0, replace(runs[0], text=label) if runs else Run(label))
        self.paragraphs.append(
            DocParagraph(
                runs=tuple(_merge(runs)),
                alignment=align,
                style=self.styles.name(sid),
                first_line_indent_chars=indent,
                numbering=label,
                line=self.count,
                borders=borders,
                in_table=in_table,
            )
        )

    def _textbox_paragraphs(self, boxes: list[object]) -> tuple[DocParagraph, ...]:
        """A text box's paragraphs, read like the body (a past issue's tail can sit in a frame:
        LibreOffice turns a floating table into one), numbered as the paragraph it is anchored to."""
        if not boxes:
            return ()
        sub = _BodyReader(self.shown, self.styles, self.numbering)
        for box in boxes:
            sub.read(box)
        self.insertions += sub.insertions
        self.deletions += sub.deletions
        return tuple(replace(q, line=self.count) for q in sub.paragraphs)

    def _numbering_label(self, ppr: object, sid: str | None) -> str:
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None  # type: ignore[attr-defined]
        if num_pr is None:
            num_pr = self.styles.first(sid, f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id = num_pr.find(_W + "numId")  # type: ignore[attr-defined]
        ilvl = num_pr.find(_W + "ilvl")  # type: ignore[attr-defined]
        if num_id is None:
            return ""
        return self.numbering.next(num_id.get(_W + "val", "0"), int(ilvl.get(_W + "val", "0")) if ilvl is not None else 0)

    def _walk(self, el: object, runs: list[Run], state: _RunState, sid: str | None) -> None:
        for child in el:  # type: ignore[attr-defined]
            tag = _local(child.tag) if isinstance(child.tag, str) else ""
            if tag in ("del", "moveFrom"):
                self.deletions += 1
                continue
            if tag in ("ins", "moveTo"):
                self.insertions += 1
                self._walk(child, runs, state, sid)
                continue
            if tag in _SKIP or not tag:
                continue
            if tag == "r":
                self._run(child, runs, state, sid)
            elif tag == "AlternateContent":
                state.picture(child)
            else:  # hyperlink, smartTag, sdt/sdtContent, fldSimple, customXml, oMath text …
                self._walk(child, runs, state, sid)

    def _run_prop(self, rpr: object, rstyle: str | None, sid: str | None, tag: str) -> object:
        """A run property as Word resolves it: the run, its character style, its paragraph's
        style, then the document defaults."""
        if rpr is not None:
            found = rpr.find(_W + tag)  # type: ignore[attr-defined]
            if found is not None:
                return found
        key = (rstyle, sid, tag)
        if key not in self._inherited:
            found = self.styles.first(rstyle, f"{_W}rPr/{_W}{tag}") if rstyle else None
            if found is None:
                found = self.styles.first(sid, f"{_W}rPr/{_W}{tag}")
            if found is None and self.styles.default_rpr is not None:
                found = self.styles.default_rpr.find(_W + tag)  # type: ignore[attr-defined]
            self._inherited[key] = found
        return self._inherited[key]

    def _run(self, r: object, runs: list[Run], state: _RunState, sid: str | None) -> None:
        rpr = r.find(_W + "rPr")  # type: ignore[attr-defined]
        if _on(rpr.find(_W + "vanish") if rpr is not None else None):
            return  # hidden text is not printed
        rstyle_el = rpr.find(_W + "rStyle") if rpr is not None else None
        rstyle = rstyle_el.get(_W + "val") if rstyle_el is not None else None
        bold = _on(self._run_prop(rpr, rstyle, sid, "b"))
        c = self._run_prop(rpr, rstyle, sid, "color")
        color = c.get(_W + "val").upper() if c is not None and c.get(_W + "val") not in (None, "auto") else None
        f = self._run_prop(rpr, rstyle, sid, "rFonts")
        font = (f.get(_W + "eastAsia") or f.get(_W + "ascii")) if f is not None else None
        sz = self._run_prop(rpr, rstyle, sid, "sz")
        try:
            size = int(sz.get(_W + "val")) / 2 if sz is not None else None
        except (TypeError, ValueError):
            size = None
        parts: list[str] = []
        for child in r:  # type: ignore[attr-defined]
            tag = _local(child.tag) if isinstance(child.tag, str) else ""
            if tag == "fldChar":
                kind = child.get(_W + "fldCharType")
                if kind == "begin":
                    state.fields.append("code")
                elif kind == "separate" and state.fields:
                    state.fields[-1] = "result"
                elif kind == "end" and state.fields:
                    state.fields.pop()
                continue
            if state.fields and state.fields[-1] == "code":
                continue  # the field's instructions, never printed
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                if child.get(_W + "type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag == "ruby":  # 拼音指南: the characters are the text, the pinyin above them is not
                base = child.find(_W + "rubyBase")
                if base is not None:
                    parts.append("".join(t.text or "" for t in base.iter(_W + "t")))
            elif tag == "sym":
                try:
                    parts.append(chr(int(child.get(_W + "char", "0"), 16) & 0xFFFF or 0x20))
                except ValueError:
                    pass
            elif tag in _PICTURES or tag == "AlternateContent":
                state.picture(child)
        text = "".join(parts).translate(_LINE_BREAKS).translate(_INVISIBLE)
        if text:
            runs.append(Run(text, bold=bold, color=color, font=font, size_pt=size))


class _RunState:
    """Where a paragraph's walk is: inside which fields, and what it met that cannot print."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self.pictures = 0
        self.textbox = False
        self.textbox_text = ""
        self.boxes: list[object] = []  # each text box's txbxContent, read by the caller

    def picture(self, el: object) -> None:
        """A drawing, VML picture or OLE object; a text box when it holds txbxContent (the
        first one only: AlternateContent repeats the box in its Fallback)."""
        self.pictures += 1
        box = next(el.iter(_W + "txbxContent"), None)  # type: ignore[attr-defined]
        if box is not None:
            self.textbox = True
            self.boxes.append(box)
            self.textbox_text += "".join(t.text or "" for t in box.iter(_W + "t"))


def _merge(runs: list[Run]) -> list[Run]:
    """Office suites split runs anywhere (spell-check marks, revision ids); join equal neighbours
    (collecting pieces and joining once, so a paragraph of thousands of runs stays linear)."""
    out: list[Run] = []
    pieces: list[list[str]] = []
    for r in runs:
        if out and _format(out[-1]) == _format(r):
            pieces[-1].append(r.text)
        else:
            out.append(r)
            pieces.append([r.text])
    return [replace(r, text="".join(texts)) for r, texts in zip(out, pieces)]


def _format(r: Run) -> tuple[object, ...]:
    return (r.bold, r.color, r.font, r.size_pt)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]

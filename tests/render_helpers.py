"""Builders of AssembledIssue objects for the render tests: the example workspace and
generated issues of a chosen length. Plain functions, no python-docx."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

from bulletin_cli.assemble import LoadedFragment, assemble
from bulletin_cli.model import AssembledIssue, Fragment, IssueInfo, Series

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "anhua"


def load_example(issue_dir: Path | None = None, *, root: Path = EXAMPLE, **overrides) -> AssembledIssue:
    """The example issue 005 read with plain yaml (independent of the loader)."""
    series_data = yaml.safe_load((root / "bulletin.yaml").read_text(encoding="utf-8"))
    series_data.update(overrides.pop("series", {}))
    series = Series.validate(series_data)
    issue_dir = issue_dir or root / "issues" / "005"
    info = IssueInfo.validate(yaml.safe_load((issue_dir / "issue.yaml").read_text(encoding="utf-8")))
    frags = [
        LoadedFragment(Fragment.validate(yaml.safe_load(p.read_text(encoding="utf-8"))), str(p), {})
        for p in sorted((issue_dir / "fragments").glob("*.yaml"))
    ]
    return assemble(series, info, frags, **overrides)


def example_fragments(root: Path = EXAMPLE) -> list[Fragment]:
    return [
        Fragment.validate(yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted((root / "issues" / "005" / "fragments").glob("*.yaml"))
    ]


def example_sentences(issue: AssembledIssue) -> list[str]:
    """Every sentence (ending in 。!?;) of every body paragraph, in print order."""
    out: list[str] = []
    for text in issue.all_paragraph_texts():
        buf = ""
        for ch in text:
            buf += ch
            if ch in "。!?;":
                out.append(buf)
                buf = ""
        if buf:
            out.append(buf)
    return out


def make_issue(
    *,
    paragraphs: list[tuple[str, str, str]] | None = None,
    title: str = "安化县打好“发展六仗”工作专报",
    mark: str | None = None,
    distribution: list[dict] | None = None,
    copies: int | None = None,
    responsible_editor: str | None = "政务公开股",
    note: str | None = None,
    draft: bool = False,
    layout: dict | None = None,
    number: int = 5,
    total: int | None = None,
) -> AssembledIssue:
    """An issue from (column, team, text) triples, in that order; texts split at blank lines."""
    paragraphs = paragraphs or []
    columns: list[str] = []
    teams: list[str] = []
    for col, team, _ in paragraphs:
        if col not in columns:
            columns.append(col)
        if team not in teams:
            teams.append(team)
    series = Series.validate(
        {
            "title": title,
            "editor": "安化县人民政府办公室",
            "sections": [{"name": c, "label": "{team}:" if i % 2 else ""} for i, c in enumerate(columns)]
            or ["会议精神"],
            "teams": teams,
            "distribution": distribution or [],
            "copies": copies,
            "responsible_editor": responsible_editor,
            "mark": mark,
            "layout": layout or {},
        }
    )
    info = IssueInfo.validate({"number": number, "date": dt.date(2023, 7, 21), "total": total, "note": note})
    frags: dict[str, dict[str, list]] = {}
    for col, team, text in paragraphs:
        frags.setdefault(team, {}).setdefault(col, []).append(text)
    loaded = [
        LoadedFragment(Fragment.validate({"team": t, "sections": s}), f"{i:02d}.yaml", {})
        for i, (t, s) in enumerate(frags.items())
    ]
    return assemble(series, info, loaded, draft=draft)


_WORDS = None


def _corpus() -> str:
    global _WORDS
    if _WORDS is None:
        _WORDS = "".join(
            t for f in example_fragments() for items in f.sections.values() for t in items if isinstance(t, str)
        )
    return _WORDS


def random_text(rng: random.Random, n_chars: int) -> str:
    """A slice of the example's own text (real punctuation, digits and quotes), ending in 。."""
    corpus = _corpus()
    start = rng.randrange(0, len(corpus) - n_chars - 1) if len(corpus) > n_chars + 1 else 0
    text = (corpus * (1 + n_chars // len(corpus)))[start : start + n_chars]
    text = text.lstrip(",。、;:?!”)》")
    return text.rstrip(",、;:“(《") + "。"


def generated_issue(seed: int, target_chars: int, **kw) -> AssembledIssue:
    """A plausible issue of about ``target_chars`` characters of body text."""
    rng = random.Random(seed)
    cols = ["会议精神", "专班动态", "情况反映", "典型经验"]
    teams = [f"打好第{n}仗工作专班" for n in "一二三四五六"]
    paras: list[tuple[str, str, str]] = []
    total = 0
    ci = 0
    while total < target_chars:
        col = cols[min(ci // 3, len(cols) - 1)]
        team = teams[ci % len(teams)]
        n = rng.randint(30, max(40, min(400, target_chars)))
        text = random_text(rng, n)
        if rng.random() < 0.3:
            text += "\n\n" + random_text(rng, rng.randint(20, 200))
        paras.append((col, team, text))
        total += len(text)
        ci += 1
    return make_issue(paragraphs=paras, **kw)

"""Typography checks for bulletin text: half-width punctuation, straight quotes, traditional
characters, converter pinyin, stray spaces, dates, enumerations.

Pure functions, no CLI: ``lint_text``/``fix_text`` for a string, ``lint_fragment_file``/
``fix_fragment_text`` for a YAML fragment (only the text values, positions in the file).
Each rule has a stable code in ``RULES``; a series turns codes off with ``lint.disabled``.
"""

from __future__ import annotations

from collections.abc import Collection

from .engine import Edit, Finding, Outcome, run
from .fragment import FragmentFix, fix_fragment, fix_fragment_text, lint_fragment_file
from .rules import FIXERS, REPORTERS, RULES, RuleInfo
from .report import diff_text, format_finding

__all__ = [
    "RULES",
    "Edit",
    "Finding",
    "FragmentFix",
    "RuleInfo",
    "check_text",
    "diff_text",
    "fix_fragment",
    "fix_fragment_text",
    "fix_text",
    "format_finding",
    "lint_fragment_file",
    "lint_options",
    "lint_text",
    "shared_results",
    "unknown_codes",
]

SCRIPTS = ("simplified", "traditional")


def _rules(script: str, disabled: Collection[str]):  # type: ignore[no-untyped-def]
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}, not {script!r}")
    off = {c.upper() for c in disabled}
    if script != "simplified":
        off.add("C301")  # a traditional series keeps its characters
        off.add("C303")  # … and does not use the GB2312 fonts
    return (
        [(c, r) for c, r in FIXERS if c not in off],
        [(c, r) for c, r in REPORTERS if c not in off],
    )


def check_text(text: str, *, script: str = "simplified", disabled: Collection[str] = ()) -> Outcome:
    """Findings, fixed text and the net edits (original coordinates) in one run."""
    fixers, reporters = _rules(script, disabled)
    memo = _shared
    if memo is None:
        return run(text, fixers, reporters)
    key = (text, tuple(c for c, _ in fixers), tuple(c for c, _ in reporters))
    outcome = memo.get(key)
    if outcome is None:
        outcome = memo[key] = run(text, fixers, reporters)
    return Outcome(outcome.text, list(outcome.findings), list(outcome.edits))


def lint_text(text: str, *, script: str = "simplified", disabled: Collection[str] = ()) -> list[Finding]:
    """Every finding in ``text``; offsets, lines and columns point into ``text``."""
    return check_text(text, script=script, disabled=disabled).findings


def fix_text(text: str, *, script: str = "simplified", disabled: Collection[str] = ()) -> str:
    """``text`` with every automatic fix applied. fix_text(fix_text(x)) == fix_text(x)."""
    return check_text(text, script=script, disabled=disabled).text


def unknown_codes(codes: Collection[str]) -> list[str]:
    """Codes in a series' ``lint.disabled`` that no rule has (typos)."""
    return [c for c in codes if c.upper() not in RULES]


def lint_options(series: object | None) -> dict[str, object]:
    """``script``/``disabled`` keyword arguments from a Series (or defaults without one)."""
    if series is None:
        return {"script": "simplified", "disabled": ()}
    lint = getattr(series, "lint", None)
    return {
        "script": getattr(series, "script", "simplified"),
        "disabled": tuple(getattr(lint, "disabled", ()) or ()),
    }


_shared: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Outcome] | None = None


class shared_results:
    """``with shared: …``: within the block, a text checked again with the same rules gets the
    outcome of its first check (findings depend on the text and the rules only). A command that
    lints the same text twice (preview: each fragment's values, then each printed paragraph,
    mostly the same strings) runs the rules once. The same object can be entered again (its
    results are kept for it); nothing outlives it."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Outcome] = {}
        self._outer: list[dict[tuple[str, tuple[str, ...], tuple[str, ...]], Outcome] | None] = []

    def __enter__(self) -> shared_results:
        global _shared
        self._outer.append(_shared)
        _shared = self._memo
        return self

    def __exit__(self, *exc: object) -> None:
        global _shared
        _shared = self._outer.pop()

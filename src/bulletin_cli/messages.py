"""User-facing text: Chinese first, English when the user's locale is not Chinese.

Clerks run Windows, where LANG is usually unset: no locale (or C/POSIX) means Chinese.
BULLETIN_LANG=en|zh overrides."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable


def is_chinese() -> bool:
    forced = os.environ.get("BULLETIN_LANG", "").lower()
    if forced:
        return forced.startswith("zh")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            base = value.split(".")[0].lower()
            if base in ("c", "posix"):
                return True
            return base.startswith("zh")
    return True


def tr(zh: str, en: str) -> str:
    """Pick the message for the user's language."""
    return zh if is_chinese() else en


def suggest(word: str, choices: Iterable[str]) -> str:
    """' 您是不是要写“X”？' for the closest choice, or ''."""
    choices = [c for c in choices if isinstance(c, str)]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    if not close and choices:
        # Chinese names: share most characters although order or length differ
        scored = sorted(choices, key=lambda c: -len(set(c) & set(word)) / max(len(set(c) | set(word)), 1))
        best = scored[0]
        if len(set(best) & set(word)) / max(len(set(best) | set(word)), 1) >= 0.5:
            close = [best]
    if not close:
        return ""
    return tr(f"您是不是要写“{close[0]}”？", f" Did you mean “{close[0]}”?")


def suggest_or_list(word: str, choices: Iterable[str]) -> str:
    """The closest choice, or when none is close all of them: a clerk who typed a name that is
    nowhere near learns which names there are."""
    choices = [c for c in choices if isinstance(c, str)]
    return suggest(word, choices) or (tr(f"可选：{'、'.join(choices)}。", f" Choices: {', '.join(choices)}.") if choices else "")

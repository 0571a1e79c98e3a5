"""Progress for long work, on the terminal only: a spinner for a wait of unknown length (PDF
conversion, taking in many files), a bar for many files one by one (lint). Nothing at all when
output goes to a file or a pipe, so logs and scripts read the same as before."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sized
from typing import Any, TypeVar

from .app import stderr

T = TypeVar("T")
MANY = 10  # fewer files than this are quick: no progress display


def spinner(message: str, *, when: bool = True) -> contextlib.AbstractContextManager[Any]:
    console = stderr()
    if not when or not console.is_terminal:
        return contextlib.nullcontext()
    return console.status(message)


def bar(items: Iterable[T], message: str, *, total: int | None = None) -> Iterator[T]:
    """``items`` with a progress bar on stderr when there are many and it is a terminal."""
    total = total if total is not None else (len(items) if isinstance(items, Sized) else None)
    console = stderr()
    if total is None or total < MANY or not console.is_terminal:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn(message), BarColumn(), MofNCompleteColumn(), console=console, transient=True) as progress:
        task = progress.add_task(message, total=total)
        for item in items:
            yield item
            progress.advance(task)

"""The progress bar `import` and `enrich` show while they fetch."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click


def progress_bar() -> Callable[[str, int, int], None] | None:
    """A bar on standard error per service fetched; None off a terminal (logs and pipes get none)."""
    if not sys.stderr.isatty():
        return None
    bars: dict[str, object] = {}

    def show(label: str, done: int, total: int) -> None:
        bar = bars.get(label)
        if bar is None:
            bar = bars[label] = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)  # type: ignore[attr-defined]
        if done >= total:
            bar.__exit__(None, None, None)  # type: ignore[attr-defined]

    return show

"""Trend figures: papers per month and digest, frequent tags, tags seen together.

Pure functions of the catalog. Everything is bounded whatever the number of
entries: a window of recent months, recent digests and the top tags, so the
Trends page stays the same size at 10 entries or 10,000.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import partial
from itertools import combinations

from generator.analyze.analysis import Analysis
from generator.model import Catalog
from generator.runtime.memo import digest, memoized

MONTHS_SHOWN = 24
DIGESTS_SHOWN = 30
TOP_TAGS = 10


@dataclass(frozen=True)
class Trends:
    months: tuple[str, ...]  # 'YYYY-MM', oldest first, every month of the window (gaps count as 0)
    papers_per_month: tuple[int, ...]
    digests: tuple[tuple[dt.date, int], ...]  # the most recent digests, oldest first: (date, papers)
    top_tags: tuple[str, ...]  # slugs, most frequent in the window first
    tag_totals: dict[str, int]  # slug -> papers in the window (top tags only)
    tag_by_month: dict[str, tuple[int, ...]]  # slug -> papers per month of the window
    together: tuple[tuple[int, ...], ...]  # top x top: papers carrying both tags (diagonal: the tag's total)
    window_papers: int  # papers in the window
    total_papers: int
    total_digests: int


def compute_trends(
    catalog: Catalog,
    analysis: Analysis,
    months_shown: int = MONTHS_SHOWN,
    digests_shown: int = DIGESTS_SHOWN,
    top: int = TOP_TAGS,
) -> Trends:
    if not catalog.entries:
        return Trends((), (), (), (), {}, {}, (), 0, 0, 0)
    months = month_window(catalog.entries[-1].date, catalog.entries[0].date, months_shown)
    position = {month: index for index, month in enumerate(months)}
    per_month = [0] * len(months)
    tag_counts: Counter[str] = Counter()
    window = []
    for entry in catalog.entries:  # newest first: stop at the window's start
        index = position.get(entry.date.strftime("%Y-%m"))
        if index is None:
            break
        per_month[index] += 1
        tag_counts.update(entry.tags)
        window.append(entry)
    top_tags = tuple(
        slug for slug, _ in sorted(tag_counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    )
    by_month = {slug: [0] * len(months) for slug in top_tags}
    pairs: Counter[tuple[str, str]] = Counter()
    for entry in window:
        shown = [slug for slug in entry.tags if slug in by_month]
        for slug in shown:
            by_month[slug][position[entry.date.strftime("%Y-%m")]] += 1
        pairs.update(combinations(sorted(shown), 2))
    together = tuple(
        tuple(tag_counts[a] if a == b else pairs[min(a, b), max(a, b)] for b in top_tags) for a in top_tags
    )
    recent = analysis.digests[:digests_shown]
    return Trends(
        months=months,
        papers_per_month=tuple(per_month),
        digests=tuple((digest.date, len(digest.entry_ids)) for digest in reversed(recent)),
        top_tags=top_tags,
        tag_totals={slug: tag_counts[slug] for slug in top_tags},
        tag_by_month={slug: tuple(counts) for slug, counts in by_month.items()},
        together=together,
        window_papers=len(window),
        total_papers=len(catalog.entries),
        total_digests=len(analysis.digests),
    )


def month_window(oldest: dt.date, newest: dt.date, limit: int) -> tuple[str, ...]:
    """Every month from `oldest` to `newest`, at most the last `limit` of them."""
    year, month = newest.year, newest.month
    months: list[str] = []
    while len(months) < limit and (year, month) >= (oldest.year, oldest.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(months))


def month_label(month: str, short: bool = False) -> str:
    date = dt.date.fromisoformat(month + "-01")
    return date.strftime("%b %Y" if short else "%B %Y")


def _dated_tags(entry) -> bytes:
    return digest(entry.date.isoformat(), *entry.tags)


def trends_of(catalog: Catalog, analysis: Analysis, **limits) -> Trends:
    """compute_trends, again only when some entry's date or tags changed (they are all it counts).
    Saved with the cache: 0.2 s to compute at 10,000 papers, 0.1 ms to unpickle."""
    dated_tags = b"".join(
        memoized("~dated_tags", entry.digest, partial(_dated_tags, entry)) for entry in catalog.entries
    )
    key = digest(dated_tags, repr(sorted(limits.items())))
    return memoized("trends", key, lambda: compute_trends(catalog, analysis, **limits))

"""Stage 3, analyze: pure functions from the catalog to the facts pages show."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from generator.analyze.authors import AuthorIndex, author_index
from generator.analyze.bibtex import bibtex, citation_keys
from generator.analyze.related import related_entries
from generator.model import Catalog, Entry
from generator.paths import entry_page, url_of
from generator.runtime import memo
from generator.runtime.memo import memoized_on


@dataclass(frozen=True)
class Digest:
    date: dt.date
    entry_ids: tuple[str, ...]  # in catalog order


@dataclass(frozen=True)
class Analysis:
    entries_by_id: dict[str, Entry]
    entries_by_tag: dict[str, tuple[str, ...]]  # every vocabulary tag, newest first
    backlinks: dict[str, tuple[str, ...]]  # id -> ids of entries that reference it
    digests: tuple[Digest, ...]  # newest first
    related: dict[str, tuple[str, ...]]  # id -> most similar ids, best first
    citations: dict[str, str]  # id -> BibTeX record, its key unique across the site
    authors: AuthorIndex = field(
        default=AuthorIndex((), {})
    )  # who gets a page (generator/analyze/authors.py)


def analyze(catalog: Catalog, related_count: int = 5) -> Analysis:
    return Analysis(
        entries_by_id={entry.id: entry for entry in catalog.entries},
        entries_by_tag=tag_index(catalog),
        backlinks=backlink_index(catalog.entries),
        digests=digest_index(catalog.entries),
        related=related_entries(catalog.entries, related_count),
        citations=citation_index(catalog),
        authors=authors_of(catalog),
    )


def authors_of(catalog: Catalog) -> AuthorIndex:
    """The author index, computed again only when an entry's id or authors changed (an edited
    abstract leaves it as it was: ~1 s at 10,000 entries, most of it merging 25,000 names)."""
    minimum = catalog.settings.author_min_papers
    key = memo.digest(minimum, repr([(entry.id, entry.authors) for entry in catalog.entries]))
    return memo.memoized("author_index", key, lambda: author_index(catalog.entries, minimum))


def citation_index(catalog: Catalog) -> dict[str, str]:
    keys = citation_keys(catalog.entries)
    site_url = catalog.settings.site_url

    def record(entry: Entry) -> str:
        # Saved with the cache: loading a record costs a small fraction of making it.
        return memoized_on(
            "bibtex",
            (entry.digest, keys[entry.id], site_url),
            lambda: bibtex(entry, site_url + url_of(entry_page(entry.id)), keys[entry.id]),
        )

    return {entry.id: record(entry) for entry in catalog.entries}


def tag_index(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    ids_by_tag: dict[str, list[str]] = {tag.slug: [] for tag in catalog.vocabulary.tags}
    for entry in catalog.entries:
        for tag in entry.tags:
            ids_by_tag[tag].append(entry.id)
    return {tag: tuple(ids) for tag, ids in ids_by_tag.items()}


def backlink_index(entries: tuple[Entry, ...]) -> dict[str, tuple[str, ...]]:
    referrers: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for target in entry.references:
            if target != entry.id:
                referrers[target].append(entry.id)
    return {target: tuple(ids) for target, ids in referrers.items()}


def digest_index(entries: tuple[Entry, ...]) -> tuple[Digest, ...]:
    ids_by_date: dict[dt.date, list[str]] = defaultdict(list)
    for entry in entries:
        ids_by_date[entry.date].append(entry.id)
    return tuple(Digest(date, tuple(ids_by_date[date])) for date in sorted(ids_by_date, reverse=True))


def digests_by_month(digests: tuple[Digest, ...]) -> dict[str, tuple[Digest, ...]]:
    """'YYYY-MM' -> that month's digests, newest month first."""
    months: dict[str, list[Digest]] = defaultdict(list)
    for digest in digests:
        months[digest.date.strftime("%Y-%m")].append(digest)
    return {month: tuple(months[month]) for month in sorted(months, reverse=True)}

"""The frozen data that flows between build stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from generator.identifiers import arxiv_id_of_url, arxiv_month
from generator.runtime.memo import digest as memo_digest


@dataclass(frozen=True)
class Link:
    kind: str  # one of fields.LINK_KINDS
    url: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    date: dt.date
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    links: tuple[Link, ...]
    related: tuple[str, ...]  # explicit references from front matter
    abstract: str  # Markdown, the body before "## Notes"
    notes: str  # Markdown, the body from "## Notes" on (may be empty)
    body_refs: tuple[str, ...]  # ids of entries linked from the body
    source: str  # path of the file, relative to the project root
    # A hash that changes whenever any field above does (validate sets it from the
    # file's bytes and the vocabulary): memo keys name an entry by it, cheaply.
    digest: bytes = field(default=b"", compare=False, repr=False)
    published: dt.date | None = None  # the paper's own date (its first version), when the entry gives it
    updated: dt.date | None = None  # the date of the paper's newest version, when `enrich` saw a newer one
    categories: tuple[str, ...] = ()  # arXiv categories, primary first

    def __post_init__(self) -> None:
        if not self.digest:  # an entry made in code (tests): a hash of its fields
            object.__setattr__(self, "digest", memo_digest(repr(self)))

    @cached_property
    def references(self) -> tuple[str, ...]:
        """Every entry this one points to, in order, without repeats."""
        return tuple(dict.fromkeys(self.related + self.body_refs))

    @cached_property
    def paper_date(self) -> str:
        """The paper's own date, as precise as known: `published`, else the month of its arXiv id
        (the entry's id or its arxiv link: YYYY-MM), else the digest date."""
        if self.published:
            return self.published.isoformat()
        month = arxiv_month(self.id) or arxiv_month(arxiv_id_of_url(self.link("arxiv") or "") or "")
        return f"{month[0]:04d}-{month[1]:02d}" if month else self.date.isoformat()

    @property
    def paper_year(self) -> int:
        return int(self.paper_date[:4])

    def link(self, kind: str) -> str | None:
        return next((link.url for link in self.links if link.kind == kind), None)


@dataclass(frozen=True)
class Tag:
    slug: str
    title: str
    description: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    tags: tuple[Tag, ...]
    # content/tags.yml could not be read (its own problem is reported): no tag can be called unknown.
    unreadable: bool = False
    broken: frozenset[str] = frozenset()  # slugs whose definition is reported as broken

    @cached_property
    def key(self) -> bytes:
        """A hash of every tag, for memo keys (computed once per vocabulary)."""
        return memo_digest(repr(self.tags))

    @cached_property
    def _by_slug(self) -> dict[str, Tag]:
        return {tag.slug: tag for tag in self.tags}

    @cached_property
    def _canonical(self) -> dict[str, str]:
        return {alias.lower(): tag.slug for tag in self.tags for alias in tag.aliases}

    # Both are asked for once per entry: made once per vocabulary, shared (read them, never change them).
    def by_slug(self) -> dict[str, Tag]:
        return self._by_slug

    def canonical(self) -> dict[str, str]:
        """Maps every alias (lower-cased) to its canonical tag slug."""
        return self._canonical


@dataclass(frozen=True)
class Settings:
    site_name: str
    site_url: str  # always ends with "/"
    page_size: int = 50
    feed_items: int = 50
    # An author gets a page and a feed from this many papers on (0: no author pages); README says why 5.
    author_min_papers: int = 5


@dataclass(frozen=True)
class Catalog:
    """Validated content: entries sorted newest first, then by id."""

    entries: tuple[Entry, ...]
    vocabulary: Vocabulary
    settings: Settings
    warnings: tuple = field(default=(), compare=False)


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder, "/"-separated
    content: bytes

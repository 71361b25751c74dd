"""One paper as a source describes it, before it becomes an entry file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.identifiers import ARXIV_CATEGORY


@dataclass(frozen=True)
class PaperRecord:
    title: str  # as the source gives it (TeX kept), whitespace collapsed
    abstract: str  # the authors' text, as given
    source: str  # where it came from, for messages: 'listing.txt:12', 'arXiv 2403.01234'
    arxiv_id: str | None = None  # with its version when the source names one (2403.01234v2)
    authors: tuple[str, ...] = ()
    published: dt.date | None = None  # the first version's date
    updated: dt.date | None = None  # the newest version's date, when the source says
    categories: tuple[str, ...] = ()  # arXiv categories, primary first
    links: dict[str, str] = field(default_factory=dict)  # 'code' / 'project' a source names
    listed: dt.date | None = None  # the digest day the source lists the paper for


def collapse(text: str) -> str:
    return " ".join(text.split())


def arxiv_categories(terms) -> tuple[str, ...]:
    """arXiv's categories among `terms`, in order, once each (ACM and MSC classes left out)."""
    return tuple(dict.fromkeys(term for term in terms if ARXIV_CATEGORY.match(term)))

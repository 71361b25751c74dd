"""Where each generated page lives, relative to the docs folder."""

from __future__ import annotations

import datetime as dt

HOME = "index.md"
TAGS_INDEX = "tags/index.md"
ARCHIVE_INDEX = "archive/index.md"
AUTHORS_INDEX = "authors/index.md"
TRENDS = "trends.md"
SITE_BIB = "papers.bib"


def entry_page(entry_id: str) -> str:
    return f"papers/{entry_id}.md"


def tag_page(slug: str, number: int | None = None) -> str:
    """A tag's page; with a number, its page of that number counted from the oldest (pagination.py)."""
    return f"tags/{slug}/index.md" if number is None else f"tags/{slug}/{number}.md"


def digest_page(date: dt.date, number: int = 1) -> str:
    return (
        f"digests/{date.isoformat()}/index.md" if number == 1 else f"digests/{date.isoformat()}/{number}.md"
    )


def month_page(month: str) -> str:
    return f"archive/{month}.md"


def url_of(page: str) -> str:
    """The site URL path of a page, as MkDocs makes it with use_directory_urls."""
    if page == HOME:
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def author_page(slug: str, number: int | None = None) -> str:
    """An author's page; with a number, their page of that number counted from the oldest."""
    return f"authors/{slug}/index.md" if number is None else f"authors/{slug}/{number}.md"


def author_feed(slug: str) -> str:
    return f"feeds/authors/{slug}.xml"


def authors_index(number: int = 1) -> str:
    return AUTHORS_INDEX if number == 1 else f"authors/page/{number}.md"


def tag_bib(slug: str) -> str:
    """A tag's BibTeX file, linked from its page."""
    return f"tags/{slug}.bib"

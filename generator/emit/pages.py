"""Entry pages: one Markdown page per paper."""
from __future__ import annotations

from ..analyze import Analysis
from ..memo import digest, memoized
from ..model import Catalog, Entry, OutputFile
from ..paths import digest_page, entry_page, tag_page
from ..text import fence
from .render import render_page

LINK_LABELS = {"arxiv": "arXiv", "pdf": "PDF", "code": "Code", "project": "Project page"}


def emit_entry_pages(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    tags = catalog.vocabulary.by_slug()
    entry_pages = {entry.id: entry_page(entry.id) for entry in catalog.entries}
    tag_pages = {slug: tag_page(slug) for slug in tags}
    return [
        OutputFile(entry_pages[entry.id], _render(entry, catalog, analysis, tags, entry_pages, tag_pages))
        for entry in catalog.entries
    ]


def _render(entry: Entry, catalog: Catalog, analysis: Analysis, tags, entry_pages, tag_pages) -> bytes:
    lookup = analysis.entries_by_id
    page = dict(
        entry=entry,
        tags=[tags[slug] for slug in entry.tags],
        references=[lookup[ref] for ref in entry.references if ref in lookup],
        backlinks=[lookup[ref] for ref in analysis.backlinks.get(entry.id, ())],
        related=[lookup[ref] for ref in analysis.related.get(entry.id, ())],
        bibtex=fence(analysis.citations[entry.id], "bibtex"),
    )
    # Everything the page shows is in `page` (paths derive from ids): same inputs, same bytes.
    return memoized("entry_page", digest(repr(sorted(page.items()))), lambda: render_page(
        "entry.md.j2", entry_pages[entry.id], digest=digest_page(entry.date), entry_pages=entry_pages,
        tag_pages=tag_pages, link_labels=LINK_LABELS, **page))

"""Entry pages: one Markdown page per paper."""

from __future__ import annotations

from generator.analyze.analysis import Analysis
from generator.emit.render import render_page
from generator.fields import LINK_LABELS
from generator.model import Catalog, Entry, OutputFile
from generator.paths import author_page, digest_page, entry_page, tag_page, url_of
from generator.runtime.memo import memoized_on
from generator.text.escape import fence

SHOWN_AUTHORS = 10  # the rest are behind "and N more"; citation_author lists them all


def emit_entry_pages(
    catalog: Catalog, analysis: Analysis, only: frozenset[str] | None = None
) -> list[OutputFile]:
    """Every entry's page (or only those of the entries with these ids)."""
    tags = catalog.vocabulary.by_slug()
    entry_pages = {entry.id: entry_page(entry.id) for entry in catalog.entries}
    tag_pages = {slug: tag_page(slug) for slug in tags}
    shared = dict(
        tags=tags, entry_pages=entry_pages, tag_pages=tag_pages, vocabulary_key=catalog.vocabulary.key
    )
    entries = catalog.entries if only is None else [entry for entry in catalog.entries if entry.id in only]
    return [OutputFile(entry_pages[entry.id], _render(entry, analysis, shared)) for entry in entries]


def _render(entry: Entry, analysis: Analysis, shared: dict) -> bytes:
    lookup = analysis.entries_by_id
    references = [lookup[ref] for ref in entry.references if ref in lookup]
    backlinks = [lookup[ref] for ref in analysis.backlinks.get(entry.id, ())]
    related = [lookup[ref] for ref in analysis.related.get(entry.id, ())]
    citation = analysis.citations[entry.id]
    # Each author, with the URL of their page (from papers/<id>/) where they have one.
    page_of = analysis.authors.page_of
    authors = tuple(
        (name, "../../" + url_of(author_page(page_of[name])) if name in page_of else None)
        for name in entry.authors
    )
    # The page shows these entries, its tags (from the vocabulary) and its citation; paths
    # derive from ids. Entries are named by their digests, which cover every field.
    parts = (
        entry.digest,
        tuple(other.digest for other in references),
        tuple(other.digest for other in backlinks),
        tuple(other.digest for other in related),
        shared["vocabulary_key"],
        citation,
        authors,
    )
    return memoized_on(
        "entry_page",
        parts,
        lambda: render_page(
            "entry.md.j2",
            shared["entry_pages"][entry.id],
            digest=digest_page(entry.date),
            entry_pages=shared["entry_pages"],
            tag_pages=shared["tag_pages"],
            link_labels=LINK_LABELS,
            entry=entry,
            authors=authors,
            shown_authors=SHOWN_AUTHORS,
            tags=[shared["tags"][slug] for slug in entry.tags],
            references=references,
            backlinks=backlinks,
            related=related,
            bibtex=fence(citation, "bibtex"),
        ),
    )

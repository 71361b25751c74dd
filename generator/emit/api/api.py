"""The static JSON API for tools: api/papers.json, api/papers/<id>.json, api/tags.json, api/authors.json,
api/schema.json.

Stable across builds: sorted keys, a fixed order of items, no timestamps.
Text is plain (never HTML-escaped): JSON is data, its readers escape it.
"""

from __future__ import annotations

import json
import re

from generator.analyze.analysis import Analysis
from generator.emit.api.schema import API_VERSION, SCHEMA
from generator.model import Catalog, Entry, OutputFile
from generator.paths import author_feed, author_page, entry_page, tag_bib, tag_page, url_of
from generator.runtime.memo import digest, keep, memoized, memoized_on
from generator.text.authortext import plain
from generator.text.escape import plain_text

PAPERS = "api/papers.json"
TAGS = "api/tags.json"
AUTHORS = "api/authors.json"
SCHEMA_FILE = "api/schema.json"
_NOTES_HEADING = re.compile(r"\A\s*##\s*Notes\s*\n")


def paper_file(entry_id: str) -> str:
    return f"api/papers/{entry_id}.json"


def emit_api(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    site_url = catalog.settings.site_url
    index = {"version": API_VERSION, "count": len(catalog.entries), "papers": []}
    # papers.json is made of its entries' lines, one per entry, made again only for an entry that
    # changed; the file itself is found by its entries' digests (which say all of them).
    line_keys = tuple(digest(entry.digest, site_url) for entry in catalog.entries)

    def lines() -> list[str]:
        return [_line(entry, key, site_url) for entry, key in zip(catalog.entries, line_keys, strict=True)]

    parts = (repr(index), site_url, *(entry.digest for entry in catalog.entries))
    papers = memoized_on("api_index", parts, lambda: _one_item_per_line(index, "papers", lines()))
    keep("api_line", line_keys)  # found or not, the lines stay in the cache for the next edit
    files = [
        OutputFile(PAPERS, papers),
        OutputFile(TAGS, _pretty(tags_index(catalog, analysis))),
        OutputFile(AUTHORS, authors_index(catalog, analysis)),
        OutputFile(SCHEMA_FILE, _pretty(SCHEMA)),
    ]
    files += [
        OutputFile(paper_file(entry.id), _paper_bytes(entry, site_url, analysis)) for entry in catalog.entries
    ]
    return files


def _line(entry: Entry, key: bytes, site_url: str) -> str:
    return memoized("api_line", key, lambda: _dumps(summary(entry, site_url)))


def _paper_bytes(entry: Entry, site_url: str, analysis: Analysis) -> bytes:
    """api/papers/<id>.json: the entry, what it references and is referenced by, its related papers and
    record."""
    known = analysis.entries_by_id
    references = [ref for ref in entry.references if ref in known and ref != entry.id]
    parts = (
        entry.digest,
        site_url,
        tuple(references),
        analysis.backlinks.get(entry.id, ()),
        analysis.related.get(entry.id, ()),
        analysis.citations[entry.id],
    )
    return memoized_on("api_paper", parts, lambda: _pretty(full(entry, summary(entry, site_url), analysis)))


def summary(entry: Entry, site_url: str) -> dict:
    return {
        "id": entry.id,
        "title": entry.title,
        "title_text": plain(entry.title),
        "published": entry.paper_date,
        "date": entry.date.isoformat(),
        "authors": list(entry.authors),
        "tags": list(entry.tags),
        "links": {link.kind: link.url for link in entry.links},
        "url": site_url + url_of(entry_page(entry.id)),
    }


def full(entry: Entry, compact: dict, analysis: Analysis) -> dict:
    known = analysis.entries_by_id
    return {
        **compact,
        "version": API_VERSION,
        "abstract": plain(entry.abstract),
        "abstract_source": entry.abstract,
        "notes": plain_text(_NOTES_HEADING.sub("", entry.notes)) if entry.notes else "",
        "references": [ref for ref in entry.references if ref in known and ref != entry.id],
        "backlinks": list(analysis.backlinks.get(entry.id, ())),
        "related": list(analysis.related.get(entry.id, ())),
        "bibtex": analysis.citations[entry.id],
        **({"updated": entry.updated.isoformat()} if entry.updated else {}),
        **({"categories": list(entry.categories)} if entry.categories else {}),
    }


def tags_index(catalog: Catalog, analysis: Analysis) -> dict:
    site_url = catalog.settings.site_url
    tags = [
        {
            "slug": tag.slug,
            "title": tag.title,
            "description": tag.description,
            "aliases": list(tag.aliases),
            "count": len(analysis.entries_by_tag[tag.slug]),
            "url": site_url + url_of(tag_page(tag.slug)),
            "bibtex": site_url + tag_bib(tag.slug),
        }
        for tag in sorted(catalog.vocabulary.tags, key=lambda tag: tag.slug)
    ]
    return {"version": API_VERSION, "tags": tags}


def authors_index(catalog: Catalog, analysis: Analysis) -> bytes:
    """Every author with a page (most papers first, then by name), one per line: what search
    results need to link a name as written to its page, and what a tool needs to follow one."""
    site_url = catalog.settings.site_url
    authors = analysis.authors.authors
    lines = [
        _dumps(
            {
                "name": author.name,
                "slug": author.slug,
                "spellings": list(author.variants),
                "papers": len(author.entry_ids),
                "url": site_url + url_of(author_page(author.slug)),
                "feed": site_url + author_feed(author.slug),
            }
        )
        for author in authors
    ]
    document = {"version": API_VERSION, "count": len(authors), "authors": []}
    return _one_item_per_line(document, "authors", lines)


def _dumps(value, indent: int | None = None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent, separators=separators)


def _pretty(document: dict) -> bytes:
    return (_dumps(document, indent=2) + "\n").encode("utf-8")


def _one_item_per_line(document: dict, list_key: str, items: list[str]) -> bytes:
    """Compact JSON with one list item (given as JSON) per line: small, and a new paper is a one-line diff."""
    head = _dumps({**document, list_key: []})
    marker = f'"{list_key}":[]'
    before, after = head.split(marker)
    lines = ",\n".join(items)
    body = f'"{list_key}":[\n{lines}\n]' if items else marker
    return (before + body + after + "\n").encode("utf-8")

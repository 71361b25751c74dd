"""The static JSON API for tools: api/papers.json, api/papers/<id>.json, api/tags.json, api/schema.json.

Stable across builds: sorted keys, a fixed order of items, no timestamps.
Text is plain (never HTML-escaped): JSON is data, its readers escape it.
"""
from __future__ import annotations

import json
import re

from ..analyze import Analysis
from ..model import Catalog, Entry, OutputFile
from ..paths import entry_page, tag_page, url_of
from ..text import plain_text
from .api_schema import API_VERSION, SCHEMA
from .bib import tag_bib

PAPERS = "api/papers.json"
TAGS = "api/tags.json"
SCHEMA_FILE = "api/schema.json"
_NOTES_HEADING = re.compile(r"\A\s*##\s*Notes\s*\n")


def paper_file(entry_id: str) -> str:
    return f"api/papers/{entry_id}.json"


def emit_api(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    site_url = catalog.settings.site_url
    summaries = [summary(entry, site_url) for entry in catalog.entries]
    index = {"version": API_VERSION, "count": len(summaries), "papers": summaries}
    files = [OutputFile(PAPERS, _one_item_per_line(index, "papers")),
             OutputFile(TAGS, _pretty(tags_index(catalog, analysis))),
             OutputFile(SCHEMA_FILE, _pretty(SCHEMA))]
    for entry, compact in zip(catalog.entries, summaries):
        files.append(OutputFile(paper_file(entry.id), _pretty(full(entry, compact, analysis))))
    return files


def summary(entry: Entry, site_url: str) -> dict:
    return {
        "id": entry.id,
        "title": entry.title,
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
        "abstract": plain_text(entry.abstract),
        "notes": plain_text(_NOTES_HEADING.sub("", entry.notes)) if entry.notes else "",
        "references": [ref for ref in entry.references if ref in known and ref != entry.id],
        "backlinks": list(analysis.backlinks.get(entry.id, ())),
        "related": list(analysis.related.get(entry.id, ())),
        "bibtex": analysis.citations[entry.id],
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


def _dumps(value, indent: int | None = None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent, separators=separators)


def _pretty(document: dict) -> bytes:
    return (_dumps(document, indent=2) + "\n").encode("utf-8")


def _one_item_per_line(document: dict, list_key: str) -> bytes:
    """Compact JSON with one list item per line: small, and a new paper is a one-line diff."""
    items = document[list_key]
    head = _dumps({**document, list_key: []})
    marker = f'"{list_key}":[]'
    before, after = head.split(marker)
    lines = ",\n".join(_dumps(item) for item in items)
    body = f'"{list_key}":[\n{lines}\n]' if items else marker
    return (before + body + after + "\n").encode("utf-8")

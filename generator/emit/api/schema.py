"""The JSON Schema of the static JSON API, published as api/schema.json.

One schema file; each document type is a definition under $defs:
papersIndex (api/papers.json), paper (api/papers/<id>.json), tagsIndex
(api/tags.json) and authorsIndex (api/authors.json). Bump API_VERSION when a
field changes meaning or goes away.
"""

from __future__ import annotations

from generator.fields import BY_NAME, LINK_KINDS

API_VERSION = 1

_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
_IDS = {"type": "array", "items": {"$ref": "#/$defs/id"}}

_COMPACT = {
    "id": {"$ref": "#/$defs/id"},
    "title": {"type": "string", "description": "The title as written, TeX included (not HTML-escaped)."},
    "title_text": {
        "type": "string",
        "description": "The title as readable plain text: math as Unicode (O(n²), F_q).",
    },
    "published": {
        "type": "string",
        "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
        "description": BY_NAME["published"].api,
    },
    "date": {
        "type": "string",
        "format": "date",
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "description": BY_NAME["date"].api,
    },
    "authors": {"type": "array", "items": {"type": "string"}, "description": BY_NAME["authors"].api},
    "tags": {"type": "array", "items": {"type": "string"}, "description": BY_NAME["tags"].api},
    "links": {
        "type": "object",
        "description": BY_NAME["links"].api,
        "properties": {kind: _URL for kind in LINK_KINDS},
        "additionalProperties": False,
    },
    "url": {**_URL, "description": "The paper's page on this site."},
}


def _counted_list(key: str, item: str, description: str) -> dict:
    """A document holding the API's version, a count and the list of `item`s under `key`."""
    return {
        "type": "object",
        "properties": {
            "version": {"const": API_VERSION},
            "count": {"type": "integer", "minimum": 0},
            key: {"type": "array", "items": {"$ref": f"#/$defs/{item}"}, "description": description},
        },
        "required": sorted(["count", key, "version"]),
        "additionalProperties": False,
    }


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Paper Digest JSON API",
    "description": "api/papers.json (papersIndex), api/papers/<id>.json (paper), "
    "api/tags.json (tagsIndex) and api/authors.json (authorsIndex).",
    "$defs": {
        "id": {"type": "string", "pattern": "^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])?$"},
        "paperSummary": {
            "type": "object",
            "properties": _COMPACT,
            "required": sorted(_COMPACT),
            "additionalProperties": False,
        },
        "paper": {
            "type": "object",
            "properties": {
                **_COMPACT,
                "version": {"const": API_VERSION},
                "abstract": {
                    "type": "string",
                    "description": "The abstract as plain text: math as Unicode, "
                    "TeX commands as what they mean.",
                },
                "abstract_source": {
                    "type": "string",
                    "description": "The abstract as the authors wrote it, TeX included.",
                },
                "notes": {
                    "type": "string",
                    "description": "The contributor's notes as plain text ('' when none).",
                },
                "references": {**_IDS, "description": "Ids of the papers this one references, in order."},
                "backlinks": {
                    **_IDS,
                    "description": "Ids of the papers that reference this one, newest first.",
                },
                "related": {**_IDS, "description": "Ids of the most similar papers, best first."},
                "bibtex": {
                    "type": "string",
                    "description": "A BibTeX record; its key is the one used in papers.bib.",
                },
                "updated": {  # optional: only papers with a newer version
                    "type": "string",
                    "format": "date",
                    "pattern": r"^\d{4}-\d{2}-\d{2}$",
                    "description": BY_NAME["updated"].api,
                },
                "categories": {  # optional: only papers whose categories are known
                    "type": "array",
                    "items": {"type": "string", "pattern": r"^[a-z]+(-[a-z]+)?(\.[A-Za-z]+(-[a-z]+)?)?$"},
                    "description": BY_NAME["categories"].api,
                },
            },
            "required": sorted(
                [
                    *_COMPACT,
                    "version",
                    "abstract",
                    "abstract_source",
                    "notes",
                    "references",
                    "backlinks",
                    "related",
                    "bibtex",
                ]
            ),
            "additionalProperties": False,
        },
        "papersIndex": _counted_list("papers", "paperSummary", "Every paper, newest first, then by id."),
        "tag": {
            "type": "object",
            "properties": {
                "slug": {"type": "string"},
                "title": {"type": "string"},
                "description": {"type": "string"},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "The number of papers with this tag.",
                },
                "url": {**_URL, "description": "The tag's page on this site."},
                "bibtex": {**_URL, "description": "The tag's papers as a .bib file."},
            },
            "required": ["aliases", "bibtex", "count", "description", "slug", "title", "url"],
            "additionalProperties": False,
        },
        "author": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "The name shown: the spelling most papers use."},
                "slug": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                "spellings": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Every spelling of the name in the papers' author lists, as written.",
                },
                "papers": {"type": "integer", "minimum": 1, "description": "The number of papers."},
                "url": {**_URL, "description": "The author's page on this site."},
                "feed": {**_URL, "description": "The author's RSS feed."},
            },
            "required": ["feed", "name", "papers", "slug", "spellings", "url"],
            "additionalProperties": False,
        },
        "authorsIndex": _counted_list(
            "authors",
            "author",
            "Every author with a page (extra.paperdigest.author_min_papers papers or more), "
            "most papers first, then by name.",
        ),
        "tagsIndex": {
            "type": "object",
            "properties": {
                "version": {"const": API_VERSION},
                "tags": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/tag"},
                    "description": "Every tag, by slug.",
                },
            },
            "required": ["tags", "version"],
            "additionalProperties": False,
        },
    },
}

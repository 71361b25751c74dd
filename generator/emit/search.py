"""The search index: lunr indexes built now, loaded by lunr.js in the reader's browser.

Everything lands under search/. Only search/manifest.json has a fixed name;
it names the rest, whose names carry a hash of their content so browsers may
cache them forever. Papers are numbered oldest first (their "ref"), so a new
digest appends to the last shard and chunk and leaves the others byte-identical.

- lunr.<hash>.js: lunr.js 2.3.9 as the installed MkDocs ships it;
- meta.<hash>.json: a small index over titles, authors, tags and ids, the list
  of papers (id, title, authors, tags, date) and the names of the files below;
  fetched when the search box gets focus;
- abstracts-<n>.<hash>.json: the abstract index, in shards of SHARD_SIZE
  papers, fetched after that (when the browser is idle or on the first query);
- text-<n>.<hash>.json: the abstracts' plain text in chunks of CHUNK_SIZE
  papers, fetched only for the results on screen, for their snippets.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..analyze import Analysis
from ..model import Catalog, Entry, OutputFile
from ..search_index import Field, build_index
from ..memo import digest, memoized
from ..text import plain_text

FOLDER = "search"
SHARD_SIZE = 500
CHUNK_SIZE = 20

# Boosts weigh a match in a title above one in an abstract.
META_FIELDS = [Field("title", 4), Field("authors", 2), Field("tags", 2), Field("id", 1)]
ABSTRACT_FIELDS = [Field("abstract", 1)]


def emit_search(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    entries = list(reversed(catalog.entries))  # oldest first: see the module docstring
    abstracts = [plain_text(entry.abstract) for entry in entries]
    files: list[OutputFile] = []
    shards = [
        _hashed(files, f"abstracts-{number}", _index_json(ABSTRACT_FIELDS, documents))
        for number, documents in enumerate(abstract_documents(abstracts))
    ]
    chunks = [
        _hashed(files, f"text-{number}", _json(abstracts[start:start + CHUNK_SIZE]))
        for number, start in enumerate(range(0, len(entries), CHUNK_SIZE))
    ]
    tag_titles = {tag.slug: tag.title for tag in catalog.vocabulary.tags}
    meta = {
        "index": json.loads(_index_json(META_FIELDS, meta_documents(entries, catalog))),
        "docs": [[entry.id, entry.title, list(entry.authors), list(entry.tags), entry.date.isoformat()] for entry in entries],
        "tags": tag_titles,
        "shards": shards,
        "texts": {"size": CHUNK_SIZE, "files": chunks},
    }
    manifest = {
        "version": 1,
        "lunr": _hashed(files, "lunr", lunr_js(), "js"),
        "meta": _hashed(files, "meta", _json(meta)),
    }
    files.append(OutputFile(f"{FOLDER}/manifest.json", _json(manifest)))
    return files


def meta_documents(entries: list[Entry], catalog: Catalog) -> list[dict]:
    """What the meta index holds of each paper (ref = position, oldest first)."""
    tags = catalog.vocabulary.by_slug()
    return [
        {
            "ref": ref,
            "title": entry.title,
            "authors": " ".join(entry.authors),
            # A tag is found by its slug, its title and its aliases ("tag:ptq").
            "tags": " ".join(" ".join((slug, tags[slug].title, *tags[slug].aliases)) for slug in entry.tags),
            "id": entry.id,
        }
        for ref, entry in enumerate(entries)
    ]


def abstract_documents(abstracts: list[str]) -> list[list[dict]]:
    """The abstract index's documents, shard by shard."""
    return [
        [{"ref": ref, "abstract": abstracts[ref]} for ref in range(start, min(start + SHARD_SIZE, len(abstracts)))]
        for start in range(0, len(abstracts), SHARD_SIZE)
    ]


def _index_json(fields, documents: list[dict]) -> bytes:
    """An index as JSON; shards of older papers rarely change, so most come from the memo."""
    key = digest(repr(fields), json.dumps(documents, sort_keys=True))
    return memoized("search_index", key, lambda: _json(build_index(fields, documents)))


def lunr_js() -> bytes:
    """lunr.js 2.3.9 from the installed MkDocs: a dependency we have, not a copy we keep."""
    import mkdocs

    return (Path(mkdocs.__file__).parent / "contrib/search/templates/search/lunr.js").read_bytes()


def _json(value) -> bytes:
    # ASCII-only JSON: any string, even a lone surrogate lunr.js might make, round-trips.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _hashed(files: list[OutputFile], stem: str, content: bytes, suffix: str = "json") -> str:
    path = f"{FOLDER}/{stem}.{hashlib.sha256(content).hexdigest()[:12]}.{suffix}"
    files.append(OutputFile(path, content))
    return path

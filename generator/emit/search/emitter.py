"""The search index: lunr indexes built now, loaded by lunr.js in the reader's browser.

Everything lands under search/. Only search/manifest.json has a fixed name;
it names the rest (the shards and chunks too, so that editing an abstract
leaves the meta file alone), whose names carry a hash of their content so
browsers may cache them forever. Papers are numbered oldest first (their "ref"), so a new
digest appends to the last shard and chunk and leaves the others byte-identical.

- lunr.<hash>.js: lunr.js 2.3.9 as the installed MkDocs ships it (version checked);
- meta.<hash>.json: a small index over titles, authors, tags and ids, the list
  of papers (id, title, authors, tags, date); fetched when the search box gets focus;
- abstracts-<n>.<hash>.json: the abstract index, in shards of SHARD_SIZE
  papers, fetched after that (when the browser is idle or on the first query);
- text-<n>.<hash>.json: the abstracts' plain text in chunks of CHUNK_SIZE
  papers, fetched only for the results on screen, for their snippets.
"""

from __future__ import annotations

import hashlib
import json

from generator.analyze.analysis import Analysis
from generator.deps.lunr import lunr_js as checked_lunr_js
from generator.emit.search.index import Field, build_index
from generator.model import Catalog, Entry, OutputFile
from generator.runtime.memo import memoized_on
from generator.text.authortext import plain

FOLDER = "search"
SHARD_SIZE = 500
CHUNK_SIZE = 20

# Boosts weigh a match in a title above one in an abstract.
META_FIELDS = [Field("title", 4), Field("authors", 2), Field("tags", 2), Field("id", 1)]
ABSTRACT_FIELDS = [Field("abstract", 1)]


def emit_search(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    entries = list(reversed(catalog.entries))  # oldest first: see the module docstring
    abstracts = [plain(entry.abstract) for entry in entries]
    files: list[OutputFile] = []
    shards = [_add(files, _shard(number, abstracts)) for number in range(0, _count(len(entries), SHARD_SIZE))]
    chunks = [_add(files, _chunk(number, abstracts)) for number in range(0, _count(len(entries), CHUNK_SIZE))]
    meta = _meta(entries, catalog)
    lunr = _hashed("lunr", lunr_js(), "js")
    files += [lunr, meta]
    manifest = {
        "version": 2,
        "lunr": lunr.path,
        "meta": meta.path,
        "shards": shards,
        "texts": {"size": CHUNK_SIZE, "files": chunks},
    }
    files.append(OutputFile(f"{FOLDER}/manifest.json", _json(manifest)))
    return files


# Each file is memoised on exactly what it is made of, so after an edit only the
# files that hold the edited text are rebuilt (in `paperdigest serve`, found again
# without hashing: the parts are strings this process already hashed).


def _shard(number: int, abstracts: list[str]) -> OutputFile:
    texts = tuple(abstracts[number * SHARD_SIZE : (number + 1) * SHARD_SIZE])
    return memoized_on(
        "search_shard",
        ("abstracts", SHARD_SIZE, number, *texts),
        lambda: _hashed(
            f"abstracts-{number}", _json(build_index(ABSTRACT_FIELDS, _shard_documents(number, abstracts)))
        ),
    )


def _chunk(number: int, abstracts: list[str]) -> OutputFile:
    texts = abstracts[number * CHUNK_SIZE : (number + 1) * CHUNK_SIZE]
    return memoized_on(
        "search_text", ("text", CHUNK_SIZE, number, *texts), lambda: _hashed(f"text-{number}", _json(texts))
    )


def _meta(entries: list[Entry], catalog: Catalog) -> OutputFile:
    """The meta file: its index and paper list change only when a title, author, tag, id or date does."""
    papers = tuple(
        (entry.id, plain(entry.title), entry.authors, entry.tags, entry.date.isoformat()) for entry in entries
    )
    vocabulary = tuple((tag.slug, tag.title, tuple(tag.aliases)) for tag in catalog.vocabulary.tags)

    def build() -> OutputFile:
        meta = {
            "index": build_index(META_FIELDS, meta_documents(entries, catalog)),
            "docs": [
                [id_, title, list(authors), list(tags), date] for id_, title, authors, tags, date in papers
            ],
            "tags": {slug: title for slug, title, _aliases in vocabulary},
        }
        return _hashed("meta", _json(meta))

    return memoized_on("search_meta", ("meta", *papers, *vocabulary), build)


def _count(total: int, size: int) -> int:
    return -(-total // size)


def _add(files: list[OutputFile], file: OutputFile) -> str:
    files.append(file)
    return file.path


def meta_documents(entries: list[Entry], catalog: Catalog) -> list[dict]:
    """What the meta index holds of each paper (ref = position, oldest first)."""
    tags = catalog.vocabulary.by_slug()
    return [
        {
            "ref": ref,
            "title": plain(entry.title),
            "authors": " ".join(entry.authors),
            # A tag is found by its slug, its title and its aliases ("tag:ptq").
            "tags": " ".join(" ".join((slug, tags[slug].title, *tags[slug].aliases)) for slug in entry.tags),
            "id": entry.id,
        }
        for ref, entry in enumerate(entries)
    ]


def abstract_documents(abstracts: list[str]) -> list[list[dict]]:
    """The abstract index's documents, shard by shard."""
    return [_shard_documents(number, abstracts) for number in range(_count(len(abstracts), SHARD_SIZE))]


def _shard_documents(number: int, abstracts: list[str]) -> list[dict]:
    start = number * SHARD_SIZE
    return [
        {"ref": ref, "abstract": abstracts[ref]}
        for ref in range(start, min(start + SHARD_SIZE, len(abstracts)))
    ]


def lunr_js() -> bytes:
    """lunr.js from the installed MkDocs, its version and bytes checked (generator/deps/lunr.py)."""
    return checked_lunr_js()


def _json(value) -> bytes:
    # ASCII-only JSON: any string, even a lone surrogate lunr.js might make, round-trips.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _hashed(stem: str, content: bytes, suffix: str = "json") -> OutputFile:
    return OutputFile(f"{FOLDER}/{stem}.{hashlib.sha256(content).hexdigest()[:12]}.{suffix}", content)

"""The search index: a lunr index built now, split into files the reader's browser fetches
only as a query needs them (generator/emit/search/split.py says how).

Everything lands under search/. Only search/manifest.json has a fixed name; it names the
rest by a hash of their content, so browsers may cache them forever, and a new digest
(papers are numbered oldest first, their "ref") rewrites only the files its papers are in.

- lunr.<hash>.js: lunr.js 2.3.9 as the installed MkDocs ships it (version checked);
- manifest.json: the document count, the fields, boosts and search pipeline, total field
  lengths, the tags' titles, and the hashes of the files below (of the b files for the chunk tables);
- b.<hash>.json: a chunk table (a segment's term chunks, or the typo keys): where each chunk
  starts and its file's hash. Out of the manifest, since they grow with the archive;
- t.<hash>.json: term-range chunks of the dictionary and postings, per segment of papers;
- k.<hash>.json: typo keys (terms one edit from a word, see split.typo_keys), term ranges too;
- f.<hash>.json: what facet counts need of a segment's papers (tag numbers, year runs); fetched
  after the first results are shown (their counts follow), or before when a query filters by them;
- d.<hash>.<n>.json: id, title, authors, tags and date of DOCS_SIZE papers, for results on screen;
- s.<hash>.json: the first screen of each one-letter word, its count and facet counts, with the
  same rows of its papers: a word's first letter typed alone is answered from it (first_screens.files_of);
- p.<hash>.json: the same of the two-letter words starting with one letter;
- x.<hash>.<n>.json: the abstracts' plain text of TEXTS_SIZE papers, for the snippets on screen
  (the hash is of the GROUP chunks around it: see `_by_ref`).

Two lunr indexes share the chunks, as lunr.js would build them: one over the title,
authors, tags and id fields, one over the abstracts (its own document frequencies, so a
word common in abstracts still weighs in a title). Field numbers in postings are places in
FIELDS; the manifest's "indexes" says which fields each index has.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
from typing import cast

from generator.analyze.analysis import Analysis
from generator.deps.lunr import PIPELINE
from generator.deps.lunr import lunr_js as checked_lunr_js
from generator.emit.search import first_screens, merge, split
from generator.emit.search.split import Field, Segment, build_segment, segments, typo_chunks, typo_keys
from generator.model import Catalog, Entry, OutputFile
from generator.runtime import memo
from generator.runtime.memo import memoized_on
from generator.text.authortext import plain

FOLDER = "search"
DOCS_SIZE = 4  # papers in a chunk of titles, authors, tags and dates
TEXTS_SIZE = 4  # papers in a chunk of abstracts
GROUP = 32  # chunks named by one hash

# Boosts weigh a match in a title above one in an abstract.
META_FIELDS = [Field("title", 4), Field("authors", 2), Field("tags", 2), Field("id", 1)]
ABSTRACT_FIELDS = [Field("abstract", 1)]
FIELDS = META_FIELDS + ABSTRACT_FIELDS
INDEXES = [list(range(len(META_FIELDS))), [len(META_FIELDS)]]


def emit_search(catalog: Catalog, analysis: Analysis | None) -> list[OutputFile]:
    """The search index's files. It reads only the catalog (a build runs it before the analysis)."""
    entries = list(reversed(catalog.entries))  # oldest first: see the module docstring
    return split_files(entries, catalog)


def split_files(
    entries: list[Entry], catalog: Catalog, block: int = split.BLOCK, chunk_bytes: int = split.CHUNK_BYTES
) -> list[OutputFile]:
    """Every search file for `entries` (oldest first); `block` and `chunk_bytes` as in split.py."""
    documents = [
        {**meta, "abstract": plain(entry.abstract)}
        for meta, entry in zip(meta_documents(entries, catalog), entries, strict=True)
    ]
    files: list[OutputFile] = []
    built = [
        _segment(documents[start:end], start, chunk_bytes) for start, end in segments(len(entries), block)
    ]
    terms = _terms(built)
    keys, key_firsts = _typo(terms, 3 * chunk_bytes)  # fetched only to widen a rare word
    # What the first screens are made of: the segments' chunks say all of it.
    made_of = memo.digest(
        "segments", 1, *(part for s in built for part in (s.start, s.end, *s.firsts, *s.chunks))
    )
    paper_tags, paper_years = _paper_facets(entries, catalog)
    facets = [_facets(paper_tags[s.start : s.end], paper_years[s.start : s.end]) for s in built]
    lunr = _hashed("lunr", lunr_js(), "js")
    files.append(lunr)
    manifest = {
        "version": 4,
        "lunr": lunr.path,
        "count": len(entries),
        "fields": [field.name for field in FIELDS],
        "boosts": [field.boost for field in FIELDS],
        "indexes": INDEXES,
        "pipeline": PIPELINE,
        "lengths": [sum(segment.lengths[f] for segment in built) for f in range(len(FIELDS))],
        "tags": [[tag.slug, tag.title] for tag in catalog.vocabulary.tags],
        "segments": [
            {
                "start": s.start,
                "end": s.end,
                "chunks": _bounds(files, list(s.firsts), _add(files, "t", s.chunks)),
                "facets": _add(files, "f", [facets[n]])[0],
            }
            for n, s in enumerate(built)
        ],
        "typo": _bounds(files, key_firsts, _add(files, "k", keys)),
        **first_screens.files_of(
            first_screens.by_term(
                built,
                terms,
                memo.digest("facets", 1, made_of, *facets),
                paper_tags,
                paper_years,
                FIELDS,
                INDEXES,
            ),
            lambda refs: [_row(entries[ref]) for ref in refs],
            lambda kind, content: _add(files, kind, [content])[0],
        ),
        "docs": _by_ref(files, "d", _grouped(entries, DOCS_SIZE, _docs), DOCS_SIZE),
        "texts": _by_ref(files, "x", _grouped(documents, TEXTS_SIZE, _texts), TEXTS_SIZE),
    }
    files.append(OutputFile(f"{FOLDER}/manifest.json", split.to_json(manifest)))
    return files


# Each file is memoised on exactly what it is made of, so after an edit only the files that
# hold the edited text are rebuilt (in `paperdigest serve`, found again without hashing).


def _segment(documents: list[dict], start: int, chunk_bytes: int) -> Segment:
    parts = tuple(text for document in documents for text in (document[f.name] for f in FIELDS))
    segment, paper_keys, part_keys = memoized_on(
        "search_segment",
        ("segment", 4, start, chunk_bytes, *parts),
        lambda: _build_segment(documents, start, chunk_bytes),
    )
    # A segment found keeps the memos it is made of in the cache: an edit to one of its papers
    # later makes that paper and its part again, not all of them.
    memo.keep("search_paper", paper_keys)
    memo.keep("search_part", part_keys)
    merge.keep(start, chunk_bytes)
    return segment


def _build_segment(
    documents: list[dict], start: int, chunk_bytes: int
) -> tuple[Segment, tuple[bytes, ...], tuple[bytes, ...]]:
    """build_segment, memoised per part (split.Part) and per paper (its term frequencies, looked up
    only for a part made again): a segment with one edited or new paper sends only that paper through
    lunr.py's Builder and re-encodes only its part, then joins the parts. With the keys of its
    papers' and parts' memos."""
    keys = [memo.digest("paper", 2, *(document[f.name] for f in FIELDS)) for document in documents]
    part_keys: list[bytes] = []

    def part_of(first: int, last: int) -> split.Part:
        ours = slice(first - start, last - start)
        part_keys.append(memo.digest("part", 1, first, last, *keys[ours]))
        return memo.memoized(
            "search_part",
            part_keys[-1],
            lambda: split.build_part(_frequencies(documents[ours], keys[ours]), first),
        )

    join = merge.memoised_join(start, chunk_bytes, part_keys, split.to_json)
    segment = build_segment(FIELDS, documents, start, chunk_bytes, part_of, join)
    return segment, tuple(keys), tuple(part_keys)


def _frequencies(documents: list[dict], keys: list[bytes]) -> list[split.Frequencies]:
    """split.paper_frequencies, memoised per paper on its fields' text (`keys`). Saved pickled: the
    cache file holds 10,000 of them at 10,000 papers, and a build makes few parts again, so only
    those parts' papers are unpickled (~0.7 s a build)."""
    saved = [memo.lookup("search_paper", key) for key in keys]
    found = [None if value is None else pickle.loads(cast(bytes, value)) for value in saved]
    missing = [n for n, value in enumerate(found) if value is None]
    if missing:
        computed = split.paper_frequencies(FIELDS, [documents[n] for n in missing])
        for n, value in zip(missing, computed, strict=True):
            memo.remember(("search_paper", keys[n]), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            found[n] = value
    return cast("list[split.Frequencies]", found)


def _terms(built: list[Segment]) -> tuple[str, ...]:
    return tuple(sorted(frozenset().union(*(segment.terms for segment in built))))


def _typo(ordered: tuple[str, ...], chunk_bytes: int) -> tuple[list[bytes], list[str]]:
    """Keyed on the terms themselves: an edit changes chunks (postings carry field lengths) far more
    often than it brings a new term."""
    return memoized_on(
        "search_typo",
        ("typo", 2, chunk_bytes, *ordered),
        lambda: typo_chunks(typo_keys(ordered), chunk_bytes),
    )


def _grouped(items: list, size: int, encode) -> list[bytes]:
    return [encode(items[start : start + size]) for start in range(0, len(items), size)]


def _docs(entries: list[Entry]) -> bytes:
    return split.to_json([_row(e) for e in entries])


def _row(e: Entry) -> list:
    return [e.id, plain(e.title), list(e.authors), list(e.tags), e.date.isoformat()]


def _texts(documents: list[dict]) -> bytes:
    return split.to_json([document["abstract"] for document in documents])


def _paper_facets(entries: list[Entry], catalog: Catalog) -> tuple[list[list[int]], list[str]]:
    """Every paper's tag numbers (places in the vocabulary: the manifest's "tags") and year."""
    number = {tag.slug: n for n, tag in enumerate(catalog.vocabulary.tags)}
    tags = [[number[slug] for slug in entry.tags] for entry in entries]
    return tags, [entry.date.isoformat()[:4] for entry in entries]


def _facets(tags: list[list[int]], years: list[str]) -> bytes:
    """What facet counts need of a segment's papers (`_paper_facets` of them): {"docTags": [[tag
    number, ...] per paper], "years": [[year, papers], ...] (runs, oldest first)}. One file per
    segment, so a new digest rewrites only the newest's."""
    runs: list[list] = []
    for year in years:
        if runs and runs[-1][0] == year:
            runs[-1][1] += 1
        else:
            runs.append([year, 1])
    return split.to_json({"docTags": tags, "years": runs})


def _bounds(files: list[OutputFile], firsts: list[str], names: list[str]) -> str:
    """A chunk table's boundaries and file names, {"firsts": [...], "files": [...]}, as a file of
    its own (search/b.<hash>.json, the hash it returns): it grows with the archive, and named by
    its content it is cached for good, where the manifest, which names it, is always revalidated."""
    return _add(files, "b", [split.to_json({"firsts": firsts, "files": names})])[0]


def _add(files: list[OutputFile], kind: str, contents) -> list[str]:
    """Add a file per content; their hashes (a file's name is search/<kind>.<hash>.json)."""
    names = []
    for content in contents:
        name = chunk_name(content)
        files.append(OutputFile(f"{FOLDER}/{kind}.{name}.json", content))
        names.append(name)
    return names


def _by_ref(files: list[OutputFile], kind: str, chunks: list[bytes], size: int) -> dict:
    """Chunks of `size` papers each, GROUP chunks to a name: chunk n is search/<kind>.<the hash
    of its group>.<n>.json. One hash per GROUP chunks keeps the manifest small; a new paper
    renames only the chunks of the last group, which a reader fetches only for results shown."""
    groups = []
    for first in range(0, len(chunks), GROUP):
        group = chunks[first : first + GROUP]
        name = chunk_name(b"".join(hashlib.sha256(chunk).digest() for chunk in group))
        groups.append(name)
        files += [OutputFile(f"{FOLDER}/{kind}.{name}.{n}.json", c) for n, c in enumerate(group, first)]
    return {"size": size, "group": GROUP, "groups": groups}


def meta_documents(entries: list[Entry], catalog: Catalog) -> list[dict]:
    """What the title, authors, tags and id fields hold of each paper (ref = position, oldest first)."""
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


def lunr_js() -> bytes:
    """lunr.js from the installed MkDocs, its version and bytes checked (generator/deps/lunr.py)."""
    return checked_lunr_js()


def chunk_name(content: bytes) -> str:
    """50 bits of sha256 in lower-case base32: short in the manifest, safe on any file system."""
    return base64.b32encode(hashlib.sha256(content).digest()[:10]).decode("ascii")[:10].lower()


def _hashed(stem: str, content: bytes, suffix: str) -> OutputFile:
    return OutputFile(f"{FOLDER}/{stem}.{hashlib.sha256(content).hexdigest()[:12]}.{suffix}", content)

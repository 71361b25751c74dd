"""The lunr index, split so that a query fetches only the postings of its own terms.

Terms are made by `index_terms` (lunr.js's own rules, see text.py). What ships is lunr's
inverted index cut three ways:

- into segments of papers (refs are positions, oldest first): `segments` cuts the archive
  into blocks of BLOCK papers, merged as a binary counter merges (8,000 + 2,000 + the newest
  few hundred), so a new digest rewrites only the newest segment (and, once in a while, merges
  two equal ones), and there are at most log2(papers / BLOCK) + 1 of them;
- each segment's terms, sorted as JavaScript sorts, into chunks of about CHUNK_BYTES, cut
  where a hash of the term says so (content-defined, so an inserted term moves no boundary
  but its own chunk's). A query fetches, per segment, the chunks its terms and prefixes
  fall in;
- no scores: a posting is (ref, field length, term frequency), and the browser weighs it
  with lunr.js's formula (lunr.Builder#createFieldVectors) from the archive's document
  count, its average field lengths and the term's document count (summed over segments),
  which the manifest and the postings give. Scores stored at build time would change in
  every file on every update (idf and average lengths move with each paper); these do not.

A posting list, per term: [[field number, ref delta, length, (-frequency when > 1), ...], ...]
with refs ascending from the segment's start.

The typo keys let a query find the terms one edit away from a word without the whole
dictionary (lunr.TokenSet.fromFuzzyString needs every candidate): see `typo_keys`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass

from generator.emit.search.text import index_terms, js_order

BLOCK = 1000  # papers: the smallest segment
CHUNK_BYTES = 24_000  # about this much JSON per chunk (8 KB gzip)
MIN_CHUNK_BYTES = 6_000


@dataclass(frozen=True)
class Field:
    name: str  # a document's text for this field is document[name]
    boost: int


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    chunks: tuple[bytes, ...]  # JSON files: {"terms": [...], "postings": [...]}
    first_terms: tuple[str, ...]  # the first term of each chunk but the first
    lengths: tuple[int, ...]  # total length of each field over the segment's papers


def segments(count: int) -> list[tuple[int, int]]:
    """[start, end) blocks: BLOCK times the binary digits of count // BLOCK, then the rest."""
    blocks, bounds, start = count // BLOCK, [], 0
    for bit in reversed(range(blocks.bit_length())):
        if blocks & (1 << bit):
            bounds.append((start, start + BLOCK * (1 << bit)))
            start += BLOCK * (1 << bit)
    if start < count:
        bounds.append((start, count))
    return bounds


def build_segment(fields: list[Field], documents: list[dict], start: int) -> Segment:
    """`documents` (refs start, start + 1, ...; a text per field) as term-range chunks."""
    by_field: dict[str, dict[int, list[int]]] = {}  # term -> field number -> encoded posting
    last_ref: dict[tuple[str, int], int] = {}
    lengths = [0] * len(fields)
    for ref, document in enumerate(documents, start):
        for number, field in enumerate(fields):
            terms = index_terms(document[field.name])
            lengths[number] += len(terms)
            for term, frequency in Counter(terms).items():
                encoded = by_field.setdefault(term, {}).setdefault(number, [number])
                encoded += (ref - last_ref.get((term, number), start), len(terms))
                if frequency > 1:
                    encoded.append(-frequency)
                last_ref[term, number] = ref
    postings = {term: [fields_[n] for n in sorted(fields_)] for term, fields_ in by_field.items()}
    ordered = sorted(postings, key=js_order)
    chunks, firsts = [], []
    for group in cut(ordered, lambda term: len(term) + 4 + 8 * sum(len(e) for e in postings[term])):
        if chunks:
            firsts.append(group[0])
        chunks.append(to_json({"terms": group, "postings": [postings[term] for term in group]}))
    return Segment(start, start + len(documents), tuple(chunks), tuple(firsts), tuple(lengths))


def cut(items: list[str], size) -> list[list[str]]:
    """Sorted `items` in runs of about CHUNK_BYTES, a run ending where an item's hash says so
    (and it is over MIN_CHUNK_BYTES) or where it would exceed 2 * CHUNK_BYTES."""
    groups: list[list[str]] = []
    current: list[str] = []
    total = 0
    for item in items:
        if current and (
            total >= 2 * CHUNK_BYTES or (total >= MIN_CHUNK_BYTES and _boundary(item, total))
        ):
            groups.append(current)
            current, total = [], 0
        current.append(item)
        total += size(item)
    if current:
        groups.append(current)
    return groups


def _boundary(item: str, total: int) -> bool:
    # One item in CHUNK_BYTES / MIN... starts a chunk: the odds rise with the chunk's size so runs
    # stay near CHUNK_BYTES, and depend only on the item and the run before it.
    digest = int.from_bytes(hashlib.blake2b(item.encode("utf-8", "surrogatepass"), digest_size=4).digest())
    return digest % 64 < max(1, 64 * total // (4 * CHUNK_BYTES))


# --- typo keys -------------------------------------------------------------------------



def typo_keys(terms: set[str]) -> list[tuple[str, str]]:
    """(key, term) pairs, sorted, from which every term one edit from a word can be found.

    A term t one edit (lunr's: insertion, deletion, substitution, transposition) from w
    first differs from w at some place p. Where p >= 2, t starts with w[:2]: key "=" + t
    finds it by prefix. Where p is 0 or 1, t with its letter p deleted is one of a few
    strings made from w: keys "0" + t[1:] and "1" + t[0] + t[2:] find it (pd-search-index.js
    lists which). The browser fetches the chunks of those keys, then lets lunr's own
    TokenSet.fromFuzzyString pick among the candidates, so the terms found are exactly lunr's.
    """
    keys = []
    for term in terms:
        if not term:
            continue
        units = _utf16(term)  # JavaScript slices UTF-16 units: so do the keys
        keys += (("=" + term, term), ("0" + units[1:], term), ("1" + units[:1] + units[2:], term))
    keys.sort(key=lambda pair: (js_order(pair[0]), js_order(pair[1])))
    return keys


def _utf16(text: str) -> str:
    """`text` spelled in UTF-16 units (a character above U+FFFF as its two surrogates)."""
    if text.isascii():
        return text
    units = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(units[i : i + 2], "little")) for i in range(0, len(units), 2))


def typo_chunks(keys: list[tuple[str, str]]) -> tuple[list[bytes], list[str]]:
    """The typo keys in chunks {"keys": [...], "terms": [...]} and the first key of each but the first."""
    by_key: dict[str, list[str]] = {}
    for key, term in keys:
        by_key.setdefault(key, []).append(term)
    ordered = list(by_key)  # already in JavaScript order
    chunks, firsts = [], []
    for group in cut(ordered, lambda key: len(key) + 6 + sum(len(t) + 3 for t in by_key[key])):
        if chunks:
            firsts.append(group[0])
        chunks.append(to_json({"keys": group, "terms": [by_key[key] for key in group]}))
    return chunks, firsts


def to_json(value) -> bytes:
    # ASCII-only JSON: any string, even a lone surrogate lunr.js might make, round-trips.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii")

"""The lunr index, split so that a query fetches only the postings of its own terms.

Terms are made by `index_terms` (lunr.js's own rules, see text.py) and collected by lunr.py's
Builder (generator/deps/lunr.py). What ships is lunr's inverted index cut two ways:

- into segments of papers (refs are positions, oldest first): `segments` cuts the archive
  into blocks of BLOCK papers, merged as a binary counter merges (8,000 + 2,000 + the newest
  few hundred), so a new digest rewrites only the newest segment (and, once in a while, merges
  two equal ones), and there are at most log2(papers / BLOCK) + 1 of them;
- each segment's terms, sorted as JavaScript sorts, into chunks of about CHUNK_BYTES, cut
  where a hash of the term says so (content-defined, so an inserted term moves no boundary
  but its own chunk's). A query fetches, per segment, the chunks its terms and prefixes
  fall in.

No scores: a posting is (ref, field length, term frequency), and the browser weighs it
with lunr.js's formula (lunr.Builder#createFieldVectors) from the archive's document
count, its total field lengths and the term's document count (summed over segments),
which the manifest and the postings give. Scores stored at build time would change in
every file on every update (idf and average lengths move with each paper); these do not.

A chunk is {"terms": [...], "postings": [...]}; a term's postings are one list per field
holding it: [field number, ref delta, length, (-frequency when > 1), ref delta, length, ...],
refs ascending from the segment's start.

The typo keys let a query find the terms one edit away from a word without the whole
dictionary (lunr.TokenSet.fromFuzzyString needs every candidate): see `typo_keys`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from generator.deps.lunr import TermIndex
from generator.emit.search import merge
from generator.emit.search.text import index_terms, js_order

BLOCK = 1000  # papers: the smallest segment
CHUNK_BYTES = 12_000  # about this much JSON per chunk (4 KB gzip)


@dataclass(frozen=True)
class Field:
    name: str  # a document's text for this field is document[name]
    boost: int


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    chunks: tuple[bytes, ...]  # JSON files: {"terms": [...], "postings": [...]}
    firsts: tuple[str, ...]  # where each chunk but the first starts (see `boundary`)
    lengths: tuple[int, ...]  # total length of each field over the segment's papers
    terms: frozenset[str]  # every term in the segment (for the typo keys)


def segments(count: int, block: int = BLOCK) -> list[tuple[int, int]]:
    """[start, end) blocks: `block` times the binary digits of count // block, then the rest."""
    blocks, bounds, start = count // block, [], 0
    for bit in reversed(range(blocks.bit_length())):
        if blocks & (1 << bit):
            bounds.append((start, start + block * (1 << bit)))
            start += block * (1 << bit)
    if start < count:
        bounds.append((start, count))
    return bounds


Frequencies = tuple[tuple[int, dict[str, int]], ...]  # per field: (its length in terms, {term: frequency})


def paper_frequencies(fields: list[Field], documents: list[dict]) -> list[Frequencies]:
    """Each document's field lengths and {term: frequency} per field, as lunr.py's Builder collects them.

    A paper's frequencies depend on its own text only, so the emitter memoises them per paper
    and a segment is rebuilt from them: after an edit only the edited papers go through lunr.py."""
    index = TermIndex([(field.name, field.boost) for field in fields], index_terms, [])
    for ref, document in enumerate(documents):
        index.add({**document, "ref": ref})
    return [
        tuple((sum(counts.values()), dict(counts)) for counts in per_field)
        for _ref, per_field in index.frequencies()
    ]


PART = BLOCK  # papers in a part: segments are built from parts, memoised, of refs [k PART, (k + 1) PART)


@dataclass(frozen=True)
class Part:
    """A run of papers' postings, encoded but for where the run starts, so that a segment's are
    the runs' joined (`build_segment`) and a segment with one edited or new paper re-encodes
    one part. `postings`: term -> field number -> (first ref, last ref, the encoded posting
    after the first ref delta, as JSON text: ",length[,-frequency],ref delta,length,...")."""

    postings: dict[str, dict[int, tuple[int, int, str]]]
    lengths: tuple[int, ...]


def build_part(frequencies: list[Frequencies], start: int) -> Part:
    """The part of the papers whose `frequencies` (paper_frequencies) are given, refs from `start`."""
    runs: dict[str, dict[int, list]] = {}  # term -> field number -> [first ref, last ref, pieces]
    lengths = [0] * (len(frequencies[0]) if frequencies else 0)
    for ref, per_field in enumerate(frequencies, start):
        for number, (length, counts) in enumerate(per_field):
            lengths[number] += length
            for term, frequency in counts.items():
                per_term = runs.get(term)
                if per_term is None:
                    per_term = runs[term] = {}
                run = per_term.get(number)
                if run is None:
                    per_term[number] = [
                        ref,
                        ref,
                        [str(length), str(-frequency)] if frequency > 1 else [str(length)],
                    ]
                    continue
                pieces = run[2]
                pieces += (str(ref - run[1]), str(length))
                if frequency > 1:
                    pieces.append(str(-frequency))
                run[1] = ref
    postings = {
        term: {
            number: (first, last, "," + ",".join(pieces))
            for number, (first, last, pieces) in per_term.items()
        }
        for term, per_term in runs.items()
    }
    return Part(postings, tuple(lengths))


def parts(start: int, end: int, part: int = PART) -> list[tuple[int, int]]:
    """The parts of segment [start, end): [k part, (k + 1) part) cut to it."""
    return [(first, min((first // part + 1) * part, end)) for first in _part_starts(start, end, part)]


def _part_starts(start: int, end: int, part: int) -> list[int]:
    starts, first = [], start
    while first < end:
        starts.append(first)
        first = (first // part + 1) * part
    return starts


def build_segment(
    fields: list[Field],
    documents: list[dict],
    start: int,
    chunk_bytes: int,
    part_of=None,
    join=None,
) -> Segment:
    """`documents` (refs start, start + 1, ...; a text per field) as term-range chunks;
    `part_of(first, last)`, when given, is the build_part of refs [first, last) (memoised);
    `join(parts, start)`, when given, joins them as merge.join does (merge.update)."""
    if part_of is None:
        frequencies = paper_frequencies(fields, documents)

        def part_of(first: int, last: int) -> Part:
            return build_part(frequencies[first - start : last - start], first)

    end = start + len(documents)
    built = [part_of(first, last) for first, last in parts(start, end)]
    lengths = [sum(part.lengths[number] for part in built) for number in range(len(fields))]
    # Each term's postings as JSON, the parts' runs joined: [[field, ref delta, length, ...], ...].
    joined = join(built, start) if join else merge.join(built, start, to_json)
    ordered, terms_json, lists_json = joined.ordered, joined.terms_json, joined.lists_json
    chunks: list[bytes] = []
    firsts: list[str] = []
    previous = ""
    for group in cut(ordered, lambda term: len(terms_json[term]) + len(lists_json[term]) + 2, chunk_bytes):
        if chunks:
            firsts.append(boundary(previous, group[0]))
        previous = group[-1]
        chunks.append(
            b'{"terms":['
            + b",".join(terms_json[term] for term in group)
            + b'],"postings":['
            + b",".join(lists_json[term] for term in group)
            + b"]}"
        )
    return Segment(start, end, tuple(chunks), tuple(firsts), tuple(lengths), frozenset(ordered))


def cut(items: Sequence[str], size, chunk_bytes: int = CHUNK_BYTES) -> list[list[str]]:
    """Sorted `items` in runs of about `chunk_bytes` (by `size`): past half that, a run ends
    before an item when the item's hash says so (one run in chunk_bytes / 2 bytes, so runs
    average chunk_bytes), or where the run would exceed twice that."""
    groups: list[list[str]] = []
    current: list[str] = []
    total = 0
    for item in items:
        bytes_ = size(item)
        if current and (
            total >= 2 * chunk_bytes or (total >= chunk_bytes // 2 and _boundary(item, bytes_, chunk_bytes))
        ):
            groups.append(current)
            current, total = [], 0
        current.append(item)
        total += bytes_
    if current:
        groups.append(current)
    return groups


def _boundary(item: str, size: int, chunk_bytes: int) -> bool:
    # Depends only on the item: an inserted or removed item moves no other boundary.
    digest = int.from_bytes(hashlib.blake2b(item.encode("utf-8", "surrogatepass"), digest_size=4).digest())
    return digest % (1 << 20) < (1 << 20) * size * 2 // chunk_bytes


def boundary(last: str, first: str) -> str:
    """The shortest prefix of `first` that sorts after `last` (JavaScript's order): a chunk
    boundary b with last < b <= first, so a term t is in the chunk after it when t >= b."""
    for end in range(1, len(first) + 1):
        if js_order(first[:end]) > js_order(last):
            return first[:end]
    return first


# --- typo keys -------------------------------------------------------------------------


def typo_keys(terms) -> list[tuple[str, str]]:
    """(key, term) pairs, sorted, from which every term one edit from a word can be found.

    A term t one edit (lunr's: insertion, deletion, substitution, transposition) from w
    first differs from w at some place p. Where p >= 2, t starts with w[:2]: key "=" + t
    finds it by prefix. Where p is 0 or 1, t with its letter p deleted is one of a few
    strings made from w: keys "0" + t[1:] and "1" + t[0] + t[2:] find it (pd-search-index.js
    lists which). The browser fetches the chunks of those keys, then lets lunr's own
    TokenSet.fromFuzzyString pick among the candidates, so the terms found are exactly lunr's.
    """
    keys: list[tuple[str, str]] = []
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


def typo_chunks(keys: list[tuple[str, str]], chunk_bytes: int) -> tuple[list[bytes], list[str]]:
    """The typo keys in chunks {"keys": [...], "terms": [...]} and the first key of each but the first.

    The "=" keys carry no terms (the key is "=" + its term): [] stands for it."""
    by_key: dict[str, list[str]] = {}
    for key, term in keys:
        by_key.setdefault(key, []).append(term)
    ordered = list(by_key)  # already in JavaScript order
    chunks: list[bytes] = []
    firsts: list[str] = []
    previous = ""
    for group in cut(ordered, lambda key: len(key) + 6 + sum(len(t) + 3 for t in by_key[key]), chunk_bytes):
        if chunks:
            firsts.append(boundary(previous, group[0]))
        previous = group[-1]
        terms = [[] if key[0] == "=" else by_key[key] for key in group]
        chunks.append(to_json({"keys": group, "terms": terms}))
    return chunks, firsts


# ASCII-only JSON: any string, even a lone surrogate lunr.js might make, round-trips.
# One encoder for every call (json.dumps with separators would make one per call).
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True)


def to_json(value) -> bytes:
    return _ENCODER.encode(value).encode("ascii")

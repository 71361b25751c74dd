"""Related papers by content similarity: TF-IDF cosine over title, tags and abstract.

Never quadratic: each entry keeps only its strongest TERMS_PER_ENTRY terms
and each term's posting list only the POSTINGS_PER_TERM entries where it
weighs most, so the candidates scored per entry are bounded whatever the
corpus size. Scoring is vectorised with numpy, in chunks of entries so that
memory stays bounded too (measured in BENCHMARKS.md).
"""
from __future__ import annotations

import re
import sys
from collections import Counter

import numpy as np

from .memo import digest, memoized
from .model import Entry

TERMS_PER_ENTRY = 16
POSTINGS_PER_TERM = 64
PAIRS_PER_CHUNK = 1_000_000  # bounds the memory of one scoring step (~60 MB)
SCORE_BITS = 41  # a cosine (at most 1) times 1e12 fits in 40 bits...
SCORE_LIMIT = 1 << SCORE_BITS
QUERY_LIMIT = 1 << (62 - SCORE_BITS)  # ...and an entry number in the rest of an int64
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from has have how in into is it its
    of on or our over such that the their them then there these this those through to under
    up via we what when which while with without within new use using used based both more
    most than show shows also where each other only well however paper propose proposed
    approach method methods results model models""".split()
)


def terms_key(entry: Entry) -> bytes:
    """A hash of what the entry's terms come from (not its notes or links), once per entry in this process."""
    return memoized("~terms_key", entry.digest, lambda: digest(entry.title, entry.abstract, entry.tags))


def terms(entry: Entry) -> tuple[tuple[str, ...], np.ndarray]:
    """(words, counts): the entry's distinct terms, sorted, and how often each occurs (weighted)."""
    return memoized("terms", terms_key(entry), lambda: _count_terms(entry))


def _count_terms(entry: Entry) -> tuple[tuple[str, ...], np.ndarray]:
    counts: Counter = Counter(_words(entry.abstract))
    for word in _words(entry.title):
        counts[word] += 3  # a title word says more about the paper than an abstract word
    for tag in entry.tags:
        counts["tag:" + tag] += 4
    words = tuple(sorted(counts))
    # Interned words are stored once however many entries use them (in memory and in the cache).
    return tuple(sys.intern(w) for w in words), np.array([counts[w] for w in words], dtype=np.float64)


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def related_entries(entries: tuple[Entry, ...], count: int = 5) -> dict[str, tuple[str, ...]]:
    """Each entry's `count` most similar entries; recomputed only when some entry's terms changed."""
    if not entries:
        return {}
    key = digest(b"".join(terms_key(entry) for entry in entries), "\0".join(entry.id for entry in entries), count)
    return memoized("related", key, lambda: _related_entries(entries, count))


def _related_entries(entries: tuple[Entry, ...], count: int) -> dict[str, tuple[str, ...]]:
    rows, columns, weights = weight_vectors(entries)
    postings = _postings(rows, columns, weights)
    # Ties go to the smaller id, whatever order the entries came in.
    id_rank = np.empty(len(entries), dtype=np.int64)
    by_rank = np.array(sorted(range(len(entries)), key=lambda i: entries[i].id), dtype=np.int64)
    id_rank[by_rank] = np.arange(len(entries))
    best: list[list[int]] = [[] for _ in entries]
    for start, stop in _chunks(len(entries)):
        for query, others in _score_chunk(rows, columns, weights, postings, start, stop, id_rank, by_rank, count).items():
            best[query] = others
    return {entry.id: tuple(entries[other].id for other in best[index]) for index, entry in enumerate(entries)}


def weight_vectors(entries: tuple[Entry, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each entry's strongest TERMS_PER_ENTRY terms with unit-length TF-IDF weights,
    as coordinate arrays (entry index, term index, weight) sorted by entry."""
    counted = [terms(entry) for entry in entries]
    words = [word for entry_words, _ in counted for word in entry_words]
    # Terms are numbered in order of first appearance (ties below go to the term seen first).
    term_index = {word: number for number, word in enumerate(dict.fromkeys(words))}
    columns = np.fromiter(map(term_index.__getitem__, words), np.int64, len(words))
    rows = np.repeat(np.arange(len(entries), dtype=np.int64), [len(entry_words) for entry_words, _ in counted])
    counts = np.concatenate([entry_counts for _, entry_counts in counted])
    document_frequency = np.bincount(columns, minlength=len(term_index))
    weights = (1 + np.log(counts)) * np.log((1 + len(entries)) / (1 + document_frequency[columns]))
    # Per entry, heaviest first (ties: the term seen first), keep the strongest.
    order = np.lexsort((columns, -weights, rows))
    rows, columns, weights = rows[order], columns[order], weights[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    keep = (rank < TERMS_PER_ENTRY) & (weights > 0)
    rows, columns, weights = rows[keep], columns[keep], weights[keep]
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(entries)))
    return rows, columns, weights / norms[rows]


def _postings(rows, columns, weights):
    """Per term, the entries where it weighs most: (start offsets, entries, weights), grouped by term."""
    order = np.lexsort((rows, -weights, columns))  # by term, heaviest first, then entry
    terms_sorted = columns[order]
    first_of_term = np.searchsorted(terms_sorted, terms_sorted, side="left")
    keep = order[(np.arange(len(order)) - first_of_term) < POSTINGS_PER_TERM]
    kept_terms = columns[keep]
    offsets = np.searchsorted(kept_terms, np.arange(kept_terms.max() + 2 if len(kept_terms) else 1), side="left")
    return offsets, rows[keep], weights[keep]


def _chunks(total: int):
    """Ranges of entries whose candidate pairs fit in PAIRS_PER_CHUNK."""
    start = 0
    while start < total:
        stop = min(total, start + max(1, PAIRS_PER_CHUNK // (TERMS_PER_ENTRY * POSTINGS_PER_TERM)))
        yield start, stop
        start = stop


def _score_chunk(rows, columns, weights, postings, start, stop, id_rank, by_rank, count):
    offsets, posting_rows, posting_weights = postings
    lo, hi = np.searchsorted(rows, [start, stop])
    query, term, weight = rows[lo:hi], columns[lo:hi], weights[lo:hi]
    lengths = offsets[term + 1] - offsets[term]
    # Expand every (query term) into its posting list without a Python loop.
    positions = np.repeat(offsets[term] - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    query = np.repeat(query, lengths)
    other = posting_rows[positions]
    score = np.repeat(weight, lengths) * posting_weights[positions]
    mask = other != query
    query, other, score = query[mask], other[mask], score[mask]
    size = len(id_rank)
    # Pairs name the other entry by its id rank, so sorted pairs are in tie-break order already.
    pairs, inverse = np.unique(query * size + id_rank[other], return_inverse=True)
    totals = np.bincount(inverse, weights=score)
    pair_query, pair_rank = pairs // size, pairs % size
    order = _best_first(pair_query, pair_rank, totals)
    ranked_query, ranked_other = pair_query[order], by_rank[pair_rank[order]]
    first = np.searchsorted(ranked_query, ranked_query, side="left")
    top = (np.arange(len(order)) - first) < count
    result: dict[int, list[int]] = {}
    for q, o in zip(ranked_query[top].tolist(), ranked_other[top].tolist()):
        result.setdefault(q, []).append(o)
    return result


def _best_first(pair_query, pair_rank, totals):
    """Order of pairs: by query, then score (to 12 decimals) high to low, then id rank.

    One stable sort of a packed key (query, inverted score) over pairs already in
    (query, id rank) order; np.round(x, 12) is rint(x * 1e12) / 1e12, so comparing
    the integers compares the rounded scores.
    """
    scaled = np.rint(totals * 1e12)
    if len(totals) and (scaled.max() >= SCORE_LIMIT or pair_query.max() >= QUERY_LIMIT):
        return np.lexsort((pair_rank, -np.round(totals, 12), pair_query))
    packed = (pair_query << SCORE_BITS) | (SCORE_LIMIT - 1 - scaled.astype(np.int64))
    return np.argsort(packed, kind="stable")

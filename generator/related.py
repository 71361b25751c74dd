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
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from has have how in into is it its
    of on or our over such that the their them then there these this those through to under
    up via we what when which while with without within new use using used based both more
    most than show shows also where each other only well however paper propose proposed
    approach method methods results model models""".split()
)


def terms(entry: Entry) -> tuple[tuple[str, ...], np.ndarray]:
    """(words, counts): the entry's distinct terms, sorted, and how often each occurs (weighted)."""
    return memoized("terms", digest(entry.title, entry.abstract, entry.tags), lambda: _count_terms(entry))


def _count_terms(entry: Entry) -> tuple[tuple[str, ...], np.ndarray]:
    counts: Counter = Counter()
    for word in _words(entry.title):
        counts[word] += 3  # a title word says more about the paper than an abstract word
    for word in _words(entry.abstract):
        counts[word] += 1
    for tag in entry.tags:
        counts["tag:" + tag] += 4
    words = tuple(sorted(counts))
    # Interned words are stored once however many entries use them (in memory and in the cache).
    return tuple(sys.intern(w) for w in words), np.array([counts[w] for w in words], dtype=np.float64)


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def related_entries(entries: tuple[Entry, ...], count: int = 5) -> dict[str, tuple[str, ...]]:
    if not entries:
        return {}
    rows, columns, weights = weight_vectors(entries)
    postings = _postings(rows, columns, weights)
    # Ties go to the smaller id, whatever order the entries came in.
    id_rank = np.empty(len(entries), dtype=np.int64)
    id_rank[sorted(range(len(entries)), key=lambda i: entries[i].id)] = np.arange(len(entries))
    best: list[list[int]] = [[] for _ in entries]
    for start, stop in _chunks(len(entries)):
        for query, others in _score_chunk(rows, columns, weights, postings, start, stop, id_rank, count).items():
            best[query] = others
    return {entry.id: tuple(entries[other].id for other in best[index]) for index, entry in enumerate(entries)}


def weight_vectors(entries: tuple[Entry, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each entry's strongest TERMS_PER_ENTRY terms with unit-length TF-IDF weights,
    as coordinate arrays (entry index, term index, weight) sorted by entry."""
    term_index: dict[str, int] = {}
    rows, columns, counts = [], [], []
    for row, entry in enumerate(entries):
        words, word_counts = terms(entry)
        columns.append(np.fromiter((term_index.setdefault(w, len(term_index)) for w in words), np.int64, len(words)))
        rows.append(np.full(len(words), row, dtype=np.int64))
        counts.append(word_counts)
    rows, columns, counts = np.concatenate(rows), np.concatenate(columns), np.concatenate(counts)
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


def _score_chunk(rows, columns, weights, postings, start, stop, id_rank, count):
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
    pair = query * len(id_rank) + other
    pairs, inverse = np.unique(pair, return_inverse=True)
    totals = np.bincount(inverse, weights=score)
    pair_query, pair_other = pairs // len(id_rank), pairs % len(id_rank)
    order = np.lexsort((id_rank[pair_other], -np.round(totals, 12), pair_query))
    ranked_query, ranked_other = pair_query[order], pair_other[order]
    first = np.searchsorted(ranked_query, ranked_query, side="left")
    top = (np.arange(len(order)) - first) < count
    result: dict[int, list[int]] = {}
    for q, o in zip(ranked_query[top].tolist(), ranked_other[top].tolist()):
        result.setdefault(q, []).append(o)
    return result

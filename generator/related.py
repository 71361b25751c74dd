"""Related papers by content similarity: TF-IDF cosine over title, tags and abstract.

Never quadratic: each entry keeps only its strongest TERMS_PER_ENTRY terms
and each term's posting list only the POSTINGS_PER_TERM entries where it
weighs most, so the candidates scored per entry are bounded whatever the
corpus size. Scoring is vectorised with numpy, in chunks of entries so that
memory stays bounded too (measured in BENCHMARKS.md).
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter

import numpy as np

from .memo import digest, memoized
from .model import Entry

TERMS_PER_ENTRY = 16
POSTINGS_PER_TERM = 64
PAIRS_PER_CHUNK = 4_000_000  # bounds the memory of one scoring step (~100 MB)
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from has have how in into is it its
    of on or our over such that the their them then there these this those through to under
    up via we what when which while with without within new use using used based both more
    most than show shows also where each other only well however paper propose proposed
    approach method methods results model models""".split()
)


def terms(entry: Entry) -> Counter:
    return memoized("terms", digest(entry.title, entry.abstract, entry.tags), lambda: _count_terms(entry))


def _count_terms(entry: Entry) -> Counter:
    counts: Counter = Counter()
    for word in _words(entry.title):
        counts[word] += 3  # a title word says more about the paper than an abstract word
    for word in _words(entry.abstract):
        counts[word] += 1
    for tag in entry.tags:
        counts["tag:" + tag] += 4
    return counts


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def weight_vectors(entries: tuple[Entry, ...]) -> list[dict[str, float]]:
    """Each entry's strongest terms with unit-length TF-IDF weights."""
    counts = [terms(entry) for entry in entries]
    document_frequency: Counter = Counter()
    for count in counts:
        document_frequency.update(count.keys())
    total = len(entries)
    vectors = []
    for count in counts:
        weights = {t: (1 + math.log(n)) * math.log((1 + total) / (1 + document_frequency[t])) for t, n in count.items()}
        strongest = heapq.nlargest(TERMS_PER_ENTRY, weights.items(), key=lambda item: (item[1], item[0]))
        norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
        vectors.append({t: w / norm for t, w in strongest if w > 0})
    return vectors


def related_entries(entries: tuple[Entry, ...], count: int = 5) -> dict[str, tuple[str, ...]]:
    if not entries:
        return {}
    rows, columns, weights = _sparse(weight_vectors(entries))
    postings = _postings(rows, columns, weights)
    # Ties go to the smaller id, whatever order the entries came in.
    id_rank = np.empty(len(entries), dtype=np.int64)
    id_rank[sorted(range(len(entries)), key=lambda i: entries[i].id)] = np.arange(len(entries))
    best: list[list[int]] = [[] for _ in entries]
    for start, stop in _chunks(rows, postings, len(entries)):
        for query, others in _score_chunk(rows, columns, weights, postings, start, stop, id_rank, count).items():
            best[query] = others
    return {entry.id: tuple(entries[other].id for other in best[index]) for index, entry in enumerate(entries)}


def _sparse(vectors: list[dict[str, float]]):
    """The vectors as coordinate arrays: entry index, term index, weight."""
    term_index: dict[str, int] = {}
    rows, columns, weights = [], [], []
    for row, vector in enumerate(vectors):
        for term in sorted(vector):
            rows.append(row)
            columns.append(term_index.setdefault(term, len(term_index)))
            weights.append(vector[term])
    return np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64), np.array(weights, dtype=np.float64)


def _postings(rows, columns, weights):
    """Per term, the entries where it weighs most: (start offsets, entries, weights), grouped by term."""
    order = np.lexsort((rows, -weights, columns))  # by term, heaviest first, then entry
    terms_sorted = columns[order]
    first_of_term = np.searchsorted(terms_sorted, terms_sorted, side="left")
    keep = order[(np.arange(len(order)) - first_of_term) < POSTINGS_PER_TERM]
    kept_terms = columns[keep]
    offsets = np.searchsorted(kept_terms, np.arange(kept_terms.max() + 2 if len(kept_terms) else 1), side="left")
    return offsets, rows[keep], weights[keep]


def _chunks(rows, postings, total: int):
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

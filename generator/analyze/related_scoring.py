"""Scoring related-paper candidates (related.py): posting lists, chunks of queries, ties broken by id."""

from __future__ import annotations

import numpy as np

SCORE_BITS = 41  # a cosine (at most 1) times 1e12 fits in 40 bits...


SCORE_LIMIT = 1 << SCORE_BITS


QUERY_LIMIT = 1 << (62 - SCORE_BITS)  # ...and an entry number in the rest of an int64
POSTINGS_PER_TERM = 64
PAIRS_PER_CHUNK = 1_000_000  # bounds the memory of one scoring step (~60 MB)


def score_chunk(query, term, weight, postings, id_rank, by_rank, depth):
    """Each query's best `depth` others: (query, slot, other, rint(score * 1e12)), and the queries with
    more."""
    offsets, posting_rows, posting_weights = postings
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
    order = best_first(pair_query, pair_rank, totals)
    ranked_query, ranked_other = pair_query[order], by_rank[pair_rank[order]]
    slot = np.arange(len(order)) - np.searchsorted(ranked_query, ranked_query, side="left")
    top = slot < depth
    scores = np.rint(totals[order[top]] * 1e12)
    return ranked_query[top], slot[top], ranked_other[top], scores, ranked_query[slot == depth]


def best_first(pair_query, pair_rank, totals):
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


def id_ranks(entries: tuple) -> tuple[np.ndarray, np.ndarray]:
    """(each entry's rank by id, the entries in id order): ties go to the smaller id,
    whatever order the entries came in."""
    by_rank = np.array(sorted(range(len(entries)), key=lambda i: entries[i].id), dtype=np.int64)
    id_rank = np.empty(len(entries), dtype=np.int64)
    id_rank[by_rank] = np.arange(len(entries))
    return id_rank, by_rank


def postings_of(rows, columns, weights):
    """Per term, the entries where it weighs most: (start offsets, entries, weights), grouped by term."""
    order = np.lexsort((rows, -weights, columns))  # by term, heaviest first, then entry
    terms_sorted = columns[order]
    first_of_term = np.searchsorted(terms_sorted, terms_sorted, side="left")
    keep = order[(np.arange(len(order)) - first_of_term) < POSTINGS_PER_TERM]
    kept_terms = columns[keep]
    offsets = np.searchsorted(
        kept_terms, np.arange(kept_terms.max() + 2 if len(kept_terms) else 1), side="left"
    )
    return offsets, rows[keep], weights[keep]


def chunks(queries: np.ndarray, terms_per_entry: int):
    """Ranges of entry numbers, each holding queries whose candidate pairs fit in PAIRS_PER_CHUNK."""
    step = max(1, PAIRS_PER_CHUNK // (terms_per_entry * POSTINGS_PER_TERM))
    for first in range(0, len(queries), step):
        yield int(queries[first]), int(queries[min(first + step, len(queries)) - 1]) + 1

"""What an edit can change in the related papers, so that only that is recomputed.

Entry q's list is a function of q's kept vector (its terms, their order, their weights),
the posting list of each term q keeps, and the id ranks. With the same ids in the same
order, q's list stands unless q's vector changed (V) or q keeps a term whose posting list
changed (T). For q outside V, only the pairs (q, o) with o an entry added to, dropped from
or reweighed in one of q's changed posting lists can change score: those are rescored and
merged into q's list, which is kept deeper than shown so that it rarely runs short.

Vectors and postings are compared by word and weight bit for bit, never by term number:
numbers follow the words' order and shift when a word appears or goes. A shift changes
an entry's vector only through a tie between equal weights (which term is kept, in which
order the norm and the scores add up), which is a change in its ordered (word, weight)
list, so that entry is in V.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from generator.analyze.related_state import Ranking, State

# Past this many pairs to rescore, rescoring whole lists costs no more (and memory stays bounded).
MERGE_PAIRS = 1_000_000


class Changes(NamedTuple):
    vectors: np.ndarray  # per entry: its ordered (term, weight) list differs (V)
    terms: np.ndarray  # per term number: its posting list differs (T)
    elements: np.ndarray  # term * entries + entry of each posting element added, dropped or reweighed, sorted
    touched: np.ndarray  # per entry: it keeps a term in T


def find_changes(previous: State, vectors, postings, postings_of) -> Changes:
    """Compare the previous state with the new vectors and postings (`postings_of` made them)."""
    number = {word: index for index, word in enumerate(vectors.words)}
    # Old compact numbers to new term numbers; -1: no entry has the word now (nor keeps it).
    renumber = np.array([number.get(word, -1) for word in previous.words], dtype=np.int64)
    old_rows, old_columns, old_weights = previous.vectors()
    old_columns = renumber[old_columns]
    size = len(previous.lengths)
    changed = _changed_vectors((old_rows, old_columns, old_weights), vectors[:3], size)
    # Only the posting lists of terms a changed vector keeps (before or after) can differ.
    suspect = np.zeros(len(vectors.words) + 1, dtype=bool)  # the last cell: words now gone
    suspect[old_columns[changed[old_rows]]] = suspect[vectors.columns[changed[vectors.rows]]] = True
    mine = suspect[old_columns] & (old_columns >= 0)
    old_postings = _elements(postings_of(old_rows[mine], old_columns[mine], old_weights[mine]))
    new_postings = _elements(postings)
    elements = _changed_elements(
        old_postings, [part[suspect[new_postings[0]]] for part in new_postings], size
    )
    terms = np.zeros(len(vectors.words), dtype=bool)
    terms[elements // size] = True
    touched = np.zeros(size, dtype=bool)
    touched[vectors.rows[terms[vectors.columns]]] = True
    return Changes(changed, terms, elements, touched)


def _changed_vectors(old, new, size: int) -> np.ndarray:
    """Per entry: does its ordered (term, weight) list differ?"""
    (old_rows, old_columns, old_weights), (rows, columns, weights) = old, new
    old_lengths, lengths = np.bincount(old_rows, minlength=size), np.bincount(rows, minlength=size)
    changed = old_lengths != lengths
    same = np.flatnonzero(~changed[rows])  # the elements of entries with as many terms as before
    slot = same - (np.cumsum(lengths) - lengths)[rows[same]]
    at = (np.cumsum(old_lengths) - old_lengths)[rows[same]] + slot
    differs = (old_columns[at] != columns[same]) | (old_weights[at] != weights[same])
    changed[rows[same[differs]]] = True
    return changed


def _padded(rows, columns, weights, size: int):
    """(entries x slots) matrices of term numbers (-2 where none) and weights (0 where none)."""
    slot = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    width = int(slot.max()) + 1 if len(slot) else 1
    terms = np.full((size, width), -2, dtype=np.int64)
    padded_weights = np.zeros((size, width))
    terms[rows, slot], padded_weights[rows, slot] = columns, weights
    return terms, padded_weights


def _elements(postings):
    """Posting elements as (term number, entry, weight)."""
    offsets, rows, weights = postings
    return np.repeat(np.arange(len(offsets) - 1), np.diff(offsets)), rows, weights


def _changed_elements(old, new, size: int) -> np.ndarray:
    """Keys (term * size + entry) of the elements in only one of the two, or with two weights."""
    # An (entry, term) pair is at most once in each, so an element is unchanged
    # exactly when its pair, with the same weight, sits next to it in the merged sort.
    keys = np.concatenate([old[0] * size + old[1], new[0] * size + new[1]])
    weights = np.concatenate([old[2], new[2]])
    order = np.lexsort((weights, keys))
    keys, weights = keys[order], weights[order]
    same = (keys[1:] == keys[:-1]) & (weights[1:] == weights[:-1])
    matched = np.zeros(len(keys), dtype=bool)
    matched[1:] |= same
    matched[:-1] |= same
    return _distinct(keys[~matched])


def merge(ranking: Ranking, changes: Changes, vectors, postings, id_rank: np.ndarray, count: int):
    """Rescore the pairs that can have changed and merge them into the lists of the entries
    touched but outside V, in place. Returns (the entries merged, those left to rescore)."""
    size = len(id_rank)
    queries = np.flatnonzero(changes.touched & ~changes.vectors)
    if not len(queries):
        return queries, queries
    pairs = _changed_pairs(queries, changes, vectors, size)
    if pairs is None:
        return queries[:0], queries
    pair_query, pair_other = pairs // size, pairs % size
    scores, candidate = _pair_scores(pair_query, pair_other, vectors, postings, size)
    query, other, score = _standing(ranking, queries, pairs, size)
    # A candidate the list does not hold ranks below all of it, and its score stands:
    # with `count` standing elements, it cannot reach the top `count`.
    enough = ranking.complete | (np.bincount(query, minlength=size) >= count)
    stands, fresh = enough[query], candidate & enough[pair_query]
    merged = queries[enough[queries]]
    _merge_into(
        ranking,
        merged,
        (query[stands], other[stands], score[stands]),
        (pair_query[fresh], pair_other[fresh], scores[fresh]),
        id_rank,
    )
    return merged, queries[~enough[queries]]


def _standing(ranking: Ranking, queries: np.ndarray, pairs: np.ndarray, size: int):
    """(query, other, score) of the listed elements of `queries` that were not rescored."""
    query = np.repeat(queries, ranking.depth)
    other = ranking.others[queries].ravel().astype(np.int64)
    stands = (other >= 0) & ~_find(query * size + other, pairs)[0]
    return query[stands], other[stands], ranking.scores[queries].ravel()[stands]


def _merge_into(ranking: Ranking, merged: np.ndarray, standing, fresh, id_rank: np.ndarray) -> None:
    """Rank the standing and the fresh elements together into the lists of `merged`."""
    query, other, score = (np.concatenate(pair) for pair in zip(standing, fresh, strict=True))
    known = np.arange(len(query)) < len(standing[0])
    order = _best_first(query, score, id_rank[other], len(id_rank))
    query, other, score, known = query[order], other[order], score[order], known[order]
    slot = np.arange(len(query)) - np.searchsorted(query, query, side="left")
    # Past the last standing element of an incomplete list, a candidate it does not hold
    # may outrank a fresh one: the list stops there.
    last_known = np.full(len(id_rank), -1)
    np.maximum.at(last_known, query[known], slot[known])
    keep = (slot < ranking.depth) & (ranking.complete[query] | (slot <= last_known[query]))
    listed = np.bincount(query, minlength=len(id_rank))[merged]
    still_complete = ranking.complete[merged] & (listed <= ranking.depth)
    ranking.clear(merged)
    ranking.fill(query[keep], slot[keep], other[keep], score[keep], merged[~still_complete])


def _changed_pairs(queries: np.ndarray, changes: Changes, vectors, size: int) -> np.ndarray | None:
    """Keys (query * size + other) of the pairs whose score may have changed, sorted (None: too many)."""
    element_terms, element_entries = changes.elements // size, changes.elements % size
    starts = np.searchsorted(element_terms, np.arange(len(changes.terms) + 1))
    selected = np.zeros(size, dtype=bool)
    selected[queries] = True
    keep = selected[vectors.rows] & changes.terms[vectors.columns]
    query, term = vectors.rows[keep], vectors.columns[keep]
    lengths = starts[term + 1] - starts[term]
    if lengths.sum() > MERGE_PAIRS:
        return None
    positions = np.repeat(starts[term] - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    query, other = np.repeat(query, lengths), element_entries[positions]
    return _distinct((query * size + other)[other != query])


def _pair_scores(query, other, vectors, postings, size: int):
    """(rint(score * 1e12), is a candidate) of each pair, added up exactly as the full scoring
    does: over the query's kept terms in order, from 0.0 (adding 0.0 changes no sum)."""
    terms, weights = _padded(vectors.rows, vectors.columns, vectors.weights, size)
    posting_terms, posting_rows, posting_weights = _elements(postings)
    # Only the others' elements: a small table to search (and one that stays in cache).
    wanted = np.zeros(size, dtype=bool)
    wanted[other] = True
    mine = wanted[posting_rows]
    keys = posting_terms[mine] * size + posting_rows[mine]
    order = np.argsort(keys)
    keys, posting_weights = keys[order], np.append(posting_weights[mine][order], 0.0)
    total = np.zeros(len(query))
    candidate = np.zeros(len(query), dtype=bool)
    for slot in range(terms.shape[1]):
        term = terms[query, slot]
        hit, found = _find(term * size + other, keys)
        hit &= term >= 0
        total = total + weights[query, slot] * np.where(hit, posting_weights[found], 0.0)
        candidate |= hit
    return np.rint(total * 1e12), candidate


def _best_first(query, score, rank, size: int) -> np.ndarray:
    """Order by query, then score high to low, then id rank: one integer sort when the key fits."""
    distinct, score_rank = np.unique(score, return_inverse=True)
    if size * size * (len(distinct) + 1) >= 1 << 62:
        return np.lexsort((rank, -score, query))
    return np.argsort((query * len(distinct) + (len(distinct) - 1 - score_rank)) * size + rank)


def _find(keys: np.ndarray, table: np.ndarray):
    """(which keys are in `table` (sorted), where: an index into the table plus one spare cell)."""
    where = np.searchsorted(table, keys)
    return np.append(table, -1)[where] == keys, where


def _distinct(keys: np.ndarray) -> np.ndarray:
    """np.unique(keys), sorted: one sort (numpy's hashing unique is many times slower here)."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys

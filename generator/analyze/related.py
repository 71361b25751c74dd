"""Related papers by content similarity: TF-IDF cosine over title, tags and abstract.

Never quadratic: each entry keeps only its strongest TERMS_PER_ENTRY terms
and each term's posting list only the POSTINGS_PER_TERM entries where it
weighs most, so the candidates scored per entry are bounded whatever the
corpus size. Scoring is vectorised with numpy, in chunks of entries so that
memory stays bounded too (measured in BENCHMARKS.md).

Incremental: the memo cache keeps the last computation's kept vectors and each
entry's best 2 x count others with their scores. After an edit, or papers added
(related_state.carried_over), only entries whose scores can have changed are merged
or rescored (related_incremental.py); the result is always the one a full computation
gives. The idf is the oldest days' (reference_entries), so a new day's papers change
few old vectors.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

import numpy as np

from generator.analyze.related_incremental import find_changes, merge
from generator.analyze.related_scoring import chunks, id_ranks, postings_of, score_chunk
from generator.analyze.related_state import Ranking, State, carried_over, snapshot
from generator.analyze.related_terms import by_word, column, numbered_terms, terms, terms_key
from generator.model import Entry
from generator.runtime.memo import digest, lookup, memoized, remember

TERMS_PER_ENTRY = 24
NAME_POWER = 2  # how hard a paper's name (a term more titles than abstracts have) is weighed down
TERM_SHARE = 0.4  # no term weighs more than this share of an entry's vector (one acronym cannot decide)
RARE_SHARE = 0.004  # idf stops growing for terms rarer than this share of entries
REFERENCE_BITS = 4  # the idf's entries: all but at most a sixteenth, the newest days (reference_size)
MIN_SCORE = 0.2  # an entry lists only others at least this similar (cosine): a wrong link is worse than none
COARSE_LIMIT = 1 << 40  # the top 40 bits of a weight, and an entry number in the other 23
DEPTH = 2  # each entry's list is kept DEPTH x count deep, so that most edits merge into it


class Vectors(NamedTuple):
    """Each entry's kept terms, entry after entry, heaviest first, and the words of the term numbers."""

    rows: np.ndarray  # entry number
    columns: np.ndarray  # term number: words[number] is the term
    weights: np.ndarray  # unit length per entry
    words: tuple[str, ...]  # every term of the corpus, in order: words[number] is the term


# What the last computation did (for tests and benchmarks): "full" or not, how many kept
# vectors and posting lists changed, how many entries it merged into and rescored.
last_update: dict[str, object] = {}


def related_entries(entries: tuple[Entry, ...], count: int = 5) -> dict[str, tuple[str, ...]]:
    """Each entry's `count` most similar entries, best first; computed again only when some
    entry's terms changed or papers were added, and then only for the entries that can change."""
    if not entries:
        return {}
    order = tuple(entry.id for entry in entries)
    ids = digest("\0".join(order))
    dates = "\0".join(entry.date.isoformat() for entry in entries)  # they choose the reference entries
    key = digest(b"".join(terms_key(entry) for entry in entries), ids, dates, count, MIN_SCORE)
    # The state the last computation left (looked up even when `key` is found, so that the
    # cache keeps it): one per `count`, replaced at every change, so one corpus' worth.
    where = ("related_state", digest(count, MIN_SCORE))
    previous = lookup(*where)
    if previous is not None and previous.order != order:
        previous = carried_over(previous, order)  # papers added: None if some were removed

    def update() -> dict[str, tuple[str, ...]]:
        state = _compute(entries, count, order, previous)
        remember(where, state)
        return state.related

    return memoized("related", key, update)


def _compute(entries: tuple[Entry, ...], count: int, order: tuple[str, ...], previous: State | None) -> State:
    """The new state: from the previous one when there is one, else from scratch."""
    vectors = weight_vectors(entries)
    postings = postings_of(vectors.rows, vectors.columns, vectors.weights)
    id_rank, by_rank = id_ranks(entries)
    if previous is None:
        ranking, merged, rescore = (
            Ranking.empty(len(entries), DEPTH * count),
            np.arange(0),
            np.arange(len(entries)),
        )
        related: dict[str, tuple[str, ...]] = {}
        last_update.update(full=True, changed_vectors=len(entries), changed_terms=len(vectors.words))
    else:
        changes = find_changes(previous, vectors, postings, postings_of)
        ranking = previous.ranking.copy()
        merged, rejected = merge(ranking, changes, vectors, postings, id_rank, count)
        added = np.array([n for n, entry in enumerate(entries) if entry.id not in previous.related], np.int64)
        rescore = np.union1d(np.union1d(np.flatnonzero(changes.vectors), rejected), added)
        related = dict(previous.related)  # every other entry's list stands
        last_update.update(
            full=False, changed_vectors=int(changes.vectors.sum()), changed_terms=int(changes.terms.sum())
        )
    last_update.update(merged=len(merged), rescored=len(rescore))
    _rank(vectors, postings, rescore, id_rank, by_rank, ranking)
    # The same cut-off on the same integer scores, whichever way the ranking was reached.
    minimum = np.rint(MIN_SCORE * 1e12)
    for query in np.union1d(merged, rescore).tolist():
        others, scores = ranking.others[query, :count].tolist(), ranking.scores[query, :count].tolist()
        related[entries[query].id] = tuple(
            entries[other].id
            for other, score in zip(others, scores, strict=True)
            if other >= 0 and score >= minimum
        )
    return snapshot(related, vectors, ranking, order)


def _rank(vectors: Vectors, postings, queries: np.ndarray, id_rank, by_rank, ranking: Ranking) -> None:
    """Score the entries in `queries` (ascending) from scratch, into `ranking`."""
    selected = np.zeros(len(id_rank), dtype=bool)
    selected[queries] = True
    keep = selected[vectors.rows]
    rows, columns, weights = vectors.rows[keep], vectors.columns[keep], vectors.weights[keep]
    ranking.clear(queries)
    for start, stop in chunks(queries, TERMS_PER_ENTRY):
        lo, hi = np.searchsorted(rows, [start, stop])
        chunk = rows[lo:hi], columns[lo:hi], weights[lo:hi]
        ranking.fill(*score_chunk(*chunk, postings, id_rank, by_rank, ranking.depth))


def weight_vectors(entries: tuple[Entry, ...]) -> Vectors:
    """Each entry's strongest TERMS_PER_ENTRY terms with unit-length TF-IDF weights."""
    counted = [terms(entry) for entry in entries]
    rows = np.repeat(
        np.arange(len(entries), dtype=np.int64), [len(entry_words) for entry_words, _, _ in counted]
    )
    columns, words = by_word(numbered_terms(entries, counted))
    reference, size = reference_entries(entries)
    weights = raw_weights(
        columns,
        column([c for _, c, _ in counted], np.float64),
        column([t for _, _, t in counted], bool),
        reference[rows],
        size,
        len(words),
    )
    rows, columns, weights = _strongest(rows, columns, weights, len(entries))
    return Vectors(rows, columns, _capped_unit(rows, weights, len(entries)), words)


def reference_size(size: int) -> int:
    """How many entries the idf is taken over: `size` rounded down to a sixteenth of its power of
    two (all of them below 32; 9,728 of 10,040), so that a day's papers seldom change it."""
    step = 1 << max(0, size.bit_length() - 1 - REFERENCE_BITS)
    return size - size % step


def reference_entries(entries: tuple[Entry, ...]) -> tuple[np.ndarray, int]:
    """(per entry: is it a reference entry, how many are): the oldest whole days that together hold
    at most reference_size() entries, and at least the oldest day. The idf is theirs, so that papers
    added to the newest day, or a new day, change no old paper's weights (and its list seldom)."""
    per_day = Counter(entry.date for entry in entries)
    days = sorted(per_day)
    most, last, total = reference_size(len(entries)), days[0], per_day[days[0]]
    for day in days[1:]:
        if total + per_day[day] > most:
            break
        last, total = day, total + per_day[day]
    return np.array([entry.date <= last for entry in entries], dtype=bool), total


def raw_weights(columns, counts, in_title, in_reference, size: int, vocabulary: int) -> np.ndarray:
    """Sublinear tf x idf x how much the term says beyond names: 0 for a term no other entry has.

    The idf counts the `size` reference entries only (`in_reference`, per element), and stops growing
    below RARE_SHARE of them: a word a handful of entries share by chance ("inspires") says no
    more than a rare topic word; so only a word common among the newest papers and not among the
    reference ones weighs otherwise than over all entries. A term that more entries have in the
    title than in the abstract alone is a paper's name ("PRISM", "PEARL"), shared by chance too:
    it weighs ((abstract only + 1) / title) ** NAME_POWER of its weight, counted over all entries
    for a rare word (a new paper sharing an old one's name is weighed down at once) and over the
    reference ones for a common word ("diffusion" is in more titles than not, and a new day's
    papers must not reweigh the thousand entries that have it).
    """
    document_frequency = np.bincount(columns, minlength=vocabulary)
    title_frequency = np.bincount(columns[in_title], minlength=vocabulary)
    df, tf = document_frequency[columns], title_frequency[columns]
    reference_df = np.bincount(columns[in_reference], minlength=vocabulary)[columns]
    reference_tf = np.bincount(columns[in_title & in_reference], minlength=vocabulary)[columns]
    common = reference_df >= RARE_SHARE * size
    names_df, names_tf = np.where(common, reference_df, df), np.where(common, reference_tf, tf)
    names = np.minimum(1.0, (1 + names_df - names_tf) / np.maximum(names_tf, 1)) ** NAME_POWER
    idf = np.log((1 + size) / (1 + np.maximum(reference_df, RARE_SHARE * size)))
    weights = (1 + np.log(counts)) * idf * names
    return np.where(df > 1, weights, 0.0)


def _capped_unit(rows, weights, size: int) -> np.ndarray:
    """Unit length per entry, no term above TERM_SHARE of it (before the last normalisation)."""
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=size))
    weights = np.minimum(weights, TERM_SHARE * norms[rows])
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=size))
    return weights / norms[rows]


def _strongest(rows, columns, weights, size):
    """Per entry (rows ascending), heaviest first (ties: the word first in order), the strongest terms."""
    # The exact three-key sort of every term is slow; one integer sort of (entry, top 40 bits
    # of the weight) finds each entry's cut-off first. Weights are >= 0 (df <= N), so their
    # bits grow with them, and a coarse cut-off only lets a few more terms through.
    if not len(rows):
        return rows, columns, weights
    key = (rows << 40) | (COARSE_LIMIT - 1 - (weights.view(np.int64) >> 23))
    lengths = np.bincount(rows, minlength=size)
    last = np.cumsum(lengths) - lengths + np.minimum(lengths, TERMS_PER_ENTRY) - 1
    cut = np.where(lengths > 0, np.sort(key)[np.maximum(last, 0)], -1)
    candidates = np.flatnonzero(key <= cut[rows])
    rows, columns, weights = rows[candidates], columns[candidates], weights[candidates]
    order = np.lexsort((columns, -weights, rows))
    rows, columns, weights = rows[order], columns[order], weights[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    keep = (rank < TERMS_PER_ENTRY) & (weights > 0)
    return rows[keep], columns[keep], weights[keep]

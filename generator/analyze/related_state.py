"""What the related papers' computation keeps between builds, and carrying it over to more papers.

The state is each entry's kept vector and its best others (related_incremental.py compares
the next build's vectors with it). Entries are numbered in the order they come in, so when
papers are added the state is renumbered first: an added entry starts with no terms and no
list, which the comparison sees as a changed vector, and so rescores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Ranking:
    """Each entry's best others so far, best first: an exact prefix of its full ranking."""

    others: np.ndarray  # (entries x depth) entry numbers; -1 past the end of what is known
    scores: np.ndarray  # rint(score * 1e12), what the order is decided on (then id rank)
    complete: np.ndarray  # per entry: the list holds every candidate it has

    @property
    def depth(self) -> int:
        return self.others.shape[1]

    @classmethod
    def empty(cls, size: int, depth: int) -> Ranking:
        return cls(
            np.full((size, depth), -1, dtype=np.int32), np.zeros((size, depth)), np.ones(size, dtype=bool)
        )

    def copy(self) -> Ranking:
        return Ranking(self.others.copy(), self.scores.copy(), self.complete.copy())

    def clear(self, queries: np.ndarray) -> None:
        self.others[queries], self.complete[queries] = -1, True

    def fill(self, query, slot, other, score, incomplete: np.ndarray) -> None:
        self.others[query, slot], self.scores[query, slot] = other, score
        self.complete[incomplete] = False


@dataclass(frozen=True)
class State:
    """What related_entries computed last, kept in the memo cache for the next build."""

    related: dict[str, tuple[str, ...]]  # the same dict as the "related" memo (stored once)
    words: tuple[str, ...]  # the terms some entry keeps: a compact numbering
    lengths: np.ndarray  # kept terms per entry
    columns: np.ndarray  # index into words, entry after entry, heaviest first
    weights: np.ndarray
    ranking: Ranking
    order: tuple[str, ...]  # the entries' ids, by entry number

    def vectors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, columns, weights) in the compact numbering."""
        rows = np.repeat(np.arange(len(self.lengths), dtype=np.int64), self.lengths)
        return rows, self.columns.astype(np.int64), self.weights


def snapshot(related: dict, vectors, ranking: Ranking, order: tuple[str, ...]) -> State:
    kept, columns = np.unique(vectors.columns, return_inverse=True)
    lengths = np.bincount(vectors.rows, minlength=len(related)).astype(np.int32)
    return State(
        related,
        tuple(vectors.words[term] for term in kept.tolist()),
        lengths,
        columns.astype(np.int32),
        vectors.weights,
        ranking,
        order,
    )


def carried_over(previous: State, order: tuple[str, ...]) -> State | None:
    """The previous state numbered as `order` (the entries' ids), when `order` holds every
    entry it had: papers were added, none removed (else None: a removed paper may stand in lists)."""
    position = {entry_id: number for number, entry_id in enumerate(order)}
    if len(position) < len(order) or any(entry_id not in position for entry_id in previous.order):
        return None
    number = np.array([position[entry_id] for entry_id in previous.order], dtype=np.int64)
    by_entry = np.argsort(np.repeat(number, previous.lengths), kind="stable")
    lengths = np.zeros(len(order), dtype=previous.lengths.dtype)
    lengths[number] = previous.lengths
    ranking = Ranking.empty(len(order), previous.ranking.depth)
    others = previous.ranking.others
    ranking.others[number] = np.where(others >= 0, number[others], -1)
    ranking.scores[number] = previous.ranking.scores
    ranking.complete[number] = previous.ranking.complete
    return State(
        previous.related,
        previous.words,
        lengths,
        previous.columns[by_entry],
        previous.weights[by_entry],
        ranking,
        order,
    )

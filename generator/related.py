"""Related papers by content similarity: TF-IDF cosine over title, tags and abstract.

Never quadratic: each entry keeps only its strongest terms, and each term's
posting list keeps only the entries where it weighs most, so the work per
entry is bounded by TERMS_PER_ENTRY x POSTINGS_PER_TERM whatever the corpus size.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict

from .model import Entry

TERMS_PER_ENTRY = 24
POSTINGS_PER_TERM = 200
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from has have how in into is it its
    of on or our over such that the their them then there these this those through to under
    up via we what when which while with without within can new use using used based both more
    most than show shows also which where each other only well however paper propose proposed
    approach method methods results model models""".split()
)


def terms(entry: Entry) -> Counter:
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
    vectors = weight_vectors(entries)
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((weight, index))
    for term, posting in postings.items():
        postings[term] = heapq.nlargest(POSTINGS_PER_TERM, posting, key=lambda p: (p[0], -p[1]))
    related = {}
    for index, vector in enumerate(vectors):
        scores: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for other_weight, other in postings[term]:
                if other != index:
                    scores[other] += weight * other_weight
        best = heapq.nsmallest(count, scores.items(), key=lambda item: (-round(item[1], 12), entries[item[0]].id))
        related[entries[index].id] = tuple(entries[other].id for other, _ in best)
    return related

"""The first screens of one-letter words (search/s.<hash>.json): for each term of one character,
every paper holding it ranked at build time as the browser ranks that term alone, read back from
the segments' term chunks. The browser answers a letter typed alone from them, before (or without)
fetching its term chunks: the first screen's papers, their scores, how many papers match and the
facet counts of those."""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass

from generator.emit.search.split import Segment
from generator.emit.search.text import js_order

K1, B = 1.2, 0.75  # lunr.Builder's defaults, as pd-search-index.js weighs postings
EXACT_BOOST = 10  # pd-search-core.js wordQuery: the exact term's clause


@dataclass(frozen=True)
class Ranked:
    """Every paper holding a term, best first, and each one's score as the browser computes it."""

    refs: tuple[int, ...]
    scores: tuple[float, ...]


def ranked_alone(
    built: list[Segment],
    term: str,
    boosts: list[int],
    indexes: list[list[int]],
    count: int,
    lengths: list[int],
) -> Ranked:
    """Every paper holding `term`, best first, as the browser ranks the query of that term alone
    (ties: the newest first). Scores are computed in the browser's order of operations, so they are
    equal to the bit: pd-search-index.js weighs a posting (lunr.js's formula, rounded to 3 places),
    pd-search-query.js scales it by the clause's boost and the query vector's magnitude and adds a
    paper's fields up in field order, and pd-search-core.js adds the two indexes up in order."""
    found = _postings(built, term)
    scores: dict[int, float] = {}
    for numbers in indexes:
        with_term = sum(len(found.get(number, [])) for number in numbers)  # lunr.idf: once per field
        if not with_term:
            continue
        idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        in_index: dict[int, float] = {}
        for number in numbers:
            average = lengths[number] / count
            for ref, length, tf in found.get(number, []):
                score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
                weight = math.floor(score * (boosts[number] or 1) * 1000 + 0.5) / 1000
                field_score = (EXACT_BOOST * weight) / math.sqrt(EXACT_BOOST * EXACT_BOOST)
                in_index[ref] = in_index[ref] + field_score if ref in in_index else field_score
        for ref, score in in_index.items():
            scores[ref] = scores.get(ref, 0.0) + score
    refs = sorted(scores, key=lambda ref: (-scores[ref], -ref))
    return Ranked(tuple(refs), tuple(scores[ref] for ref in refs))


def _postings(built: list[Segment], term: str) -> dict[int, list[tuple[int, int, int]]]:
    """field number -> [(ref, field length, frequency)] of `term`, refs ascending."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    for segment in built:
        number = bisect.bisect_right([js_order(first) for first in segment.firsts], js_order(term))
        chunk = json.loads(segment.chunks[number])
        if term not in chunk["terms"]:
            continue
        for encoded in chunk["postings"][chunk["terms"].index(term)]:
            ref, i = segment.start, 1
            while i < len(encoded):
                ref += encoded[i]
                frequency = -encoded[i + 2] if i + 2 < len(encoded) and encoded[i + 2] < 0 else 1
                found.setdefault(encoded[0], []).append((ref, encoded[i + 1], frequency))
                i += 3 if frequency > 1 else 2
    return found


def screen(ranked: Ranked, size: int, tags: list[list[int]], years: list[str]) -> dict:
    """What the s file says of one letter: the first `size` papers and their scores, how many papers
    match, and their facet counts: [[tag number, papers]] in vocabulary order and [[year, papers]]
    oldest first, each counted once at least (`tags` and `years`: every paper's, by ref)."""
    tag_counts: dict[int, int] = {}
    year_counts: dict[str, int] = {}
    for ref in ranked.refs:
        for tag in tags[ref]:
            tag_counts[tag] = tag_counts.get(tag, 0) + 1
        year_counts[years[ref]] = year_counts.get(years[ref], 0) + 1
    return {
        "refs": list(ranked.refs[:size]),
        "scores": list(ranked.scores[:size]),
        "total": len(ranked.refs),
        "tags": [[tag, tag_counts[tag]] for tag in sorted(tag_counts)],
        "years": [[year, year_counts[year]] for year in sorted(year_counts)],
    }

"""The first screens of one-letter words (search/s.<hash>.json): each paper holding a term, ranked at
build time as the browser ranks that term alone, read back from the segments' term chunks."""

from __future__ import annotations

import bisect
import json
import math

from generator.emit.search.split import Segment
from generator.emit.search.text import js_order

K1, B = 1.2, 0.75  # lunr.Builder's defaults, as pd-search-index.js weighs postings


def ranked_alone(
    built: list[Segment],
    term: str,
    boosts: list[int],
    indexes: list[list[int]],
    count: int,
    lengths: list[int],
) -> list[int]:
    """Every paper holding `term`, best first, as the browser ranks the query of that term alone
    (pd-search-index.js weighs it, lunr.js's formula; a paper's score is its weights added up over
    the fields; ties: the newest first). Read back from the segments' chunks."""
    found: dict[int, list[tuple[int, int, int]]] = {}  # field number -> [(ref, length, frequency)]
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
    scores: dict[int, float] = {}
    for numbers in indexes:
        with_term = sum(len(found.get(number, [])) for number in numbers)  # lunr.idf: once per field
        if not with_term:
            continue
        idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        for number in numbers:
            average = lengths[number] / count
            for ref, length, tf in found.get(number, []):
                score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
                scores[ref] = (
                    scores.get(ref, 0.0) + math.floor(score * (boosts[number] or 1) * 1000 + 0.5) / 1000
                )
    return sorted(scores, key=lambda ref: (-scores[ref], -ref))

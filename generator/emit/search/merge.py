"""A segment's parts (split.Part) joined into each term's postings as JSON, from scratch or again.

Joining the parts of an 8,000-paper segment takes most of the time a segment takes to build.
After an edit one part differs from the last build's, and only the terms whose postings in that
part changed get other postings: `update` joins those terms again and keeps every other term's JSON.
The result is always the one joining every part gives (tests/test_search_split.py).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.emit.search.text import js_order
from generator.runtime import memo


@dataclass(frozen=True)
class Joined:
    """A segment's terms in JavaScript's order, each term's JSON, and each term's postings' JSON."""

    ordered: tuple[str, ...]
    terms_json: dict[str, bytes]
    lists_json: dict[str, bytes]


@dataclass(frozen=True)
class State:
    """What `update` starts from: the parts' memo keys (split's `part_of`) and what they joined into."""

    part_keys: tuple[bytes, ...]
    joined: Joined


def join(built: list, start: int, to_json: Callable[[str], bytes]) -> Joined:
    """Every term's postings over the parts `built` (refs from `start`): [[field, ref delta, ...], ...]."""
    ordered = sorted({term for part in built for term in part.postings}, key=js_order)
    lists_json = {term: _encoded(_per_field(term, built, start)) for term in ordered}
    return Joined(tuple(ordered), {term: to_json(term) for term in ordered}, lists_json)


def _encoded(per_field: dict[int, list[str]]) -> bytes:
    return ("[" + ",".join("".join(per_field[n]) + "]" for n in sorted(per_field)) + "]").encode("ascii")


def _per_field(term: str, built: list, start: int) -> dict[int, list[str]]:
    """One term's postings, field by field, as JSON pieces (empty when no part holds the term)."""
    per_field: dict[int, list[str]] = {}
    last_ref: dict[int, int] = {}
    for part in built:
        for number, (first, last, rest) in part.postings.get(term, {}).items():
            pieces = per_field.get(number)
            if pieces is None:
                per_field[number] = [f"[{number},{first - start}", rest]
            else:
                pieces += (f",{first - last_ref[number]}", rest)
            last_ref[number] = last
    return per_field


def update(
    previous: State | None,
    built: list,
    start: int,
    part_keys: tuple[bytes, ...],
    old_part: Callable[[bytes], Any],
    to_json: Callable[[str], bytes],
) -> State:
    """The parts `built` (memo keys `part_keys`) joined: from `previous` where at most half the parts
    changed and `old_part(key)` finds each changed part as it was, else from scratch."""
    if previous is None or len(previous.part_keys) != len(part_keys):
        return State(part_keys, join(built, start, to_json))
    changed = [
        n for n, (old, new) in enumerate(zip(previous.part_keys, part_keys, strict=True)) if old != new
    ]
    olds = [old_part(previous.part_keys[n]) for n in changed]
    if 2 * len(changed) > len(part_keys) or None in olds:
        return State(part_keys, join(built, start, to_json))
    terms: set[str] = set()  # those whose postings in a changed part changed: the edited papers' terms
    for old, n in zip(olds, changed, strict=True):
        before, now = old.postings, built[n].postings
        terms.update(term for term in before.keys() | now.keys() if before.get(term) != now.get(term))
    joined = previous.joined
    ordered, terms_json, lists_json = list(joined.ordered), dict(joined.terms_json), dict(joined.lists_json)
    gone, new = set(), []
    for term in terms:
        per_field = _per_field(term, built, start)
        if not per_field:
            gone.add(term)
            terms_json.pop(term, None)
            lists_json.pop(term, None)
            continue
        if term not in lists_json:
            new.append(term)
            terms_json[term] = to_json(term)
        lists_json[term] = _encoded(per_field)
    if gone:
        ordered = [term for term in ordered if term not in gone]
    for term in new:
        bisect.insort(ordered, term, key=js_order)
    return State(part_keys, Joined(tuple(ordered), terms_json, lists_json))


def memoised_join(start: int, chunk_bytes: int, part_keys: list[bytes], to_json: Callable[[str], bytes]):
    """split.build_segment's `join` for the segment starting at `start`: `update` from the state the
    last build of such a segment saved (one per start, replaced), once `part_keys` holds its parts' keys."""
    key = _key(start, chunk_bytes)

    def join(built: list, first: int) -> Joined:
        old_part = functools.partial(memo.lookup, "search_part")
        state = update(memo.lookup(TABLE, key), built, first, tuple(part_keys), old_part, to_json)
        memo.remember((TABLE, key), state)
        return state.joined

    return join


def keep(start: int, chunk_bytes: int) -> None:
    """A segment found: the cache keeps its state for when an edit rebuilds it."""
    memo.keep(TABLE, (_key(start, chunk_bytes),))


TABLE = "search_joined"  # saved with the search index's memos (build.SEARCH_TABLES)


def _key(start: int, chunk_bytes: int) -> bytes:
    return memo.digest("joined", 1, start, chunk_bytes)

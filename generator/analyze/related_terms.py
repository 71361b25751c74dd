"""The terms related papers are scored on: each entry's words, counted, and numbered.

Numbers are process-wide (a dict of every word seen) and saved with the memo cache together
with the words they number (`numbered_terms`), so that a build does not number a million words
again: 0.6 s of each build at 10,000 entries.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter

import numpy as np

from generator.model import Entry
from generator.runtime.memo import digest, lookup, memoized, remember
from generator.text.authortext import plain

TITLE_COUNT = 2  # a title word counts as one more occurrence (names are weighed down apart)
TAG_COUNT = 2
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from has have how in into is it its
    of on or our over such that the their them then there these this those through to under
    up via we what when which while with without within new use using used based both more
    most than show shows also where each other only well however paper propose proposed
    approach method methods results model models if no not so us he she me my vs al et""".split()
)


def terms_key(entry: Entry) -> bytes:
    """A hash of what the entry's terms come from (not its notes or links): saved, as hashing every
    abstract again cost each build ~0.3 s at 10,000 entries."""
    return memoized("terms_key", entry.digest, lambda: digest(entry.title, entry.abstract, entry.tags))


def terms(entry: Entry) -> tuple[tuple[str, ...], bytes, bytes]:
    """(words, counts, in_title): the entry's distinct terms, sorted, how often each occurs (weighted),
    and whether the title has it; the last two as the bytes of float64 and bool arrays (`column`)."""
    return memoized("terms", terms_key(entry), lambda: _count_terms(entry))


def column(parts, dtype) -> np.ndarray:
    """terms()' counts (float64) or in_title (bool) of many entries, one after the other."""
    return np.frombuffer(b"".join(parts), dtype=dtype)


def _count_terms(entry: Entry) -> tuple[tuple[str, ...], bytes, bytes]:
    """(words, counts, in_title): each distinct term, sorted; how often it occurs, its title
    occurrences counting TITLE_COUNT each; whether the title has it. Bytes, not arrays: 10,000
    entries' arrays took twice as long to unpickle from the cache."""
    # The text a reader sees: TeX markup ("\\textbf", "\\mathcal") is no topic.
    counts: Counter = Counter(_words(plain(entry.abstract)))
    title = set(_words(plain(entry.title)))
    for word in title:
        counts[word] += TITLE_COUNT
    for tag in entry.tags:
        counts["tag:" + tag] += TAG_COUNT
    words = tuple(sorted(counts))
    # Interned words are stored once however many entries use them (in memory and in the cache).
    return (
        tuple(sys.intern(w) for w in words),
        np.array([counts[w] for w in words], dtype=np.float64).tobytes(),
        np.array([w in title for w in words], dtype=bool).tobytes(),
    )


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 and w not in STOPWORDS]


_WORD_NUMBERS: dict[str, int] = {}  # every term this process has seen, numbered once
_LINEAGE: list[bytes] = []  # names this process's numbering, as the saved numbering names its own
NUMBERING = ("term_numbering", b"words, and each entry's numbers")  # one corpus' worth, saved


def numbered_terms(entries: tuple[Entry, ...], counted) -> np.ndarray:
    """All entries' terms, in order, as process-wide numbers: an entry's are looked up word by
    word once, then found again by its terms key, in this process or in the saved numbering.

    A fresh process starts from the saved words, so the saved numbers hold; a process whose
    numbering is another one's (two caches loaded in turn) numbers its words itself.
    """
    keys = [terms_key(entry) for entry in entries]
    saved = lookup(*NUMBERING)
    if saved is not None and not _WORD_NUMBERS:
        _WORD_NUMBERS.update({word: number for number, word in enumerate(saved[1])})
        _LINEAGE[:] = [saved[0]]
    if not _LINEAGE:
        _LINEAGE.append(os.urandom(16))
    known = saved[2] if saved is not None and saved[0] == _LINEAGE[0] else {}
    found = [lookup("~term_numbers", key) for key in keys]
    for index, key in enumerate(keys):
        if found[index] is None and key in known:
            found[index] = np.frombuffer(known[key], dtype=np.int32)
    missing = [index for index, numbers in enumerate(found) if numbers is None]
    if missing:
        words = [word for index in missing for word in counted[index][0]]
        for word in dict.fromkeys(words):
            _WORD_NUMBERS.setdefault(word, len(_WORD_NUMBERS))
        numbers = np.fromiter(map(_WORD_NUMBERS.__getitem__, words), np.int32, len(words))
        ends = np.cumsum([len(counted[index][0]) for index in missing])
        for index, part in zip(missing, np.split(numbers, ends[:-1]), strict=True):
            found[index] = part
            remember(("~term_numbers", keys[index]), part)
    if missing or known.keys() != set(keys):
        numbered = {key: numbers.tobytes() for key, numbers in zip(keys, found, strict=True)}
        remember(NUMBERING, (_LINEAGE[0], tuple(_WORD_NUMBERS), numbered))
    return np.concatenate(found)


def by_word(seen: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Process-wide numbers to term numbers in the words' order (ties below go to the word first
    in it: not to the word seen first, which a new day's papers, listed first, would change), and
    the words by term number."""
    present = np.flatnonzero(np.bincount(seen, minlength=len(_WORD_NUMBERS)))
    vocabulary = list(_WORD_NUMBERS)
    in_order = sorted(present.tolist(), key=vocabulary.__getitem__)
    number = np.empty(len(_WORD_NUMBERS), dtype=np.int64)
    number[in_order] = np.arange(len(in_order))
    return number[seen], tuple(vocabulary[word] for word in in_order)

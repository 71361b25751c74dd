"""Related papers after an edit: the incremental path gives exactly what a full computation gives."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from benchmarks.related import synthetic_entries
from generator.analyze import related, related_incremental, related_terms
from generator.analyze.related import related_entries, terms, weight_vectors
from generator.model import Entry
from generator.runtime import memo

SIZE = 800
SENTENCE = " We evaluate the approach on standard benchmarks and report strong results."


def edit(entry: Entry, **fields) -> Entry:
    return dataclasses.replace(entry, **fields, digest=b"")  # a new digest, as validate gives an edited file


def with_edits(entries: tuple[Entry, ...], **edits) -> tuple[Entry, ...]:
    """`entries` with entry i replaced by edits["e{i}"](entry i)."""
    return tuple(edits[f"e{i}"](entry) if f"e{i}" in edits else entry for i, entry in enumerate(entries))


def without_word(text: str, word: str) -> str:
    return " ".join(w for w in text.split() if w != word)


def rare_word(entries) -> tuple[int, str]:
    """(entry, word) of a word that only one entry has."""
    holders: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        for word in terms(entry)[0]:
            holders.setdefault(word, []).append(index)
    word = min(w for w, h in holders.items() if len(h) == 1 and not w.startswith("tag:"))
    return holders[word][0], word


@pytest.fixture(scope="module")
def corpus() -> tuple[Entry, ...]:
    entries = synthetic_entries(SIZE, seed=7)
    # Abstracts of a few lengths: short ones make ties and rare words, long ones common words.
    return tuple(
        edit(e, abstract=" ".join(e.abstract.split()[: (3, 12, 40, 230)[i % 4]]))
        for i, e in enumerate(entries)
    )


def from_scratch(entries, count=5):
    memo.clear()
    result = related_entries(entries, count)
    assert related.last_update["full"]
    return result


def incrementally(*versions, count=5, cache=None, updates=None):
    """Compute each version in turn, in one process (as `paperdigest serve` does) or, given a
    cache file, in consecutive builds that share it; the last one's result and what it did."""
    updates = [] if updates is None else updates
    memo.clear()
    for entries in versions:
        if cache:
            memo.save(cache)
            memo.clear()
            memo.load(cache)
        related.last_update.clear()
        result = related_entries(entries, count)
        updates.append(dict(related.last_update))
    return result, updates[-1]


def title_word(entries):
    return with_edits(entries, e0=lambda e: edit(e, title="Zyxwvut " + e.title))


def appended_sentence(entries):
    return with_edits(entries, e3=lambda e: edit(e, abstract=e.abstract + SENTENCE))


def removed_word(entries):
    """Entry 7 without its heaviest word (one it keeps)."""
    vectors = weight_vectors(entries)
    kept = [vectors.words[term] for term in vectors.columns[vectors.rows == 7].tolist()]
    word = next(word for word in kept if not word.startswith("tag:"))
    return with_edits(
        entries,
        e7=lambda e: edit(e, title=without_word(e.title, word), abstract=without_word(e.abstract, word)),
    )


def new_tags(entries):
    return with_edits(
        entries, e5=lambda e: edit(e, tags=("quantization",) if e.tags != ("quantization",) else ())
    )


def emptied(entries):
    return with_edits(entries, e9=lambda e: edit(e, title="The", abstract="", tags=()))


def shuffled(entries):  # the same terms: nothing to rescore
    return with_edits(entries, e11=lambda e: edit(e, abstract=" ".join(reversed(e.abstract.split()))))


def two_edits(entries):
    return appended_sentence(title_word(entries))


def df_to_zero(entries):
    index, word = rare_word(entries)
    return with_edits(
        entries,
        **{
            f"e{index}": lambda e: edit(
                e, title=without_word(e.title, word), abstract=without_word(e.abstract, word)
            )
        },
    )


EDITS = [title_word, appended_sentence, removed_word, new_tags, emptied, two_edits, df_to_zero]


@pytest.mark.parametrize("change", EDITS + [shuffled], ids=lambda f: f.__name__)
@pytest.mark.parametrize("count", [5, 1])
def test_one_edit_gives_what_a_full_computation_gives(corpus, change, count):
    edited = change(corpus)
    result, update = incrementally(corpus, edited, count=count)
    assert result == from_scratch(edited, count)
    assert not update["full"] and update["rescored"] < SIZE


def test_a_word_no_other_entry_has_changes_nothing(corpus):
    """A term of one entry alone weighs nothing (it can match no other entry)."""
    result, update = incrementally(corpus, title_word(corpus))
    assert result == from_scratch(title_word(corpus))
    assert update["changed_vectors"] == update["rescored"] == 0


def test_a_title_word_one_other_entry_has_rescores_those_two(corpus):
    index, word = rare_word(corpus)
    other = 0 if index else 1
    edited = with_edits(corpus, **{f"e{other}": lambda e: edit(e, title=word + " " + e.title)})
    result, update = incrementally(corpus, edited)
    assert result == from_scratch(edited)
    assert update["changed_vectors"] == 2 and update["rescored"] == 2 and update["merged"] > 0


def test_same_terms_change_nothing(corpus):
    result, update = incrementally(corpus, shuffled(corpus))
    assert result == from_scratch(corpus)
    assert update["changed_vectors"] == update["changed_terms"] == update["merged"] == update["rescored"] == 0


def test_a_word_whose_df_goes_to_zero_is_gone(corpus):
    index, word = rare_word(corpus)
    assert word in terms(corpus[index])[0]
    assert word not in weight_vectors(df_to_zero(corpus)).words


@pytest.mark.parametrize("change", EDITS, ids=lambda f: f.__name__)
def test_an_edit_and_its_revert_in_consecutive_builds(corpus, change, tmp_path):
    # The revert may find the first build's result still in the cache (the file keeps memos a
    # build did not use until they are a quarter of it), else it is computed incrementally.
    updates = []
    result, update = incrementally(
        corpus, change(corpus), corpus, cache=tmp_path / "memo.pickle", updates=updates
    )
    assert result == from_scratch(corpus)
    edited = updates[1]
    assert edited and not edited["full"] and edited["rescored"] < SIZE
    assert not update or (not update["full"] and update["rescored"] < SIZE)


def test_edits_in_a_row_keep_every_list_an_exact_prefix(corpus):
    """Many merges in a row: each entry's stored list must stay a prefix of its full ranking."""
    versions = [corpus]
    for change in EDITS * 2:
        versions.append(change(versions[-1]))
    memo.clear()
    for entries in versions:
        result = related_entries(entries, 2)
        kept = stored(2)
        assert result == from_scratch(entries, 2)
        full = stored(2).ranking
        known, complete = kept.ranking.others >= 0, kept.ranking.complete
        assert (kept.ranking.others == full.others)[known].all()
        assert (kept.ranking.scores == full.scores)[known].all()
        assert (
            full.complete[complete].all() and (full.others[complete] == kept.ranking.others[complete]).all()
        )
        memo.remember(
            ("related_state", memo.digest(2, related.MIN_SCORE)), kept
        )  # back to the incremental state


def stored(count):
    return memo.lookup("related_state", memo.digest(count, related.MIN_SCORE))


@pytest.mark.parametrize("change", [title_word, appended_sentence], ids=lambda f: f.__name__)
def test_the_state_survives_between_builds(corpus, change, tmp_path):
    edited = change(corpus)
    result, update = incrementally(corpus, edited, cache=tmp_path / "memo.pickle")
    assert update and not update["full"] and update["rescored"] < SIZE
    assert result == from_scratch(edited)


def test_too_many_pairs_to_merge_are_rescored_instead(corpus, monkeypatch):
    monkeypatch.setattr(related_incremental, "MERGE_PAIRS", 10)
    edited = appended_sentence(corpus)
    result, update = incrementally(corpus, edited)
    assert not update["full"] and update["merged"] == 0 and update["rescored"] > update["changed_vectors"]
    assert result == from_scratch(edited)


def new_day(entries, size=20):
    """`size` papers dated the day after the newest, each the text of an old one with a new title."""
    day = max(entry.date for entry in entries) + dt.timedelta(days=1)
    return entries + tuple(
        edit(entry, id=f"new{i:02d}", date=day, title=f"Revisited {entry.title}")
        for i, entry in enumerate(entries[::37][:size])
    )


@pytest.mark.parametrize(
    "change, full",
    [
        (lambda entries: entries[:-1], True),  # a removed paper may stand in other lists
        (lambda entries: entries[1:] + entries[:1], False),  # the same ids, numbered anew
        (lambda entries: entries + (edit(entries[0], id="extra"),), False),
        (lambda entries: entries[:400] + (edit(entries[5], id="extra"),) + entries[400:], False),
        (new_day, False),
    ],
    ids=["removed", "moved", "added", "added-between", "new-day"],
)
def test_other_ids_give_what_a_full_computation_gives(corpus, change, full):
    changed_ids = change(corpus)
    result, update = incrementally(corpus, changed_ids)
    assert update["full"] == full and result == from_scratch(changed_ids)


def test_a_new_day_rescores_its_papers_and_few_others(corpus, tmp_path):
    """The idf is the oldest days' (reference_entries), so a day's papers change only the vectors
    of entries whose terms they are the first to share."""
    added = new_day(corpus)
    result, update = incrementally(corpus, added, cache=tmp_path / "memo.pickle")
    assert not update["full"] and 20 <= update["changed_vectors"] < 60 and update["rescored"] < 100
    assert result == from_scratch(added)


@pytest.mark.parametrize(
    "size, reference", [(1, 1), (31, 31), (32, 32), (65, 64), (800, 800), (10_040, 9_728), (50_000, 49_152)]
)
def test_the_reference_is_all_but_under_a_sixteenth(size, reference):
    assert related.reference_size(size) == reference


@pytest.mark.parametrize(
    "papers_per_day, reference",
    [
        ([65], 65),  # one day: the oldest day always
        ([40, 25], 40),  # 65 -> at most 64: the newest day is left out
        ([30, 30, 4, 1], 64),  # 65 -> 64: whole days, the newest one left out
        ([30, 30, 4, 2], 64),  # one more paper on the newest day: the same reference
        ([30, 30, 5, 1], 60),  # one more on an older day: that day no longer fits
        ([20] * 10 + [3], 200),  # 203 -> at most 200
    ],
)
def test_the_reference_is_whole_days_from_the_oldest(papers_per_day, reference):
    entries = tuple(
        dataclasses.replace(
            plain(f"d{day}p{paper}", "words"), date=dt.date(2025, 1, 1) + dt.timedelta(days=day)
        )
        for day, count in enumerate(papers_per_day)
        for paper in range(count)
    )
    newest_first = entries[::-1]  # as the catalog lists them
    in_reference, size = related.reference_entries(newest_first)
    assert size == reference == int(in_reference.sum())
    kept = {entry.date for entry, kept in zip(newest_first, in_reference.tolist(), strict=True) if kept}
    assert sorted(kept) == sorted({entry.date for entry in entries})[: len(kept)]  # whole, oldest days


def plain(entry_id: str, abstract: str) -> Entry:
    return Entry(
        entry_id,
        "The",
        dt.date(2026, 3, 12),
        (),
        (),
        (),
        (),
        abstract,
        "",
        (),
        f"content/papers/{entry_id}.md",
    )


def test_ties_go_to_the_word_first_in_order_whatever_the_other_entries():
    """Term numbers break ties between equal weights, and follow the words' order. x has
    TERMS_PER_ENTRY + 4 terms of equal weight (each once, each in one other entry) and keeps the
    TERMS_PER_ENTRY first in order, whichever entry comes first or holds "zzzz" (numbered by first
    appearance, moving zzzz from a, before x, to y, after x, changed what x kept; so did a new
    day's papers, which are listed first)."""
    words = [
        f"word{chr(ord('a') + i // 26)}{chr(ord('a') + i % 26)}" for i in range(related.TERMS_PER_ENTRY + 3)
    ]
    partners = tuple(plain(f"p{i}", " ".join(words[i::4]) + f" partner{i}") for i in range(4))
    x = plain("x", " ".join(words) + " zzzz")
    before = (plain("a", "alpha zzzz"), x) + partners + (plain("y", "omega"),)
    after = (plain("a", "alpha"), x) + partners + (plain("y", "omega zzzz"),)
    newest_first = (plain("n", " ".join(reversed(words)) + " zzzz"),) + before
    for entries in (before, after, newest_first):
        x_at = next(index for index, entry in enumerate(entries) if entry.id == "x")
        assert _kept_words(entries, x_at) == set(words[: related.TERMS_PER_ENTRY])
    result, update = incrementally(before, after)
    assert result == from_scratch(after)
    assert update["changed_vectors"] == 2  # a and y


def _kept_words(entries, index) -> set[str]:
    vectors = weight_vectors(entries)
    return {vectors.words[term] for term in vectors.columns[vectors.rows == index].tolist()}


def test_the_quick_selection_keeps_what_a_sort_of_every_term_keeps(corpus):
    """weight_vectors cuts each entry's terms at a coarse weight before the exact sort: the
    same terms, in the same order, as the three-key sort of every term."""
    vectors = weight_vectors(corpus)
    number = {word: index for index, word in enumerate(vectors.words)}
    counted = [terms(entry) for entry in corpus]
    in_reference, size = related.reference_entries(corpus)
    columns = np.array([number.get(word, len(vectors.words)) for words, _, _ in counted for word in words])
    rows = np.repeat(np.arange(len(corpus)), [len(words) for words, _, _ in counted])
    weights = related.raw_weights(
        columns,
        related.column([c for _, c, _ in counted], np.float64),
        related.column([t for _, _, t in counted], bool),
        in_reference[rows],
        size,
        len(vectors.words) + 1,
    )
    order = np.lexsort((columns, -weights, rows))
    rows, columns, weights = rows[order], columns[order], weights[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    keep = (rank < related.TERMS_PER_ENTRY) & (weights > 0)
    assert (rows[keep] == vectors.rows).all() and (columns[keep] == vectors.columns).all()
    assert (related._capped_unit(rows[keep], weights[keep], len(corpus)) == vectors.weights).all()


@pytest.mark.parametrize("change", EDITS + [shuffled], ids=lambda f: f.__name__)
@pytest.mark.parametrize("minimum", [0.1, 0.2])
def test_with_a_minimum_score_one_edit_gives_what_a_full_computation_gives(
    corpus, change, minimum, monkeypatch
):
    """The cut-off applies to the same integer scores on both paths: lists that lose or gain
    entries at the threshold are the same incrementally and from scratch."""
    monkeypatch.setattr(related, "MIN_SCORE", minimum)
    edited = change(corpus)
    result, update = incrementally(corpus, edited)
    full = from_scratch(edited)
    assert result == full
    assert not update["full"]
    lengths = [len(others) for others in full.values()]
    assert min(lengths) < 5 and max(lengths) > 0  # the threshold cuts some lists, not all


def test_a_changed_minimum_score_is_not_mixed_with_the_last_state(corpus, monkeypatch):
    """The state kept for the next build belongs to one threshold: another one starts afresh."""
    memo.clear()
    monkeypatch.setattr(related, "MIN_SCORE", 0.1)
    related_entries(corpus)
    monkeypatch.setattr(related, "MIN_SCORE", 0.2)
    result = related_entries(title_word(corpus))
    assert related.last_update["full"]
    assert result == from_scratch(title_word(corpus))


def fresh_process(monkeypatch):
    """What a new build process starts with: no word numbered yet."""
    monkeypatch.setattr(related_terms, "_WORD_NUMBERS", {})
    monkeypatch.setattr(related_terms, "_LINEAGE", [])


@pytest.mark.parametrize("second", [title_word, new_day], ids=lambda f: f.__name__)
def test_the_next_build_numbers_only_new_words(corpus, second, tmp_path, monkeypatch):
    """The numbering is saved with the cache: the next process starts from its words."""
    cache = tmp_path / "memo.pickle"
    fresh_process(monkeypatch)
    memo.clear()
    related_entries(corpus)
    memo.save(cache)
    numbered = list(related_terms._WORD_NUMBERS)
    fresh_process(monkeypatch)
    memo.clear()
    memo.load(cache)
    entries = second(corpus)
    result = related_entries(entries)
    vocabulary = {word for entry in entries for word in terms(entry)[0]}
    assert list(related_terms._WORD_NUMBERS)[: len(numbered)] == numbered  # carried on, not renumbered
    assert set(related_terms._WORD_NUMBERS) - set(numbered) == vocabulary - set(numbered)
    assert result == from_scratch(entries)


def test_a_numbering_of_another_process_is_not_used(corpus, tmp_path, monkeypatch):
    """A cache saved by a process whose numbering this one does not share: its numbers are ignored."""
    cache = tmp_path / "memo.pickle"
    fresh_process(monkeypatch)
    memo.clear()
    related_entries(corpus)
    memo.save(cache)
    fresh_process(monkeypatch)
    memo.clear()
    related_entries(tuple(reversed(corpus)))  # numbers the same words otherwise
    memo.clear()
    memo.load(cache)
    edited = title_word(corpus)
    assert related_entries(edited) == from_scratch(edited)

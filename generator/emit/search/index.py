"""Build lunr indexes with lunr.py and write them in a compact form lunr.js can load.

Terms are made by `index_terms` (lunr.js's own rules) and collected by
lunr.py's Builder (through generator/deps/lunr.py). What we ship is smaller than lunr's
serialised index, which
spells out every (term, document) pair twice (in the inverted index and in
the field vectors) and carries a BM25 score with each: scores are 70% of the
bytes yet follow from term frequencies, field lengths and document counts.
So each document lists its terms (numbers, delta-encoded) with their
frequencies, and `expandIndex` in pd-search-core.js rebuilds lunr's JSON from
it, scoring with lunr.js's own formula (lunr.Builder#createFieldVectors),
before `lunr.Index.load`: about a third of the bytes, and scores identical to
an index lunr.js built itself. No positions are stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.deps.lunr import LUNR_JS_VERSION, TermIndex
from generator.emit.search.text import fold, index_terms, js_order, stem, trim

LUNR_VERSION = LUNR_JS_VERSION


@dataclass(frozen=True)
class Field:
    name: str  # a document's text for this field is document[name]
    boost: int


def build_index(fields: list[Field], documents: list[dict]) -> dict:
    """The compact serialised index of `documents`: dicts with "ref" and a text per field."""
    # lunr.js finds its search pipeline by these names when it loads the index. The
    # trimmer, missing from lunr's default, lets "(transformer)" or "bert." match;
    # "foldAccents" (pd-search-text.js registers it with lunr.js) lets "muller" find "Müller".
    steps = [
        _labelled(step, label)
        for step, label in ((fold, "foldAccents"), (trim, "trimmer"), (stem, "stemmer"))
    ]
    index = TermIndex([(field.name, field.boost) for field in fields], index_terms, steps)
    for document in documents:
        index.add(document)
    return compact(index, fields)


def _labelled(function, label: str):
    def pipeline_step(token, i=None, tokens=None):
        return token.update(lambda text, metadata=None: function(text))

    pipeline_step.label = label  # type: ignore[attr-defined]  # lunr's Pipeline names steps by it
    return pipeline_step


def compact(index: TermIndex, fields: list[Field]) -> dict:
    """{"fields", "boosts", "pipeline", "terms" (in JavaScript's order), "docs": [[ref, terms per field]]}.

    A field's terms are [delta, ...] over ascending term numbers; a negative
    number -f after a term says it occurs f times (once when absent).
    """
    terms = sorted(index.terms(), key=js_order)
    number = {term: position for position, term in enumerate(terms)}
    docs = [
        [_ref_value(ref), *(_encode(counts, number) for counts in per_field)]
        for ref, per_field in index.frequencies()
    ]
    return {
        "version": LUNR_VERSION,
        "fields": [field.name for field in fields],
        "boosts": [field.boost for field in fields],
        "pipeline": index.search_pipeline(),
        "terms": terms,
        "docs": docs,
    }


def _ref_value(ref: str):
    return int(ref) if ref.isdigit() and str(int(ref)) == ref else ref


def _encode(frequencies: dict[str, int], number: dict[str, int]) -> list[int]:
    encoded, previous = [], 0
    for term_number, frequency in sorted(
        (number[term], frequency) for term, frequency in frequencies.items()
    ):
        encoded.append(term_number - previous)
        if frequency > 1:
            encoded.append(-frequency)
        previous = term_number
    return encoded

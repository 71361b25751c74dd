"""Build lunr indexes with lunr.py and write them in a compact form lunr.js can load.

Terms are made by `search_text` (lunr.js's own rules) and collected by
lunr.py's Builder. What we ship is smaller than lunr's serialised index, which
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

from collections import Counter
from dataclasses import dataclass

from lunr.builder import Builder

from generator.emit.search.text import fold, index_terms, js_order, stem, trim

LUNR_VERSION = "2.3.9"


@dataclass(frozen=True)
class Field:
    name: str  # a document's text for this field is document[name]
    boost: int


_NO_METADATA: dict = {}  # no positions are kept, so every posting shares one empty metadata dict


class TermBuilder(Builder):
    """lunr.py's Builder, fed finished terms, keeping what lunr.js needs to score them.

    Builder.add would wrap every term in a Token (deep-copying its metadata)
    and run it through the pipeline; our terms already are what lunr.js would
    index, so this `add` records them directly, as Builder.add does (without
    metadata: no positions are shipped). The scores lunr.py's build() would
    add are left to lunr.js's formula in the browser (see the module docstring).
    """

    def add(self, doc, attributes=None):
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name, field in self._fields.items():
            terms = field.extractor(doc)
            field_ref = f"{field_name}/{doc_ref}"  # lunr.FieldRef's spelling
            frequencies = Counter(terms)
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = len(terms)
            inverted_index = self.inverted_index
            for term in frequencies:
                posting = inverted_index.get(term)
                if posting is None:
                    posting = inverted_index[term] = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                posting[field_name][doc_ref] = _NO_METADATA


def build_index(fields: list[Field], documents: list[dict]) -> dict:
    """The compact serialised index of `documents`: dicts with "ref" and a text per field."""
    builder = TermBuilder()
    # lunr.js finds its search pipeline by these names when it loads the index. The
    # trimmer, missing from lunr's default, lets "(transformer)" or "bert." match;
    # "foldAccents" (pd-search-text.js registers it with lunr.js) lets "muller" find "Müller".
    for step, label in ((fold, "foldAccents"), (trim, "trimmer"), (stem, "stemmer")):
        builder.search_pipeline.add(_labelled(step, label))
    builder.ref("ref")
    for field in fields:
        builder.field(
            field.name, boost=field.boost, extractor=lambda doc, name=field.name: index_terms(doc[name])
        )
    for document in documents:
        builder.add(document)
    return compact(builder, fields)


def _labelled(function, label: str):
    def pipeline_step(token, i=None, tokens=None):
        return token.update(lambda text, metadata=None: function(text))

    pipeline_step.label = label
    return pipeline_step


def compact(builder: Builder, fields: list[Field]) -> dict:
    """{"fields", "boosts", "pipeline", "terms": sorted as JavaScript sorts, "docs": [[ref, terms per field]]}.

    A field's terms are [delta, ...] over ascending term numbers; a negative
    number -f after a term says it occurs f times (once when absent).
    """
    terms = sorted(builder.inverted_index, key=js_order)
    number = {term: position for position, term in enumerate(terms)}
    docs = []
    for ref in builder._documents:
        doc = [_ref_value(ref)]
        for field in fields:
            doc.append(_encode(builder.field_term_frequencies[f"{field.name}/{ref}"], number))
        docs.append(doc)
    return {
        "version": LUNR_VERSION,
        "fields": [field.name for field in fields],
        "boosts": [field.boost for field in fields],
        "pipeline": builder.search_pipeline.serialize(),
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

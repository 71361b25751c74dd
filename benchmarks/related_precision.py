"""Related papers: precision on real arXiv records, before and after the scoring change and the threshold.

    .venv/bin/python -m benchmarks.related_precision [--corpus small|large|both] [--dump] [--sweep]

Method.
- Corpora: "small", the 1,249 real arXiv records of tests/fixtures/arxiv-records.jsonl (a copy of
  ../shared/realdata/); "large", those plus the 10,000 of arxiv-records-10k.jsonl.gz (11,249: a
  digest that has accumulated papers). Each record becomes an Entry as the importer writes it: id = arXiv id,
  title with whitespace collapsed, abstract = the record's summary as is (the authors'
  TeX-flavoured text), tags = suggest_tags() over title + abstract with content/tags.yml.
- Links: generator.analyze.related.related_entries(entries, 5), the real code path, in three variants:
  "before", the scoring of commit be3a904 (title words x3, tags x4, log tf x idf, raw text),
  swapped in (old_count_terms/old_weight_vectors below), no threshold; "scoring", the current
  scoring with MIN_SCORE = 0; "threshold", the current generator.analyze.related as it is (its MIN_SCORE).
- Sample: SAMPLE_SIZE entries drawn with random.Random(SEED).sample over the ids of the small
  corpus in file order, the same entries in both corpora (their links in the large one are
  computed against all 11,249); every link of each, in every variant.
- Labels: benchmarks/related_labels.json, one object per (entry, related) pair: same_topic
  true/false and a few words why. Judged by hand by reading both titles and abstracts:
  "same topic" means a reader of the entry would plausibly want the related paper as
  further reading on the entry's subject (same task or problem, or the same method family
  applied to a close task), not merely the same field (two unrelated vision papers, two
  "LLM" papers) nor a shared name (two different "PRISM" papers). Judged without looking
  at which variant produced the link or its score.
- Reported: precision (share of judged links labelled same_topic), unlabelled links (must be
  0), coverage (sampled entries with >= 1 link; over all entries of the corpus: share with
  >= 1 link and mean links per entry) and, as a secondary signal only, the share of links
  whose primary arXiv categories agree. --sweep: precision and links left for a range of
  thresholds over the labelled "scoring" links of both corpora (how MIN_SCORE was chosen).
--dump prints the unlabelled pairs (both texts, plain) for labelling.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parent.parent
RECORDS = (
    REPO / "tests" / "fixtures" / "arxiv-records.jsonl"
)  # a copy of ../shared/realdata/arxiv-records.jsonl
MORE_RECORDS = REPO.parent / "shared" / "realdata" / "arxiv-records-10k.jsonl.gz"
LABELS = Path(__file__).resolve().parent / "related_labels.json"
SEED = 2026
SAMPLE_SIZE = 30
COUNT = 5


def load_records(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def collapse(text: str) -> str:
    return " ".join(text.split())


def entries_from_records(records: list[dict]):
    """Entries as the importer would write them from these records."""
    from generator.model import Entry
    from generator.validate.vocabulary import parse_vocabulary, suggest_tags

    vocabulary = parse_vocabulary(
        yaml.safe_load((REPO / "content" / "tags.yml").read_text(encoding="utf-8")), {}, []
    )
    entries = []
    for record in records:
        title, abstract = collapse(record["title"]), record["summary"]
        tags = tuple(suggest_tags(vocabulary, title + "\n" + abstract))
        entries.append(
            Entry(
                record["id"],
                title,
                dt.date.fromisoformat(record["listed"]),
                tuple(record["authors"]),
                tags,
                (),
                (),
                abstract,
                "",
                (),
                f"arxiv:{record['id']}",
            )
        )
    return tuple(entries)


# --- the scoring before (commit be3a904), to compare against ---------------------------------


def old_count_terms(entry):
    from generator.analyze import related_terms

    counts: Counter = Counter(related_terms._words(entry.abstract))
    for word in related_terms._words(entry.title):
        counts[word] += 3
    for tag in entry.tags:
        counts["tag:" + tag] += 4
    words = tuple(sorted(counts))
    return tuple(sys.intern(w) for w in words), np.array([counts[w] for w in words], dtype=np.float64)


def _by_first_appearance(seen, word_numbers):
    """be3a904's term numbering (ties went to the term seen first), kept so "before" stays as it was."""
    first = np.full(len(word_numbers), len(seen))
    np.minimum.at(first, seen, np.arange(len(seen)))
    present = np.flatnonzero(first < len(seen))
    by_appearance = present[np.argsort(first[present], kind="stable")]
    number = np.empty(len(word_numbers), dtype=np.int64)
    number[by_appearance] = np.arange(len(by_appearance))
    vocabulary = list(word_numbers)
    return number[seen], tuple(vocabulary[word] for word in by_appearance.tolist())


def old_weight_vectors(entries):
    from generator.analyze import related, related_terms

    counted = [related.terms(entry) for entry in entries]
    counts = np.concatenate([entry_counts for _, entry_counts in counted])
    rows = np.repeat(
        np.arange(len(entries), dtype=np.int64), [len(entry_words) for entry_words, _ in counted]
    )
    numbered = related_terms.numbered_terms(entries, counted)
    columns, words = _by_first_appearance(numbered, related_terms._WORD_NUMBERS)
    document_frequency = np.bincount(columns, minlength=len(words))
    weights = (1 + np.log(counts)) * np.log((1 + len(entries)) / (1 + document_frequency[columns]))
    rows, columns, weights = related._strongest(rows, columns, weights, len(entries))
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(entries)))
    return related.Vectors(rows, columns, weights / norms[rows], words)


def compute(
    entries, old: bool, threshold: bool = True, scores: dict | None = None
) -> dict[str, tuple[str, ...]]:
    """Each entry's links; `scores`, if given, gets each entry's links' cosines."""
    from generator.analyze import related, related_terms
    from generator.runtime import memo

    memo.clear()
    saved = related_terms._count_terms, related.weight_vectors, related.MIN_SCORE, related.TERMS_PER_ENTRY
    if old:
        related_terms._count_terms, related.weight_vectors = old_count_terms, old_weight_vectors
        related.TERMS_PER_ENTRY = 16
    if old or not threshold:
        related.MIN_SCORE = 0.0
    try:
        links = related.related_entries(entries, COUNT)
        if scores is not None:
            state = memo.lookup("related_state", memo.digest(COUNT, related.MIN_SCORE))
            for index, entry in enumerate(entries):
                scores[entry.id] = tuple(state.ranking.scores[index, : len(links[entry.id])] / 1e12)
        return links
    finally:
        related_terms._count_terms, related.weight_vectors, related.MIN_SCORE, related.TERMS_PER_ENTRY = saved
        memo.clear()


def sample_ids(entries) -> list[str]:
    return random.Random(SEED).sample([entry.id for entry in entries], SAMPLE_SIZE)


def load_labels() -> dict[tuple[str, str], dict]:
    if not LABELS.exists():
        return {}
    return {
        (label["entry"], label["related"]): label for label in json.loads(LABELS.read_text(encoding="utf-8"))
    }


def score(name: str, links: dict, sampled: list[str], labels: dict, category: dict) -> dict:
    pairs = [(query, other) for query in sampled for other in links[query]]
    judged = [labels[pair]["same_topic"] for pair in pairs if pair in labels]
    same_category = sum(category[q] == category[o] for q, o in pairs)
    good = sum(judged)
    with_links = sum(bool(links[q]) for q in sampled)
    every = sum(bool(v) for v in links.values())
    mean = sum(map(len, links.values())) / len(links)
    print(
        f"{name:>9}: {good}/{len(judged)} = {good / max(1, len(judged)):.1%} on the same topic"
        f" (unlabelled {len(pairs) - len(judged)}); sampled with >=1 link {with_links}/{len(sampled)};"
        f" all entries: {every / len(links):.1%} with >=1, {mean:.2f} links each;"
        f" same category {same_category}/{len(pairs)}"
    )
    return {"good": good, "judged": len(judged), "unlabelled": len(pairs) - len(judged)}


def sweep(rows: list[tuple[str, float, bool]]) -> None:
    """rows: (corpus, score, same_topic) of every labelled "scoring" link."""
    print("threshold  " + "  ".join(f"{name:>22}" for name in ("small", "large")))
    for threshold in (0.0, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.35, 0.4):
        cells = []
        for name in ("small", "large"):
            kept = [same for corpus, value, same in rows if corpus == name and value >= threshold]
            cells.append(f"{sum(kept):>4}/{len(kept):<4} = {sum(kept) / max(1, len(kept)):6.1%}")
        print(f"{threshold:>9.2f}  " + "  ".join(f"{cell:>22}" for cell in cells))


def main(argv: list[str] | None = None) -> int:
    from generator.analyze import related
    from generator.text import authortext

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS)
    parser.add_argument("--more-records", type=Path, default=MORE_RECORDS)
    parser.add_argument("--corpus", choices=("small", "large", "both"), default="both")
    parser.add_argument("--dump", action="store_true", help="print the unlabelled pairs, for labelling")
    parser.add_argument("--sweep", action="store_true", help="precision by threshold over the labelled links")
    args = parser.parse_args(argv)
    small = load_records(args.records)
    corpora = {"small": small}
    if args.corpus != "small":
        known = {record["id"] for record in small}
        corpora["large"] = small + [r for r in load_records(args.more_records) if r["id"] not in known]
    if args.corpus == "large":
        del corpora["small"]
    labels = load_labels()
    sampled = sample_ids(entries_from_records(small))
    unlabelled, rows = 0, []
    print(
        f"{len(sampled)} sampled entries (seed {SEED}) of the {len(small):,} small-corpus records,"
        f" {COUNT} links at most, MIN_SCORE = {related.MIN_SCORE}"
    )
    for name, records in corpora.items():
        entries = entries_from_records(records)
        by_id = {entry.id: entry for entry in entries}
        category = {record["id"]: record["categories"][0] for record in records}
        scores: dict = {}
        variants = {
            "before": compute(entries, old=True),
            "scoring": compute(entries, old=False, threshold=False, scores=scores),
            "threshold": compute(entries, old=False),
        }
        print(f"\n{name}: {len(entries):,} records")
        if args.dump:
            for query in sampled:
                todo = [
                    o
                    for o in dict.fromkeys(sum((v[query] for v in variants.values()), ()))
                    if (query, o) not in labels
                ]
                if not todo:
                    continue
                e = by_id[query]
                print(
                    f"\n### {query} [{category[query]}] {e.title}\n    {authortext.plain(e.abstract)[:400]}"
                )
                for other in todo:
                    o = by_id[other]
                    print(
                        f"  -> {other} [{category[other]}] {o.title}\n       "
                        f"{authortext.plain(o.abstract)[:260]}"
                    )
            continue
        for variant, links in variants.items():
            unlabelled += score(variant, links, sampled, labels, category)["unlabelled"]
        rows += [
            (name, value, labels[q, o]["same_topic"])
            for q in sampled
            for o, value in zip(variants["scoring"][q], scores[q], strict=True)
            if (q, o) in labels
        ]
    if args.sweep and rows:
        print()
        sweep(rows)
    return 1 if unlabelled else 0


if __name__ == "__main__":
    sys.exit(main())

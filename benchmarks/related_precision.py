"""Related papers: precision on real arXiv records, before and after the scoring change.

    .venv/bin/python -m benchmarks.related_precision [--records FILE] [--dump]

Method.
- Corpus: the 1,249 real arXiv records of /work/shared/realdata/arxiv-records.jsonl
  (--records to point elsewhere). Each record becomes an Entry as the importer would
  write it: id = arXiv id, title and summary with whitespace collapsed (the summary
  through importer.abstract_markdown, the Markdown body the importer writes), tags =
  importer's suggest_tags() over title + abstract with the repo's content/tags.yml.
- Links: generator.related.related_entries(entries, 5), the real code path. "Before" is
  the scoring of commit be3a904 (title words counted x3, tags x4, log tf x idf), run by
  swapping in a copy of its term counting and weighting (old_count_terms/old_weights
  below); "after" is the current generator.related.
- Sample: SAMPLE_SIZE entries drawn with random.Random(SEED).sample over the ids in file
  order; every link of each, before and after (5 + 5, fewer where both agree).
- Labels: benchmarks/related_labels.json, one object per (entry, related) pair: same_topic
  true/false and a few words why. Judged by hand by reading both titles and abstracts:
  "same topic" means a reader of the entry would plausibly want the related paper as
  further reading on the entry's subject (same task or problem, or the same method family
  applied to a close task), not merely the same field (two unrelated vision papers) nor a
  shared name (two different "PRISM" papers). Judged without looking at which algorithm
  produced the link.
- Reported: precision (share of judged links labelled same_topic) before and after over
  the sampled entries' links, how many links are unlabelled (must be 0), and as a
  secondary signal only the share of links whose primary arXiv categories agree.
--dump prints the unlabelled pairs (both texts) for labelling.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parent.parent
RECORDS = Path("/work/shared/realdata/arxiv-records.jsonl")
LABELS = Path(__file__).resolve().parent / "related_labels.json"
SEED = 2026
SAMPLE_SIZE = 30
COUNT = 5


def load_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def collapse(text: str) -> str:
    return " ".join(text.split())


def entries_from_records(records: list[dict]):
    """Entries as the importer would write them from these records."""
    from generator.importer import abstract_markdown
    from generator.model import Entry
    from generator.vocabulary import parse_vocabulary
    from generator.vocabulary import suggest_tags

    vocabulary = parse_vocabulary(yaml.safe_load((REPO / "content" / "tags.yml").read_text(encoding="utf-8")), {}, [])
    entries = []
    for record in records:
        title, abstract = collapse(record["title"]), collapse(record["summary"])
        tags = tuple(suggest_tags(vocabulary, title + "\n" + abstract))
        entries.append(Entry(record["id"], title, dt.date.fromisoformat(record["listed"]), tuple(record["authors"]),
                             tags, (), (), abstract_markdown(abstract), "", (), f"arxiv:{record['id']}"))
    return tuple(entries)


# --- the scoring before (commit be3a904), to compare against ---------------------------------

def old_count_terms(entry):
    from generator import related

    counts: Counter = Counter(related._words(entry.abstract))
    for word in related._words(entry.title):
        counts[word] += 3
    for tag in entry.tags:
        counts["tag:" + tag] += 4
    words = tuple(sorted(counts))
    return tuple(sys.intern(w) for w in words), np.array([counts[w] for w in words], dtype=np.float64)


def old_weight_vectors(entries):
    from generator import related

    counted = [related.terms(entry) for entry in entries]
    counts = np.concatenate([entry_counts for _, entry_counts in counted])
    rows = np.repeat(np.arange(len(entries), dtype=np.int64), [len(entry_words) for entry_words, _ in counted])
    columns, words = related._by_first_appearance(related._numbered_terms(entries, counted))
    document_frequency = np.bincount(columns, minlength=len(words))
    weights = (1 + np.log(counts)) * np.log((1 + len(entries)) / (1 + document_frequency[columns]))
    rows, columns, weights = related._strongest(rows, columns, weights, len(entries))
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(entries)))
    return related.Vectors(rows, columns, weights / norms[rows], words)


def compute(entries, old: bool) -> dict[str, tuple[str, ...]]:
    from generator import memo, related

    memo.clear()
    saved = related._count_terms, related.weight_vectors
    if old:
        related._count_terms, related.weight_vectors = old_count_terms, old_weight_vectors
    try:
        return related.related_entries(entries, COUNT)
    finally:
        related._count_terms, related.weight_vectors = saved
        memo.clear()


def sample_ids(entries) -> list[str]:
    return random.Random(SEED).sample([entry.id for entry in entries], SAMPLE_SIZE)


def load_labels() -> dict[tuple[str, str], dict]:
    if not LABELS.exists():
        return {}
    return {(label["entry"], label["related"]): label for label in json.loads(LABELS.read_text(encoding="utf-8"))}


def score(name: str, links: dict, sampled: list[str], labels: dict, category: dict) -> tuple[int, int, int]:
    pairs = [(query, other) for query in sampled for other in links[query]]
    judged = [labels[pair]["same_topic"] for pair in pairs if pair in labels]
    same_category = sum(category[q] == category[o] for q, o in pairs)
    good = sum(judged)
    print(f"{name:>6}: {good}/{len(judged)} judged links on the same topic = {good / max(1, len(judged)):.1%}"
          f"  (unlabelled: {len(pairs) - len(judged)}; same primary arXiv category: {same_category}/{len(pairs)})")
    return good, len(judged), len(pairs) - len(judged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS)
    parser.add_argument("--dump", action="store_true", help="print the unlabelled pairs, for labelling")
    args = parser.parse_args(argv)
    records = load_records(args.records)
    entries = entries_from_records(records)
    by_id = {entry.id: entry for entry in entries}
    category = {record["id"]: record["categories"][0] for record in records}
    sampled = sample_ids(entries)
    labels = load_labels()
    before, after = compute(entries, old=True), compute(entries, old=False)
    print(f"{len(entries)} real records, {len(sampled)} sampled entries (seed {SEED}), {COUNT} links each")
    if args.dump:
        for query in sampled:
            todo = [o for o in dict.fromkeys(before[query] + after[query]) if (query, o) not in labels]
            if not todo:
                continue
            e = by_id[query]
            print(f"\n### {query} [{category[query]}] {e.title}\n    {e.abstract[:300]}")
            for other in todo:
                o = by_id[other]
                mark = ("B" if other in before[query] else "-") + ("A" if other in after[query] else "-")
                print(f"  -> {mark} {other} [{category[other]}] {o.title}\n       {o.abstract[:180]}")
        return 0
    old = score("before", before, sampled, labels, category)
    new = score("after", after, sampled, labels, category)
    changed = sum(before[q] != after[q] for q in sampled)
    print(f"{changed}/{len(sampled)} sampled entries have different links after")
    return 1 if old[2] or new[2] else 0


if __name__ == "__main__":
    sys.exit(main())

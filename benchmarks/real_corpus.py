"""Real arXiv records as entry files: the corpus benchmarks at scale should use.

../shared/realdata/ holds 1,249 records (arxiv-records.jsonl, also copied into
tests/fixtures/) and 10,000 more (arxiv-records-10k.jsonl.gz). Each record becomes an
entry the way CONTRIBUTING.md says to write one: title and abstract exactly as arXiv
gives them, authors, arXiv and PDF links, the tags `paperdigest new` would suggest, and
the day it was listed as its digest date. Beyond 11,249 records, call with `repeat`
(each repetition gets new ids and a suffix on its titles; the vocabulary stays that of
11,249 real abstracts, smaller than a real archive of that size would have).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

from generator.commands.scaffold import render_entry
from generator.identifiers import arxiv_base
from generator.validate.vocabulary import suggest_tags

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "realdata"
FIXTURE = REPO / "tests" / "fixtures" / "arxiv-records.jsonl"


def load_records(limit: int | None = None) -> list[dict]:
    """The 10,000 records first (when shared/ is there), then the 1,249 of the fixture."""
    found: list[dict] = []
    big = SHARED / "arxiv-records-10k.jsonl.gz"
    if big.exists():
        with gzip.open(big, "rt", encoding="utf-8") as handle:
            found += [json.loads(line) for line in handle if line.strip()]
    with open(FIXTURE, encoding="utf-8") as handle:
        found += [json.loads(line) for line in handle if line.strip()]
    return found[:limit] if limit else found


def entry_id(record: dict) -> str:
    return arxiv_base(record["id"]) or record["id"]


def entry_text(record: dict, vocabulary=None, abstract=None) -> str:
    """One entry file; `abstract` overrides the record's (a benchmark's older format)."""
    tags = suggest_tags(vocabulary, record["title"] + "\n" + record["summary"]) if vocabulary else []
    identifier = entry_id(record)
    return render_entry(
        entry_id=identifier,
        title=" ".join(record["title"].split()),
        date=dt.date.fromisoformat(record["listed"]),
        tags=tags,
        links={"arxiv": f"https://arxiv.org/abs/{identifier}", "pdf": f"https://arxiv.org/pdf/{identifier}"},
        body=record["summary"] if abstract is None else abstract,
        authors=list(record["authors"]),
    )

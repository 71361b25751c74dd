"""Real arXiv records (tests/fixtures/arxiv-records.jsonl, a copy of ../shared/realdata/) as entries.

Each record becomes an entry file the way CONTRIBUTING.md says to write one: the title and
abstract exactly as arXiv gives them (hard line breaks and TeX included), the authors,
arXiv and PDF links, and the tags `paperdigest new` would suggest.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from benchmarks import real_corpus
from generator.identifiers import arxiv_base
from generator.validate.vocabulary import parse_vocabulary

RECORDS = real_corpus.FIXTURE


@lru_cache(maxsize=1)
def records() -> tuple[dict, ...]:
    with open(RECORDS, encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


def record(arxiv_id: str) -> dict:
    return next(r for r in records() if r["id"] == arxiv_id)


def entry_text(rec: dict, vocabulary=None) -> str:
    return real_corpus.entry_text(rec, vocabulary)


def write_records(papers: Path, recs, vocabulary_text: str | None = None) -> list[Path]:
    """One entry file per record in `papers`; returns the paths."""
    vocabulary = parse_vocabulary(_yaml(vocabulary_text), {}, []) if vocabulary_text else None
    papers.mkdir(parents=True, exist_ok=True)
    paths = []
    for rec in recs:
        path = papers / f"{arxiv_base(rec['id']) or rec['id']}.md"
        path.write_text(entry_text(rec, vocabulary), encoding="utf-8")
        paths.append(path)
    return paths


def _yaml(text: str):
    import yaml

    return yaml.safe_load(text)

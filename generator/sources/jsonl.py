"""JSON Lines of arXiv records, as in ../shared/realdata/arxiv-records.jsonl: one object a line with
`id` (2503.17403), `title`, `summary`, `authors` (list), `categories` (list), `comment`, `listed`
(YYYY-MM-DD, the day arXiv listed it), `abs` and `pdf` URLs."""

from __future__ import annotations

import datetime as dt
import json

from generator.errors import PaperDigestError
from generator.sources.arxiv_ids import parse_id
from generator.sources.links import find_links
from generator.sources.record import PaperRecord, arxiv_categories, collapse

REQUIRED = ("id", "title", "summary")


def parse_jsonl(text: str, source: str) -> list[PaperRecord]:
    papers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise PaperDigestError(f"{where}: not JSON ({error.msg} at column {error.colno})") from None
        papers.append(_paper(record, where))
    if not papers:
        raise PaperDigestError(f"{source}: no record found (expected one JSON object a line)")
    return papers


def _paper(record: object, where: str) -> PaperRecord:
    if not isinstance(record, dict):
        raise PaperDigestError(f"{where}: expected a JSON object with {', '.join(REQUIRED)}")
    for key in REQUIRED:
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise PaperDigestError(
                f"{where}: '{key}' is missing or not text (expected {', '.join(REQUIRED)})"
            )
    authors = _strings(record.get("authors", []), "authors", where)
    categories = _strings(record.get("categories", []), "categories", where)
    listed = None
    if record.get("listed") is not None:
        try:
            listed = dt.date.fromisoformat(str(record["listed"]))
        except ValueError:
            raise PaperDigestError(
                f"{where}: 'listed' is {record['listed']!r} (expected YYYY-MM-DD)"
            ) from None
    return PaperRecord(
        title=collapse(record["title"]),
        abstract=record["summary"].strip(),
        source=where,
        arxiv_id=parse_id(record["id"], f"{where}: 'id'"),
        authors=tuple(collapse(name) for name in authors),
        categories=arxiv_categories(categories),
        links=find_links(record["summary"]),
        listed=listed,
    )


def _strings(value: object, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PaperDigestError(f"{where}: '{key}' is not a list of text")
    return value


def looks_like_jsonl(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return first.lstrip().startswith("{")

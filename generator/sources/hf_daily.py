"""Hugging Face's daily papers, `GET {base}/daily_papers?date=YYYY-MM-DD`: a JSON list of objects,
each with `paper` {`id` (the arXiv id), `title`, `summary`, `authors` [{`name`}], `publishedAt`
(the arXiv first version, ISO 8601), `githubRepo`?, `projectPage`?} and, beside it, the day's own
`publishedAt`, `title`, `summary`, `numComments`... (the fields huggingface_hub's PaperInfo reads)."""

from __future__ import annotations

import datetime as dt
import json

from generator.errors import PaperDigestError
from generator.sources.arxiv_ids import parse_id
from generator.sources.links import find_links, link_kind
from generator.sources.record import PaperRecord, collapse


def parse_daily(text: str | bytes, source: str, listed: dt.date | None = None) -> list[PaperRecord]:
    try:
        items = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" (line {error.lineno}, column {error.colno})" if hasattr(error, "lineno") else ""
        raise PaperDigestError(f"{source}: not JSON{where}") from None
    if isinstance(items, dict) and "error" in items:
        raise PaperDigestError(f"{source}: Hugging Face says: {collapse(str(items['error']))}")
    if not isinstance(items, list):
        raise PaperDigestError(
            f"{source}: expected a JSON list of daily papers, found {type(items).__name__}"
        )
    return [_paper(item, f"{source}[{index}]", listed) for index, item in enumerate(items)]


def _paper(item: object, where: str, listed: dt.date | None) -> PaperRecord:
    paper = item.get("paper") if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        raise PaperDigestError(f"{where}: expected an object with a 'paper' object")
    for key in ("id", "title", "summary"):
        if not isinstance(paper.get(key), str) or not paper[key].strip():
            raise PaperDigestError(f"{where}: paper.{key} is missing or not text")
    arxiv_id = parse_id(paper["id"], f"{where}: paper.id")
    authors = paper.get("authors", [])
    if not isinstance(authors, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) for a in authors
    ):
        raise PaperDigestError(f"{where}: paper.authors is not a list of objects with a 'name'")
    links = {}
    for key, kind in (("githubRepo", "code"), ("projectPage", "project")):
        url = paper.get(key)
        if isinstance(url, str) and link_kind(url):
            links[kind] = url
    for kind, url in find_links(paper["summary"]).items():
        links.setdefault(kind, url)
    return PaperRecord(
        title=collapse(paper["title"]),
        abstract=paper["summary"].strip(),
        source=f"{where} {arxiv_id}",
        arxiv_id=arxiv_id,
        authors=tuple(collapse(a["name"]) for a in authors),
        published=_date(paper.get("publishedAt"), where),
        links=links,
        listed=listed,
    )


def _date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise PaperDigestError(
            f"{where}: paper.publishedAt is {value!r} (expected an ISO 8601 time)"
        ) from None


def looks_like_daily(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("[") and '"paper"' in head

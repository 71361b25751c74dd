"""Hugging Face's daily papers, `GET {base}/daily_papers?date=YYYY-MM-DD`: a JSON list of objects,
each with `paper` {`id` (the arXiv id), `title`, `summary`, `authors` [{`name`}], `publishedAt`
(the arXiv first version, ISO 8601), `submittedOnDailyAt` (the day it was listed, midnight UTC),
`githubRepo`?, `projectPage`?} and, beside it, the day's own `publishedAt`, `title`, `summary`,
`numComments`... (the fields huggingface_hub's PaperInfo reads)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from urllib.parse import urlencode

from generator.errors import PaperDigestError
from generator.sources.arxiv_ids import parse_id
from generator.sources.http import HttpClient
from generator.sources.links import find_links, link_kind
from generator.sources.record import PaperRecord, collapse

DEFAULT_BASE = "https://huggingface.co/api"
SERVICE = "Hugging Face API"


def base_url() -> str:
    return (os.environ.get("PAPERDIGEST_HF_API") or DEFAULT_BASE).rstrip("/")


def client(root: Path | None) -> HttpClient:
    # A day's list fills as the day goes: an answer is reused for an hour, not a day.
    return HttpClient(SERVICE, cache_dir=root / "build" / "cache" / "hf" if root else None, max_age=3600.0)


def fetch_daily(day: dt.date, http: HttpClient) -> list[PaperRecord]:
    """The papers Hugging Face lists for `day`, dated that day. (huggingface_hub's
    `list_daily_papers` makes the same call; we need only this one, with our cache and errors.)"""
    url = f"{base_url()}/daily_papers?{urlencode({'date': day.isoformat()})}"
    return http.get(url, lambda body: parse_daily(body, f"{SERVICE} {day}", listed=day))


def parse_daily(text: str | bytes, source: str, listed: dt.date | None = None) -> list[PaperRecord]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise PaperDigestError(f"{source}: not JSON (line {error.lineno}, column {error.colno})") from None
    except UnicodeDecodeError:
        raise PaperDigestError(f"{source}: not JSON (not UTF-8 text)") from None
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
        listed=listed or _date(paper.get("submittedOnDailyAt"), where, "paper.submittedOnDailyAt"),
    )


def _date(value: object, where: str, name: str = "paper.publishedAt") -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise PaperDigestError(f"{where}: {name} is {value!r} (expected an ISO 8601 time)") from None


def looks_like_daily(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("[") and '"paper"' in head

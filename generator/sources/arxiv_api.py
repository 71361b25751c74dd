"""The arXiv API client: `GET {base}?id_list=ID,ID,...&max_results=N` (arXiv API User's Manual,
3.1.1), batched, one request per 3 seconds (its Terms of Use), cached on disk.

The `arxiv` package would do the same over `requests` and feedparser; this is the one call we
need, with our cache, our error lines and a base URL a test can point at a local server.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from generator.errors import PaperDigestError
from generator.sources.arxiv_atom import parse_atom
from generator.sources.arxiv_ids import base
from generator.sources.http import HttpClient
from generator.sources.record import PaperRecord

DEFAULT_BASE = "https://export.arxiv.org/api/query"
BATCH = 50  # ids per request: short URLs, small answers
INTERVAL = 3.0  # seconds between requests, as arXiv asks


def base_url() -> str:
    return os.environ.get("PAPERDIGEST_ARXIV_API") or DEFAULT_BASE


def client(root: Path | None, interval: float | None = None) -> HttpClient:
    if interval is None:  # tests replaying a local server may shorten it
        try:
            interval = float(os.environ.get("PAPERDIGEST_ARXIV_INTERVAL") or INTERVAL)
        except ValueError:
            interval = INTERVAL
    if (urlsplit(base_url()).hostname or "").endswith("arxiv.org"):
        interval = max(interval, INTERVAL)  # arXiv itself: never faster than its terms allow
    cache = root / "build" / "cache" / "arxiv" if root else None
    return HttpClient("arXiv API", cache_dir=cache, min_interval=interval)


def fetch_ids(
    ids: list[str],
    http: HttpClient,
    progress: Callable[[int, int], None] | None = None,
    missing_ok: bool = False,
) -> list[PaperRecord]:
    """The records of `ids`, in the order given. An id arXiv does not know is an error, unless
    `missing_ok` (then it is left out)."""
    found: dict[str, PaperRecord] = {}
    batches = [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]
    for done, batch in enumerate(batches, start=1):
        query = urlencode({"id_list": ",".join(batch), "max_results": len(batch)})
        url = f"{base_url()}?{query}"
        for record in http.get(url, lambda body: parse_atom(body, "arXiv API")):
            if record.arxiv_id:
                found[base(record.arxiv_id)] = record
        if progress:
            progress(done, len(batches))
    missing = [arxiv_id for arxiv_id in ids if base(arxiv_id) not in found]
    if missing and not missing_ok:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise PaperDigestError(f"arXiv API: no paper with the id {shown} (expected ids arXiv knows)")
    return [found[base(arxiv_id)] for arxiv_id in ids if base(arxiv_id) in found]


def search_title(title: str, http: HttpClient) -> list[PaperRecord]:
    """Papers whose title contains the title's words (`search_query=ti:"..."`); the caller keeps an
    exact match only."""
    words = " ".join("".join(ch if ch.isalnum() else " " for ch in title).split())
    query = urlencode({"search_query": f'ti:"{words}"', "max_results": 5})
    return http.get(f"{base_url()}?{query}", lambda body: parse_atom(body, "arXiv API"))

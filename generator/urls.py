"""Checks for identifiers and URLs that come from contributors."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

SAFE_ID = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])?$")
ARXIV_ID = re.compile(r"^(?P<base>\d{4}\.\d{4,5})(?P<version>v\d+)?$")
LOOKS_LIKE_ARXIV = re.compile(r"^\d{4}\.\d+")
ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5}(?:v\d+)?)(?:\.pdf)?/?$")


def id_problem(entry_id: str) -> str | None:
    """Why `entry_id` is not a safe id, or None when it is."""
    if LOOKS_LIKE_ARXIV.match(entry_id) and not ARXIV_ID.match(entry_id):
        return f"expected an arXiv id like 1907.05737 or 1907.05737v2, got '{entry_id}'"
    if not SAFE_ID.match(entry_id):
        return (
            "expected lower-case letters, digits, '.', '-' or '_' "
            f"(starting and ending with a letter or digit, at most 120), got '{entry_id}'"
        )
    return None


def arxiv_base(entry_id: str) -> str | None:
    """The arXiv id without its version suffix, or None for a non-arXiv id."""
    match = ARXIV_ID.match(entry_id)
    return match.group("base") if match else None


def url_problem(url: object) -> str | None:
    """Why `url` is not an acceptable http(s) URL, or None when it is."""
    if not isinstance(url, str) or not url:
        return f"expected an http(s) URL, got {_show(url)}"
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        return f"expected a URL without spaces or control characters, got {_show(url)}"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"'{parts.scheme}:'" if parts.scheme else "no scheme"
        return f"expected an http(s) URL, got {scheme} in {_show(url)}"
    if not parts.hostname:
        return f"expected a URL with a host name, got {_show(url)}"
    return None


def slugify(text: str, limit: int = 60) -> str:
    """A safe id from free text: 'PA&DA: Jointly ...' -> 'pa-da-jointly-...'."""
    ascii_text = "".join(_ascii_letter(ch) for ch in unicodedata.normalize("NFKD", text))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "entry"


def _ascii_letter(ch: str) -> str:
    """Greek letters become their Latin initial (ε -> e), other non-ASCII is dropped."""
    if ch.isascii():
        return ch
    name = unicodedata.name(ch, "")
    return name.split()[-1][0].lower() if name.startswith("GREEK") and ch.isalpha() else ""


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 80 else text[:77] + "...'"

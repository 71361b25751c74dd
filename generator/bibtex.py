"""BibTeX for an entry; arXiv entries cite as @misc with eprint/archivePrefix."""
from __future__ import annotations

import re
from collections import defaultdict

from .memo import memoized
from .model import Entry
from .text import bibtex_escape
from .urls import arxiv_base


def citation_key(entry: Entry) -> str:
    first_author = entry.authors[0].split()[-1] if entry.authors else "anon"
    surname = re.sub(r"[^a-z0-9]", "", first_author.lower()) or "anon"
    first_word = next((w for w in re.findall(r"[a-z0-9]+", entry.title.lower()) if len(w) > 3), "paper")
    return f"{surname}{entry.date.year}{first_word}"


def citation_keys(entries) -> dict[str, str]:
    """Entry id -> a citation key unique among `entries`.

    `citation_key` (author, year, first long title word) can repeat; the
    oldest entry keeps the plain key and later ones get a letter (b, c, ...),
    so adding newer papers never renames the keys of older ones.
    """
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_key[memoized("~citation_key", entry.digest, lambda: citation_key(entry))].append(entry)
    keys = {}
    for key, group in by_key.items():
        for index, entry in enumerate(sorted(group, key=lambda e: (e.date, e.id))):
            keys[entry.id] = key + _letters(index)
    return keys


def _letters(index: int) -> str:
    """'' for the first, then 'b', 'c', ..., 'z', 'ba', 'bb'... (bijective: never repeats)."""
    if index == 0:
        return ""
    letters = ""
    while index:
        index, digit = divmod(index, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return letters


def bibtex(entry: Entry, site_url: str | None = None, key: str | None = None) -> str:
    fields = [("title", "{" + bibtex_escape(entry.title) + "}")]
    if entry.authors:
        fields.append(("author", " and ".join(bibtex_escape(a) for a in entry.authors)))
    fields.append(("year", str(entry.date.year)))
    base = arxiv_base(entry.id)
    if base:
        fields += [("eprint", base), ("archivePrefix", "arXiv")]
    url = entry.link("arxiv") or entry.link("pdf") or site_url
    if url:
        fields.append(("url", bibtex_escape(url).replace(r"\_", "_").replace(r"\%", "%").replace(r"\#", "#").replace(r"\&", "&")))
    if entry.link("code"):
        fields.append(("note", "Code: \\url{" + entry.link("code") + "}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or citation_key(entry)},\n{body}\n}}"

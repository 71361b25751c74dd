"""BibTeX for an entry; arXiv entries cite as @misc with eprint/archivePrefix."""
from __future__ import annotations

import re

from .model import Entry
from .text import bibtex_escape
from .urls import arxiv_base


def citation_key(entry: Entry) -> str:
    first_author = entry.authors[0].split()[-1] if entry.authors else "anon"
    surname = re.sub(r"[^a-z0-9]", "", first_author.lower()) or "anon"
    first_word = next((w for w in re.findall(r"[a-z0-9]+", entry.title.lower()) if len(w) > 3), "paper")
    return f"{surname}{entry.date.year}{first_word}"


def bibtex(entry: Entry, site_url: str | None = None) -> str:
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
    return f"@misc{{{citation_key(entry)},\n{body}\n}}"

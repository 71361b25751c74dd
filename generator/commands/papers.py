"""Entries already in content/ and source records: finding a paper among them, and writing a
record into a new entry file or into an existing one.

A paper is found by its arXiv id (any version, whichever of id or arxiv/pdf link names it) and,
for entries that name no arXiv id, by normalized title (case, accents, punctuation ignored).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.commands.scaffold import render_entry
from generator.fields import LINK_KINDS
from generator.identifiers import arxiv_base, arxiv_id_of_url, slugify
from generator.model import Entry, Vocabulary
from generator.sources.arxiv_ids import base
from generator.sources.record import PaperRecord
from generator.validate.crosscheck import normalized_title
from generator.validate.vocabulary import suggest_tags

# The arXiv subject classes papers here are filed under, by their names in arXiv's taxonomy:
# the names join the title and abstract when tags are suggested (from the vocabulary only).
CATEGORY_NAMES = {
    "cs.AI": "artificial intelligence",
    "cs.CL": "computation and language, natural language processing (nlp)",
    "cs.CV": "computer vision and pattern recognition",
    "cs.LG": "machine learning",
    "cs.NE": "neural and evolutionary computing",
    "cs.IR": "information retrieval",
    "cs.RO": "robotics",
    "cs.SD": "sound, speech",
    "eess.AS": "audio and speech processing",
    "eess.IV": "image and video processing",
    "stat.ML": "machine learning",
    "cs.CR": "cryptography and security",
    "cs.HC": "human-computer interaction",
    "cs.GR": "graphics",
}
_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def entry_arxiv_id(entry: Entry) -> str | None:
    """The arXiv id (no version) an entry names by its id or its arxiv/pdf link."""
    for candidate in (
        entry.id,
        arxiv_id_of_url(entry.link("arxiv") or ""),
        arxiv_id_of_url(entry.link("pdf") or ""),
    ):
        if candidate and arxiv_base(candidate):
            return arxiv_base(candidate)
    return None


@dataclass
class Index:
    """Where each paper already is: arXiv id -> file, normalized title -> file."""

    by_arxiv: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)  # every entry
    by_title_no_arxiv: dict[str, str] = field(default_factory=dict)  # entries naming no arXiv id
    entries: dict[str, Entry] = field(default_factory=dict)  # file -> entry

    @classmethod
    def of(cls, entries) -> Index:
        index = cls()
        for entry in entries:
            index.entries[entry.source] = entry
            index._add(entry_arxiv_id(entry), entry.title, entry.source)
        return index

    def _add(self, arxiv_id: str | None, title: str, path: str) -> None:
        key = normalized_title(title)
        if arxiv_id:
            self.by_arxiv.setdefault(arxiv_id, path)
        else:
            self.by_title_no_arxiv.setdefault(key, path)
        self.by_title.setdefault(key, path)

    def find(self, record: PaperRecord) -> str | None:
        key = normalized_title(record.title)
        if record.arxiv_id:
            return self.by_arxiv.get(base(record.arxiv_id)) or self.by_title_no_arxiv.get(key)
        return self.by_title.get(key)

    def add(self, record: PaperRecord, path: str) -> None:
        self._add(arxiv_base(record.arxiv_id) if record.arxiv_id else None, record.title, path)


def record_links(record: PaperRecord) -> dict[str, str]:
    links = dict(record.links)
    if record.arxiv_id:  # no version: the abstract page shows the newest, and lists the others
        base = arxiv_base(record.arxiv_id)
        links["arxiv"], links["pdf"] = f"https://arxiv.org/abs/{base}", f"https://arxiv.org/pdf/{base}"
    return {kind: links[kind] for kind in LINK_KINDS if links.get(kind)}


def entry_id_of(arxiv_id: str) -> str:
    """The entry id of an arXiv paper: its id without version; an old-style id's slash (no folder
    in content/papers/) becomes a dash: hep-th/9901001 -> hep-th-9901001."""
    return (arxiv_base(arxiv_id) or arxiv_id).lower().replace("/", "-")


def entry_id_for(title: str) -> str:
    """'PC-DARTS: Partial Channel ...' -> 'pc-darts': the name before a colon, if it is one."""
    name = title.split(":")[0].strip()
    return slugify(name if ":" in title and len(name) >= 4 else title)


def suggested_tags(vocabulary: Vocabulary, record: PaperRecord) -> list[str]:
    names = [CATEGORY_NAMES[c] for c in record.categories if c in CATEGORY_NAMES]
    return suggest_tags(vocabulary, "\n".join([record.title, record.abstract, *names]))


def new_entry_text(record: PaperRecord, entry_id: str, date: dt.date, tags: list[str]) -> str:
    return render_entry(
        entry_id=entry_id,
        title=record.title,
        date=date,
        tags=tags,
        links=record_links(record),
        body=record.abstract,
        authors=list(record.authors),
        published=record.published,
        categories=list(record.categories),
    )  # `updated` is enrich's: a new entry starts from the paper as it is now


def merged_text(entry: Entry, text: str, record: PaperRecord, refresh: bool) -> tuple[str, list[str]]:
    """The entry file with what `record` knows: with `refresh`, its authors, links, dates and
    categories replace the entry's; without, only what the entry lacks is filled (and a newer
    version is recorded). The id, digest date, tags, related entries and body are kept."""
    changes: list[str] = []

    def pick(name: str, current, new):
        if new and (refresh or not current) and new != current:
            changes.append(name)
            return new
        return current

    links = {link.kind: link.url for link in entry.links}
    for kind, url in record_links(record).items():
        links[kind] = pick(f"links.{kind}", links.get(kind), url)
    authors = pick("authors", list(entry.authors), list(record.authors))
    published = pick("published", entry.published, record.published)
    categories = pick("categories", list(entry.categories), list(record.categories))
    updated = entry.updated
    newest = record.updated
    if newest and newest != (published or record.published) and newest > (updated or dt.date.min):
        updated = newest
        changes.append("updated")
    if not changes:
        return text, []
    match = _FRONT_MATTER.match(text)
    body = text[match.end() :] if match else ""
    rendered = render_entry(
        entry_id=entry.id,
        title=entry.title,
        date=entry.date,
        tags=list(entry.tags),
        links=links,
        body=body,
        authors=authors,
        related=list(entry.related),
        published=published,
        updated=updated,
        categories=categories,
    )
    return rendered, changes

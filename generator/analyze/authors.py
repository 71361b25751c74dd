"""Authors: which names are one person, and which get a page. Pure functions.

Two spellings are merged only by a rule that cannot join two different people's names:
- `name_key`: Unicode NFKC, case folded, runs of spaces made one, and a space after every
  initial's full stop ("J.R. Smith" is "J. R. Smith");
- transliteration (anyascii) of a Latin-script name, and only when it is unambiguous: among the
  keys that transliterate alike, at most one is not ASCII already ("José García" and "Jose Garcia"
  merge; "Jösé" and "José" do not, and neither joins "Jose"). Names in other scripts are never
  transliterated for merging (anyascii turns many different Chinese names into the same pinyin).
Two people who write their name the same way cannot be told apart here: they share a page.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from anyascii import anyascii

_SPACES = re.compile(r"\s+")
_INITIAL = re.compile(r"(?<=\b\w)\.(?=\w)")  # "J.R." -> "J. R."


@dataclass(frozen=True)
class Author:
    key: str  # the merged key (see module doc)
    name: str  # the spelling shown: the most frequent variant
    slug: str  # authors/<slug>/, unique across the site
    entry_ids: tuple[str, ...]  # in catalog order, each once
    variants: tuple[str, ...]  # every spelling seen, sorted


@dataclass(frozen=True)
class AuthorIndex:
    authors: tuple[Author, ...]  # with a page: most papers first, then by name
    page_of: dict[str, str]  # spelling as written -> slug, only for authors with a page


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = _INITIAL.sub(". ", text)
    return _SPACES.sub(" ", text).strip().casefold()


def is_latin(text: str) -> bool:
    """Every letter is Latin script (spaces, marks, punctuation and digits are allowed)."""
    if text.isascii():  # most names: 40,000 of them took 1 s letter by letter
        return True
    return not any(map(_other_script, unicodedata.normalize("NFD", text)))


@functools.cache
def _other_script(char: str) -> bool:
    return char.isalpha() and not unicodedata.name(char, "").startswith("LATIN")


def _ascii(text: str) -> str:
    return text if text.isascii() else anyascii(text)


def merged_keys(keys) -> dict[str, str]:
    """Each key -> the key of its group (see the module doc for when transliteration merges)."""
    by_ascii: dict[str, list[str]] = defaultdict(list)
    for key in sorted(set(keys)):
        if is_latin(key):
            by_ascii[_ascii(key).casefold()].append(key)
    merged = {key: key for key in keys}
    for ascii_key, group in by_ascii.items():
        if len(group) < 2:
            continue
        non_ascii = [key for key in group if not key.isascii()]
        if len(non_ascii) > 1:  # two different accented spellings: which one is "Jose"? Do not guess.
            continue
        for key in group:
            merged[key] = ascii_key
    return merged


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-") or "author"


def author_index(entries, min_papers: int) -> AuthorIndex:
    """Every author with at least `min_papers` entries (0: nobody gets a page)."""
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    keys_of_name: dict[str, str] = {}
    for entry in entries:
        for name in entry.authors:
            if name not in keys_of_name:
                keys_of_name[name] = name_key(name)
    groups = merged_keys(keys_of_name.values())
    papers: dict[str, dict[str, None]] = defaultdict(dict)
    for entry in entries:
        for name in entry.authors:
            group = groups[keys_of_name[name]]
            counts = spellings[group]
            counts[name] = counts.get(name, 0) + 1
            papers[group][entry.id] = None
    chosen = (
        [] if min_papers < 1 else [group for group, ids in papers.items() if group and len(ids) >= min_papers]
    )
    chosen.sort(key=lambda group: (-len(papers[group]), group))
    authors = []
    taken: set[str] = {"page"}  # authors/page/N/ are the index's pages
    for group in sorted(chosen):  # slugs by key order, so a new author elsewhere never renames one
        counts = spellings[group]
        # The most frequent spelling; on a tie the one with more non-ASCII letters, then by text.
        shown = min(counts, key=lambda name: (-counts[name], -sum(not c.isascii() for c in name), name))
        slug = base = slugify(shown)
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        authors.append(Author(group, shown, slug, tuple(papers[group]), tuple(sorted(counts))))
    authors.sort(key=lambda author: (-len(author.entry_ids), author.name.casefold(), author.slug))
    page_of = {name: author.slug for author in authors for name in author.variants}
    return AuthorIndex(tuple(authors), page_of)

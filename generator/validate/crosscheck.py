"""Checks across entries: duplicates of one paper, and references to no entry.

Both work from a few keys per entry (id, normalized title, arXiv id), so
they stay linear in the number of entries.
"""

from __future__ import annotations

import difflib
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import markdown

from generator.deps.markdown import PARSING
from generator.errors import Problem
from generator.fields import LINK_KINDS
from generator.identifiers import arxiv_base, arxiv_id_of_url
from generator.load.documents import Document
from generator.model import Entry
from generator.validate.markdown_scan import SECTION_IDS, entry_ref, is_anchor, line_of, scan_body


@dataclass(frozen=True)
class Identity:
    """What makes an entry the same paper as another, read from raw front matter."""

    path: str
    id: str
    keys: tuple[tuple[str, str, str, int], ...]  # (kind, key, field, line)


# \w is exactly what str.isalnum() accepts, plus "_" (CPython's
# _PyUnicode_IsAlpha/IsDecimalDigit/IsDigit/IsNumeric).
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


# Cyrillic and Greek letters drawn like Latin ones (a subset of Unicode's confusables.txt,
# UTS #39): a title copied with 'о' for 'o' reads the same and must collide with the original.
# A small table, not a dependency: only the duplicate key uses it, and it keeps Greek that
# reads as Greek (ε, λ, π, σ...) apart, so a real title like "DεpS" is not folded into
# "DepS". Mapped before case folding, which would turn Greek capitals into other letters.
_LOOK_ALIKES = str.maketrans(
    "АВЕКМНОРСТХЅІЈԁаеорсухѕіјԛԝӏһ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαικνρτυχ",  # Greek
    "ABEKMHOPCTXSIJdaeopcyxsijqwlhABEZHIKMNOPTYXoaikvptux",
)


def skeleton(text: str) -> str:
    """`text` with Latin look-alikes written as the Latin letters they imitate."""
    return text if text.isascii() else text.translate(_LOOK_ALIKES)


def normalized_title(title: str) -> str:
    """Titles that differ only in case, accents, spacing, punctuation or look-alike letters are the same."""
    folded = unicodedata.normalize("NFKD", skeleton(title)).casefold()
    return _NOT_ALPHANUMERIC.sub("", folded)


def identity(document: Document) -> Identity:
    meta = document.meta
    given_id = meta.get("id")
    entry_id = given_id if isinstance(given_id, str) else ""
    keys = []
    if entry_id:
        keys.append(("id", entry_id, "id", document.line_of("id")))
    title = meta.get("title")
    if isinstance(title, str) and normalized_title(title):
        keys.append(("title", normalized_title(title), "title", document.line_of("title")))
    for field, line, arxiv_id in _arxiv_ids(document, entry_id):
        if not any(kind == "arXiv id" and key == arxiv_id for kind, key, _, _ in keys):
            keys.append(("arXiv id", arxiv_id, field, line))
    return Identity(document.path, entry_id, tuple(keys))


def _arxiv_ids(document: Document, entry_id: str):
    """(field, line, arXiv id without version) from the id and the arxiv/pdf links."""
    if arxiv_base(entry_id):
        yield "id", document.line_of("id"), arxiv_base(entry_id)
    links = document.meta.get("links")
    if isinstance(links, dict):
        for kind in LINK_KINDS[:2]:  # arxiv, pdf
            named = arxiv_id_of_url(links.get(kind))
            if named:
                yield "links", document.line_of("links", kind), arxiv_base(named)


def check_duplicates(checked: list[Identity], others: list[Identity], problems: list[Problem]) -> None:
    """Report every checked file that is a second copy of a paper, naming a file it collides with.

    Without history we cannot tell which copy is the new one, so each checked
    copy is reported; unchecked entries (a partial check) only serve as originals.
    """
    holders: dict[tuple[str, str], list[Identity]] = defaultdict(list)
    for ident in [*others, *checked]:
        for kind, key, _, _ in ident.keys:
            holders[(kind, key)].append(ident)
    for ident in checked:
        named: set[str] = set()  # one report per pair of files, even when title and arXiv id both match
        for kind, key, field, line in ident.keys:
            other = next(
                (o for o in holders[(kind, key)] if o.path != ident.path and o.path not in named), None
            )
            if other is not None:
                named.add(other.path)
                problems.append(Problem(ident.path, line, field, _duplicate_message(kind, key, other.path)))


def _duplicate_message(kind: str, key: str, other: str) -> str:
    if kind == "title":
        return (
            f"near-identical to the title of {other} (expected one entry per paper; titles are "
            "compared ignoring case, accents, spaces, punctuation and look-alike letters)"
        )
    if kind == "arXiv id":
        return (
            f"arXiv paper {key} also has an entry, {other} "
            "(expected one entry per paper; v1, v2... are one paper)"
        )
    return f"'{key}' is also the id of {other} (expected a unique id)"


def check_references(entries: list[tuple[Document, Entry]], ids: set[str], problems: list[Problem]) -> None:
    for document, entry in entries:
        for index, ref in enumerate(entry.related):
            line = document.line_of("related", index)
            if ref == entry.id:
                problems.append(
                    Problem(
                        document.path,
                        line,
                        "related",
                        f"'{ref}' is this entry itself (expected the id of another entry)",
                    )
                )
            elif ref not in ids:
                problems.append(
                    Problem(
                        document.path,
                        line,
                        "related",
                        f"no entry with id '{ref}'{_did_you_mean(ref, ids)} "
                        "(expected the id of an entry in content/papers/)",
                    )
                )
        for ref in entry.body_refs:
            if ref not in ids:
                line = line_of(document.body, f"{ref}.md", document.body_line)
                problems.append(
                    Problem(
                        document.path,
                        line,
                        "notes",
                        f"link '{ref}.md' points to no entry{_did_you_mean(ref, ids)} "
                        "(expected 'other-id.md' where other-id is the id of an entry in content/papers/)",
                    )
                )
    notes_of = {entry.id: entry.notes for _, entry in entries if entry.id}
    for document, entry in entries:
        _check_anchors(document, entry, notes_of, problems)


SECTION_ANCHORS = SECTION_IDS  # the sections of every entry page, as toc names them
_ANCHOR_LINK = re.compile(r"\.md#|\]\(\s*<?#|\]:\s*<?#")  # a notes text without one links to no anchor
_ID = re.compile(r'\bid="([^"]*)"')


def _check_anchors(
    document: Document, entry: Entry, notes_of: dict[str, str], problems: list[Problem]
) -> None:
    """`other.md#part` and `#part` in the notes must name a section of that entry's page or an id
    its notes make (headings, footnotes): MkDocs would otherwise fail the build naming no file.
    Entries a partial check only knows by their front matter are not looked into."""
    if not entry.notes or not _ANCHOR_LINK.search(entry.notes):
        return
    for url in dict.fromkeys(scan_body(entry.notes).urls):
        target = entry.id if is_anchor(url) else entry_ref(url)
        if not target or "#" not in url or target not in notes_of:
            continue
        anchor = unquote(url.split("#", 1)[1])
        known = page_anchors(notes_of[target])
        if anchor in known:
            continue
        headings = sorted(a for a in known if a not in SECTION_ANCHORS and ":" not in a)[:5]
        shown = url if len(url) <= 60 else url[:57] + "..."
        where = "this entry's page" if is_anchor(url) else f"the page of entry '{target}'"
        problems.append(
            Problem(
                document.path,
                line_of(document.body, url, document.body_line),
                "notes",
                f"link {shown!r} names no anchor of {where} (expected "
                f"{', '.join('#' + a for a in SECTION_ANCHORS)}"
                f"{' or a heading of its notes: ' + ', '.join('#' + a for a in headings) if headings else ''}"
                ")",
            )
        )


_anchor_parser = threading.local()  # `serve` rebuilds in a thread of its own


@lru_cache(maxsize=4096)
def page_anchors(notes: str) -> frozenset[str]:
    """The ids an entry page has: its fixed sections, and the headings and footnotes of `notes`,
    named as the page's toc names them (after the Abstract and Notes headings)."""
    if not hasattr(_anchor_parser, "md"):
        _anchor_parser.md = markdown.Markdown(extensions=[*PARSING, "toc"])  # toc's slugs, as on the site
    _anchor_parser.md.reset()
    html = _anchor_parser.md.convert("## Abstract\n\n## Notes\n\n" + notes)
    return frozenset(SECTION_ANCHORS) | frozenset(_ID.findall(html))


def _did_you_mean(ref: str, ids: set[str]) -> str:
    guess = difflib.get_close_matches(ref, ids, n=1, cutoff=0.75)
    return f", did you mean '{guess[0]}'?" if guess else ""

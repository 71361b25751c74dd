"""Front-matter fields, one check each: what the field table (generator/fields.py) says each holds."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import PurePosixPath

from generator.errors import Severity, describe
from generator.fields import BY_NAME, FRONT_MATTER, LINK_KINDS
from generator.fields import REQUIRED as REQUIRED_FIELDS
from generator.identifiers import (
    ARXIV_CATEGORY,
    arxiv_base,
    arxiv_id_of_url,
    arxiv_link_problem,
    id_problem,
    parse_date,
    url_problem,
)
from generator.limits import MAX_AUTHOR, MAX_AUTHORS
from generator.load.documents import Document
from generator.model import Link, Vocabulary
from generator.validate.charcheck import char_problem
from generator.validate.vocabulary import closest_tag

REQUIRED = {field.name: field.expected for field in REQUIRED_FIELDS}


KNOWN_FIELDS = {field.name for field in FRONT_MATTER}


BODY_FIELDS = {field.name for field in BY_NAME.values()} - KNOWN_FIELDS | {"summary"}  # written in the body


# Dates the site can show: the archive, feeds (32-bit timestamps end in 2106) and citations
# are written for these years. Digests began with arXiv (1991); a paper may be older.
DATE_RANGE = {
    "date": (dt.date(1991, 1, 1), dt.date(2100, 12, 31)),
    "published": (dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    "updated": (dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
}


MAX_TITLE = 300
MAX_CATEGORIES = 20  # a paper is cross-listed in a handful


def check_authors(authors: tuple[str, ...], report) -> None:
    if len(authors) > MAX_AUTHORS:
        report(
            "authors",
            f"lists {len(authors):,} authors (expected at most {MAX_AUTHORS:,}; "
            "the largest collaborations sign about 5,000)",
        )
    for index, author in enumerate(authors):
        if len(author) > MAX_AUTHOR:
            report(
                "authors",
                f"item {index + 1} is {len(author):,} characters long "
                f"(expected one author's name, at most {MAX_AUTHOR} characters)",
                index,
            )
            return


def check_unknown_fields(meta: dict, report) -> None:
    for field in sorted(set(meta) - KNOWN_FIELDS, key=str):
        name = str(field)
        if name.lower() in BODY_FIELDS:
            report(
                name,
                "does not belong in the front matter (expected the abstract, then an optional "
                "'## Notes' section, as Markdown after the closing '---' line)",
            )
            continue
        guess = difflib.get_close_matches(name.lower(), sorted(KNOWN_FIELDS), n=1, cutoff=0.6)
        hint = f", did you mean '{guess[0]}'?" if guess else ""
        report(
            name,
            f"unknown field{hint} (expected one of {', '.join(sorted(KNOWN_FIELDS))})",
            severity=Severity.WARNING,
        )


def check_id(doc: Document, value, report) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        report("id", f"is {describe(value)} (expected text: {REQUIRED['id']})")
        return ""
    problem = id_problem(value)
    file_name = PurePosixPath(doc.path).name
    if problem:
        report("id", problem)
    elif PurePosixPath(doc.path).stem != value:
        report(
            "id",
            f"'{value}' does not match the file name '{file_name}' (expected the file to be named "
            f"'{value}.md')",
        )
    return value


def check_title(value, report) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        report("title", f"is {describe(value)} (expected text; quote a title that contains ': ')")
        return ""
    title = " ".join(value.split())
    if len(title) > MAX_TITLE:
        report("title", f"is {len(title)} characters long (expected at most {MAX_TITLE})")
    return title


def check_date(value, report, field: str = "date") -> dt.date:
    fallback = dt.date(1970, 1, 1)
    if value in (None, ""):
        return fallback
    try:
        date = parse_date(value)
    except ValueError as problem:
        report(field, str(problem))
        return fallback
    first, last = DATE_RANGE[field]
    if not first <= date <= last:
        report(field, f"'{value}' is out of range (expected a date from {first} to {last})")
        return fallback
    return date


def check_characters(meta: dict, report) -> None:
    """Controls and invisible characters in the title (list items: see string_list)."""
    title = meta.get("title")
    if isinstance(title, str) and (problem := char_problem(title, invisible=True)):
        report("title", problem)


def string_list(value, field: str, expected: str, report) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        report(
            field,
            f"is {describe(value)}, not a list (expected a list of {expected}, e.g. [a, b] or '- a' lines)",
        )
        return ()
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            report(field, f"item {index + 1} is {describe(item)} (expected text: {expected})", index)
        elif problem := char_problem(
            item, invisible=True
        ):  # an author, tag or id: never shown or printed raw
            report(field, f"item {index + 1} {problem}", index)
        else:
            items.append(" ".join(item.split()))
    return tuple(items)


def check_tags(tags: tuple[str, ...], vocabulary: Vocabulary, report) -> tuple[str, ...]:
    known = vocabulary.by_slug()
    aliases = vocabulary.canonical()
    for index, tag in enumerate(tags):
        if tag in known or vocabulary.unreadable or tag in vocabulary.broken:
            continue  # (a broken content/tags.yml is reported once, not as an unknown tag per entry)
        if tag.lower() in aliases:
            canonical = aliases[tag.lower()]
            report(
                "tags",
                f"'{tag}' is an alias of '{canonical}' (expected the canonical tag '{canonical}')",
                index,
            )
            continue
        suggestion = closest_tag(vocabulary, tag)
        hint = f", did you mean '{suggestion}'?" if suggestion else ""
        report("tags", f"unknown tag '{tag}'{hint} (expected a tag from content/tags.yml)", index)
    if len(set(tags)) != len(tags):
        twice = next(tag for tag in tags if tags.count(tag) > 1)
        report("tags", f"'{twice}' is listed twice (expected each tag once)", severity=Severity.WARNING)
    return tuple(dict.fromkeys(tags))


def check_links(value, entry_id: str, report) -> tuple[Link, ...]:
    kinds = ", ".join(LINK_KINDS)
    if value is None:
        return ()
    if not isinstance(value, dict):
        report("links", f"is {describe(value)} (expected a mapping of {kinds} to URLs)")
        return ()
    links = []
    for kind, url in value.items():
        if kind not in LINK_KINDS:
            report("links", f"unknown link kind '{kind}' (expected one of {kinds})", kind)
            continue
        if url is None:
            continue
        problem = url_problem(url) or (arxiv_link_problem(url) if kind == "arxiv" else None)
        if problem:
            report("links", f"{kind}: {problem}", kind)
            continue
        named = arxiv_id_of_url(url)
        if kind == "arxiv" and arxiv_base(entry_id) and named and arxiv_base(named) != arxiv_base(entry_id):
            report(
                "links",
                f"arxiv: names arXiv paper {named} but the id is {entry_id} "
                f"(expected https://arxiv.org/abs/{entry_id})",
                kind,
            )
            continue
        links.append(Link(kind, url))
    return tuple(sorted(links, key=lambda link: LINK_KINDS.index(link.kind)))


def check_updated(updated: dt.date | None, published: dt.date | None, report) -> dt.date | None:
    if updated and published and updated < published:
        report(
            "updated",
            f"{updated} is before published {published} (expected {BY_NAME['updated'].expected})",
        )
        return None
    return updated


def check_categories(categories: tuple[str, ...], report) -> tuple[str, ...]:
    if len(categories) > MAX_CATEGORIES:
        report(
            "categories",
            f"lists {len(categories)} categories (expected at most {MAX_CATEGORIES}: "
            f"{BY_NAME['categories'].expected})",
        )
        return ()
    for index, category in enumerate(categories):
        if not ARXIV_CATEGORY.match(category):
            shown = category if len(category) <= 40 else category[:40] + "..."
            report(
                "categories",
                f"item {index + 1} '{shown}' is not an arXiv category "
                f"(expected {BY_NAME['categories'].expected})",
                index,
            )
            return ()
    if len(set(categories)) != len(categories):
        twice = next(c for c in categories if categories.count(c) > 1)
        report(
            "categories",
            f"'{twice}' is listed twice (expected each category once)",
            severity=Severity.WARNING,
        )
    return tuple(dict.fromkeys(categories))

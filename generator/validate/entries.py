"""Stage 2, validate: turn loaded documents into entries, collecting every problem.

Nothing here stops at the first problem: a contributor sees all of them at
once. `validate` raises ContentError only after looking at everything.
Each message says what is wrong, then what was expected, in parentheses.
"""

from __future__ import annotations

import re

from generator.errors import ContentError, Problem, Severity
from generator.fields import BY_NAME, PLACEHOLDER_ABSTRACT
from generator.limits import MAX_ABSTRACT
from generator.load.content import Content
from generator.load.documents import Document
from generator.model import Catalog, Entry, Settings, Vocabulary
from generator.runtime.memo import digest, memoized
from generator.validate.charcheck import char_problem
from generator.validate.crosscheck import check_duplicates, check_references, identity, normalized_title
from generator.validate.front_matter import (
    DATE_RANGE,
    REQUIRED,
    check_authors,
    check_categories,
    check_characters,
    check_date,
    check_id,
    check_links,
    check_tags,
    check_title,
    check_unknown_fields,
    check_updated,
    string_list,
)
from generator.validate.markdown_scan import (
    line_of,
    split_body,
)
from generator.validate.notes import check_notes
from generator.validate.vocabulary import parse_vocabulary

__all__ = ["validate", "normalized_title"]

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # used with fullmatch: ASCII digits, no trailing newline


def validate(
    content: Content,
    settings: Settings,
    strict: bool = False,
    known_ids: set[str] | None = None,
    others: tuple[Document, ...] = (),
) -> Catalog:
    """Check every document; return the catalog or raise ContentError with all problems.

    `others` are entries that are not being checked but exist (a partial
    check): references resolve against them and duplicates of them are
    reported. `known_ids` adds more ids that references may name.
    """
    problems = list(content.problems)
    vocabulary = parse_vocabulary(content.vocabulary, content.vocabulary_lines, problems)
    entries, valid = [], []
    vocabulary_key = digest(repr(vocabulary))
    for document in content.documents:
        entry, found = _checked_entry(document, vocabulary, vocabulary_key)
        problems.extend(found)
        entries.append((document, entry))
        if not any(p.severity is Severity.ERROR for p in found):
            valid.append(entry)
    checked = [_identity(document) for document in content.documents]
    unchecked = [_identity(document) for document in others]
    problems += _duplicates(tuple(checked), tuple(unchecked))
    all_ids = {ident.id for ident in [*checked, *unchecked]} | set(known_ids or ())
    check_references(
        entries, all_ids - {""}, problems
    )  # even for entries with other errors: report all at once
    if strict:
        problems = [Problem(p.path, p.line, p.field, p.message, Severity.ERROR) for p in problems]
    if any(p.severity is Severity.ERROR for p in problems):
        raise ContentError(problems)
    ordered = sorted(valid, key=lambda e: (-e.date.toordinal(), e.id))
    return Catalog(tuple(ordered), vocabulary, settings, tuple(sorted(problems)))


def _checked_entry(
    doc: Document, vocabulary: Vocabulary, vocabulary_key: bytes
) -> tuple[Entry, tuple[Problem, ...]]:
    """One document's entry and problems: the same file and vocabulary always give the same."""

    key = digest(doc.digest, vocabulary_key) if doc.digest else b""

    def check() -> tuple[Entry, tuple[Problem, ...]]:
        found: list[Problem] = []
        return _entry_from(doc, vocabulary, found, key), tuple(found)

    if not key:  # a document that did not come from a file
        return check()
    return memoized("entry", key, check)


_last_duplicates: list = [None, None]  # (identities, their problems) of the last check in this process


def _duplicates(checked: tuple, unchecked: tuple) -> list[Problem]:
    """check_duplicates, again only when some identity changed (an edit rarely touches id, title or arXiv
    id)."""
    if _last_duplicates[0] != (checked, unchecked):
        found: list[Problem] = []
        check_duplicates(list(checked), list(unchecked), found)
        _last_duplicates[:] = [(checked, unchecked), found]
    return list(_last_duplicates[1])


def _identity(document: Document):
    """A document's identity, once per file content (saved with the cache: loading them is cheaper
    than making them again)."""
    if not document.digest:
        return identity(document)
    return memoized("identity", document.digest, lambda: identity(document))


def _entry_from(doc: Document, vocabulary: Vocabulary, problems: list[Problem], key: bytes = b"") -> Entry:
    """The entry as far as it can be read; the caller keeps it only if no error was added."""

    def report(field: str, message: str, *path, severity: Severity = Severity.ERROR, line: int = 0) -> None:
        problems.append(Problem(doc.path, line or doc.line_of(field, *path), field, message, severity))

    meta = doc.meta
    for field, expected in REQUIRED.items():
        if meta.get(field) in (None, ""):
            report(
                field, f"is missing (expected {expected})", line=doc.line_of(field) if field in meta else 2
            )
    check_unknown_fields(meta, report)
    entry_id = check_id(doc, meta.get("id"), report)
    title = check_title(meta.get("title"), report)
    date = check_date(meta.get("date"), report)
    published = check_date(meta.get("published"), report, "published") if meta.get("published") else None
    if published and published > date >= DATE_RANGE["date"][0]:  # (an unreadable date is reported already)
        report(
            "published",
            f"{published} is after the digest date {date} (expected the paper's own date, "
            "on or before the day it was digested)",
            severity=Severity.WARNING,
        )
    dated = len(problems)
    updated = check_date(meta.get("updated"), report, "updated") if meta.get("updated") else None
    if len(problems) == dated:  # a valid date: is it after the first version?
        updated = check_updated(updated, published, report)
    authors = string_list(meta.get("authors"), "authors", BY_NAME["authors"].expected, report)
    check_characters(meta, report)
    check_authors(authors, report)
    tags = check_tags(
        string_list(meta.get("tags"), "tags", BY_NAME["tags"].expected, report), vocabulary, report
    )
    links = check_links(meta.get("links"), entry_id, report)
    categories = check_categories(
        string_list(meta.get("categories"), "categories", BY_NAME["categories"].expected, report), report
    )
    related = string_list(meta.get("related"), "related", BY_NAME["related"].expected, report)
    abstract, notes = split_body(doc.body)
    _check_body_characters(doc, abstract, notes, report)
    body_refs = check_notes(doc, notes, report)
    if not abstract:
        report(
            "abstract",
            f"is missing (expected {BY_NAME['abstract'].expected})",
            line=doc.body_line,
        )
    elif len(abstract) > MAX_ABSTRACT:
        report(
            "abstract",
            f"is {len(abstract):,} characters long (expected at most {MAX_ABSTRACT:,}; "
            "the longest real arXiv abstracts have about 1,920)",
            line=doc.body_line,
        )
    elif PLACEHOLDER_ABSTRACT in doc.body:
        report(
            "abstract",
            "is still the placeholder written by 'paperdigest new' (expected the paper's abstract)",
            line=line_of(doc.body, PLACEHOLDER_ABSTRACT, doc.body_line),
        )
    return Entry(
        entry_id,
        title,
        date,
        authors,
        tags,
        links,
        related,
        abstract,
        notes,
        body_refs,
        doc.path,
        key,
        published,
        updated,
        categories,
    )


def _check_body_characters(doc: Document, abstract: str, notes: str, report) -> None:
    """Controls in the abstract or notes; bidi and zero-width characters may be real there (Arabic,
    Persian)."""
    for field, text in (("abstract", abstract), ("notes", notes)):
        if text and (problem := char_problem(text)):
            bad = next(ch for ch in text if char_problem(ch))
            report(field, problem, line=line_of(doc.body, bad, doc.body_line))

"""Stage 2, validate: turn loaded documents into entries, collecting every problem.

Nothing here stops at the first problem: a contributor sees all of them at
once. `validate` raises ContentError only after looking at everything.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import PurePosixPath

from .errors import ContentError, Problem
from .load import Content, Document
from .markdown_scan import is_relative, line_of, scan_body, split_body
from .model import LINK_KINDS, Catalog, Entry, Link, Settings, Vocabulary
from .urls import arxiv_base, id_problem, url_problem
from .vocabulary import closest_tag, parse_vocabulary

REQUIRED = ("id", "title", "date")
KNOWN_FIELDS = {"id", "title", "date", "authors", "tags", "links", "related"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate(content: Content, settings: Settings, strict: bool = False, known_ids: set[str] | None = None) -> Catalog:
    """Check every document; return the catalog or raise ContentError with all problems.

    `known_ids` lets a partial check (some files only) resolve references to
    entries it did not load.
    """
    problems = list(content.problems)
    vocabulary = parse_vocabulary(content.vocabulary, content.vocabulary_lines, problems)
    entries = []
    for document in content.documents:
        entry = _entry_from(document, vocabulary, problems)
        if entry is not None:
            entries.append((document, entry))
    _check_duplicates(entries, problems)
    _check_references(entries, problems, known_ids or set())
    if strict:
        problems = [Problem(p.path, p.line, p.field, p.message, "error") for p in problems]
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    ordered = sorted((entry for _, entry in entries), key=lambda e: (-e.date.toordinal(), e.id))
    return Catalog(tuple(ordered), vocabulary, settings, tuple(sorted(problems)))


def _entry_from(doc: Document, vocabulary: Vocabulary, problems: list[Problem]) -> Entry | None:
    before = len(problems)

    def report(field: str, message: str, *path, severity: str = "error", line: int = 0) -> None:
        problems.append(Problem(doc.path, line or doc.line_of(field, *path), field, message, severity))

    meta = doc.meta
    for field in REQUIRED:
        if meta.get(field) in (None, ""):
            problems.append(Problem(doc.path, 2, field, "required field missing"))
    for field in sorted(set(meta) - KNOWN_FIELDS, key=str):
        report(str(field), f"unknown field (expected one of {', '.join(sorted(KNOWN_FIELDS))})", severity="warning")
    entry_id = _check_id(doc, meta.get("id"), report)
    title = _check_title(meta.get("title"), report)
    date = _check_date(meta.get("date"), report)
    authors = _string_list(meta.get("authors"), "authors", report)
    tags = _check_tags(_string_list(meta.get("tags"), "tags", report), vocabulary, report)
    links = _check_links(meta.get("links"), report)
    related = _string_list(meta.get("related"), "related", report)
    abstract, notes = split_body(doc.body)
    body_refs = _check_body(doc, report)
    if not abstract:
        problems.append(Problem(doc.path, doc.body_line, "abstract", "missing (expected the abstract as the text after the front matter)"))
    if len(problems) > before and any(p.severity == "error" for p in problems[before:]):
        return None
    return Entry(entry_id, title, date, authors, tags, links, related, abstract, notes, body_refs, doc.path)


def _check_id(doc: Document, value, report) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        report("id", f"expected text, got {type(value).__name__}")
        return ""
    problem = id_problem(value)
    if problem:
        report("id", problem)
    elif PurePosixPath(doc.path).stem != value:
        report("id", f"expected the file to be named '{value}.md', got '{PurePosixPath(doc.path).name}'")
    return value


def _check_title(value, report) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        report("title", f"expected text, got {type(value).__name__}")
        return ""
    title = " ".join(value.split())
    if len(title) > 300:
        report("title", f"expected at most 300 characters, got {len(title)}")
    return title


def _check_date(value, report) -> dt.date:
    fallback = dt.date(1970, 1, 1)
    if value in (None, ""):
        return fallback
    text = str(value)
    if not isinstance(value, str) or not DATE.match(text):
        report("date", f"expected YYYY-MM-DD, got '{text}'")
        return fallback
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        report("date", f"expected a real date in YYYY-MM-DD, got '{text}'")
        return fallback


def _string_list(value, field: str, report) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        report(field, f"expected a list, got {_kind(value)}")
        return ()
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            report(field, f"item {index + 1}: expected text, got {_kind(item)}", index)
        else:
            items.append(" ".join(item.split()))
    return tuple(items)


def _check_tags(tags: tuple[str, ...], vocabulary: Vocabulary, report) -> tuple[str, ...]:
    known = vocabulary.by_slug()
    aliases = vocabulary.canonical()
    for index, tag in enumerate(tags):
        if tag in known:
            continue
        if tag.lower() in aliases:
            report("tags", f"'{tag}' is an alias: write it as '{aliases[tag.lower()]}'", index)
            continue
        suggestion = closest_tag(vocabulary, tag)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else " (see content/tags.yml)"
        report("tags", f"unknown tag '{tag}'{hint}", index)
    if len(set(tags)) != len(tags):
        report("tags", "lists a tag twice", severity="warning")
    return tuple(dict.fromkeys(tags))


def _check_links(value, report) -> tuple[Link, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        report("links", f"expected a mapping of {', '.join(LINK_KINDS)} to URLs, got {_kind(value)}")
        return ()
    links = []
    for kind, url in value.items():
        if kind not in LINK_KINDS:
            report("links", f"unknown link kind '{kind}' (expected one of {', '.join(LINK_KINDS)})", kind)
            continue
        if url is None:
            continue
        problem = url_problem(url)
        if problem:
            report("links", f"{kind}: {problem}", kind)
            continue
        links.append(Link(kind, url))
    return tuple(sorted(links, key=lambda link: LINK_KINDS.index(link.kind)))


def _check_body(doc: Document, report) -> tuple[str, ...]:
    scan = scan_body(doc.body)
    for snippet in scan.raw_html:
        line = line_of(doc.body, snippet, doc.body_line)
        shown = snippet if len(snippet) <= 40 else snippet[:37] + "..."
        report("body", f"raw HTML is not allowed, found '{shown}' (write Markdown instead)", line=line)
    for url in scan.urls:
        if is_relative(url):
            continue
        problem = url_problem(url)
        if problem:
            report("body", f"link {problem}", line=line_of(doc.body, url, doc.body_line))
    return scan.entry_refs


def _check_duplicates(entries: list[tuple[Document, Entry]], problems: list[Problem]) -> None:
    first_by_key: dict[tuple[str, str], Document] = {}
    for document, entry in entries:
        keys = [("id", entry.id), ("title", normalized_title(entry.title))]
        if arxiv_base(entry.id):
            keys.append(("arXiv id", arxiv_base(entry.id)))
        for kind, key in keys:
            other = first_by_key.setdefault((kind, key), document)
            if other is not document:
                field = "title" if kind == "title" else "id"
                problems.append(Problem(document.path, document.line_of(field), field, f"duplicate {kind}: same paper as {other.path}"))


def normalized_title(title: str) -> str:
    """Titles that differ only in case, accents, spacing or punctuation are the same."""
    folded = unicodedata.normalize("NFKD", title).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _check_references(entries: list[tuple[Document, Entry]], problems: list[Problem], known_ids: set[str]) -> None:
    ids = {entry.id for _, entry in entries} | known_ids
    for document, entry in entries:
        for index, ref in enumerate(entry.related):
            if ref == entry.id:
                problems.append(Problem(document.path, document.line_of("related", index), "related", f"'{ref}' is this entry itself"))
            elif ref not in ids:
                problems.append(Problem(document.path, document.line_of("related", index), "related", f"no entry with id '{ref}'"))
        for ref in entry.body_refs:
            if ref not in ids:
                line = line_of(document.body, f"{ref}.md", document.body_line)
                problems.append(Problem(document.path, line, "body", f"link to '{ref}.md': no entry with id '{ref}'"))


def _kind(value) -> str:
    return {dict: "a mapping", list: "a list", str: f"'{value}'"}.get(type(value), type(value).__name__)

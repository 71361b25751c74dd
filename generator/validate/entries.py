"""Stage 2, validate: turn loaded documents into entries, collecting every problem.

Nothing here stops at the first problem: a contributor sees all of them at
once. `validate` raises ContentError only after looking at everything.
Each message says what is wrong, then what was expected, in parentheses.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import PurePosixPath

from generator.commands.scaffold import PLACEHOLDER_ABSTRACT
from generator.errors import ContentError, Problem, shorten
from generator.identifiers import arxiv_base, arxiv_id_of_url, arxiv_link_problem, id_problem, url_problem
from generator.limits import LINK_SCAN_BUDGET, MAX_ABSTRACT, MAX_AUTHOR, MAX_AUTHORS, unclosed_markup
from generator.load.content import Content, Document
from generator.model import LINK_KINDS, Catalog, Entry, Link, Settings, Vocabulary
from generator.runtime.memo import digest, memoized
from generator.validate.charcheck import char_problem
from generator.validate.crosscheck import check_duplicates, check_references, identity, normalized_title
from generator.validate.markdown_scan import (
    RESERVED_IDS,
    entry_ref,
    is_anchor,
    is_relative,
    line_of,
    reserved_id,
    scan_body,
    split_body,
)
from generator.validate.vocabulary import closest_tag, parse_vocabulary

__all__ = ["validate", "normalized_title", "KNOWN_FIELDS"]

REQUIRED = {
    "id": "the entry's id, which is also the file name without '.md'",
    "title": "the paper's title",
    "date": "the digest date as YYYY-MM-DD",
}
KNOWN_FIELDS = {
    "id",
    "title",
    "date",
    "published",
    "updated",
    "authors",
    "tags",
    "categories",
    "links",
    "related",
}
BODY_FIELDS = {"abstract", "notes", "summary"}  # written in the body, not the front matter
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # used with fullmatch: ASCII digits, no trailing newline
# Dates the site can show: the archive, feeds (32-bit timestamps end in 2106) and citations
# are written for these years. Digests began with arXiv (1991); a paper may be older.
DATE_RANGE = {
    "date": (dt.date(1991, 1, 1), dt.date(2100, 12, 31)),
    "published": (dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    "updated": (dt.date(1900, 1, 1), dt.date(2100, 12, 31)),  # the newest arXiv version seen (enrich)
}
# arXiv subject classes: cs.LG, stat.ML, hep-th, math.GT (arXiv's category taxonomy).
CATEGORY = re.compile(r"[a-z]{2,8}(?:-[a-z]{2,8})?(?:\.[A-Za-z]{2,8}(?:-[A-Za-z]{2,8})?)?")
MAX_TITLE = 300
MARKDOWN_ONLY = "expected Markdown only: no HTML tags, scripts, iframes, event handlers or styles"


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
        if not any(p.severity == "error" for p in found):
            valid.append(entry)
    checked = [_identity(document) for document in content.documents]
    unchecked = [_identity(document) for document in others]
    problems += _duplicates(tuple(checked), tuple(unchecked))
    all_ids = {ident.id for ident in [*checked, *unchecked]} | set(known_ids or ())
    check_references(
        entries, all_ids - {""}, problems
    )  # even for entries with other errors: report all at once
    if strict:
        problems = [Problem(p.path, p.line, p.field, p.message, "error") for p in problems]
    if any(p.severity == "error" for p in problems):
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
    """check_duplicates, again only when some identity changed (an edit rarely touches id, title or arXiv id)."""
    if _last_duplicates[0] != (checked, unchecked):
        found: list[Problem] = []
        check_duplicates(list(checked), list(unchecked), found)
        _last_duplicates[:] = [(checked, unchecked), found]
    return list(_last_duplicates[1])


def _identity(document: Document):
    """A document's identity, once per file content (saved with the cache: at 10,000 entries
    loading them takes 0.2 s, making them again 0.5 s)."""
    if not document.digest:
        return identity(document)
    return memoized("identity", document.digest, lambda: identity(document))


def _entry_from(doc: Document, vocabulary: Vocabulary, problems: list[Problem], key: bytes = b"") -> Entry:
    """The entry as far as it can be read; the caller keeps it only if no error was added."""

    def report(field: str, message: str, *path, severity: str = "error", line: int = 0) -> None:
        problems.append(Problem(doc.path, line or doc.line_of(field, *path), field, message, severity))

    meta = doc.meta
    for field, expected in REQUIRED.items():
        if meta.get(field) in (None, ""):
            report(
                field, f"is missing (expected {expected})", line=doc.line_of(field) if field in meta else 2
            )
    _check_unknown_fields(meta, report)
    entry_id = _check_id(doc, meta.get("id"), report)
    title = _check_title(meta.get("title"), report)
    date = _check_date(meta.get("date"), report)
    published = _check_date(meta.get("published"), report, "published") if meta.get("published") else None
    updated = _check_date(meta.get("updated"), report, "updated") if meta.get("updated") else None
    categories = _string_list(meta.get("categories"), "categories", "arXiv categories like cs.LG", report)
    for index, category in enumerate(categories):
        if not CATEGORY.fullmatch(category):
            report(
                "categories", f"item {index + 1} is not an arXiv category (expected one like cs.LG)", index
            )
    authors = _string_list(meta.get("authors"), "authors", "one author per item", report)
    _check_characters(meta, report)
    _check_authors(authors, report)
    tags = _check_tags(
        _string_list(meta.get("tags"), "tags", "tags from content/tags.yml", report), vocabulary, report
    )
    links = _check_links(meta.get("links"), entry_id, report)
    related = _string_list(meta.get("related"), "related", "ids of other entries", report)
    abstract, notes = split_body(doc.body)
    _check_body_characters(doc, abstract, notes, report)
    body_refs = _check_notes(doc, notes, report)
    if not abstract:
        report(
            "abstract",
            "is missing (expected the abstract, as the authors wrote it, after the closing '---' line)",
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


def _check_authors(authors: tuple[str, ...], report) -> None:
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


def _check_unknown_fields(meta: dict, report) -> None:
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
            severity="warning",
        )


def _check_id(doc: Document, value, report) -> str:
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
            f"'{value}' does not match the file name '{file_name}' (expected the file to be named '{value}.md')",
        )
    return value


def _check_title(value, report) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        report("title", f"is {describe(value)} (expected text; quote a title that contains ': ')")
        return ""
    title = " ".join(value.split())
    if len(title) > MAX_TITLE:
        report("title", f"is {len(title)} characters long (expected at most {MAX_TITLE})")
    return title


def _check_date(value, report, field: str = "date") -> dt.date:
    fallback = dt.date(1970, 1, 1)
    if value in (None, ""):
        return fallback
    if not isinstance(value, str) or not DATE.fullmatch(value):
        report(field, f"{describe(value)} is not a date (expected YYYY-MM-DD, e.g. 2026-03-12)")
        return fallback
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        report(field, f"'{value}' is not a real date (expected YYYY-MM-DD with a valid month and day)")
        return fallback
    first, last = DATE_RANGE[field]
    if not first <= date <= last:
        report(field, f"'{value}' is out of range (expected a date from {first} to {last})")
        return fallback
    return date


def _check_characters(meta: dict, report) -> None:
    """Controls and invisible characters in the title (list items: see _string_list)."""
    title = meta.get("title")
    if isinstance(title, str) and (problem := char_problem(title, invisible=True)):
        report("title", problem)


def _check_body_characters(doc: Document, abstract: str, notes: str, report) -> None:
    """Controls in the abstract or notes; bidi and zero-width characters may be real there (Arabic, Persian)."""
    for field, text in (("abstract", abstract), ("notes", notes)):
        if text and (problem := char_problem(text)):
            bad = next(ch for ch in text if char_problem(ch))
            report(field, problem, line=line_of(doc.body, bad, doc.body_line))


def _string_list(value, field: str, expected: str, report) -> tuple[str, ...]:
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


def _check_tags(tags: tuple[str, ...], vocabulary: Vocabulary, report) -> tuple[str, ...]:
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
        report("tags", f"'{twice}' is listed twice (expected each tag once)", severity="warning")
    return tuple(dict.fromkeys(tags))


def _check_links(value, entry_id: str, report) -> tuple[Link, ...]:
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


def _check_notes(doc: Document, notes: str, report) -> tuple[str, ...]:
    """The notes are Markdown, checked the way Markdown reads them; the abstract is the authors'
    text, shown as written (escaped), so nothing in it can be markup."""
    if not notes:
        return ()
    first_line = line_of(doc.body, notes, doc.body_line)
    unclosed = unclosed_markup(notes)
    if unclosed is not None:  # Markdown would take minutes over these notes: stop before it reads them
        offset, what, close = unclosed
        report(
            "notes",
            f"too many {what} without their closing '{close}' (expected Markdown links written "
            f"[text](url), brackets closed; Markdown would read more than {LINK_SCAN_BUDGET:,} "
            "characters to find them)",
            line=first_line + notes.count("\n", 0, offset),
        )
        return ()
    scan = scan_body(notes)

    def line(snippet: str) -> int:
        return line_of(notes, snippet, first_line)

    opened = {_tag_name(snippet) for snippet in scan.raw_html if not snippet.startswith("</")}
    for snippet in scan.raw_html:
        if snippet.startswith("</") and _tag_name(snippet) in opened:
            continue  # '<b>' was reported; its '</b>' adds nothing
        report("notes", f"raw HTML {shorten(snippet)} is not allowed ({MARKDOWN_ONLY})", line=line(snippet))
    # Every attribute a `{: ... }` list sets is refused, '#id' and '.class' too: an id can replace
    # an element of the theme (Material reads its settings from #__config) and a class can draw
    # the theme's own notices (.md-dialog).
    listed = {name for name, _ in scan.attribute_lists}
    reported = set()
    for name, written in [
        *scan.attribute_lists,
        *((name, name) for name, _ in scan.attributes if name not in listed),
    ]:
        if (name, line(written)) not in reported:  # '{: .a .b }' is one problem
            reported.add((name, line(written)))
            report(
                "notes",
                f"attribute '{name}' is not allowed ({MARKDOWN_ONLY}; remove the '{{: ... }}')",
                line=line(written),
            )
    listed_ids = {written for name, written in scan.attribute_lists if name == "id"}
    for fence in scan.fences:
        report(
            "notes",
            f"code fence {shorten(fence)} sets options (expected only a language name after the "
            "fence, e.g. ```python: no {...} attributes, title= or other options)",
            line=line(fence),
        )
    for level, heading_id, text in scan.headings:
        if level <= 2:
            report(
                "notes",
                f"heading {shorten(text)} is level {level}, a section of the page (expected '###' "
                "or deeper in the notes: '#' and '##' are the page's own headings)",
                line=line(text),
            )
        elif reserved_id(heading_id) and heading_id not in listed_ids:  # (a listed id is reported above)
            report(
                "notes",
                f"heading {shorten(text)} would take the id '{heading_id}', which the page or theme "
                f"uses (expected a heading whose id is not {', '.join(sorted(RESERVED_IDS))} and does "
                "not start with '_' or 'pd-')",
                line=line(text),
            )
    for src in scan.images:
        report(
            "notes",
            f"image {shorten(src)} is not allowed (expected a link to it instead: an image in the "
            "notes is fetched from its site by every reader's browser)",
            line=line(src),
        )
    for url in scan.urls:
        if is_anchor(url) or entry_ref(url):
            continue
        if is_relative(url):
            report(
                "notes",
                f"link {shorten(url)} points inside the site "
                "(expected an http(s) URL, or 'other-id.md' to link another entry)",
                line=line(url),
            )
        elif problem := url_problem(url):
            report("notes", f"link {problem}", line=line(url))
    return scan.entry_refs


def _tag_name(snippet: str) -> str:
    match = re.match(r"</?([A-Za-z][A-Za-z0-9-]*)", snippet)
    return match.group(1).lower() if match else snippet


def describe(value) -> str:
    """How a found value reads in a message."""
    if isinstance(value, str):
        return shorten(value)
    return {dict: "a mapping", list: "a list", type(None): "empty"}.get(type(value), type(value).__name__)

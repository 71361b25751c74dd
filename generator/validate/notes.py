"""The curator's notes (Markdown after '## Notes'): what they may hold, as Python-Markdown parses them."""

from __future__ import annotations

import re

from generator.errors import shorten
from generator.identifiers import (
    url_problem,
)
from generator.limits import LINK_SCAN_BUDGET, unclosed_markup
from generator.load.documents import Document
from generator.validate.markdown_scan import (
    RESERVED_IDS,
    entry_ref,
    is_anchor,
    is_relative,
    line_of,
    reserved_id,
    scan_body,
)

MARKDOWN_ONLY = "expected Markdown only: no HTML tags, scripts, iframes, event handlers or styles"


def check_notes(doc: Document, notes: str, report) -> tuple[str, ...]:
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

    opened = {tag_name(snippet) for snippet in scan.raw_html if not snippet.startswith("</")}
    for snippet in scan.raw_html:
        if snippet.startswith("</") and tag_name(snippet) in opened:
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


def tag_name(snippet: str) -> str:
    match = re.match(r"</?([A-Za-z][A-Za-z0-9-]*)", snippet)
    return match.group(1).lower() if match else snippet

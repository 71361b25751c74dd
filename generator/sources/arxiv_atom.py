"""The arXiv API's Atom responses, as the arXiv API User's Manual (section 3.3) describes them.

Feed: opensearch:totalResults. Each <entry>: <id> (http://arxiv.org/abs/ID with version),
<published> (first version), <updated> (this version), <title>, <summary>, <author><name>,
<arxiv:primary_category term>, <category term>, <link rel="alternate"> (abstract page),
<link title="pdf" rel="related">, <arxiv:comment>. An error is an entry whose id is
http://arxiv.org/api/errors#... and whose <summary> says what was wrong (section 3.4).

Parsed with the standard library's ElementTree (strict: a malformed response is an error with its
line, where feedparser would guess); its expat refuses entity expansion bombs and never fetches
external entities.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from generator.errors import PaperDigestError
from generator.sources.arxiv_ids import parse_id
from generator.sources.links import find_links
from generator.sources.record import PaperRecord, arxiv_categories, collapse

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
ERROR_ID = "arxiv.org/api/errors"


def parse_atom(text: str | bytes, source: str = "arXiv API") -> list[PaperRecord]:
    head = (text.decode("utf-8", "replace") if isinstance(text, bytes) else text).lstrip()[:60]
    if head and not head.startswith("<"):  # arXiv answers 'Rate exceeded.' as plain text when busy
        shown = " ".join(head.split())
        raise PaperDigestError(f"{source}: not Atom but text: '{shown}' (try again later)")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        raise PaperDigestError(f"{source}: not well-formed Atom (line {line}, column {column})") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise PaperDigestError(f"{source}: expected an Atom <feed>, found <{_local(root.tag)}>")
    papers = []
    for entry in root.findall("atom:entry", NS):
        entry_id = _text(entry, "atom:id")
        if ERROR_ID in entry_id:
            raise PaperDigestError(f"{source}: arXiv says: {collapse(_text(entry, 'atom:summary'))}")
        papers.append(_paper(entry, entry_id, source))
    return papers


def _paper(entry: ET.Element, entry_id: str, source: str) -> PaperRecord:
    arxiv_id = parse_id(entry_id.rsplit("/abs/", 1)[-1], f"{source}: <id>")
    where = f"{source} {arxiv_id}"
    title, abstract = collapse(_text(entry, "atom:title")), _text(entry, "atom:summary").strip()
    if not title or not abstract:
        raise PaperDigestError(f"{where}: the entry has no <title> or no <summary>")
    primary = entry.find("arxiv:primary_category", NS)
    categories = [primary.get("term", "")] if primary is not None else []
    categories += [c.get("term", "") for c in entry.findall("atom:category", NS)]
    links = find_links(abstract)
    comment = _text(entry, "arxiv:comment")
    for kind, url in find_links(comment).items():
        links.setdefault(kind, url)
    return PaperRecord(
        title=title,
        abstract=abstract,
        source=where,
        arxiv_id=arxiv_id,
        authors=tuple(collapse(_text(a, "atom:name")) for a in entry.findall("atom:author", NS)),
        published=_date(entry, "atom:published", where),
        updated=_date(entry, "atom:updated", where),
        categories=arxiv_categories(categories),
        links=links,
    )


def total_results(text: str | bytes) -> int | None:
    found = ET.fromstring(text).find("opensearch:totalResults", NS)
    count = found.text if found is not None else None
    return int(count) if count and count.isdigit() else None


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "") if found is not None else ""


def _date(entry: ET.Element, path: str, where: str) -> dt.date | None:
    value = _text(entry, path).strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise PaperDigestError(
            f"{where}: <{path.split(':')[1]}> is {value!r} (expected an ISO 8601 time)"
        ) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def looks_like_atom(text: str) -> bool:
    head = text.lstrip()[:500]
    return head.startswith("<") and "http://www.w3.org/2005/Atom" in head

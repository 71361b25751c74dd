"""What a contributed Markdown body contains, seen the way Markdown parses it.

We ask Python-Markdown itself (the renderer MkDocs uses) rather than guessing
with regular expressions: raw HTML is whatever it stashes as raw HTML, and
links are the href/src attributes of the tree it builds.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

# Same extensions as mkdocs.yml's markdown_extensions that change parsing.
EXTENSIONS = ["attr_list", "admonition", "footnotes", "tables", "fenced_code", "md_in_html"]
ENTRY_LINK = re.compile(r"^(?:\.\./papers/|\./)?(?P<id>[^/#?]+)\.md(?:#.*)?$")


@dataclass(frozen=True)
class BodyScan:
    raw_html: tuple[str, ...]  # raw HTML snippets, as written
    urls: tuple[str, ...]  # every href/src, as written
    entry_refs: tuple[str, ...]  # ids of entries linked as `other-id.md`


class _CollectUrls(Treeprocessor):
    def __init__(self, md, sink: list[str]):
        super().__init__(md)
        self.sink = sink

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                if element.get(attribute) is not None:
                    self.sink.append(element.get(attribute))


def scan_body(text: str) -> BodyScan:
    urls: list[str] = []
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.treeprocessors.register(_CollectUrls(md, urls), "collect_urls", 0)
    md.convert(text)
    # Entities such as &amp; are stashed too; only tags and comments are HTML.
    raw_html = tuple(s.strip() for s in md.htmlStash.rawHtmlBlocks if str(s).lstrip().startswith("<"))
    refs = []
    for url in urls:
        match = ENTRY_LINK.match(url)
        if match and ":" not in url:
            refs.append(posixpath.basename(match.group("id")))
    return BodyScan(raw_html, tuple(urls), tuple(dict.fromkeys(refs)))


def is_relative(url: str) -> bool:
    return not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url) and not url.startswith("//")


def line_of(text: str, snippet: str, first_line: int) -> int:
    """The file line where `snippet` first appears in a body starting at `first_line`."""
    index = text.find(snippet[:40])
    return first_line + (text.count("\n", 0, index) if index >= 0 else 0)


NOTES_HEADING = re.compile(r"^##\s+Notes\s*$", re.MULTILINE | re.IGNORECASE)


def split_body(body: str) -> tuple[str, str]:
    """(abstract, notes): the notes start at a '## Notes' heading."""
    match = NOTES_HEADING.search(body)
    if not match:
        return body.strip(), ""
    return body[: match.start()].strip(), body[match.end():].strip()

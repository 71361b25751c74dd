"""What a contributed Markdown body contains, seen the way Markdown parses it.

We ask Python-Markdown itself (the renderer MkDocs uses) rather than guessing
with regular expressions: raw HTML is what its raw-HTML processors stash, and
links and attributes are those of the tree it builds.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

# Same extensions as mkdocs.yml's markdown_extensions that change parsing.
EXTENSIONS = ["attr_list", "admonition", "footnotes", "tables", "fenced_code", "md_in_html"]
# Scanning mirrors the site's parser (superfences) but leaves out md_in_html,
# so any HTML block, even `<div markdown>`, is seen as the raw HTML it is.
SCAN_EXTENSIONS = ["attr_list", "admonition", "footnotes", "tables", "pymdownx.superfences"]
ENTRY_LINK = re.compile(r"^(?:\.\./papers/|\./)?(?P<id>[^/#?:]+)\.md(?:#.*)?$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Attributes Markdown itself writes; anything else came from attr_list `{: ... }`.
ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "id", "class"}
TABLE_ALIGN = re.compile(r"^text-align: (?:left|right|center);$")


@dataclass(frozen=True)
class BodyScan:
    raw_html: tuple[str, ...]  # raw HTML snippets, as written
    urls: tuple[str, ...]  # every href/src, as written
    entry_refs: tuple[str, ...]  # ids of entries linked as `other-id.md`
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value) of attributes Markdown would not write


class _Scanner(Treeprocessor):
    """One reusable Markdown parser that records raw HTML, URLs and attributes."""

    def __init__(self):
        self.md = markdown.Markdown(extensions=SCAN_EXTENSIONS)
        super().__init__(self.md)
        self.md.treeprocessors.register(self, "collect_tree", 0)
        self.raw: list[str] = []
        self.urls: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self._record_raw_html()

    def scan(self, text: str) -> BodyScan:
        self.raw, self.urls, self.attributes = [], [], []
        self.md.reset()
        self.md.convert(text)
        raw_html = tuple(dict.fromkeys(snippet.strip() for snippet in self.raw if snippet.strip()))
        refs = (entry_ref(url) for url in self.urls)
        return BodyScan(raw_html, tuple(self.urls), tuple(dict.fromkeys(ref for ref in refs if ref)),
                        tuple(dict.fromkeys(self.attributes)))

    def run(self, root):
        for element in root.iter():
            for name, value in element.attrib.items():
                if name in ("href", "src"):
                    self.urls.append(value)
                if name not in ALLOWED_ATTRIBUTES and not _is_table_alignment(element.tag, name, value):
                    self.attributes.append((name, value))

    def _record_raw_html(self) -> None:
        """Collect what the raw-HTML processors stash (code blocks are stashed too, by others)."""
        md = self.md

        def recording(method):
            def run(*args):
                start = len(md.htmlStash.rawHtmlBlocks)
                result = method(*args)
                self.raw.extend(str(block) for block in md.htmlStash.rawHtmlBlocks[start:])
                return result
            return run

        block = md.preprocessors["html_block"]
        block.run = recording(block.run)
        inline = md.inlinePatterns["html"]
        inline.handleMatch = recording(inline.handleMatch)


def _is_table_alignment(tag: str, name: str, value: str) -> bool:
    return tag in ("th", "td") and name == "style" and bool(TABLE_ALIGN.match(value))


_local = threading.local()  # a parser per thread: MkDocs' live server rebuilds in its own


# Raw HTML and autolinks need '<', links, images and footnotes '[', attributes '{':
# a body with none of them has nothing to find, and parsing it is the slow part.
_FINDABLE = re.compile(r"[<\[{]")


def scan_body(text: str) -> BodyScan:
    if not _FINDABLE.search(text):
        return BodyScan((), (), ())
    if not hasattr(_local, "scanner"):
        _local.scanner = _Scanner()
    return _local.scanner.scan(text)


def entry_ref(url: str) -> str | None:
    """The entry id a body link such as `other-id.md` or `../papers/other-id.md#notes` names."""
    match = ENTRY_LINK.match(url)
    return match.group("id") if match else None


def is_relative(url: str) -> bool:
    return not SCHEME.match(url) and not url.startswith("//")


def is_anchor(url: str) -> bool:
    """A link within the page (footnotes make these)."""
    return url.startswith("#")


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

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

from generator.deps import markdown as extensions

ENTRY_LINK = re.compile(r"^(?:\.\./papers/|\./)?(?P<id>[^/#?:]+)\.md(?:#.*)?$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Attributes Markdown itself writes; anything else came from attr_list `{: ... }`.
ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "id", "class"}
TABLE_ALIGN = re.compile(r"^text-align: (?:left|right|center);$")
# A fence may name its language and nothing else: `{...}` attributes, `title=`, `hl_lines=`
# and anything superfences does not recognise are options a contributor should not set.
PLAIN_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})[ \t]*\.?[\w#.+-]*[ \t]*$")
# Ids a heading in the notes must not take. We refuse such headings rather than prefixing
# every notes id: toc has no per-section prefix, and links to '#my-heading' keep working.
# Material's own elements all have ids starting with '__' (__config, __drawer, __search,
# __source, __code_0, ...), our theme's start with 'pd-', and an entry page's sections
# are the ids below: a notes heading taking one of them would come first in the page, so
# Material's scripts (or '#references' links) would find it instead of the real element.
SECTION_IDS = (
    "abstract",
    "notes",
    "references",
    "backlinks",
    "related-papers",
    "cite",
)  # entry.md.j2's sections
RESERVED_IDS = frozenset(SECTION_IDS)
RESERVED_ID_PREFIXES = ("_", "pd-")
HEADINGS = {f"h{level}": level for level in range(1, 7)}


@dataclass(frozen=True)
class BodyScan:
    raw_html: tuple[str, ...]  # raw HTML snippets, as written
    urls: tuple[str, ...]  # every href/src, as written
    entry_refs: tuple[str, ...]  # ids of entries linked as `other-id.md`
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value) of attributes Markdown would not write
    attribute_lists: tuple[tuple[str, str], ...] = ()  # (name, as written) of every `{: ... }` item
    fences: tuple[str, ...] = ()  # fence opening lines that set more than a language
    headings: tuple[tuple[int, str, str], ...] = ()  # (level, id toc gives it, text)
    images: tuple[str, ...] = ()  # the src of every image


class _Scanner(Treeprocessor):
    """One reusable Markdown parser that records raw HTML, URLs and attributes."""

    def __init__(self):
        self.md = markdown.Markdown(extensions=extensions.SCANNING)
        super().__init__(self.md)
        self.md.treeprocessors.register(self, "collect_tree", 0)
        self.raw: list[str] = []
        self.urls: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.attribute_lists: list[tuple[str, str]] = []
        self.fences: list[str] = []
        self.headings: list[tuple[int, str, str]] = []
        self.images: list[str] = []
        extensions.record_raw_html(self.md, self.raw.append)
        extensions.record_attribute_lists(self.md, self._record_attribute)
        extensions.record_fences(self.md, self._record_fence)

    def scan(self, text: str) -> BodyScan:
        for found in (self.raw, self.urls, self.attributes, self.attribute_lists, self.fences):
            found.clear()  # cleared, not replaced: the recorders hold these lists
        self.headings, self.images = [], []
        self.md.reset()
        self.md.convert(text)
        raw_html = tuple(dict.fromkeys(snippet.strip() for snippet in self.raw if snippet.strip()))
        refs = (entry_ref(url) for url in self.urls)
        return BodyScan(
            raw_html,
            tuple(self.urls),
            tuple(dict.fromkeys(ref for ref in refs if ref)),
            tuple(dict.fromkeys(self.attributes)),
            tuple(dict.fromkeys(self.attribute_lists)),
            tuple(dict.fromkeys(self.fences)),
            tuple(self.headings),
            tuple(self.images),
        )

    def run(self, root):
        for element in root.iter():
            if element.tag in HEADINGS:
                self.headings.append(
                    (HEADINGS[element.tag], element.get("id", ""), "".join(element.itertext()))
                )
            if element.tag == "img":
                self.images.append(element.get("src", ""))
            for name, value in element.attrib.items():
                if name in ("href", "src"):
                    self.urls.append(value)
                if name not in ALLOWED_ATTRIBUTES and not _is_table_alignment(element.tag, name, value):
                    self.attributes.append((name, value))

    def _record_attribute(self, name: str, value: str) -> None:
        shown = {"#": "id", ".": "class"}.get(name, name)
        written = value if name in ("id", ".") and value else name  # what to find the line by
        self.attribute_lists.append((shown, written))

    def _record_fence(self, line: str) -> None:
        if not PLAIN_FENCE.match(line):  # we refuse every option but a language
            self.fences.append(line.strip())


def _is_table_alignment(tag: str, name: str, value: str) -> bool:
    return tag in ("th", "td") and name == "style" and bool(TABLE_ALIGN.match(value))


_local = threading.local()  # a parser per thread: MkDocs' live server rebuilds in its own


# Raw HTML and autolinks need '<', links, images and footnotes '[', attributes '{':
# a body with none of them has nothing to find, and parsing it is the slow part.
_FINDABLE = re.compile(r"[<\[{]")
# Headings ('#' lines, or a line underlined with '=' or '-') have ids; fences have options.
_HEADING_LIKE = re.compile(r"^[ \t>]*(?:#|`{3}|~{3}|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)


def reserved_id(heading_id: str) -> bool:
    return heading_id in RESERVED_IDS or heading_id.startswith(RESERVED_ID_PREFIXES)


def scan_body(text: str) -> BodyScan:
    if not _FINDABLE.search(text) and not _HEADING_LIKE.search(text):
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


NOTES_HEADING = re.compile(r"^##\s+Notes\s*$", re.IGNORECASE)
# A fence line: up to the quote and list indentation, then ``` or ~~~ (and, opening, an info string).
FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def split_body(body: str) -> tuple[str, str]:
    """(abstract, notes): the notes start at a '## Notes' heading, one outside any code fence
    (a '## Notes' line inside a fence is the fence's text, not where the notes begin)."""
    fence = ""
    offset = 0
    for line in body.split("\n"):
        line += "\n"  # (one more than the body has at its end: only the offset before it is used)
        text = line.rstrip("\r\n")
        match = FENCE.match(text)
        if fence:
            if (
                match
                and match.group("fence")[0] == fence[0]
                and len(match.group("fence")) >= len(fence)
                and not match.group("info").strip()
            ):
                fence = ""
        elif match and not (match.group("fence")[0] == "`" and "`" in match.group("info")):
            fence = match.group("fence")
        elif NOTES_HEADING.match(text):
            return body[:offset].strip(), body[offset + len(line) :].strip()
        offset += len(line)
    return body.strip(), ""

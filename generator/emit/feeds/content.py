"""An entry's Markdown as the HTML a feed reader shows: absolute links, no active attributes.

Feed readers show an item outside the site, so every relative link is resolved
the way MkDocs resolves it on the entry page and made absolute, and only
attributes that carry content (not behaviour, such as attr_list's `{ onclick=... }`)
survive.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urljoin, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.deps.markdown import SITE
from generator.fields import LINK_LABELS
from generator.model import Entry
from generator.paths import entry_page, url_of
from generator.runtime.memo import digest, memoized
from generator.text.authortext import paragraphs

_KEPT_ATTRIBUTES = {"href", "src", "alt", "title", "id", "class", "colspan", "rowspan", "align", "start"}
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def absolute_url(url: str, page: str, site_url: str) -> str:
    """`url` as written in the Markdown file `page` (docs-relative), as an absolute URL."""
    if _SCHEME.match(url) or url.startswith("//"):
        return url
    page_url = site_url + url_of(page)
    parts = urlsplit(url)
    if not parts.path:
        return urljoin(page_url, url)  # '#fn:1', '?q': the entry page itself
    if parts.path.startswith("/"):
        return urljoin(site_url, url)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    if target == ".." or target.startswith("../"):
        return urljoin(page_url, url)
    path = url_of(target) if target.endswith(".md") else target
    suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return site_url + path + suffix


class _AbsoluteLinks(Treeprocessor):
    """Makes href/src absolute and drops attributes outside a small content-only list."""

    def __init__(self, md, converter: EntryHtml):
        super().__init__(md)
        self.converter = converter

    def run(self, root):
        for element in root.iter():
            for name in [name for name in element.attrib if name not in _KEPT_ATTRIBUTES]:
                del element.attrib[name]
            for name in ("href", "src"):
                value = element.get(name)
                if value is None:
                    continue
                url = self.converter.absolute(value.strip())
                scheme = urlsplit(url).scheme.lower()
                if scheme in _SAFE_SCHEMES:
                    element.set(name, url)
                else:
                    del element.attrib[name]


class EntryHtml:
    """Renders entries to feed HTML; one Markdown instance serves every entry of a build."""

    def __init__(self, site_url: str):
        self.site_url = site_url
        self.page = ""
        self._md = markdown.Markdown(extensions=SITE)
        self._md.treeprocessors.register(_AbsoluteLinks(self._md, self), "pd_absolute_links", -10)
        self._cache: dict[str, str] = {}

    def absolute(self, url: str) -> str:
        return absolute_url(url, self.page, self.site_url)

    def render(self, entry: Entry) -> str:
        """Abstract and notes (one document, as on the entry page), then the paper's links."""
        if entry.id not in self._cache:
            key = digest(entry.digest, self.site_url)
            self._cache[entry.id] = memoized("feed_html", key, lambda: self._render(entry))
        return self._cache[entry.id]

    def _render(self, entry: Entry) -> str:
        self.page = entry_page(entry.id)
        rendered = paragraphs(entry.abstract)
        if entry.notes:
            self._md.reset()
            rendered += "\n" + self._md.convert(f"## Notes\n\n{entry.notes}")
        if entry.links:
            anchors = [
                f'<a href="{html.escape(link.url, quote=True)}">{LINK_LABELS[link.kind]}</a>'
                for link in entry.links
            ]
            rendered += "\n<p>" + " · ".join(anchors) + "</p>"
        return rendered

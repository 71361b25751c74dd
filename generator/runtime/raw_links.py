"""The links of the HTML blocks we write whole, checked as MkDocs checks the links of Markdown.

Python-Markdown passes an HTML block through as it is, so MkDocs neither resolves nor checks its
links: listing items (generator/templates/_macros.md.j2) link by the URLs MkDocs would have
written (generator/emit/render.py's `href`). Each converted page's raw HTML (`page.raw_html`, set by
generator/deps/mkdocs.py) is read here: a relative link to no file of the site is a warning, which
fails the strict build naming the page, as MkDocs words it for Markdown links.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote

_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
log = logging.getLogger("mkdocs.paperdigest.links")


def targets(page_url: str, blocks) -> list[tuple[str, str]]:
    """(href, the site file it names) of each relative link in these HTML blocks of the page at `page_url`."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    found = []
    for block in blocks:
        for match in _HREF.finditer(block):
            url = html.unescape(match.group(1) if match.group(1) is not None else match.group(2))
            path = unquote(url.split("#", 1)[0].split("?", 1)[0])
            if not path or path.startswith("/") or _SCHEME.match(path):
                continue  # a link within the page, to an absolute path or to another site
            target = posixpath.normpath(posixpath.join(folder, path))
            if path.endswith("/") or target == "." or path.endswith("/."):
                target = "index.html" if target == "." else target + "/index.html"
            found.append((url, target))
    return found


def check(page, site_files: set[str], looked_up: Callable[[tuple[str, str], bool], None]) -> None:
    """Warn for each link of the page's raw HTML to no file in `site_files` (site paths, as dest_uri);
    tell `looked_up` every path looked up, keyed ("dest", path), so a rebuild re-checks the page when
    one comes or goes."""
    for url, target in targets(page.file.url, page.raw_html or ()):
        exists = target in site_files
        looked_up(("dest", target), exists)
        if not exists:
            log.warning(
                f"Doc file '{page.file.src_uri}' contains a link '{url}', but the target '{target}' "
                "is not found among the site's files."
            )
    page.raw_html = None  # read once: the page object lives on until the build ends

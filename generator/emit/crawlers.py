"""robots.txt: every page may be crawled; the sitemap lists them all.

Crawlers read robots.txt only at the root of a host; when site_url has a path
(a project site), this file is still where the site's own root points to.
"""

from __future__ import annotations

from generator.analyze.analysis import Analysis
from generator.model import Catalog, OutputFile

ROBOTS = "robots.txt"


def emit_robots(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {catalog.settings.site_url}sitemap.xml\n"
    return [OutputFile(ROBOTS, text.encode("utf-8"))]

"""Heading ids: toc's own slugs, never one of the ids the theme's JavaScript looks up.

Material finds its configuration, drawer, search and palette by ids that start
with '__' (`__config`, `__search`...): a notes heading `### __config` given that
id would replace the theme's settings or crash its scripts on the page. mkdocs.yml
names this function as toc's slugify; check's anchor test (crosscheck.page_anchors)
uses it too, so `#part` links name the ids pages really have.
"""
from __future__ import annotations

from markdown.extensions.toc import slugify as toc_slugify

RESERVED_PREFIX = "__"  # every id Material reserves starts with it


def slugify(value: str, separator: str) -> str:
    slug = toc_slugify(value, separator)
    return "h" + slug if slug.startswith(RESERVED_PREFIX) else slug

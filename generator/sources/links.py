"""Code and project links a paper's abstract or a source names."""

from __future__ import annotations

import re

from generator.identifiers import url_problem
from generator.text import authortext

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")


def find_links(abstract: str) -> dict[str, str]:
    """The code repository and project page an abstract names (bare, `\\url{}` or `\\href{}{}`), if any."""
    links: dict[str, str] = {}
    for url in authortext.links(abstract):
        kind = link_kind(url)
        if kind:
            links.setdefault(kind, url)
    return links


def link_kind(url: str) -> str | None:
    """'code' for a code host, 'project' for another acceptable URL, None for one check would refuse."""
    if url_problem(url):
        return None
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()
    return "code" if host in CODE_HOSTS else "project"

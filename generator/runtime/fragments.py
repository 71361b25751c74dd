"""Parts of the theme's pages rendered once per folder instead of once per page.

Material renders the navigation into every page (about a fifth of a page's render on ours). On a
page outside the navigation no item is active, and its links are relative to the page's folder,
so every page of a folder gets the same HTML: theme/partials/nav.html asks `pd_fragment` for it.
Plain `mkdocs build` has no `pd_fragment` and renders the partial for every page, to the same
bytes (tests/test_deps_mkdocs.py compares the two on every page).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

GLOBAL = "pd_fragment"  # the name theme/partials/ call it by


class Fragments:
    """pd_fragment(name, page, render): render()'s output, once per name and folder of the page's
    URL, for pages outside the navigation; for the navigation's own pages, render() each time."""

    def __init__(self, in_navigation: set[int]) -> None:
        self._in_navigation = in_navigation  # id() of each page in the navigation
        self._rendered: dict[tuple[str, str, bool], object] = {}

    def __call__(self, name: str, page, render: Callable[[], object]) -> object:
        if page is None or id(page) in self._in_navigation:
            return render()
        url = page.url
        key = (name, posixpath.dirname(url.rstrip("/")), url.endswith("/"))
        if key not in self._rendered:
            self._rendered[key] = render()
        return self._rendered[key]


def install(env, in_navigation: set[int]) -> None:
    """Make pd_fragment available to the theme's templates in `env` (MkDocs' Jinja environment);
    `in_navigation` holds the id() of each page in the navigation."""
    env.globals[GLOBAL] = Fragments(in_navigation)

"""What's new (pd-whats-new.js): the home page marks papers added since the last visit."""

from __future__ import annotations

import pytest

from test_a11y import RUN_AXE
from test_authors import author_site  # noqa: F401
from test_authors_browser import author_url  # noqa: F401

pytestmark = pytest.mark.browser


def test_papers_since_the_last_visit_are_marked(browser, author_url, js_modules):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(author_url)
    assert page.locator(".pd-new").count() == 0  # first visit
    assert page.evaluate("() => localStorage.getItem('pd-last-seen')") == "2026-03-12"
    # A later visit, after a digest the reader had not seen: the last visit saw 2026-03-11.
    page.evaluate("() => { localStorage.setItem('pd-last-seen', '2026-03-11'); sessionStorage.clear(); }")
    page.reload()
    assert page.locator('[data-pd-paper="three"] .pd-new').inner_text() == "New"
    assert "1 paper added since your last visit" in page.locator("[data-pd-whats-new]").inner_text()
    page.add_script_tag(path=str(js_modules / "axe-core" / "axe.min.js"))
    assert not page.evaluate(RUN_AXE)
    page.reload()  # the same visit: still marked
    assert page.locator(".pd-new").count() == 1
    context.close()

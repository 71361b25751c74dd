"""Author pages in the browser: follow an author's feed link and parse the feed; Subscribe on a
phone (its tag feeds table fits the screen; its author paragraph leads to the author pages); axe
stays clean on author pages, the authors index and Subscribe, light and dark, phone and desktop."""

from __future__ import annotations

import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree

import pytest

from support import served
from test_a11y import RUN_AXE, SCHEMES
from test_authors import author_site  # noqa: F401  (the module fixture: a small site with author pages)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def author_url(author_site):  # noqa: F811
    with served(author_site) as url:
        yield url


def test_follow_an_author_from_an_entry_page_to_their_feed(browser, author_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(author_url + "papers/three/")
        page.get_by_role("link", name="Xiao-jun Wu").click()
        page.wait_for_url("**/authors/xiao-jun-wu/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Author: Xiao-Jun Wu")
        href = page.get_by_role("link", name="RSS feed").get_attribute("href")
        with urllib.request.urlopen(urllib.parse.urljoin(page.url, href)) as response:
            feed = ElementTree.fromstring(response.read())
        assert feed.findtext("channel/title").endswith("papers by Xiao-Jun Wu")
        assert [item.findtext("title") for item in feed.iter("item")] == ["Paper three", "Paper two"]
    finally:
        context.close()


def test_subscribe_feeds_table_fits_a_phone(browser, seed_url):
    """At 390 px the tag table's feed addresses wrap (unbroken, the table was wider than the screen
    and cut them off), each still a working feed. The repository's own content and tags."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(seed_url + "subscribe/")
        wrapper = page.locator(".md-typeset__scrollwrap").first
        widths = wrapper.evaluate("(element) => [element.scrollWidth, element.clientWidth]")
        assert widths[0] <= widths[1], widths
        feeds = page.locator(".md-typeset__table td a[href$='.xml']")
        assert feeds.count() > 10
        right = max(
            box["x"] + box["width"] for box in (feeds.nth(n).bounding_box() for n in range(feeds.count()))
        )
        assert right <= 390, right
        with urllib.request.urlopen(
            urllib.parse.urljoin(page.url, feeds.first.get_attribute("href"))
        ) as response:
            assert ElementTree.fromstring(response.read()).tag == "rss"
    finally:
        context.close()


def test_subscribe_leads_to_the_author_pages(browser, author_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(author_url + "subscribe/")
        paragraph = page.locator("p", has_text="has an RSS feed of their papers")
        assert "linked on their page under their name" in paragraph.inner_text()
        paragraph.get_by_role("link", name="page").click()
        page.wait_for_url("**/authors/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Authors")
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", ["authors/benoit-sagot/", "authors/", "subscribe/"])
def test_author_pages_have_no_serious_axe_violations(browser, author_url, js_modules, path, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(author_url + path)
        page.add_script_tag(path=str(js_modules / "axe-core" / "axe.min.js"))
        violations = page.evaluate(RUN_AXE)
        assert not violations, "\n".join(violations)
    finally:
        context.close()

"""The reading list in the browser: star three papers on different pages, export, parse the BibTeX
strictly (pybtex), read the RIS with rispy and the CSL-JSON with citeproc-py; open a shared link
(with an unknown id) in a new context; the entry page stays readable without JavaScript."""

from __future__ import annotations

import io
import json

import pytest
from pybtex.database import parse_string

from test_a11y import RUN_AXE
from test_authors import author_site  # noqa: F401
from test_authors_browser import author_url  # noqa: F401

pytestmark = pytest.mark.browser


def star(page, name="Add to reading list"):
    page.get_by_role("button", name=name).first.click()


def test_star_export_and_share(browser, author_url, author_site, js_modules):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(author_url + "papers/one/")
    star(page)
    assert page.get_by_role("button", name="Remove from reading list").count() == 1
    page.goto(author_url)  # home: paper three
    page.locator('[data-pd-paper="three"] .pd-star').click()
    page.goto(author_url + "digests/2026-03-11/")  # paper two
    page.locator('[data-pd-paper="two"] .pd-star').click()
    page.get_by_role("link", name="Reading list").first.click()
    page.wait_for_url("**/reading-list/")
    page.get_by_role("link", name="Export as BibTeX").wait_for()
    assert page.locator(".pd-reading-list__items li").count() == 3
    page.add_script_tag(path=str(js_modules / "axe-core" / "axe.min.js"))
    assert not page.evaluate(RUN_AXE)

    def download(name):
        with page.expect_download() as info:
            page.get_by_role("link", name=f"Export as {name}").click()
        return open(info.value.path(), encoding="utf-8").read()

    bib = parse_string(download("BibTeX"), "bibtex")  # strict: pybtex raises on any error
    site_keys = set(parse_string((author_site / "papers.bib").read_text(), "bibtex").entries)
    assert len(bib.entries) == 3 and set(bib.entries) <= site_keys
    import rispy

    ris = rispy.load(io.StringIO(download("RIS")))
    assert sorted(r["id"] for r in ris) == ["one", "three", "two"]
    assert {r["type_of_reference"] for r in ris} == {"UNPB"}  # a type of the RIS specification
    assert "UNPB" in rispy.TYPE_OF_REFERENCE_MAPPING
    assert next(r for r in ris if r["id"] == "two")["authors"] == [
        "Benoit Sagot",
        author_site_hostile(),
        "Xiao-Jun Wu",
    ]
    from citeproc.source.json import CiteProcJSON

    csl = json.loads(download("CSL-JSON"))
    source = CiteProcJSON(csl)
    assert sorted(source) == ["one", "three", "two"]
    assert str(source["one"]["title"]) == "Paper one" and source["one"]["issued"]["year"] == 2026

    share = page.get_by_role("link", name="Link to this list").get_attribute("href")
    context.close()
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(author_url.rstrip("/") + share.replace("#ids=", "#ids=no-such-paper,../x,"))
    other.locator(".pd-reading-list__items li").nth(2).wait_for()
    assert other.locator(".pd-reading-list__items li").count() == 3
    assert "2 unknown ids were dropped" in other.locator(".pd-reading-list__status").inner_text()
    fresh.close()


def author_site_hostile():
    from test_authors import HOSTILE

    return HOSTILE


def test_entry_page_reads_without_javascript(browser, author_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(author_url + "papers/one/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Paper one")
    assert page.locator(".pd-star").count() == 0
    context.close()


def test_search_results_star_papers_and_link_authors_by_mouse_and_by_keys(browser, author_url, js_modules):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(author_url)
    box = page.locator(".pd-search__input")
    box.fill("paper")
    grid = page.get_by_role("grid", name="Search results")
    row = grid.locator('[role=row][data-pd-paper="two"]')
    # Authors with a page are links once api/authors.json has arrived; the hostile name is text.
    sagot = row.get_by_role("link", name="Benoit Sagot")
    sagot.wait_for()
    assert sagot.get_attribute("href").endswith("/authors/benoit-sagot/")
    assert row.locator(".pd-author", has_text="onerror").first.inner_text() == author_site_hostile()
    assert page.evaluate("() => window.__pwned") is None and not page.locator(".pd-search img").count()
    # The star is a button of its own cell, named by what it does.
    row.get_by_role("button", name="Add to reading list").click()
    assert page.evaluate("() => JSON.parse(localStorage.getItem('pd-reading-list'))") == ["two"]
    assert row.get_by_role("button", name="Remove from reading list").count() == 1
    page.add_script_tag(path=str(js_modules / "axe-core" / "axe.min.js"))
    assert not page.evaluate(RUN_AXE)  # the grid of rows, cells, links and stars
    # Keys: down to a row, right across its cells (title, each linked author, star), Enter acts on the cell.
    box.focus()
    rows = grid.locator("[role=row]")
    first = rows.first.get_attribute("data-pd-paper")
    box.press("ArrowDown")
    cells = rows.first.locator("[role=gridcell]:has(a, button)")
    ids = [cells.nth(i).get_attribute("id") for i in range(cells.count())]
    assert box.get_attribute("aria-activedescendant") == ids[0]
    for expected in ids[1:]:
        box.press("ArrowRight")
        assert box.get_attribute("aria-activedescendant") == expected
    box.press("ArrowRight")  # the last cell stays
    assert box.get_attribute("aria-activedescendant") == ids[-1]
    assert first == "three" and len(ids) == 4  # newest first; both its authors have a page
    box.press("Enter")  # on the star
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('pd-reading-list'))")
    assert stored == ["two", "three"]
    assert page.locator(".pd-search__panel").is_visible()  # starring keeps the results open
    box.press("ArrowLeft")  # the second author's cell: Enter follows the link
    box.press("Enter")
    page.wait_for_url("**/authors/xiao-jun-wu/")
    context.close()

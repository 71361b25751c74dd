"""Real arXiv papers as a reader sees them: math rendered, text as written, long author lists.

A small site built from real records (tests/fixtures/arxiv-records.jsonl), looked at in
headless Chromium on a desktop and a phone, in light and dark.
"""

from __future__ import annotations

import pytest

from realdata import record, write_records
from support import REPO, make_project, served

pytestmark = pytest.mark.browser

MATH_ABSTRACT = "2601.10778"  # $\mathbb{T}^d$, $H(G_m)$, $O(...)$ throughout
MATH_TITLE = "2503.18725"  # "FG$^2$: Fine-Grained Cross-View Localization ..."
THINK = "2603.20620"  # literal <think> tokens in the abstract
HREF = "2503.17407"  # \href and \color in the abstract
MANY = "2509.18883"  # 127 authors; a copy of it gets 3,303
AUTHORS = 3303


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("real") / "project",
        (REPO / "content" / "tags.yml").read_text(encoding="utf-8"),
    )
    recs = [record(arxiv_id) for arxiv_id in (MATH_ABSTRACT, MATH_TITLE, THINK, HREF, MANY)]
    huge = dict(
        record(MANY),
        id="2509.99999",
        title="A collaboration of " + f"{AUTHORS:,}" + " authors",
        authors=[f"Author Number{index}" for index in range(AUTHORS)],
    )
    write_records(project.papers, [*recs, huge])
    project.build()
    with served(project.root / "site") as url:
        yield url


def open_page(browser, url, width=1280, scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")])
def test_math_in_an_abstract_is_rendered_and_fits(browser, real_site, width, scheme):
    page = open_page(browser, f"{real_site}papers/{MATH_ABSTRACT}/", width, scheme)
    abstract = page.locator(".pd-abstract")
    assert "$" not in abstract.inner_text()  # no TeX source left
    formulas = abstract.locator("math")
    assert formulas.count() >= 10
    for index in range(formulas.count()):
        box = formulas.nth(index).bounding_box()
        assert box and box["width"] > 2 and box["height"] > 5  # laid out by the browser's MathML engine
    color = page.evaluate("getComputedStyle(document.querySelector('.pd-abstract math')).color")
    text_color = page.evaluate("getComputedStyle(document.querySelector('.pd-abstract')).color")
    assert color == text_color  # readable in dark as in light
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= width
    )  # nothing pushes the phone page sideways
    page.context.close()


def test_math_in_a_title_is_rendered_on_the_page_in_listings_and_plain_in_the_tab(browser, real_site):
    page = open_page(browser, f"{real_site}papers/{MATH_TITLE}/")
    heading = page.locator("h1")
    assert heading.locator("math msup").count() == 1
    assert heading.inner_text().replace("\n", "").startswith("FG2: Fine-Grained")
    assert page.title().startswith("FG²: Fine-Grained")
    page.goto(f"{real_site}digests/2025-03-25/")
    link = page.locator(".pd-item__title", has_text="Fine-Grained")
    assert link.locator("math").count() == 1 and "$" not in link.inner_text()
    page.context.close()


def test_think_tokens_and_tex_commands_show_as_text(browser, real_site):
    page = open_page(browser, f"{real_site}papers/{THINK}/")
    abstract = page.locator(".pd-abstract")
    assert "<think>" in abstract.inner_text()
    assert abstract.locator("think").count() == 0
    page.goto(f"{real_site}papers/{HREF}/")
    text = page.locator(".pd-abstract").inner_text()
    assert "\\href" not in text and "\\color" not in text
    link = page.locator(".pd-abstract a[href^='https://github.com/']")
    assert link.count() == 1 and link.get_attribute("rel") == "nofollow noopener"
    page.context.close()


def test_a_long_author_list_is_folded_and_expands(browser, real_site):
    page = open_page(browser, f"{real_site}papers/2509.99999/")
    authors = page.locator(".pd-authors")
    summary = authors.locator("summary")
    assert summary.inner_text() == f"and {AUTHORS - 10:,} more"
    assert authors.inner_text().count("Author Number") == 10  # the rest are folded away
    assert page.locator("h2#abstract").bounding_box()["y"] < 900  # the abstract starts on the first screen
    summary.click()
    assert "Author Number3302" in authors.inner_text()
    names = page.evaluate("[...document.querySelectorAll('meta[name=citation_author]')].length")
    assert names == AUTHORS  # reference managers still get every author
    page.context.close()

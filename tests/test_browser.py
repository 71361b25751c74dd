"""What a reader sees in Chromium: following entry -> tag -> entry -> backlink."""

from __future__ import annotations

import re

import pytest

from support import serve_folder, served

pytestmark = pytest.mark.browser


@pytest.fixture
def small_site(project):
    project.entry(
        "flexround",
        title="FlexRound: Learnable Rounding for Post-Training Quantization",
        date="2026-03-12",
        authors=["Jung Hyun Lee"],
        related=["metaaug"],
        links={"code": "https://github.com/example/flexround"},
        body="Post-training quantization with learnable rounding.\n\n## Notes\n\nBuilds on "
        "[MetaAug](metaaug.md).",
    )
    project.entry(
        "metaaug",
        title="MetaAug: Meta-Data Augmentation for Post-Training Quantization",
        date="2026-03-11",
        body="Augmenting calibration data for PTQ.",
    )
    project.entry(
        "pa-da", title="PA&DA: Jointly Sampling PAth and DAta", tags=["model-merging"], date="2026-03-11"
    )
    project.build()
    server = serve_folder(project.root / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_reader_follows_entry_tag_entry_backlink(page, small_site):
    page.goto(small_site + "papers/flexround/")
    assert page.locator("h1").inner_text() == "FlexRound: Learnable Rounding for Post-Training Quantization"
    assert page.locator(".pd-authors").inner_text() == "Authors Jung Hyun Lee"
    assert (
        page.get_by_role("link", name="Code").get_attribute("href") == "https://github.com/example/flexround"
    )

    page.locator("a.pd-tag", has_text="Quantization").first.click()
    page.wait_for_url(re.compile(r"/tags/quantization/$"))
    assert page.locator("h1").inner_text() == "Tag: Quantization"
    titles = page.locator(".pd-item__title").all_inner_texts()
    assert titles == [
        "FlexRound: Learnable Rounding for Post-Training Quantization",
        "MetaAug: Meta-Data Augmentation for Post-Training Quantization",
    ]

    page.get_by_role("link", name="MetaAug: Meta-Data Augmentation for Post-Training Quantization").click()
    page.wait_for_url(re.compile(r"/papers/metaaug/$"))
    backlinks = page.locator("h2#backlinks + p + ul li")
    assert backlinks.all_inner_texts() == [
        "FlexRound: Learnable Rounding for Post-Training Quantization (2026-03-12)"
    ]

    backlinks.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/papers/flexround/$"))
    references = page.locator("h2#references + ul li").all_inner_texts()
    assert references == ["MetaAug: Meta-Data Augmentation for Post-Training Quantization"]
    assert page.js_errors == []


def test_home_shows_latest_digest_and_titles_render_as_text(page, small_site):
    page.goto(small_site)
    assert "Latest digest: 12 March 2026" in page.locator("article.md-content__inner").inner_text()
    assert page.locator(".pd-item__title").all_inner_texts() == [
        "FlexRound: Learnable Rounding for Post-Training Quantization"
    ]
    page.goto(small_site + "digests/2026-03-11/")
    assert "PA&DA: Jointly Sampling PAth and DAta" in page.locator(".pd-item__title").all_inner_texts()
    assert page.title() == "Digest of 11 March 2026 - Paper Digest"


def test_palette_toggle_switches_to_dark_mode(page, small_site):
    page.goto(small_site)
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") != scheme


def test_unknown_page_shows_the_404_page(page, small_site):
    response = page.goto(small_site + "404.html")
    assert response.ok and page.locator("h1").inner_text() == "Page not found"


def test_the_pager_turns_a_days_pages_on_a_phone(browser, project):
    """A day of five papers at two a page is three pages: at 390 px the pager fits the screen, says
    which page this is, and its links turn the pages, newest first."""
    project.write(
        "mkdocs.yml", (project.root / "mkdocs.yml").read_text().replace("page_size: 50", "page_size: 2")
    )
    for number in range(5):
        project.entry(f"p{number}", title=f"Paper number {number}", date="2026-03-10")
    project.build()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        with served(project.root / "site") as url:
            page = context.new_page()
            page.goto(url + "digests/2026-03-10/")
            seen = []
            for _ in range(3):
                pager = page.locator(".pd-pager")
                box = pager.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
                seen.append(
                    (pager.locator(".pd-pager__status").inner_text(), page.locator(".pd-item").count())
                )
                older = pager.get_by_role("link", name="Older →")
                if not older.count():
                    break
                older.click()
                page.wait_for_load_state()
            assert seen == [("Page 1 of 3", 2), ("Page 2 of 3", 2), ("Page 3 of 3", 1)]
            assert page.url == url + "digests/2026-03-10/3/"
            page.locator(".pd-pager").get_by_role("link", name="← Newer").click()
            page.wait_for_url(url + "digests/2026-03-10/2/")
    finally:
        context.close()

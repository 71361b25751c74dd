"""Page metadata: descriptions, OpenGraph/Twitter, JSON-LD, canonical URLs, sitemap.xml, robots.txt."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

from support import serve_folder

NASTY = "PA&DA </script><script>window.pwned=1</script> \"quoted\" 'single' <b>bold</b>"
SITE = "https://paper-digest.github.io/paper-digest/"


def meta(page_html: str) -> dict[str, list[str]]:
    """property/name -> contents of the <meta> tags, HTML-unescaped, in order."""
    found: dict[str, list[str]] = {}
    for attrs in re.findall(r"<meta\s+([^>]*)>", page_html):
        key = re.search(r'(?:property|name)="([^"]*)"', attrs)
        content = re.search(r'content="([^"]*)"', attrs)
        if key and content:
            found.setdefault(key.group(1), []).append(html.unescape(content.group(1)))
    return found


def json_ld(page_html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page_html, re.S)
    ]


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory):
    from support import make_project

    project = make_project(tmp_path_factory.mktemp("meta") / "project")
    project.entry(
        "1907.05737",
        title=NASTY,
        authors=["Ada O'Neil", "Bo <Li>"],
        tags=["quantization", "model-merging"],
        body='First & 3 < 4 "sentence" here. Second one.',
        links={
            "arxiv": "https://arxiv.org/abs/1907.05737",
            "pdf": "https://arxiv.org/pdf/1907.05737?a=1&b=2",
        },
    )
    project.entry("older", title="Older paper", date="2026-01-05")
    project.write(
        "content/papers/dated.md",
        '---\nid: dated\ntitle: "Dated paper"\ndate: 2026-01-05\n'
        "published: 2011-05-17\n---\n\nAn abstract.\n",
    )
    project.build()
    return project


def test_entry_page_has_previews_citation_tags_and_canonical(nasty_site):
    page = (nasty_site.root / "site" / "papers" / "1907.05737" / "index.html").read_text(encoding="utf-8")
    tags = meta(page)
    url = re.search(r'<link rel="canonical" href="([^"]*)"', page).group(1)
    assert url.endswith("/papers/1907.05737/") and url.startswith("https://")
    assert tags["og:title"] == tags["twitter:title"] == tags["citation_title"] == [NASTY]
    assert (
        tags["description"]
        == tags["og:description"]
        == tags["twitter:description"]
        == ['First & 3 < 4 "sentence" here.']
    )
    assert tags["og:type"] == ["article"] and tags["og:url"] == [url] and tags["twitter:card"] == ["summary"]
    assert tags["citation_author"] == ["Ada O'Neil", "Bo <Li>"]
    assert tags["citation_publication_date"] == ["2019/07"]  # the paper's month, from its arXiv id
    assert tags["citation_pdf_url"] == ["https://arxiv.org/pdf/1907.05737?a=1&b=2"]
    assert tags["article:tag"] == ["Quantization", "Model merging"]
    assert "<script>window.pwned" not in page


def test_a_papers_own_date_is_its_publication_date(nasty_site):
    page = (nasty_site.root / "site" / "papers" / "dated" / "index.html").read_text(encoding="utf-8")
    assert meta(page)["citation_publication_date"] == ["2011/05/17"]
    assert json_ld(page)[0]["datePublished"] == "2011-05-17"
    assert meta(page)["article:published_time"] == ["2026-01-05"]  # the digest that published it here


def test_entry_page_json_ld_is_a_scholarly_article_with_raw_text(nasty_site):
    page = (nasty_site.root / "site" / "papers" / "1907.05737" / "index.html").read_text(encoding="utf-8")
    [article] = json_ld(page)
    assert article["@context"] == "https://schema.org" and article["@type"] == "ScholarlyArticle"
    assert article["headline"] == article["name"] == NASTY
    assert article["author"] == [
        {"@type": "Person", "name": "Ada O'Neil"},
        {"@type": "Person", "name": "Bo <Li>"},
    ]
    assert article["datePublished"] == "2019-07" and article["identifier"] == "1907.05737"
    assert article["description"] == 'First & 3 < 4 "sentence" here.'
    assert article["keywords"] == ["Quantization", "Model merging"]
    assert article["sameAs"] == [
        "https://arxiv.org/abs/1907.05737",
        "https://arxiv.org/pdf/1907.05737?a=1&b=2",
    ]
    assert article["url"].endswith("/papers/1907.05737/")


def test_listing_pages_are_websites_without_json_ld(nasty_site):
    site = nasty_site.root / "site"
    for path in (
        "index.html",
        "tags/quantization/index.html",
        "digests/2026-03-12/index.html",
        "trends/index.html",
    ):
        page = (site / path).read_text(encoding="utf-8")
        tags = meta(page)
        assert tags["og:type"] == ["website"], path
        assert tags["og:description"] == tags["description"] and tags["description"][0], path
        assert tags["og:url"][0] == re.search(r'<link rel="canonical" href="([^"]*)"', page).group(1), path
        assert json_ld(page) == [], path


@pytest.mark.browser
def test_json_ld_cannot_break_out_in_the_browser(browser, nasty_site):
    server = serve_folder(nasty_site.root / "site")
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/papers/1907.05737/")
        assert page.evaluate("window.pwned") is None
        assert page.title().startswith(NASTY)
        parsed = page.evaluate(
            "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
        )
        assert parsed["headline"] == NASTY
        page.close()
    finally:
        server.shutdown()


def test_sitemap_lastmod_comes_from_front_matter(nasty_site):
    site = nasty_site.root / "site"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = {
        u.find("s:loc", ns).text: getattr(u.find("s:lastmod", ns), "text", None)
        for u in root.findall("s:url", ns)
    }
    entries = {loc: lastmod for loc, lastmod in urls.items() if "/papers/" in loc}
    assert entries == {
        SITE + "papers/1907.05737/": "2026-03-12",
        SITE + "papers/older/": "2026-01-05",
        SITE + "papers/dated/": "2026-01-05",
    }
    assert SITE in urls and SITE + "trends/" in urls and SITE + "tags/quantization/" in urls
    assert all(lastmod is None for loc, lastmod in urls.items() if "/papers/" not in loc)  # no build dates


def test_sitemap_and_robots_are_identical_across_builds(nasty_site, monkeypatch):
    site = nasty_site.root / "site"
    before = {name: (site / name).read_bytes() for name in ("sitemap.xml", "robots.txt")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # a clock far from the content's dates
    nasty_site.build()
    assert {name: (site / name).read_bytes() for name in before} == before
    assert before["robots.txt"].decode() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE}sitemap.xml\n"

"""The built seed site: every paper on one page, links, pagination, bounded navigation, determinism."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_importer import SEED

from generator.sources.listing import parse_listing
from generator.text.authortext import plain


class _Text(HTMLParser):
    """Visible text of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(fragment: str) -> str:
    fragment = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", fragment)
    parser = _Text()
    parser.feed(fragment)
    return " ".join("".join(parser.parts).split())


def article(page: Path) -> str:
    source = page.read_text(encoding="utf-8")
    return source[source.index('<article class="md-content__inner') : source.index("</article>")]


def section(body: str, anchor: str) -> str:
    """The HTML between the h2 with this id and the next h2."""
    return body.split(f'id="{anchor}"', 1)[1].split("</h2>", 1)[1].split("<h2", 1)[0]


@pytest.fixture(scope="module")
def entry_pages(seed_project) -> dict[str, str]:
    """h1 text -> article HTML, for every entry page of the built seed site."""
    pages = {}
    for page in sorted((seed_project.root / "site" / "papers").glob("*/index.html")):
        body = article(page)
        title = text_of(re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1))
        assert title not in pages, f"two entry pages titled {title!r}"
        pages[title] = body
    return pages


def test_every_seed_paper_is_on_exactly_one_entry_page_with_its_abstract(entry_pages):
    papers = parse_listing(SEED.read_text(encoding="utf-8"))
    assert len(entry_pages) == len(papers) == 65
    for paper in papers:
        title = plain(paper.title)  # "--" is TeX's en dash
        assert title in entry_pages, title
        assert text_of(section(entry_pages[title], "abstract")) == plain(paper.abstract)


@pytest.mark.parametrize(
    "title, code",
    [
        (
            "PC-DARTS: Partial Channel Connections for Memory-Efficient Architecture Search",
            "https://github.com/yuhuixu1993/PC-DARTS",
        ),
        (
            "Scaling Laws for Data Filtering – Data Curation cannot be Compute Agnostic",
            "https://github.com/locuslab/scaling_laws_data_filtering",
        ),
        ("PA&DA: Jointly Sampling PAth and DAta for Consistent NAS", "https://github.com/ShunLu91/PA-DA"),
    ],
)
def test_code_links_are_buttons(entry_pages, title, code):
    button = re.search(r'<a[^>]*class="md-button md-button--primary"[^>]*>Code</a>', entry_pages[title])
    assert button and f'href="{code}"' in button.group()
    assert 'rel="nofollow noopener"' in button.group()


def test_entry_page_shows_tags_digest_backlinks_related_and_citation(entry_pages):
    body = entry_pages["PC-DARTS: Partial Channel Connections for Memory-Efficient Architecture Search"]
    assert 'href="../../digests/2026-03-12/"' in body
    assert re.search(r'<a class="pd-tag" href="\.\./\.\./tags/neural-architecture-search/">', body)
    for heading in ("Abstract", "Backlinks", "Related papers", "Cite"):
        assert re.search(rf"<h2 id=\"[^\"]+\">{heading}", body), heading
    related = section(body, "related-papers")
    assert 1 <= related.count("<li>") <= 5 and "PC-DARTS" not in text_of(related)
    assert "@misc{" in html.unescape(text_of(section(body, "cite")))


def test_navigation_does_not_grow_with_entries(seed_project):
    site = seed_project.root / "site"
    pages = [
        site / "index.html",
        site / "papers" / "pc-darts" / "index.html",
        site / "tags" / "index.html",
        site / "digests" / "2026-03-12" / "2" / "index.html",
    ]
    tabs = {len(re.findall(r'class="md-tabs__link', p.read_text(encoding="utf-8"))) for p in pages}
    assert len(tabs) == 1 and 3 <= tabs.pop() < 10
    for page in pages:  # no entry is ever in the primary navigation
        primary = (
            page.read_text(encoding="utf-8").split("md-nav--primary", 1)[1].split("md-nav--secondary", 1)[0]
        )
        assert "papers/" not in primary


def test_titles_are_escaped_in_the_page_title_and_header(project):
    project.entry("xss", title="<script>alert(1)</script> & PA&DA")
    project.build()
    page = (project.root / "site" / "papers" / "xss" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; PA&amp;DA - Paper Digest</title>" in page


def test_tag_pages_are_numbered_from_the_oldest_so_a_new_paper_leaves_them_alone(project):
    project.write(
        "mkdocs.yml", (project.root / "mkdocs.yml").read_text().replace("page_size: 50", "page_size: 2")
    )
    for number in range(6):
        project.entry(f"p{number}", date=f"2026-03-1{number}")
    project.build()
    tag = project.root / "site" / "tags" / "quantization"
    front, first, second = (tag / "index.html", tag / "1" / "index.html", tag / "2" / "index.html")
    items = [p.read_text(encoding="utf-8").count('<article class="pd-item"') for p in (front, second, first)]
    assert items == [2, 2, 2]
    assert '<span class="pd-pager__status">Newest 2 of 6</span>' in front.read_text(encoding="utf-8")
    assert '<a class="pd-pager__next" href="2/" rel="next">Older →</a>' in front.read_text(encoding="utf-8")
    middle = second.read_text(encoding="utf-8")
    assert '<a class="pd-pager__prev" href="../" rel="prev">← Newer</a>' in middle
    assert '<span class="pd-pager__status">Papers 3–4, counting from the oldest</span>' in middle
    assert '<a class="pd-pager__next" href="../1/" rel="next">Older →</a>' in middle
    assert "Paper p3" in middle and "Paper p2" in middle
    oldest = first.read_text(encoding="utf-8")
    assert "Papers 1–2, counting from the oldest" in oldest and "Older →" not in oldest
    assert sorted(p.name for p in tag.iterdir()) == ["1", "2", "index.html"]

    project.entry("p6", date="2026-03-16")
    project.build()
    assert "Newest 3 of 7" in front.read_text(encoding="utf-8")  # a new paper changes the front only
    assert (second.read_text(encoding="utf-8"), first.read_text(encoding="utf-8")) == (middle, oldest)
    project.entry("p7", date="2026-03-17")
    project.build()  # ... until the front has two full pages: the older one gets a number
    third = (tag / "3" / "index.html").read_text(encoding="utf-8")
    assert "Papers 5–6, counting from the oldest" in third and "Paper p5" in third
    assert '<a class="pd-pager__prev" href="../3/" rel="prev">← Newer</a>' in second.read_text(
        encoding="utf-8"
    )
    assert first.read_text(encoding="utf-8") == oldest


def test_digest_pages_paginate_from_their_first_paper(project):
    project.write(
        "mkdocs.yml", (project.root / "mkdocs.yml").read_text().replace("page_size: 50", "page_size: 2")
    )
    for number in range(5):
        project.entry(f"p{number}", date="2026-03-10")
    project.build()
    digest = project.root / "site" / "digests" / "2026-03-10"
    pages = [digest / "index.html"] + [digest / str(n) / "index.html" for n in (2, 3)]
    items = [p.read_text(encoding="utf-8").count('<article class="pd-item"') for p in pages]
    assert items == [2, 2, 1]
    second = pages[1].read_text(encoding="utf-8")
    assert '<a class="pd-pager__prev" href="../" rel="prev">← Newer</a>' in second
    assert '<span class="pd-pager__status">Page 2 of 3</span>' in second
    assert '<a class="pd-pager__next" href="../3/" rel="next">Older →</a>' in second
    assert not (digest / "4").exists()


def test_digest_pages_link_to_older_and_newer_digests(project):
    for day in ("10", "11", "12"):
        project.entry(f"e{day}", date=f"2026-03-{day}")
    project.build()
    middle = (project.root / "site" / "digests" / "2026-03-11" / "index.html").read_text(encoding="utf-8")
    assert 'href="../2026-03-10/"' in middle and "10 March 2026" in middle
    assert 'href="../2026-03-12/"' in middle and "12 March 2026" in middle
    home = (project.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Latest digest:" in home and "12 March 2026" in home and "Paper e12" in home


def test_the_same_content_builds_byte_identical_sites(project):
    project.entry("a", related=["b"])
    project.entry("b", date="2026-03-13", tags=["model-merging"])
    project.build()
    first = {
        p.relative_to(project.root / "site"): p.read_bytes()
        for p in (project.root / "site").rglob("*")
        if p.is_file()
    }
    import shutil

    shutil.rmtree(project.root / "build")
    project.build()
    second = {
        p.relative_to(project.root / "site"): p.read_bytes()
        for p in (project.root / "site").rglob("*")
        if p.is_file()
    }
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []

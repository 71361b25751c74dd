"""Citations: BibTeX per entry (copy button), for the whole site and per tag, parsed by a real BibTeX
parser."""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_string

from generator.analyze.bibtex import _letters, citation_keys
from generator.build import generate


def parse(text: str):
    return parse_string(text, "bibtex")  # raises on a duplicate key or unbalanced braces


def test_site_bib_has_every_paper_once_with_unique_keys(seed_project):
    site = seed_project.root / "site"
    bib = parse((site / "papers.bib").read_text(encoding="utf-8"))
    assert len(bib.entries) == 65
    urls = {entry.fields["url"] for entry in bib.entries.values()}
    assert len(urls) == 65  # every paper, each once
    # The seed has papers without authors whose plain keys collide: the older keeps it, the next gets a
    # letter.
    assert "anon2026learning" in bib.entries and "anon2026learningb" in bib.entries


def test_tag_bib_has_exactly_the_tags_papers_and_the_tag_page_links_it(seed_project):
    site = seed_project.root / "site"
    for tag_file in sorted((site / "tags").glob("*.bib")):
        slug = tag_file.stem
        bib = parse(tag_file.read_text(encoding="utf-8"))
        listed = set(
            re.findall(
                r'href="\.\./\.\./papers/([^/]+)/"',
                (site / "tags" / slug / "index.html").read_text(encoding="utf-8"),
            )
        )
        urls = {entry.fields["url"].rsplit("/", 2)[-2] for entry in bib.entries.values()}
        if len(listed) < 50:  # the tag fits on one page: the file and the page list the same papers
            assert urls == listed, slug
        page = (site / "tags" / slug / "index.html").read_text(encoding="utf-8")
        assert f'href="../{slug}.bib"' in page, slug


def test_arxiv_entries_cite_as_misc_with_eprint(project):
    project.entry(
        "1907.05737v2",
        title="PC-DARTS: Partial {Channel} Connections & 100% more_",
        authors=["Yuhui Xu", "Lingxi Xie"],
        links={
            "arxiv": "https://arxiv.org/abs/1907.05737v2",
            "code": "https://github.com/yuhuixu1993/PC-DARTS",
        },
    )
    project.entry("plain-id", title="Not on arXiv", links={"pdf": "https://example.org/p.pdf"})
    files = {f.path: f.content.decode() for f in generate(project.root).files}
    bib = parse(files["papers.bib"])
    arxiv = bib.entries["xu2019darts"]  # the paper's year (its arXiv id), not the digest's
    assert arxiv.type == "misc"
    assert arxiv.fields["eprint"] == "1907.05737" and arxiv.fields["archivePrefix"] == "arXiv"
    assert arxiv.fields["url"] == "https://arxiv.org/abs/1907.05737v2"
    assert arxiv.fields["year"] == "2019" and arxiv.fields["month"] == "July"
    assert [str(p) for p in arxiv.persons["author"]] == ["Xu, Yuhui", "Xie, Lingxi"]
    assert arxiv.fields["title"] == r"{PC-DARTS: Partial \{Channel\} Connections \& 100\% more\_}"
    other = bib.entries["anon2026arxiv"]
    assert other.type == "misc" and "eprint" not in other.fields
    assert other.fields["url"] == "https://example.org/p.pdf"
    # The entry page shows the same record in a code block (escaped HTML, the markup of a fenced block).
    assert "<pre><span></span><code>@misc{xu2019darts," in files["papers/1907.05737v2.md"]
    assert "eprint = {1907.05737}" in files["papers/1907.05737v2.md"]


def test_keys_stay_put_when_newer_papers_arrive():
    from test_trends import catalog_of

    old = catalog_of([("x1", "2026-01-01", "a"), ("x2", "2026-02-01", "a")]).entries
    new = catalog_of(
        [("x0", "2026-03-01", "a"), ("x1", "2026-01-01", "a"), ("x2", "2026-02-01", "a")]
    ).entries
    assert citation_keys(old) == {"x1": "anon2026paper", "x2": "anon2026paperb"}
    assert citation_keys(new) == {**citation_keys(old), "x0": "anon2026paperc"}
    assert [_letters(i) for i in (0, 1, 25, 26, 27)] == ["", "b", "z", "ba", "bb"]


@pytest.mark.browser
def test_copy_button_copies_the_bibtex(browser, seed_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=seed_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(seed_url + "papers/bert4rec/")
        block = page.locator("h2#cite ~ div.highlight").first
        expected = block.locator("code").inner_text()
        assert expected.startswith("@misc{anon2026bert4rec,")
        block.hover()
        button = block.locator("button[data-md-type=copy]")  # Material 9.8 (older: button.md-clipboard)
        assert button.get_attribute("title") == "Copy to clipboard"
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == expected.rstrip("\n")
    finally:
        context.close()


def test_entry_pages_cite_with_the_same_unique_keys_as_papers_bib(seed_project):
    site = seed_project.root / "site"
    bib_keys = re.findall(r"^@misc\{([^,]+),", (site / "papers.bib").read_text(encoding="utf-8"), re.M)
    page_keys = []
    for page in sorted((site / "papers").glob("*/index.html")):
        text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))  # drop the highlighter's spans
        page_keys.append(re.search(r"@misc\{([^,]+),", text).group(1))
    assert len(set(bib_keys)) == len(bib_keys) == 65
    assert sorted(page_keys) == sorted(bib_keys)

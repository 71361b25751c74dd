"""Authors: name keys and safe merging (real names from tests/fixtures/arxiv-records.jsonl and
../shared/realdata/), author pages, their feeds, api/authors.json, the Subscribe page and the OPML bundle."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import jsonschema
import pytest

from generator.analyze.authors import author_index, merged_keys, name_key, slugify

from realdata import records


@pytest.mark.parametrize(
    "name, key",
    [
        ("Xiao-Jun Wu", "xiao-jun wu"),  # both spellings are in the fixture
        ("Xiao-jun Wu", "xiao-jun wu"),
        ("Hinrich  Schütze", "hinrich schütze"),  # spacing
        ("J.R. Smith", "j. r. smith"),  # a space after each initial
        ("J. R. Smith", "j. r. smith"),
        ("Ｂｏ Ｘｕ", "bo xu"),  # NFKC: full-width letters
        ("Bo XU", "bo xu"),  # case (in the 10,000 records with "Bo Xu")
    ],
)
def test_name_key(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    "names, groups",
    [
        # Transliteration merges a Latin name with its ASCII spelling (both pairs are in the 10,000 records).
        (["Benoît Sagot", "Benoit Sagot"], [{"Benoît Sagot", "Benoit Sagot"}]),
        (["Elisabeth André", "Elisabeth Andre"], [{"Elisabeth André", "Elisabeth Andre"}]),
        # Two different accented spellings: no guess which is "Jose", so nothing merges by transliteration.
        (["José García", "Jose Garcia", "Josè García"], [{"José García"}, {"Jose Garcia"}, {"Josè García"}]),
        # Other scripts are never merged by their transliteration (anyascii gives both "Wang Wei").
        (["王伟", "汪巍"], [{"王伟"}, {"汪巍"}]),
        (["王伟", "Wang Wei"], [{"王伟"}, {"Wang Wei"}]),
        (["Иван Петров", "Ivan Petrov"], [{"Иван Петров"}, {"Ivan Petrov"}]),  # one non-ASCII key
        (["Γιώργος Παππάς", "Giorgos Pappas"], [{"Γιώργος Παππάς"}, {"Giorgos Pappas"}]),
        # Different people stay apart.
        (["Hao Wang", "Hao Wong"], [{"Hao Wang"}, {"Hao Wong"}]),
        (
            ["Anna Gelencsér-Horváth", "Anna Gelencsér Horváth"],
            [{"Anna Gelencsér-Horváth"}, {"Anna Gelencsér Horváth"}],
        ),
    ],
)
def test_merging_is_safe(names, groups):
    keys = {name: name_key(name) for name in names}
    merged = merged_keys(keys.values())
    found: dict[str, set] = {}
    for name, key in keys.items():
        found.setdefault(merged[key], set()).add(name)
    assert sorted(map(sorted, found.values())) == sorted(map(sorted, groups))


@dataclass
class _Entry:
    id: str
    authors: tuple[str, ...]


def test_index_on_the_real_fixture_counts_papers_and_slugs_are_unique():
    entries = [_Entry(r["id"], tuple(r["authors"])) for r in records()]
    index = author_index(entries, 2)
    counts = [len(author.entry_ids) for author in index.authors]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 2
    assert len({author.slug for author in index.authors}) == len(index.authors)
    merged = next(author for author in index.authors if "Xiao-Jun Wu" in author.variants)
    assert set(merged.variants) == {"Xiao-Jun Wu", "Xiao-jun Wu"}
    assert index.page_of["Xiao-jun Wu"] == index.page_of["Xiao-Jun Wu"] == merged.slug
    assert author_index(entries, 0).authors == ()
    assert all(name in index.page_of for a in index.authors for name in a.variants)


def test_slugs():
    assert slugify("Benoît Sagot") == "benoit-sagot"
    assert slugify("王伟") == "wangwei"
    assert slugify("<script>") == "script"
    entries = [
        _Entry("a", ("Wang Wei", "王伟")),
        _Entry("b", ("Wang Wei", "王伟")),
        _Entry("c", ("Page",)),
        _Entry("d", ("Page",)),
    ]
    slugs = sorted(author.slug for author in author_index(entries, 2).authors)
    assert slugs == ["page-2", "wang-wei", "wangwei"]  # authors/page/ is the index's


HOSTILE = "Eve <img src=x onerror=alert(1)> | *bold*"


@pytest.fixture(scope="module")
def author_site(tmp_path_factory):
    from support import make_project

    project = make_project(tmp_path_factory.mktemp("authors") / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("feed_items: 50", "feed_items: 50\n    author_min_papers: 2")
    )
    project.entry("one", date="2026-03-10", authors=["Benoît Sagot", "Hinrich Schütze", HOSTILE])
    project.entry("two", date="2026-03-11", authors=["Benoit Sagot", HOSTILE, "Xiao-Jun Wu"])
    project.entry("three", date="2026-03-12", authors=["Hinrich Schütze", "Xiao-jun Wu"])
    project.build()
    return project.root / "site"


def test_author_pages_feeds_and_links(author_site):
    sagot = (author_site / "authors/benoit-sagot/index.html").read_text()
    assert "Author: Benoît Sagot" in sagot and "Also written as: Benoit Sagot" in sagot
    assert 'href="../../papers/one/"' in sagot and 'href="../../papers/two/"' in sagot
    hostile = next(p for p in (author_site / "authors").glob("eve-*/index.html"))
    assert "<img" not in hostile.read_text() and "&lt;img" in hostile.read_text()
    entry = (author_site / "papers/one/index.html").read_text()
    assert 'class="pd-author" href="../../authors/benoit-sagot/"' in entry
    assert "<img src=x" not in entry
    home = (author_site / "index.html").read_text()
    assert 'href="authors/hinrich-schutze/"' in home
    index = (author_site / "authors/index.html").read_text()
    order = [index.index(name) for name in ("Benoît Sagot", "Eve &lt;img", "Hinrich Schütze", "Xiao-Jun Wu")]
    assert order == sorted(order)  # two papers each: by name
    rss = ElementTree.parse(author_site / "feeds/authors/xiao-jun-wu.xml").getroot()
    titles = [item.findtext("link") for item in rss.iter("item")]
    assert [t.rsplit("/", 2)[-2] for t in titles] == ["three", "two"]
    opml = ElementTree.parse(author_site / "feeds/tags.opml").getroot()
    assert any(o.get("xmlUrl", "").endswith("feeds/authors/benoit-sagot.xml") for o in opml.iter("outline"))
    # The subscribe page points to the author pages and the OPML, and lists no author (a list
    # that grew with the archive); each author page links its own feed.
    subscribe = (author_site / "subscribe/index.html").read_text()
    assert 'href="../authors/"' in subscribe and 'href="../feeds/tags.opml"' in subscribe
    assert "feeds/authors/" not in subscribe and "Sagot" not in subscribe
    sagot = (author_site / "authors/benoit-sagot/index.html").read_text()
    assert 'href="../../feeds/authors/benoit-sagot.xml"' in sagot


def test_authors_json_lists_the_authors_with_a_page(author_site):
    schema = json.loads((author_site / "api/schema.json").read_text(encoding="utf-8"))
    document = json.loads((author_site / "api/authors.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(
        {**schema, "$ref": "#/$defs/authorsIndex"}, format_checker=jsonschema.FormatChecker()
    ).validate(document)
    pages = sorted(
        p.parent.name for p in (author_site / "authors").glob("*/index.html") if p.parent.name != "page"
    )
    assert sorted(a["slug"] for a in document["authors"]) == pages and document["count"] == len(pages)
    sagot = next(a for a in document["authors"] if a["slug"] == "benoit-sagot")
    assert sagot["spellings"] == ["Benoit Sagot", "Benoît Sagot"] and sagot["papers"] == 2
    assert sagot["url"].endswith("/authors/benoit-sagot/") and sagot["feed"].endswith(
        "/feeds/authors/benoit-sagot.xml"
    )
    assert any(HOSTILE in a["spellings"] for a in document["authors"])  # data, as written: readers escape it

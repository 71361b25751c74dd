"""Feeds as a reader meets them: parsed by feedparser, discovered from pages, listed in OPML."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest

from generator.build import generate
from generator.emit.feeds import feeds as feeds_module
from generator.emit.feeds.content import absolute_url
from generator.text.authortext import plain

SITE_URL = "https://paper-digest.github.io/paper-digest/"
NASTY_TITLE = "PA&DA: <script>alert('x')</script> & \"quotes\" <b>bold</b>"
NASTY_TAGS = """\
quantization:
  title: Quantization
  description: Low-precision networks.
  keywords: [quantiz]
r-and-d:
  title: "R&D <script>alert(1)</script>"
  description: "Research & development <i>notes</i>."
"""


# ---------------------------------------------------------------- helpers


def site_file(site: Path, url: str) -> Path:
    """The file in site/ that a feed URL points to (fails if it is not under site_url)."""
    assert url.startswith(SITE_URL), url
    relative = url[len(SITE_URL) :].split("#")[0]
    path = site / relative
    return path / "index.html" if relative == "" or relative.endswith("/") else path


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


def items(path: Path) -> list[SimpleNamespace]:
    """A feed's items, the same fields from RSS, Atom (feedparser) and JSON Feed (its spec)."""
    if path.suffix != ".json":
        return [
            SimpleNamespace(
                title=item.title,
                link=item.link,
                id=item.id,
                date=tuple(item.published_parsed[:3]),
                categories=[tag.get("label") or tag.term for tag in item.get("tags", [])],
                authors=[author["name"] for author in item.get("authors", [])],
                summary=item.summary,
                content=item.content[0].value,
            )
            for item in parse(path).entries
        ]
    feed = json.loads(path.read_text(encoding="utf-8"))  # feedparser 6.0 reads no JSON Feed
    assert (
        feed["version"] == "https://jsonfeed.org/version/1.1"
        and feed["title"]
        and feed["feed_url"] == f"{SITE_URL}feeds/feed.json"
    )
    result = []
    for item in feed["items"]:
        assert isinstance(item["id"], str) and isinstance(item["content_html"], str)
        published = dt.datetime.fromisoformat(item["date_published"])
        assert published.utcoffset() == dt.timedelta(0)
        result.append(
            SimpleNamespace(
                title=item["title"],
                link=item["url"],
                id=item["id"],
                date=(published.year, published.month, published.day),
                categories=item.get("tags", []),
                authors=[author["name"] for author in item.get("authors", [])],
                summary=item["summary"],
                content=item["content_html"],
            )
        )
    return result


class AlternateLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("type") != "text/html":
            self.links.append(attributes)


def alternate_links(html_file: Path) -> list[dict]:
    parser = AlternateLinks()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.links


def feed_files(site: Path) -> list[Path]:
    return sorted(site.glob("feeds/**/*.xml")) + [site / "feeds" / "feed.json"]


def set_feed_items(project, count: int) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "feed_items: 50" in text
    config.write_text(text.replace("feed_items: 50", f"feed_items: {count}"), encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_project):
    generated = generate(seed_project.root)
    return generated.catalog, generated.analysis, seed_project.root / "site"


# ---------------------------------------------------------------- the seed site


def test_every_feed_parses_cleanly(seed):
    catalog, _, site = seed
    files = feed_files(site)
    assert len(files) == 4 + len(catalog.vocabulary.tags)  # rss, atom, digests, json, one per tag
    versions = {parse(path).version for path in files if path.suffix == ".xml"}
    assert versions == {"rss20", "atom10"}
    assert len(items(site / "feeds" / "feed.json")) == catalog.settings.feed_items


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml", "feed.json"])
def test_site_feed_items_are_the_newest_entries(seed, name):
    catalog, _, site = seed
    expected = catalog.entries[: catalog.settings.feed_items]
    assert len(catalog.entries) > catalog.settings.feed_items  # the limit really cuts the 65 seeds
    found = items(site / "feeds" / name)
    assert [item.title for item in found] == [plain(entry.title) for entry in expected]
    for item, entry in zip(found, expected, strict=True):
        permalink = f"{SITE_URL}papers/{entry.id}/"
        assert item.link == permalink and item.id == permalink
        page = site_file(site, item.link)
        assert page.is_file() and "<h1" in page.read_text(encoding="utf-8")
        assert item.date == (entry.date.year, entry.date.month, entry.date.day)
        assert item.categories == [catalog.vocabulary.by_slug()[slug].title for slug in entry.tags]
        assert item.authors == list(entry.authors)
        assert item.summary and item.content.startswith("<p>")
    if name != "feed.json":
        assert parse(site / "feeds" / name).feed.link == SITE_URL


def test_rss_items_carry_full_html_and_absolute_links(seed):
    _, _, site = seed
    feed = parse(site / "feeds" / "rss.xml")
    for item in feed.entries:
        assert item.content[0].type == "text/html"
        assert item.content[0].value.startswith("<p>")
        for href in HrefCollector.collect(item.content[0].value):
            assert href.startswith(("https://", "http://", "mailto:")), href


def test_feed_dates_come_from_front_matter(seed):
    catalog, _, site = seed
    newest = catalog.entries[0].date
    rss = ElementTree.parse(site / "feeds" / "rss.xml").getroot()
    assert rss.findtext("channel/lastBuildDate") == newest.strftime("%a, %d %b %Y 00:00:00 +0000")
    atom = parse(site / "feeds" / "atom.xml")
    assert atom.feed.updated == f"{newest.isoformat()}T00:00:00+00:00"


def test_every_tag_has_a_feed_of_its_newest_entries(seed):
    catalog, analysis, site = seed
    for tag in catalog.vocabulary.tags:
        feed = parse(site / "feeds" / "tags" / f"{tag.slug}.xml")
        expected = analysis.entries_by_tag[tag.slug][: catalog.settings.feed_items]
        assert [item.link for item in feed.entries] == [
            f"{SITE_URL}papers/{entry_id}/" for entry_id in expected
        ]
        assert feed.feed.link == f"{SITE_URL}tags/{tag.slug}/"
        assert site_file(site, feed.feed.link).is_file()
        for item in feed.entries:
            assert tag.title in [category.term for category in item.tags]


def test_digests_feed_lists_the_newest_digests(seed):
    catalog, analysis, site = seed
    feed = parse(site / "feeds" / "digests.xml")
    expected = analysis.digests[: catalog.settings.feed_items]
    assert len(feed.entries) == len(expected) >= 1
    for item, digest in zip(feed.entries, expected, strict=True):
        assert item.link == f"{SITE_URL}digests/{digest.date.isoformat()}/" == item.id
        assert site_file(site, item.link).is_file()
        assert tuple(item.published_parsed[:3]) == (digest.date.year, digest.date.month, digest.date.day)
        listed = HrefCollector.collect(item.content[0].value)
        shown = [
            f"{SITE_URL}papers/{entry_id}/" for entry_id in digest.entry_ids[: catalog.settings.page_size]
        ]
        if len(digest.entry_ids) > catalog.settings.page_size:  # the rest are one click away
            shown.append(f"{SITE_URL}digests/{digest.date.isoformat()}/2/")
        assert listed == shown
        assert all(site_file(site, href).is_file() for href in listed)


def test_opml_lists_every_tag_feed(seed):
    catalog, _, site = seed
    opml = ElementTree.parse(site / "feeds" / "tags.opml").getroot()
    outlines = opml.findall(".//outline[@type='rss']")
    assert [outline.get("xmlUrl") for outline in outlines] == [
        f"{SITE_URL}feeds/tags/{tag.slug}.xml" for tag in catalog.vocabulary.tags
    ]
    for outline in outlines:
        parse(site_file(site, outline.get("xmlUrl")))
        assert site_file(site, outline.get("htmlUrl")).is_file()
        assert outline.get("text")


def test_every_page_announces_the_site_feed_and_tag_pages_their_tag_feed(seed):
    catalog, _, site = seed
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(catalog.entries)
    tag_feeds = 0
    for page in pages:
        links = {link["href"]: link for link in alternate_links(page)}
        assert links[f"{SITE_URL}feeds/rss.xml"]["type"] == "application/rss+xml", page
        assert links[f"{SITE_URL}feeds/atom.xml"]["type"] == "application/atom+xml", page
        assert links[f"{SITE_URL}feeds/feed.json"]["type"] == "application/feed+json", page
        extra = [href for href in links if "/feeds/tags/" in href]
        relative = page.relative_to(site).as_posix()
        if relative.startswith("tags/") and relative != "tags/index.html":
            slug = relative.split("/")[1]
            assert extra == [f"{SITE_URL}feeds/tags/{slug}.xml"], page
            assert links[extra[0]]["title"].endswith(f"{catalog.vocabulary.by_slug()[slug].title} (RSS)")
            tag_feeds += 1
        else:
            assert extra == [], page
        for href in links:
            assert site_file(site, href).is_file()
    assert tag_feeds >= len(catalog.vocabulary.tags)


def test_material_queries_the_selector_the_feeds_head_narrows(seed):
    """theme/partials/pd-feeds-head.html narrows Material's query for language alternates, by its exact text,
    so that feed links make it fetch no sitemap.xml; a Material whose bundle asks otherwise needs a look
    (tests/test_page_requests.py then shows whether its requests fail)."""
    _, _, site = seed
    bundles = list((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1
    assert bundles[0].read_text(encoding="utf-8").count('"link[rel=alternate]"') == 1
    head = (site / "index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert 'selector==="link[rel=alternate]"?"link[rel=alternate][hreflang]"' in head
    assert head.index("link[rel=alternate][hreflang]") < head.index('<link rel="alternate"')


@pytest.mark.browser
def test_chromium_sees_autodiscovery_links(seed, seed_url, page):
    catalog, analysis, _ = seed
    slug = max(analysis.entries_by_tag, key=lambda tag: len(analysis.entries_by_tag[tag]))
    page.goto(f"{seed_url}tags/{slug}/")
    alternates = page.locator("link[rel=alternate]")
    hrefs = [alternates.nth(i).get_attribute("href") for i in range(alternates.count())]
    assert f"{SITE_URL}feeds/rss.xml" in hrefs
    assert f"{SITE_URL}feeds/tags/{slug}.xml" in hrefs
    for href in hrefs:
        if href.startswith(SITE_URL):  # the same file, served locally
            response = page.request.get(seed_url + href[len(SITE_URL) :])
            assert response.ok, href
            if href.endswith(".xml"):
                assert not feedparser.parse(response.body()).bozo
    page.goto(seed_url)
    home = page.locator("link[rel=alternate][type='application/rss+xml']")
    assert [home.nth(i).get_attribute("href") for i in range(home.count())] == [f"{SITE_URL}feeds/rss.xml"]
    assert page.js_errors == []


def test_subscribe_page_lists_every_feed(seed):
    catalog, _, site = seed
    page = site / "subscribe" / "index.html"
    hrefs = HrefCollector.collect(page.read_text(encoding="utf-8"))
    resolved = {(page.parent / href).resolve() for href in hrefs if not href.startswith(("http", "#"))}
    wanted = {
        site / "feeds" / name for name in ("rss.xml", "atom.xml", "feed.json", "digests.xml", "tags.opml")
    }
    wanted |= {site / "feeds" / "tags" / f"{tag.slug}.xml" for tag in catalog.vocabulary.tags}
    assert wanted <= {path.resolve() for path in resolved} | set()
    assert all(path.exists() for path in resolved)
    home_links = HrefCollector.collect((site / "index.html").read_text(encoding="utf-8"))
    assert "subscribe/" in home_links  # in the navigation


def test_titles_and_tags_are_escaped_and_parse_back_equal(project):
    project.write("content/tags.yml", NASTY_TAGS)
    project.entry(
        "nasty",
        title=NASTY_TITLE,
        tags=["r-and-d", "quantization"],
        authors=["O'Brien & <Co>"],
        body="We compare a < b && c > d, and 3 `<script>` tags.\n\n## Notes\n\nSee [a friend](friend.md).",
    )
    project.entry("friend", title="A friend", date="2026-03-11")
    project.build()
    site = project.root / "site"
    for path in feed_files(site) + [site / "feeds" / "tags.opml"]:
        assert b"<script" not in path.read_bytes().lower(), path
    for name in ("rss.xml", "atom.xml", "feed.json", "tags/r-and-d.xml"):
        item = items(site / "feeds" / name)[0]
        assert item.title == NASTY_TITLE
        assert item.authors == ["O'Brien & <Co>"]
        assert item.categories == ["R&D <script>alert(1)</script>", "Quantization"]
        assert (
            "3 `&lt;script&gt;` tags" in item.content and "<script>" not in item.content
        )  # the authors' text
        assert f'href="{SITE_URL}papers/friend/"' in item.content
        assert item.summary.startswith(
            "We compare a &lt; b &amp;&amp; c &gt; d" if name != "feed.json" else "We compare a < b && c > d"
        )
    rss = ElementTree.parse(site / "feeds" / "rss.xml").getroot()
    assert rss.findtext("channel/item/title") == NASTY_TITLE
    assert (
        json.loads((site / "feeds" / "feed.json").read_text(encoding="utf-8"))["items"][0]["title"]
        == NASTY_TITLE
    )
    tag_feed = parse(site / "feeds" / "tags" / "r-and-d.xml")
    assert tag_feed.feed.title == "Paper Digest: R&D <script>alert(1)</script>"
    opml = ElementTree.parse(site / "feeds" / "tags.opml").getroot()
    assert "Paper Digest: R&D <script>alert(1)</script>" in [o.get("text") for o in opml.iter("outline")]
    tag_page = (site / "tags" / "r-and-d" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in tag_page
    titles = [link["title"] for link in alternate_links(site / "tags" / "r-and-d" / "index.html")]
    assert "Paper Digest: Tag: R&D <script>alert(1)</script> (RSS)" in titles
    subscribe = (site / "subscribe" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in subscribe and "R&amp;D &lt;script&gt;" in subscribe


def test_feed_items_setting_limits_every_feed_and_ties_keep_catalog_order(project):
    set_feed_items(project, 2)
    project.entry("b-same-day", date="2026-03-12")
    project.entry("a-same-day", date="2026-03-12")
    project.entry("older", date="2026-03-10")
    project.entry("oldest", date="2026-03-01")
    project.build()
    feeds = project.root / "site" / "feeds"
    expected = [f"{SITE_URL}papers/a-same-day/", f"{SITE_URL}papers/b-same-day/"]
    for name in ("rss.xml", "atom.xml", "feed.json", "tags/quantization.xml"):
        assert [item.link for item in items(feeds / name)] == expected, name
    digests = parse(feeds / "digests.xml").entries
    assert [item.link for item in digests] == [
        f"{SITE_URL}digests/2026-03-12/",
        f"{SITE_URL}digests/2026-03-10/",
    ]
    assert parse(feeds / "tags" / "diffusion-models.xml").entries == []  # an empty tag still has a valid feed


def test_guid_survives_an_edit(project):
    project.entry("stable", title="First title", body="First abstract.")
    project.build()
    before = parse(project.root / "site" / "feeds" / "rss.xml").entries[0]
    project.entry("stable", title="A much better title", body="A rewritten abstract.")
    project.build()
    after = parse(project.root / "site" / "feeds" / "rss.xml").entries[0]
    assert after.title == "A much better title" and before.title == "First title"
    assert after.summary != before.summary
    assert after.id == before.id == f"{SITE_URL}papers/stable/"
    assert parse(project.root / "site" / "feeds" / "atom.xml").entries[0].id == before.id


def test_a_renamed_tag_and_a_moved_site_reach_every_feed_its_entries_are_in(project):
    """Feeds are memoised on their entries' digests: what else their items show is in the key too."""
    project.write("content/tags.yml", NASTY_TAGS)
    project.entry("one", tags=["r-and-d"], authors=["Ann Author"])
    generate(project.root)  # memos in memory, as in `paperdigest serve`
    feeds = ("feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json", "feeds/tags/r-and-d.xml")
    project.write("content/tags.yml", NASTY_TAGS.replace("R&D <script>", "Research <script>"))
    files = {output.path: output.content for output in generate(project.root).files}
    for path in feeds:
        assert b"Research " in files[path] and b"R&amp;D" not in files[path], path
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(SITE_URL, "https://example.org/d/"))
    files = {output.path: output.content for output in generate(project.root).files}
    for path in feeds:
        assert b"https://example.org/d/papers/one/" in files[path] and SITE_URL.encode() not in files[path]


def test_a_new_digest_makes_again_only_the_feeds_it_is_in(project, monkeypatch):
    project.entry("old", date="2026-03-01", tags=["model-merging"], authors=["Ann Author"])
    project.entry("older", date="2026-02-01", tags=["diffusion-models"])
    generate(project.root)
    made = []
    real = feeds_module.memoized
    monkeypatch.setattr(
        feeds_module,
        "memoized",
        lambda table, key, compute: real(table, key, lambda: made.append(1) or compute()),
    )
    project.entry("new", date="2026-03-12", tags=["quantization"])
    files = {output.path: output.content for output in generate(project.root).files}
    assert b"papers/new/" in files["feeds/tags/quantization.xml"]
    # The three site feeds, the new paper's tag feed, the digests feed; not model-merging's nor Ann's.
    assert len(made) == 5


def test_two_builds_give_byte_identical_feeds(project):
    project.entry(
        "one", date="2026-03-12", authors=["Ann Author"], body="Text with a footnote[^1].\n\n[^1]: Note."
    )
    project.entry("two", date="2026-02-01", tags=["model-merging", "quantization"])
    project.build()
    feeds = project.root / "site" / "feeds"
    first = {path: path.read_bytes() for path in sorted(feeds.rglob("*")) if path.is_file()}
    first_page = (project.root / "build" / "docs" / "subscribe.md").read_bytes()
    project.build()
    assert {path: path.read_bytes() for path in sorted(feeds.rglob("*")) if path.is_file()} == first
    assert (project.root / "build" / "docs" / "subscribe.md").read_bytes() == first_page


def test_content_links_are_absolute(project):
    project.entry("target", date="2026-03-01")
    body = (
        "An abstract.\n\n## Notes\n\nSee [the target](target.md#cite), [x](https://example.org/a?b=1&c=2) "
        "and a note[^n].\n\nAlso [this](./target.md).\n\n[^n]: Footnote."
    )
    project.entry("source", body=body, links={"code": "https://github.com/a/b?x=1&y=2"})
    project.build()
    content = parse(project.root / "site" / "feeds" / "rss.xml").entries[0].content[0].value
    hrefs = HrefCollector.collect(content)
    assert hrefs == [
        f"{SITE_URL}papers/target/#cite",
        "https://example.org/a?b=1&c=2",
        f"{SITE_URL}papers/source/#fn:n",
        f"{SITE_URL}papers/target/",
        f"{SITE_URL}papers/source/#fnref:n",
        "https://github.com/a/b?x=1&y=2",
    ]
    assert "<h2" in content and "Notes" in content


def test_content_keeps_no_active_attributes():
    """Validation refuses these already; the feed HTML does not rely on it."""
    import datetime as dt

    from generator.emit.feeds.content import EntryHtml
    from generator.model import Entry

    notes = (
        '[x](https://example.org/){ onclick="steal()" style="color:red" } [y](javascript:alert(1)) '
        "[fig](../assets/fig.png)"
    )
    entry = Entry(
        "me", "T", dt.date(2026, 3, 1), (), (), (), (), "An abstract.", notes, (), "content/papers/me.md"
    )
    content = EntryHtml(SITE_URL).render(entry)
    assert "onclick" not in content and "style=" not in content and "javascript:" not in content
    assert HrefCollector.collect(content) == ["https://example.org/", f"{SITE_URL}assets/fig.png"]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("other.md", SITE_URL + "papers/other/"),
        ("./other.md#x", SITE_URL + "papers/other/#x"),
        ("../tags/quantization/index.md", SITE_URL + "tags/quantization/"),
        ("#fn:1", SITE_URL + "papers/me/#fn:1"),
        ("https://example.org/", "https://example.org/"),
    ],
)
def test_absolute_url(url, expected):
    assert absolute_url(url, "papers/me.md", SITE_URL) == expected


class HrefCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href") is not None:
            self.hrefs.append(dict(attrs)["href"])

    @classmethod
    def collect(cls, text: str) -> list[str]:
        parser = cls()
        parser.feed(text)
        return parser.hrefs

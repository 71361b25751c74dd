"""The output audit: hostile entries that check accepts, built, and every output file inspected.

One table row per hostile entry. The site is built from the repository's seed
content plus those rows; a build of the seed content plus the same rows with
friendly text (as many authors, the same link kinds, notes with a heading,
footnote, code and table) is the baseline for the ids and classes our
templates and the theme write. Then every file of site/ and build/docs/ must hold:

- HTML: no id or class that the baseline does not have, except heading ids
  (toc slugs), which may not be an id the theme uses; exactly one theme
  configuration (`id="__config"`); no event-handler attribute; no javascript:,
  vbscript: or data: URL; no image, script or frame from outside the site.
- every .bib parses with pybtex in strict mode, one entry per paper, authors
  counted as the entry lists them and no field smuggled in;
- every XML file (feeds, sitemap, OPML) and JSON file parses;
- the front matter of every page in build/docs/ is valid YAML, a mapping;
- feed sizes are bounded: a feed holds at most `feed_items` items, and its size
  is at most FEED_BYTES_PER_SOURCE_BYTE times the bytes of the entry files it
  can draw on (the `feed_items` largest) plus FEED_OVERHEAD.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from pygments.token import STANDARD_TYPES

from generator.commands.check import run_check
from generator.errors import Severity
from generator.load.settings import load_settings

from support import make_content_project

FEED_BYTES_PER_SOURCE_BYTE = 8  # escaping twice (HTML in XML) and a summary beside the content
FEED_OVERHEAD = 64 * 1024
TAG = "large-language-models"
LONG_AUTHORS = [f"Author{i} O'Name-{{{i}}}" for i in range(3000)]

# (id, title, authors, links, body) of entries check accepts but an attacker wrote.
HOSTILE = [
    (
        "h-script",
        "<script>alert(1)</script> \"double\" 'single' & &amp; &#x3C;b&#x3E;",
        ["<img src=x onerror=alert(1)>", '"Quote" O\'Brien'],
        {},
        "An abstract <script>alert(document.cookie)</script> <img src=https://evil.example/p.png "
        "onerror=alert(1)>.",
    ),
    (
        "h-bibtex",
        "}},author={Mallory}, note={x",
        ["Tom and Jerry", "{Brace} \\relax", "A, B and C"],
        {
            "code": "https://github.com/a/b?x=%7D%7D,author=%7BEvil",
            "arxiv": "https://arxiv.org/abs/2403.01234",
        },
        "Unbalanced { braces } } { and \\backslash \\input{/etc/passwd} @misc{x, title={y}}.",
    ),
    (
        "h-tex",
        "Math $\\href{javascript:alert(1)}{click}$ and \\url{javascript:x}",
        ["Ada"],
        {},
        "See \\href{javascript:alert(1)}{click}, $\\includegraphics{https://evil.example/x.png}$ and "
        "\\textcolor{red}{x} $$\\style{color:red}{x}$$ \\(\\htmlId{__config}{y}\\).",
    ),
    (
        "h-attributes",
        "Title {: #__config } {: .md-dialog }",
        ["Eve {: .md-dialog }"],
        {},
        "{: #__config }\n\nText {: .md-dialog onclick=alert(1) } and {#__search .md-search}.\n\n"
        '!!! warning "Session expired"\n    Sign in at https://evil.example',
    ),
    (
        "h-markdown",
        "[link](javascript:alert(1)) **bold** ![img](https://evil.example/x.png) <b>x</b>",
        ["[a](javascript:x)"],
        {},
        "[click](javascript:alert(1)) ![track](https://evil.example/x.png) <https://evil.example> "
        "[ref]: javascript:alert(1)\n\n| a | b |\n| - | - |\n| <i>x</i> | y |",
    ),
    (
        "h-templates",
        "{{ config }} {% raw %} ${x} #{y} ]]> <![CDATA[ --> <!--",
        ["{{ 7*7 }}", "]]>"],
        {},
        "{{ config.extra }} {% include '/etc/passwd' %} </description></item><item> ]]> --> \" ' `",
    ),
    ("h-theme-id", "__config", ["__search"], {}, "__config is the title, and this the abstract."),
    ("h-long-authors", "A paper with very many authors", LONG_AUTHORS, {}, "An abstract."),
    (
        "h-unicode",
        "Ünïcödé — 数学 — ∀x∈ℝ — emoji 🧪 — Ωmega",
        ["李华", "Zoë Ñúñez", "Ωmega"],
        {},
        'Ünïcödé text — 数学, ∑ and emoji 🧪🧪 — "curly" ‘quotes’.',
    ),
    (
        "h-yaml",
        "key: value # comment &anchor *alias !!python/object",
        ["- item", "? key"],
        {},
        "---\nnot: front matter\n---\n\nid: evil\ntitle: evil",
    ),
    (
        "h-notes",
        "An entry with hostile but allowed notes",
        ["Ada"],
        {},
        "An abstract.\n\n## Notes\n\n### Method\n\n### md-dialog\n\nSee [the abstract](#abstract), "
        "[the method](#md-dialog), [the other](#method) and a footnote[^1].\n\n```js\nalert(1) // "
        "<script>\n```\n\n[^1]: A note.",
    ),
]


BENIGN_BODY = (
    "An abstract with $x^2$ math and \\emph{emphasis}.\n\n## Notes\n\n### Method\n\n"
    "See [the abstract](#abstract), [the method](#method) and a footnote[^1].\n\n"
    "```js\nx = 1\n```\n\n| a | b |\n| - | - |\n| x | y |\n\n[^1]: A note."
)


def _fields(row):
    entry_id, title, authors, links, body = row
    return dict(entry_id=entry_id, title=title, authors=authors, links=links, body=body, tags=(TAG,))


def _benign(row):
    """The same entry as a friendly contributor would write it: same ids, as many authors, same link kinds."""
    entry_id, _, authors, links, _ = row
    benign_links = {kind: f"https://example.org/{entry_id}/{kind}" for kind in links}
    if "arxiv" in links:
        benign_links["arxiv"] = links["arxiv"]
    return (
        entry_id,
        f"Paper {entry_id}",
        [f"Author {i}" for i in range(len(authors))],
        benign_links,
        BENIGN_BODY,
    )


def _project(root: Path, rows):
    project = make_content_project(root)
    for row in rows:
        project.entry(**_fields(row))
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "project"
    project = _project(root, HOSTILE)
    result = run_check(root)
    # Rows check refuses (another change may close more holes) are not this audit's: drop them, keep most.
    refused = {p.path.rsplit("/", 1)[-1][:-3] for p in result.problems if p.severity is Severity.ERROR}
    for entry_id in refused:
        (project.papers / f"{entry_id}.md").unlink()
    print("refused by check:", sorted(refused))
    assert len(refused) <= len(HOSTILE) // 2, f"check now refuses most hostile rows: {sorted(refused)}"
    project.build()
    project.accepted = [row for row in HOSTILE if row[0] not in refused]
    return project


class _Elements(HTMLParser):
    """Every start tag's name and attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.elements


# Code in notes is highlighted: Pygments' token classes follow from the code, not from a name someone chose.
PYGMENTS_CLASSES = set(STANDARD_TYPES.values()) - {""}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _ids_and_classes(site: Path):
    ids, heading_ids, classes, attributes = set(), set(), set(), set()
    for page in site.rglob("*.html"):
        for tag, attrs in elements(page):
            attributes.update((tag, name) for name in attrs)
            if "id" in attrs:
                (heading_ids if tag in HEADINGS else ids).add(attrs["id"])
            classes.update(attrs.get("class", "").split())
    return ids, heading_ids, classes, attributes


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """What our templates and the theme write for the same entries with friendly text."""
    project = _project(tmp_path_factory.mktemp("benign") / "project", [_benign(row) for row in HOSTILE])
    assert not run_check(project.root).errors
    project.build()
    return _ids_and_classes(project.root / "site")


def site_files(project, suffixes) -> list[Path]:
    files = [p for p in (project.root / "site").rglob("*") if p.is_file() and p.suffix in suffixes]
    assert files, f"no {suffixes} output"
    return files


BIB_FIELDS = {
    "title",
    "year",
    "month",
    "url",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "note",
    "howpublished",
    "doi",
    "journal",
    "booktitle",
    "urldate",
    "abstract",
    "keywords",
}
# Our search box (theme/partials) submits nowhere: the one script URL a page may have, and it is ours.
THEME_SCRIPT_URLS = {("form", "action", "javascript:void(0)")}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "srcset",
    "xlink:href",
    "background",
}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)


def test_no_contributed_attribute_id_or_class_reaches_html(hostile, baseline):
    theme_ids, _, theme_classes, theme_attributes = baseline
    for page in site_files(hostile, {".html"}):
        for tag, attrs in elements(page):
            where = f"{page.relative_to(hostile.root)}: <{tag} {attrs}>"
            for name in attrs:
                assert (tag, name) in theme_attributes, (
                    f"attribute {name!r} on <{tag}> no clean build writes: {where}"
                )
            for name in attrs.get("class", "").split():
                assert name in theme_classes or name in PYGMENTS_CLASSES, (
                    f"class {name!r} no clean build writes: {where}"
                )
            if "id" in attrs:
                if tag in HEADINGS:  # toc's slug of a heading: text, never one of the theme's ids
                    assert attrs["id"] not in theme_ids, f"heading id collides with the theme's: {where}"
                else:
                    assert attrs["id"] in theme_ids or re.fullmatch(r"fn(ref)?:\d+(-\d+)?", attrs["id"]), (
                        f"id {attrs['id']!r} no clean build writes: {where}"
                    )


def test_one_theme_configuration_and_no_script_urls_or_remote_media(hostile):
    site_url = load_settings(hostile.root).site_url
    for page in site_files(hostile, {".html"}):
        found = elements(page)
        configs = [attrs for _, attrs in found if attrs.get("id") == "__config"]
        assert len(configs) == 1, f"{page}: {len(configs)} theme configurations"
        for tag, attrs in found:
            where = f"{page.relative_to(hostile.root)}: <{tag} {attrs}>"
            assert not [name for name in attrs if name.startswith("on")], f"event handler: {where}"
            assert tag not in {"iframe", "object", "embed", "frame", "base"}, where
            for name, value in attrs.items():
                if name in URL_ATTRIBUTES:
                    cleaned = re.sub(r"[\x00-\x20]", "", value)
                    assert not BAD_SCHEME.match(cleaned) or (tag, name, value) in THEME_SCRIPT_URLS, (
                        f"{name} URL: {where}"
                    )
            if tag in {"img", "script", "source", "video", "audio", "track"} and attrs.get("src"):
                parts = urlsplit(attrs["src"])
                assert not (parts.scheme or parts.netloc) or attrs["src"].startswith(site_url), (
                    f"remote {tag}: {where}"
                )


def test_every_bib_parses_strictly_with_authors_and_fields_as_written(hostile):
    import pybtex.errors
    from pybtex.database import parse_string

    pybtex.errors.set_strict_mode(True)
    entries = {}
    for path in site_files(hostile, {".bib"}):
        parsed = parse_string(path.read_text(encoding="utf-8"), "bibtex")  # raises on any error
        assert parsed.entries, path
        entries.update(parsed.entries)
    bib = parse_string((hostile.root / "site" / "papers.bib").read_text(encoding="utf-8"), "bibtex")
    assert len(bib.entries) == len(list(hostile.papers.glob("*.md"))), "one BibTeX entry per paper"
    for key, item in entries.items():
        assert set(item.fields) <= BIB_FIELDS, (key, sorted(item.fields))
    counts = sorted(len(item.persons.get("author", [])) for item in bib.entries.values())
    for entry_id, _, authors, _, _ in hostile.accepted:
        assert len(authors) in counts, f"{entry_id}: no BibTeX entry with its {len(authors)} authors"
    accepted = {row[0] for row in hostile.accepted}
    if "h-bibtex" in accepted:
        [smuggled] = [item for item in bib.entries.values() if "Jerry" in str(item.persons)]
        assert [str(person) for person in smuggled.persons["author"]][0] in (
            "{Tom and Jerry}",
            "Tom and Jerry",
        )
        assert len(smuggled.persons["author"]) == 3 and "Mallory" in smuggled.fields["title"]
        assert "Evil" in smuggled.fields.get("note", "") + smuggled.fields.get("url", "")


def test_every_xml_and_json_file_parses(hostile):
    for path in site_files(hostile, {".xml", ".opml"}):
        ET.fromstring(path.read_bytes())
    for path in site_files(hostile, {".json"}):
        json.loads(path.read_text(encoding="utf-8"))


def test_generated_front_matter_is_valid_yaml(hostile):
    pages = list((hostile.root / "build" / "docs").rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = text[4 : text.index("\n---\n", 4)]
        meta = yaml.safe_load(front)
        assert isinstance(meta, dict), page
        if meta.get("pd_kind") == "entry":
            assert isinstance(meta.get("title"), str) and meta["title"], page
            assert isinstance(meta.get("pd_authors"), list), page
    for entry_id, _, authors, _, _ in hostile.accepted:
        page = hostile.root / "build" / "docs" / "papers" / f"{entry_id}.md"
        text = page.read_text(encoding="utf-8")
        meta = yaml.safe_load(text[4 : text.index("\n---\n", 4)])
        assert meta["pd_id"] == entry_id and len(meta["pd_authors"]) == len(authors)


def test_feed_sizes_are_bounded(hostile):
    settings = load_settings(hostile.root)
    sizes = sorted((p.stat().st_size for p in hostile.papers.glob("*.md")), reverse=True)
    bound = FEED_BYTES_PER_SOURCE_BYTE * sum(sizes[: settings.feed_items]) + FEED_OVERHEAD
    feeds = site_files(hostile, {".xml", ".json", ".opml"})
    feeds = [p for p in feeds if "feeds" in p.parts]
    assert feeds
    for feed in feeds:
        assert feed.stat().st_size <= bound, f"{feed}: {feed.stat().st_size} bytes > {bound}"
        text = feed.read_text(encoding="utf-8")
        items = max(text.count("<item>"), text.count("<entry>"), text.count('"id":') - 1)
        assert items <= settings.feed_items, feed

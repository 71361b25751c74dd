"""Feeds: the site feed (RSS, Atom, JSON Feed), an RSS feed per tag, a digests feed,
an OPML list of the tag feeds, and the Subscribe page that names them all.

Each feed holds the newest `feed_items` entries (or digests) in catalog order,
so ties on a date keep a stable order; item guids are entry permalinks.
"""

from __future__ import annotations

import datetime as dt
import html

from generator.analyze.analysis import Analysis, Digest
from generator.emit.feeds.content import EntryHtml
from generator.emit.feeds.formats import (
    Category,
    Channel,
    Item,
    Subscription,
    atom_bytes,
    json_feed_bytes,
    opml_bytes,
    rss_bytes,
)
from generator.emit.render import render_page
from generator.model import Catalog, Entry, OutputFile, Tag
from generator.paths import (
    ARCHIVE_INDEX,
    AUTHORS_INDEX,
    HOME,
    TAGS_INDEX,
    author_feed,
    author_page,
    digest_page,
    entry_page,
    tag_page,
    url_of,
)
from generator.runtime.memo import digest, memoized
from generator.text import wording
from generator.text.authortext import plain
from generator.text.wording import long_date

SITE_RSS = "feeds/rss.xml"
SITE_ATOM = "feeds/atom.xml"
SITE_JSON = "feeds/feed.json"
DIGESTS_RSS = "feeds/digests.xml"
TAGS_OPML = "feeds/tags.opml"
SUBSCRIBE_PAGE = "subscribe.md"
EMPTY_SITE_DATE = dt.date(1970, 1, 1)  # 'updated' of a feed when there is no entry at all


def tag_feed(slug: str) -> str:
    return f"feeds/tags/{slug}.xml"


def emit_feeds(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    items = _EntryItems(catalog)
    files = _site_feeds(catalog, items)
    files += [_tag_feed(catalog, analysis, items, tag) for tag in catalog.vocabulary.tags]
    files += [_author_feed(catalog, analysis, items, author) for author in analysis.authors.authors]
    files.append(_digests_feed(catalog, analysis))
    files.append(_tags_opml(catalog, analysis))
    files.append(_subscribe_page(catalog, analysis))
    return files


class _EntryItems:
    """Feed items of entries, each built once however many feeds show it."""

    def __init__(self, catalog: Catalog):
        self.site_url = catalog.settings.site_url
        self.tags = catalog.vocabulary.by_slug()
        self.renderer = EntryHtml(self.site_url)
        self._items: dict[str, Item] = {}

    def of(self, entry: Entry) -> Item:
        if entry.id not in self._items:
            permalink = self.site_url + url_of(entry_page(entry.id))
            self._items[entry.id] = Item(
                guid=permalink,
                title=plain(entry.title),
                link=permalink,
                date=entry.date,
                summary=plain(entry.abstract),
                content_html=self.renderer.render(entry),
                authors=entry.authors,
                categories=tuple(Category(slug, self.tags[slug].title) for slug in entry.tags),
                updated=entry.updated,
            )
        return self._items[entry.id]


def _absolute(catalog: Catalog, page_or_file: str) -> str:
    path = url_of(page_or_file) if page_or_file.endswith(".md") else page_or_file
    return catalog.settings.site_url + path


def _updated(catalog: Catalog, newest_item: dt.date | None) -> dt.date:
    """A channel's date: its newest item's; for a feed with none, the site's newest entry's."""
    if newest_item is not None:
        return newest_item
    return catalog.entries[0].date if catalog.entries else EMPTY_SITE_DATE


def _channel(catalog: Catalog, title: str, description: str, home_page: str, items: list[Item]) -> Channel:
    return Channel(
        title=title,
        description=description,
        home=_absolute(catalog, home_page),
        author=catalog.settings.site_name,
        category_scheme=_absolute(catalog, TAGS_INDEX),
        updated=_updated(catalog, items[0].date if items else None),
        items=tuple(items),
    )


def _site_feeds(catalog: Catalog, items: _EntryItems) -> list[OutputFile]:
    newest = list(catalog.entries[: catalog.settings.feed_items])
    name = catalog.settings.site_name
    header = (name, f"The newest papers in {name}.", HOME)
    return [
        _entry_feed(catalog, items, path, serialize, header, newest)
        for path, serialize in ((SITE_RSS, rss_bytes), (SITE_ATOM, atom_bytes), (SITE_JSON, json_feed_bytes))
    ]


def _entry_feed(
    catalog: Catalog,
    items: _EntryItems,
    path: str,
    serialize,
    header: tuple[str, str, str],
    entries: list[Entry],
) -> OutputFile:
    """A feed of `entries`, memoised on what it is made of (`header` is its title, description and
    home page; an item is known by its entry's digest, which covers the entry's file and the tags'
    titles its categories show, and the site URL is in `self_url`): a build that finds it builds no item."""
    self_url = _absolute(catalog, path)
    key = digest(
        serialize.__name__,
        self_url,
        catalog.settings.site_name,
        _updated(catalog, entries[0].date if entries else None),  # the channel's, as _channel dates it
        *header,
        *(part for entry in entries for part in (entry.id, entry.digest)),
    )

    def build() -> bytes:
        channel = _channel(catalog, *header, [items.of(entry) for entry in entries])
        return serialize(channel, self_url)

    return OutputFile(path, memoized("feed", key, build))


def _serialized(serialize, channel: Channel, self_url: str) -> bytes:
    """A feed file: a function of its channel (items included) and its own URL."""
    return memoized(
        "feed", digest(serialize.__name__, self_url, repr(channel)), lambda: serialize(channel, self_url)
    )


def _tag_feed(catalog: Catalog, analysis: Analysis, items: _EntryItems, tag: Tag) -> OutputFile:
    ids = analysis.entries_by_tag[tag.slug][: catalog.settings.feed_items]
    newest = [analysis.entries_by_id[entry_id] for entry_id in ids]
    description = tag.description or f"Papers tagged {tag.title}."
    header = (_tag_feed_title(catalog, tag), description, tag_page(tag.slug))
    return _entry_feed(catalog, items, tag_feed(tag.slug), rss_bytes, header, newest)


def _author_feed(catalog: Catalog, analysis: Analysis, items: _EntryItems, author) -> OutputFile:
    ids = author.entry_ids[: catalog.settings.feed_items]
    newest = [analysis.entries_by_id[entry_id] for entry_id in ids]
    title = f"{catalog.settings.site_name}: papers by {author.name}"
    header = (title, f"Papers by {author.name}.", author_page(author.slug))
    return _entry_feed(catalog, items, author_feed(author.slug), rss_bytes, header, newest)


def _tag_feed_title(catalog: Catalog, tag: Tag) -> str:
    return f"{catalog.settings.site_name}: {tag.title}"


def _digests_feed(catalog: Catalog, analysis: Analysis) -> OutputFile:
    digests = analysis.digests[: catalog.settings.feed_items]
    items = [_digest_item(catalog, analysis, digest) for digest in digests]
    name = catalog.settings.site_name
    channel = _channel(
        catalog, f"{name}: digests", f"One item per digest of {name}, newest first.", ARCHIVE_INDEX, items
    )
    return OutputFile(DIGESTS_RSS, _serialized(rss_bytes, channel, _absolute(catalog, DIGESTS_RSS)))


def _digest_item(catalog: Catalog, analysis: Analysis, digest: Digest) -> Item:
    """A digest lists at most one page of its papers; the rest are on the digest's pages."""
    link = _absolute(catalog, digest_page(digest.date))
    entries = [analysis.entries_by_id[entry_id] for entry_id in digest.entry_ids]
    shown = entries[: catalog.settings.page_size]
    count = wording.count(len(entries), "paper")
    rows = "".join(
        f'<li><a href="{html.escape(_absolute(catalog, entry_page(entry.id)))}">'
        f"{html.escape(plain(entry.title))}</a></li>"
        for entry in shown
    )
    content = f"<p>{count} in the digest of {long_date(digest.date)}.</p><ul>{rows}</ul>"
    if len(shown) < len(entries):
        more = html.escape(_absolute(catalog, digest_page(digest.date, 2)))
        content += f'<p><a href="{more}">{len(entries) - len(shown)} more papers</a></p>'
    return Item(
        guid=link,
        title=f"Digest of {long_date(digest.date)} ({count})",
        link=link,
        date=digest.date,
        summary=f"{count}: " + "; ".join(plain(entry.title) for entry in shown),
        content_html=content,
    )


def _tags_opml(catalog: Catalog, analysis: Analysis) -> OutputFile:
    subscriptions = [
        Subscription(
            _tag_feed_title(catalog, tag),
            _absolute(catalog, tag_feed(tag.slug)),
            _absolute(catalog, tag_page(tag.slug)),
        )
        for tag in catalog.vocabulary.tags
    ]
    subscriptions += [
        Subscription(
            f"{catalog.settings.site_name}: papers by {author.name}",
            _absolute(catalog, author_feed(author.slug)),
            _absolute(catalog, author_page(author.slug)),
        )
        for author in analysis.authors.authors
    ]
    name = catalog.settings.site_name
    return OutputFile(
        TAGS_OPML, opml_bytes(f"{name}: tag and author feeds", f"{name} tags and authors", subscriptions)
    )


def _subscribe_page(catalog: Catalog, analysis: Analysis) -> OutputFile:
    def feed(label: str, path: str) -> dict:
        return {"label": label, "path": path, "url": _absolute(catalog, path)}

    tags = [
        {
            "tag": tag,
            "page": tag_page(tag.slug),
            "count": len(analysis.entries_by_tag[tag.slug]),
            **feed(tag.title, tag_feed(tag.slug)),
        }
        for tag in sorted(catalog.vocabulary.tags, key=lambda tag: (tag.title.casefold(), tag.slug))
    ]
    return OutputFile(
        SUBSCRIBE_PAGE,
        render_page(
            "subscribe.md.j2",
            SUBSCRIBE_PAGE,
            site_name=catalog.settings.site_name,
            feed_items=catalog.settings.feed_items,
            site_feeds=[
                feed("RSS 2.0", SITE_RSS),
                feed("Atom 1.0", SITE_ATOM),
                feed("JSON Feed 1.1", SITE_JSON),
            ],
            digests=feed("RSS 2.0", DIGESTS_RSS),
            opml=feed("OPML", TAGS_OPML),
            tags=tags,
            tags_index=TAGS_INDEX,
            # Not a table of every author: it grew with the archive (1,200 rows at 10,000 papers) and
            # was rendered again at every digest, its counts having moved.
            any_author_page=bool(analysis.authors.authors),
            authors_index=AUTHORS_INDEX,
        ),
    )

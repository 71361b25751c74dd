"""One feed's data, serialized as RSS 2.0, Atom 1.0 (feedgen), JSON Feed 1.1, and OPML 2.0.

Every date comes from the data: feedgen stamps feeds and items with the
current time unless told otherwise, so each is set explicitly.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

GENERATOR = "Paper Digest"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Category:
    term: str  # the stable identifier (a tag slug)
    label: str  # what a reader shows (the tag title)


@dataclass(frozen=True)
class Item:
    guid: str  # the item's permalink; never changes when the entry is edited
    title: str
    link: str
    date: dt.date
    summary: str  # plain text
    content_html: str
    authors: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()
    updated: dt.date | None = None  # a newer version of the paper; the guid stays

    @property
    def modified(self) -> dt.date:
        return max(self.date, self.updated) if self.updated else self.date


@dataclass(frozen=True)
class Channel:
    title: str
    description: str
    home: str  # the HTML page this feed follows
    author: str
    category_scheme: str  # URL naming the taxonomy of the items' categories
    updated: dt.date  # the newest item's date, so two builds agree
    items: tuple[Item, ...]  # newest first


@dataclass(frozen=True)
class Subscription:
    """One feed as an OPML outline."""

    title: str
    feed_url: str
    home: str


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def _generator(channel: Channel, self_url: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)  # RSS <author> needs an e-mail; dc:creator takes a name
    feed.id(self_url)
    feed.title(channel.title)
    feed.description(channel.description)
    feed.author({"name": channel.author})
    feed.generator(GENERATOR)
    feed.link(href=self_url, rel="self")
    feed.link(href=channel.home, rel="alternate")  # feedgen uses the last link as RSS <link>
    feed.updated(_moment(channel.updated))
    for item in channel.items:
        _add_item(feed, item, channel.category_scheme)
    return feed


def _add_item(feed: FeedGenerator, item: Item, scheme: str) -> None:
    entry = feed.add_entry(order="append")
    entry.guid(item.guid, permalink=True)
    entry.title(item.title)
    entry.link(href=item.link, rel="alternate")
    entry.content(item.content_html, type="html")
    # RSS <description> and Atom <summary> are HTML: escape the plain text once more.
    entry.summary(_html_text(item.summary), type="html")
    entry.published(_moment(item.date))
    entry.updated(_moment(item.modified))
    if item.authors:
        entry.author([{"name": name} for name in item.authors])
        entry.dc.dc_creator(list(item.authors))
    if item.categories:
        entry.category([{"term": c.term, "label": c.label, "scheme": scheme} for c in item.categories])


def _html_text(text: str) -> str:
    return html.escape(text, quote=False)


def rss_bytes(channel: Channel, self_url: str) -> bytes:
    return _generator(channel, self_url).rss_str(pretty=True)


def atom_bytes(channel: Channel, self_url: str) -> bytes:
    return _generator(channel, self_url).atom_str(pretty=True)


def json_feed_bytes(channel: Channel, self_url: str) -> bytes:
    feed = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.home,
        "feed_url": self_url,
        "description": channel.description,
        "authors": [{"name": channel.author}],
        "items": [_json_item(item) for item in channel.items],
    }
    text = json.dumps(feed, ensure_ascii=False, indent=2)
    # '<', '>' and '&' only occur inside JSON strings; as \u escapes, no
    # browser sniffing the file or page embedding it can read markup into it.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")


def _json_item(item: Item) -> dict:
    fields: dict[str, object] = {
        "id": item.guid,
        "url": item.link,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
        "date_published": _moment(item.date).isoformat(),
    }
    if item.modified != item.date:
        fields["date_modified"] = _moment(item.modified).isoformat()
    if item.authors:
        fields["authors"] = [{"name": name} for name in item.authors]
    if item.categories:
        fields["tags"] = [category.label for category in item.categories]
    return fields


def opml_bytes(title: str, folder: str, subscriptions: list[Subscription]) -> bytes:
    """An OPML 2.0 reading list: one folder of RSS feeds a reader imports in one step."""
    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(opml, "body")
    group = ElementTree.SubElement(body, "outline", text=folder, title=folder)
    for feed in subscriptions:
        ElementTree.SubElement(
            group,
            "outline",
            type="rss",
            text=feed.title,
            title=feed.title,
            xmlUrl=feed.feed_url,
            htmlUrl=feed.home,
        )
    ElementTree.indent(opml)
    return ElementTree.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"

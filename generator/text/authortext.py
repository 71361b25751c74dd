"""Titles and abstracts, the authors' text, as HTML (math rendered), plain text and links.

An abstract is not Markdown: `generator.text.tex` reads it the way arXiv gives it, and every
character it does not recognise as TeX is shown as written (escaped for HTML). Only the
curator's notes are Markdown. Where markup cannot go (`<title>`, feeds' titles, the JSON
API, search) the text is `plain`: math as readable Unicode (`F_q`, `O(n²)`).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from generator.identifiers import url_problem
from generator.runtime.memo import digest, memoized
from generator.text import mathml, tex

_STYLE_TAGS = {
    "em": ("<em>", "</em>"),
    "strong": ("<strong>", "</strong>"),
    "code": ("<code>", "</code>"),
    "smallcaps": ('<span class="pd-smallcaps">', "</span>"),
    "underline": ("<u>", "</u>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}
# Characters Markdown reads as markup inside a line: in inline HTML that goes into a
# generated Markdown page they become character references, which Markdown leaves alone.
_MARKDOWN_SPECIAL = re.compile(r"(<[^>]*>)|([\\`*_{}\[\]|#!~^])")


def abstract_html(source: str) -> str:
    """The abstract as an HTML block for its page: paragraphs, math as MathML, links, emphasis."""
    return f'<div class="pd-abstract">\n{paragraphs(source)}\n</div>' if source.strip() else ""


def paragraphs(source: str) -> str:
    """The abstract's `<p>` paragraphs, one a line (a feed item's content)."""
    return memoized("abstract_html", digest(source), lambda: _paragraphs(tex.parse(source)))


def inline_html(source: str) -> str:
    """A title as inline HTML that can stand in a generated Markdown page (a heading, a link's text)."""
    if not tex.has_tex(source):
        return _markdown_safe(html.escape(" ".join(source.split()), quote=False))
    return _markdown_safe(_cached_inline(source))


@lru_cache(maxsize=1 << 16)  # titles recur on listings, references and related lists
def _cached_inline(source: str) -> str:
    return "".join(_html(node, inline=True) for node in tex.parse(source))


def plain(source: str) -> str:
    """What a reader sees of the text, as one line of plain Unicode text."""
    if not tex.has_tex(source):
        return " ".join(source.split())
    return memoized("author_plain", digest(source), lambda: _plain_of(tex.parse(source)))


def links(source: str) -> tuple[str, ...]:
    """Every URL the text links: bare URLs, `\\url{}` and `\\href{}{}` targets, in order."""
    if "http" not in source:
        return ()
    return tuple(dict.fromkeys(_links_of(tex.parse(source))))


def segments(source: str) -> tuple[tuple[str, str], ...]:
    """('text', plain text) and ('math', TeX source) pieces, in order: for BibTeX's `$...$`."""
    pieces: list[tuple[str, str]] = []
    for node in tex.parse(source):
        if isinstance(node, tex.Math):
            pieces.append(("math", node.source))
        else:
            text = _plain_node(node)
            if pieces and pieces[-1][0] == "text":
                pieces[-1] = ("text", pieces[-1][1] + text)
            else:
                pieces.append(("text", text))
    return tuple(pieces)


def _paragraphs(nodes: tuple) -> str:
    paragraphs: list[list] = []
    current: list = []
    for node in nodes:
        if isinstance(node, tex.Paragraph):
            paragraphs.append(current)
            current = []
        else:
            current.append(node)
    paragraphs.append(current)
    rendered = ["<p>" + "".join(_html(node) for node in part).strip() + "</p>" for part in paragraphs]
    return "\n".join(p for p in rendered if p != "<p></p>")


def _html(node, inline: bool = False) -> str:
    if isinstance(node, tex.Text):
        return html.escape(node.text, quote=False)
    if isinstance(node, tex.Math):
        return _math_html(node, inline)
    if isinstance(node, tex.Styled):
        start, end = _STYLE_TAGS[node.style]
        return start + "".join(_html(child, inline) for child in node.children) + end
    if isinstance(node, tex.Link):
        label = "".join(_html(child, inline) for child in node.children)
        if url_problem(node.url) or inline:
            return label  # a title's link would nest inside the link to its page
        return f'<a href="{html.escape(node.url, quote=True)}" rel="nofollow noopener">{label}</a>'
    return " "  # a paragraph break inside a title


def _math_html(node: tex.Math, inline: bool) -> str:
    try:
        markup, _ = _converted(node.source, node.display and not inline)
    except mathml.MathError:
        return f'<span class="pd-tex">{html.escape(node.written, quote=False)}</span>'
    return markup


@lru_cache(maxsize=1 << 14)
def _converted(source: str, display: bool) -> tuple[str, str]:
    return mathml.convert(source, display)


def _markdown_safe(markup: str) -> str:
    return _MARKDOWN_SPECIAL.sub(lambda m: m.group(1) or f"&#{ord(m.group(2))};", markup)


def _plain_of(nodes) -> str:
    return " ".join("".join(_plain_node(node) for node in nodes).split())


def _plain_node(node) -> str:
    if isinstance(node, tex.Text):
        return node.text
    if isinstance(node, tex.Math):
        try:
            return _converted(node.source, node.display)[1]
        except mathml.MathError:
            return node.written
    if isinstance(node, (tex.Styled, tex.Link)):
        return "".join(_plain_node(child) for child in node.children)
    return " "


def _links_of(nodes) -> list[str]:
    found = []
    for node in nodes:
        if isinstance(node, tex.Link):
            found.append(node.url)
        if isinstance(node, (tex.Styled, tex.Link)):
            found += _links_of(node.children)
    return found

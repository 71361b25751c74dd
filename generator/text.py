"""Turning untrusted text into safe Markdown, YAML, BibTeX and plain text."""
from __future__ import annotations

import html
import json
import posixpath
import re
from functools import lru_cache

import markdown

from .markdown_scan import EXTENSIONS
from .memo import digest, memoized

# Characters Markdown may read as markup anywhere in a line ('|': the tables
# extension); others ('#', '>', '-', '+', '1.') only at the start of a line.
# Backslash escapes keep the text readable in the file; '<' and entity-like '&'
# have no backslash escape in Python-Markdown, so they become entities.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
_LINE_START = re.compile(r"^(\s*)([#>+-])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]*)[^>]*>")
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "br", "hr", "pre", "blockquote", "table", "tr", "td", "th",
               "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd"}


def md_escape(text: str) -> str:
    """Text that Markdown renders exactly as written, never as markup or HTML."""
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


def yaml_string(text: str) -> str:
    """A YAML scalar (JSON is YAML) for page front matter, HTML-escaped.

    MkDocs themes print page titles unescaped, so the title we hand them is
    already escaped: 'PA&DA' is written as 'PA&amp;DA' and shows as 'PA&DA'.
    """
    return json.dumps(html.escape(text, quote=True), ensure_ascii=False)


# Markdown that can change what a reader sees; text without any renders as its
# own words, so the (slow) renderer is skipped for it.
_MARKUP = re.compile(r"[\\`*_{}\[\]<>&|]|^\s*(?:[-+>=~#!]|\d+[.)])|^ {4}|\t", re.MULTILINE)


def plain_text(markdown_text: str) -> str:
    """What a reader sees of some Markdown, as one line of plain text."""
    if not _MARKUP.search(markdown_text):
        return " ".join(markdown_text.split())
    return memoized("plain_text", digest(markdown_text), lambda: _render_plain(markdown_text))


@lru_cache(maxsize=1)
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS)  # building one costs more than a conversion


def _render_plain(markdown_text: str) -> str:
    renderer = _renderer()
    rendered = renderer.reset().convert(markdown_text)
    # Block tags separate words; inline tags (a, em, code) do not.
    text = _TAG.sub(lambda tag: " " if tag.group(2).lower() in _BLOCK_TAGS else "", rendered)
    return " ".join(html.unescape(text).split())


def first_sentence(text: str, limit: int = 240) -> str:
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z0-9])", text)
    sentence = text[: match.start()] if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def relative_link(from_page: str, to_page: str) -> str:
    """Link from one generated Markdown file to another, as MkDocs resolves it."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def url_for_markdown(url: str) -> str:
    """A URL that cannot end a Markdown link early or break out of it."""
    return re.sub(r"[\s()<>\"'\\`]", lambda m: "%{:02X}".format(ord(m.group())), url)


def fence(text: str, language: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{language}\n{text}\n{marker}"

"""Turning untrusted text into safe Markdown, YAML, BibTeX and plain text."""

from __future__ import annotations

import html
import json
import posixpath
import re
from functools import lru_cache

import markdown

from generator.deps.markdown import PARSING
from generator.runtime.memo import digest, lookup, memoized

# Characters Markdown may read as markup anywhere in a line ('|': the tables
# extension); others ('#', '>', '-', '+', '1.') only at the start of a line.
# Backslash escapes keep the text readable in the file; '<' and entity-like '&'
# have no backslash escape in Python-Markdown, so they become entities.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
_LINE_START = re.compile(r"^(\s*)([#>+-])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]*)[^>]*>")
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "br",
    "hr",
    "pre",
    "blockquote",
    "table",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "dt",
    "dd",
}


@lru_cache(maxsize=1 << 16)  # authors, tag and entry titles recur on many pages
def md_escape(text: str) -> str:
    """Text that Markdown renders exactly as written, never as markup or HTML."""
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


@lru_cache(maxsize=1 << 16)
def yaml_string(text: str) -> str:
    """A YAML scalar (JSON is YAML) for page front matter, HTML-escaped.

    MkDocs themes print page titles unescaped, so the title we hand them is
    already escaped: 'PA&DA' is written as 'PA&amp;DA' and shows as 'PA&DA'.
    """
    return json.dumps(html.escape(text, quote=True), ensure_ascii=False)


# Markdown that can change what a reader sees; text without any renders as its
# own words, so the (slow) renderer is skipped for it. Marker characters anywhere,
# or a line starting with a block marker or four spaces (checked line by line:
# one MULTILINE pattern would try every position of the text).
_MARKUP_CHARACTER = re.compile(r"[\\`*_{}\[\]<>&|\t]")
_MARKUP_LINE = re.compile(r"\s*(?:[-+>=~#!]|\d+[.)])| {4}")
# This process's answers, with their memo keys: each text is asked for by several emitters.
_plain_texts: dict[str, tuple[str, bytes]] = {}
_PLAIN_TEXTS_KEPT = 200_000


def has_markup(text: str) -> bool:
    return bool(_MARKUP_CHARACTER.search(text)) or any(_MARKUP_LINE.match(line) for line in text.split("\n"))


def plain_text(markdown_text: str) -> str:
    """What a reader sees of some Markdown, as one line of plain text."""
    known = _plain_texts.get(markdown_text)
    if known is not None:
        if known[1]:
            lookup("plain_text", known[1])  # keeps it in the saved cache
        return known[0]
    key = b""
    if not has_markup(markdown_text):
        plain = " ".join(markdown_text.split())
    else:
        key = digest(markdown_text)
        plain = memoized("plain_text", key, lambda: _render_plain(markdown_text))
    if len(_plain_texts) >= _PLAIN_TEXTS_KEPT:
        _plain_texts.clear()
    _plain_texts[markdown_text] = (plain, key)
    return plain


@lru_cache(maxsize=1)
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=PARSING)  # building one costs more than a conversion


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


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{c: "\\" + c for c in "&%$#_"},
}


def bibtex_escape(text: str) -> str:
    """Text as LaTeX inside a braced BibTeX field, whatever it holds.

    BibTeX counts every brace, `\\{` too, so braces that pair up in the text are
    written `\\{...\\}` and any other one as `\\textbraceleft{}`/`\\textbraceright{}`:
    the result never closes the field early nor leaves it open.
    """
    paired: set[int] = set()
    opened: list[int] = []
    for at, char in enumerate(text):
        if char == "{":
            opened.append(at)
        elif char == "}" and opened:
            paired.update((opened.pop(), at))
    out = []
    for at, char in enumerate(text):
        if char in "{}":
            out.append(
                "\\" + char if at in paired else r"\textbraceleft{}" if char == "{" else r"\textbraceright{}"
            )
        else:
            out.append(_BIBTEX_SPECIAL.get(char, char))
    return "".join(out)


def relative_link(from_page: str, to_page: str) -> str:
    """Link from one generated Markdown file to another, as MkDocs resolves it.

    posixpath.relpath, without its two os.getcwd() calls, for the clean paths we generate.
    Pages in one folder (all entry pages) share the answers, so they are kept.
    """
    return _relative_to_folder(posixpath.dirname(from_page), to_page)


@lru_cache(maxsize=1 << 16)
def _relative_to_folder(folder: str, to_page: str) -> str:
    start, target = folder.split("/") if folder else [], to_page.split("/")
    if not _clean(start) or not _clean(target):
        return posixpath.relpath(to_page, folder or ".")
    common = 0
    for mine, theirs in zip(start, target, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def _clean(parts: list[str]) -> bool:
    """No empty, '.' or '..' part: nothing for relpath to normalise."""
    return not any(part in ("", ".", "..") for part in parts)


def url_for_markdown(url: str) -> str:
    """A URL that cannot end a Markdown link early or break out of it."""
    return re.sub(r"[\s()<>\"'\\`]", lambda m: f"%{ord(m.group()):02X}", url)

"""BibTeX for an entry; arXiv entries cite as @misc with eprint/archivePrefix.

Every record parses with a strict BibTeX parser whatever the entry holds: text is
escaped so braces always balance (`text.bibtex_escape`), a title's math stays `$...$`
only when it cannot break out, URLs are percent-encoded where BibTeX or `\\url` would
read them, and an author whose name BibTeX would split (`Tom and Jerry`) is braced.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import partial
from urllib.parse import quote

from anyascii import anyascii

from generator.identifiers import arxiv_base, arxiv_month
from generator.model import Entry
from generator.runtime.memo import memoized
from generator.text import mathml
from generator.text.authortext import plain, segments
from generator.text.escape import bibtex_escape

MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)  # BibTeX's macros
_WRAP_AUTHORS = 1000  # an author field longer than this goes on lines of at most _LINE columns
_LINE = 80


def citation_key(entry: Entry) -> str:
    """ASCII: the first author's surname and the title's first long word transliterated
    (Öztürk: ozturk, Nießner: niessner), and the paper's year."""
    first_author = entry.authors[0].split()[-1] if entry.authors and entry.authors[0].split() else "anon"
    surname = re.sub(r"[^a-z0-9]", "", anyascii(first_author).lower()) or "anon"
    words = re.findall(r"[a-z0-9]+", anyascii(plain(entry.title)).lower())
    first_word = next((w for w in words if len(w) > 3), "paper")
    return f"{surname}{entry.paper_year}{first_word}"


def citation_keys(entries) -> dict[str, str]:
    """Entry id -> a citation key unique among `entries`.

    `citation_key` (author, year, first long title word) can repeat; the
    oldest entry keeps the plain key and later ones get a letter (b, c, ...),
    so adding newer papers never renames the keys of older ones.
    """
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        # Saved with the cache: at 10,000 entries recomputing them took ~0.3 s, loading them ~5 ms.
        by_key[memoized("citation_key", entry.digest, partial(citation_key, entry))].append(entry)
    keys = {}
    for key, group in by_key.items():
        for index, entry in enumerate(sorted(group, key=lambda e: (e.date, e.id))):
            keys[entry.id] = key + _letters(index)
    return keys


def _letters(index: int) -> str:
    """'' for the first, then 'b', 'c', ..., 'z', 'ba', 'bb'... (bijective: never repeats)."""
    if index == 0:
        return ""
    letters = ""
    while index:
        index, digit = divmod(index, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return letters


def bibtex(entry: Entry, site_url: str | None = None, key: str | None = None) -> str:
    fields = [("title", "{{" + title_field(entry.title) + "}}")]
    if entry.authors:
        fields.append(("author", "{" + author_field(entry.authors) + "}"))
    fields.append(("year", "{" + str(entry.paper_year) + "}"))
    if entry.published or arxiv_month(entry.id):  # known, not the digest's month
        fields.append(("month", MONTHS[int(entry.paper_date[5:7]) - 1]))
    base = arxiv_base(entry.id)
    if base:
        fields += [("eprint", "{" + base + "}"), ("archivePrefix", "{arXiv}")]
    url = entry.link("arxiv") or entry.link("pdf") or site_url
    if url:
        fields.append(("url", "{" + url_field(url) + "}"))
    if code := entry.link("code"):
        fields.append(("note", "{Code: \\url{" + url_field(code) + "}}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key or citation_key(entry)},\n{body}\n}}"


def title_field(source: str) -> str:
    """The title as the authors wrote it, on one line: math as `$...$` TeX where that is safe,
    else as its plain text; the rest escaped."""
    parts = []
    for kind, text in segments(source):
        if kind == "math" and _safe_math(text):
            parts.append("$" + text + "$")
        elif kind == "math":
            parts.append(bibtex_escape(_math_plain(text)))
        else:
            parts.append(bibtex_escape(text))
    return " ".join("".join(parts).split())


# After a backslash, math may have a command name or one of these symbols; anything else
# (`\\`, `\)`, `\]`, a backslash at the end, ...) could leave the math or the field.
_MATH_ESCAPE = re.compile(r"\\(?:[A-Za-z]+|[{}|,;:!#$%&_^~ ])")
_MATH_UNSAFE = re.compile(r"[$%#&]")  # unescaped: ends the math, a comment, a parameter, an alignment
_MATH_UNSAFE_COMMANDS = frozenset(
    {
        "verb",
        "catcode",
        "def",
        "edef",
        "gdef",
        "xdef",
        "let",
        "csname",
        "input",
        "include",
        "makeatletter",
        "iffalse",
        "begingroup",
        "endgroup",
    }
)


def _safe_math(source: str) -> bool:
    depth = tex_depth = 0
    for at, char in enumerate(source):  # as BibTeX counts (every brace) and as TeX does (not \\{ \\})
        if char in "{}":
            step = 1 if char == "{" else -1
            depth += step
            tex_depth += 0 if at and source[at - 1] == "\\" else step  # `\\\\{` is refused below
            if depth < 0 or tex_depth < 0:
                return False
    if depth or tex_depth:
        return False
    rest = _MATH_ESCAPE.sub(lambda m: "\\" if m.group()[1:] in _MATH_UNSAFE_COMMANDS else "", source)
    return "\\" not in rest and not _MATH_UNSAFE.search(rest)


def _math_plain(source: str) -> str:
    try:
        return mathml.convert(source, False)[1]
    except mathml.MathError:
        return "$" + source + "$"


def author_field(authors) -> str:
    names = [_author(name) for name in authors]
    field = " and ".join(names)
    if len(field) <= _WRAP_AUTHORS:
        return field
    lines: list[str] = []
    line = ""
    for name in names:
        room = _LINE - (len("  author = {") if not lines else 4) - len(" and")  # or the closing "},"
        if line and len(line) + len(" and ") + len(name) > room:
            lines.append(line + " and")
            line = name
        else:
            line = f"{line} and {name}" if line else name
    return "\n    ".join(lines + [line])


def _author(name: str) -> str:
    """One author as BibTeX reads one name: braced when BibTeX would read it as several
    (`Tom and Jerry`) or could not read it (three commas, nothing)."""
    name = bibtex_escape(" ".join(name.split()))
    words = name.split()
    if (
        not words
        or any(word.lower() == "and" for word in words)
        or name.count(",") > 2
        or name.startswith(",")
        or name.endswith(",")
    ):
        return "{" + name + "}"
    return name


def url_field(url: str) -> str:
    """A URL as BibTeX and `\\url` read it verbatim: the characters that could end the field or
    the `\\url{}` (braces, backslash) and white space percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: quote(m.group(), safe=""), url.strip())

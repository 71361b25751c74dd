"""Checks for identifiers and URLs that come from contributors.

Every `*_problem` function returns None when the value is fine, or one
message shaped "what is wrong (what was expected)".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import urlsplit

from generator.errors import describe
from generator.validate.charcheck import url_char_problem

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# Every pattern is ASCII (\d would take Arabic-Indic or fullwidth digits, which then slip
# past the duplicate check) and ends in \Z (a '$' matches before a trailing newline).
SAFE_ID = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])?\Z", re.ASCII)
# arXiv's identifier scheme since April 2007: YYMM.NNNN (to 2014), YYMM.NNNNN (from 2015), then a version.
ARXIV_ID = re.compile(
    r"^(?P<base>(?P<yy>\d\d)(?P<mm>0[1-9]|1[0-2])\.(?P<number>\d{4,5}))(?P<version>v[1-9]\d*)?\Z", re.ASCII
)
# Before 2007: archive(.SUBJECT-CLASS)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
OLD_ARXIV_ID = re.compile(r"^(?P<base>[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?P<version>v[1-9]\d*)?\Z", re.ASCII)
LOOKS_LIKE_ARXIV = re.compile(r"^\d{4}\.\d", re.ASCII)
ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?P<kind>abs|pdf)/(?P<id>[^?#]+?)(?:\.pdf)?/?(?:[?#].*)?\Z",
    re.ASCII,
)
# Ids whose page would take a path the site uses: papers/index.md is published at papers/,
# the URL of the papers folder itself, while search and links would point to papers/index/.
# arXiv's category names (its taxonomy): archive, then an optional subject class: cs.LG, hep-th,
# physics.comp-ph, cond-mat.str-el, q-bio.NC. (arXiv's metadata also files ACM and MSC classes,
# I.2.7 and 68T50, among the categories: those are not arXiv categories.)
ARXIV_CATEGORY = re.compile(r"[a-z]{1,12}(?:-[a-z]{2,6})?(?:\.[A-Za-z]{2,8}(?:-[a-z]{2,6})?)?\Z", re.ASCII)
RESERVED_IDS = frozenset({"index"})
ARXIV_EXAMPLE = "an arXiv id like 1907.05737 or 1907.05737v2"
SAFE_ID_RULE = (
    "lower-case letters, digits, '.', '-' or '_', starting and ending with a letter or digit, at most 120"
)
URL_EXAMPLE = "an http(s) URL like https://example.org/page"


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date; ValueError says what is wrong, then what was expected."""
    if not isinstance(text, str) or not ISO_DATE.fullmatch(text):
        raise ValueError(f"{describe(text)} is not a date (expected YYYY-MM-DD, e.g. 2026-03-12)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a real date (expected YYYY-MM-DD with a valid month and day)"
        ) from None


def id_problem(entry_id: str) -> str | None:
    """Why `entry_id` is not a safe id, or None when it is."""
    if LOOKS_LIKE_ARXIV.match(entry_id):
        return arxiv_id_problem(entry_id)
    if not SAFE_ID.match(entry_id):
        return f"{describe(entry_id)} is not a safe id ({SAFE_ID_RULE})"
    if entry_id in RESERVED_IDS:
        return (
            f"{describe(entry_id)} is reserved for a page of the site "
            "(expected another id, e.g. made from the title)"
        )
    return None


def arxiv_id_problem(arxiv_id: str) -> str | None:
    """Why `arxiv_id` is not a well-formed modern arXiv id, or None."""
    match = ARXIV_ID.match(arxiv_id)
    if not match:
        return f"{describe(arxiv_id)} is not a valid arXiv id (expected {ARXIV_EXAMPLE})"
    # Four-digit numbers ran until December 2014, five-digit ones since January 2015.
    five_digits = int(match.group("yy")) >= 15
    if five_digits != (len(match.group("number")) == 5):
        digits = 5 if five_digits else 4
        return (
            f"{describe(arxiv_id)} is not a valid arXiv id: papers from 20{match.group('yy')} "
            f"have {digits}-digit numbers (expected {ARXIV_EXAMPLE})"
        )
    return None


def arxiv_base(entry_id: str) -> str | None:
    """The arXiv id without its version suffix, or None for a non-arXiv id."""
    if arxiv_id_problem_any(entry_id):
        return None
    match = ARXIV_ID.match(entry_id) or OLD_ARXIV_ID.match(entry_id)
    assert match is not None, "arxiv_id_problem_any() passed it: one of the two patterns matches"
    return match.group("base")


def arxiv_month(entry_id: str) -> tuple[int, int] | None:
    """(year, month) of the first version of an arXiv paper, read from its id (2008.01234: 2020-08)."""
    match = ARXIV_ID.match(entry_id)
    if match and not arxiv_id_problem(entry_id):
        return 2000 + int(match.group("yy")), int(match.group("mm"))
    old = OLD_ARXIV_ID.match(entry_id)
    if old:
        yymm = old.group("base").split("/")[1][:4]
        year = int(yymm[:2])
        return (1900 + year if year >= 91 else 2000 + year), int(yymm[2:])
    return None


def arxiv_id_problem_any(arxiv_id: str) -> str | None:
    """Like arxiv_id_problem, but old-style ids (hep-th/9901001) are fine too."""
    return None if OLD_ARXIV_ID.match(arxiv_id) else arxiv_id_problem(arxiv_id)


def arxiv_id_of_url(url: object) -> str | None:
    """The arXiv id (with version, if any) an arxiv.org abs/pdf URL names, or None."""
    match = ARXIV_URL.match(url) if isinstance(url, str) else None
    if match and not arxiv_id_problem_any(match.group("id")):
        return match.group("id")
    return None


def arxiv_link_problem(url: str) -> str | None:
    """An `arxiv` link must be an arxiv.org abstract or PDF URL naming a well-formed id."""
    match = ARXIV_URL.match(url)
    if not match:
        return (
            f"{describe(url)} is not an arXiv URL (expected https://arxiv.org/abs/ followed by "
            f"{ARXIV_EXAMPLE})"
        )
    problem = arxiv_id_problem_any(match.group("id"))
    return f"{describe(url)}: {problem}" if problem else None


def url_problem(url: object) -> str | None:
    """Why `url` is not an acceptable http(s) URL, or None when it is."""
    if not isinstance(url, str) or not url:
        return f"{describe(url)} is not a URL (expected {URL_EXAMPLE})"
    if problem := url_char_problem(url):
        return f"{_show_escaped(url)} {problem}"
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cs") for ch in url):
        return (
            f"{describe(url)} contains spaces or control characters "
            f"(expected {URL_EXAMPLE}; write a space as %20)"
        )
    if any(ch in "{}\\" for ch in url):  # TeX's \href{url}{text} pasted whole, or a broken copy of one
        return (
            f"{describe(url)} contains '{{', '}}' or '\\' "
            f"(expected {URL_EXAMPLE}; write them as %7B, %7D, %5C)"
        )
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # e.g. an unclosed '[' in the host
        return f"{describe(url)} is not a well-formed URL (expected {URL_EXAMPLE})"
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme:
            return f"{describe(url)} has no scheme (expected {URL_EXAMPLE})"
        return f"{describe(url)} uses the '{parts.scheme}:' scheme (expected {URL_EXAMPLE})"
    if not hostname:
        return f"{describe(url)} has no host name (expected {URL_EXAMPLE})"
    if not hostname.isascii():
        return _idn_problem(url, hostname)
    return None


def _idn_problem(url: str, hostname: str) -> str:
    """A host in non-ASCII letters is refused, whatever its scripts: 'аpple.com' with a
    Cyrillic 'а' reads as apple.com, and a single-script host (all Cyrillic) can imitate
    one too, so checking for mixed scripts is not enough. The message shows the ASCII
    (punycode) form, which is what a browser resolves and what the reviewer should see:
    a real IDN site is still reachable by it, and a look-alike shows as 'xn--...'."""
    try:
        ascii_host = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return (
            f"{_show_escaped(url)} has a host name that is not ASCII and has no ASCII form "
            f"(expected {URL_EXAMPLE})"
        )
    return (
        f"{_show_escaped(url)} has a host name that is not ASCII, '{ascii_host}' in ASCII "
        f"(expected {URL_EXAMPLE}, its host written in ASCII: look-alike letters hide the real site)"
    )


def slugify(text: str, limit: int = 60) -> str:
    """A safe id from free text: 'PA&DA: Jointly ...' -> 'pa-da-jointly-...'."""
    ascii_text = "".join(_ascii_letter(ch) for ch in unicodedata.normalize("NFKD", text))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "entry"


def _ascii_letter(ch: str) -> str:
    """Greek letters become their Latin initial (ε -> e), other non-ASCII is dropped."""
    if ch.isascii():
        return ch
    name = unicodedata.name(ch, "")
    return name.split()[-1][0].lower() if name.startswith("GREEK") and ch.isalpha() else ""


def _show_escaped(value: str) -> str:
    """Like _show, with every non-ASCII character written as an escape (ascii()): a look-alike
    or invisible character shows for what it is."""
    text = ascii(value)
    return text if len(text) <= 80 else text[:76] + "...'"

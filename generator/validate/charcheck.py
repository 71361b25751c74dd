"""Characters no contributed text may hold: controls, noncharacters, lone surrogates and,
where text names something (a title, an author, a host), invisible bidirectional and
zero-width characters.

Real titles and abstracts hold accents, Greek, math symbols, CJK and emoji: all of those
pass. What is refused is what cannot be seen or cannot be written out: a NUL or ESC
crashes the feed writer (XML 1.0 cannot hold it), DEL and C1 controls make the generated
front matter invalid YAML, and U+202E or U+200B make a title or host read differently
from what it is. Messages name a character as U+XXXX, never print it.
"""

from __future__ import annotations

import unicodedata

# Whitespace controls a text may hold: titles and authors are collapsed to single spaces,
# bodies keep their line breaks.
ALLOWED_CONTROLS = frozenset("\t\n\r")
# Invisible characters that change how the text around them reads: bidirectional
# embeddings, overrides, isolates and marks, and zero-width characters.
INVISIBLE = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]  # LRE, RLE, PDF, LRO, RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI, RLI, FSI, PDI
    + [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",  # zero-width space/non-joiner/joiner, word joiner, BOM
        "\u200e",
        "\u200f",
        "\u061c",
    ]  # LRM, RLM, ALM
)
VISIBLE_TEXT = "expected visible text; remove bidirectional and zero-width characters"
PLAIN_TEXT = "expected text without control characters"


def code(ch: str) -> str:
    """U+XXXX and the character's name when it has one: 'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _is_noncharacter(cp: int) -> bool:
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def char_problem(text: str, invisible: bool = False) -> str | None:
    """Why `text` cannot be published, or None. `invisible`: refuse bidi and zero-width too."""
    if text.isascii() and text.isprintable():  # the common case, fast
        return None
    for ch in text:
        cp = ord(ch)
        if ch in ALLOWED_CONTROLS:
            continue
        if cp < 0x20 or 0x7F <= cp <= 0x9F:
            return f"contains control character {code(ch)} ({PLAIN_TEXT})"
        if 0xD800 <= cp <= 0xDFFF:
            return f"contains lone surrogate {code(ch)} ({PLAIN_TEXT})"
        if _is_noncharacter(cp):
            return f"contains noncharacter {code(ch)} ({PLAIN_TEXT})"
        if ch in "\u2028\u2029":  # line and paragraph separators: line breaks to JavaScript and YAML
            return f"contains {code(ch)} ({PLAIN_TEXT}; use a newline)"
        if invisible and ch in INVISIBLE:
            return f"contains invisible character {code(ch)} ({VISIBLE_TEXT})"
    return None


# Line breaks as Python's str.splitlines sees them: a text that must be one line holds none.
LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")


def one_line_problem(text: str) -> str | None:
    """Why `text` is not one line of plain text (a tag's title, alias or keyword), or None:
    line breaks and other controls, format characters (bidi, zero-width), surrogates, noncharacters."""
    for ch in text:
        category = unicodedata.category(ch)
        if ch != " " and (category in ("Cc", "Cf", "Cs", "Zl", "Zp") or _is_noncharacter(ord(ch))):
            what = "a line break" if ch in LINE_BREAKS else "a control character"
            return f"contains {what} (U+{ord(ch):04X}) (expected one line of plain text)"
    return None


def url_char_problem(url: str) -> str | None:
    """Invisible format characters anywhere in a URL (the host above all)."""
    if url.isascii():
        return None
    for ch in url:
        if ch in INVISIBLE or unicodedata.category(ch) == "Cf":
            return f"contains invisible character {code(ch)} (expected visible text; remove it)"
    return None

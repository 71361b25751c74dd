"""Authors' text as arXiv gives it (TeX-flavoured plain text), parsed into a few nodes.

Titles and abstracts are the authors' own text, not Markdown: what is not one of
the constructs below shows exactly as written. Recognised:
- math between `$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`;
- text commands: `\\emph`, `\\textit`, `\\textbf`, `\\texttt`, `\\textsc`, `\\underline`,
  `\\textcolor{c}{..}` (the colour is dropped), `{\\em ..}`, `{\\bf ..}`, `\\url`, `\\href`;
- escapes and characters: `\\% \\_ \\& \\# \\$ \\{ \\}`, accents (`\\"o`, `\\'{e}`), `\\ss`,
  `~` (no-break space), `--`, `---`, ``` ``quotes'' ```;
- bare http(s) URLs, which become links; a blank line starts a paragraph.
An unknown command, an unclosed `$` or an unbalanced brace stays as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from generator.text.tex_nodes import Link, Math, Paragraph, Styled, Text
from generator.text.tex_tables import ACCENTS, ESCAPED, STYLES, SWITCHES, SYMBOLS

_URL = re.compile(r"https?://[^\s<>\"'{}\\]+")
_WORD = re.compile(r"[A-Za-z]+")
_PARAGRAPH = re.compile(r"[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*")
_SPACES = re.compile(r"\s+")
_SPECIAL = re.compile(r"[\\$~{\n]|--|``|''|https?://")
MAX_DEPTH = 20  # nested groups deeper than this are shown as written
MAX_MATH = 2_000  # characters between math delimiters: longer is not a formula (mathml.MAX_SOURCE)


@lru_cache(maxsize=1 << 10)  # a text's HTML and plain text are asked for one after the other
def parse(source: str) -> tuple:
    """The nodes of one title or abstract."""
    # arXiv's hard wraps and indents are spaces; a blank line is the one break left.
    paragraphs = (_SPACES.sub(" ", part) for part in _PARAGRAPH.split(source.strip()))
    return tuple(_Parser("\n\n".join(paragraphs)).run(0))


def has_tex(source: str) -> bool:
    """Whether anything in `source` is more than plain characters (the fast path skips parsing)."""
    return bool(_SPECIAL.search(source))


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self._braces: dict[int, int] | None = None

    def matching_brace(self, at: int) -> int:
        """Where the group opened at `at` closes, or -1: one linear pass for the whole text, so a
        hostile run of braces costs what its length does."""
        if self._braces is None:
            self._braces = _brace_pairs(self.text)
        return self._braces.get(at, -1)

    def run(self, depth: int) -> list:
        """The nodes of the whole text."""
        text, position = self.text, 0
        nodes: list = []
        buffer: list[str] = []

        def flush():
            if buffer:
                nodes.append(Text("".join(buffer)))
                buffer.clear()

        while position < len(text):
            special = _SPECIAL.search(text, position)  # plain runs are copied whole, not char by char
            if special is None:
                buffer.append(text[position:])
                break
            if special.start() > position:
                buffer.append(text[position : special.start()])
                position = special.start()
            found = self.construct(position, depth)
            if found is None:
                buffer.append(text[position])
                position += 1
                continue
            node, position = found
            if isinstance(node, str):
                buffer.append(node)
            else:
                flush()
                nodes.extend(node) if isinstance(node, list) else nodes.append(node)
        flush()
        return nodes

    def construct(self, at: int, depth: int):
        """(node or text, next position) for a construct starting at `at`, or None for a plain character."""
        text = self.text
        char = text[at]
        if char == "\\":
            return self.command(at, depth)
        if char == "$":
            return self.dollar_math(at)
        if char == "{":
            return self.group(at, depth)
        if char == "~":
            return "\u00a0", at + 1
        if char == "\n":
            if text.startswith("\n\n", at):
                return Paragraph(), at + 2
            return " ", at + 1
        if char == "-" and text.startswith("--", at):
            return ("—", at + 3) if text.startswith("---", at) else ("–", at + 2)
        if text.startswith("``", at):
            return "“", at + 2
        if text.startswith("''", at):
            return "”", at + 2
        if char == "h" and (match := _URL.match(text, at)) and (at == 0 or not text[at - 1].isalnum()):
            url = _trim_url(match.group())
            return Link(url, (Text(url),)), at + len(url)
        return None

    def command(self, at: int, depth: int):
        text = self.text
        following = text[at + 1 : at + 2]
        if following in ("(", "["):
            end = text.find("\\)" if following == "(" else "\\]", at + 2, at + 4 + MAX_MATH)
            if end < 0:
                return None
            return Math(text[at + 2 : end], following == "[", text[at : end + 2]), end + 2
        if following in ACCENTS and not following.isalpha():
            return self.accent(at, following, at + 2)
        if following == "\\":
            return " ", at + 2
        if following in ESCAPED:
            return (
                {" ": " ", ",": "\u2009", ";": " ", ":": " ", "!": "", "/": "", "-": "", "@": ""}.get(
                    following, following
                )
            ), at + 2
        word = _WORD.match(text, at + 1)
        if not word:
            return None
        name, end = word.group(), word.end()
        if name in ACCENTS:
            return self.accent(at, name, end)
        if name in SYMBOLS:
            return SYMBOLS[name], _after_symbol(text, end)
        if name in STYLES or name in ("textcolor", "color", "url", "href"):
            return self.with_arguments(at, name, end, depth)
        return None

    def accent(self, at: int, mark: str, end: int):
        text = self.text
        if mark.isalpha():  # \c{c}, \v s: a letter-named accent needs a group or a space
            end = end + 1 if text[end : end + 1] == " " else end
        if text[end : end + 1] == "{":
            close = text.find("}", end, end + 4)  # one letter, or \i
            base, end = (text[end + 1 : close], close + 1) if close > 0 else ("", end)
        else:
            base, end = text[end : end + 1], end + 1
        base = {"\\i": "i", "\\j": "j"}.get(base, base)
        if len(base) != 1 or not base.isalpha():
            return None
        return unicodedata.normalize("NFC", base + ACCENTS[mark]), end

    def with_arguments(self, at: int, name: str, end: int, depth: int):
        wanted = 2 if name in ("href", "textcolor") else 1
        position = _after_option(self.text, end) if name in ("textcolor", "color") else end
        arguments = []
        for _ in range(wanted):
            span = self.argument(position)
            if span is None:
                return None
            arguments.append(span)
            position = span[1] + (1 if self.text[span[1] : span[1] + 1] == "}" else 0)
        if name == "color":  # a switch: the colour is dropped, the text after it stays
            return "", position
        if name in ("url", "href"):
            link = self.link(name, arguments, depth)
            return (link, position) if link else None
        children = self.inner(arguments[-1], depth)
        style = STYLES.get(name, "")
        return (Styled(style, tuple(children)) if style else children), position

    def argument(self, position: int) -> tuple[int, int] | None:
        """The span of a `{...}` argument (or, as TeX allows, of one character) at `position`."""
        text = self.text
        while text[position : position + 1] == " ":
            position += 1
        if text[position : position + 1] == "{":
            close = self.matching_brace(position)
            return (position + 1, close) if close > 0 else None
        if text[position : position + 1].isalnum():
            return position, position + 1
        return None

    def link(self, name: str, arguments: list, depth: int):
        target = self.text[arguments[0][0] : arguments[0][1]].strip()
        label = self.inner(arguments[1], depth) if name == "href" else [Text(target)]
        if not _URL.fullmatch(target):
            shown = self.text[arguments[-1][0] : arguments[-1][1]].strip()
            if name == "href" and _URL.fullmatch(shown):  # \href{URL}{https://...}: the two swapped
                return Link(shown, (Text(shown),))
            return None
        return Link(target, tuple(label))

    def inner(self, span: tuple[int, int], depth: int) -> list:
        if depth >= MAX_DEPTH:
            return [Text(self.text[span[0] : span[1]])]
        return _Parser(self.text[span[0] : span[1]]).run(depth + 1)

    def group(self, at: int, depth: int):
        """`{\\em text}` and `{\\"o}` are TeX groups; other braces are the authors' characters."""
        close = self.matching_brace(at)
        if close < 0 or depth >= MAX_DEPTH:
            return None
        inside = self.text[at + 1 : close]
        switch = re.match(r"\\([A-Za-z]+)\s*", inside)
        if switch and switch.group(1) in SWITCHES:
            children = self.inner((at + 1 + switch.end(), close), depth)
            style = SWITCHES[switch.group(1)]
            return (Styled(style, tuple(children)) if style else children), close + 1
        if inside.startswith("\\") or len(inside) == 1:
            return self.inner((at + 1, close), depth), close + 1
        return None

    def dollar_math(self, at: int):
        text = self.text
        display = text.startswith("$$", at)
        start = at + (2 if display else 1)
        if not display and text[start : start + 1].isspace():
            return None  # pandoc's rule: '$ 5' opens no formula, so prices stay prices
        end, last = start, start + MAX_MATH  # a formula is at most this long: each '$' looks no further
        while True:
            end = text.find("$$" if display else "$", end, last + 2)
            if end < 0 or end == start:
                return None
            if text[end - 1] != "\\" and (display or _closes(text, end)):
                break
            end += 1
        if "\n\n" in text[start:end]:
            return None  # a paragraph break ends any formula: this '$' is a dollar sign
        length = 2 if display else 1
        return Math(text[start:end], display, text[at : end + length]), end + length


def _closes(text: str, at: int) -> bool:
    """A closing '$' follows a non-space character and is not followed by a digit."""
    return not text[at - 1].isspace() and not text[at + 1 : at + 2].isdigit()


def _brace_pairs(text: str) -> dict[int, int]:
    """Opening brace position -> its closing brace, for braces not escaped as `\\{`, `\\}`."""
    pairs, opened = {}, []
    for match in re.finditer(r"\\.|[{}]", text, re.S):
        if match.group() == "{":
            opened.append(match.start())
        elif match.group() == "}" and opened:
            pairs[opened.pop()] = match.start()
    return pairs


def _after_option(text: str, end: int) -> int:
    """Past an optional `[...]` argument (`\\color[RGB]{...}`)."""
    if text[end : end + 1] == "[":
        close = text.find("]", end, end + 40)
        return close + 1 if close > 0 else end
    return end


def _after_symbol(text: str, end: int) -> int:
    """`\\ldots{}` and `\\ss{}`: an empty group after a symbol only ends its name."""
    return end + 2 if text.startswith("{}", end) else end


def _trim_url(url: str) -> str:
    """A URL at the end of a sentence or inside parentheses loses the punctuation after it."""
    while url and url[-1] in ".,;:!?)]":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url

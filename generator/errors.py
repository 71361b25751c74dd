"""Problems found in content, and the error that carries them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` on one line, every character repr() would escape written as repr() writes it
    (\\n, \\x1b, \\x85, \\u2028, \\u202e...): controls, line separators, bidi and zero-width
    format characters, surrogates. Could split a log line (and start a CI workflow command) or
    make it read other than it is. Other text, backslashes included, is kept as written."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shorten(text: str, limit: int = 60) -> str:
    """Contributed text quoted for a one-line message, cut at `limit` characters."""
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(shown)


def describe(value: object, limit: int = 60) -> str:
    """How a found value reads in a message: text quoted (and cut), anything else by its kind."""
    if isinstance(value, str):
        return shorten(value, limit)
    return {dict: "a mapping", list: "a list", type(None): "empty"}.get(type(value), type(value).__name__)


class Severity(StrEnum):
    """How bad a problem is: an error stops the build, a warning only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file; `line` is 1-based, 0 when unknown.

    `message` says what is wrong, then what was expected in parentheses.
    """

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self):
        # Messages quote contributed text (keys, values, file names): whoever builds a Problem,
        # what it holds prints as one line that cannot start or inject a CI workflow command.
        for name in ("path", "field", "message"):
            value = getattr(self, name)
            if not isinstance(value, str):
                value = str(value)
            object.__setattr__(self, name, one_line(value))
        object.__setattr__(self, "severity", Severity(self.severity))

    def __str__(self) -> str:
        """`file:line: field: what is wrong (what was expected)`, one line."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        label = " warning:" if self.severity is Severity.WARNING else ""
        if where.startswith(":"):
            where = "./" + where  # only our own annotations start with '::'
        return f"{where}:{field}{label} {self.message}"


class PaperDigestError(Exception):
    """An error the user can fix; the CLI prints it as one line and exits 1."""


class ContentError(PaperDigestError):
    """The content has errors; every problem is reported, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} error(s) in content")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


class InternalError(Exception):
    """A bug or a broken installation, not something in the user's content: the CLI says so in one
    line and asks for a report; --debug shows the traceback."""

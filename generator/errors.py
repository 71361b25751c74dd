"""Problems found in content, and the error that carries them to the CLI."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file; `line` is 1-based, 0 when unknown.

    `message` says what is wrong, then what was expected in parentheses.
    """

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        """`file:line: field: what is wrong (what was expected)`, one line."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        label = " warning:" if self.severity == "warning" else ""
        return f"{where}:{field}{label} {self.message}"


class PaperDigestError(Exception):
    """An error the user can fix; the CLI prints it as one line and exits 1."""


class ContentError(PaperDigestError):
    """The content has errors; every problem is reported, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in content")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

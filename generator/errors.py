"""Problems found in content, and the error that carries them to the CLI."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file; `line` is 1-based, 0 when unknown."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" field '{self.field}':" if self.field else ""
        return f"{where}:{field} {self.message}"


class PaperDigestError(Exception):
    """An error the user can fix; the CLI prints it as one line and exits 1."""


class ContentError(PaperDigestError):
    """The content has errors; every problem is reported, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in content")

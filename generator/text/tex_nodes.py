"""What the TeX parser (tex.py) makes of authors' text: a tuple of these nodes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Math:
    source: str  # between the delimiters
    display: bool
    written: str  # with its delimiters, shown when the math cannot be rendered


@dataclass(frozen=True)
class Styled:
    style: str  # em, strong, code, smallcaps, underline
    children: tuple


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple


@dataclass(frozen=True)
class Paragraph:
    """A paragraph break."""

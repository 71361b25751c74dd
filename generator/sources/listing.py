"""The "trending papers" text listing (see ../shared/seeds): page chrome, a date line such as
`Mar 12`, then for each paper a title line and an abstract paragraph, separated by blank lines.

The listing gives no year: its date is the latest such day on or before the day of import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.errors import PaperDigestError
from generator.sources.record import PaperRecord, collapse

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DATE_LINE = re.compile(r"^(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (?P<day>\d{1,2})$")


@dataclass(frozen=True)
class ListedPaper:
    title: str
    abstract: str  # plain text, as listed
    line: int  # line of the title in the listing


@dataclass(frozen=True)
class Listing:
    month: int
    day: int
    papers: tuple[ListedPaper, ...]

    def date(self, today: dt.date) -> dt.date:
        """The latest (month, day) on or before `today`."""
        for year in (today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4):
            try:
                candidate = dt.date(year, self.month, self.day)
            except ValueError:  # Feb 29 outside a leap year
                continue
            if candidate <= today:
                return candidate
        raise PaperDigestError(f"listing: no {MONTHS[self.month - 1]} {self.day} in the last five years")


def read_listing(text: str, source: str = "listing") -> Listing:
    """Papers in listing order. Everything before the date line is page chrome."""
    paragraphs = _paragraphs(text)
    start = next((i for i, (_, para) in enumerate(paragraphs) if DATE_LINE.match(para)), None)
    if start is None:
        raise PaperDigestError(
            f"{source}: no date line found (expected a line like 'Mar 12' before the papers)"
        )
    date_line = DATE_LINE.match(paragraphs[start][1])
    assert date_line is not None, "found by the same pattern above"
    month, day = MONTHS.index(date_line.group("month")) + 1, int(date_line.group("day"))
    if not 1 <= day <= 31:
        line = paragraphs[start][0]
        raise PaperDigestError(f"{source}:{line}: '{paragraphs[start][1]}' is not a day of the year")
    body = paragraphs[start + 1 :]
    if len(body) % 2:
        line, para = body[-1]
        raise PaperDigestError(
            f"{source}:{line}: expected an abstract after the title '{para[:60]}', "
            "found the end of the listing"
        )
    papers = []
    for (title_line, title), (_, abstract) in zip(body[::2], body[1::2], strict=True):
        if "\n" in title or len(title) > 300:
            raise PaperDigestError(f"{source}:{title_line}: expected a one-line title, found a paragraph")
        papers.append(ListedPaper(collapse(title), collapse(abstract), title_line))
    return Listing(month, day, tuple(papers))


def parse_listing(text: str, source: str = "listing") -> list[ListedPaper]:
    return list(read_listing(text, source).papers)


def records(listing: Listing, source: str, date: dt.date) -> list[PaperRecord]:
    from generator.sources.links import find_links

    return [
        PaperRecord(
            title=paper.title,
            abstract=paper.abstract,
            source=f"{source}:{paper.line}",
            links=find_links(paper.abstract),
            listed=date,
        )
        for paper in listing.papers
    ]


def looks_like_listing(text: str) -> bool:
    return any(DATE_LINE.match(line.strip()) for line in text.splitlines()[:40])


def _paragraphs(text: str) -> list[tuple[int, str]]:
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            paragraphs.append((start, "\n".join(current)))
            current = []
    if current:
        paragraphs.append((start, "\n".join(current)))
    return paragraphs

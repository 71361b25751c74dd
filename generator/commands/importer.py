"""`paperdigest import`: turn a "trending papers" listing into entry files.

The listing format (see ../shared/seeds): a header, a date line such as
`Mar 12`, then for each paper a title line and an abstract paragraph,
separated by blank lines. The abstract is written as listed: like any abstract it
is the authors' text, shown as written (generator/text/authortext.py), its URLs as links.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PaperDigestError
from generator.identifiers import slugify, url_problem
from generator.model import Vocabulary
from generator.text import authortext
from generator.validate.vocabulary import suggest_tags

DATE_LINE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}$")
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")


@dataclass(frozen=True)
class ListedPaper:
    title: str
    abstract: str  # plain text, as listed
    line: int  # line of the title in the listing


def parse_listing(text: str, source: str = "listing") -> list[ListedPaper]:
    """Papers in listing order. Everything before the date line is page chrome."""
    paragraphs = _paragraphs(text)
    start = next((i for i, (_, para) in enumerate(paragraphs) if DATE_LINE.match(para)), None)
    if start is None:
        raise PaperDigestError(
            f"{source}: no date line found (expected a line like 'Mar 12' before the papers)"
        )
    body = paragraphs[start + 1 :]
    if len(body) % 2:
        line, para = body[-1]
        raise PaperDigestError(
            f"{source}:{line}: expected an abstract after the title '{para[:60]}'"
            ", found the end of the listing"
        )
    papers = []
    for (title_line, title), (_abstract_line, abstract) in zip(body[::2], body[1::2], strict=True):
        if "\n" in title or len(title) > 300:
            raise PaperDigestError(f"{source}:{title_line}: expected a one-line title, found a paragraph")
        papers.append(ListedPaper(" ".join(title.split()), " ".join(abstract.split()), title_line))
    return papers


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


def find_links(abstract: str) -> dict[str, str]:
    """The code repository and project page an abstract names (bare, `\\url{}` or `\\href{}{}`), if any."""
    links: dict[str, str] = {}
    for url in authortext.links(abstract):
        if url_problem(url):
            continue
        host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()
        kind = "code" if host in CODE_HOSTS else "project"
        links.setdefault(kind, url)
    return links


def entry_text(paper: ListedPaper, entry_id: str, date: dt.date, tags: list[str]) -> str:
    from generator.commands.scaffold import render_entry  # one writer of entry files for import and `new`

    return render_entry(
        entry_id=entry_id,
        title=paper.title,
        date=date,
        tags=tags,
        links=find_links(paper.abstract),
        body=paper.abstract,
    )


@dataclass(frozen=True)
class ImportReport:
    created: tuple[str, ...]
    skipped: tuple[str, ...]  # existing files, left untouched


def import_listing(
    listing: Path, papers_dir: Path, date: dt.date, vocabulary: Vocabulary, existing_titles: dict[str, str]
) -> ImportReport:
    """Write one entry per listed paper; never overwrite, never duplicate.

    `existing_titles` maps normalized titles of entries already in content/
    to their files, so a paper already present under another id is skipped.
    """
    from generator.validate.entries import normalized_title

    text = _read_listing(listing)
    papers = parse_listing(text, str(listing))
    created, skipped = [], []
    papers_dir.mkdir(parents=True, exist_ok=True)
    for paper in papers:
        same_title = existing_titles.get(normalized_title(paper.title))
        if same_title:
            skipped.append(same_title)
            continue
        entry_id = _free_id(papers_dir, entry_id_for(paper.title))
        target = papers_dir / f"{entry_id}.md"
        tags = suggest_tags(vocabulary, paper.title + "\n" + paper.abstract)
        with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(entry_text(paper, entry_id, date, tags))
        existing_titles[normalized_title(paper.title)] = target.as_posix()
        created.append(target.as_posix())
    return ImportReport(tuple(created), tuple(skipped))


def entry_id_for(title: str) -> str:
    """'PC-DARTS: Partial Channel ...' -> 'pc-darts': the name before a colon, if it is one."""
    name = title.split(":")[0].strip()
    return slugify(name if ":" in title and len(name) >= 4 else title)


def _free_id(papers_dir: Path, entry_id: str) -> str:
    """A different paper may already own the id; number this one instead."""
    candidate, number = entry_id, 2
    while (papers_dir / f"{candidate}.md").exists():
        candidate, number = f"{entry_id}-{number}", number + 1
    return candidate


def _read_listing(listing: Path) -> str:
    try:
        return listing.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PaperDigestError(f"{listing}: no such file") from None
    except UnicodeDecodeError as error:
        raise PaperDigestError(
            f"{listing}: not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start})"
        ) from error

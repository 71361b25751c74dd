"""`paperdigest new`: scaffold one entry file, every field present and explained.

Nothing is fetched unless `--fetch` asks (the network may not be there): the contributor
pastes the title and abstract themselves, and `paperdigest check` then says exactly what is
still missing. With `--fetch` and `--arxiv`, arXiv's API gives the title, authors, abstract,
links, the paper's date and categories; what the contributor passes wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.entryfiles import write_new
from generator.commands.papers import entry_id_for, record_links, suggested_tags
from generator.commands.scaffold import render_entry
from generator.errors import PaperDigestError
from generator.fields import PLACEHOLDER_ABSTRACT
from generator.identifiers import arxiv_base, id_problem
from generator.load.content import load_content
from generator.load.files import PAPERS_DIR
from generator.model import Vocabulary
from generator.sources import arxiv_ids
from generator.sources.record import PaperRecord
from generator.validate.vocabulary import closest_tag, parse_vocabulary, suggest_tags


@dataclass(frozen=True)
class NewEntry:
    path: Path
    shown: str  # the path as the user would type it
    entry_id: str
    tags: tuple[str, ...]
    suggested: bool  # the tags were suggested from the vocabulary, not given
    notes: tuple[str, ...]  # things the contributor should know, one line each


def new_entry(
    root: Path,
    date: dt.date,
    arxiv: str | None = None,
    title: str | None = None,
    tags: list[str] | None = None,
    entry_id: str | None = None,
    abstract: str | None = None,
    fetch: bool = False,
) -> NewEntry:
    """Write content/papers/<id>.md; never overwrite; raise PaperDigestError on bad options."""
    arxiv_id = arxiv_ids.parse_id(arxiv, "new: --arxiv", old_style=False) if arxiv else None
    if fetch and not arxiv_id:
        raise PaperDigestError("new: --fetch needs --arxiv ID (expected the paper's arXiv id)")
    record = _fetched(root, arxiv_id) if fetch and arxiv_id else None
    if record:
        title, abstract = title or record.title, abstract or record.abstract
    title = " ".join((title or "").split())
    if not arxiv_id and not title:
        raise PaperDigestError("new: nothing to name the entry by (expected --arxiv ID and/or --title TEXT)")
    # v1, v2... are one paper: the id leaves the version out, the links keep it.
    entry_id = entry_id or (arxiv_base(arxiv_id) if arxiv_id else entry_id_for(title))
    assert entry_id is not None, "parse_id() checked the id, so arxiv_base() finds its base"
    problem = id_problem(entry_id)
    if problem:
        raise PaperDigestError(f"new: --id: {problem}")
    target = root / PAPERS_DIR / f"{entry_id}.md"
    _refuse_existing(target, arxiv_id)
    vocabulary = _vocabulary(root)
    notes: list[str] = []
    if tags:
        chosen, suggested = _canonical_tags(vocabulary, tags, notes), False
    elif record:
        chosen, suggested = suggested_tags(vocabulary, record), True
    else:
        chosen, suggested = suggest_tags(vocabulary, title + "\n" + (abstract or "")), True
    links = (
        {"arxiv": f"https://arxiv.org/abs/{arxiv_id}", "pdf": f"https://arxiv.org/pdf/{arxiv_id}"}
        if arxiv_id
        else {}
    )
    if record:
        links = record_links(record) | links  # the code and project links arXiv's abstract names
    text = render_entry(
        entry_id=entry_id,
        title=title,
        date=date,
        tags=chosen,
        links=links,
        body=(abstract or "").strip() or PLACEHOLDER_ABSTRACT,
        comments=True,
        authors=list(record.authors) if record else (),
        published=record.published if record else None,
        categories=list(record.categories) if record else (),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Whole or not at all, and a file that appeared meanwhile is kept.
    write_new(
        target,
        text,
        exists=f"new: {_shown(target)} already exists (expected a new entry; edit that file instead)",
    )
    return NewEntry(target, _shown(target), entry_id, tuple(chosen), suggested, tuple(notes))


def _fetched(root: Path, arxiv_id: str) -> PaperRecord:
    from generator.sources import arxiv_api

    [record] = arxiv_api.fetch_ids([arxiv_id], arxiv_api.client(root))
    return record


def _refuse_existing(target: Path, arxiv_id: str | None) -> None:
    if target.exists():
        raise PaperDigestError(
            f"new: {_shown(target)} already exists (expected a new entry; edit that file instead)"
        )
    if arxiv_id:
        base = arxiv_base(arxiv_id)
        for other in sorted(target.parent.glob(f"{base}*.md")):
            if arxiv_base(other.stem) == base:
                raise PaperDigestError(
                    f"new: arXiv paper {base} already has an entry, {_shown(other)} "
                    "(expected one entry per paper; v1, v2... are one paper)"
                )


def _vocabulary(root: Path) -> Vocabulary:
    content = load_content(root, only=[])
    return parse_vocabulary(content.vocabulary, content.vocabulary_lines, [])


def _canonical_tags(vocabulary: Vocabulary, tags: list[str], notes: list[str]) -> list[str]:
    known = vocabulary.by_slug()
    aliases = vocabulary.canonical()
    chosen = []
    for tag in tags:
        if tag.lower() in aliases and tag not in known:
            notes.append(f"Tag '{tag}' is an alias: wrote the canonical tag '{aliases[tag.lower()]}'.")
            tag = aliases[tag.lower()]
        elif tag not in known:
            guess = closest_tag(vocabulary, tag)
            hint = f", did you mean '{guess}'?" if guess else ""
            raise PaperDigestError(
                f"new: --tags: unknown tag '{tag}'{hint} (expected tags from content/tags.yml)"
            )
        if tag not in chosen:
            chosen.append(tag)
    return chosen


def _shown(path: Path) -> str:
    """The path as the user will type it: relative to where they stand when they can."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()

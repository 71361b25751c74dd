"""`paperdigest import`: papers from the sources curators use become entry files.

Sources (generator/sources/, one parser per format): files whose format is read from their content
(a trending-papers listing, JSON Lines of arXiv records, arXiv API Atom, Hugging Face daily-papers
JSON, a list of arXiv ids), arXiv ids fetched from the arXiv API, and a day of Hugging Face's daily
papers. Everything is read and fetched before anything is written: a bad input or an unreachable
service writes no file. A paper already in content/ (by arXiv id across versions, or by title
against entries without one) is skipped, or refreshed with `update`; nothing else is overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands.entryfiles import Checker, entry_checker, write_new, write_replacing
from generator.commands.papers import (
    Index,
    entry_id_for,
    entry_id_of,
    merged_text,
    new_entry_text,
    suggested_tags,
)
from generator.errors import PaperDigestError
from generator.identifiers import arxiv_base
from generator.load.files import PAPERS_DIR
from generator.model import Vocabulary
from generator.sources import arxiv_api, arxiv_atom, arxiv_ids, hf_daily, jsonl, listing
from generator.sources.detect import FORMATS, detect, read_text
from generator.sources.http import HttpClient
from generator.sources.record import PaperRecord
from generator.text.wording import count

Progress = Callable[[str, int, int], None]  # (what is fetched, done, total)


@dataclass(frozen=True)
class Outcome:
    action: str  # "created", "updated", "unchanged", "skipped" or "refused" (it would not check clean)
    path: str  # the entry file, relative to the project root
    record: PaperRecord
    reason: str = ""  # for "skipped" and "unchanged": why; for "updated": what changed


@dataclass
class Sources:
    """What one run reads: records from files, arXiv ids to fetch, a Hugging Face day to fetch."""

    records: list[PaperRecord] = field(default_factory=list)
    arxiv: list[str] = field(default_factory=list)
    hf_day: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


def read_sources(
    paths: list[Path], ids: list[str], hf_day: dt.date | None, date: dt.date | None, today: dt.date
) -> Sources:
    """Parse every file and id; `date` (--date) overrides each source's own date, with a warning
    when they differ."""
    sources = Sources(arxiv=[arxiv_ids.parse_id(value) for value in ids], hf_day=hf_day)
    if hf_day and date and date != hf_day:
        sources.warnings.append(
            f"--hf-daily is {hf_day} but --date says {date}: the entries are dated {date}"
        )
    for path in paths:
        text, source = read_text(path), path.as_posix()
        if not text.strip():
            raise PaperDigestError(f"{source}: is empty (expected {FORMATS})")
        kind = detect(text)
        if kind == "listing":
            parsed = listing.read_listing(text, source)
            listed = parsed.date(today)
            if date and date != listed:
                sources.warnings.append(
                    f"{source}: the listing is dated {listed} but --date says {date}: "
                    f"the entries are dated {date}"
                )
            sources.records += listing.records(parsed, source, date or listed)
        elif kind in ("jsonl", "hf-daily"):
            parse = jsonl.parse_jsonl if kind == "jsonl" else hf_daily.parse_daily
            found = parse(text, source)
            days = sorted({r.listed for r in found if r.listed})
            if date and days and days != [date]:
                shown = ", ".join(str(day) for day in days[:3]) + (", ..." if len(days) > 3 else "")
                sources.warnings.append(
                    f"{source}: lists its papers on {shown} but --date says {date}: "
                    f"the entries are dated {date}"
                )
            sources.records += found
        elif kind == "atom":
            sources.records += arxiv_atom.parse_atom(text, source)
        elif kind == "ids":
            sources.arxiv += arxiv_ids.parse_id_file(text, source)
        else:
            raise PaperDigestError(f"{source}: not a format import reads (expected {FORMATS})")
    sources.arxiv = arxiv_ids.unique(sources.arxiv)
    return sources


def fetch(
    sources: Sources,
    root: Path,
    index: Index,
    update: bool,
    progress: Progress | None = None,
    arxiv_http: HttpClient | None = None,
    hf_http: HttpClient | None = None,
) -> list[PaperRecord]:
    """The records the run imports, files' first, then the Hugging Face day's, then arXiv's. Ids
    already in content/ are not fetched unless `update` (there is nothing to do for them)."""
    records = list(sources.records)
    if sources.hf_day:
        hf_http = hf_http or hf_daily.client(root)
        if progress:
            progress("Hugging Face daily papers", 0, 1)
        records += hf_daily.fetch_daily(sources.hf_day, hf_http)
        if progress:
            progress("Hugging Face daily papers", 1, 1)
    wanted = [i for i in sources.arxiv if update or arxiv_base(i) not in index.by_arxiv]
    present = [i for i in sources.arxiv if i not in wanted]
    records += [PaperRecord(title="", abstract="", source=f"arXiv {i}", arxiv_id=i) for i in present]
    if wanted:
        arxiv_http = arxiv_http or arxiv_api.client(root)

        def step(done: int, total: int) -> None:
            if progress:
                progress("arXiv API", done, total)

        step(0, -(-len(wanted) // arxiv_api.BATCH))
        records += arxiv_api.fetch_ids(wanted, arxiv_http, step)
    return records


def import_records(
    root: Path,
    records: list[PaperRecord],
    index: Index,
    vocabulary: Vocabulary,
    date: dt.date | None,
    today: dt.date,
    update: bool = False,
    check: Checker = lambda texts: {},
) -> list[Outcome]:
    """Write one entry per new paper; refresh existing ones only with `update`; never overwrite
    anything else. `date` (--date) is the digest date of every entry; else the source's day, else
    `today`. Every text is checked before the first file is written; one that would not pass
    `paperdigest check` is refused (what a service sends is checked like any contribution)."""
    papers = root / PAPERS_DIR
    papers.mkdir(parents=True, exist_ok=True)
    planned: list[tuple[Outcome, str]] = []  # (outcome, the text to write) for "created"/"updated"
    outcomes: list[Outcome] = []
    taken: set[str] = set()
    for record in records:
        existing = index.find(record)
        if existing:
            outcome, text = _existing(root, existing, record, index, update)
            if text:
                planned.append((outcome, text))
            else:
                outcomes.append(outcome)
            continue
        entry_id = entry_id_of(record.arxiv_id) if record.arxiv_id else entry_id_for(record.title)
        assert entry_id, "a record has an arXiv id or a title"
        entry_id = _free_id(papers, entry_id, taken)
        taken.add(entry_id)
        relative = (papers / f"{entry_id}.md").relative_to(root).as_posix()
        text = new_entry_text(
            record, entry_id, date or record.listed or today, suggested_tags(vocabulary, record)
        )
        index.add(record, relative)
        planned.append((Outcome("created", relative, record), text))
    refused = check({outcome.path: text for outcome, text in planned})
    for outcome, text in planned:
        if outcome.path in refused:
            outcomes.append(Outcome("refused", outcome.path, outcome.record, refused[outcome.path]))
        elif outcome.action == "created":
            write_new(root / outcome.path, text)
            outcomes.append(outcome)
        else:
            write_replacing(root / outcome.path, text)
            outcomes.append(outcome)
    order = {id(record): n for n, record in enumerate(records)}
    return sorted(outcomes, key=lambda o: order[id(o.record)])


def _existing(root: Path, path: str, record: PaperRecord, index: Index, update: bool) -> tuple[Outcome, str]:
    """What to do with a paper already present: skip it, or with `update` its refreshed text."""
    entry = index.entries.get(path)
    if not update or entry is None or not record.title:  # (a title-less record: an id not fetched)
        return Outcome("skipped", path, record, "already present (--update refreshes it)"), ""
    text = (root / path).read_text(encoding="utf-8")
    merged, changes = merged_text(entry, text, record, refresh=True)
    if not changes:
        return Outcome("unchanged", path, record, "already up to date"), ""
    return Outcome("updated", path, record, ", ".join(changes)), merged


def _free_id(papers_dir: Path, entry_id: str, taken: set[str]) -> str:
    """A different paper may already own the id (two titles, one name): number this one."""
    candidate, number = entry_id, 2
    while candidate in taken or (papers_dir / f"{candidate}.md").exists():
        candidate, number = f"{entry_id}-{number}", number + 1
    return candidate


def summary(outcomes: list[Outcome]) -> str:
    """The run's last line."""
    counts = {action: sum(1 for o in outcomes if o.action == action) for action in ("created", "updated")}
    present = sum(1 for o in outcomes if o.action in ("skipped", "unchanged"))
    refused = sum(1 for o in outcomes if o.action == "refused")
    also = f", {refused} refused" if refused else ""
    if not counts["created"] and not counts["updated"]:
        if not outcomes:
            return "Nothing to import."
        return f"Nothing new: {count(present, 'paper')} already present{also}, no file written."
    return (
        f"Imported {count(len(outcomes), 'paper')}: {counts['created']} created, "
        f"{counts['updated']} updated, {present} already present{also}."
    )


def lines(outcomes: list[Outcome], root: Path) -> list[str]:
    """One line per file created or updated, and per paper skipped."""
    shown = []
    for outcome in outcomes:
        path = (root / outcome.path).as_posix()
        if outcome.action == "created":
            shown.append(f"Created {path}")
        elif outcome.action == "updated":
            shown.append(f"Updated {path} ({outcome.reason})")
        elif outcome.action == "refused":
            shown.append(f"Refused {outcome.record.source}: {outcome.reason}")
        else:
            shown.append(f"Skipped {path}: {outcome.reason}")
    return shown


@dataclass(frozen=True)
class Run:
    outcomes: tuple[Outcome, ...]
    warnings: tuple[str, ...]
    lines: tuple[str, ...]
    summary: str


def run_import(
    root: Path,
    paths: list[Path],
    ids: list[str],
    hf_day: dt.date | None,
    date: dt.date | None,
    today: dt.date,
    update: bool = False,
    progress: Progress | None = None,
) -> Run:
    """`paperdigest import`: read, fetch, then write (nothing when reading or fetching fails)."""
    catalog, check = entry_checker(root)
    index = Index.of(catalog.entries)
    sources = read_sources(paths, ids, hf_day, date, today)
    records = fetch(sources, root, index, update, progress)
    outcomes = import_records(root, records, index, catalog.vocabulary, date, today, update, check)
    return Run(tuple(outcomes), tuple(sources.warnings), tuple(lines(outcomes, root)), summary(outcomes))

"""`paperdigest enrich`: fill what entries lack (authors, arXiv id links, the paper's date,
categories) from arXiv, by the arXiv id an entry names or else by an exact title match; record
a newer version of the paper in `updated`.

Nothing is written without `write`; then each changed file is replaced atomically (a reader sees
the old entry or the new one). The id, digest date, tags, related entries, abstract and notes of
an entry are never touched: the curator's work stays the curator's.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.commands.entryfiles import entry_checker, write_replacing
from generator.commands.papers import entry_arxiv_id, merged_text
from generator.errors import PaperDigestError
from generator.model import Entry
from generator.sources import arxiv_api
from generator.sources.arxiv_ids import base
from generator.sources.http import HttpClient
from generator.sources.record import PaperRecord
from generator.text.wording import count
from generator.validate.crosscheck import normalized_title

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Change:
    path: str  # relative to the project root
    fields: tuple[str, ...]  # what changed: authors, links.arxiv, updated...
    diff: str  # unified diff of the file


@dataclass(frozen=True)
class Enriched:
    changes: tuple[Change, ...]
    not_found: tuple[tuple[str, str], ...]  # (path, why)
    complete: int  # entries arXiv had nothing more for
    written: bool
    refused: tuple[tuple[str, str], ...] = ()  # (path, the check's line): what arXiv sent would not pass

    def summary(self) -> str:
        changed = len(self.changes)
        what = count(changed, "entry", "entries")
        head = f"Enriched {what}" if self.written else f"{what} can be enriched"
        tail = "" if self.written or not changed else " (run with --write to write them)"
        refused = f", {len(self.refused)} refused by the checks" if self.refused else ""
        found = f"{self.complete} already complete, {len(self.not_found)} not found on arXiv"
        return f"{head}, {found}{refused}{tail}."


def enrich(
    root: Path,
    only: list[Path] | None = None,
    write: bool = False,
    http: HttpClient | None = None,
    progress: Progress | None = None,
) -> Enriched:
    catalog, check = entry_checker(root)
    chosen = {p.resolve() for p in only} if only else None
    entries = [e for e in catalog.entries if chosen is None or (root / e.source).resolve() in chosen]
    unknown = sorted(chosen - {(root / e.source).resolve() for e in entries}) if chosen else []
    if unknown:
        raise PaperDigestError(f"enrich: {unknown[0]} is not an entry (expected a file in content/papers/)")
    entries.sort(key=lambda e: e.source)
    http = http or arxiv_api.client(root)
    records, not_found = _find(entries, http, progress)
    planned: list[tuple[Change, str]] = []
    complete = 0
    for entry in entries:
        record = records.get(entry.source)
        if record is None:
            continue
        text = (root / entry.source).read_text(encoding="utf-8")
        merged, fields = merged_text(entry, text, record, refresh=False)
        if not fields:
            complete += 1
            continue
        diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                merged.splitlines(keepends=True),
                f"a/{entry.source}",
                f"b/{entry.source}",
            )
        )
        planned.append((Change(entry.source, tuple(fields), diff), merged))
    refused = check({change.path: merged for change, merged in planned})  # arXiv's text, checked
    changes = [change for change, _ in planned if change.path not in refused]
    if write:
        for change, merged in planned:
            if change.path not in refused:
                write_replacing(root / change.path, merged)
    return Enriched(tuple(changes), tuple(not_found), complete, write, tuple(sorted(refused.items())))


def _find(
    entries: list[Entry], http: HttpClient, progress: Progress | None
) -> tuple[dict[str, PaperRecord], list[tuple[str, str]]]:
    """Each entry's arXiv record: by id in batches (one request per 50 entries), else by title."""
    records: dict[str, PaperRecord] = {}
    not_found: list[tuple[str, str]] = []
    by_id = {e.source: entry_arxiv_id(e) for e in entries if entry_arxiv_id(e)}
    untitled = [e for e in entries if e.source not in by_id]
    total = -(-len(by_id) // arxiv_api.BATCH) + len(untitled)
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        if progress:
            progress("arXiv API", step, total)

    ids = list(dict.fromkeys(i for i in by_id.values() if i))
    found: dict[str, PaperRecord] = {}
    if ids:
        fetched = arxiv_api.fetch_ids(
            ids,
            http,
            lambda done, _: progress("arXiv API", done, total) if progress else None,
            missing_ok=True,
        )
        step = -(-len(ids) // arxiv_api.BATCH)
        found = {base(r.arxiv_id): r for r in fetched if r.arxiv_id}
    for source, arxiv_id in by_id.items():
        if arxiv_id in found:
            records[source] = found[arxiv_id]
        else:
            not_found.append((source, f"arXiv has no paper {arxiv_id}"))
    for entry in untitled:
        key = normalized_title(entry.title)
        matches = {
            r.arxiv_id: r
            for r in arxiv_api.search_title(entry.title, http)
            if normalized_title(r.title) == key
        }
        advance()
        if len(matches) == 1:
            records[entry.source] = next(iter(matches.values()))
        else:
            why = "no exact title match" if not matches else f"{len(matches)} papers have this title"
            not_found.append((entry.source, why))
    return records, not_found

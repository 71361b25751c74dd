"""The quick step of a `paperdigest serve` rebuild: an edited entry's own page first.

At 10,000 entries the full pipeline takes seconds after an edit, mostly
redoing what depends on the whole corpus (related papers and the search
index follow corpus statistics that every title and abstract shifts). The
page an author is looking at depends on little of that. So when the only
changes are edits to existing entry files that keep their id and date, the
edited entries are loaded and checked alone and their pages rendered
against the previous build's analysis (references, backlinks and related
papers as they were), shown at once; the full rebuild follows and brings
every page, these included, to exactly what a clean build gives. The edited
entry is checked alone here: a problem only the whole corpus shows (a title
that duplicates another entry's) is reported by the full rebuild, and the
quick page stays until the next good one.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.analyze.analysis import Analysis, citation_index
from generator.emit.pages.entry import emit_entry_pages
from generator.errors import ContentError, PaperDigestError
from generator.load.content import load_content
from generator.load.files import PAPERS_DIR, relative
from generator.load.settings import load_settings
from generator.model import Catalog, OutputFile
from generator.validate.entries import validate


@dataclasses.dataclass(frozen=True)
class Built:
    """What the previous rebuild made of the content: the quick step renders against it."""

    catalog: Catalog
    analysis: Analysis


def quick_entry_pages(root: Path, changed: set[str], built: Built) -> tuple[OutputFile, ...]:
    """Pages of the edited entries, or () when the changes are not edits this step can show alone."""
    sources = _edited_sources(root, changed)
    by_source = {entry.source: entry for entry in built.catalog.entries}
    if not sources or any(source not in by_source for source in sources):
        return ()  # other files changed, or entries came or went: only the full rebuild knows
    try:
        catalog = validate(
            load_content(root, only=[root / source for source in sources]),
            load_settings(root),
            known_ids=set(built.analysis.entries_by_id),
        )
    except (ContentError, PaperDigestError):
        return ()  # the full rebuild reports the problems, all of them
    edited = {entry.id: entry for entry in catalog.entries}
    if any(
        by_source[entry.source].id != entry.id or by_source[entry.source].date != entry.date
        for entry in edited.values()
    ):
        return ()  # a new id or date moves the page or its digest
    entries = tuple(
        edited.get(entry.id, entry) for entry in built.catalog.entries
    )  # same order: same ids and dates
    whole = dataclasses.replace(built.catalog, entries=entries)
    analysis = dataclasses.replace(
        built.analysis,
        entries_by_id={**built.analysis.entries_by_id, **edited},
        citations=citation_index(whole),
    )
    return tuple(emit_entry_pages(whole, analysis, only=frozenset(edited)))


def _edited_sources(root: Path, changed: set[str]) -> list[str]:
    """Entry files (relative to root) among the changed paths; [] when anything else changed.

    Files in content/papers that are not entries (an editor's swap or backup
    files) do not count: if one stays, the full rebuild reports it.
    """
    papers = (root / PAPERS_DIR).resolve()
    sources = set()
    for path in map(Path, changed):
        if path.parent != papers:
            return []
        if path.suffix == ".md":
            sources.add(relative(root, path))
    return sorted(sources)

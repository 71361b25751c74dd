"""BibTeX files: papers.bib for the whole site, tags/<slug>.bib for each tag.

Records come from the analysis (`Analysis.citations`), with keys unique
across the site, so entry pages, .bib files and the API agree.
"""

from __future__ import annotations

from generator.analyze.analysis import Analysis
from generator.model import Catalog, OutputFile
from generator.paths import SITE_BIB, tag_bib


def emit_bib(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    records = analysis.citations
    name = catalog.settings.site_name
    files = [
        OutputFile(
            SITE_BIB,
            _bib_file(
                f"{name}: all papers",
                catalog.settings.site_url,
                [records[entry.id] for entry in catalog.entries],
            ),
        )
    ]
    for tag in catalog.vocabulary.tags:
        ids = analysis.entries_by_tag[tag.slug]
        files.append(
            OutputFile(
                tag_bib(tag.slug),
                _bib_file(
                    f"{name}: papers tagged {tag.title}", catalog.settings.site_url, [records[i] for i in ids]
                ),
            )
        )
    return files


def _bib_file(heading: str, site_url: str, records: list[str]) -> bytes:
    # BibTeX ignores text outside @entries; the header says where the file comes from.
    count = f"{len(records)} entr{'ies' if len(records) != 1 else 'y'}"
    header = f"% {' '.join(heading.split())} ({count}).\n% Source: {site_url}\n"
    return (header + "".join("\n" + record + "\n" for record in records)).encode("utf-8")

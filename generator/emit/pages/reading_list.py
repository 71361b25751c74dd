"""The Reading list page: the papers a reader starred, kept in their browser (theme/assets/javascripts/
pd-reading-list.js reads them from the JSON API); without JavaScript it says so."""

from __future__ import annotations

from generator.analyze.analysis import Analysis
from generator.model import Catalog, OutputFile

READING_LIST = "reading-list.md"

PAGE = """---
title: "Reading list"
description: "Papers you starred, kept in this browser; export them as BibTeX, RIS or CSL-JSON."
pd_kind: reading-list
---

# Reading list

Star a paper (☆ on its page or in any listing) to keep it here. The list stays in this browser
(no account, no server); export it for Zotero or BibTeX, or share it as a link.

<div id="pd-reading-list" data-pd-api="../api/"><p>The reading list needs JavaScript.</p></div>
"""


def emit_reading_list(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    return [OutputFile(READING_LIST, PAGE.encode("utf-8"))]

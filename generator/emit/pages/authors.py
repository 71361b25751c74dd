"""Author pages (authors/<slug>/, paginated like tag pages) and the authors index (by paper count)."""

from __future__ import annotations

from generator.analyze.analysis import Analysis
from generator.emit.pages.listings import paginated
from generator.emit.pages.pagination import growing_pages
from generator.model import Catalog, OutputFile
from generator.paths import author_feed, author_page, authors_index
from generator.text.escape import md_escape, relative_link
from generator.text.wording import count

AUTHORS_PER_INDEX_PAGE = 200


def emit_author_pages(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    authors = analysis.authors.authors
    if not authors:
        return []
    files = []
    for author in authors:
        page = author_page(author.slug)
        links = f"[RSS feed]({relative_link(page, author_feed(author.slug))}){{ .pd-author-feed }}"
        links += f" · [All authors]({relative_link(page, authors_index())})"
        others = [name for name in author.variants if name != author.name]
        also = ", ".join(md_escape(name) for name in others)
        also = f"\n\nAlso written as: {also}." if others else ""
        numbered = lambda n, slug=author.slug: author_page(slug, n)  # noqa: E731
        pages = growing_pages(author.entry_ids, catalog.settings.page_size, page, numbered)
        files += paginated(
            catalog,
            analysis,
            pages,
            later_intro=links + also,  # without the count, which changes with every paper
            title=f"Author: {author.name}",
            description=f"Papers by {author.name} in {catalog.settings.site_name}.",
            kind="author",
            intro=f"{count(len(author.entry_ids), 'paper')}, newest first. {links}{also}",
        )
    files += _index(catalog, analysis)
    return files


def _index(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    authors = analysis.authors.authors
    chunks = [
        authors[start : start + AUTHORS_PER_INDEX_PAGE]
        for start in range(0, len(authors), AUTHORS_PER_INDEX_PAGE)
    ]
    pages = [authors_index(number) for number in range(1, len(chunks) + 1)]
    minimum = catalog.settings.author_min_papers
    files = []
    for number, chunk in enumerate(chunks, start=1):
        path = pages[number - 1]
        rows = ["| Author | Papers |", "| --- | ---: |"]
        rows += [
            f"| [{md_escape(a.name)}]({relative_link(path, author_page(a.slug))}) | {len(a.entry_ids)} |"
            for a in chunk
        ]
        intro = (
            f"{len(authors)} authors with at least {count(minimum, 'paper')}, most papers first."
            "\n\n" + "\n".join(rows)
        )
        pager = []
        if number > 1:
            pager.append(f'[← More papers]({relative_link(path, pages[number - 2])}){{ rel="prev" }}')
        pager.append(f"Page {number} of {len(pages)}")
        if number < len(pages):
            pager.append(f'[Fewer papers →]({relative_link(path, pages[number])}){{ rel="next" }}')
        body = "\n".join(
            [
                "---",
                'title: "Authors"',
                'description: "Every author with a page, most papers first."',
                "pd_kind: authors",
                "---",
                "",
                "# Authors",
                "",
                intro,
                "",
                " · ".join(pager) if len(pages) > 1 else "",
                "",
            ]
        )
        files.append(OutputFile(path, body.encode("utf-8")))
    return files

"""Listing pages: home, digests, tags, archive. Every listing paginates."""

from __future__ import annotations

from generator.analyze.analysis import Analysis, Digest, digests_by_month
from generator.emit.pages.home_trends import home_trends
from generator.emit.pages.pagination import ListingPage, fixed_pages, growing_pages
from generator.emit.render import render_page
from generator.model import Catalog, OutputFile
from generator.paths import (
    ARCHIVE_INDEX,
    HOME,
    TAGS_INDEX,
    author_page,
    digest_page,
    entry_page,
    month_page,
    tag_bib,
    tag_page,
)
from generator.runtime.memo import memoized_on
from generator.text.escape import md_escape, relative_link
from generator.text.wording import count, long_date, month_name

RECENT_DIGESTS_ON_HOME = 10


def emit_listings(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    files = _home(catalog, analysis)
    for index, digest in enumerate(analysis.digests):
        newer = analysis.digests[index - 1] if index > 0 else None
        older = analysis.digests[index + 1] if index + 1 < len(analysis.digests) else None
        files += _digest(catalog, analysis, digest, newer, older)
    files += _tags_index(catalog, analysis)
    for tag in catalog.vocabulary.tags:
        files += _tag(catalog, analysis, tag)
    files += _archive(catalog, analysis)
    return files


def paginated(
    catalog: Catalog, analysis: Analysis, pages: list[ListingPage], later_intro: str | None = None, **context
) -> list[OutputFile]:
    """The listing pages `pages` (pagination.py): digest, tag and author pages are made by it.
    `later_intro`, if given, replaces `intro` on the pages after the front: a growing listing's
    numbered pages must not say what changes with every paper (its count)."""
    files = []
    for page in pages:
        page_context = dict(context, page=page)
        if later_intro is not None and not page.front:
            page_context["intro"] = later_intro
        files.append(OutputFile(page.path, _listing(catalog, analysis, page.path, page.ids, **page_context)))
    return files


def _listing(catalog: Catalog, analysis: Analysis, path: str, ids, **context) -> bytes:
    context.setdefault("page", None)
    context.setdefault("intro", "")
    context.setdefault("outro", "")
    entries = [analysis.entries_by_id[entry_id] for entry_id in ids]
    tags = catalog.vocabulary.by_slug()
    page_of = analysis.authors.page_of
    author_pages = {
        name: author_page(page_of[name]) for entry in entries for name in entry.authors[:5] if name in page_of
    }
    # The page is a function of its path, entries, vocabulary and text: an edit elsewhere leaves it as it was.
    parts = (
        path,
        tuple(entry.digest for entry in entries),
        catalog.vocabulary.key,
        repr(sorted(context.items())),
        repr(sorted(author_pages.items())),
    )
    return memoized_on(
        "listing_page",
        parts,
        lambda: render_page(
            "listing.md.j2",
            path,
            entries=entries,
            tags=tags,
            tag_pages=tag_page,
            entry_pages=entry_page,
            author_pages=author_pages,
            **context,
        ),
    )


def _home(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    if not analysis.digests:
        return [
            OutputFile(
                HOME,
                _listing(
                    catalog,
                    analysis,
                    HOME,
                    (),
                    title=catalog.settings.site_name,
                    description="No papers yet.",
                    kind="home",
                    intro="No papers yet.",
                ),
            )
        ]
    latest = analysis.digests[0]
    shown = latest.entry_ids[: catalog.settings.page_size]
    intro = (
        f"## Latest digest: [{long_date(latest.date)}]({relative_link(HOME, digest_page(latest.date))})\n\n"
        f"{_count(latest.entry_ids)}."
    )
    recent = [
        f"- [{long_date(d.date)}]({relative_link(HOME, digest_page(d.date))}): {_count(d.entry_ids)}"
        for d in analysis.digests[1 : RECENT_DIGESTS_ON_HOME + 1]
    ]
    outro = ""
    if len(shown) < len(latest.entry_ids):
        outro += (
            f"[All {len(latest.entry_ids)} papers of {long_date(latest.date)} →]"
            f"({relative_link(HOME, digest_page(latest.date, 2))}){{ .md-button }}\n\n"
        )
    if recent:
        outro += "## Earlier digests\n\n" + "\n".join(recent) + "\n\n"
    outro += (
        f"[Browse the archive]({relative_link(HOME, ARCHIVE_INDEX)}) · "
        f"[Browse by tag]({relative_link(HOME, TAGS_INDEX)})"
    )
    outro += "\n\n" + home_trends(catalog, analysis)
    description = f"{catalog.settings.site_name}: the latest research-paper digest, {long_date(latest.date)}."
    return [
        OutputFile(
            HOME,
            _listing(
                catalog,
                analysis,
                HOME,
                shown,
                title=catalog.settings.site_name,
                description=description,
                kind="home",
                intro=intro,
                outro=outro,
            ),
        )
    ]


def _digest(
    catalog: Catalog, analysis: Analysis, digest: Digest, newer: Digest | None, older: Digest | None
) -> list[OutputFile]:
    path = digest_page(digest.date)
    around = []
    if older:
        around.append(
            f"[← {long_date(older.date)}]({relative_link(path, digest_page(older.date))})"
            '{ .pd-digest-nav__prev rel="prev" }'
        )
    around.append(f"[Archive]({relative_link(path, month_page(digest.date.strftime('%Y-%m')))})")
    if newer:
        around.append(
            f"[{long_date(newer.date)} →]({relative_link(path, digest_page(newer.date))})"
            '{ .pd-digest-nav__next rel="next" }'
        )
    intro = f"{_count(digest.entry_ids)} in this digest.\n\n" + " · ".join(around) + "\n{: .pd-digest-nav }"
    title = f"Digest of {long_date(digest.date)}"
    pages = fixed_pages(digest.entry_ids, catalog.settings.page_size, lambda n: digest_page(digest.date, n))
    return paginated(
        catalog,
        analysis,
        pages,
        title=title,
        description=f"{_count(digest.entry_ids)} from {long_date(digest.date)}.",
        kind="digest",
        intro=intro,
    )


def _tag(catalog: Catalog, analysis: Analysis, tag) -> list[OutputFile]:
    ids, front = analysis.entries_by_tag[tag.slug], tag_page(tag.slug)
    links = f"[All tags]({relative_link(front, TAGS_INDEX)})"
    links += f" · [Cite all as BibTeX]({relative_link(front, tag_bib(tag.slug))})"
    pages = growing_pages(ids, catalog.settings.page_size, front, lambda n: tag_page(tag.slug, n))
    return paginated(
        catalog,
        analysis,
        pages,
        # the same links from every page: numbered pages are one folder down, like the front's index.md
        later_intro=f"{md_escape(tag.description)}\n\n{links}",
        title=f"Tag: {tag.title}",
        description=tag.description,
        kind="tag",
        tag_slug=tag.slug,
        intro=f"{md_escape(tag.description)}\n\n{_count(ids)}, newest first. {links}",
    )


def _tags_index(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    rows = ["| Tag | Papers | Description |", "| --- | ---: | --- |"]
    by_count = sorted(catalog.vocabulary.tags, key=lambda t: (-len(analysis.entries_by_tag[t.slug]), t.slug))
    for tag in by_count:
        link = relative_link(TAGS_INDEX, tag_page(tag.slug))
        rows.append(
            f"| [{md_escape(tag.title)}]({link}){{ .pd-tag }} | {len(analysis.entries_by_tag[tag.slug])} | "
            f"{md_escape(tag.description)} |"
        )
    intro = f"{len(catalog.vocabulary.tags)} tags from the project's controlled vocabulary.\n\n" + "\n".join(
        rows
    )
    return [
        OutputFile(
            TAGS_INDEX,
            _listing(
                catalog,
                analysis,
                TAGS_INDEX,
                (),
                title="Tags",
                description="Every tag with its number of papers.",
                kind="tags",
                intro=intro,
            ),
        )
    ]


def _archive(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    months = digests_by_month(analysis.digests)
    rows = []
    files = []
    for month, digests in months.items():
        label = month_name(month)
        papers = sum(len(d.entry_ids) for d in digests)
        rows.append(
            f"- [{label}]({relative_link(ARCHIVE_INDEX, month_page(month))}): "
            f"{count(len(digests), 'digest')}, {_count(range(papers))}"
        )
        lines = [
            f"- [{long_date(d.date)}]({relative_link(month_page(month), digest_page(d.date))}): "
            f"{_count(d.entry_ids)}"
            for d in digests
        ]
        intro = "\n".join(lines) + f"\n\n[All months]({relative_link(month_page(month), ARCHIVE_INDEX)})"
        files.append(
            OutputFile(
                month_page(month),
                _listing(
                    catalog,
                    analysis,
                    month_page(month),
                    (),
                    title=f"Archive: {label}",
                    description=f"Digests of {label}.",
                    kind="archive",
                    intro=intro,
                ),
            )
        )
    intro = "\n".join(rows) or "No digests yet."
    files.append(
        OutputFile(
            ARCHIVE_INDEX,
            _listing(
                catalog,
                analysis,
                ARCHIVE_INDEX,
                (),
                title="Archive",
                description="Every digest, by month.",
                kind="archive",
                intro=intro,
            ),
        )
    )
    return files


def _count(ids) -> str:
    return count(len(ids), "paper")

"""The Trends page (trends.md)."""

from __future__ import annotations

from generator.analyze.analysis import Analysis
from generator.analyze.trends import Trends, month_label, trends_of
from generator.emit.charts import bar_chart, dot_matrix, hbar_chart
from generator.emit.figures import figure, number, pairs, papers, series, span, tag_list
from generator.emit.render import render_page
from generator.model import Catalog, OutputFile
from generator.paths import TRENDS, digest_page, tag_page
from generator.text.wording import count


def emit_trends(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    trends = trends_of(catalog, analysis)
    titles = {tag.slug: tag.title for tag in catalog.vocabulary.tags}
    page = render_page(
        "trends.md.j2",
        TRENDS,
        trends=trends,
        summary=summary(trends, titles),
        span=span(trends),
        charts=_charts(trends, titles) if trends.total_papers else {},
        titles=titles,
        month_label=month_label,
        tag_pages={slug: tag_page(slug) for slug in titles},
        digest_pages=digest_page,
        number=number,
        tag_months={
            slug: "; ".join(
                f"{month_label(m)}: {number(n)}" for m, n in zip(trends.months, counts, strict=True) if n
            )
            for slug, counts in trends.tag_by_month.items()
        },
    )
    return [OutputFile(TRENDS, page)]


def summary(trends: Trends, titles: dict[str, str]) -> str:
    """One plain-text paragraph that says what the charts show, each number once."""
    if not trends.total_papers:
        return "No papers yet."
    text = f"{papers(trends.total_papers)} in {count(trends.total_digests, 'digest')}"
    everything = trends.window_papers == trends.total_papers
    months = len(trends.months)
    if everything:
        text += f", all in {span(trends)}." if months == 1 else f", {span(trends)}."
    else:  # the charts show only the last months
        last = "the last month" if months == 1 else f"the last {months} months"
        text += f", {number(trends.window_papers)} of them in {last} ({span(trends)})."
    if months > 1:
        busiest = max(range(months), key=lambda i: (trends.papers_per_month[i], trends.months[i]))
        text += (
            f" The busiest month was {month_label(trends.months[busiest])}, "
            f"with {papers(trends.papers_per_month[busiest])}."
        )
    if trends.top_tags:
        text += f" Most frequent tags{'' if everything else ' in those months'}: {tag_list(trends, titles)}."
    return text


def _charts(trends: Trends, titles: dict[str, str]) -> dict[str, str]:
    months = [month_label(month, short=True) for month in trends.months]
    long_months = [month_label(month) for month in trends.months]
    # The year only when the digests shown span more than one: 15 May 2025 and 15 May 2026 differ.
    with_year = len({date.year for date, _ in trends.digests}) > 1
    digest_labels = [
        f"{date.day} {date:%b}" + (f" {date.year}" if with_year else "") for date, _ in trends.digests
    ]
    last_digests = (
        "the last digest" if len(trends.digests) == 1 else f"the last {len(trends.digests)} digests"
    )
    top = list(trends.top_tags)
    names = [titles[slug] for slug in top]
    numbered = [f"{index}. {name}" for index, name in enumerate(names, start=1)]
    return {
        "months": figure(
            bar_chart(
                "pd-chart-months",
                months,
                list(trends.papers_per_month),
                title=f"Papers per month, {span(trends)}",
                desc=series(long_months, trends.papers_per_month),
                tooltips=[
                    f"{m}: {papers(n)}" for m, n in zip(long_months, trends.papers_per_month, strict=True)
                ],
            ),
            f"Papers per month, {span(trends)}.",
        ),
        "digests": figure(
            bar_chart(
                "pd-chart-digests",
                digest_labels,
                [n for _, n in trends.digests],
                title=f"Papers per digest, {last_digests}",
                desc=series([d.isoformat() for d, _ in trends.digests], [n for _, n in trends.digests]),
                tooltips=[f"{d.isoformat()}: {papers(n)}" for d, n in trends.digests],
            ),
            f"Papers per digest, {last_digests}.",
        ),
        "tags": figure(
            hbar_chart(
                "pd-chart-tags",
                names,
                [trends.tag_totals[slug] for slug in top],
                title=f"Most frequent tags, {span(trends)}",
                desc=tag_list(trends, titles) + ".",
            ),
            f"The {len(top)} most frequent tags, {span(trends)}.",
        ),
        "tags_over_time": figure(
            dot_matrix(
                "pd-chart-tags-months",
                names,
                months,
                [list(trends.tag_by_month[slug]) for slug in top],
                title=f"Most frequent tags per month, {span(trends)}",
                desc="Dot area is proportional to the number of papers. "
                + "; ".join(
                    f"{titles[slug]} ({series(long_months, trends.tag_by_month[slug], skip_zero=True)})"
                    for slug in top
                )
                + ".",
                tooltips=[
                    [
                        f"{name}, {m}: {papers(n)}"
                        for m, n in zip(long_months, trends.tag_by_month[slug], strict=True)
                    ]
                    for name, slug in zip(names, top, strict=True)
                ],
            ),
            f"The {len(top)} most frequent tags per month, {span(trends)}; a larger dot means more papers.",
        ),
        "together": figure(
            dot_matrix(
                "pd-chart-together",
                numbered,
                [str(i) for i in range(1, len(top) + 1)],
                [list(row) for row in trends.together],
                title=f"Tags that appear together, {span(trends)}",
                desc="Dot area is proportional to the number of papers carrying both tags; "
                "the diagonal is each tag's total. " + pairs(trends, names) + ".",
                tooltips=[
                    [
                        f"{a} and {b}: {papers(n)}" if a != b else f"{a}: {papers(n)}"
                        for b, n in zip(names, row, strict=True)
                    ]
                    for a, row in zip(names, trends.together, strict=True)
                ],
            ),
            f"Tags that appear together on a paper, {span(trends)}: columns follow the row numbers.",
        ),
    }

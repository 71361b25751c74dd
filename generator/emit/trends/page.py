"""The Trends page (trends.md) and the small trends figure on the home page."""

from __future__ import annotations

import html

from generator.analyze.analysis import Analysis
from generator.analyze.trends import Trends, compute_trends, month_label
from generator.emit.render import render_page
from generator.emit.trends.charts import bar_chart, dot_matrix, hbar_chart
from generator.model import Catalog, OutputFile
from generator.paths import HOME, digest_page, tag_page
from generator.runtime.memo import digest, memoized
from generator.text.escape import relative_link
from generator.text.wording import count

TRENDS = "trends.md"
HOME_TOP_TAGS = 5


def trends_of(catalog: Catalog, analysis: Analysis, **limits) -> Trends:
    """compute_trends, again only when some entry's date or tags changed (they are all it counts)."""
    dated_tags = b"".join(
        memoized("~dated_tags", entry.digest, lambda: digest(entry.date.isoformat(), *entry.tags))
        for entry in catalog.entries
    )
    key = digest(dated_tags, repr(sorted(limits.items())))
    return memoized("~trends", key, lambda: compute_trends(catalog, analysis, **limits))


def emit_trends(catalog: Catalog, analysis: Analysis) -> list[OutputFile]:
    trends = trends_of(catalog, analysis)
    titles = {tag.slug: tag.title for tag in catalog.vocabulary.tags}
    page = render_page(
        "trends.md.j2",
        TRENDS,
        trends=trends,
        summary=summary(trends, titles),
        span=_span(trends),
        charts=_charts(trends, titles) if trends.total_papers else {},
        titles=titles,
        month_label=month_label,
        tag_pages={slug: tag_page(slug) for slug in titles},
        digest_pages=digest_page,
        number=_number,
        tag_months={
            slug: "; ".join(f"{month_label(m)}: {_number(n)}" for m, n in zip(trends.months, counts) if n)
            for slug, counts in trends.tag_by_month.items()
        },
    )
    return [OutputFile(TRENDS, page)]


def home_trends(catalog: Catalog, analysis: Analysis) -> str:
    """Markdown for the home page: the most frequent tags, and a link to the Trends page."""
    trends = trends_of(catalog, analysis, top=HOME_TOP_TAGS)
    if not trends.top_tags:
        return ""
    titles = {tag.slug: tag.title for tag in catalog.vocabulary.tags}
    chart = hbar_chart(
        "pd-chart-home-tags",
        [titles[slug] for slug in trends.top_tags],
        [trends.tag_totals[slug] for slug in trends.top_tags],
        title=f"Most frequent tags, {_span(trends)}",
        desc=_tag_list(trends, titles) + ".",
    )
    link = relative_link(HOME, TRENDS)
    return (
        f"## Trends\n\n{_figure(chart, f'Most frequent tags, {_span(trends)}.', 'pd-chart--small')}\n\n"
        f"[Papers per month, tags over time and tags seen together →]({link})\n"
    )


def summary(trends: Trends, titles: dict[str, str]) -> str:
    """One plain-text paragraph that says what the charts show, each number once."""
    if not trends.total_papers:
        return "No papers yet."
    text = f"{_papers(trends.total_papers)} in {count(trends.total_digests, 'digest')}"
    everything = trends.window_papers == trends.total_papers
    months = len(trends.months)
    if everything:
        text += f", all in {_span(trends)}." if months == 1 else f", {_span(trends)}."
    else:  # the charts show only the last months
        last = "the last month" if months == 1 else f"the last {months} months"
        text += f", {_number(trends.window_papers)} of them in {last} ({_span(trends)})."
    if months > 1:
        busiest = max(range(months), key=lambda i: (trends.papers_per_month[i], trends.months[i]))
        text += (
            f" The busiest month was {month_label(trends.months[busiest])}, "
            f"with {_papers(trends.papers_per_month[busiest])}."
        )
    if trends.top_tags:
        text += f" Most frequent tags{'' if everything else ' in those months'}: {_tag_list(trends, titles)}."
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
        "months": _figure(
            bar_chart(
                "pd-chart-months",
                months,
                list(trends.papers_per_month),
                title=f"Papers per month, {_span(trends)}",
                desc=_series(long_months, trends.papers_per_month),
                tooltips=[f"{m}: {_papers(n)}" for m, n in zip(long_months, trends.papers_per_month)],
            ),
            f"Papers per month, {_span(trends)}.",
        ),
        "digests": _figure(
            bar_chart(
                "pd-chart-digests",
                digest_labels,
                [n for _, n in trends.digests],
                title=f"Papers per digest, {last_digests}",
                desc=_series([d.isoformat() for d, _ in trends.digests], [n for _, n in trends.digests]),
                tooltips=[f"{d.isoformat()}: {_papers(n)}" for d, n in trends.digests],
            ),
            f"Papers per digest, {last_digests}.",
        ),
        "tags": _figure(
            hbar_chart(
                "pd-chart-tags",
                names,
                [trends.tag_totals[slug] for slug in top],
                title=f"Most frequent tags, {_span(trends)}",
                desc=_tag_list(trends, titles) + ".",
            ),
            f"The {len(top)} most frequent tags, {_span(trends)}.",
        ),
        "tags_over_time": _figure(
            dot_matrix(
                "pd-chart-tags-months",
                names,
                months,
                [list(trends.tag_by_month[slug]) for slug in top],
                title=f"Most frequent tags per month, {_span(trends)}",
                desc="Dot area is proportional to the number of papers. "
                + "; ".join(
                    f"{titles[slug]} ({_series(long_months, trends.tag_by_month[slug], skip_zero=True)})"
                    for slug in top
                )
                + ".",
                tooltips=[
                    [f"{name}, {m}: {_papers(n)}" for m, n in zip(long_months, trends.tag_by_month[slug])]
                    for name, slug in zip(names, top)
                ],
            ),
            f"The {len(top)} most frequent tags per month, {_span(trends)}; a larger dot means more papers.",
        ),
        "together": _figure(
            dot_matrix(
                "pd-chart-together",
                numbered,
                [str(i) for i in range(1, len(top) + 1)],
                [list(row) for row in trends.together],
                title=f"Tags that appear together, {_span(trends)}",
                desc="Dot area is proportional to the number of papers carrying both tags; the diagonal is each tag's total. "
                + _pairs(trends, names)
                + ".",
                tooltips=[
                    [
                        f"{a} and {b}: {_papers(n)}" if a != b else f"{a}: {_papers(n)}"
                        for b, n in zip(names, row)
                    ]
                    for a, row in zip(names, trends.together)
                ],
            ),
            f"Tags that appear together on a paper, {_span(trends)}: columns follow the row numbers.",
        ),
    }


def _figure(svg: str, caption: str, extra_class: str = "") -> str:
    css = f"pd-chart {extra_class}".strip()
    return f'<figure class="{css}">\n{svg}\n<figcaption>{_html(caption)}</figcaption>\n</figure>'


def _span(trends: Trends) -> str:
    if not trends.months:
        return "no months yet"
    if len(trends.months) == 1:
        return month_label(trends.months[0])
    return f"{month_label(trends.months[0])} to {month_label(trends.months[-1])}"


def _series(labels, values, skip_zero: bool = False) -> str:
    parts = [f"{label}: {_number(value)}" for label, value in zip(labels, values) if value or not skip_zero]
    return "; ".join(parts) or "none"  # not commas: 1,200 has one


def _tag_list(trends: Trends, titles: dict[str, str]) -> str:
    return ", ".join(f"{titles[slug]} ({_number(trends.tag_totals[slug])})" for slug in trends.top_tags)


def _pairs(trends: Trends, names: list[str], shown: int = 5) -> str:
    pairs = [
        (trends.together[a][b], names[a], names[b])
        for a in range(len(names))
        for b in range(a + 1, len(names))
        if trends.together[a][b]
    ]
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    if not pairs:
        return "No two of these tags share a paper"
    return "Most frequent pairs: " + "; ".join(f"{a} and {b} ({_number(n)})" for n, a, b in pairs[:shown])


def _papers(number: int) -> str:
    return count(number, "paper")


def _number(number: int) -> str:
    """2,415: a thousands separator, as the text around it is English."""
    return f"{number:,}"


def _html(text: str) -> str:
    return html.escape(text, quote=False)

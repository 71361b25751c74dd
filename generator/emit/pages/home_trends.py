"""The home page's small trends figure: the most frequent tags, and a link to the Trends page."""

from __future__ import annotations

from generator.analyze.analysis import Analysis
from generator.analyze.trends import trends_of
from generator.emit import figures
from generator.emit.charts import hbar_chart
from generator.model import Catalog
from generator.paths import HOME, TRENDS
from generator.text.escape import relative_link

HOME_TOP_TAGS = 5


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
        title=f"Most frequent tags, {figures.span(trends)}",
        desc=figures.tag_list(trends, titles) + ".",
    )
    link = relative_link(HOME, TRENDS)
    return (
        f"## Trends\n\n"
        f"{figures.figure(chart, f'Most frequent tags, {figures.span(trends)}.', 'pd-chart--small')}\n\n"
        f"[Papers per month, tags over time and tags seen together →]({link})\n"
    )

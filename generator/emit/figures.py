"""Words and frames for the trends charts, shared by the Trends page and the home page's figure."""

from __future__ import annotations

import html

from generator.analyze.trends import Trends, month_label
from generator.text.wording import count


def figure(svg: str, caption: str, extra_class: str = "") -> str:
    css = f"pd-chart {extra_class}".strip()
    return f'<figure class="{css}">\n{svg}\n<figcaption>{escaped(caption)}</figcaption>\n</figure>'


def span(trends: Trends) -> str:
    if not trends.months:
        return "no months yet"
    if len(trends.months) == 1:
        return month_label(trends.months[0])
    return f"{month_label(trends.months[0])} to {month_label(trends.months[-1])}"


def series(labels, values, skip_zero: bool = False) -> str:
    parts = [
        f"{label}: {number(value)}"
        for label, value in zip(labels, values, strict=True)
        if value or not skip_zero
    ]
    return "; ".join(parts) or "none"  # not commas: 1,200 has one


def tag_list(trends: Trends, titles: dict[str, str]) -> str:
    return ", ".join(f"{titles[slug]} ({number(trends.tag_totals[slug])})" for slug in trends.top_tags)


def pairs(trends: Trends, names: list[str], shown: int = 5) -> str:
    pairs = [
        (trends.together[a][b], names[a], names[b])
        for a in range(len(names))
        for b in range(a + 1, len(names))
        if trends.together[a][b]
    ]
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    if not pairs:
        return "No two of these tags share a paper"
    return "Most frequent pairs: " + "; ".join(f"{a} and {b} ({number(n)})" for n, a, b in pairs[:shown])


def papers(number: int) -> str:
    return count(number, "paper")


def number(number: int) -> str:
    """2,415: a thousands separator, as the text around it is English."""
    return f"{number:,}"


def escaped(text: str) -> str:
    return html.escape(text, quote=False)

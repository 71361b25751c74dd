"""The Trends page: figures computed from the catalog, drawn as static, accessible SVG."""

from __future__ import annotations

import datetime as dt
import re
import time
import xml.etree.ElementTree as ET

import pytest

from generator.analyze.analysis import analyze
from generator.analyze.trends import compute_trends, month_window
from generator.emit.charts import bar_chart, dot_matrix, hbar_chart, nice_ceiling
from generator.emit.pages.home_trends import home_trends
from generator.emit.trends.page import emit_trends, summary
from generator.model import Catalog, Entry, Settings, Tag, Vocabulary

from support import serve_folder

SVG = "{http://www.w3.org/2000/svg}"


def catalog_of(specs, tags=("a", "b", "c")) -> Catalog:
    """specs: (id, 'YYYY-MM-DD', tags); the catalog is sorted newest first like validate() does."""
    entries = [
        Entry(
            i, f"Paper {i}", dt.date.fromisoformat(d), (), tuple(t), (), (), "An abstract.", "", (), f"{i}.md"
        )
        for i, d, t in specs
    ]
    entries.sort(key=lambda e: (-e.date.toordinal(), e.id))
    vocabulary = Vocabulary(tuple(Tag(slug, slug.upper(), f"Tag {slug}.") for slug in tags))
    return Catalog(tuple(entries), vocabulary, Settings("Paper Digest", "https://example.org/pd/"))


def test_months_fill_gaps_and_counts_add_up():
    catalog = catalog_of(
        [
            ("p1", "2025-11-03", "ab"),
            ("p2", "2025-11-20", "a"),
            ("p3", "2026-02-01", "bc"),
            ("p4", "2026-02-01", "b"),
        ]
    )
    trends = compute_trends(catalog, analyze(catalog))
    assert trends.months == ("2025-11", "2025-12", "2026-01", "2026-02")
    assert trends.papers_per_month == (2, 0, 0, 2)
    assert trends.digests == ((dt.date(2025, 11, 3), 1), (dt.date(2025, 11, 20), 1), (dt.date(2026, 2, 1), 2))
    assert trends.top_tags == ("b", "a", "c")  # by count, then slug
    assert trends.tag_by_month["b"] == (1, 0, 0, 2)
    assert trends.tag_totals == {"b": 3, "a": 2, "c": 1}
    # b&a share p1, b&c share p3; the diagonal is each tag's own total; the matrix is symmetric.
    assert trends.together == ((3, 1, 1), (1, 2, 0), (1, 0, 1))


def test_window_keeps_only_recent_months():
    assert month_window(dt.date(2020, 1, 5), dt.date(2026, 3, 1), 24)[0] == "2024-04"
    assert len(month_window(dt.date(2020, 1, 5), dt.date(2026, 3, 1), 24)) == 24
    assert month_window(dt.date(2025, 12, 31), dt.date(2026, 1, 1), 24) == ("2025-12", "2026-01")


def test_empty_catalog_gives_a_page_without_charts():
    catalog = catalog_of([])
    files = emit_trends(catalog, analyze(catalog))
    assert "No papers yet." in files[0].content.decode()
    assert "<svg" not in files[0].content.decode()
    assert home_trends(catalog, analyze(catalog)) == ""


def chart(page: str, chart_id: str) -> ET.Element:
    return ET.fromstring(re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', page, re.S).group(0))


def axis_labels(svg: ET.Element) -> list[str]:
    """The labels under the bars (the value ticks on the left are anchored at their end)."""
    return [
        text.text
        for text in svg.iter(f"{SVG}text")
        if text.get("class") == "pd-chart__muted" and text.get("text-anchor") == "middle"
    ]


def page_of(catalog: Catalog) -> str:
    return emit_trends(catalog, analyze(catalog))[0].content.decode()


def test_digest_axis_shows_the_year_when_digests_span_years():
    two_years = page_of(
        catalog_of([("p1", "2025-05-15", "a"), ("p2", "2025-11-02", "a"), ("p3", "2026-05-15", "b")])
    )
    assert axis_labels(chart(two_years, "pd-chart-digests")) == ["15 May 2025", "2 Nov 2025", "15 May 2026"]
    one_year = page_of(catalog_of([("p1", "2026-03-11", "a"), ("p2", "2026-05-15", "a")]))
    assert axis_labels(chart(one_year, "pd-chart-digests")) == ["11 Mar", "15 May"]


@pytest.mark.parametrize(
    "specs, limits, expected",
    [
        # Every paper in the window: the total is said once, with the months it spans.
        (
            [
                ("p1", "2025-12-01", "a"),
                ("p2", "2026-01-15", "ab"),
                ("p3", "2026-01-15", "b"),
                ("p4", "2026-03-12", "ca"),
                ("p5", "2026-03-12", "a"),
                ("p6", "2026-03-13", "a"),
            ],
            {},
            "6 papers in 4 digests, December 2025 to March 2026. The busiest month was March 2026, with 3 "
            "papers. "
            "Most frequent tags: A (5), B (2), C (1).",
        ),
        (
            [("p1", "2026-03-12", "a")],
            {},
            "1 paper in 1 digest, all in March 2026. Most frequent tags: A (1).",
        ),
        # Older papers than the window: the window's share and its months are named, and the tags are the
        # window's.
        (
            [("p1", "2025-12-01", "b"), ("p2", "2026-02-15", "ab"), ("p3", "2026-03-12", "a")],
            {"months_shown": 2},
            "3 papers in 3 digests, 2 of them in the last 2 months (February 2026 to March 2026). "
            "The busiest month was March 2026, with 1 paper. Most frequent tags in those months: A (2), B "
            "(1).",
        ),
        (
            [("p1", "2025-12-01", "b"), ("p2", "2026-03-12", "a")],
            {"months_shown": 1},
            "2 papers in 2 digests, 1 of them in the last month (March 2026). Most frequent tags in those "
            "months: A (1).",
        ),
    ],
)
def test_summary_says_each_number_once(specs, limits, expected):
    catalog = catalog_of(specs)
    text = summary(compute_trends(catalog, analyze(catalog), **limits), {"a": "A", "b": "B", "c": "C"})
    assert text == expected


def test_counts_of_a_thousand_and_more_have_a_thousands_separator():
    specs = [
        (f"p{n:04d}", f"2026-0{2 + n % 2}-{1 + n % 28:02d}", "a" if n < 1001 else "ab") for n in range(2415)
    ]
    catalog = catalog_of(specs)
    page = page_of(catalog)
    assert page.split("# Trends\n\n", 1)[1].split("\n", 1)[0] == (
        "2,415 papers in 28 digests, February 2026 to March 2026. The busiest month was February 2026, with "
        "1,208 papers. "
        "Most frequent tags: A (2,415), B (1,414)."
    )
    months = chart(page, "pd-chart-months")
    assert [title.text for title in months.iter(f"{SVG}title")][1:] == [
        "February 2026: 1,208 papers",
        "March 2026: 1,207 papers",
    ]
    assert months.find(f"{SVG}desc").text == "February 2026: 1,208; March 2026: 1,207"
    assert "1,208" in [text.text for text in months.iter(f"{SVG}text")]  # the value over the bar
    table = page.split("Papers per month as a table", 1)[1].split("</details>", 1)[0]
    assert "| February 2026 | 1,208 |" in table and "| March 2026 | 1,207 |" in table
    assert "| 2415 " not in page and "2415" not in page.replace("2,415", "")
    tags = chart(page, "pd-chart-tags")
    assert [text.text for text in tags.iter(f"{SVG}text")] == ["A", "2,415", "B", "1,414"]


def test_charts_are_accessible_images_and_escape_labels():
    nasty = '</text><script>alert(1)</script> & "q"'
    for svg in (
        bar_chart("c1", [nasty, "b"], [3, 0], nasty, nasty),
        hbar_chart("c2", [nasty], [4], "t", "d"),
        dot_matrix("c3", [nasty], ["Jan"], [[2]], "t", "d"),
    ):
        root = ET.fromstring(svg)  # well-formed XML: nothing broke out
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        assert root.find(f"{SVG}title").get("id") == title_id
        assert root.find(f"{SVG}desc").get("id") == desc_id
        assert "<script" not in svg and "\n\n" not in svg
        assert nasty in "".join(root.itertext())


def test_bar_heights_are_proportional_to_values():
    root = ET.fromstring(bar_chart("c", ["a", "b", "c"], [10, 5, 0], "t", "d"))
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert heights[0] == pytest.approx(2 * heights[1]) and heights[2] == 0
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 13, 25, 65, 101)] == [0, 1, 3, 8, 20, 25, 80, 200]


def test_ten_thousand_entries_stay_bounded_and_fast():
    tags = tuple(f"t{i:02d}" for i in range(40))
    start = dt.date(2016, 1, 1)
    specs = [
        (
            f"p{n:05d}",
            (start + dt.timedelta(days=n // 3)).isoformat(),
            (tags[n % 40], tags[(n * 7) % 40], tags[(n // 5) % 40]),
        )
        for n in range(10_000)
    ]
    catalog = catalog_of(specs, tags)
    analysis = analyze(catalog, related_count=0)  # related papers are not part of the trends
    began = time.perf_counter()
    page = emit_trends(catalog, analysis)[0].content
    home = home_trends(catalog, analysis)
    elapsed = time.perf_counter() - began
    trends = compute_trends(catalog, analysis)
    assert len(trends.months) == 24 and len(trends.digests) == 30 and len(trends.top_tags) == 10
    assert len(page) < 150_000 and len(home) < 10_000, (len(page), len(home))
    assert elapsed < 2, elapsed
    assert page.count(b"<svg") == 5 and home.count("<svg") == 1


@pytest.fixture(scope="module")
def trends_site(tmp_path_factory):
    from support import make_project

    project = make_project(tmp_path_factory.mktemp("trends") / "project")
    plan = [
        ("2025-12-01", ["quantization"]),
        ("2026-01-15", ["quantization", "model-merging"]),
        ("2026-01-15", ["model-merging"]),
        ("2026-03-12", ["diffusion-models", "quantization"]),
        ("2026-03-12", ["quantization"]),
    ]
    for n, (date, tags) in enumerate(plan):
        project.entry(f"paper-{n}", title=f"Paper {n} <b>&amp;</b>", date=date, tags=tags)
    project.build()
    return project


def test_trends_page_is_in_the_nav_and_shows_the_numbers(trends_site):
    site = trends_site.root / "site"
    html = (site / "trends" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a href="trends/"[^>]*>\s*Trends\s*</a>', (site / "index.html").read_text(encoding="utf-8")
    )
    assert html.count('role="img"') == 5
    months = re.search(r'<svg[^>]*id="pd-chart-months".*?</svg>', html, re.S).group(0)
    assert re.findall(r"<title>([^<]*)</title>", months) == [
        "December 2025: 1 paper",
        "January 2026: 2 papers",
        "February 2026: 0 papers",
        "March 2026: 2 papers",
    ]
    table = html.split("Papers per month as a table", 1)[1].split("</table>", 1)[0]  # the data table fallback
    assert re.findall(r"<td[^>]*>([^<]*)</td>", table) == [
        "December 2025",
        "1",
        "January 2026",
        "2",
        "February 2026",
        "0",
        "March 2026",
        "2",
    ]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="pd-chart-home-tags"' in home and 'href="trends/"' in home


@pytest.mark.browser
def test_charts_follow_the_light_and_dark_palettes(browser, trends_site):
    server = serve_folder(trends_site.root / "site")
    try:
        colours = {}
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/trends/")
            chart = page.get_by_role("img", name=re.compile(r"^Papers per month"))
            assert chart.is_visible()
            colours[scheme] = page.evaluate("""() => {
                const style = (selector) => getComputedStyle(document.querySelector(selector));
                return {bar: style('#pd-chart-months rect').fill,
                        text: style('#pd-chart-months text:not(.pd-chart__muted)').fill,
                        body: style('.md-typeset').color, background: style('body').backgroundColor};
            }""")
            context.close()
        light, dark = colours["light"], colours["dark"]
        assert light["background"] != dark["background"]
        assert light["text"] == light["body"] and dark["text"] == dark["body"]  # labels use the text colour
        assert light["bar"] != dark["bar"]  # bars use the palette's link colour, lighter on dark
    finally:
        server.shutdown()

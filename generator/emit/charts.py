"""Static SVG charts, rendered at build time: no chart library in the browser.

Every chart is an accessible image (role="img", <title>, <desc>) whose colours
come from CSS classes (theme/assets/stylesheets/pd-extra.css) so it follows
Material's light and dark palettes; the presentation attributes are only a
fallback (currentColor) for readers without the stylesheet. ElementTree does
the escaping, so labels can hold any text.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

WIDTH = 400  # narrow enough to stay legible on a phone, scaled up on wider screens
FONT = 12  # user units; the chart scales with the page width


def bar_chart(
    chart_id: str,
    labels: list[str],
    values: list[int],
    title: str,
    desc: str,
    height: int = 180,
    tooltips: list[str] | None = None,
) -> str:
    """Vertical bars, one per label (months or digests), oldest first."""
    peak = nice_ceiling(max(values, default=0))
    left, right, top, bottom = (
        max(30, math.ceil(_text_width(_number(peak))) + 9),
        4,
        16,
        22,
    )  # room for the top tick
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    svg = _svg(chart_id, height, title, desc)
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        _line(svg, left, y, WIDTH - right, y, "pd-chart__grid" if fraction else "pd-chart__axis")
        if peak * fraction == int(peak * fraction):  # whole numbers only: papers are counted
            _text(
                svg,
                left - 5,
                y + FONT / 3,
                _number(int(peak * fraction)),
                anchor="end",
                css="pd-chart__muted",
            )
    slot = plot_w / max(len(values), 1)
    bar_w = min(slot * 0.7, 32)
    every = _label_step(labels, slot)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + slot * index + (slot - bar_w) / 2
        bar_h = plot_h * value / peak if peak else 0
        bar = _rect(svg, x, top + plot_h - bar_h, bar_w, bar_h, "pd-chart__bar")
        ET.SubElement(bar, "title").text = tooltips[index] if tooltips else f"{label}: {_number(value)}"
        if value and slot >= _text_width(_number(value)):
            _text(svg, x + bar_w / 2, top + plot_h - bar_h - 4, _number(value), anchor="middle")
        if index % every == 0:
            _text(svg, x + bar_w / 2, height - 6, label, anchor="middle", css="pd-chart__muted")
    return _serialize(svg)


def hbar_chart(chart_id: str, labels: list[str], values: list[int], title: str, desc: str) -> str:
    """Horizontal bars, each under its label, with the value at the bar's end."""
    row_h, bar_h = 34, 12
    height = row_h * max(len(values), 1)
    peak = max(values, default=0)
    room = WIDTH - 4 - _text_width(_number(peak)) - 6
    svg = _svg(chart_id, height, title, desc)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = row_h * index
        _text(svg, 0, y + FONT + 2, shorten(label, 60))
        bar_w = room * value / peak if peak else 0
        bar = _rect(svg, 0, y + FONT + 7, bar_w, bar_h, "pd-chart__bar")
        ET.SubElement(bar, "title").text = f"{label}: {_number(value)}"
        _text(svg, bar_w + 5, y + FONT + 7 + bar_h - 2, _number(value))
    return _serialize(svg)


def dot_matrix(
    chart_id: str,
    row_labels: list[str],
    col_labels: list[str],
    matrix: list[list[int]],
    title: str,
    desc: str,
    tooltips: list[list[str]] | None = None,
) -> str:
    """Rows of dots, each row under its label; a dot's area is proportional to its value (0: none)."""
    row_h, bottom = 36, 20
    cols = max(len(col_labels), 1)
    cell_w = min(WIDTH / cols, 36)
    radius = min(cell_w / 2 - 1, 8)
    height = row_h * max(len(row_labels), 1) + bottom
    peak = max((value for row in matrix for value in row), default=0)
    svg = _svg(chart_id, height, title, desc)
    for r, label in enumerate(row_labels):
        y = row_h * r + FONT + 15  # the dots' centre line, under the label
        _text(svg, 0, row_h * r + FONT + 1, shorten(label, 60))
        _line(svg, 0, y, cell_w * cols, y, "pd-chart__grid")
        for c, value in enumerate(matrix[r]):
            if not value:
                continue
            dot = ET.SubElement(
                svg,
                "circle",
                {
                    "cx": _fmt(cell_w * (c + 0.5)),
                    "cy": _fmt(y),
                    "r": _fmt(max(radius * math.sqrt(value / peak), 1.5)),
                    "class": "pd-chart__dot",
                    "fill": "currentColor",
                },
            )
            ET.SubElement(dot, "title").text = (
                tooltips[r][c] if tooltips else f"{label}, {col_labels[c]}: {_number(value)}"
            )
    every = _label_step(col_labels, cell_w)
    for c, label in enumerate(col_labels):
        if c % every == 0:
            _text(
                svg,
                _inside(cell_w * (c + 0.5), label),
                height - 6,
                label,
                anchor="middle",
                css="pd-chart__muted",
            )
    return _serialize(svg)


def nice_ceiling(value: int) -> int:
    """The smallest round number (1, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) at least `value`, so bars fill the plot."""
    if value <= 0:
        return 0
    magnitude = 10 ** math.floor(math.log10(value))
    steps = (step * magnitude for step in (1, 2, 2.5, 3, 4, 5, 6, 8, 10))
    return int(next(top for top in steps if top >= value and top == int(top)))


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label_step(labels: list[str], slot: float) -> int:
    """Label every n-th slot so that no two labels overlap."""
    widest = max((_text_width(label) for label in labels), default=0)
    return max(1, math.ceil((widest + 6) / slot)) if slot else 1


def _inside(x: float, label: str) -> float:
    """Move a centred label's x so that the whole label stays inside the chart."""
    half = _text_width(label) / 2
    return min(max(x, half), WIDTH - half)


def _number(value: int) -> str:
    return f"{value:,}"  # 2,415


def _text_width(text: str) -> float:
    return len(text) * FONT * 0.6  # a generous average for sans-serif digits and letters


def _svg(chart_id: str, height: int, title: str, desc: str) -> ET.Element:
    width = WIDTH
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "pd-chart__svg",
            "id": chart_id,
            "font-size": str(FONT),
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = desc
    return svg


def _rect(parent: ET.Element, x: float, y: float, w: float, h: float, css: str) -> ET.Element:
    return ET.SubElement(
        parent,
        "rect",
        {
            "x": _fmt(x),
            "y": _fmt(y),
            "width": _fmt(w),
            "height": _fmt(h),
            "class": css,
            "fill": "currentColor",
        },
    )


def _line(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, css: str) -> None:
    ET.SubElement(
        parent,
        "line",
        {
            "x1": _fmt(x1),
            "y1": _fmt(y1),
            "x2": _fmt(x2),
            "y2": _fmt(y2),
            "class": css,
            "stroke": "currentColor",
            "stroke-opacity": "0.3",
        },
    )


def _text(parent: ET.Element, x: float, y: float, text: str, anchor: str = "start", css: str = "") -> None:
    attributes = {"x": _fmt(x), "y": _fmt(y), "fill": "currentColor"}
    if anchor != "start":
        attributes["text-anchor"] = anchor
    if css:
        attributes["class"] = css
    ET.SubElement(parent, "text", attributes).text = text


def _fmt(value: float) -> str:
    """Coordinates with at most one decimal: small files, identical across builds."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _serialize(svg: ET.Element) -> str:
    # One line: a blank line would end the raw HTML block in Markdown.
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)

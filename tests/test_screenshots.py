"""Screenshots of the seed site for the README (docs/screenshots/): stable, and what is committed.

Each shot is taken twice from a fresh page; the two must match, or the committed images would
change on every run. Chromium's software rasteriser now and then anti-aliases an icon edge
differently (a few dozen pixels, the palette toggle), so "match" allows that much and no more.
The test compares with the committed file and fails when the page changed; `make screenshots`
(PAPERDIGEST_SCREENSHOTS=write) writes the new pictures, to be looked at and committed.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
# name -> (path, colour scheme, whole page?)
SHOTS = {
    "home": ("", "light", False),
    "entry": ("papers/pc-darts/", "light", False),
    "tag": ("tags/neural-architecture-search/", "light", False),
    "search": ("", "light", False),
    "trends": ("trends/", "light", True),
    "trends-dark": ("trends/", "dark", True),
    "reading-list": ("reading-list/", "light", False),
    "reading-list-dark": ("reading-list/", "dark", False),
}
WRITE = os.environ.get("PAPERDIGEST_SCREENSHOTS") == "write"
NOISE_PIXELS = 200  # at most this many pixels may differ between two shots of the same page
STILL = """
*, *::before, *::after {
  transition: none !important; animation: none !important; caret-color: transparent !important;
}
"""


def shoot(browser, url: str, name: str, width: int, height: int) -> bytes:
    path, scheme, whole = SHOTS[name]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        reduced_motion="reduce",
        device_scale_factor=1,
    )
    try:
        page = context.new_page()
        page.goto(url + path)
        page.add_style_tag(content=STILL)
        if name == "search":
            page.locator("input[type=search]:visible").first.fill("diffusion")
            page.locator(".pd-search__results li").first.wait_for(timeout=10_000)
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(200)  # let the header settle after the last layout change
        return page.screenshot(full_page=whole, animations="disabled", caret="hide")
    finally:
        context.close()


COMPARE = """async ([a, b]) => {
    const load = (data) => new Promise((resolve) => {
        const img = new Image(); img.onload = () => resolve(img); img.src = data;
    });
    const [first, second] = await Promise.all([load(a), load(b)]);
    if (first.width !== second.width || first.height !== second.height) return Infinity;
    const pixels = (img) => {
        const canvas = document.createElement('canvas'); canvas.width = img.width; canvas.height = img.height;
        const context = canvas.getContext('2d'); context.drawImage(img, 0, 0);
        return context.getImageData(0, 0, img.width, img.height).data;
    };
    const [p, q] = [pixels(first), pixels(second)];
    let differing = 0;
    for (let i = 0; i < p.length; i += 4) {
        if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) differing++;
    }
    return differing;
}"""


def differing_pixels(browser, first: bytes, second: bytes) -> float:
    if first == second:
        return 0
    page = browser.new_page()
    try:
        urls = ["data:image/png;base64," + base64.b64encode(png).decode() for png in (first, second)]
        return page.evaluate(COMPARE, urls)
    finally:
        page.close()


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("name", SHOTS)
def test_screenshot_is_stable_and_committed(browser, seed_url, name, device):
    width, height = WIDTHS[device]
    first = shoot(browser, seed_url, name, width, height)
    second = shoot(browser, seed_url, name, width, height)
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and len(first) > 10_000  # a real picture, not a blank page
    assert differing_pixels(browser, first, second) <= NOISE_PIXELS, (
        f"{name} at {device} width differs between two runs"
    )
    target = OUT / f"{name}-{device}.png"
    changed = not target.exists() or differing_pixels(browser, target.read_bytes(), first) > NOISE_PIXELS
    if changed and WRITE:
        OUT.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(first)
        temporary.replace(target)
    elif changed:
        pytest.fail(
            f"{target.name} is not what the page looks like now: run `make screenshots`, look, commit"
        )

"""Accessibility: axe-core finds no serious or critical problem, in light and dark mode; keyboard use
works."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "entry": "papers/pc-darts/",
    "tag": "tags/neural-architecture-search/",
    "digest": "digests/2026-03-12/",
    "trends": "trends/",
    "tags index": "tags/index.html",
}
SCHEMES = {"light": "default", "dark": "slate"}

RUN_AXE = """async () => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });  // check the data tables too
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} -> `
            + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}"""


@pytest.fixture(scope="module")
def axe_script(js_modules):
    return js_modules / "axe-core" / "axe.min.js"


def open_page(browser, url: str, scheme: str, width: int = 1280):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_serious_axe_violations(browser, seed_url, axe_script, name, scheme):
    context, page = open_page(browser, seed_url + PAGES[name], scheme)
    try:
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        page.add_script_tag(path=str(axe_script))
        violations = page.evaluate(RUN_AXE)
        assert not violations, "\n".join(violations)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_results_have_no_serious_axe_violations(browser, seed_url, axe_script, scheme):
    context, page = open_page(browser, seed_url, scheme)
    try:
        search = page.locator("input[type=search]:visible").first
        search.fill("diffusion")
        page.locator(".pd-search__results [role=row] .pd-star").first.wait_for(timeout=10_000)
        page.add_script_tag(path=str(axe_script))
        violations = page.evaluate(RUN_AXE)
        assert not violations, "\n".join(violations)
    finally:
        context.close()


FOCUS_STATE = """() => {
    const element = document.activeElement;
    // palette toggle
    const shown = element.matches('input.md-option') ? element.nextElementSibling : element;
    const style = getComputedStyle(shown);
    const box = shown.getBoundingClientRect();
    return {tag: element.tagName,
            text: (element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40),
            href: element.href || null, input: element.tagName === 'INPUT' && !element.matches('.md-option'),
            ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== 'none',
            inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""


@pytest.mark.parametrize("name", ["trends", "entry"])
def test_keyboard_reaches_every_content_link_with_a_visible_focus_ring(browser, seed_url, name):
    context, page = open_page(browser, seed_url + PAGES[name], "light")
    try:
        wanted = set(
            page.eval_on_selector_all(
                "article a[href]:not(.headerlink)",
                "links => links.filter((a) => a.checkVisibility()).map((a) => a.href)",
            )
        )
        reached, problems = set(), []
        for _ in range(400):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state["tag"] == "BODY":
                break  # round trip done
            reached.add(state["href"])
            if not state["input"] and not (state["ring"] and state["inView"]):
                problems.append(state)  # text inputs show focus with a caret and their own styles
        assert problems == []
        assert wanted and wanted <= reached, sorted(wanted - reached)
    finally:
        context.close()

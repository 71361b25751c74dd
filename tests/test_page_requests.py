"""Every kind of page loads in Chromium without a failed request or a console error.

The site is built with its site_url set to the local server, as on the hosted site, so the
absolute URLs in the head (feeds, canonical) and in sitemap.xml point at the pages served here
and instant navigation runs as it does for readers.
"""

from __future__ import annotations

import re

import pytest

from support import make_project, serve_folder

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "entry": "papers/flexround/",
    "tag": "tags/quantization/",
    "digest": "digests/2026-03-11/",
    "archive": "archive/",
    "trends": "trends/",
    "subscribe": "subscribe/",
}


@pytest.fixture(scope="module")
def local_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("requests") / "project")
    server = serve_folder(project.root / "site")  # serves whatever is there on each request
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    config = project.root / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url: .*$", f"site_url: {url}", config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")
    project.entry(
        "flexround",
        title="FlexRound: Learnable Rounding for Post-Training Quantization",
        date="2026-03-12",
        related=["metaaug"],
        body="Post-training quantization with learnable rounding.",
    )
    project.entry(
        "metaaug",
        title="MetaAug: Meta-Data Augmentation for Post-Training Quantization",
        date="2026-03-11",
        body="Augmenting calibration data for quantization.",
    )
    project.entry(
        "pa-da",
        title="PA&DA: Jointly Sampling PAth and DAta",
        tags=["model-merging"],
        date="2026-03-11",
        body="Merging models by sampling paths and data.",
    )
    project.build()
    yield url
    server.shutdown()


@pytest.fixture
def watched(browser, local_site):
    """A page, and every failed request, error response and console error it meets."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # The header's repository facts (repo_url) come from GitHub's API, which this machine cannot reach:
    # answer as GitHub does. Any other request off the site fails, and so fails the test.
    context.route(
        "https://api.github.com/repos/**",
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": "*"},
            body='{"tag_name": "v1.0.0"}'
            if route.request.url.endswith("/releases/latest")
            else '{"stargazers_count": 1, "forks_count": 1}',
        ),
    )
    context.route(
        lambda url: not url.startswith(local_site) and not url.startswith("https://api.github.com/repos/"),
        lambda route: route.abort("blockedbyclient"),
    )
    page = context.new_page()
    problems: list[str] = []
    context.on("requestfailed", lambda request: problems.append(f"failed: {request.url} ({request.failure})"))
    context.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}")
        ),
    )
    page.on(
        "console", lambda message: message.type == "error" and problems.append(f"console: {message.text}")
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.problems = problems
    yield page
    context.close()


def settle(page) -> None:
    """Wait until Material's requests after load (sitemaps, alternates) are done."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("kind", PAGES)
def test_page_loads_without_failed_requests_or_console_errors(watched, local_site, kind):
    response = watched.goto(local_site + PAGES[kind])
    assert response.ok
    settle(watched)
    assert watched.problems == [], "\n".join(watched.problems)


def test_search_opens_and_answers_without_failed_requests(watched, local_site):
    watched.goto(local_site)
    settle(watched)
    watched.keyboard.press("/")
    watched.keyboard.type("quantization", delay=20)
    watched.wait_for_function(
        "() => { const r = document.querySelector('[data-pd-search]');"
        " return r && r.dataset.query === 'quantization' && r.dataset.complete === 'true' && "
        "!r.dataset.pending; }",
        timeout=10_000,
    )
    assert watched.locator(".pd-search__results .pd-search__link").count() >= 2
    settle(watched)
    assert watched.problems == [], "\n".join(watched.problems)


def test_instant_navigation_fetches_nothing_that_fails(watched, local_site):
    """Material fetches sitemaps when it sets up instant navigation and when it follows a link."""
    watched.goto(local_site + "papers/flexround/")
    settle(watched)
    watched.evaluate("() => { window.pdSamePage = true; }")  # a full load would drop this
    watched.locator("a.pd-tag", has_text="Quantization").first.click()
    watched.wait_for_url(re.compile(r"/tags/quantization/$"))
    settle(watched)
    assert watched.locator("h1").inner_text() == "Tag: Quantization"
    assert watched.evaluate("() => window.pdSamePage === true"), (
        "the click was a full page load, not instant navigation"
    )
    watched.get_by_role("link", name="Archive").first.click()
    watched.wait_for_url(re.compile(r"/archive/$"))
    settle(watched)
    assert watched.evaluate("() => window.pdSamePage === true")
    assert watched.problems == [], "\n".join(watched.problems)

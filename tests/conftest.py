"""Shared fixtures: small content trees, the built seed site, a served site, a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    Project,
    add_arxiv_records,
    make_content_project,
    make_project,
    served,
)


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory) -> Project:
    """The repository's real content, built once per test session."""
    project = make_content_project(tmp_path_factory.mktemp("seed") / "project")
    project.build()
    return project


@pytest.fixture(scope="session")
def records_project(tmp_path_factory) -> Project:
    """The real arXiv records of tests/fixtures/search-records.jsonl, built once per test session."""
    root = tmp_path_factory.mktemp("records") / "project"
    project = make_project(root, (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    add_arxiv_records(project)
    project.build()
    return project


@pytest.fixture(scope="session")
def records_url(records_project):
    with served(records_project.root / "site") as url:
        yield url


@pytest.fixture(scope="session")
def seed_url(seed_project):
    with served(seed_project.root / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    # a missing Playwright fails the browser tests, never skips them
    import playwright.sync_api as playwright_api

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def js_modules() -> Path:
    """tests/js/node_modules (lunr.js, axe-core), installed from the lock file by `make setup`."""
    modules = REPO / "tests" / "js" / "node_modules"
    if not (modules / ".package-lock.json").exists():
        pytest.fail("tests/js/node_modules is missing: run `make setup` (npm ci in tests/js)")
    return modules


@pytest.fixture
def replay(monkeypatch):
    """The arXiv and Hugging Face APIs, replayed locally (tests/replay.py); the clients point at it,
    without arXiv's 3 s between requests."""
    from replay import Replay

    server = Replay().start()
    monkeypatch.setenv("PAPERDIGEST_ARXIV_API", server.arxiv_api)
    monkeypatch.setenv("PAPERDIGEST_HF_API", server.hf_api)
    monkeypatch.setenv("PAPERDIGEST_ARXIV_INTERVAL", "0")
    yield server
    server.stop()

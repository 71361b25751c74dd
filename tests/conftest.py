"""Shared fixtures: small content trees, the built seed site, a served site, a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socketserver
import threading
from pathlib import Path

import pytest

from generator.build import build_site
from generator.commands.scaffold import render_entry

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SMALL_VOCABULARY = """\
quantization:
  title: Quantization
  description: Low-precision networks.
  aliases: [ptq]
  keywords: [quantiz]
model-merging:
  title: Model merging
  description: Combining fine-tuned models.
  aliases: [merging]
  keywords: [merging]
diffusion-models:
  title: Diffusion models
  description: Denoising diffusion models.
  keywords: [diffusion]
"""


class Project:
    """A throwaway project folder: the repo's mkdocs.yml and theme, our content."""

    def __init__(self, root: Path):
        self.root = root
        self.papers = root / "content" / "papers"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    def entry(
        self,
        entry_id: str,
        title: str | None = None,
        date: str = "2026-03-12",
        tags=("quantization",),
        body: str = "An abstract about low-bit networks.",
        **fields,
    ) -> Path:
        import datetime as dt

        text = render_entry(
            entry_id=entry_id,
            title=title or f"Paper {entry_id}",
            date=dt.date.fromisoformat(date),
            tags=list(tags),
            links=fields.pop("links", {}),
            body=body,
            authors=fields.pop("authors", []),
            related=fields.pop("related", []),
        )
        return self.write(f"content/papers/{entry_id}.md", text)

    def build(self, **kwargs):
        return build_site(self.root, **kwargs)


def make_project(root: Path, vocabulary: str = SMALL_VOCABULARY) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    project = Project(root)
    project.write("content/tags.yml", vocabulary)
    project.papers.mkdir(parents=True, exist_ok=True)
    return project


def make_content_project(root: Path) -> Project:
    """A project holding a copy of the repository's own content (tags and papers)."""
    project = make_project(root, (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    shutil.copytree(REPO / "content" / "papers", project.papers, dirs_exist_ok=True)
    return project


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory) -> Project:
    """The repository's real content, built once per test session."""
    project = make_content_project(tmp_path_factory.mktemp("seed") / "project")
    project.build()
    return project


SEARCH_RECORDS = REPO / "tests" / "fixtures" / "search-records.jsonl"


def add_arxiv_records(project: Project, path: Path = SEARCH_RECORDS) -> list[dict]:
    """Entries from real arXiv records (one JSON object a line: id, title, authors, summary, listed, abs, pdf).

    tests/fixtures/search-records.jsonl holds records copied from ../shared/realdata (CC0):
    authors written Müller, Muller, Nießner, Niessner, Öztürk, Ozturk, transformer papers and one
    abstract misspelling "transfomer". An entry's id is "arxiv-" and the arXiv id.
    """
    import json

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        project.entry(
            arxiv_entry_id(record["id"]),
            title=" ".join(record["title"].split()),
            date=record["listed"],
            tags=("representation-learning",),
            body=record["summary"],
            authors=record["authors"],
            links={"arxiv": record["abs"], "pdf": record["pdf"]},
        )
    return records


def arxiv_entry_id(arxiv_id: str) -> str:
    return "arxiv-" + arxiv_id.replace(".", "-")


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def served(folder: Path):
    """The URL of a local server for `folder`, for as long as the block runs."""
    server = serve_folder(folder)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def seed_url(seed_project):
    with served(seed_project.root / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    import playwright.sync_api as playwright_api  # a missing Playwright fails the browser tests, never skips them

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

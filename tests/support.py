"""What tests share besides fixtures: project trees written on disk, real records, a local server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socketserver
import sys
import threading
from pathlib import Path

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


SEARCH_RECORDS = REPO / "tests" / "fixtures" / "search-records.jsonl"


def add_arxiv_records(project: Project, path: Path = SEARCH_RECORDS) -> list[dict]:
    """Entries from real arXiv records (one JSON object a line: id, title, authors, summary, listed, abs,
    pdf).

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(socketserver.ThreadingTCPServer):
    def handle_error(self, request, client_address):
        # A browser that closes the page drops the requests still in flight (a search guess, say):
        # that is not a failure of anything tested, and its traceback only buried the test log.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
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


def minor_version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


def untested_version(package: str, tested: dict[str, tuple[str, str]], module: str) -> str | None:
    """Why the installed `package` is not a version `module` (in generator/deps/) was checked with."""
    from importlib.metadata import version

    first, last = tested[package]
    installed = version(package)
    if minor_version(first) <= minor_version(installed) <= minor_version(last):
        return None
    return (
        f"{package} {installed} is not a version {module} was checked with "
        f"({first} to {last}.x): run the tests, then widen TESTED and pyproject.toml's range"
    )


def search_parity(js_modules: Path, generated, site: Path, tmp_path: Path, queries: list[str]) -> dict:
    """tests/js/search-parity.js's report: the search files written to `site` against lunr.js's own
    indexes of the same documents (titles, authors, tags and ids; abstracts), query by query."""
    import json
    import subprocess

    from generator.emit.search import emitter as search_emit
    from generator.text.authortext import plain

    entries = list(reversed(generated.catalog.entries))

    def spec(fields, docs):
        return {"fields": [f.name for f in fields], "boosts": [f.boost for f in fields], "docs": docs}

    abstracts = [{"ref": ref, "abstract": plain(entry.abstract)} for ref, entry in enumerate(entries)]
    request = {
        "site": str(site),
        "indexes": [
            spec(search_emit.META_FIELDS, search_emit.meta_documents(entries, generated.catalog)),
            spec(search_emit.ABSTRACT_FIELDS, abstracts),
        ],
        "queries": queries,
    }
    (tmp_path / "request.json").write_text(json.dumps(request), encoding="utf-8")
    core = REPO / "theme" / "assets" / "javascripts" / "pd-search-core.js"
    result = subprocess.run(
        ["node", str(REPO / "tests/js/search-parity.js"), str(core), str(tmp_path / "request.json")],
        cwd=js_modules.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def fence(text: str, language: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside: how entry pages
    wrote their BibTeX before it became a plain HTML block (the reference the deps test compares)."""
    import re

    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{language}\n{text}\n{marker}"

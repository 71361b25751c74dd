"""`paperdigest serve`: an edit in content/ shows up in the open browser page, once, exactly as built."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from generator.build import generate, write_docs
from generator.load.settings import load_settings
from generator.runtime.site_build import SITEMAP_FIELDS
from generator.serve.preview import PreviewSite

from support import CHROMIUM, CHROMIUM_ARGS, REPO, make_project

PAPERDIGEST = Path(sys.executable).parent / "paperdigest"
# The one thing the server adds to every HTML page: MkDocs' live-reload script, just before </body>.
LIVERELOAD = re.compile(
    rb"<script>\s*var livereload = function\(epoch, requestId\).*?</script>(?=</body>)", re.S
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except (urllib.error.HTTPError, OSError):
        return None


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {seconds} s")


class Served:
    """`paperdigest serve` on a free port, its log read line by line as it comes."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}{urllib.parse.urlsplit(load_settings(root).site_url).path}"
        self.process = subprocess.Popen(
            [str(PAPERDIGEST), "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self.reader.start()
        wait_until(lambda: fetch(self.base) is not None, 120, "the server coming up")

    def html(self, path: str) -> bytes | None:
        page = fetch(self.base + path)
        return None if page is None else LIVERELOAD.sub(b"", page)

    def logged(self, text: str) -> list[str]:
        return [line for line in list(self.lines) if text in line]

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        output = "".join(self.lines)
        assert "Traceback" not in output, output
        return output


@pytest.fixture
def served(project):
    project.entry("flexround", title="FlexRound: Learnable Rounding")
    project.entry("other", title="Other: Same Digest")
    server = Served(project.root)
    yield server
    server.stop()


@pytest.fixture
def reloading_page(browser, tmp_path):
    """A page in a Chromium of its own, killed afterwards.

    Live reload navigates the page by itself, and a quick preview makes it do so twice. Closing a
    context or navigating away while such a reload was in flight has, in two full-suite runs, hung
    Playwright waiting on Chromium (once `context.close()`, which has no timeout, and with it the
    suite). A browser this test owns can be killed whatever state that page is in.
    """
    log = tmp_path / "chromium.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [CHROMIUM, "--headless", *CHROMIUM_ARGS, "--remote-debugging-port=0"]
            + [f"--user-data-dir={tmp_path / 'chromium-profile'}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        endpoint = wait_until(
            lambda: (found := re.search(r"DevTools listening on (ws://\S+)", log.read_text())) and found[1],
            60,
            "Chromium's DevTools endpoint",
        )
        chromium = browser.browser_type.connect_over_cdp(endpoint, timeout=60_000)
        page = chromium.contexts[0].new_page()  # the default context: nothing to dispose of on close
        page.set_default_timeout(30_000)
        yield page
    finally:
        process.kill()
        process.wait(timeout=30)


@pytest.mark.browser
def test_editing_an_entry_updates_the_open_page(project, served, reloading_page):
    page = reloading_page
    page.goto(served.base + "papers/flexround/")
    assert page.locator("h1").inner_text() == "FlexRound: Learnable Rounding"
    entry = project.papers / "flexround.md"
    entry.write_text(entry.read_text().replace("FlexRound: Learnable Rounding", "FlexRound: Edited Title"))
    page.locator("h1", has_text="FlexRound: Edited Title").wait_for()


def test_one_edit_is_one_partial_rebuild_that_matches_a_clean_build(project, served, tmp_path):
    entry = project.papers / "flexround.md"
    entry.write_text(entry.read_text().replace("FlexRound: Learnable Rounding", "FlexRound: Edited Title"))
    wait_until(
        lambda: b"FlexRound: Edited Title" in (served.html("papers/flexround/") or b""),
        30,
        "the edit showing",
    )
    # The full rebuild takes longer than the watcher's debounce: a duplicate event for the same
    # edit would be logged before the rebuild ends, so once it has ended, one detection is all.
    wait_until(lambda: served.logged("paperdigest: rebuilt"), 60, "the rebuild ending")
    assert len(served.logged("Detected file changes")) == 1, served.lines
    [quick] = served.logged("paperdigest: quick preview")  # its own page first...
    assert quick.rstrip().endswith("s: papers/flexround.md (the full rebuild follows)"), quick
    [rebuilt] = served.logged("paperdigest: rebuilt")  # ...then everything else, in the same rebuild
    assert "pages re-rendered" in rebuilt and "full build" not in rebuilt, rebuilt
    assert served.lines.index(quick) < served.lines.index(rebuilt)

    clean = make_project(tmp_path / "clean")
    shutil.rmtree(clean.papers)
    shutil.copytree(project.papers, clean.papers)
    clean.build()
    site = clean.root / "site"
    built = sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
    assert "papers/flexround/index.html" in built and "digests/2026-03-12/index.html" in built
    differing = [path for path in built if served.html(path) != (site / path).read_bytes()]
    assert differing == []


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


@pytest.mark.parametrize(
    "edit",
    [("Learnable Rounding", "Edited Title"), ("date: 2026-03-12", "date: 2026-03-10")],
    ids=["title", "date"],
)
def test_a_partial_update_leaves_exactly_the_tree_of_a_full_build(project, tmp_path, edit):
    """In process: every file, and no file more, after files were rewritten, added and removed."""
    project.entry("flexround", title="FlexRound: Learnable Rounding")
    project.entry("other", title="Other: Same Digest")
    project.entry("older", title="Older: An Earlier Digest", date="2026-03-10")
    write_docs(project.root, generate(project.root))
    served = PreviewSite(project.root / "mkdocs.yml", tmp_path / "served", dt.date(2026, 3, 12))
    served.full_build()
    before = tree(tmp_path / "served")
    entry = project.papers / "flexround.md"
    entry.write_text(entry.read_text().replace(*edit))
    report = write_docs(project.root, generate(project.root))
    assert report.removed  # the search index's shards are named by content hash: files come and go
    update = served.update(report.written, report.removed, dt.date(2026, 3, 12))
    assert update.pages == len([path for path in report.written if path.endswith(".md")]) > 1
    project.build()
    after = tree(project.root / "site")
    assert tree(tmp_path / "served") == after
    assert (before["sitemap.xml"] != after["sitemap.xml"]) == (edit[0].startswith("date"))  # lastmod moved


def test_the_sitemap_reads_of_pages_only_what_a_partial_update_watches():
    """A partial update (serve/preview.py) and an incremental build (runtime/site_build.py) re-render
    sitemap.xml only when these change, or a page comes or goes."""
    template = (REPO / "theme" / "sitemap.xml").read_text(encoding="utf-8")
    fields = set(re.findall(r"\bpage\.([\w.]+)", template))
    assert fields <= {"is_link", "abs_url", "canonical_url"} | {
        f"meta.{field}" for field in SITEMAP_FIELDS
    }, fields
    assert "meta.pd_date" in fields  # the pattern still finds what the template reads


def test_a_new_entry_file_gets_its_page(project, served):
    project.entry("newcomer", title="Newcomer: A Later Paper", date="2026-03-13")
    page = wait_until(lambda: served.html("papers/newcomer/"), 60, "the new page appearing")
    assert b"Newcomer: A Later Paper" in page
    assert b"Newcomer: A Later Paper" in served.html("")  # the home page lists the newest digest
    [rebuilt] = served.logged("paperdigest: rebuilt")
    assert "full build: " in rebuilt  # the list of pages changed


def test_a_changed_mkdocs_yml_rebuilds_everything(project, served):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Paper Digest", "site_name: Renamed Digest"))
    page = wait_until(
        lambda: b"Renamed Digest" in (served.html("papers/other/") or b"") and served.html("papers/other/"),
        60,
        "the new site name showing",
    )
    assert page.count(b"Renamed Digest") > 1  # in the header of a page whose Markdown did not change
    [rebuilt] = served.logged("paperdigest: rebuilt")
    assert "full build: mkdocs.yml" in rebuilt


def test_bad_content_keeps_the_last_good_page_and_logs_the_error(project, served):
    good = served.html("papers/flexround/")
    entry = project.papers / "flexround.md"
    text = entry.read_text()
    entry.write_text(text.replace("date: 2026-03-12", "date: soon").replace("Learnable Rounding", "Broken"))
    [problem] = wait_until(
        lambda: served.logged("content/papers/flexround.md:4:"), 30, "the error being logged"
    )
    assert "'soon'" in problem and problem.count("\n") == 1
    wait_until(
        lambda: served.logged("the preview keeps the last good pages"), 10, "the preview keeping its pages"
    )
    assert served.html("papers/flexround/") == good
    entry.write_text(text.replace("Learnable Rounding", "Fixed Again"))
    wait_until(
        lambda: b"FlexRound: Fixed Again" in (served.html("papers/flexround/") or b""), 30, "the fix showing"
    )


def test_serve_refuses_bad_content_before_starting(project):
    bad = project.entry("bad")
    bad.write_text(bad.read_text().replace("date: 2026-03-12", "date: soon"))
    result = subprocess.run(
        [str(PAPERDIGEST), "serve", "--dev-addr", f"127.0.0.1:{free_port()}"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "content/papers/bad.md:4:" in result.stderr and "'soon'" in result.stderr

"""The pipeline: load -> validate -> analyze -> emit -> write, then MkDocs."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.analyze.analysis import Analysis, analyze
from generator.emit.api.api import emit_api
from generator.emit.bib import emit_bib
from generator.emit.crawlers import emit_robots
from generator.emit.feeds.feeds import emit_feeds
from generator.emit.pages.authors import emit_author_pages
from generator.emit.pages.entry import emit_entry_pages
from generator.emit.pages.listings import emit_listings
from generator.emit.pages.reading_list import emit_reading_list
from generator.emit.search.emitter import emit_search
from generator.emit.trends.page import emit_trends
from generator.errors import PaperDigestError
from generator.load.content import load_content
from generator.load.settings import load_settings
from generator.model import Catalog, OutputFile
from generator.runtime import memo
from generator.runtime import parallel as parallel_run
from generator.runtime.mkdocs_process import IN_PLACE_STATUS, STATE_NEW, UNCHANGED_STATUS
from generator.runtime.parallel import run_emitters
from generator.runtime.site_build import STATE_FILE
from generator.runtime.timing import StageLog
from generator.validate.entries import validate
from generator.write.tree import WriteReport, check_outputs, write_tree

DOCS_DIR = "build/docs"
CACHE_FILE = "build/cache/memo.pickle"
# The search index's memos, read only by the process that builds the index (runtime/parallel.py).
SEARCH_CACHE_FILE, SEARCH_TABLES = "build/cache/search.pickle", "search_"
SITE_DIR = "site"

# Each emitter takes the catalog and the analysis and returns files; order is irrelevant.
EMITTERS = [
    emit_entry_pages,
    emit_listings,
    emit_author_pages,
    emit_reading_list,
    emit_feeds,
    emit_trends,
    emit_api,
    emit_bib,
    emit_robots,
    emit_search,
]
# What a build runs in a second process, started before the analysis (so these must read only the
# catalog: they are called with analysis None). The search index alone is about as long as the
# analysis and every other emitter together (10,000 real papers, cold: 25 s against 10 + 21 s).
IN_CHILD = {emit_search}


@dataclass(frozen=True)
class Generated:
    catalog: Catalog
    analysis: Analysis
    files: tuple[OutputFile, ...]


def generate(
    root: Path, strict: bool = False, log: StageLog | None = None, parallel: bool = False
) -> Generated:
    """Everything up to, not including, writing: raises ContentError on bad content.

    `parallel` runs some emitters in a forked process (never in a process with threads).
    """
    log = log or StageLog()
    with _fewer_collections():
        settings = load_settings(root)
        with log.stage("load cache"):
            memo.load(root / CACHE_FILE)
            memo.load(root / SEARCH_CACHE_FILE, prefix=SEARCH_TABLES, lazily=True)
        with log.stage("load"):
            content = load_content(root)
        with log.stage("validate"):
            catalog = validate(content, settings, strict=strict)
        child = parallel_run.start([e for e in EMITTERS if e in IN_CHILD], catalog, log) if parallel else None
        try:
            with log.stage("analyze"):
                analysis = analyze(catalog)
        except BaseException:
            parallel_run.stop(child)
            raise
        files = run_emitters(EMITTERS, child, catalog, analysis, log)
    check_outputs(files)
    return Generated(catalog, analysis, tuple(files))


@contextmanager
def _fewer_collections():
    """Our stages allocate millions of objects that live until the build ends, few of them in
    cycles; with Python's default thresholds the collector keeps re-walking them (a tenth of
    our stages' time on a large archive). Collect far less often while they run."""
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def write_docs(root: Path, generated: Generated, log: StageLog | None = None) -> WriteReport:
    with (log or StageLog()).stage("write"):
        report = write_tree(list(generated.files), root / DOCS_DIR)
    return report


def build_site(
    root: Path, strict: bool = False, verbose: bool = False, log: StageLog | None = None
) -> tuple[Generated, WriteReport]:
    """Generate the Markdown, then build the site into a fresh folder and swap it in.

    If anything fails, the previous site/ is left exactly as it was.
    """
    log = log or StageLog()
    # MkDocs' process starts now and reads what it can while our stages run (its imports,
    # mkdocs.yml, the theme, the last build's state: ~1 s at 10,000 papers), then waits for the docs.
    mkdocs_run = MkDocsRun(root, verbose)
    try:
        generated = generate(root, strict=strict, log=log, parallel=True)
        report = write_docs(root, generated, log)
        with log.stage("save cache"):
            memo.save_loaded()  # the next build redoes only what changed
    except BaseException:
        mkdocs_run.cancel()
        raise
    newest = generated.catalog.entries[0].date if generated.catalog.entries else dt.date(1970, 1, 1)
    with log.stage("mkdocs"):
        mkdocs_run.finish(newest)
    return generated, report


def run_mkdocs(root: Path, verbose: bool = False, build_date: dt.date = dt.date(1970, 1, 1)) -> None:
    """MkDocs builds the site from the docs as they are (see MkDocsRun)."""
    MkDocsRun(root, verbose).finish(build_date)


class MkDocsRun:
    """MkDocs builds a staging folder, in a process of its own (generator/runtime/mkdocs_process.py),
    which replaces site/ only once it is complete; or, with the state of the build that made site/,
    updates site/ in place once every page is rendered (generator/runtime/site_build.py).

    The process starts when this is made and waits for `finish` to say the docs are written."""

    def __init__(self, root: Path, verbose: bool = False) -> None:
        self.root, self.site = root, root / SITE_DIR
        (root / DOCS_DIR).mkdir(parents=True, exist_ok=True)  # MkDocs' configuration requires it
        (root / STATE_FILE).parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix="site.", dir=root))
        self.staging.chmod(0o755)  # mkdtemp makes it private; a published site is not
        command = [
            sys.executable,
            "-m",
            "generator.runtime.mkdocs_process",
            str(root),
            str(self.staging),
            "-",  # the build date: on stdin, once the docs are written
        ]
        # Its stdout carries only the reason it failed; MkDocs' warnings reach stderr as they come.
        self.process = subprocess.Popen(
            command + ["--verbose"] * verbose, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def cancel(self) -> None:
        """No docs are coming (our stages failed): the process exits, the staging folder goes."""
        try:
            self.process.communicate(input="", timeout=60)
        except BaseException:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.staging, ignore_errors=True)

    def finish(self, build_date: dt.date) -> None:
        try:
            output, _ = self.process.communicate(input=build_date.isoformat() + "\n")
        except BaseException:
            self.process.kill()
            self.process.wait()
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        status = self.process.returncode
        if status == UNCHANGED_STATUS:  # site/ is already what this build would make
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        if status not in (0, IN_PLACE_STATUS):
            shutil.rmtree(self.staging, ignore_errors=True)
            reason = output.strip().splitlines()
            raise PaperDigestError(reason[-1] if reason else f"mkdocs build failed (exit status {status})")
        if status == IN_PLACE_STATUS:
            shutil.rmtree(self.staging)  # its files were moved into site/: only empty folders are left
        else:
            _swap_in(self.staging, self.site)
        state = self.root / STATE_NEW  # what the next build reuses, now that it describes site/
        if state.exists():
            state.replace(self.root / STATE_FILE)


def _swap_in(staging: Path, site: Path) -> None:
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)

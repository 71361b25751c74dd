"""MkDocs' build, on every core, re-rendering only the pages whose output can change.

The steps are MkDocs' own (generator/deps/mkdocs.py), in build()'s order. What differs:

- pages are converted and rendered by forked workers, a share each (MkDocs renders one at a time;
  generator/runtime/page_render.py);
- while our stages still write the docs, MkDocs' File and Page objects are made for the docs the last
  build left (`mkdocs.speculate`), and reused for each path still there once they are written: made
  at the lowest CPU priority, so as not to slow the stages the build waits for (runtime/ahead.py);
- with the state a previous build saved (`STATE_FILE`) and its site, a page is re-rendered only if
  its Markdown changed, a path its links looked up came or went, it is in the navigation and one of
  the navigation's pages changed (every page shows them; they are then all re-rendered), or
  anything every page depends on changed (the key: mkdocs.yml, theme/, the versions of MkDocs,
  Material, Markdown and this code).
  Every other page, and every unchanged copied file, is left as it is in the previous site: the
  build writes the rest into `staging`, and once it has succeeded, deletes what the previous site
  holds that this build does not make and moves the new files in, so the result is byte for byte a
  clean build's (tests/test_incremental.py). Without a previous state (a cold build, or another
  key) it builds the whole site into `staging`, which the caller swaps in;
- anchors are checked in this process for every page, from what each page's render recorded;
- the links of the HTML blocks we write whole, which MkDocs does not check, are checked
  (generator/runtime/raw_links.py), and count as looked-up paths.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from generator.deps import mkdocs
from generator.errors import PaperDigestError
from generator.runtime import fragments, raw_links, site_files
from generator.runtime.ahead import ahead
from generator.runtime.page_render import WarningCounter, render_all, render_share

STATE_FILE = "build/cache/site-state.pickle"
COMPILED_TEMPLATES = "build/cache/templates"  # the theme's templates, compiled (deps/mkdocs.py's prepare)


@dataclass(frozen=True)
class Built:
    rendered: int  # pages rendered
    in_place: bool  # the previous site was updated (else the staging folder holds the whole site)


UNCHANGED = Built(-1, True)  # what build() returns when nothing changed: site/ is left as it is
# What theme/sitemap.xml reads of a page besides its URL (tests/test_serve.py checks it reads nothing else).
SITEMAP_FIELDS = ("pd_lastmod", "pd_date")
SITEMAP_FILES = {"sitemap.xml", "sitemap.xml.gz"}


def sitemap_view(meta: dict) -> tuple:
    return tuple(meta.get(field) for field in SITEMAP_FIELDS)


_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2")


def build_key(root: Path, config_file: Path) -> str:
    """What every page's output depends on besides its own Markdown."""
    digest = hashlib.sha256()
    for package in _PACKAGES:
        digest.update(f"{package}={version(package)}\n".encode())
    here = Path(__file__).resolve().parent.parent
    for path in [
        config_file,
        here / "deps" / "mkdocs.py",
        Path(__file__).resolve(),
        Path(raw_links.__file__),
        Path(site_files.__file__),
        here / "runtime" / "page_render.py",
        here / "runtime" / "html_blocks.py",  # mkdocs.yml's Markdown extension: how every page converts
    ]:
        digest.update(path.read_bytes())
    theme = root / "theme"
    for path in sorted(theme.rglob("*")) if theme.is_dir() else []:
        if path.is_file():
            digest.update(str(path.relative_to(theme)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _load_state(state_file: Path, previous_site: Path, key: str) -> dict | None:
    try:
        with open(state_file, "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        return None
    if not (isinstance(state, dict) and state.get("key") == key and previous_site.is_dir()):
        return None
    # Each page's record is saved pickled on its own: the next build saves a kept page's as it found it.
    state["saved"] = state["pages"]
    state["pages"] = {uri: pickle.loads(record) for uri, record in state["saved"].items()}
    return state


def build(
    root: Path,
    config_file: Path,
    staging: Path,
    previous_site: Path,
    state_out: Path,
    workers: int,
    docs_written: Callable[[], None] | None = None,
):
    """Build into `staging` (empty), reusing `previous_site` where exact; save the new state to `state_out`.

    `docs_written`, if given, returns once the docs are written (read before: key, state, mkdocs.yml).

    Returns a Built (in place: `staging` holds nothing to swap in), or UNCHANGED (nothing written) when
    the docs, the key and the date are the last build's. Raises PaperDigestError if MkDocs warned.
    """
    counter = WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        return _build(root, config_file, staging, previous_site, state_out, workers, counter, docs_written)
    finally:
        logger.removeHandler(counter)


def _build(root, config_file, staging, previous_site, state_out, workers, counter, docs_written) -> Built:
    key = build_key(root, config_file)
    if docs_written is None:
        state, config, speculated, existing = _before_docs(
            root, config_file, staging, key, previous_site, False
        )
    else:  # read while our stages still run, yielding the cores to them (runtime/ahead.py)
        read = ahead(lambda: _before_docs(root, config_file, staging, key, previous_site, True))
        docs_written()
        state, config, speculated, existing = read.result()
    in_place = bool(state["pages"])
    docs, stats = site_files.docs_hashes(Path(config.docs_dir), state.get("stats", {}))
    tree = {"date": os.environ.get("SOURCE_DATE_EPOCH"), "docs": docs}
    if state.get("tree") == tree:
        return UNCHANGED  # the same docs, theme, configuration and date: the previous site is this build's
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    prepared = mkdocs.prepare(config, root / COMPILED_TEMPLATES, speculated)
    files = prepared.files
    hashes = {file.src_uri: docs[file.src_uri] for file in files if _in_docs(file, config)}
    in_nav = {id(page) for page in mkdocs.nav_pages(prepared)}
    fragments.install(prepared.env, in_nav)
    sources = {file.src_uri for file in files}
    dests = {file.dest_uri for file in files if file.inclusion.is_included()}
    # A page's links found or missed what they looked up as before unless one of those paths came or went.
    came_or_went = (set(state.get("sources", ())) ^ sources) | {
        ("dest", path) for path in set(state.get("dests", ())) ^ dests
    }

    def same_lookups(lookups: dict) -> bool:  # source paths MkDocs looked up, ("dest", path) raw_links did
        return came_or_went.isdisjoint(lookups)  # saved normalized: 11,800 pages' links, in C

    def unchanged(page) -> bool:
        old = state["pages"].get(page.file.src_uri)
        return (
            old is not None
            and "title" in old
            and state["files"].get(page.file.src_uri) == hashes.get(page.file.src_uri)
            and same_lookups(old["lookups"])
        )

    # Every page shows the navigation's pages (their titles, their metadata): they are kept only if
    # none of them changed, and each of those pages' title and metadata is then what it was.
    keep_nav = all(unchanged(page) for page in mkdocs.nav_pages(prepared))
    kept = [
        page
        for page in prepared.pages
        if (keep_nav or id(page) not in in_nav) and unchanged(page) and page.file.dest_uri in existing
    ]
    if os.environ.get("PAPERDIGEST_DEBUG"):
        _explain(state, key, len(prepared.pages), len(kept))
    kept_ids = {id(page) for page in kept}
    stale = [page for page in prepared.pages if id(page) not in kept_ids]
    results = {page.file.src_uri: state["pages"][page.file.src_uri] for page in kept}
    for page in kept:
        page.meta = results[page.file.src_uri]["meta"]  # the sitemap reads it
        page.title = results[page.file.src_uri]["title"]  # the navigation shows it
    for file in files:  # the copied files: kept when unchanged, as MkDocs copies them otherwise
        if not file.is_documentation_page() and file.inclusion.is_included():
            same = (
                state["files"].get(file.src_uri) == hashes.get(file.src_uri)
                if _in_docs(file, config)
                else bool(state["pages"])
            )
            if not (same and file.dest_uri in existing):
                file.copy_file()
    # The pages in the navigation first, here: every other page shows them, and the workers
    # forked next inherit the theme's templates compiled once, by these renders.
    in_nav_stale = [page for page in stale if id(page) in in_nav]
    results.update(render_share(in_nav_stale, prepared, dests, read_first=True))
    warnings_there, rendered = render_all(
        [page for page in stale if id(page) not in in_nav], prepared, dests, workers
    )
    results.update(rendered)
    for page in stale:
        if id(page) not in in_nav:
            page.meta = results[page.file.src_uri]["meta"]
    # sitemap.xml lists every page: kept when no page came, went or changed what it shows of pages.
    sitemap = not (
        in_place
        and results.keys() == state["pages"].keys()  # the same pages, in the same order (get_files')
        and state["tree"]["date"] == tree["date"]  # the .gz header's date
        and not prepared.config.extra_templates
        and SITEMAP_FILES <= existing
        and all(
            sitemap_view(results[uri]["meta"]) == sitemap_view(state["pages"][uri]["meta"]) for uri in results
        )
    )
    mkdocs.site_templates(prepared, sitemap)
    anchors = {uri: result["anchors"] for uri, result in results.items()}
    mkdocs.validate_anchors(prepared, anchors, anchors_checked(prepared.pages, stale, results))
    config.plugins.on_post_build(config=config)
    config.plugins.on_shutdown()
    if total := counter.count + warnings_there:
        raise PaperDigestError(f"Aborted with {total} warnings in strict mode!")
    state_out.parent.mkdir(parents=True, exist_ok=True)
    with open(state_out, "wb") as handle:
        saved, kept_uris = state.get("saved", {}), {page.file.src_uri for page in kept}
        records = {
            uri: saved[uri] if uri in kept_uris else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            for uri, result in results.items()
        }  # re-pickling 11,800 pages' records took 0.34 s of an edit's build
        state = {"key": key, "pages": records, "files": hashes, "tree": tree, "stats": stats}
        state.update(sources=sorted(sources), dests=sorted(dests))
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    if in_place:  # no state describes site/ while it changes: a build stopped then leads to a clean one
        (root / STATE_FILE).unlink(missing_ok=True)
        site_files.merge(staging, previous_site, existing, dests if sitemap else dests | SITEMAP_FILES)
    return Built(len(stale), in_place)


def _before_docs(root, config_file, staging, key, previous_site, speculate: bool) -> tuple:
    """What can be read before the docs are written: the last state, the configuration, the Files and
    Pages of the docs as the last build left them (`speculate`: most are reused), and, with a previous
    state, what the previous site holds, which is what can be kept (listed now, as nothing touches site/
    before this process moves files in)."""
    state = _load_state(root / STATE_FILE, previous_site, key) or {"pages": {}, "files": {}}
    config = mkdocs.load_config(config_file, staging, strict=True)
    speculated = mkdocs.speculate(config) if speculate else {}
    existing = site_files.listing(previous_site) if state["pages"] else set()
    return state, config, speculated, existing


def anchors_checked(pages: list, stale: list, results: dict) -> list:
    """Of `pages`, in order, those whose links to anchors are checked: the ones rendered, and those
    linking to an anchor of one. Any other was kept, as were the pages it links to, since it passed."""
    rendered = {page.file.src_uri for page in stale}
    return [
        page
        for page in pages
        if page.file.src_uri in rendered or not rendered.isdisjoint(results[page.file.src_uri]["anchors"][1])
    ]


def _explain(state: dict, key: str, pages: int, kept: int) -> None:
    """With PAPERDIGEST_DEBUG set: on stderr, how much of the previous build this one reuses."""
    reused = (
        "no previous state (or another key)"
        if not state["pages"]
        else f"previous state of {len(state['pages'])} pages"
    )
    print(f"site build: {reused}; {kept} of {pages} pages kept, key {key[:12]}", file=sys.stderr)


def _in_docs(file, config) -> bool:  # by its folder: normalising 29,000 paths took ~0.7 s a build
    return file.src_dir is not None and _same_folder(file.src_dir, config.docs_dir)


@functools.lru_cache(maxsize=64)
def _same_folder(a: str, b: str) -> bool:
    return os.path.normpath(a) == os.path.normpath(b)

"""MkDocs' build, on every core, re-rendering only the pages whose output can change.

The steps are MkDocs' own (generator/deps/mkdocs.py), in build()'s order. What differs:

- pages are converted and rendered by forked workers, a share each (MkDocs renders one at a time);
- with the state a previous build saved (`STATE_FILE`) and its site, a page is re-rendered only if
  its Markdown changed, a path its links looked up came or went, it is in the navigation (every page
  shows the navigation; those pages are re-rendered each time), or anything every page depends on
  changed (the key: mkdocs.yml, theme/, the versions of MkDocs, Material, Markdown and this code).
  Every other page, and every unchanged copied file, is hard-linked from the previous site into the
  new one, so the result is byte for byte a clean build's (tests/test_incremental.py);
- anchors are checked in this process for every page, from what each page's render recorded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator.deps import mkdocs
from generator.errors import PaperDigestError

STATE_FILE = "build/cache/site-state.pickle"
UNCHANGED = -1  # what build() returns when nothing changed: site/ is left as it is
IN_PROCESS_BELOW = 64  # fewer pages than this to render: forking costs more than it saves
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2")


def build_key(root: Path, config_file: Path) -> str:
    """What every page's output depends on besides its own Markdown."""
    digest = hashlib.sha256()
    for package in _PACKAGES:
        digest.update(f"{package}={version(package)}\n".encode())
    here = Path(__file__).resolve().parent.parent
    for path in [config_file, here / "deps" / "mkdocs.py", Path(__file__).resolve()]:
        digest.update(path.read_bytes())
    theme = root / "theme"
    for path in sorted(theme.rglob("*")) if theme.is_dir() else []:
        if path.is_file():
            digest.update(str(path.relative_to(theme)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _hash(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _load_state(state_file: Path, previous_site: Path, key: str) -> dict | None:
    try:
        with open(state_file, "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        return None
    ok = isinstance(state, dict) and state.get("key") == key and previous_site.is_dir()
    return state if ok else None


def build(root: Path, config_file: Path, staging: Path, previous_site: Path, state_out: Path, workers: int):
    """Build into `staging` (empty), reusing `previous_site` where exact; save the new state to `state_out`.

    Returns how many pages were rendered, or UNCHANGED (and writes nothing) when the docs, the key and
    the build date are those of the previous build. Raises PaperDigestError if MkDocs warned (strict).
    """
    counter = mkdocs.WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        return _build(root, config_file, staging, previous_site, state_out, workers, counter)
    finally:
        logger.removeHandler(counter)


def _build(root, config_file, staging, previous_site, state_out, workers, counter) -> int:
    key = build_key(root, config_file)
    state = _load_state(root / STATE_FILE, previous_site, key) or {"pages": {}, "files": {}}
    config = mkdocs.load_config(config_file, staging, strict=True)
    docs = _docs_hashes(Path(config.docs_dir))
    tree = {"date": os.environ.get("SOURCE_DATE_EPOCH"), "docs": docs}
    if state.get("tree") == tree:
        return UNCHANGED  # the same docs, theme, configuration and date: the previous site is this build's
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    prepared = mkdocs.prepare(config)
    files = prepared.files
    hashes = {file.src_uri: docs[file.src_uri] for file in files if _in_docs(file, config)}
    in_nav = {id(page) for page in mkdocs.nav_pages(prepared)}

    def fresh(page) -> bool:
        uri = page.file.src_uri
        old = state["pages"].get(uri)
        return (
            id(page) not in in_nav
            and old is not None
            and state["files"].get(uri) == hashes.get(uri)
            and all((files.get_file_from_path(p) is not None) == found for p, found in old["lookups"].items())
            and _link(previous_site, staging, page.file.dest_uri)
        )

    kept = [page for page in prepared.pages if fresh(page)]
    kept_ids = {id(page) for page in kept}
    stale = [page for page in prepared.pages if id(page) not in kept_ids]
    results = {page.file.src_uri: state["pages"][page.file.src_uri] for page in kept}
    for page in kept:
        page.meta = results[page.file.src_uri]["meta"]  # the sitemap reads it
    for file in files:  # the copied files: linked when unchanged, as MkDocs copies them otherwise
        if not file.is_documentation_page() and file.inclusion.is_included():
            same = (
                state["files"].get(file.src_uri) == hashes.get(file.src_uri)
                if _in_docs(file, config)
                else bool(state["pages"])
            )
            if not (same and _link(previous_site, staging, file.dest_uri)):
                file.copy_file()
    # The pages in the navigation first, here: every other page shows them, and the workers
    # forked next inherit the theme's templates compiled once, by these renders.
    results.update(_render_share([page for page in stale if id(page) in in_nav], prepared, read_first=True))
    warnings_there, rendered = _render_all(
        [page for page in stale if id(page) not in in_nav], prepared, workers
    )
    results.update(rendered)
    for page in stale:
        if id(page) not in in_nav:
            page.meta = results[page.file.src_uri]["meta"]
    mkdocs.site_templates(prepared)
    mkdocs.validate_anchors(prepared, {uri: result["anchors"] for uri, result in results.items()})
    config.plugins.on_post_build(config=config)
    config.plugins.on_shutdown()
    if total := counter.count + warnings_there:
        raise PaperDigestError(f"Aborted with {total} warnings in strict mode!")
    state_out.parent.mkdir(parents=True, exist_ok=True)
    with open(state_out, "wb") as handle:
        state = {"key": key, "pages": results, "files": hashes, "tree": tree}
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return len(stale)


def _docs_hashes(docs: Path) -> dict[str, str]:
    """Every file under docs_dir, by its path relative to it (a File's src_uri), and its content hash."""
    hashes = {}
    for folder, _, names in os.walk(docs):
        for name in names:
            path = os.path.join(folder, name)
            hashes[Path(os.path.relpath(path, docs)).as_posix()] = _hash(path)
    return hashes


def _in_docs(file, config) -> bool:
    return os.path.normpath(file.abs_src_path).startswith(os.path.normpath(config.docs_dir) + os.sep)


def _link(previous_site: Path, staging: Path, dest_uri: str) -> bool:
    source = previous_site / dest_uri
    if not source.is_file():
        return False
    target = staging / dest_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return True


def _render_share(pages: list, prepared, read_first: bool = False) -> dict:
    """Convert and render `pages`; what the state keeps of each, by source path.

    `read_first` converts them all before rendering any (as build() does; the navigation's pages
    show each other's titles); otherwise each page is rendered as soon as it is converted."""
    lookups: dict[str, dict[str, bool]] = {}
    current: dict[str, bool] = {}
    stop = mkdocs.record_lookups(prepared.files, lambda path, found: current.__setitem__(path, found))

    def convert(page) -> None:
        current.clear()
        mkdocs.populate(page, prepared)
        lookups[page.file.src_uri] = dict(current)

    results = {}
    for page in pages if read_first else ():
        convert(page)
    for page in pages:
        if not read_first:
            convert(page)
        mkdocs.render(page, prepared)
        uri = page.file.src_uri
        results[uri] = {"lookups": lookups[uri], "anchors": mkdocs.anchors_of(page), "meta": page.meta}
    stop()
    return results


def _render_all(pages: list, prepared, workers: int) -> tuple[int, dict]:
    if workers <= 1 or len(pages) < IN_PROCESS_BELOW or not hasattr(os, "fork"):
        return 0, _render_share(pages, prepared)
    children = []
    for index in range(workers):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (measured through the parent)
            os.close(read_end)
            _child(pages[index::workers], prepared, write_end)
        os.close(write_end)
        children.append((pid, read_end))
    warnings, failure = 0, None
    results: dict = {}
    value: Any
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(pid, 0)
        outcome, value = pickle.loads(payload) if payload else ("failed", "a page-rendering process died")
        if outcome == "done":
            warnings += value[0]
            results.update(value[1])
        else:
            failure = failure or value
    if failure:
        raise PaperDigestError(f"mkdocs build failed: {failure}")
    return warnings, results


def _child(pages: list, prepared, write_end: int) -> None:
    status = 1
    counter = mkdocs.WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        results = _render_share(pages, prepared)
        payload = pickle.dumps(("done", (counter.count, results)), protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException as error:  # the parent raises it, one line
        payload = pickle.dumps(("failed", f"{type(error).__name__}: {error}"))
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)

"""MkDocs' pages converted and rendered, each recording what the next build needs to know of it,
in this process or, when there are enough of them, in forked workers, a share each."""

from __future__ import annotations

import logging
import os
import pickle
from typing import Any

from generator.deps import mkdocs
from generator.errors import PaperDigestError
from generator.runtime import raw_links, site_files

IN_PROCESS_BELOW = 64  # fewer pages than this to render: forking costs more than it saves


class WarningCounter(logging.Handler):
    """Counts MkDocs' warnings and errors (strict mode fails on any), in whichever process renders."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def render_share(pages: list, prepared, dests: set[str], read_first: bool = False) -> dict:
    """Convert and render `pages`; what the state keeps of each, by source path.

    `read_first` converts them all before rendering any (as build() does; the navigation's pages
    show each other's titles); otherwise each page is rendered as soon as it is converted."""
    lookups: dict[str, dict] = {}
    current: dict = {}
    stop = mkdocs.record_lookups(prepared.files, lambda path, found: current.__setitem__(path, found))

    def convert(page) -> None:
        current.clear()
        mkdocs.populate(page, prepared)
        raw_links.check(page, dests, current.__setitem__)
        lookups[page.file.src_uri] = {
            (path if isinstance(path, tuple) else site_files.normalized(path)): found
            for path, found in current.items()
        }

    results = {}
    for page in pages if read_first else ():
        convert(page)
    for page in pages:
        if not read_first:
            convert(page)
        mkdocs.render(page, prepared)
        uri = page.file.src_uri
        results[uri] = {
            "lookups": lookups[uri],
            "anchors": mkdocs.anchors_of(page),
            "meta": page.meta,
            "title": page.title,
        }
    stop()
    return results


def render_all(pages: list, prepared, dests: set[str], workers: int) -> tuple[int, dict]:
    if workers <= 1 or len(pages) < IN_PROCESS_BELOW or not hasattr(os, "fork"):
        return 0, render_share(pages, prepared, dests)
    children = []
    for index in range(workers):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (measured through the parent)
            os.close(read_end)
            _child(pages[index::workers], prepared, dests, write_end)
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


def _child(pages: list, prepared, dests: set[str], write_end: int) -> None:
    status = 1
    counter = WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        results = render_share(pages, prepared, dests)
        payload = pickle.dumps(("done", (counter.count, results)), protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException as error:  # the parent raises it, one line
        payload = pickle.dumps(("failed", f"{type(error).__name__}: {error}"))
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)

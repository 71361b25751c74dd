"""Emitters on both cores: `paperdigest build` runs some of them in a forked child.

Emitters are pure functions of the catalog and the analysis, so a child made
by fork() has all it needs, runs its share, and sends back the files, its
stage timings, the memos it used and those it made (so that the saved cache keeps them;
those of cache files it read itself, it saves itself);
the parent runs the rest meanwhile (build.py's IN_CHILD says which: the search
index, as long as all the others together). The search index needs only the
catalog, so its child starts before the analysis and runs beside it too. Without fork, or in
`paperdigest serve` (whose server threads make forking unsafe), everything
runs in this process.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.errors import InternalError
from generator.runtime import memo
from generator.runtime.timing import StageLog
from generator.text.authortext import abstract_html, plain

Emitter = Callable  # (catalog, analysis) -> list[OutputFile]


def stage_name(emitter: Emitter) -> str:
    return emitter.__name__.replace("emit_", "emit ")


@dataclass(frozen=True)
class Child:
    """A forked process running some emitters; its files come through `read_end`."""

    pid: int
    read_end: int
    emitters: tuple[Emitter, ...]


def start(emitters: list[Emitter], catalog, log: StageLog) -> Child | None:
    """Fork a child running `emitters` now, before the analysis: they must need only the catalog
    (they are called with analysis None). None when there is nothing to run there, or no fork."""
    if not emitters or not hasattr(os, "fork"):
        return None
    with log.stage("render abstracts"):
        # Pages, feeds, the API and search show each abstract: rendered once, here, for both processes.
        for entry in catalog.entries:
            plain(entry.abstract)
            abstract_html(entry.abstract)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (measured through the parent)
        os.close(read_end)
        _child(emitters, catalog, None, write_end)
    os.close(write_end)
    return Child(pid, read_end, tuple(emitters))


def stop(child: Child | None) -> None:
    """Kill a child whose files are no longer wanted (the build failed meanwhile)."""
    if child is not None:
        os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
        os.close(child.read_end)


def run_emitters(
    emitters: list[Emitter], in_child: set[Emitter] | Child | None, catalog, analysis, log: StageLog
) -> list:
    """Every emitter's files, in the order of `emitters`. Those of `in_child` run in a forked child:
    one `start` forked already, or one forked now for a set of emitters."""
    if isinstance(in_child, set):
        child = start([emitter for emitter in emitters if emitter in in_child], catalog, log)
    else:
        child = in_child
    if child is None:
        files_by_emitter = _each(emitters, catalog, analysis, log, parallel=False)
    else:
        with log.stage("emit (2 processes)"):
            here = [e for e in emitters if e not in child.emitters]
            files_by_emitter = _finish(child, here, catalog, analysis, log)
    return [file for emitter in emitters for file in files_by_emitter[emitter.__name__]]


def _each(emitters: list[Emitter], catalog, analysis, log: StageLog, parallel: bool) -> dict[str, list]:
    files = {}
    for emitter in emitters:
        with log.stage(stage_name(emitter), parallel=parallel):
            files[emitter.__name__] = emitter(catalog, analysis)
    return files


def _finish(child: Child, here: list[Emitter], catalog, analysis, log: StageLog) -> dict[str, list]:
    """Run `here` in this process, then take the child's files."""
    try:
        files = _each(here, catalog, analysis, log, parallel=True)
    except BaseException:
        stop(child)
        raise
    try:
        with os.fdopen(child.read_end, "rb") as pipe:
            payload = pipe.read()
    except BaseException:
        os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
        raise
    os.waitpid(child.pid, 0)
    value: Any  # ("done", (files, records, (used, changed))), else the failure
    outcome, value = pickle.loads(payload) if payload else ("crashed", "the emitter process died")
    if outcome != "done":
        raise (value if isinstance(value, BaseException) else InternalError(f"emitters failed: {value}"))
    child_files, records, (used, changed) = value
    log.records += records
    memo.adopt(used, changed)
    return {**files, **child_files}


def _child(emitters: list[Emitter], catalog, analysis, write_end: int) -> None:
    """Run `emitters`, send back what they made, and exit without running the parent's cleanup."""
    status = 1
    try:
        memo.start_recording()
        log = StageLog()
        files = _each(emitters, catalog, analysis, log, parallel=True)
        with log.stage("save search cache", parallel=True):
            memo.save_loaded()  # the cache files only this process read (build.py's SEARCH_CACHE_FILE)
        payload = pickle.dumps(
            ("done", (files, log.records, memo.recorded_changes())), protocol=pickle.HIGHEST_PROTOCOL
        )
        status = 0
    except BaseException as error:  # sent to the parent, which raises it
        try:
            payload = pickle.dumps(("failed", error))
        except Exception:
            payload = pickle.dumps(("failed", traceback.format_exc()))
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)

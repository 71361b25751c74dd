"""Emitters on both cores: `paperdigest build` runs some of them in a forked child.

Emitters are pure functions of the catalog and the analysis, so a child made
by fork() has all it needs, runs its share, and sends back the files, its
stage timings, the memos it used and those it made (so that the saved cache keeps them);
the parent runs the rest meanwhile (build.py's IN_CHILD says which: the search
index, as long as all the others together). Without fork, or in
`paperdigest serve` (whose server threads make forking unsafe), everything
runs in this process.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections.abc import Callable
from typing import Any

from generator.errors import InternalError
from generator.runtime import memo
from generator.runtime.timing import StageLog
from generator.text.authortext import abstract_html, plain

Emitter = Callable  # (catalog, analysis) -> list[OutputFile]


def stage_name(emitter: Emitter) -> str:
    return emitter.__name__.replace("emit_", "emit ")


def run_emitters(emitters: list[Emitter], in_child: set[Emitter], catalog, analysis, log: StageLog) -> list:
    """Every emitter's files, in the order of `emitters`; those in `in_child` run in a forked child."""
    if not in_child or not hasattr(os, "fork"):
        files_by_emitter = _each(emitters, catalog, analysis, log, parallel=False)
    else:
        with log.stage("emit (2 processes)"):
            for (
                entry
            ) in catalog.entries:  # pages, feeds, the API and search all show it: render it once, for both
                plain(entry.abstract)
                abstract_html(entry.abstract)
            files_by_emitter = _run_forked(
                [e for e in emitters if e in in_child],
                [e for e in emitters if e not in in_child],
                catalog,
                analysis,
                log,
            )
    return [file for emitter in emitters for file in files_by_emitter[emitter.__name__]]


def _each(emitters: list[Emitter], catalog, analysis, log: StageLog, parallel: bool) -> dict[str, list]:
    files = {}
    for emitter in emitters:
        with log.stage(stage_name(emitter), parallel=parallel):
            files[emitter.__name__] = emitter(catalog, analysis)
    return files


def _run_forked(
    there: list[Emitter], here: list[Emitter], catalog, analysis, log: StageLog
) -> dict[str, list]:
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (measured through the parent)
        os.close(read_end)
        _child(there, catalog, analysis, write_end)
    os.close(write_end)
    try:
        files = _each(here, catalog, analysis, log, parallel=True)
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
    except BaseException:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        raise
    os.waitpid(child, 0)
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

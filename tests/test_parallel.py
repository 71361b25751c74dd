"""Emitters in a forked child: the same files as one process, memos kept, errors passed on."""

from __future__ import annotations

import os

import pytest

from generator.analyze.analysis import analyze
from generator.build import EMITTERS, IN_CHILD, generate
from generator.errors import InternalError, PaperDigestError
from generator.runtime import memo
from generator.runtime.parallel import run_emitters
from generator.runtime.timing import StageLog


@pytest.fixture
def built(project):
    project.entry("flexround", title="FlexRound: Learnable Rounding", related=["other"])
    project.entry(
        "other", title="Other: Same Digest", body="Merging *models* with [FlexRound](flexround.md)."
    )
    project.entry("older", title="Older: An Earlier Digest", date="2026-03-10")
    return generate(project.root)


def test_a_forked_child_makes_the_same_files_in_the_same_order(project, built):
    memo.clear()  # the child computes from scratch, not from memos the first build left
    log = StageLog()
    files = run_emitters(EMITTERS, IN_CHILD, built.catalog, analyze(built.catalog), log)
    assert files == list(built.files)
    parallel = {record.name for record in log.records if record.parallel}
    emitted = {"emit " + emitter.__name__.removeprefix("emit_") for emitter in EMITTERS}
    assert parallel == emitted | {"save search cache"}
    assert [record.name for record in log.records if not record.parallel] == [
        "render abstracts",
        "emit (2 processes)",
    ]


def test_the_memos_the_child_used_are_saved_with_the_parents(project, built):
    memo.clear()
    memo.start_recording()
    run_emitters(
        EMITTERS,
        {emitter for emitter in EMITTERS if emitter.__name__ == "emit_search"},
        built.catalog,
        analyze(built.catalog),
        StageLog(),
    )
    assert {"search_segment", "search_typo"} <= set(memo.recorded())


def _failing(catalog, analysis):
    raise PaperDigestError("the child's own message")


def _dying(catalog, analysis):
    os._exit(3)


@pytest.mark.parametrize(
    "emitter, kind, message",
    [
        (_failing, PaperDigestError, "the child's own message"),
        (_dying, InternalError, "emitters failed: the emitter process died"),
    ],
)
def test_a_failure_in_the_child_is_raised_in_the_parent(project, built, emitter, kind, message, monkeypatch):
    children = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: children.append(fork()) or children[-1])
    with pytest.raises(kind) as raised:
        run_emitters([*EMITTERS, emitter], {emitter}, built.catalog, built.analysis, StageLog())
    assert str(raised.value) == message
    [child] = children
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped: no zombie left behind


def test_the_search_child_starts_before_the_analysis_and_is_stopped_if_it_fails(project, built, monkeypatch):
    children = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: children.append(fork()) or children[-1])

    def failing_analysis(catalog):
        assert len(children) == 1, "the search index's process is running while the analysis runs"
        raise InternalError("the analysis failed")

    monkeypatch.setattr("generator.build.analyze", failing_analysis)
    with pytest.raises(InternalError, match="the analysis failed"):
        generate(project.root, parallel=True)
    [child] = children
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # killed and reaped: no zombie left behind

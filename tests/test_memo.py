"""The content-hash memo cache: output never depends on it; rebuilds reuse it."""
from __future__ import annotations

import shutil

from generator import memo
from generator.build import CACHE_FILE, generate


def site_files(project) -> dict:
    site = project.root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_cold_warm_and_disk_cached_builds_are_identical(project):
    project.entry("a", related=["b"], body="Low-bit *rounding* & <https://example.org/a>.")
    project.entry("b", date="2026-03-13", tags=["model-merging"])
    memo.clear()
    project.build()
    cold = site_files(project)
    project.build()  # warm: every memo hit, in memory
    assert site_files(project) == cold
    memo.clear()  # a new process: memos come from build/cache/
    assert (project.root / CACHE_FILE).exists()
    project.build()
    assert site_files(project) == cold


def test_an_edit_recomputes_only_what_it_changes(project, monkeypatch):
    for name in ("a", "b", "c"):
        project.entry(name, title=f"Quantization paper {name}", body=f"About quantization, paper {name}.")
    project.build()
    entry = project.papers / "b.md"
    entry.write_text(entry.read_text().replace("paper b.", "paper b, edited."))
    computed = []
    real = memo.memoized

    def spy(table, key, compute):
        return real(table, key, lambda: computed.append(table) or compute())

    for module in ("generator.load", "generator.validate", "generator.emit.pages"):
        monkeypatch.setattr(f"{module}.memoized", spy)
    generate(project.root)
    assert computed.count("document") == 1 and computed.count("entry") == 1
    assert computed.count("entry_page") <= 3  # b, and a/c only if their related lists show b's new text


def test_a_cache_from_other_code_is_ignored(project, monkeypatch):
    project.entry("a")
    project.build()
    memo.clear()
    monkeypatch.setattr(memo, "code_version", lambda: "another version")
    memo.load(project.root / CACHE_FILE)
    assert not any(memo._tables.values())
    shutil.rmtree(project.root / "build")

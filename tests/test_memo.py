"""The content-hash memo cache: output never depends on it; rebuilds reuse it."""

from __future__ import annotations

import pickle
import shutil

from generator.build import CACHE_FILE, SEARCH_CACHE_FILE, generate, write_docs
from generator.runtime import memo, memo_files


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

    for module in (
        "generator.load.documents",
        "generator.validate.entries",
        "generator.runtime.memo",
    ):  # memo: memoized_on uses it
        monkeypatch.setattr(f"{module}.memoized", spy)
    generate(project.root)
    assert computed.count("document") == 1 and computed.count("entry") == 1
    assert computed.count("entry_page") <= 3  # b, and a/c only if their related lists show b's new text
    assert "author_index" not in computed and "citation_key" not in computed  # no author, title, year changed


def test_a_changed_author_list_computes_the_author_index_again(project):
    for name in "abcde":  # five papers each: an author page, by default
        project.entry(name, authors=["Ada Lovelace", "Alan Turing"])
    first = generate(project.root).analysis.authors
    entry = project.papers / "e.md"
    entry.write_text(entry.read_text().replace("Alan Turing", "Grace Hopper"))
    again = generate(project.root).analysis.authors
    assert [author.name for author in first.authors] == ["Ada Lovelace", "Alan Turing"]
    assert [author.name for author in again.authors] == ["Ada Lovelace"]


def test_a_cache_from_other_code_is_ignored(project, monkeypatch):
    project.entry("a")
    project.build()
    memo.clear()
    monkeypatch.setattr(memo, "code_version", lambda: "another version")
    unpickled = []
    real_load = pickle.load
    monkeypatch.setattr(memo_files.pickle, "load", lambda handle: unpickled.append(1) or real_load(handle))
    memo.load(project.root / CACHE_FILE)
    assert not any(memo._tables.values())
    assert len(unpickled) == 1, "only the header is read: the memos of other code are not unpickled"
    shutil.rmtree(project.root / "build")


def generated_files(root) -> dict:
    return {output.path: output.content for output in generate(root).files}


def test_an_edit_changes_every_page_that_shows_it_and_matches_a_cold_build(project):
    """In one process (as `paperdigest serve` rebuilds), then against a build with no memo at all."""
    project.entry(
        "a", title="Rounding for low-bit networks", related=["b"], body="About [b](b.md) and rounding."
    )
    project.entry("b", title="Original title of b", date="2026-03-13", tags=["quantization"])
    project.entry("c", title="Unrelated", date="2026-03-14", tags=["model-merging"], body="Merging models.")
    before = generated_files(project.root)
    entry = project.papers / "b.md"
    entry.write_text(entry.read_text().replace("Original title of b", "Renamed b"))
    after = generated_files(project.root)
    changed = {path for path in after if after[path] != before.get(path)}
    for page in (
        "papers/b.md",
        "papers/a.md",
        "tags/quantization/index.md",
        "digests/2026-03-13/index.md",
        "api/papers/b.json",
        "api/papers.json",
        "papers.bib",
        "feeds/rss.xml",
    ):
        assert page in changed, page
    assert b"Renamed b" in after["papers/a.md"]  # a references b: its page shows the new title
    assert "papers/c.md" not in changed and "tags/model-merging/index.md" not in changed
    memo.clear()
    assert generated_files(project.root) == after  # byte-identical to a build that computed everything


def test_a_notes_edit_keeps_related_papers_and_an_abstract_edit_recomputes_them(project, monkeypatch):
    for name in ("a", "b", "c"):
        project.entry(name, body=f"Quantization of networks, paper {name}.")
    generate(project.root)
    computed = []
    real = memo.memoized
    for module in ("related", "related_terms"):
        monkeypatch.setattr(
            f"generator.analyze.{module}.memoized",
            lambda table, key, compute: real(table, key, lambda: computed.append(table) or compute()),
        )
    entry = project.papers / "b.md"
    entry.write_text(entry.read_text() + "\n## Notes\n\nA note.\n")
    generate(project.root)
    assert "related" not in computed and "terms" not in computed
    entry.write_text(entry.read_text().replace("paper b.", "paper b, about pruning."))
    generate(project.root)
    assert computed.count("related") == 1 and computed.count("terms") == 1


def test_a_file_changed_behind_the_writers_back_is_written_again(project):
    project.entry("a")
    project.build()
    page = project.root / "build/docs/papers/a.md"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Paper a", b"Paper X"))
    write_docs(project.root, generate(project.root))
    assert page.read_bytes() == good


def build_in_a_new_process(project):
    memo.clear()  # memos come from build/cache/ only
    project.build()
    return memo._files[project.root / CACHE_FILE]


def saved_records(path) -> list[dict]:
    """A cache file's records, each a header then its memos."""
    records = []
    with open(path, "rb") as handle:
        while handle.peek(1):
            pickle.load(handle)
            records.append(pickle.load(handle))
    return records


def test_the_search_index_memos_are_saved_apart_and_read_only_by_the_process_building_the_index(project):
    for number in range(40):  # enough that one edit leaves most of the file in use: appended to
        project.entry(f"p{number}", body=f"About quantization, paper {number}.")
    build_in_a_new_process(project)
    entry = project.papers / "p1.md"
    entry.write_text(entry.read_text().replace("paper 1.", "paper 1, edited."))
    build_in_a_new_process(project)
    search_file = project.root / SEARCH_CACHE_FILE
    assert project.root / CACHE_FILE in memo._loaded and search_file not in memo._loaded  # the child read it
    main_tables = {table for record in saved_records(project.root / CACHE_FILE) for table in record}
    search_records = saved_records(search_file)
    assert not any(table.startswith("search_") for table in main_tables) and "entry" in main_tables
    assert len(search_records) == 2, "the child appended what the edit changed"
    assert {"search_segment", "search_paper", "search_part"} <= set(search_records[0])
    assert len(search_records[1]["search_paper"]) == 1, "the edited paper's term frequencies"
    memo.clear()
    generate(project.root)  # one process (as in `paperdigest serve`): it reads the file when it needs it
    assert search_file in memo._loaded


def test_a_rebuild_appends_only_what_it_set_and_the_next_build_reads_every_record(project):
    for number in range(30):
        project.entry(
            f"p{number}", title=f"Quantization paper {number}", body=f"About quantization, paper {number}."
        )
    first = build_in_a_new_process(project)
    entry = project.papers / "p1.md"
    entry.write_text(entry.read_text().replace("paper 1.", "paper 1, edited."))
    second = build_in_a_new_process(project)
    assert (first.records, second.records) == (1, 2)
    records = saved_records(project.root / CACHE_FILE)
    assert len(records) == 2
    held, added = (sum(map(len, tables.values())) for tables in records)
    assert 0 < added < held / 3  # the edit's memos, not all of them
    assert len(records[1]["document"]) == 1  # the edited file's
    warm = site_files(project)
    build_in_a_new_process(project)  # reads both records
    assert site_files(project) == warm
    shutil.rmtree(project.root / "build")
    build_in_a_new_process(project)  # cold
    assert site_files(project) == warm


def test_a_record_cut_short_is_ignored_and_replaced(project):
    for name in "abcdefgh":
        project.entry(name, body=f"About quantization, paper {name}.")
    build_in_a_new_process(project)
    cache = project.root / CACHE_FILE
    entry = project.papers / "a.md"
    entry.write_text(entry.read_text().replace("About", "All about"))
    build_in_a_new_process(project)
    whole = cache.read_bytes()
    cache.write_bytes(whole[:-10])  # a build killed while appending
    expected = site_files(project)
    again = build_in_a_new_process(project)
    assert again.records == 2 and site_files(project) == expected
    memo.clear()
    memo.load(cache)
    assert memo._files[cache].records == 2 and memo._files[cache].end == cache.stat().st_size


def test_the_file_is_written_anew_once_a_quarter_of_it_goes_unused(project):
    for name in ("a", "b", "c", "d"):
        project.entry(name, title=f"Paper {name}", body=f"About rounding, paper {name}.")
    build_in_a_new_process(project)
    for name in ("b", "c", "d"):
        (project.papers / f"{name}.md").unlink()
    assert build_in_a_new_process(project).records == 1  # their memos are dropped


def test_the_file_is_written_anew_once_its_appended_records_outgrow_half_the_first(tmp_path):
    """As an edit's build does: every memo still used, one large one (an API index) replaced."""
    path, version = tmp_path / "memo.pickle", "v1"
    tables = {"page": {bytes([n]): bytes(1000) + bytes([n]) for n in range(40)}, "index": {b"i": bytes(6000)}}
    known, seen = None, []
    for build in range(12):
        tables["index"] = {b"i": bytes(6000) + bytes([build])}
        known = memo_files.write(path, version, tables, {"index": {b"i"}}, known)
        seen.append(known)
        read, _ = memo_files.read(path, version, lambda table: True)
        assert read == tables
    records = [cache.records for cache in seen]
    assert records == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2], records  # 46 KB first, 6 KB appended a build
    for before, after in zip(seen, seen[1:], strict=False):
        appended = before.end - before.first
        assert (after.records == 1) == (appended > memo_files.MAX_APPENDED_SHARE * before.first)


def test_a_build_whose_entries_are_memoised_never_unpickles_their_documents(project, monkeypatch):
    from generator.load import documents

    for name in "abc":
        project.entry(name, authors=["Ann Author"], body=f"About rounding, paper {name}.")
    build_in_a_new_process(project)
    memo.clear()
    memo.load(project.root / CACHE_FILE)
    document = next(value[0] for value in memo._tables["document"].values() if value[0] is not None)
    again = pickle.loads(pickle.dumps(document))
    assert again == document and again.meta["authors"] == ["Ann Author"] and again.line_of("title") == 3
    unpacked = []
    real_unpacked = documents.Document._unpacked

    def spy(self):
        if self._fields is None:  # still the pickled blob the cache holds
            unpacked.append(self.path)
        return real_unpacked(self)

    monkeypatch.setattr(documents.Document, "_unpacked", spy)
    memo.clear()
    entries = generate(project.root).catalog.entries
    assert [entry.authors for entry in entries] == [("Ann Author",)] * 3
    assert unpacked == [], "every entry came from its memo: no document was read"
    entry = project.papers / "b.md"
    entry.write_text(entry.read_text().replace("paper b.", "paper b, edited."))
    generate(project.root)
    assert unpacked == [], "the edited file is parsed, not unpickled"

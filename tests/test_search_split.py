"""The split search index (generator/emit/search/split.py, emitter.py) on the 1,249 real arXiv records:
postings equal to lunr.py's own, chunks found by their boundaries, typo keys that find every term one
edit away, content-hashed names, and what one more digest rewrites."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import random
import string

import pytest

from generator.build import generate
from generator.deps.lunr import STOP_WORDS, TermIndex
from generator.emit.search import emitter as search_emit
from generator.emit.search import merge, split
from generator.emit.search.text import index_terms, js_order
from generator.runtime import memo
from generator.text.authortext import plain

from realdata import records, write_records
from support import REPO, make_project, search_parity

BLOCK, CHUNK = 200, 6000  # small, so that 1,249 papers make several segments and many chunks


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = tmp_path_factory.mktemp("split") / "project"
    project = make_project(root, (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    write_records(project.papers, records(), (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    generated = generate(root)
    entries = list(reversed(generated.catalog.entries))
    files = {f.path: f.content for f in search_emit.split_files(entries, generated.catalog, BLOCK, CHUNK)}
    return generated, entries, files


def manifest_of(files: dict[str, bytes]) -> dict:
    """The manifest with its chunk tables (b files) in place, as pd-search-core.js's withBounds makes it."""
    manifest = json.loads(files["search/manifest.json"])
    for segment in manifest["segments"]:
        segment.update(chunk(files, "b", segment["chunks"]))
    manifest["typo"] = {"chunks": manifest["typo"], **chunk(files, "b", manifest["typo"])}
    return manifest


def chunk_terms(files: dict[str, bytes]) -> set[str]:
    """Every term of the index, from its term chunks."""
    return {
        term
        for path, content in files.items()
        if path.startswith("search/t.")
        for term in json.loads(content)["terms"]
    }


def chunk(files: dict[str, bytes], kind: str, name: str) -> dict:
    return json.loads(files[f"search/{kind}.{name}.json"])


def decoded(files: dict[str, bytes]) -> dict[tuple[str, int, int], tuple[int, int]]:
    """(term, field, ref) -> (length of the field in that paper, term frequency), from every term chunk."""
    postings = {}
    for segment in manifest_of(files)["segments"]:
        for name in segment["files"]:
            content = chunk(files, "t", name)
            for term, lists in zip(content["terms"], content["postings"], strict=True):
                for encoded in lists:
                    field, values = encoded[0], encoded[1:]
                    ref = segment["start"]
                    i = 0
                    while i < len(values):
                        ref += values[i]
                        length = values[i + 1]
                        frequency = -values[i + 2] if i + 2 < len(values) and values[i + 2] < 0 else 1
                        i += 3 if frequency > 1 else 2
                        postings[term, field, ref] = (length, frequency)
    return postings


def test_segments_are_binary_counter_blocks():
    assert split.segments(10_347) == [(0, 8000), (8000, 10_000), (10_000, 10_347)]
    assert split.segments(999) == [(0, 999)]
    assert split.segments(3000) == [(0, 2000), (2000, 3000)]
    for count in range(0, 20_000, 137):
        bounds = split.segments(count)
        assert [start for start, _ in bounds[1:]] == [end for _, end in bounds[:-1]]
        assert (bounds[-1][1] if bounds else 0) == count
        assert len(bounds) <= max(count // split.BLOCK, 1).bit_length() + 1


def test_postings_are_lunr_pys_own(real):
    generated, entries, files = real
    documents = search_emit.meta_documents(entries, generated.catalog)
    index = TermIndex([(f.name, f.boost) for f in search_emit.FIELDS], index_terms, [])
    for document, entry in zip(documents, entries, strict=True):
        index.add({**document, "abstract": plain(entry.abstract)})
    expected = {}
    for ref, per_field in index.frequencies():
        for field, frequencies in enumerate(per_field):
            for term, frequency in frequencies.items():
                expected[term, field, int(ref)] = (sum(frequencies.values()), frequency)
    assert decoded(files) == expected
    manifest = manifest_of(files)
    assert manifest["count"] == len(entries) == 1249
    assert manifest["fields"] == ["title", "authors", "tags", "id", "abstract"]
    assert manifest["indexes"] == [[0, 1, 2, 3], [4]]
    assert manifest["pipeline"] == ["foldAccents", "trimmer", "stemmer"]
    assert [len(s["files"]) > 5 for s in manifest["segments"]] == [True] * len(manifest["segments"])
    # each field's total length, summed over papers (a paper's length counts once per paper, not per term)
    totals = [0] * 5
    for _ref, per_field in index.frequencies():
        for field, frequencies in enumerate(per_field):
            totals[field] += sum(frequencies.values())
    assert manifest["lengths"] == totals


def test_every_term_is_in_the_chunk_its_boundaries_name(real):
    _, _, files = real
    for segment in manifest_of(files)["segments"]:
        firsts = [js_order(first) for first in segment["firsts"]]
        assert firsts == sorted(firsts)
        for number, name in enumerate(segment["files"]):
            terms = chunk(files, "t", name)["terms"]
            assert [js_order(t) for t in terms] == sorted(js_order(t) for t in terms)
            for term in terms:
                assert sum(first <= js_order(term) for first in firsts) == number, term


def test_boundaries_are_short_and_between_the_chunks():
    assert split.boundary("model", "modest") == "modes"  # "mode" sorts before "model"
    assert split.boundary("apple", "banana") == "b"
    assert split.boundary("a", "b") == "b"
    assert split.boundary("abc", "abcd") == "abcd"


def test_an_inserted_term_moves_no_boundary_but_its_own_chunk(real):
    _, _, files = real
    terms = sorted(
        {t for name in manifest_of(files)["segments"][0]["files"] for t in chunk(files, "t", name)["terms"]},
        key=js_order,
    )
    size = lambda term: 40 + len(term)  # noqa: E731
    before = split.cut(terms, size, 2000)
    for inserted in ("zzzz-new", "mmmnew", "aaanew"):
        after = split.cut(sorted([*terms, inserted], key=js_order), size, 2000)
        changed = [group for group in after if group not in before]
        assert len(changed) <= 2 and inserted in sum(changed, []), inserted


def one_edit_away(word: str, term: str) -> bool:
    """lunr's edit distance 1: insertion, deletion, substitution, transposition of neighbours."""
    if word == term:
        return True
    if abs(len(word) - len(term)) > 1:
        return False
    p = next(
        (i for i, (a, b) in enumerate(zip(word, term, strict=False)) if a != b), min(len(word), len(term))
    )
    return (
        word[p + 1 :] == term[p + 1 :]
        or word[p:] == term[p + 1 :]
        or word[p + 1 :] == term[p:]
        or (word[p : p + 2] == term[p : p + 2][::-1] and word[p + 2 :] == term[p + 2 :])
    )


def candidates(word: str, keys: dict[str, list[str]]) -> set[str]:
    """What pd-search-index.js looks up for `word` (ASCII here): the "=" prefix and eight exact keys."""
    found = {key[1:] for key in keys if key.startswith("=" + word[:2])}
    for key in (
        "0" + word[1:], "0" + word, "0" + word[2:], "0" + word[:1] + word[2:],
        "1" + word[:1] + word[2:], "1" + word, "1" + word[:1] + word[3:], "1" + word[:2] + word[3:],
    ):  # fmt: skip
        found.update(keys.get(key, ()))
    return found


def test_typo_keys_find_every_term_one_edit_away(real):
    _, _, files = real
    manifest = manifest_of(files)
    keys: dict[str, list[str]] = {}
    for name in manifest["typo"]["files"]:
        content = chunk(files, "k", name)
        for key, terms in zip(content["keys"], content["terms"], strict=True):
            keys[key] = terms or [key[1:]]
    terms = sorted({k[1:] for k in keys if k.startswith("=")})
    ascii_terms = [t for t in terms if t.isascii() and len(t) > 2]
    rng = random.Random(17)
    words = rng.sample(ascii_terms, 300)
    for word in list(words):
        p = rng.randrange(len(word))
        words += [word[:p] + word[p + 1 :], word[:p] + "e" + word[p:], word[:p] + "x" + word[p + 1 :]]
    for word in words:
        expected = {t for t in terms if one_edit_away(word, t)}
        assert expected <= candidates(word, keys), word


def test_the_manifest_names_the_chunk_tables_and_holds_none(real):
    """What grows with the archive (chunk boundaries and names) is in content-hashed b files;
    the manifest, always revalidated, holds per segment only its range and two names."""
    _, entries, files = real
    manifest = json.loads(files["search/manifest.json"])
    assert manifest["version"] == 4
    assert [sorted(segment) for segment in manifest["segments"]] == [["chunks", "end", "facets", "start"]] * 3
    assert [(s["start"], s["end"]) for s in manifest["segments"]] == [(0, 800), (800, 1200), (1200, 1249)]
    assert isinstance(manifest["typo"], str)
    for table in (*manifest["segments"], {"chunks": manifest["typo"]}):
        content = chunk(files, "b", table["chunks"])
        assert sorted(content) == ["files", "firsts"]
        assert len(content["firsts"]) == len(content["files"]) - 1
    raw = files["search/manifest.json"]
    assert b'"firsts"' not in raw and b'"files"' not in raw
    assert len(files["search/manifest.json"]) < 4000 + 30 * len(entries) // 128  # tags, and d/x group names


def test_names_are_content_hashes_and_output_is_deterministic(real):
    generated, entries, files = real
    manifest = manifest_of(files)
    names = [("t", n) for s in manifest["segments"] for n in s["files"]] + [
        ("k", n) for n in manifest["typo"]["files"]
    ]
    names += [("f", s["facets"]) for s in manifest["segments"]]
    names += [("b", table["chunks"]) for table in (*manifest["segments"], manifest["typo"])]
    for kind, name in names:
        assert search_emit.chunk_name(files[f"search/{kind}.{name}.json"]) == name
    for kind, part in (("d", "docs"), ("x", "texts")):
        table = manifest[part]
        assert len(table["groups"]) == -(-len(entries) // (table["size"] * table["group"]))
        for n in range(-(-len(entries) // table["size"])):
            assert f"search/{kind}.{table['groups'][n // table['group']]}.{n}.json" in files
    lunr = manifest["lunr"]
    assert hashlib.sha256(files[lunr]).hexdigest()[:12] == lunr.rsplit(".", 2)[1]
    again = search_emit.split_files(entries, generated.catalog, BLOCK, CHUNK)
    assert {f.path: f.content for f in again} == files


def test_docs_and_facets_hold_what_results_show(real):
    generated, entries, files = real
    manifest = manifest_of(files)
    docs = json.loads(files[f"search/d.{manifest['docs']['groups'][0]}.0.json"])
    first = entries[0]
    assert docs[0] == [
        first.id,
        plain(first.title),
        list(first.authors),
        list(first.tags),
        first.date.isoformat(),
    ]
    facets = [chunk(files, "f", segment["facets"]) for segment in manifest["segments"]]
    slugs = [slug for slug, _title in manifest["tags"]]
    tags = [[slugs[n] for n in numbers] for part in facets for numbers in part["docTags"]]
    assert tags == [list(e.tags) for e in entries]
    years = [year for part in facets for year, count in part["years"] for _ in range(count)]
    assert years == [e.date.isoformat()[:4] for e in entries]
    assert any(tags)  # real records are tagged


def test_one_more_digest_rewrites_only_the_newest_segment_and_groups(real):
    generated, entries, files = real
    catalog = generated.catalog
    digest = [
        dataclasses.replace(
            entries[-1 - i], id=f"new-{i}", title=f"Zyxwv brand new {i}", date=dt.date(2027, 1, 1)
        )
        for i in range(12)
    ]
    grown = entries + digest
    after = {f.path: f.content for f in search_emit.split_files(grown, catalog, BLOCK, CHUNK)}
    old, new = manifest_of(files), manifest_of(after)
    assert [s["end"] for s in new["segments"]] == [
        800,
        1200,
        1261,
    ]  # 1,249 -> 1,261 papers: the last one grows
    for before, now in zip(old["segments"][:2], new["segments"][:2], strict=True):
        assert before["files"] == now["files"]  # the full segments' chunks keep their names and caches
        assert before["chunks"] == now["chunks"]  # and so their chunk tables
        assert before["facets"] == now["facets"]
    rewritten = sorted(set(after) - set(files))
    kinds = {path.split("/")[1].split(".")[0] for path in rewritten}
    # s, p: the one- and two-letter words' first screens, for the whole archive (a new paper moves the ranks)
    assert kinds <= {"manifest", "t", "k", "f", "d", "x", "b", "s", "p"}
    tail = {f"search/t.{n}.json" for n in new["segments"][-1]["files"]}
    assert {p for p in rewritten if p.startswith("search/t.")} <= tail
    assert new["docs"]["groups"][:-1] == old["docs"]["groups"][:-1]
    assert new["texts"]["groups"][:-1] == old["texts"]["groups"][:-1]
    changed_typo = [n for n in new["typo"]["files"] if n not in old["typo"]["files"]]
    assert len(changed_typo) <= 4  # "zyxwv" is new: its keys land in a few chunks
    assert sum(len(after[p]) for p in rewritten) < sum(len(c) for c in files.values()) / 4


def test_editing_an_old_abstract_rewrites_only_chunks_holding_its_terms(real):
    generated, entries, files = real
    edited = dataclasses.replace(entries[0], abstract=entries[0].abstract + " Zeugma sentences.")
    after = {
        f.path: f.content
        for f in search_emit.split_files([edited, *entries[1:]], generated.catalog, BLOCK, CHUNK)
    }
    old, new = manifest_of(files), manifest_of(after)
    assert new["segments"][1:] == old["segments"][1:]
    gone = [n for n in old["segments"][0]["files"] if n not in new["segments"][0]["files"]]
    # A posting carries its paper's field length, so every chunk with a term of that abstract changes,
    # and no other: the others keep their names, and readers their caches.
    terms = set(index_terms(plain(edited.abstract)))
    assert gone and all(terms & set(chunk(files, "t", name)["terms"]) for name in gone)
    assert len(gone) < len(old["segments"][0]["files"]) / 2
    assert new["docs"] == old["docs"]  # titles, authors and dates unchanged
    assert new["texts"]["groups"][1:] == old["texts"]["groups"][1:]


def test_a_segment_found_keeps_the_memos_it_was_made_of(real):
    """Else the cache drops them after a build that found every segment (a new digest), and the next
    edit to an old paper sends its whole segment through lunr.py's Builder again."""
    generated, entries, _ = real
    memo.clear()
    memo.start_recording()
    search_emit.split_files(entries, generated.catalog, BLOCK, CHUNK)
    made = memo.recorded()
    memo.start_recording()
    search_emit.split_files(entries, generated.catalog, BLOCK, CHUNK)  # every segment found
    found = memo.recorded()
    assert len(made["search_paper"]) > 1000 and len(made["search_part"]) > 1
    for table in ("search_paper", "search_part", "search_segment"):
        assert found[table].keys() == made[table].keys(), table


def test_after_an_edit_memoised_files_are_those_made_from_scratch(real):
    generated, entries, _ = real
    search_emit.split_files(entries, generated.catalog, BLOCK, CHUNK)  # every memo in place
    edited = dataclasses.replace(
        entries[3], abstract=entries[3].abstract + " A zeugma of x and y.", digest=b""
    )
    again = [edited, *entries[:3], *entries[4:]]  # and a paper moved
    warm = {f.path: f.content for f in search_emit.split_files(again, generated.catalog, BLOCK, CHUNK)}
    memo.clear()
    assert {
        f.path: f.content for f in search_emit.split_files(again, generated.catalog, BLOCK, CHUNK)
    } == warm


def _edited(entries, *changes):
    """`entries` with each (index, field, function of the old text) applied."""
    edited = list(entries)
    for index, field, change in changes:
        entry = edited[index]
        edited[index] = dataclasses.replace(entry, **{field: change(getattr(entry, field))}, digest=b"")
    return edited


JOIN_EDITS = {
    "new words, in two parts": (
        (3, "abstract", lambda text: text + " A zeugma of quixotic words."),
        (120, "title", lambda text: "Zzyzx " + text),
    ),
    "words gone": ((10, "abstract", lambda text: "Nothing."),),  # some were this paper's alone
}


@pytest.mark.parametrize("edit", sorted(JOIN_EDITS))
def test_a_segment_joined_again_after_an_edit_is_the_one_joined_from_scratch(real, monkeypatch, edit):
    """merge.update joins again only the terms of the parts an edit changed: the same files as
    joining every part (parts of 50 papers here, so that a segment has many)."""
    generated, entries, _ = real
    monkeypatch.setattr(split, "parts", functools.partial(split.parts, part=50))
    memo.clear()
    search_emit.split_files(entries, generated.catalog, BLOCK, CHUNK)
    joined_whole = []
    whole = merge.join
    monkeypatch.setattr(merge, "join", lambda *args: joined_whole.append(args[1]) or whole(*args))
    again = _edited(entries, *JOIN_EDITS[edit])
    warm = {f.path: f.content for f in search_emit.split_files(again, generated.catalog, BLOCK, CHUNK)}
    assert joined_whole == [], "the edited segments were joined again term by term"
    memo.clear()
    assert {
        f.path: f.content for f in search_emit.split_files(again, generated.catalog, BLOCK, CHUNK)
    } == warm
    assert joined_whole, "from scratch, every segment is joined whole"


PARITY_QUERIES = [
    "diffusion",
    "low-rank adaptation",
    "transformer",
    "transfomer",
    "quantization",
    "qantization",
    "model merging",
    "mod",
    "author:bengio",
    "title:language",
    "year:2025 diffusion",
    "diffusio",
    "a*b",
    "lang*",
    "the",
    "x",
]


def test_the_split_index_scores_as_lunr_js_on_real_papers(js_modules, real, tmp_path):
    """The default split (segments of BLOCK papers) of 1,249 real papers against lunr.js's own two indexes:
    the same terms, postings and weights; every query answered as lunr.Index#query answers it, by a
    fresh engine fetching only what it asks for, which is a small part of the index."""
    from generator.model import OutputFile
    from generator.write.tree import write_tree

    generated, entries, _ = real
    site = tmp_path / "site"
    files = search_emit.split_files(entries, generated.catalog)
    write_tree([f for f in files if isinstance(f, OutputFile)], site)
    report = search_parity(js_modules, generated, site, tmp_path, PARITY_QUERIES)
    assert [index["difference"] for index in report["indexes"]] == [None, None]
    assert len(manifest_of({f.path: f.content for f in files})["segments"]) == 2  # 1,000 + 249 papers
    sizes = {f.path: len(f.content) for f in files}
    for text, answers in report["queries"].items():
        assert answers["shipped"] == answers["lunrQuery"] == answers["lunr"], text
        for shipped_raw, lunr_raw in answers["raw"]:
            assert shipped_raw == lunr_raw, text
        fetched = sum(sizes[file] for file in answers["fetched"])
        assert fetched < sum(sizes.values()) / 10, (text, fetched)  # 20 results' worth, not the index
    assert report["queries"]["transfomer"]["shipped"]["total"] > 10  # widened through the typo keys
    typo, right = (set(report["queries"][q]["shipped"]["ids"]) for q in ("qantization", "quantization"))
    assert len(typo & right) > 10  # a typo still finds the papers


FACET_REQUESTS = [  # (request, facets asked for first: it filters by them)
    ({"text": "model", "limit": 20}, False),
    ({"text": "diffusion model", "limit": 20}, False),
    ({"text": "learning year:2025", "limit": 20}, True),
    ({"text": "learning", "year": "2025", "limit": 20}, True),
    ({"text": "learning", "tag": "TAG", "limit": 20}, True),
]


def test_facets_come_after_the_first_results(real, tmp_path):
    """An engine without the facets files answers the same results with facets: null, asks for
    them first when a request filters by tag or year, and once given them answers exactly as an
    engine that had them from the start (tests/js/search-facets-later.js)."""

    generated, _entries, files = real
    tag = generated.catalog.vocabulary.tags[0].slug
    requests = [{**r, "tag": tag} if r.get("tag") else r for r, _ in FACET_REQUESTS]
    report = _run_on_index("search-facets-later.js", files, tmp_path, requests)
    for (request, filtered), found in zip(FACET_REQUESTS, report, strict=True):
        assert found == {
            "askedFacetsFirst": filtered,
            "facetsBefore": filtered,
            "sameAfter": True,
            "sameResults": True,
            "facetsAfter": True,
        }, request


TYPED = [
    "model merging",
    "diffusion",
    "bengio",
    "neural architecture search",
    "transformer",
]  # benchmarks.search


def test_keys_find_their_first_screen_in(real, tmp_path):
    """Typed key by key (tests/js/search-keys.js): a word's first letter typed alone waits for the s
    file only, and once it is in (a reader's second query on a page) for nothing; its second for its
    first letter's p file at most (the guess after the first letter fetches it); a key the previous
    one guessed (Engine#likelyNext's two, fetched ahead by the worker) waits for none; and each first screen,
    its count and facet counts are those of an engine that takes every title from the docs chunks and
    counts from the postings."""

    _generated, _entries, files = real
    report = _run_on_index("search-keys.js", files, tmp_path, TYPED)
    assert len(report) == sum(map(len, TYPED))
    assert all(key["same"] for key in report), [key["text"] for key in report if not key["same"]]
    letters = [key for key in report if len(key["text"]) == 1]
    assert len(letters) == len(TYPED) and all(key["rounds"] == [["s"]] for key in letters), letters
    pairs = [key for key in report if len(key["text"]) == 2]
    assert all(key["rounds"] in ([], [["p"]]) for key in pairs), pairs
    guessed = [key for key in report if key["guessed"]]
    assert all(key["rounds"] == [] for key in guessed), [key for key in guessed if key["rounds"]]
    assert len(guessed) > len(report) / 3
    # Some keys only the second guess names; a two-letter stop word is guessed on too ("be" -> "ben").
    assert any(key["guess"] == 1 for key in report), report
    assert next(key for key in report if key["text"] == "ben")["guessed"]
    one_page = _run_on_index("search-keys.js", files, tmp_path, {"queries": TYPED, "shared": True})
    assert all(key["same"] for key in one_page), [key["text"] for key in one_page if not key["same"]]
    assert [key["rounds"] for key in one_page if len(key["text"]) == 1] == [[["s"]]] + [[]] * (len(TYPED) - 1)


@pytest.mark.parametrize("papers", [None, 30])
def test_every_short_word_alone_is_answered_as_the_postings_answer_it(real, tmp_path, papers):
    """Every letter and digit typed alone, and every two-letter term and some no paper holds (30
    papers lack some letters and pairs), is answered from the s file or its first letter's p file:
    its first screen, count and facet counts equal those of an engine counting from the postings
    (tests/js/search-keys.js). A pair whose first letter starts no pair needs no file. Stop words
    ("a", "be") are never searched alone, though some are in the index (a paper's "A" as an initial)."""
    generated, entries, files = real
    if papers:
        files = {
            f.path: f.content
            for f in search_emit.split_files(entries[:papers], generated.catalog, BLOCK, CHUNK)
        }
    held = {term for term in chunk_terms(files) if len(term) <= 2 and term.isascii()}
    absent = set(string.ascii_lowercase + string.digits) - held - STOP_WORDS
    assert len(held) > 10 and (absent or not papers), (held, absent)
    stop = STOP_WORDS  # "a", "an", "be", ...: never searched alone
    pairs = {term for term in held if len(term) == 2} | {"qz", "zq", "x9"}
    report = _run_on_index("search-keys.js", files, tmp_path, sorted((held | absent | pairs) - stop))
    assert report and all(key["same"] for key in report), [key["text"] for key in report if not key["same"]]
    firsts = set(manifest_of(files)["pairs"])
    for key in report:
        if key["text"] in stop:  # the first letter of "ab": nothing searched yet
            assert key["rounds"] == [], key
        elif len(key["text"]) == 1:
            assert key["rounds"] == [["s"]], key
        else:
            assert key["rounds"] in (([], [["p"]]) if key["text"][0] in firsts else ([],)), key
    assert any(key["rounds"] == [["p"]] for key in report)


def test_a_word_being_typed_is_widened_to_its_first_letters_before_its_typos(real, tmp_path):
    """ "model mergin" is "merg" (the stem "merging" is indexed under) typed on: its papers are those of
    "merg" (a subset of "merg*"), not also those of "margin", one edit away, and no typo key file is
    fetched for it. A word typed in full that finds few is still widened to its typos."""
    _generated, _entries, files = real
    queries = ["model mergin", "model merg", "model margin", "transfomer"]
    answers = _run_on_index("search-answers.js", files, tmp_path, queries)
    typing, stem, margin = (answers[text] for text in queries[:3])
    assert typing["total"] > 2 and set(typing["refs"]) <= set(stem["refs"])
    assert set(margin["refs"]) - set(stem["refs"])  # papers one edit away that "model mergin" leaves out
    assert not any("k" in kinds for kinds in typing["rounds"]), typing["rounds"]
    assert any("k" in kinds for kinds in answers["transfomer"]["rounds"])


def _run_on_index(script: str, files: dict, folder, argument):
    """Write the index's files into `folder`, run tests/js/`script` on them with the engine and
    `argument` (JSON), and return what it printed (JSON)."""
    import subprocess

    from generator.model import OutputFile
    from generator.write.tree import write_tree

    write_tree([OutputFile(path, content) for path, content in files.items()], folder)
    out = subprocess.run(
        [
            "node",
            str(REPO / "tests/js" / script),
            str(REPO / "theme/assets/javascripts/pd-search-core.js"),
            str(folder),
            json.dumps(argument),
        ],
        cwd=REPO / "tests/js",
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout)

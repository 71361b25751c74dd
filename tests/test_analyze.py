"""Table-driven tests of the pure stages: text helpers, analysis, related papers, the writer."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.analyze.analysis import backlink_index, digest_index, digests_by_month
from generator.analyze.related import related_entries
from generator.errors import InternalError
from generator.identifiers import slugify
from generator.model import Entry, OutputFile
from generator.paths import url_of
from generator.text.escape import first_sentence, md_escape, plain_text, relative_link
from generator.write.tree import write_tree

from support import fence


def entry(
    entry_id, date="2026-03-12", tags=(), title=None, abstract="An abstract.", related=(), body_refs=()
):
    return Entry(
        entry_id,
        title or entry_id,
        dt.date.fromisoformat(date),
        (),
        tuple(tags),
        (),
        tuple(related),
        abstract,
        "",
        tuple(body_refs),
        f"content/papers/{entry_id}.md",
    )


@pytest.mark.parametrize(
    "text",
    [
        "PA&DA: Jointly",
        "DεpS: Delayed ε-Shrinking",
        "<script>alert(1)</script>",
        "a *b* _c_ [d](e) `f`",
        "# not a heading",
        "- not a list",
        "12. not a list",
        "&amp; stays literal",
        "back\\slash",
        "![img](x)",
        "{: .attr }",
        "a | table | row",
        "Title ending in #",
        "𝔐𝔞𝔱𝔥 letters and ﬁ ligature",
    ],
)
def test_md_escape_renders_exactly_the_text(text):
    assert plain_text(md_escape(text)) == text


@pytest.mark.parametrize(
    "source, target, link",
    [
        ("papers/a.md", "papers/b.md", "b.md"),
        ("papers/a.md", "tags/nas/index.md", "../tags/nas/index.md"),
        ("index.md", "digests/2026-03-12/index.md", "digests/2026-03-12/index.md"),
        ("tags/nas/2.md", "tags/index.md", "../index.md"),
    ],
)
def test_relative_links(source, target, link):
    assert relative_link(source, target) == link


@pytest.mark.parametrize(
    "page, url",
    [
        ("index.md", ""),
        ("papers/pc-darts.md", "papers/pc-darts/"),
        ("tags/nas/index.md", "tags/nas/"),
        ("tags/nas/2.md", "tags/nas/2/"),
    ],
)
def test_urls_of_pages(page, url):
    assert url_of(page) == url


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("First one. Second one.", "First one."),
        ("We get 2.57% error. Then more.", "We get 2.57% error."),
        ("No full stop", "No full stop"),
        ("x" * 300, "x" * 300),  # no space to cut at: kept whole rather than cut mid-word
    ],
)
def test_first_sentence(text, sentence):
    assert first_sentence(text, limit=400) == sentence


@pytest.mark.parametrize(
    "title, slug",
    [
        ("PA&DA", "pa-da"),
        ("DεpS", "deps"),
        ("  Hello, World!  ", "hello-world"),
        ("日本語", "entry"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_fence_is_longer_than_any_backtick_run():
    assert fence("a ```` b").startswith("`````\n")


def test_backlinks_come_from_related_and_body_links_never_self():
    entries = (entry("a", related=("b",)), entry("c", body_refs=("b", "a")), entry("b", related=("b",)))
    assert backlink_index(entries) == {"b": ("a", "c"), "a": ("c",)}


def test_digests_newest_first_and_grouped_by_month():
    entries = (
        entry("x", "2026-04-02"),
        entry("y", "2026-03-12"),
        entry("z", "2026-03-12"),
        entry("w", "2026-03-01"),
    )
    digests = digest_index(entries)
    assert [(d.date.isoformat(), d.entry_ids) for d in digests] == [
        ("2026-04-02", ("x",)),
        ("2026-03-12", ("y", "z")),
        ("2026-03-01", ("w",)),
    ]
    assert list(digests_by_month(digests)) == ["2026-04", "2026-03"]


def test_related_papers_rank_similar_content_first_never_itself():
    entries = (
        entry(
            "q1",
            tags=("quantization",),
            title="Post-training quantization of transformers",
            abstract="Low-bit rounding for post-training quantization.",
        ),
        entry(
            "q2",
            tags=("quantization",),
            title="Learnable rounding for quantization",
            abstract="Rounding weights in post-training quantization with learnable division.",
        ),
        entry(
            "m1",
            tags=("model-merging",),
            title="Merging fine-tuned models",
            abstract="Model merging combines task vectors.",
        ),
        entry(
            "m2",
            tags=("model-merging",),
            title="Twin merging of experts",
            abstract="Dynamic model merging of modular experts.",
        ),
        entry(
            "d1",
            tags=("diffusion",),
            title="Diffusion for painting",
            abstract="Image diffusion guided by sketches.",
        ),
    )
    related = related_entries(entries, count=5)
    assert related["q1"][0] == "q2" and related["q2"][0] == "q1"
    assert related["m1"][0] == "m2" and related["m2"][0] == "m1"
    assert all(key not in ids for key, ids in related.items())
    assert all(len(ids) <= 5 for ids in related.values())
    assert related_entries(entries, count=5) == related  # deterministic


def test_writer_refuses_two_outputs_at_one_path(tmp_path):
    with pytest.raises(InternalError, match="two outputs at one path: 'a.md'"):
        write_tree([OutputFile("a.md", b"1"), OutputFile("a.md", b"2")], tmp_path)
    assert not (tmp_path / "a.md").exists()


@pytest.mark.parametrize("path", ["../escape.md", "/abs.md", ""])
def test_writer_refuses_paths_outside_the_output(tmp_path, path):
    with pytest.raises(InternalError, match="refusing to write outside the output folder"):
        write_tree([OutputFile(path, b"x")], tmp_path / "out")


def test_writer_skips_unchanged_files_and_removes_stale_ones(tmp_path):
    out = tmp_path / "out"
    first = write_tree([OutputFile("a.md", b"1"), OutputFile("d/b.md", b"2")], out)
    assert first.written == ("a.md", "d/b.md")
    mtime = (out / "a.md").stat().st_mtime_ns
    second = write_tree([OutputFile("a.md", b"1"), OutputFile("c.md", b"3")], out)
    assert second.written == ("c.md",) and second.unchanged == 1 and second.removed == ("d/b.md",)
    assert (out / "a.md").stat().st_mtime_ns == mtime
    assert not (out / "d").exists()


def test_relative_links_agree_with_relpath_on_any_path():
    import posixpath
    import random

    parts = ["a", "b", "..", ".", "", "index.md", "x.md"]
    chooser = random.Random(7)
    for _ in range(5000):
        source, target = (
            "/".join(chooser.choice(parts) for _ in range(chooser.randint(1, 4))) for _ in range(2)
        )
        try:
            expected = posixpath.relpath(target, posixpath.dirname(source) or ".")
        except ValueError:
            with pytest.raises(ValueError):
                relative_link(source, target)
            continue
        assert relative_link(source, target) == expected, (source, target)


def test_markup_check_agrees_with_one_multiline_pattern():
    """has_markup checks line starts line by line; it must find exactly what the single pattern finds."""
    import random
    import re

    from generator.text.escape import has_markup

    pattern = re.compile(r"[\\`*_{}\[\]<>&|]|^\s*(?:[-+>=~#!]|\d+[.)])|^ {4}|\t", re.MULTILINE)
    pieces = ["a", " ", "\n", "-", "1", ".", ")", "#", "\x0c", "\u2028", "\r", "*", "b", "\t", "\x85", "  "]
    chooser = random.Random(3)
    for _ in range(20000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 12)))
        assert has_markup(text) == bool(pattern.search(text)), repr(text)


@pytest.mark.parametrize(
    "body",
    [
        "Plain words.\n\n## Notes\n\nMore (in parentheses) and *emphasis* and `code`.",
        "!!! note\n    An admonition.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |",
        "```python\nx = 1\n```\n\n    indented code\n",
    ],
)
def test_scanning_skips_the_parser_only_for_bodies_with_nothing_to_find(body):
    from generator.validate.markdown_scan import _Scanner, scan_body

    assert scan_body(body) == _Scanner().scan(body)


def test_packed_ranking_orders_pairs_as_lexsort_does():
    import numpy as np

    from generator.analyze.related_scoring import best_first

    chooser = np.random.default_rng(5)
    queries = np.sort(chooser.integers(0, 50, 4000))
    ranks = chooser.integers(0, 300, 4000)
    keep = np.unique(queries * 300 + ranks, return_index=True)[1]  # unique (query, rank) pairs, sorted
    queries, ranks = queries[keep], ranks[keep]
    totals = chooser.choice([0.25, 0.5, 1 / 3, 0.1 + 0.2, 0.3, 1.0], len(queries)) * chooser.choice(
        [1, 1 + 1e-14], len(queries)
    )
    expected = np.lexsort((ranks, -np.round(totals, 12), queries))
    assert (best_first(queries, ranks, totals) == expected).all()

"""BibTeX for real papers: names and titles as their authors wrote them, and records that a
strict BibTeX parser (pybtex in strict mode) reads whatever an entry holds.

Rows give the exact key or record; the last tests turn every real arXiv record of
tests/fixtures/arxiv-records.jsonl into an entry and parse the bibliography emit/bib.py writes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pybtex.errors
import pytest
from pybtex.database import parse_string

from generator.analyze.analysis import Analysis, citation_index
from generator.analyze.bibtex import bibtex, citation_key
from generator.emit.bib import SITE_BIB, emit_bib, tag_bib
from generator.model import Catalog, Entry, Link, Settings, Tag, Vocabulary

RECORDS = Path(__file__).parent / "fixtures" / "arxiv-records.jsonl"
SITE = "https://example.org/pd/"


@pytest.fixture(autouse=True)
def strict_pybtex():
    before = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)  # any error (a bad name, a brace, a duplicate key) raises
    yield
    pybtex.errors.set_strict_mode(before)


def entry(
    title="A Paper", authors=(), id="p1", published=dt.date(2024, 5, 2), code=None, date=dt.date(2026, 3, 1)
):
    links = (Link("code", code),) if code else ()
    return Entry(id, title, date, tuple(authors), (), links, (), "", "", (), f"{id}.md", published=published)


def parse(text: str):
    return parse_string(text, "bibtex")


KEYS = [
    # (entry, key): ASCII, transliterated; the paper's year; the title word from its plain text.
    (entry("Über Graphs", ["Ayşe Öztürk"]), "ozturk2024uber"),
    (entry("Neural Parametric Heads", ["Matthias Nießner"]), "niessner2024neural"),
    (entry("Instant Neural Graphics", ["Thomas Müller", "Alex Evans"]), "muller2024instant"),
    (entry("Ordinary Title", ["Weronika Łajewska"]), "lajewska2024ordinary"),
    (entry("Graph Models", ["张伟"]), "zhangwei2024graph"),
    (entry("Graph Models", ["Young-Jun_Lee"]), "youngjunlee2024graph"),
    (entry("$D^2LoRA$: Data-Driven LoRA", ["Javad SeraJ"]), "seraj2024d2lora"),  # D²LoRA, not D^2LoRA
    (entry(r"\textbf{Deep} nets", ["A B"]), "b2024deep"),
    (entry(r"$\mathbb{F}_q$-linear codes", ["A B"]), "b2024linear"),
    # An arXiv id gives the year (2008: August 2020), whatever the digest's date.
    (entry("Some Paper", ["A Smith"], id="2008.01234", published=None), "smith2020some"),
    (entry("Some Paper", ["A Smith"], id="hep-th/9901001", published=None), "smith1999some"),
    (entry("Some Paper", ["A Smith"], published=None), "smith2026some"),  # no paper date: the digest's
    (entry("Some Paper", [":"]), "anon2024some"),
    (entry("An it", []), "anon2024paper"),
]


@pytest.mark.parametrize("paper, key", KEYS, ids=[key for _, key in KEYS])
def test_citation_key(paper, key):
    assert citation_key(paper) == key
    assert key.isascii() and key.isalnum()


def record(title_line, author_line=None, year="2024", month="may", extra=()):
    lines = ["@misc{KEY,", f"  title = {{{{{title_line}}}}},"]
    if author_line is not None:
        lines.append(f"  author = {{{author_line}}},")
    lines += [f"  year = {{{year}}},", f"  month = {month}"]
    text = "\n".join(lines)
    return text + "".join(",\n  " + line for line in extra) + "\n}"


RECORDS_TABLE = [
    # (case, entry, expected record, expected authors as pybtex reads them)
    (
        "math-stays-tex",
        entry("T$^\\star$: Progressive Block Scaling"),
        record(r"T$^\star$: Progressive Block Scaling"),
        [],
    ),
    (
        "math-and-unicode",
        entry("Me, Myself, and $π$ : Evaluating $\\ell_1$ and $\\{x\\}$"),
        record(r"Me, Myself, and $π$ : Evaluating $\ell_1$ and $\{x\}$"),
        [],
    ),
    (
        "hard-line-breaks",
        entry("A Constructive Approach to $q$-Gaussian\n  Distributions:\n$α$-Divergence"),
        record("A Constructive Approach to $q$-Gaussian Distributions: $α$-Divergence"),
        [],
    ),
    (
        "text-specials",
        entry("PC-DARTS: {Channel} & 100% more_ #1 x^2 ~tie"),  # `~`: TeX's tie, a space
        record(r"PC-DARTS: \{Channel\} \& 100\% more\_ \#1 x\textasciicircum{}2 tie"),
        [],
    ),
    (
        "unbalanced-braces",
        entry("Open { and } } close {"),
        record(r"Open \{ and \} \textbraceright{} close \textbraceleft{}"),
        [],
    ),
    (
        "backslashes",
        entry("back\\slash at the end\\"),
        record(r"back\textbackslash{}slash at the end\textbackslash{}"),
        [],
    ),
    (
        "math-unbalanced-brace",
        entry("Bad $x{$ math"),
        record(r"Bad \$x\textbraceleft{}\$ math"),
        [],
    ),  # not readable math: written as it was, escaped
    (
        "math-brace-order",
        entry("Sets $\\}x\\{$ here"),
        record(r"Sets \textbraceright{}x\textbraceleft{} here"),
        [],
    ),
    (
        "math-breaks-out",
        entry("Risky $a\\\\b$ and $\\verb|x|$"),
        record("Risky a b and x"),
        [],
    ),  # readable text instead
    ("math-comment", entry("Percent $50%$ off"), record("Percent 50 off"), []),
    (
        "one-author-named-and",
        entry(authors=["Tom and Jerry", "Anna Smith"]),
        record("A Paper", "{Tom and Jerry} and Anna Smith"),
        ["{Tom and Jerry}", "Smith, Anna"],
    ),
    (
        "and-any-case",
        entry(authors=["Tom AND Jerry"]),
        record("A Paper", "{Tom AND Jerry}"),
        ["{Tom AND Jerry}"],
    ),
    (
        "authors-with-tex",
        entry(authors=["Jo {Brace", "Back\\slash }Name", "Pair {Of} Braces"]),
        record(
            "A Paper",
            r"Jo \textbraceleft{}Brace and Back\textbackslash{}slash \textbraceright{}Name and Pair \{Of\} "
            r"Braces",
        ),
        [
            r"\textbraceleft{}Brace, Jo",
            r"\textbraceright{}Name, Back\textbackslash{}slash",
            r"Braces, Pair \{Of\}",
        ],
    ),
    (
        "authors-commas",
        entry(authors=["Lee, Jung Hyun", "A, B, C, D", "Trailing,"]),
        record("A Paper", "Lee, Jung Hyun and {A, B, C, D} and {Trailing,}"),
        ["Lee, Jung Hyun", "{A, B, C, D}", "{Trailing,}"],
    ),
    (
        "author-white-space",
        entry(authors=["  Jean\n  Dupont ", "Ünal Çelik"]),
        record("A Paper", "Jean Dupont and Ünal Çelik"),
        ["Dupont, Jean", "Çelik, Ünal"],
    ),
    (
        "code-url-cannot-add-a-field",
        entry(code="https://github.com/x/y}},author={Evil} \\x"),
        record(
            "A Paper", extra=[r"note = {Code: \url{https://github.com/x/y%7D%7D,author=%7BEvil%7D%20%5Cx}}"]
        ),
        [],
    ),
    (
        "arxiv-month",
        entry(id="2008.01234", published=None),
        record(
            "A Paper", year="2020", month="aug", extra=["eprint = {2008.01234}", "archivePrefix = {arXiv}"]
        ),
        [],
    ),
]


@pytest.mark.parametrize(
    "case, paper, expected, authors", RECORDS_TABLE, ids=[row[0] for row in RECORDS_TABLE]
)
def test_record(case, paper, expected, authors):
    text = bibtex(paper, key="KEY")
    assert text == expected
    bib = parse(text)
    (parsed,) = bib.entries.values()
    fields = (
        {"title", "year", "month"}
        | ({"note"} if paper.link("code") else set())
        | ({"eprint", "archivePrefix"} if "eprint" in text else set())
    )
    assert set(parsed.fields) == fields  # nothing injected
    assert [str(person) for person in parsed.persons.get("author", [])] == authors
    assert len(parsed.persons.get("author", [])) == len(paper.authors)


def test_3303_authors_stay_one_usable_entry():
    names = [f"Émilie{i} Nießner-{i}" if i % 3 else f"Tom{i} and Jerry" for i in range(3303)]
    text = bibtex(entry("The Large Hadron Collider", names), key="atlas")
    bib = parse(text)
    persons = bib.entries["atlas"].persons["author"]
    assert len(persons) == 3303
    assert str(persons[0]) == "{Tom0 and Jerry}" and str(persons[1]) == "Nießner-1, Émilie1"
    assert str(persons[-1]) == "Nießner-3302, Émilie3302"
    assert max(len(line) for line in text.splitlines()) <= 80  # a long list goes on lines a text editor shows


def real_entries() -> list[Entry]:
    entries = []
    for line in RECORDS.read_text(encoding="utf-8").splitlines():
        paper = json.loads(line)
        entries.append(
            Entry(
                paper["id"],
                paper["title"],
                dt.date.fromisoformat(paper["listed"]),
                tuple(paper["authors"]),
                ("all",),
                (Link("arxiv", paper["abs"]), Link("pdf", paper["pdf"])),
                (),
                paper["summary"],
                "",
                (),
                f"content/papers/{paper['id']}.md",
            )
        )
    entries.sort(key=lambda e: (-e.date.toordinal(), e.id))  # as validate() sorts the catalog
    return entries


def test_every_real_record_parses_strictly_with_its_authors_and_year():
    entries = real_entries()
    assert len(entries) == 1249
    catalog = Catalog(
        tuple(entries), Vocabulary((Tag("all", "All", "Every paper."),)), Settings("Paper Digest", SITE)
    )
    analysis = Analysis(
        entries_by_id={e.id: e for e in entries},
        entries_by_tag={"all": tuple(e.id for e in entries)},
        backlinks={},
        digests=(),
        related={},
        citations=citation_index(catalog),
    )
    files = {f.path: f.content.decode("utf-8") for f in emit_bib(catalog, analysis)}
    assert files[SITE_BIB] == files[tag_bib("all")].replace("papers tagged All", "all papers")
    bib = parse(files[SITE_BIB])  # a duplicate key would raise
    assert len(bib.entries) == len(entries)
    by_url = {parsed.fields["url"]: (key, parsed) for key, parsed in bib.entries.items()}
    for paper in entries:
        key, parsed = by_url[paper.link("arxiv")]
        assert key.isascii() and key.isalnum() and key == key.lower(), key
        assert parsed.fields["year"] == str(paper.paper_year) == "20" + paper.id[:2], paper.id
        assert len(parsed.persons["author"]) == len(paper.authors), paper.id
        assert parsed.fields["eprint"] == paper.id
        assert "\\textasciicircum" not in parsed.fields["title"] and "\n" not in parsed.fields["title"], (
            paper.id
        )
    keys = [key for key, _ in by_url.values()]
    assert len(set(keys)) == len(keys) == 1249
    # Names as their authors wrote them, keys in ASCII.
    assert any(key.startswith("lajewska2025") for key in keys) and any(
        key.startswith("mule2025") for key in keys
    )
    assert "{{$D^2LoRA$: Data-Driven LoRA Initialization for Low Resource Tasks}}" in files[SITE_BIB]

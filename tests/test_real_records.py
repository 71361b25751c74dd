"""Every shared real arXiv record is a valid entry, and every way in writes the same text."""

from __future__ import annotations

import re

from generator.commands.cli import main

from realdata import records, write_records
from support import REPO, make_project

ABSTRACT = (
    "We bound it by $O(n^2)$ over $\\mathbb{F}_q$, emit <think> tokens, and \\emph{stress} "
    "20\\% gains with ``quotes''. Code: https://github.com/a/b_c."
)


def test_every_shared_record_passes_check(tmp_path, capsys):
    project = make_project(tmp_path / "project", (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    write_records(project.papers, records(), (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    assert main(["--project", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == f"Checked {len(records()):,} entries: no problems.\n"


def test_import_new_and_a_hand_written_file_give_the_same_page(project, capsys):
    listing = project.write("listing.txt", f"new\n\nMar 12\n\nImported paper\n\n{ABSTRACT}\n")
    assert main(["--project", str(project.root), "import", str(listing), "--date", "2026-03-12"]) == 0
    assert (
        main(
            [
                "--project",
                str(project.root),
                "new",
                "--title",
                "Scaffolded paper",
                "--id",
                "scaffolded",
                "--date",
                "2026-03-12",
                "--tags",
                "quantization",
                "--abstract",
                ABSTRACT,
            ]
        )
        == 0
    )
    project.entry("hand-written", title="Hand-written paper", body=ABSTRACT)
    capsys.readouterr()
    bodies = {
        path.stem: path.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip()
        for path in project.papers.glob("*.md")
    }
    assert set(bodies.values()) == {ABSTRACT}, bodies  # nobody escapes the authors' text
    project.build()
    abstracts = set()
    for name in bodies:
        page = (project.root / "site" / "papers" / name / "index.html").read_text(encoding="utf-8")
        abstracts.add(re.search(r'<div class="pd-abstract">.*?</div>', page, re.S).group())
    [abstract] = abstracts
    assert abstract.count("<math") == 2 and "&lt;think&gt;" in abstract and "<em>stress</em>" in abstract
    assert "20% gains with “quotes”" in abstract and 'href="https://github.com/a/b_c"' in abstract


def test_a_site_of_real_papers_has_valid_feeds_json_and_readable_titles(tmp_path):
    """The records with TeX (and some without), built: feeds parse, JSON loads, plain text has no TeX."""
    import json

    import feedparser

    from generator.text.authortext import paragraphs, plain

    chosen = [rec for rec in records() if "$" in rec["title"] + rec["summary"] or "\\" in rec["summary"]][
        :120
    ]
    chosen += [rec for rec in records() if rec not in chosen][:30]
    project = make_project(tmp_path / "project", (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    write_records(project.papers, chosen, (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    project.build()
    site = project.root / "site"
    for name in ("rss.xml", "atom.xml"):
        feed = feedparser.parse(str(site / "feeds" / name))
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        for item in feed.entries:
            assert "$" not in item.title or "\\$" in item.title, item.title
    by_id = {rec["id"]: rec for rec in chosen}
    items = json.loads((site / "feeds" / "feed.json").read_text(encoding="utf-8"))["items"]
    with_math = [
        item
        for item in items
        if "<math" in paragraphs(by_id[item["id"].rstrip("/").rsplit("/", 1)[1]]["summary"])
    ]
    assert with_math and all(
        "<math" in item["content_html"] for item in with_math
    )  # readers that show MathML do
    papers = json.loads((site / "api" / "papers.json").read_text(encoding="utf-8"))["papers"]
    for paper in papers:
        assert paper["title_text"] == plain(" ".join(by_id[paper["id"]]["title"].split()))
        full = json.loads((site / "api" / "papers" / f"{paper['id']}.json").read_text(encoding="utf-8"))
        assert full["abstract_source"].split() == by_id[paper["id"]]["summary"].split()
        assert "\\emph" not in full["abstract"] and "\\href" not in full["abstract"]

"""`paperdigest enrich` on a copy of content/ (the 65 seeds, which name no arXiv id, no authors, no
links) plus seed-like entries made from real records (title and abstract only, as the seeds are),
against the replay server: a diff first, files written only with --write, a newer version moving
the feed item's updated date and not its id."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from generator.commands.cli import main

from support import make_content_project

RECORDS = Path(__file__).resolve().parent / "fixtures" / "arxiv-records.jsonl"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def record(arxiv_id: str) -> dict:
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    return next(r for r in map(json.loads, lines) if r["id"] == arxiv_id)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def snapshot(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in project.papers.glob("*.md")}


def seeded(tmp_path):
    """content/ as it is, plus: a seed-like entry by title only (IRef-VLA), and one naming its arXiv
    id but nothing else, listed in a digest before its second version (the survey)."""
    project = make_content_project(tmp_path / "project")
    settings = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "feed_items: 50" in settings
    project.write("mkdocs.yml", settings.replace("feed_items: 50", "feed_items: 100"))  # all 67 in the feed
    iref = record("2503.17406")
    project.entry("iref-vla", title=iref["title"], tags=(), body=iref["summary"], date="2025-03-26")
    survey = record("2503.17403")
    project.entry("2503.17403", title=survey["title"], tags=(), body=survey["summary"], date="2025-03-26")
    return project


def test_enrich_shows_a_diff_writes_only_with_write_and_leaves_unknown_papers_alone(tmp_path, replay, capsys):
    project = seeded(tmp_path)
    root = project.root.as_posix()
    before = snapshot(project)
    argv = ["--project", str(project.root), "enrich"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert snapshot(project) == before  # nothing written without --write
    lines = out.splitlines()
    assert (
        lines[-1] == "2 entries can be enriched, 0 already complete, 65 not found on arXiv "
        "(run with --write to write them)."
    )
    assert "--- a/content/papers/2503.17403.md" in lines and "+++ b/content/papers/2503.17403.md" in lines
    assert '+  - "Azim Akhtarshenas"' in lines
    assert "+updated: 2025-04-02" in lines
    assert '+  arxiv: "https://arxiv.org/abs/2503.17406"' in lines
    assert '+  code: "https://github.com/HaochenZ11/IRef-VLA"' in lines
    assert f"Not found on arXiv: {root}/content/papers/tablegpt.md (no exact title match)" in lines
    assert sum(line.startswith("Not found on arXiv: ") for line in lines) == 65
    # One request for the entry naming an id, one title search for each of the other 66.
    assert sum("id_list=" in r for r in replay.requests) == 1
    assert sum("search_query=" in r for r in replay.requests) == 66

    project.build()
    feed = ET.parse(project.root / "site" / "feeds" / "atom.xml").getroot()
    item = _item(feed, "2503.17403")
    guid, updated = item.findtext("a:id", namespaces=ATOM), item.findtext("a:updated", namespaces=ATOM)
    assert updated.startswith("2025-03-26")

    assert main([*argv, "--write"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Enriched 2 entries, 0 already complete, 65 not found on arXiv."
    )
    changed = {name for name, data in snapshot(project).items() if before.get(name) != data}
    assert changed == {"2503.17403.md", "iref-vla.md"}
    survey = front(project.papers / "2503.17403.md")
    assert survey["authors"] == ["Azim Akhtarshenas", "Afshin Dini", "Navid Ayoobi"]
    assert str(survey["published"]) == "2025-03-25" and str(survey["updated"]) == "2025-04-02"
    assert survey["categories"] == ["cs.CL", "cs.AI"] and str(survey["date"]) == "2025-03-26"
    iref = front(project.papers / "iref-vla.md")
    assert iref["id"] == "iref-vla" and len(iref["authors"]) == 5
    assert iref["links"]["pdf"] == "https://arxiv.org/pdf/2503.17406"
    assert main(["--project", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == "Checked 67 entries: no problems.\n"

    # The newer version moves the feed item's updated date; its id stays.
    project.build()
    feed = ET.parse(project.root / "site" / "feeds" / "atom.xml").getroot()
    item = _item(feed, "2503.17403")
    assert item.findtext("a:id", namespaces=ATOM) == guid
    assert item.findtext("a:updated", namespaces=ATOM).startswith("2025-04-02")
    page = (project.root / "site" / "papers" / "2503.17403" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_author" content="Azim Akhtarshenas">' in page
    assert '<meta name="citation_pdf_url" content="https://arxiv.org/pdf/2503.17403">' in page

    # Run again: nothing left to do, nothing written.
    after = snapshot(project)
    assert main([*argv, "--write"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Enriched 0 entries, 2 already complete, 65 not found on arXiv."
    )
    assert snapshot(project) == after


def test_enrich_one_file_and_an_offline_arxiv(tmp_path, replay, capsys, monkeypatch):
    project = seeded(tmp_path)
    assert (
        main(["--project", str(project.root), "enrich", "content/papers/iref-vla.md"]) == 0
    )  # as check takes it
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 entry can be enriched, 0 already complete, 0 not found on arXiv (run with --write to write them)."
    )
    elsewhere = project.write("notes.md", "not an entry")
    assert main(["--project", str(project.root), "enrich", str(elsewhere)]) == 1
    assert capsys.readouterr().err == (
        f"Error: enrich: {elsewhere} is not an entry (expected a file in content/papers/)\n"
    )
    monkeypatch.setenv("PAPERDIGEST_ARXIV_API", "http://127.0.0.1:9/api/query")
    before = snapshot(project)
    assert main(["--project", str(project.root), "enrich", "--write"]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "",
        "Error: arXiv API: cannot reach 127.0.0.1:9 (Connection refused; are you offline?)\n",
    )
    assert snapshot(project) == before


def _item(feed: ET.Element, entry_id: str) -> ET.Element:
    return next(
        e
        for e in feed.findall("a:entry", ATOM)
        if (e.find("a:link", ATOM).get("href") or "").rstrip("/").endswith(f"/papers/{entry_id}")
    )


def test_what_arxiv_sends_is_checked_before_enrich_writes_it(tmp_path, replay, capsys):
    project = seeded(tmp_path)
    feed = (replay.fixtures / "arxiv-query.xml").read_text(encoding="utf-8")
    hostile = feed.replace("<name>Azim Akhtarshenas</name>", "<name>Azim \u202eAkhtarshenas</name>")
    replay.feed = ET.fromstring(hostile.encode("utf-8"))
    before = snapshot(project)
    assert main(["--project", str(project.root), "enrich", "--write"]) == 0
    lines = capsys.readouterr().out.splitlines()
    root = project.root.as_posix()
    assert lines[-2] == (
        f"Refused {root}/content/papers/2503.17403.md: content/papers/2503.17403.md:8: authors: item 1 "
        "contains invisible character U+202E RIGHT-TO-LEFT OVERRIDE (expected visible text; remove "
        "bidirectional and zero-width characters)"
    )
    assert (
        lines[-1] == "Enriched 1 entry, 0 already complete, 65 not found on arXiv, 1 refused by the checks."
    )
    changed = {name for name, data in snapshot(project).items() if before.get(name) != data}
    assert changed == {"iref-vla.md"}

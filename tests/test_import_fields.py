"""The fields `import` and `enrich` write, `updated` and `categories`, checked like every other
field (rows in generator/fields.py): hostile values are refused by `check` and `build` with one line
each; real values check clean, reach the JSON API, and a newer version moves the feed item's
updated date while its id stays."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from generator.commands.cli import main

import test_check
from support import make_project
from test_check import entry, fields, refused_by_build, refused_by_check

clean = test_check.clean
bad_file = test_check.bad_file

CATEGORIES = "expected arXiv categories such as cs.LG, primary first"
RANGE = "expected a date from 1900-01-01 to 2100-12-31"

# (case, file content, line, field, message); lines: 2 id, 3 title, 4 date, 5 tags, 6 the added field.
CASES = [
    (
        "updated-1899",
        entry(fields(updated="1899-12-31")),
        6,
        "updated",
        f"'1899-12-31' is out of range ({RANGE})",
    ),
    (
        "updated-9999",
        entry(fields(updated="9999-12-31")),
        6,
        "updated",
        f"'9999-12-31' is out of range ({RANGE})",
    ),
    (
        "updated-not-a-date",
        entry(fields(updated='"last week"')),
        6,
        "updated",
        "'last week' is not a date (expected YYYY-MM-DD, e.g. 2026-03-12)",
    ),
    (
        "updated-before-published",
        entry(fields(published="2025-03-21", updated="2024-01-01")),
        7,
        "updated",
        "2024-01-01 is before published 2025-03-21 (expected the date of the paper's newest version as "
        "YYYY-MM-DD, not before `published`)",
    ),
    (
        "categories-not-a-list",
        entry(fields(categories='"cs.LG"')),
        6,
        "categories",
        "is 'cs.LG', not a list (expected a list of arXiv categories such as cs.LG, primary "
        "first, e.g. [a, b] or '- a' lines)",
    ),
    (
        "categories-acm-class",
        entry(fields(categories='["cs.CL", "I.2.7"]')),
        6,
        "categories",
        f"item 2 'I.2.7' is not an arXiv category ({CATEGORIES})",
    ),
    (
        "categories-script",
        entry(fields(categories='["cs.LG", "<script>alert(1)</script>"]')),
        6,
        "categories",
        f"item 2 '<script>alert(1)</script>' is not an arXiv category ({CATEGORIES})",
    ),
    (
        "categories-long",
        entry(fields(categories=json.dumps(["cs." + "L" * 500]))),
        6,
        "categories",
        f"item 1 'cs.{'L' * 37}...' is not an arXiv category ({CATEGORIES})",
    ),
    (
        "categories-bidi",
        entry(fields(categories=r'["cs.LG\u202e"]')),
        6,
        "categories",
        "item 1 contains invisible character U+202E RIGHT-TO-LEFT OVERRIDE (expected visible text; "
        "remove bidirectional "
        "and zero-width characters)",
    ),
    (
        "categories-too-many",
        entry(
            fields(categories=json.dumps([f"cs.{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(21)]))
        ),
        6,
        "categories",
        "lists 21 categories (expected at most 20: arXiv categories such as cs.LG, primary first)",
    ),
    (
        "categories-a-mapping",
        entry(fields(categories="{primary: cs.LG}")),
        6,
        "categories",
        "is a mapping, not a list (expected a list of arXiv categories such as cs.LG, primary first, "
        "e.g. [a, b] or '- a' lines)",
    ),
]


@pytest.mark.parametrize("case, text, line, field, message", CASES, ids=[case[0] for case in CASES])
def test_hostile_updated_and_categories_are_refused(
    clean, bad_file, capsys, case, text, line, field, message
):
    path = bad_file("bad.md", text)
    expected = f"{path}:{line}: {field}: {message}"
    refused_by_check(clean, capsys, path, expected, message)
    refused_by_build(clean, capsys, expected)


def test_a_category_listed_twice_is_a_warning(clean, bad_file, capsys):
    path = bad_file("bad.md", entry(fields(categories="[cs.LG, stat.ML, cs.LG]")))
    assert main(["--project", str(clean.root), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:6: categories: warning: 'cs.LG' is listed twice (expected each category once)" in out


REAL = entry(
    fields(
        id='"2503.17403"',
        title='"A paper with a second version"',
        date="2026-03-12",
        published="2025-03-21",
        updated="2025-04-02",
        categories="[cs.CL, cs.AI, q-bio.NC, cond-mat.str-el, physics.comp-ph, hep-th]",
    )
)


def test_real_values_check_clean_reach_the_api_and_move_the_feed_items_updated_date(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    project.write("content/papers/2503.17403.md", REAL)
    assert main(["--project", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == "Checked 1 entry: no problems.\n"
    assert main(["--project", str(project.root), "build"]) == 0
    site = project.root / "site"
    paper = json.loads((site / "api" / "papers" / "2503.17403.json").read_text())
    assert paper["updated"] == "2025-04-02"
    assert paper["categories"] == [
        "cs.CL",
        "cs.AI",
        "q-bio.NC",
        "cond-mat.str-el",
        "physics.comp-ph",
        "hep-th",
    ]
    atom = ET.parse(site / "feeds" / "atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    [item] = atom.findall("a:entry", ns)
    assert item.findtext("a:updated", namespaces=ns).startswith("2026-03-12")  # the digest date is later
    before = item.findtext("a:id", namespaces=ns)

    # A version newer than the digest day: the item's updated date follows it, its id does not move.
    project.write("content/papers/2503.17403.md", REAL.replace("updated: 2025-04-02", "updated: 2026-05-01"))
    assert main(["--project", str(project.root), "build"]) == 0
    atom = ET.parse(site / "feeds" / "atom.xml").getroot()
    [item] = atom.findall("a:entry", ns)
    assert item.findtext("a:updated", namespaces=ns).startswith("2026-05-01")
    assert item.findtext("a:published", namespaces=ns).startswith("2026-03-12")
    assert item.findtext("a:id", namespaces=ns) == before
    feed = json.loads((site / "feeds" / "feed.json").read_text())
    assert feed["items"][0]["date_modified"].startswith("2026-05-01")

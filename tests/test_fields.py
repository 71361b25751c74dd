"""The field table (generator/fields.py) is the one description of an entry's fields: validation,
the scaffold, the API schema and CONTRIBUTING.md all follow it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.commands.scaffold import render_entry
from generator.emit.api.schema import SCHEMA
from generator.fields import BY_NAME, FIELDS, FRONT_MATTER, Kind, with_table
from generator.validate.front_matter import KNOWN_FIELDS, REQUIRED

REPO = Path(__file__).resolve().parent.parent


def test_contributing_shows_the_current_table():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert with_table(text) == text, "run: .venv/bin/python -m generator.fields CONTRIBUTING.md"


def test_validation_knows_exactly_the_front_matter_fields():
    assert KNOWN_FIELDS == {field.name for field in FRONT_MATTER}
    assert REQUIRED == {field.name: field.expected for field in FRONT_MATTER if field.required}


def test_the_scaffold_writes_every_front_matter_field_in_table_order():
    text = render_entry(
        "x",
        "T",
        dt.date(2026, 3, 12),
        [],
        {},
        "An abstract.",
        comments=True,
        published=dt.date(2020, 8, 1),
        updated=dt.date(2020, 9, 1),
    )
    front = yaml.safe_load(text.split("---")[1])
    assert list(front) == [field.name for field in FRONT_MATTER]
    for field in FIELDS:
        for line in field.comment:
            assert line in text


@pytest.mark.parametrize("name", ["date", "published", "authors", "tags", "links"])
def test_api_descriptions_come_from_the_table(name):
    assert SCHEMA["$defs"]["paperSummary"]["properties"][name]["description"] == BY_NAME[name].api


def test_a_missing_required_field_says_what_the_table_expects(project, capsys):
    from generator.commands.cli import main

    for field in FRONT_MATTER:
        if field.required and field.kind is not Kind.BODY:
            project.entry("a")
            path = project.papers / "a.md"
            path.write_text(path.read_text().replace(f"\n{field.name}:", f"\nx{field.name}:", 1))
            assert main(["--project", str(project.root), "check"]) == 1
            assert f"{field.name}: is missing (expected {field.expected})" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["updated", "categories"])
def test_full_paper_api_descriptions_come_from_the_table(name):
    assert SCHEMA["$defs"]["paper"]["properties"][name]["description"] == BY_NAME[name].api

"""generator/deps/markdown.py watches Python-Markdown's processors from inside: the versions it covers."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from generator.deps.markdown import SITE, TESTED
from generator.validate.markdown_scan import scan_body


def _minor(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


@pytest.mark.parametrize("package", sorted(TESTED))
def test_the_installed_version_is_one_the_tests_cover(package):
    first, last = TESTED[package]
    installed = version(package)
    assert _minor(first) <= _minor(installed) <= _minor(last), (
        f"{package} {installed} is not a version generator/deps/markdown.py was checked with "
        f"({first} to {last}.x): run the tests, then widen TESTED and pyproject.toml's range"
    )


def test_site_extensions_are_mkdocs_yml_s():
    config = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    )
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert SITE == names


@pytest.mark.parametrize(
    "body, field, expected",
    [
        # Each hook into Python-Markdown's internals, seen working: if an internal moved, these fail.
        ("A <b>bold</b> word.", "raw_html", ("<b>", "</b>")),
        ("<div>\nblock\n</div>", "raw_html", ("<div>\nblock\n</div>",)),
        ("A paragraph.\n{: #custom .note }", "attribute_lists", (("id", "custom"), ("class", "note"))),
        ('```python title="x.py"\nprint(1)\n```', "fences", ('```python title="x.py"',)),
        ("```python\nprint(1)\n```", "fences", ()),
    ],
)
def test_each_internal_hook_still_sees_what_it_watches(body, field, expected):
    assert getattr(scan_body(body), field) == expected

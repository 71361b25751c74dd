"""generator/deps/markdown.py watches Python-Markdown's processors from inside: the versions it covers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.deps.markdown import SITE, TESTED
from generator.validate.markdown_scan import scan_body

from support import untested_version


@pytest.mark.parametrize("package", sorted(TESTED))
def test_the_installed_version_is_one_the_tests_cover(package):
    assert untested_version(package, TESTED, "generator/deps/markdown.py") is None


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

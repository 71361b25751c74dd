"""generator/deps/markdown.py watches Python-Markdown's processors from inside: the versions it covers."""

from __future__ import annotations

import html
import re
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


HOSTILE_BIBTEX = [
    "@misc{x,\n  title = {{<script>alert(1)</script> & \"quotes\" 'single'}},\n}",
    "@misc{y,\n  title = {{A \\{nested\\} brace}},\n  note = {```fence``` and `tick`},\n}",
    "@misc{z,\n  author = {Müller, Nießner and 李 and O'Brien},\n  url = {https://e.org/?a=1&b=<2>}\n}",
    "@misc{v,\n  title = {{One}},\n\n\n  note = {after blank lines\n\n    indented}\n}",
    "@article{w,\n  title = {{$x^2$ \\textbackslash{} 100\\% \\& \\_}},\n  month = mar,\n}",
]


def _text(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page_html))


def test_the_plain_code_block_reads_as_the_highlighted_fence(tmp_path):
    """Entry pages carry their BibTeX as a plain code block: in the site's Markdown, it must read as
    the fenced block did (same text, same wrapper), and pass through as it is."""
    import markdown

    from generator.build import generate
    from generator.emit.render import code_block

    from support import fence, make_content_project

    project = make_content_project(tmp_path / "seed")
    bib = [f.content.decode() for f in generate(project.root).files if f.path.endswith(".bib")]
    citations = [part if part.startswith("@") else "@" + part for text in bib for part in text.split("\n@")]
    citations = [part.strip() for part in citations if part.strip("@ \n")]
    assert len(citations) > 10
    site = markdown.Markdown(extensions=SITE, extension_configs={"toc": {"permalink": True}})
    for text in citations + HOSTILE_BIBTEX:
        fenced = site.reset().convert(fence(text, "bibtex"))
        plain = site.reset().convert(code_block(text))
        assert plain == code_block(text), text  # an HTML block: Python-Markdown leaves it as it is
        assert _text(plain) == _text(fenced), text
        assert plain.startswith('<div class="highlight"><pre><span></span><code>') and fenced.startswith(
            '<div class="highlight"><pre><span></span><code>'
        )

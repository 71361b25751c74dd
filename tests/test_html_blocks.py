"""generator/runtime/html_blocks.py: the same HTML as md_in_html alone, on every page we generate
and on hostile shapes; our blocks are stashed without md_in_html's parser, anything else is not."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.utils.meta import get_data

from generator.deps.markdown import SITE

CONFIG = {"toc": {"permalink": True}}
WITHOUT = [name for name in SITE if name != "generator.runtime.html_blocks"]


def converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    assert "generator.runtime.html_blocks" in SITE  # mkdocs.yml uses it (test_deps_markdown checks)
    return (
        markdown.Markdown(extensions=WITHOUT, extension_configs=CONFIG),
        markdown.Markdown(extensions=SITE, extension_configs=CONFIG),
    )


def convert_both(text: str) -> tuple[str, str, int]:
    """HTML without and with the extension, and how many blocks the extension stashed itself."""
    plain, fast = converters()
    stashed: list[str] = []
    stash = fast.preprocessors["pd_html_blocks"]
    run = stash.run

    def counting(lines):
        before = len(fast.htmlStash.rawHtmlBlocks)
        result = run(lines)
        stashed.extend(fast.htmlStash.rawHtmlBlocks[before:])
        return result

    stash.run = counting  # type: ignore[method-assign]
    return plain.convert(text), fast.convert(text), len(stashed)


@pytest.mark.parametrize("built", ["records_project", "seed_project"])
def test_every_generated_page_converts_the_same(built, request):
    """Real arXiv records (TeX, accents, long author lists) and the seed content, every page."""
    project = request.getfixturevalue(built)
    pages = sorted((project.root / "build" / "docs").rglob("*.md"))
    assert len(pages) > 50
    plain, fast = converters()
    different = []
    for path in pages:
        text, _ = get_data(path.read_text(encoding="utf-8"))
        plain.reset()
        fast.reset()
        if plain.convert(text) != fast.convert(text):
            different.append(path.relative_to(project.root).as_posix())
    assert different == []


ITEM = '<article class="pd-item">\n<p><a href="../x/">A &amp; B</a></p>\n</article>'
CASES = [
    # (name, Markdown, blocks the extension stashes)
    ("one block", '<div class="pd-meta">\n<p>x</p>\n</div>\n\nText.', 1),
    ("items that follow each other, one stash", f"Intro.\n\n{ITEM}\n{ITEM}\n\nAfter.", 1),
    ("nested divs balance", '<div class="a">\n<div class="b">x</div>\n</div>\n', 1),
    ("a code block's <pre>", "<pre><code>@misc{x,\n  title = {{A}},\n}</code></pre>\n", 1),
    ("inside a fence: left to the fence", "```\n<div>\n<p>x</p>\n</div>\n```\n", 0),
    ("inside a tilde fence", "~~~~\n<div>x</div>\n~~~~\n", 0),
    ("after a fence, ours again", "```\ncode\n```\n\n<div>x</div>\n", 1),
    ("md_in_html's markdown attribute", '<div markdown="1">\n*x*\n</div>\n', 0),
    ("unbalanced", "<div>\n<div>x</div>\n", 0),
    ("text after the close", "<div>x</div> and more\n", 0),
    ("a paragraph line right after", "<div>x</div>\nmore text\n", 0),
    ("right after a paragraph line", "Text.\n<div>x</div>\n", 0),
    ("a run ending in one not ours", f"{ITEM}\n<div>\n", 0),
    ("indented: a code block", "    <div>x</div>\n", 0),
    ("an inline tag first", "<span>x</span>\n", 0),
    ("closed, then another opened on its line", "<p>a</p> <p>b</p>\n", 0),
]


@pytest.mark.parametrize(("name", "text", "stashed"), CASES, ids=[case[0] for case in CASES])
def test_same_html_and_only_our_blocks_stashed(name, text, stashed):
    without, with_, count = convert_both(text)
    assert with_ == without
    assert count == stashed

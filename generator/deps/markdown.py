"""Everything we use of Python-Markdown (and pymdown-extensions) beyond its public API, in one place.

Python-Markdown's public API is `Markdown(extensions=...)`, `convert`, `reset` and registering our
own processors. To see what a contributed body holds the way the site's parser sees it, the notes
scanner also watches three of its processors from inside: the raw-HTML stash, attr_list's
assignments and superfences' option parsing. tests/test_deps_markdown.py names the versions these
were checked with and fails, naming the package, on any other.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown

TESTED = {"markdown": ("3.11", "3.11"), "pymdown-extensions": ("13.1", "13.1")}  # first and last minor tested

# mkdocs.yml's markdown_extensions, by name (tests/test_deps_markdown.py checks the two agree).
# Feeds render the notes with these (toc without its permalinks, site chrome a reader shows as
# stray characters); validation parses with those that change what a body means.
SITE = ["attr_list", "admonition", "footnotes", "tables", "md_in_html", "toc", "pymdownx.highlight",
        "pymdownx.superfences", "generator.runtime.html_blocks"]  # fmt: skip
PARSING = ["attr_list", "admonition", "footnotes", "tables", "fenced_code", "md_in_html"]
# Scanning mirrors the site's parser (superfences) but leaves out md_in_html, so any HTML block,
# even `<div markdown>`, is seen as the raw HTML it is; toc gives headings the site's ids.
SCANNING = ["attr_list", "admonition", "footnotes", "tables", "pymdownx.superfences", "toc"]


def record_raw_html(md: markdown.Markdown, found: Callable[[str], None]) -> None:
    """Call `found` with each raw HTML snippet the raw-HTML processors stash (block and inline)."""

    def recording(method):
        def run(*args):
            start = len(md.htmlStash.rawHtmlBlocks)
            result = method(*args)
            for block in md.htmlStash.rawHtmlBlocks[start:]:
                found(str(block))
            return result

        return run

    block = md.preprocessors["html_block"]
    block.run = recording(block.run)  # type: ignore[method-assign]  # Markdown has no hook: we wrap it
    inline = md.inlinePatterns["html"]
    inline.handleMatch = recording(inline.handleMatch)  # type: ignore[method-assign]  # (as above)


def record_attribute_lists(md: markdown.Markdown, found: Callable[[str, str], None]) -> None:
    """Call `found(name, value)` for every attribute a `{: ... }` list sets ('#id' as ('#', id))."""
    from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

    processor = md.treeprocessors["attr_list"]
    assert isinstance(processor, AttrListTreeprocessor), "the attr_list extension registers it by this name"
    assign = processor.assign_attrs

    def recording(elem, attrs_string, *args, **kwargs):
        for name, value in get_attrs_and_remainder(attrs_string)[0]:
            found(name, value)
        return assign(elem, attrs_string, *args, **kwargs)

    processor.assign_attrs = recording  # type: ignore[method-assign]  # Markdown has no hook: we wrap it


def record_fences(md: markdown.Markdown, found: Callable[[str], None]) -> None:
    """Call `found` with every fence opening line superfences parses (its options included)."""
    fenced = md.preprocessors["fenced_code_block"]
    for name in ("handle_unrecognized", "handle_attrs", "parse_options"):
        method = getattr(fenced, name)

        def recording(m, method=method):
            found(m.group(0))
            return method(m)

        setattr(fenced, name, recording)

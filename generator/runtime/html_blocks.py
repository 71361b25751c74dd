"""A Python-Markdown extension that stashes the HTML blocks we write whole without parsing them.

Our generated pages carry most of their markup as HTML blocks (emit/render.py and the page
templates): well formed, escaped, each a top-level element closed on its own line. md_in_html
reads every such block with Python's HTML parser, a call per tag, only to stash it unchanged
(~40% of converting an entry page). This preprocessor, run just before md_in_html's, finds those
blocks by their shape and stashes them itself, as md_in_html would; the page converts to the same
HTML (tests/test_html_blocks.py compares both conversions page by page on real records). Without
it (another Markdown-based site builder, say), the pages are the same: it is a shortcut, not syntax.

A block qualifies only when it starts a paragraph at column 0 with one of BLOCK_TAGS, its tag's
openings and closings balance at the end of a line followed by a blank line or the end of the
page, and it holds no `markdown` attribute. Blocks inside a fence are left alone; so is anything
else, which md_in_html then reads as before. Contributed Markdown (a paper's notes) may hold no
raw HTML at all (validate/notes.py), so outside fences such a block can only be ours.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

BLOCK_TAGS = ("div", "p", "ul", "ol", "pre", "table", "details", "article", "section", "nav")
_START = re.compile(rf"<({'|'.join(BLOCK_TAGS)})[\s>]")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_TAG_PATTERNS = {tag: re.compile(rf"<{tag}[\s>]|</{tag}>") for tag in BLOCK_TAGS}
PRIORITY = 21  # after normalize_whitespace (30), before md_in_html's html_block (20)


class HtmlBlockStash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence = ""
        index = 0
        while index < len(lines):
            line = lines[index]
            if fence:
                if line.startswith(fence[0]) and line.strip() == fence[0] * len(line.strip()) >= fence:
                    fence = ""
            elif match := _FENCE.match(line):
                fence = match.group(1)
            elif _START.match(line) and (not out or not out[-1].strip()):
                end = _run_end(lines, index)
                if end is not None:  # one stash for blocks that follow each other, as md_in_html
                    out.append(self.md.htmlStash.store("\n".join(lines[index : end + 1]) + "\n"))
                    index = end + 1
                    continue
            out.append(line)
            index += 1
        return out


def _run_end(lines: list[str], first: int) -> int | None:
    """The last line of the blocks that start at `first`, one after another, followed by a blank
    line or the end of the page; None if any of them is not one of ours."""
    end = None
    index = first
    while index < len(lines) and (start := _START.match(lines[index])):
        end = _block_end(lines, index, start.group(1))
        if end is None:
            return None
        index = end + 1
    if end is None or (index < len(lines) and lines[index].strip()):
        return None
    return end


def _block_end(lines: list[str], first: int, tag: str) -> int | None:
    """The index of the line that closes the block opened at `first`, or None if it is not ours:
    the element must close only once, at the very end of a line (md_in_html ends it there too)."""
    tags = _TAG_PATTERNS[tag]
    depth = 0
    for index in range(first, len(lines)):
        line = lines[index]
        if "markdown" in line:  # md_in_html's attribute (or the word in text): let it decide
            return None
        for found in tags.finditer(line):
            depth += -1 if found.group(0).startswith("</") else 1
            if depth == 0:
                return index if found.end() == len(line) else None
    return None


class HtmlBlockExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(HtmlBlockStash(md), "pd_html_blocks", PRIORITY)


def makeExtension(**kwargs) -> HtmlBlockExtension:  # noqa: N802 (how Python-Markdown loads it by name)
    return HtmlBlockExtension(**kwargs)

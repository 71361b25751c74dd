"""The Jinja environment for generated Markdown pages.

Templates produce Markdown, so autoescaping (HTML) is off; instead every
piece of contributed text goes through an explicit filter: `md` for text
shown on the page, `yaml` for front matter, `url` for link targets.
"""

from __future__ import annotations

import html
from functools import lru_cache

import jinja2

from generator.paths import url_of
from generator.text.authortext import abstract_html, inline_html, plain
from generator.text.escape import first_sentence, md_escape, relative_link, url_for_markdown, yaml_string


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md_escape,
        yaml=yaml_string,
        url=url_for_markdown,
        inline=inline_html,  # a title: math rendered, safe inside a Markdown line
        abstract_html=abstract_html,
        text=plain,  # a title or abstract as plain text
        first_sentence=first_sentence,
        html=_html_text,  # text inside an HTML block we write whole (MkDocs passes it through as it is)
    )
    return env


def render_page(template: str, path: str, **context) -> bytes:
    """Render one page; `link(target)` in the template is relative to `path`."""
    page = (
        environment()
        .get_template(template)
        .render(
            page_path=path,
            link=lambda target: relative_link(path, target),
            href=lambda target: href(path, target),
            **context,
        )
    )
    return page.encode("utf-8")


def code_block(text: str) -> str:
    """A code block as an HTML block, in the markup of the site's fenced code without highlighting.

    Highlighting the BibTeX block of every entry page with Pygments was ~10% of converting the page,
    and a pre-highlighted block costs as much again in Python-Markdown's HTML parser (a tag a token)."""
    return f'<div class="highlight"><pre><span></span><code>{_html_text(text)}\n</code></pre></div>'


def _html_text(text: str) -> str:
    """Text as HTML, escaped as Python-Markdown escapes the text of a paragraph (quotes as they are)."""
    return html.escape(text, quote=False)


def href(from_page: str, to_page: str) -> str:
    """The URL MkDocs writes for a link from one generated Markdown page to another (use_directory_urls).

    For links in the HTML blocks we write whole, which MkDocs passes through without resolving
    or checking them: generator/runtime/site_build.py checks them instead."""
    target = url_of(to_page) if to_page.endswith(".md") else to_page
    here = [part for part in url_of(from_page).split("/") if part]
    there = [part for part in target.split("/") if part]
    common = 0
    for mine, theirs in zip(here, there, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if target.endswith("/") or not target else relative

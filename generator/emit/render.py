"""The Jinja environment for generated Markdown pages.

Templates produce Markdown, so autoescaping (HTML) is off; instead every
piece of contributed text goes through an explicit filter: `md` for text
shown on the page, `yaml` for front matter, `url` for link targets.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2

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
    )
    return env


def render_page(template: str, path: str, **context) -> bytes:
    """Render one page; `link(target)` in the template is relative to `path`."""
    page = (
        environment()
        .get_template(template)
        .render(page_path=path, link=lambda target: relative_link(path, target), **context)
    )
    return page.encode("utf-8")

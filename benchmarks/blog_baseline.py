"""The baseline a user would otherwise pick: Material's blog and tags plugins with mkdocs-rss-plugin.

It turns the same content/papers into blog posts (date, tags as categories and
tags, the abstract as the post) and configures the nearest equivalent of our
site: paginated blog index and archive, category pages, a tags index, an RSS
feed. What it cannot do is listed in BENCHMARKS.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.load.content import load_content
from generator.load.settings import load_settings
from generator.validate.entries import validate

MKDOCS_YML = """\
site_name: Paper Digest (blog baseline)
site_url: https://example.org/
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.instant]
markdown_extensions: [attr_list, md_in_html, toc]
plugins:
  - blog:
      blog_dir: blog
      pagination_per_page: 50
      archive_date_format: MMMM yyyy
  - tags
  - rss:
      match_path: "blog/posts/.*"
      date_from_meta:
        as_creation: date
      categories: [categories]
      length: 50
      use_git: false
nav:
  - Blog: blog/index.md
  - Tags: tags.md
"""


def write_blog_project(source_root: Path, target: Path) -> int:
    """Write a blog project with one post per entry of `source_root`; return the number of posts."""
    catalog = validate(load_content(source_root), load_settings(source_root))
    titles = catalog.vocabulary.by_slug()
    shutil.rmtree(target, ignore_errors=True)
    posts = target / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (target / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (target / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    for entry in catalog.entries:
        meta = {
            "date": entry.date,
            "categories": [titles[t].title for t in entry.tags],
            "tags": [titles[t].title for t in entry.tags],
            "slug": entry.id,
        }
        body = f"# {entry.title}\n\n{entry.abstract}\n\n<!-- more -->\n\n{entry.notes}\n"
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + body
        (posts / f"{entry.id}.md").write_text(text, encoding="utf-8")
    return len(catalog.entries)

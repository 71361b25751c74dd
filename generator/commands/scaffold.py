"""Writing entry files: one format for `import` and `new`, every field present."""

from __future__ import annotations

import datetime as dt
import json

from generator.model import LINK_KINDS

# `paperdigest check` refuses an entry whose body still holds this sentence.
PLACEHOLDER_ABSTRACT = "Replace this paragraph with the paper's abstract."

# Comments for `paperdigest new`: field -> the comment lines written just above it.
COMMENTS = {
    "id": [
        "# The entry's id: lower-case letters, digits, '.', '-', '_'; the file is named <id>.md.",
        "# For an arXiv paper, its arXiv id without the version (e.g. 2403.01234).",
    ],
    "title": ["# The paper's title, exactly as on the paper."],
    "date": ["# The digest this entry belongs to, YYYY-MM-DD."],
    "authors": ["# Authors as written on the paper, one per line (may stay empty)."],
    "tags": [
        "# Tags from content/tags.yml, one per line; `paperdigest check` suggests the closest",
        "# tag for a mistyped one. Propose a new tag in content/tags.yml in the same pull request.",
    ],
    "links": ["# http(s) URLs only; leave a kind empty if there is none."],
    "related": [
        "# Ids of other entries this paper builds on or compares with (may stay empty).",
        "# In the body you can also link another entry as [text](other-id.md).",
    ],
    "body": [
        "# Below the closing '---': the abstract exactly as the authors wrote it (plain text, TeX math",
        "# such as $O(n^2)$ as on arXiv; it is not Markdown), then optionally a '## Notes' heading",
        "# with your notes in Markdown. Run `paperdigest check` when done.",
    ],
}


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def render_entry(
    entry_id: str,
    title: str,
    date: dt.date,
    tags: list[str],
    links: dict[str, str],
    body: str,
    authors: list[str] = (),
    related: list[str] = (),
    comments: bool = False,
    published: dt.date | None = None,
    updated: dt.date | None = None,
    categories: list[str] = (),
) -> str:
    """An entry file. `published`, `updated` and `categories` are written only when given (an
    import from arXiv knows them; a hand-written entry need not)."""

    def comment(field: str) -> list[str]:
        return COMMENTS[field] if comments else []

    lines = ["---"]
    lines += comment("id") + [f"id: {_quoted(entry_id)}"]
    lines += comment("title") + [f"title: {_quoted(title)}"]
    lines += comment("date") + [f"date: {date.isoformat()}"]
    lines += [f"published: {published.isoformat()}"] if published else []
    lines += [f"updated: {updated.isoformat()}"] if updated else []
    lines += comment("authors") + _list("authors", authors)
    lines += comment("tags") + _list("tags", tags)
    lines += _list("categories", categories) if categories else []
    lines += comment("links") + ["links:"]
    for kind in LINK_KINDS:
        url = links.get(kind)
        lines.append(f"  {kind}: {_quoted(url) if url else ''}".rstrip())
    lines += comment("related") + _list("related", related)
    lines += comment("body")
    lines += ["---", "", body.strip(), ""]
    return "\n".join(lines)


def _list(name: str, values) -> list[str]:
    if not values:
        return [f"{name}: []"]
    return [f"{name}:"] + [f"  - {_quoted(value)}" for value in values]

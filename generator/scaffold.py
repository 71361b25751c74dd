"""Writing entry files: one format for `import` and `new`, every field present."""
from __future__ import annotations

import datetime as dt
import json

from .model import LINK_KINDS


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def render_entry(entry_id: str, title: str, date: dt.date, tags: list[str], links: dict[str, str],
                 body: str, authors: list[str] = (), related: list[str] = (), comments: bool = False) -> str:
    lines = ["---", f"id: {_quoted(entry_id)}", f"title: {_quoted(title)}", f"date: {date.isoformat()}"]
    if comments:
        lines.append("# Authors as written on the paper, one per line.")
    lines += _list("authors", authors)
    if comments:
        lines.append("# Tags from content/tags.yml (run `paperdigest check` to validate).")
    lines += _list("tags", tags)
    if comments:
        lines.append("# http(s) URLs only; leave a kind empty if there is none.")
    lines.append("links:")
    for kind in LINK_KINDS:
        url = links.get(kind)
        lines.append(f"  {kind}: {_quoted(url) if url else ''}".rstrip())
    if comments:
        lines.append("# Ids of other entries this paper builds on or compares with.")
    lines += _list("related", related)
    lines += ["---", "", body.strip(), ""]
    return "\n".join(lines)


def _list(name: str, values) -> list[str]:
    if not values:
        return [f"{name}: []"]
    return [f"{name}:"] + [f"  - {_quoted(value)}" for value in values]

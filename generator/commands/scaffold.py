"""Writing entry files: one format for `import` and `new`, every field present."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from generator.fields import FIELDS, FRONT_MATTER, LINK_KINDS, Field, Kind

# Comments for `paperdigest new`: field -> the comment lines written just above it.
COMMENTS = {field.name: list(field.comment) for field in FIELDS}


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def render_entry(
    entry_id: str,
    title: str,
    date: dt.date,
    tags: list[str],
    links: dict[str, str],
    body: str,
    authors: Sequence[str] = (),
    related: Sequence[str] = (),
    comments: bool = False,
    published: dt.date | None = None,
    updated: dt.date | None = None,
    categories: Sequence[str] = (),
) -> str:
    """An entry file: the front matter in the field table's order, then the body.
    Optional dates are written only when known; every other field is, empty or not."""
    values = {"id": entry_id, "title": title, "date": date, "published": published, "updated": updated}
    values |= {"authors": authors, "tags": tags, "categories": categories, "links": links, "related": related}
    lines = ["---"]
    for field in FRONT_MATTER:
        value = values[field.name]
        if field.kind is Kind.DATE and value is None:
            continue
        lines += (COMMENTS[field.name] if comments else []) + _lines(field, value)
    lines += COMMENTS["abstract"] if comments else []
    lines += ["---", "", body.strip(), ""]
    return "\n".join(lines)


def _lines(field: Field, value) -> list[str]:
    if field.kind is Kind.TEXT:
        return [f"{field.name}: {_quoted(value)}"]
    if field.kind is Kind.DATE:
        return [f"{field.name}: {value.isoformat()}"]
    if field.kind is Kind.LINKS:
        return [f"{field.name}:"] + [
            f"  {kind}: {_quoted(value[kind]) if value.get(kind) else ''}".rstrip() for kind in LINK_KINDS
        ]
    if not value:
        return [f"{field.name}: []"]
    return [f"{field.name}:"] + [f"  - {_quoted(item)}" for item in value]

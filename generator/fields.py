"""Every field of an entry, described once.

This table drives validation (which fields exist, which are required, what a message says was
expected: generator/validate/entries.py), the file `paperdigest new` and `import` write, with its
comments (generator/commands/scaffold.py), the JSON API's schema descriptions
(generator/emit/api/schema.py) and the field table in CONTRIBUTING.md (tests/test_fields.py checks it;
`python -m generator.fields CONTRIBUTING.md` rewrites it).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Kind(Enum):
    TEXT = "text"
    DATE = "date"
    TEXT_LIST = "list of text"
    LINKS = "mapping of link kinds to URLs"
    BODY = "the file's body"  # written below the front matter, not in it


LINK_KINDS = ("arxiv", "pdf", "code", "project")
LINK_LABELS = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "code": "Code",
    "project": "Project page",
}  # as pages show them
# `paperdigest check` refuses an entry whose body still holds this sentence.
PLACEHOLDER_ABSTRACT = "Replace this paragraph with the paper's abstract."


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool
    expected: str  # what a problem message says was expected: "(expected ...)"
    doc: str  # the CONTRIBUTING table's "What it holds" (Markdown)
    comment: tuple[str, ...] = ()  # the comment `paperdigest new` writes above it
    api: str = ""  # its description in the JSON API's schema, when the API carries it


FIELDS = (
    Field(
        "id",
        Kind.TEXT,
        True,
        "the entry's id, which is also the file name without '.md'",
        "Lower-case letters, digits, `.`, `-`, `_`; starts and ends with a letter or digit; at most 120 "
        "characters. The file is named `<id>.md`. For an arXiv paper, its arXiv id without version "
        "(`1908.09791`). It becomes the page URL, `papers/<id>/`.",
        (
            "# The entry's id: lower-case letters, digits, '.', '-', '_'; the file is named <id>.md.",
            "# For an arXiv paper, its arXiv id without the version (e.g. 2403.01234).",
        ),
    ),
    Field(
        "title",
        Kind.TEXT,
        True,
        "the paper's title",
        'The paper\'s title as printed, at most 300 characters. Quote it (`"..."`) when it contains `: `.',
        ("# The paper's title, exactly as on the paper.",),
    ),
    Field(
        "date",
        Kind.DATE,
        True,
        "the digest date as YYYY-MM-DD",
        "The digest the paper appears in, `YYYY-MM-DD`. Papers are grouped by it into dated digests.",
        ("# The digest this entry belongs to, YYYY-MM-DD.",),
        "The digest date, YYYY-MM-DD.",
    ),
    Field(
        "published",
        Kind.DATE,
        False,
        "the paper's own date as YYYY-MM-DD",
        "The paper's own date (its first version), `YYYY-MM-DD`. Without it, an arXiv paper's date is the "
        "month in its id (`2008.01234`: August 2020); "
        "citations (`year`, `citation_publication_date`) use it.",
        api="The paper's own date: YYYY-MM-DD when known, else the month of its arXiv id.",
    ),
    Field(
        "updated",
        Kind.DATE,
        False,
        "the date of the paper's newest version as YYYY-MM-DD, not before `published`",
        "The date of the paper's newest version, `YYYY-MM-DD`, when it has more than one (`paperdigest "
        "enrich` records it). Feeds show it as the item's updated date; the item's id stays.",
        api="The date of the paper's newest version, YYYY-MM-DD, when it has more than one.",
    ),
    Field(
        "authors",
        Kind.TEXT_LIST,
        False,
        "one author per item",
        "A list, one author per item, as written on the paper.",
        ("# Authors as written on the paper, one per line (may stay empty).",),
        "The authors as written on the paper, in order.",
    ),
    Field(
        "tags",
        Kind.TEXT_LIST,
        False,
        "tags from content/tags.yml",
        "A list of tags from `content/tags.yml` (see below).",
        (
            "# Tags from content/tags.yml, one per line; `paperdigest check` suggests the closest",
            "# tag for a mistyped one. Propose a new tag in content/tags.yml in the same pull request.",
        ),
        "Tag slugs, see tags.json.",
    ),
    Field(
        "categories",
        Kind.TEXT_LIST,
        False,
        "arXiv categories such as cs.LG, primary first",
        "A list of the paper's arXiv categories (`cs.LG`, `hep-th`, `physics.comp-ph`), primary first, "
        "as arXiv files it; `import` and `enrich` write them and suggest tags from them.",
        ("# arXiv categories, primary first (e.g. cs.LG, stat.ML); may stay empty.",),
        api="The paper's arXiv categories, primary first, when known.",
    ),
    Field(
        "links",
        Kind.LINKS,
        False,
        f"a mapping of {', '.join(LINK_KINDS)} to URLs",
        "A mapping with `arxiv`, `pdf`, `code` and `project`, each an `http(s)` URL or empty. `arxiv` must "
        "be an `https://arxiv.org/abs/<id>` (or `/pdf/`) URL.",
        ("# http(s) URLs only; leave a kind empty if there is none.",),
        "Links by kind; a kind without a link is absent.",
    ),
    Field(
        "related",
        Kind.TEXT_LIST,
        False,
        "ids of other entries",
        "A list of ids of other entries this paper builds on, extends or compares with.",
        (
            "# Ids of other entries this paper builds on or compares with (may stay empty).",
            "# In the body you can also link another entry as [text](other-id.md).",
        ),
    ),
    Field(
        "abstract",
        Kind.BODY,
        True,
        "the abstract, as the authors wrote it, after the closing '---' line",
        "The body below the front matter: the abstract exactly as the authors wrote it (TeX math as on "
        "arXiv; not Markdown).",
        (
            "# Below the closing '---': the abstract exactly as the authors wrote it (plain text, TeX math",
            "# such as $O(n^2)$ as on arXiv; it is not Markdown), then optionally a '## Notes' heading",
            "# with your notes in Markdown. Run `paperdigest check` when done.",
        ),
    ),
    Field(
        "notes",
        Kind.BODY,
        False,
        "Markdown after a '## Notes' heading",
        "Optional, after the abstract: a `## Notes` heading, "
        "then the curator's notes in Markdown (see below).",
    ),
)

BY_NAME = {field.name: field for field in FIELDS}
FRONT_MATTER = tuple(field for field in FIELDS if field.kind is not Kind.BODY)
REQUIRED = tuple(field for field in FRONT_MATTER if field.required)


def markdown_table() -> str:
    """CONTRIBUTING.md's field table."""
    rows = ["| Field | Required | What it holds |", "| --- | --- | --- |"]
    rows += [f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.doc} |" for f in FIELDS]
    return "\n".join(rows) + "\n"


START, END = "<!-- fields: start (generator/fields.py) -->\n", "<!-- fields: end -->\n"


def with_table(document: str) -> str:
    """`document` with the text between the markers replaced by the current table."""
    head, _, rest = document.partition(START)
    _, _, tail = rest.partition(END)
    return head + START + markdown_table() + END + tail


if __name__ == "__main__":  # python -m generator.fields CONTRIBUTING.md
    path = Path(sys.argv[1])
    path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")

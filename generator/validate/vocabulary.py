"""The controlled tag vocabulary (content/tags.yml): parse, check, suggest."""

from __future__ import annotations

import difflib
import re

from generator.errors import Problem, shorten
from generator.identifiers import SAFE_ID
from generator.load.files import VOCABULARY_FILE
from generator.model import Tag, Vocabulary
from generator.validate.charcheck import char_problem, one_line_problem

TAG_FIELDS = {"title", "description", "aliases", "keywords"}


def parse_vocabulary(data: object, lines: dict, problems: list[Problem]) -> Vocabulary:
    if data is None:
        # Missing, not UTF-8 or not YAML (reported when loading): every tag would be "unknown".
        return Vocabulary((), unreadable=any(p.path == VOCABULARY_FILE for p in problems))
    if not isinstance(data, dict):
        problems.append(
            Problem(
                VOCABULARY_FILE,
                1,
                "file",
                "is not a mapping of tags (expected 'slug:' entries, each with a title, description, "
                "aliases and keywords)",
            )
        )
        return Vocabulary((), unreadable=True)
    tags = []
    broken = set()
    seen_aliases: dict[str, str] = {}
    for slug, spec in data.items():
        line = lines.get((slug,), 1)

        def report(field: str, message: str, slug: str = slug, line: int = line) -> None:
            problems.append(
                Problem(
                    VOCABULARY_FILE,
                    lines.get((slug, field), line),
                    f"{slug}.{field}" if field else slug,
                    message,
                )
            )

        if not SAFE_ID.match(str(slug)):
            report("", f"'{slug}' is not a valid tag slug (expected lower-case letters, digits and '-')")
            broken.add(str(slug))
            continue
        if not isinstance(spec, dict):
            report("", "is not a mapping (expected a title, description, aliases and keywords)")
            broken.add(str(slug))
            continue
        for unknown in sorted(set(spec) - TAG_FIELDS):
            report(str(unknown), f"unknown field (expected one of {', '.join(sorted(TAG_FIELDS))})")
        title = spec.get("title")
        description = spec.get("description")
        if not isinstance(title, str) or not title.strip():
            report("title", "is missing or empty (expected a short title, shown on pages)")
        if not isinstance(description, str) or not description.strip():
            report("description", "is missing or empty (expected a one-line description)")
        for field, visible in (("title", True), ("description", False)):  # shown on pages and in feeds
            value = spec.get(field)
            if isinstance(value, str):
                if problem := char_problem(value, invisible=visible):
                    report(field, problem)
                else:
                    _check_one_line(value, field, report)  # line breaks: a tag's text is one line
        aliases = _strings(spec.get("aliases"), "aliases", report)
        keywords = _strings(spec.get("keywords"), "keywords", report)
        for field, words in (("aliases", aliases), ("keywords", keywords)):
            for word in words:
                if _check_one_line(word, field, report):
                    break
        for alias in aliases:
            owner = seen_aliases.setdefault(alias.lower(), slug)
            if owner != slug or alias.lower() in data:
                report(
                    "aliases",
                    f"alias '{alias}' is already used by tag '{owner if owner != slug else alias.lower()}' "
                    "(expected each alias to name one tag)",
                )
        # One line whatever was reported: a title or description is printed into Markdown lines
        # (escaped, by md_escape) on five page kinds, where a line break would start a new block.
        tags.append(
            Tag(
                slug,
                _one_line(str(title or slug)),
                _one_line(str(description or "")),
                tuple(map(_one_line, aliases)),
                tuple(map(_one_line, keywords)),
            )
        )
    return Vocabulary(tuple(tags), broken=frozenset(broken))


def _check_one_line(text: str, field: str, report) -> bool:
    problem = one_line_problem(text)
    if problem:
        report(field, f"{shorten(text)} {problem}")
    return problem is not None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _strings(value: object, field: str, report) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report(field, "is not a list of words (expected a list such as [word, another word])")
        return ()
    return tuple(v.strip() for v in value)


def closest_tag(vocabulary: Vocabulary, word: str) -> str | None:
    """The tag a mistyped word most likely meant, looking at slugs and aliases."""
    slug_of = {tag.slug: tag.slug for tag in vocabulary.tags} | vocabulary.canonical()
    matches = difflib.get_close_matches(word.lower(), list(slug_of), n=1, cutoff=0.6)
    return slug_of[matches[0]] if matches else None


def suggest_tags(vocabulary: Vocabulary, text: str, limit: int = 4) -> list[str]:
    """Tags whose keywords occur in `text` (title and abstract), best first.

    A keyword matches at word starts, case-insensitively, so 'quantiz'
    matches 'quantization' and 'quantized'; the score is how many distinct
    keywords of the tag occur, ties broken by vocabulary order. TeX is not
    prose: math and control words are left out first (see `without_tex`).
    """
    lowered = without_tex(text).lower()
    scored = []
    for order, tag in enumerate(vocabulary.tags):
        hits = sum(1 for keyword in tag.keywords if _at_word_start(keyword.lower(), lowered))
        if hits:
            scored.append((-hits, order, tag.slug))
    return [slug for _, _, slug in sorted(scored)[:limit]]


def _at_word_start(keyword: str, text: str) -> bool:
    """`keyword` occurs in `text` where no letter or digit comes just before it (what
    `(?<![a-z0-9])keyword` matches, found with str.find: import suggests tags for thousands of papers)."""
    start = text.find(keyword)
    while start != -1:
        if start == 0 or not ("a" <= text[start - 1] <= "z" or "0" <= text[start - 1] <= "9"):
            return True
        start = text.find(keyword, start + 1)
    return False


# TeX in titles and abstracts (arXiv keeps the authors' source): math, in any of its four
# delimiters, and control words (a backslash and letters: \mathbb, \emph). A control word's
# argument in braces stays, so \emph{math} still reads "math". \$ is a dollar sign, not math.
_TEX = re.compile(
    r"""
    (?<!\\)\$\$.+?\$\$                    # $$ display math $$
  | \\\[.+?\\\]                           # \[ display math \]
  | \\\(.+?\\\)                           # \( inline math \)
  | (?<!\\)\$(?:\\.|[^$\\])+\$            # $ inline math $ (\$ inside is a dollar sign)
  | \\[A-Za-z]+                           # a control word
""",
    re.S | re.X,
)


def without_tex(text: str) -> str:
    """`text` with TeX math and control words replaced by spaces (so no two words join)."""
    return _TEX.sub(" ", text)

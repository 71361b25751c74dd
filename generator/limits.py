"""Size limits on contributed files, taken from real data (see CONTRIBUTING, "Limits").

Measured on the real-records corpus (tests/realdata.py: 11,249 arXiv records,
../shared/realdata/): the longest title is 210 characters, the longest
abstract 1,934 (arXiv itself caps abstracts near 1,920), the longest author
list 274 names, the longest author name 44 characters, the largest record
6.5 KB. Each limit is far above that, and above the largest papers there are:
the ATLAS+CMS Higgs-mass paper has 5,154 authors, about 130 KB as an entry.
"""

from __future__ import annotations

import re

MAX_FILE_BYTES = 256 * 1024  # an entry file; a 5,154-author entry is about 130 KB
MAX_VOCABULARY_BYTES = 1024 * 1024  # content/tags.yml
MAX_ABSTRACT = 10_000  # characters; real maximum 1,934
MAX_AUTHORS = 6_000  # names; real maximum 274, largest known paper 5,154
MAX_AUTHOR = 300  # characters in one name; real maximum 44
MAX_YAML_DEPTH = 10  # nested lists and mappings in front matter; an entry needs 2
LINK_SCAN_BUDGET = 1_000_000  # characters Markdown may scan looking for links' closing ')'

# What Markdown looks for after each opening, reading to the end of the text when it is missing.
_OPENINGS = (
    ("links", re.compile(r"\]\s*\("), re.compile(r"[()]"), "(", ")"),
    ("'['", re.compile(r"\["), re.compile(r"[\[\]]"), "[", "]"),
    ("'<'", re.compile(r"<"), re.compile(r"[<>]"), None, ">"),
)


def unclosed_markup(notes: str) -> tuple[int, str, str] | None:
    """(offset, what, its closing character) of the first unclosed opening, when Markdown would scan too much.

    Python-Markdown looks for the ')' closing each '[text](', the ']' closing each '[' and
    the '>' closing each '<' by reading on to the end of the text when there is none:
    40 KB of '[a](' take it 40 s, of '[' 185 s, of '<a ' 13 s. This counts what it would
    read, stopping once the count passes LINK_SCAN_BUDGET, so the count itself stays linear.
    """
    budget = LINK_SCAN_BUDGET
    for what, opening_pattern, either, nests, close in _OPENINGS:
        first_unclosed = None
        for opening in opening_pattern.finditer(notes):
            depth, end = 1, len(notes)
            for found in either.finditer(notes, opening.end()):
                if found.group() == close:
                    depth -= 1
                elif nests:
                    depth += 1
                if depth == 0:
                    end = found.end()
                    break
                if found.end() - opening.end() > budget:
                    break
            if depth and first_unclosed is None:
                first_unclosed = opening.start()
            budget -= end - opening.end()
            if budget < 0:
                return (first_unclosed if first_unclosed is not None else opening.start()), what, close
    return None

"""arXiv ids as curators paste them: 2403.01234, 2403.01234v2, arXiv:2403.01234, abs/pdf URLs."""

from __future__ import annotations

import re

from generator.errors import PaperDigestError
from generator.identifiers import ARXIV_URL, arxiv_base, arxiv_id_problem, arxiv_id_problem_any

_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|\s)#.*")  # a URL's '#fragment' is not a comment


def parse_id(value: str, source: str = "--arxiv", old_style: bool = True) -> str:
    """The id as written (version kept), or a one-line error naming `source`. Without `old_style`
    only modern ids pass (an old one, hep-th/9901001, cannot name an entry's file)."""
    text = _PREFIX.sub("", value.strip())
    match = ARXIV_URL.match(text)
    arxiv_id = match.group("id") if match else text
    problem = (arxiv_id_problem_any if old_style else arxiv_id_problem)(arxiv_id)
    if problem:
        raise PaperDigestError(f"{source}: {problem}")
    return arxiv_id


def parse_id_file(text: str, source: str) -> list[str]:
    """One id or URL a line; blank lines and '#' comments are skipped."""
    ids = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", line).strip()
        if line:
            ids.append(parse_id(line, f"{source}:{number}"))
    if not ids:
        raise PaperDigestError(f"{source}: no arXiv id found (expected one id or arxiv.org URL a line)")
    return ids


def base(arxiv_id: str) -> str:
    """The id without its version (2403.01234v2 -> 2403.01234)."""
    return arxiv_base(arxiv_id) or arxiv_id


def unique(ids: list[str]) -> list[str]:
    """One id per paper (2403.01234 and 2403.01234v2 are one paper: the first written wins)."""
    seen: dict[str, str] = {}
    for arxiv_id in ids:
        seen.setdefault(base(arxiv_id), arxiv_id)
    return list(seen.values())


def looks_like_id_list(text: str) -> bool:
    lines = [_COMMENT.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return False
    try:
        for line in lines[:50]:
            parse_id(line)
    except PaperDigestError:
        return False
    return True

"""Writing entry files so that no reader (a build, `serve`, git) ever sees half of one, and a new
file never replaces one that exists."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from generator.errors import ContentError, PaperDigestError, Problem, Severity
from generator.load.content import Content, load_content
from generator.load.documents import load_document
from generator.load.settings import load_settings
from generator.model import Catalog
from generator.validate.entries import validate


def write_new(target: Path, text: str) -> None:
    """Write `target` whole or not at all, and never over a file that exists (even one that
    appeared meanwhile): the text goes to a temporary file, then is linked to its name."""
    temporary = _temporary(target, text)
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise PaperDigestError(
            f"{target.as_posix()}: appeared while importing (expected a new file)"
        ) from None
    finally:
        temporary.unlink()


def write_replacing(target: Path, text: str) -> None:
    """Replace `target` atomically: a reader sees the old file or the new one, never half of one."""
    os.replace(_temporary(target, text), target)


def _temporary(target: Path, text: str) -> Path:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return temporary


def entry_checker(root: Path) -> tuple[Catalog, Callable[[str, str], str | None]]:
    """The project's catalog, and a check of an entry file's text before it is written: what arXiv
    or Hugging Face send is checked like any contribution. The check gives the first error line,
    or None."""
    content, settings = load_content(root), load_settings(root)
    catalog = validate(content, settings)

    def check(rel: str, text: str) -> str | None:
        temporary = _temporary(root / rel, text)
        try:
            problems: list[Problem] = []
            document = load_document(root, temporary, problems, rel)
            if document is None:
                return str(problems[0])
            try:
                validate(Content((document,), content.vocabulary, content.vocabulary_lines, ()), settings)
            except ContentError as error:
                return next(str(p) for p in error.problems if p.severity is Severity.ERROR)
            return None
        finally:
            temporary.unlink()

    return catalog, check

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


def write_new(target: Path, text: str, exists: str = "") -> None:
    """Write `target` whole or not at all, and never over a file that exists (even one that
    appeared meanwhile): the text goes to a temporary file, then is linked to its name.
    `exists`: the error when the file is there (by default, import's)."""
    temporary = _temporary(target, text)
    try:
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: still never over an existing file
            with open(target, "x", encoding="utf-8") as handle:
                handle.write(text)
    except FileExistsError:
        raise PaperDigestError(
            exists or f"{target.as_posix()}: appeared while importing (expected a new file)"
        ) from None
    finally:
        temporary.unlink()


def write_replacing(target: Path, text: str) -> None:
    """Replace `target` atomically: a reader sees the old file or the new one, never half of one."""
    os.replace(_temporary(target, text), target)


def _temporary(target: Path, text: str, durable: bool = True) -> Path:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        if durable:  # on disk before it takes the entry's name
            handle.flush()
            os.fsync(handle.fileno())
    return temporary


Checker = Callable[[dict[str, str]], dict[str, str]]


def entry_checker(root: Path) -> tuple[Catalog, Checker]:
    """The project's catalog, and a check of entry files' texts before they are written: what arXiv
    or Hugging Face send is checked like any contribution. The check takes {path: text} and gives
    {path: its first error line} for the texts that would not pass `paperdigest check`."""
    content, settings = load_content(root), load_settings(root)
    catalog = validate(content, settings)
    known = {entry.id for entry in catalog.entries}

    def check(texts: dict[str, str]) -> dict[str, str]:
        problems: list[Problem] = []
        documents, temporaries = [], []
        try:
            for rel, text in texts.items():
                temporaries.append(_temporary(root / rel, text, durable=False))
                document = load_document(root, temporaries[-1], problems, rel)
                if document is not None:
                    documents.append(document)
            try:  # one validation for all: the vocabulary is read once
                validate(
                    Content(tuple(documents), content.vocabulary, content.vocabulary_lines, ()),
                    settings,
                    known_ids=known,
                )
            except ContentError as error:
                problems += error.problems
        finally:
            for temporary in temporaries:
                temporary.unlink()
        first: dict[str, str] = {}
        for problem in problems:
            if problem.severity is Severity.ERROR:
                first.setdefault(problem.path, str(problem))
        return first

    return catalog, check

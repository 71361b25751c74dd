"""Stage 1, load: the only code that reads `content/`.

Loading never judges a field; it only turns files into `Document`s and
records what could not even be parsed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from generator.errors import Problem, Severity
from generator.load.documents import Document, QuickYAMLHandler, load_document
from generator.load.files import (
    PAPERS_DIR,
    SYMLINK,
    SYMLINKED_FOLDER,
    Refused,
    file_kind,
    linked_folder,
    read_bounded,
    relative,
)
from generator.load.vocabulary import load_vocabulary

NOT_PUBLISHED = "expected content/papers/<id>.md"


@dataclass(frozen=True)
class Content:
    documents: tuple[Document, ...]
    vocabulary: object  # as parsed: validate.vocabulary.parse_vocabulary checks it
    vocabulary_lines: dict
    problems: tuple[Problem, ...]  # files that could not be parsed at all


def paper_paths(root: Path) -> list[Path]:
    """Every entry file, in a stable order (symlinks too: loading refuses them); none through a symlinked
    folder."""
    if linked_folder(root, root / PAPERS_DIR / "x"):
        return []
    folder = root / PAPERS_DIR
    return [folder / name for name, _, _, is_dir in _listing(root) if name.endswith(".md") and not is_dir]


def load_content(root: Path, only: list[Path] | None = None) -> Content:
    """Read every entry under content/papers (or just `only`) and the vocabulary."""
    problems: list[Problem] = []
    linked = linked_folder(root, root / PAPERS_DIR / "x")
    if linked:
        problems.append(Problem(linked, 0, "file", SYMLINKED_FOLDER))
        documents = []
    elif only is None:
        listing = _listing(root)
        _report_stray_files(root, listing, problems)
        documents = [
            load_document(root, path, problems, rel, folder_checked=True)
            for path, rel in _entry_files(root, listing)
        ]
    else:
        documents = [load_document(root, path, problems) for path in only]
    vocabulary, vocabulary_lines = load_vocabulary(root, problems)
    return Content(
        tuple(d for d in documents if d is not None), vocabulary, vocabulary_lines, tuple(problems)
    )


def _listing(root: Path) -> list[tuple[str, bool, bool, bool]]:
    """(name, is a symlink, is a file, is a folder) of everything in content/papers, by name; one scandir, no
    stat per file.

    `is a file` does not follow symlinks: a symlink is never taken for a file.
    """
    try:
        with os.scandir(root / PAPERS_DIR) as found:
            return sorted(
                (
                    item.name,
                    item.is_symlink(),
                    item.is_file(follow_symlinks=False),
                    item.is_dir(follow_symlinks=False),
                )
                for item in found
            )
    except OSError:
        return []


def _entry_files(root: Path, listing) -> list[tuple[str, str | None]]:
    """paper_paths(root), each with its relative path when known without resolving it.

    Resolving every path costs a syscall per path component; only a symlinked
    file can resolve elsewhere than its folder does, so only those are resolved.
    """
    folder = root / PAPERS_DIR
    folder_rel = relative(root, folder) if listing else ""
    base = str(folder)
    return [
        (os.path.join(base, name), None if link else f"{folder_rel}/{name}")
        for name, link, _, is_dir in listing
        if name.endswith(".md") and not is_dir
    ]


def load_fields_quickly(root: Path, paths: list[Path]) -> list[Document]:
    """Front matter only, every value a string, no line numbers and no problems.

    For entries a partial check does not look at but must know (ids, titles,
    arXiv ids): libyaml reads them several times faster than the full loader.
    """
    documents = []
    for path in paths:
        try:
            text = read_bounded(path).decode("utf-8")
            meta, _ = frontmatter.parse(text, handler=QuickYAMLHandler())
        except (Refused, UnicodeDecodeError, ValueError, RecursionError, yaml.YAMLError):
            continue
        if isinstance(meta, dict):
            documents.append(Document(relative(root, path), meta, {}, "", 0))
    return documents


# path -> (its stat, its memo key): within one process, a file whose stat did not
# change is not read again (`paperdigest serve` rebuilds after each edit).


def _report_stray_files(root: Path, listing, problems: list[Problem]) -> None:
    """Files in content/papers that are not entries would be silently ignored: say so."""
    folder = root / PAPERS_DIR
    for name, link, is_file, is_dir in listing:
        path = folder / name
        rel = f"{PAPERS_DIR}/{name}"
        if name.startswith(".") or (path.suffix == ".md" and not is_dir):
            continue  # a symlink, FIFO or device named .md is refused, naming what it is, when it is loaded
        if link:
            problems.append(Problem(rel, 0, "file", SYMLINK))
        elif is_dir:
            problems.append(
                Problem(rel, 0, "file", f"is a folder: nothing in it is published ({NOT_PUBLISHED})")
            )
        elif not is_file:
            problems.append(
                Problem(
                    rel,
                    0,
                    "file",
                    f"is {file_kind(os.lstat(path).st_mode)}, not a regular file "
                    "(expected content/papers/ to hold only <id>.md files)",
                )
            )
        elif path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd"):
            problems.append(
                Problem(rel, 0, "file", f"is not published: only '.md' files are entries ({NOT_PUBLISHED})")
            )
        else:
            problems.append(
                Problem(
                    rel,
                    0,
                    "file",
                    "is ignored: not an entry (expected content/papers/ to hold only <id>.md files)",
                    Severity.WARNING,
                )
            )

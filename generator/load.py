"""Stage 1, load: the only code that reads `content/`.

Loading never judges a field; it only turns files into `Document`s and
records what could not even be parsed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from .errors import Problem
from .yamlsafe import error_line, error_summary, load_with_lines

PAPERS_DIR = "content/papers"
VOCABULARY_FILE = "content/tags.yml"


@dataclass(frozen=True)
class Document:
    path: str  # relative to the project root
    meta: dict | None  # None when the file could not be parsed
    lines: dict  # path tuple -> 1-based line, see yamlsafe.load_with_lines
    body: str
    body_line: int  # the line the body starts on

    def line_of(self, *path) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


@dataclass(frozen=True)
class Content:
    documents: tuple[Document, ...]
    vocabulary: dict | None
    vocabulary_lines: dict
    problems: tuple[Problem, ...]  # files that could not be parsed at all


def load_content(root: Path, only: list[Path] | None = None) -> Content:
    """Read every entry under content/papers (or just `only`) and the vocabulary."""
    problems: list[Problem] = []
    documents = []
    for path in only if only is not None else sorted((root / PAPERS_DIR).glob("*.md")):
        document = load_document(root, path, problems)
        if document is not None:
            documents.append(document)
    vocabulary, vocabulary_lines = _load_vocabulary(root, problems)
    return Content(tuple(documents), vocabulary, vocabulary_lines, tuple(problems))


def load_document(root: Path, path: Path, problems: list[Problem]) -> Document | None:
    rel = _relative(root, path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(rel, 0, "", f"cannot read file ({error.strerror})"))
        return None
    text = _decode(rel, raw, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(rel, 1, "", "file is empty (expected YAML front matter and an abstract)"))
        return None
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        problems.append(Problem(rel, 1, "", "front matter missing (expected the file to start with a '---' line)"))
        return None
    try:
        front, body = handler.split(text)
    except ValueError:
        problems.append(Problem(rel, 1, "", "front matter not closed (expected a second '---' line)"))
        return None
    # Front matter starts on line 2; the body after the closing '---' line.
    body_line = 3 + front.count("\n") + 1
    try:
        meta, lines = load_with_lines(front, first_line=2)
    except yaml.YAMLError as error:
        line = error_line(error, first_line=2)
        problems.append(Problem(rel, line, "", f"front matter is not valid YAML: {error_summary(error)}"))
        return None
    if not isinstance(meta, dict):
        found = "nothing" if meta is None else type(meta).__name__
        problems.append(Problem(rel, 2, "", f"front matter must be a mapping of fields, found {found}"))
        return None
    return Document(rel, meta, lines, body.strip("\n"), body_line)


def _decode(rel: str, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        problems.append(Problem(rel, line, "", f"file is not UTF-8 (byte 0x{byte:02x} at offset {error.start}); save it as UTF-8"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _load_vocabulary(root: Path, problems: list[Problem]) -> tuple[dict | None, dict]:
    path = root / VOCABULARY_FILE
    if not path.exists():
        problems.append(Problem(VOCABULARY_FILE, 0, "", "tag vocabulary missing (expected a YAML mapping of tags)"))
        return None, {}
    text = _decode(VOCABULARY_FILE, path.read_bytes(), problems)
    if text is None:
        return None, {}
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as error:
        problems.append(Problem(VOCABULARY_FILE, error_line(error), "", f"not valid YAML: {error_summary(error)}"))
        return None, {}
    return data, lines


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

"""Stage 1, load: the only code that reads `content/`.

Loading never judges a field; it only turns files into `Document`s and
records what could not even be parsed.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from .errors import Problem
from .memo import digest, lookup, memoized
from .yamlsafe import error_line, error_summary, load_with_lines

PAPERS_DIR = "content/papers"
VOCABULARY_FILE = "content/tags.yml"
FENCE = "---"
FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _QuickYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter's splitting, with every value read as a string by libyaml."""

    def load(self, fm: str, **kwargs) -> object:
        return yaml.load(fm, Loader=FAST_LOADER)
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s|$)")


@dataclass(frozen=True)
class Document:
    path: str  # relative to the project root
    meta: dict | None  # None when the file could not be parsed
    lines: dict  # path tuple -> 1-based line, see yamlsafe.load_with_lines
    body: str
    body_line: int  # the line the body starts on
    digest: bytes = b""  # hash of the file's path and bytes: the key of everything derived from it

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


def paper_paths(root: Path) -> list[Path]:
    """Every entry file, in a stable order."""
    return sorted((root / PAPERS_DIR).glob("*.md"))


def load_content(root: Path, only: list[Path] | None = None) -> Content:
    """Read every entry under content/papers (or just `only`) and the vocabulary."""
    problems: list[Problem] = []
    if only is None:
        listing = _listing(root)
        _report_stray_files(root, listing, problems)
        documents = [load_document(root, path, problems, rel) for path, rel in _entry_files(root, listing)]
    else:
        documents = [load_document(root, path, problems) for path in only]
    vocabulary, vocabulary_lines = _load_vocabulary(root, problems)
    return Content(tuple(d for d in documents if d is not None), vocabulary, vocabulary_lines, tuple(problems))


def load_documents(root: Path, paths: list[Path], problems: list[Problem]) -> list[Document]:
    documents = (load_document(root, path, problems) for path in paths)
    return [document for document in documents if document is not None]


def _listing(root: Path) -> list[tuple[str, bool, bool]]:
    """(name, is a symlink, is a file) of everything in content/papers, by name; one scandir, no stat per file."""
    try:
        with os.scandir(root / PAPERS_DIR) as found:
            return sorted((item.name, item.is_symlink(), item.is_file()) for item in found)
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
    return [(os.path.join(base, name), None if link else f"{folder_rel}/{name}")
            for name, link, _ in listing if name.endswith(".md")]


def load_fields_quickly(root: Path, paths: list[Path]) -> list[Document]:
    """Front matter only, every value a string, no line numbers and no problems.

    For entries a partial check does not look at but must know (ids, titles,
    arXiv ids): libyaml reads them several times faster than the full loader.
    """
    documents = []
    for path in paths:
        try:
            meta, _ = frontmatter.parse(path.read_text(encoding="utf-8"), handler=_QuickYAMLHandler())
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
            continue
        if isinstance(meta, dict):
            documents.append(Document(relative(root, path), meta, {}, "", 0))
    return documents


# path -> (its stat, its memo key): within one process, a file whose stat did not
# change is not read again (`paperdigest serve` rebuilds after each edit).
_unchanged_files: dict[str, tuple[tuple, bytes]] = {}


def load_document(root: Path, path: Path | str, problems: list[Problem], rel: str | None = None) -> Document | None:
    try:
        stat = os.stat(path)
        state = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, str(root))
    except OSError:
        state = None
    seen = _unchanged_files.get(str(path))
    if state is not None and seen is not None and seen[0] == state:
        known = lookup("document", seen[1])
        if known is not None:
            problems.extend(known[1])
            return known[0]
    rel = rel or relative(root, Path(path))
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        problems.append(Problem(rel, 0, "file", f"cannot be read: {error.strerror} (expected a readable entry file)"))
        return None
    key = digest(rel, raw)
    document, found = memoized("document", key, lambda: _parse_document(rel, raw, key))
    if state is not None and state[0] == len(raw):  # not changed while we read it
        _unchanged_files[str(path)] = (state, key)
    problems.extend(found)
    return document


def _parse_document(rel: str, raw: bytes, key: bytes) -> tuple[Document | None, tuple[Problem, ...]]:
    problems: list[Problem] = []
    return _parse_into(rel, raw, key, problems), tuple(problems)


def _parse_into(rel: str, raw: bytes, key: bytes, problems: list[Problem]) -> Document | None:
    text = _decode(rel, raw, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(rel, 1, "file", "is empty (expected YAML front matter between '---' lines, then the abstract)"))
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        problems.append(Problem(rel, 1, "front matter", f"missing: the file starts with {lines[0][:40]!r} "
                                "(expected a first line '---', then the fields, then a closing '---' line)"))
        return None
    close = next((index for index in range(1, len(lines)) if lines[index].rstrip() == FENCE), None)
    if close is None:
        problems.append(Problem(rel, 1, "front matter", "is not closed (expected a second '---' line after the fields)"))
        return None
    try:
        meta, positions = load_with_lines("\n".join(lines[1:close]), first_line=2)
    except yaml.YAMLError as error:
        line = min(error_line(error, first_line=2), close)
        problems.append(Problem(rel, line, "front matter", f"is not valid YAML: {error_summary(error)} "
                                "(expected 'field: value' lines; quote values that contain ': ' or start with a special character)"))
        return None
    if not isinstance(meta, dict):
        found = "empty" if meta is None else f"a {type(meta).__name__}, not fields"
        problems.append(Problem(rel, 2, "front matter", f"is {found} (expected 'field: value' lines such as 'title: ...')"))
        return None
    for line, key in _repeated_keys(lines[1:close]):
        problems.append(Problem(rel, line, key, "is given twice (expected each field once; only the last one would count)"))
    rest = "\n".join(lines[close + 1:])
    # The body's first line; for an empty body, the line after the front matter.
    body_line = close + 2 + (len(rest) - len(rest.lstrip("\n")) if rest.strip() else 0)
    return Document(rel, meta, positions, rest.strip("\n"), body_line, key)


def _repeated_keys(front: list[str]) -> list[tuple[int, str]]:
    """Top-level keys written twice: YAML silently keeps the last, losing the first."""
    seen, repeated = set(), []
    for number, line in enumerate(front, start=2):
        match = TOP_LEVEL_KEY.match(line)
        if match and match.group(1) in seen:
            repeated.append((number, match.group(1)))
        elif match:
            seen.add(match.group(1))
    return repeated


def _decode(rel: str, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        problems.append(Problem(rel, line, "file", f"is not UTF-8: byte 0x{byte:02x} at offset {error.start} "
                                "(expected UTF-8 text; save the file as UTF-8)"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _report_stray_files(root: Path, listing, problems: list[Problem]) -> None:
    """Files in content/papers that are not entries would be silently ignored: say so."""
    folder = root / PAPERS_DIR
    for name, _, is_file in listing:
        path = folder / name
        if name.startswith(".") or (path.suffix == ".md" and is_file):
            continue
        problems.append(Problem(relative(root, path), 0, "file", "is ignored: not an entry "
                                "(expected content/papers/ to hold only <id>.md files)", "warning"))


def _load_vocabulary(root: Path, problems: list[Problem]) -> tuple[dict | None, dict]:
    path = root / VOCABULARY_FILE
    if not path.exists():
        problems.append(Problem(VOCABULARY_FILE, 0, "file", "is missing (expected a YAML mapping of tag slugs)"))
        return None, {}
    text = _decode(VOCABULARY_FILE, path.read_bytes(), problems)
    if text is None:
        return None, {}
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as error:
        problems.append(Problem(VOCABULARY_FILE, error_line(error), "file",
                                f"is not valid YAML: {error_summary(error)} (expected a YAML mapping of tag slugs)"))
        return None, {}
    return data, lines


def relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

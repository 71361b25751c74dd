"""One entry file as a Document: its front matter (plain YAML only, with line numbers) and its body."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any, cast

import frontmatter
import yaml

from generator.errors import Problem
from generator.limits import MAX_YAML_DEPTH
from generator.load.files import SYMLINKED_FOLDER, Refused, linked_folder, read_bounded, relative
from generator.load.yamlsafe import NotPlainYAML, check_plain, error_line, error_summary, load_with_lines
from generator.runtime.memo import digest, lookup, memoized

FENCE = "---"


FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class QuickYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter's splitting, with every value read as a string by libyaml."""

    def load(self, fm: str, **kwargs) -> Any:
        check_plain(FAST_LOADER, fm)  # libyaml's composer recurses in C: no deep nesting reaches it
        return yaml.load(fm, Loader=FAST_LOADER)


PLAIN_YAML = (
    "expected plain values: no '&anchor', '*alias' or '!!tag', "
    f"lists and mappings at most {MAX_YAML_DEPTH} levels deep"
)


class Document:
    """A file's front matter (`meta`, `lines`: path tuple -> 1-based line, see yamlsafe.load_with_lines)
    and body. Saved in the memo cache as one pickled blob, unpickled only when read: a build whose
    entries are all memoised (validate/entries.py) never reads them (~0.7 s at 10,000 entries)."""

    __slots__ = ("path", "digest", "_fields", "_packed")

    def __init__(self, path: str, meta: dict, lines: dict, body: str, body_line: int, digest: bytes = b""):
        self.path = path  # relative to the project root
        self.digest = digest  # hash of the file's path and bytes: the key of everything derived from it
        self._fields: tuple[dict, dict, str, int] | None = (meta, lines, body, body_line)
        self._packed: bytes | None = None

    def _unpacked(self) -> tuple[dict, dict, str, int]:
        if self._fields is None:
            self._fields = pickle.loads(cast(bytes, self._packed))
        return self._fields

    @property
    def meta(self) -> dict:  # a file whose front matter is not a mapping gives no Document
        return self._unpacked()[0]

    @property
    def lines(self) -> dict:
        return self._unpacked()[1]

    @property
    def body(self) -> str:
        return self._unpacked()[2]

    @property
    def body_line(self) -> int:  # the line the body starts on
        return self._unpacked()[3]

    def __reduce__(self):
        if self._packed is None:
            self._packed = pickle.dumps(self._fields, protocol=pickle.HIGHEST_PROTOCOL)
        return (_packed_document, (self.path, self.digest, self._packed))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.path, self.digest, self._unpacked()) == (other.path, other.digest, other._unpacked())

    def __hash__(self) -> int:
        return hash((self.path, self.digest))

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, digest={self.digest.hex()!r})"

    def line_of(self, *path) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _packed_document(path: str, digest: bytes, packed: bytes) -> Document:
    document = Document.__new__(Document)
    document.path, document.digest, document._fields, document._packed = path, digest, None, packed
    return document


def load_document(
    root: Path,
    path: Path | str,
    problems: list[Problem],
    rel: str | None = None,
    folder_checked: bool = False,
) -> Document | None:
    """`folder_checked`: the caller found no symlink among the folders down to `path` (load_content
    checks content/papers once, not once a file)."""
    try:
        stat = os.lstat(path)
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
    linked = None if folder_checked else linked_folder(root, path)
    if linked:
        problems.append(Problem(linked, 0, "file", SYMLINKED_FOLDER))
        return None
    try:
        raw = read_bounded(path)
    except Refused as refused:
        problems.append(Problem(rel, 0, "file", refused.message))
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
    text = decode(rel, raw, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(
                rel, 1, "file", "is empty (expected YAML front matter between '---' lines, then the abstract)"
            )
        )
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        problems.append(
            Problem(
                rel,
                1,
                "front matter",
                f"missing: the file starts with {lines[0][:40]!r} "
                "(expected a first line '---', then the fields, then a closing '---' line)",
            )
        )
        return None
    close = next((index for index in range(1, len(lines)) if lines[index].rstrip() == FENCE), None)
    if close is None:
        problems.append(
            Problem(rel, 1, "front matter", "is not closed (expected a second '---' line after the fields)")
        )
        return None
    duplicates: list = []
    try:
        meta, positions = load_with_lines("\n".join(lines[1:close]), first_line=2, duplicates=duplicates)
    except NotPlainYAML as error:
        problems.append(Problem(rel, error.line + 2, "front matter", f"{error.what} ({PLAIN_YAML})"))
        return None
    except RecursionError:
        problems.append(Problem(rel, 2, "front matter", f"is nested too deeply ({PLAIN_YAML})"))
        return None
    except yaml.YAMLError as error:
        line = min(error_line(error, first_line=2), close)
        problems.append(
            Problem(
                rel,
                line,
                "front matter",
                f"is not valid YAML: {error_summary(error)} "
                "(expected 'field: value' lines; quote values that contain ': ' "
                "or start with a special character)",
            )
        )
        return None
    if not isinstance(meta, dict):
        found = "empty" if meta is None else f"a {type(meta).__name__}, not fields"
        problems.append(
            Problem(
                rel, 2, "front matter", f"is {found} (expected 'field: value' lines such as 'title: ...')"
            )
        )
        return None
    for line, path, name in duplicates:
        if not path:
            problems.append(
                Problem(
                    rel,
                    line,
                    str(name),
                    "is given twice (expected each field once; only the last one would count)",
                )
            )
        else:
            inside = " ".join(str(part) for part in path[1:])
            problems.append(
                Problem(
                    rel,
                    line,
                    str(path[0]),
                    f"{inside + ': ' if inside else ''}'{name}' is given twice "
                    "(expected each key once; only the last one would count)",
                )
            )
    rest = "\n".join(lines[close + 1 :])
    # The body's first line; for an empty body, the line after the front matter.
    body_line = close + 2 + (len(rest) - len(rest.lstrip("\n")) if rest.strip() else 0)
    return Document(rel, meta, positions, rest.strip("\n"), body_line, key)


def decode(rel: str, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        problems.append(
            Problem(
                rel,
                line,
                "file",
                f"is not UTF-8: byte 0x{byte:02x} at offset {error.start} "
                "(expected UTF-8 text; save the file as UTF-8)",
            )
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


_unchanged_files: dict[str, tuple[tuple, bytes]] = {}

"""Stage 1, load: the only code that reads `content/`.

Loading never judges a field; it only turns files into `Document`s and
records what could not even be parsed.
"""

from __future__ import annotations

import os
import stat as stat_kinds
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from generator.errors import Problem, Severity
from generator.limits import MAX_FILE_BYTES, MAX_VOCABULARY_BYTES, MAX_YAML_DEPTH
from generator.load.yamlsafe import NotPlainYAML, check_plain, error_line, error_summary, load_with_lines
from generator.runtime.memo import digest, lookup, memoized

PAPERS_DIR = "content/papers"
VOCABULARY_FILE = "content/tags.yml"
FENCE = "---"
FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _QuickYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter's splitting, with every value read as a string by libyaml."""

    def load(self, fm: str, **kwargs) -> object:
        check_plain(FAST_LOADER, fm)  # libyaml's composer recurses in C: no deep nesting reaches it
        return yaml.load(fm, Loader=FAST_LOADER)


PLAIN_YAML = (
    "expected plain values: no '&anchor', '*alias' or '!!tag', "
    f"lists and mappings at most {MAX_YAML_DEPTH} levels deep"
)
NOT_PUBLISHED = "expected content/papers/<id>.md"


class Refused(Exception):
    """A file that is not read: a symlink, not a regular file, too large, unreadable."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_bounded(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most `limit`; never through a symlink, never from a FIFO or device.

    Raises Refused with the message to report. Nothing of a refused file is read.
    """
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )
    try:
        if stat_kinds.S_ISLNK(os.lstat(path).st_mode):
            raise Refused(SYMLINK)
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == getattr(os, "ELOOP", None) or os.path.islink(path):
            raise Refused(SYMLINK) from None
        raise Refused(f"cannot be read: {error.strerror} (expected a readable entry file)") from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat_kinds.S_ISREG(mode):
            raise Refused(f"is {_kind(mode)}, not a regular file (expected a regular file in the repository)")
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise Refused(
            f"is larger than {limit // 1024} KiB (expected at most {limit:,} bytes; "
            "the largest real entries are a few KB, a 5,000-author paper about 130 KB)"
        )
    return raw


SYMLINK = "is a symbolic link, which is never followed (expected a regular file in the repository)"
SYMLINKED_FOLDER = SYMLINK.replace("a regular file", "a folder")


def _kind(mode: int) -> str:
    for test, name in (
        (stat_kinds.S_ISDIR, "a folder"),
        (stat_kinds.S_ISFIFO, "a FIFO"),
        (stat_kinds.S_ISCHR, "a character device"),
        (stat_kinds.S_ISBLK, "a block device"),
        (stat_kinds.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def linked_folder(root: Path, path: Path | str) -> str | None:
    """The first symlink among the folders from `root` down to `path`'s folder (relative), if any."""
    try:
        parts = Path(os.path.abspath(path)).parent.relative_to(os.path.abspath(root)).parts
    except ValueError:
        return None
    current = Path(os.path.abspath(root))
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current.relative_to(os.path.abspath(root)).as_posix()
    return None


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
    """Every entry file, in a stable order (symlinks too: loading refuses them); none through a symlinked folder."""
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
        documents = [load_document(root, path, problems, rel) for path, rel in _entry_files(root, listing)]
    else:
        documents = [load_document(root, path, problems) for path in only]
    vocabulary, vocabulary_lines = _load_vocabulary(root, problems)
    return Content(
        tuple(d for d in documents if d is not None), vocabulary, vocabulary_lines, tuple(problems)
    )


def load_documents(root: Path, paths: list[Path], problems: list[Problem]) -> list[Document]:
    documents = (load_document(root, path, problems) for path in paths)
    return [document for document in documents if document is not None]


def _listing(root: Path) -> list[tuple[str, bool, bool]]:
    """(name, is a symlink, is a file, is a folder) of everything in content/papers, by name; one scandir, no stat per file.

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
            meta, _ = frontmatter.parse(text, handler=_QuickYAMLHandler())
        except (Refused, UnicodeDecodeError, ValueError, RecursionError, yaml.YAMLError):
            continue
        if isinstance(meta, dict):
            documents.append(Document(relative(root, path), meta, {}, "", 0))
    return documents


# path -> (its stat, its memo key): within one process, a file whose stat did not
# change is not read again (`paperdigest serve` rebuilds after each edit).
_unchanged_files: dict[str, tuple[tuple, bytes]] = {}


def load_document(
    root: Path, path: Path | str, problems: list[Problem], rel: str | None = None
) -> Document | None:
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
    linked = linked_folder(root, path)
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
    text = _decode(rel, raw, problems)
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
                "(expected 'field: value' lines; quote values that contain ': ' or start with a special character)",
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
    for line, path, key in duplicates:
        if not path:
            problems.append(
                Problem(
                    rel,
                    line,
                    str(key),
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
                    f"{inside + ': ' if inside else ''}'{key}' is given twice "
                    "(expected each key once; only the last one would count)",
                )
            )
    rest = "\n".join(lines[close + 1 :])
    # The body's first line; for an empty body, the line after the front matter.
    body_line = close + 2 + (len(rest) - len(rest.lstrip("\n")) if rest.strip() else 0)
    return Document(rel, meta, positions, rest.strip("\n"), body_line, key)


def _decode(rel: str, raw: bytes, problems: list[Problem]) -> str | None:
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
                    f"is {_kind(os.lstat(path).st_mode)}, not a regular file "
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


def _load_vocabulary(root: Path, problems: list[Problem]) -> tuple[dict | None, dict]:
    path = root / VOCABULARY_FILE
    if not path.exists() and not path.is_symlink():
        problems.append(
            Problem(VOCABULARY_FILE, 0, "file", "is missing (expected a YAML mapping of tag slugs)")
        )
        return None, {}
    linked = linked_folder(root, path)
    try:
        if linked:
            raise Refused(SYMLINKED_FOLDER)
        raw = read_bounded(path, MAX_VOCABULARY_BYTES)
    except Refused as refused:
        problems.append(Problem(linked or VOCABULARY_FILE, 0, "file", refused.message))
        return None, {}
    text = _decode(VOCABULARY_FILE, raw, problems)
    if text is None:
        return None, {}
    duplicates: list = []
    try:
        data, lines = load_with_lines(text, duplicates=duplicates)
    except NotPlainYAML as error:
        problems.append(Problem(VOCABULARY_FILE, error.line + 1, "file", f"{error.what} ({PLAIN_YAML})"))
        return None, {}
    except RecursionError:
        problems.append(Problem(VOCABULARY_FILE, 1, "file", f"is nested too deeply ({PLAIN_YAML})"))
        return None, {}
    except yaml.YAMLError as error:
        problems.append(
            Problem(
                VOCABULARY_FILE,
                error_line(error),
                "file",
                f"is not valid YAML: {error_summary(error)} (expected a YAML mapping of tag slugs)",
            )
        )
        return None, {}
    for line, where, key in duplicates:
        inside = " ".join(str(part) for part in where)
        problems.append(
            Problem(
                VOCABULARY_FILE,
                line,
                "file",
                f"{inside + ': ' if inside else ''}'{key}' is given twice "
                "(expected each key once; only the last one would count)",
            )
        )
    return data, lines


def relative(root: Path, path: Path) -> str:
    """`path` relative to the project; a symlink is named where it is, never where it points."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:
        return (
            Path(os.path.abspath(path.parent))
            .resolve()
            .joinpath(path.name)
            .relative_to(root.resolve())
            .as_posix()
        )
    except (ValueError, OSError):
        return path.as_posix()

"""Stage 5, write: the only code that writes generated files.

It refuses two outputs at one path, skips files whose bytes did not change
(so MkDocs' live reload and file watchers see only real edits), and removes
files a previous build wrote that this build no longer produces.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InternalError
from generator.model import OutputFile
from generator.runtime.memo import digest, lookup, memoized, remember


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def check_outputs(files: list[OutputFile]) -> None:
    seen: set[str] = set()
    for output in files:
        if not output.path or output.path.startswith("/") or ".." in output.path.split("/"):
            raise InternalError(f"refusing to write outside the output folder: '{output.path}'")
        if output.path in seen:
            raise InternalError(f"two outputs at one path: '{output.path}'")
        seen.add(output.path)


def write_tree(files: list[OutputFile], out_dir: Path) -> WriteReport:
    """Make `out_dir` hold exactly `files`."""
    written = write_files(files, out_dir)
    removed = _remove_stale(out_dir, {output.path for output in files})
    return WriteReport(written, len(files) - len(written), removed)


def write_files(files: list[OutputFile], out_dir: Path) -> tuple[str, ...]:
    """Write the files whose bytes changed, leaving every other file alone; the paths written."""
    check_outputs(files)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, folders = [], set()
    base = str(out_dir)
    for output in files:
        target = os.path.join(base, output.path)  # strings: a Path per file costs more than the check
        if _unchanged(target, output.content):
            continue
        folder, name = os.path.split(target)
        if folder not in folders:  # one makedirs per folder, not per file
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        temporary = os.path.join(folder, f".{name}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(output.content)
        os.replace(temporary, target)  # readers never see half a file
        _remember(target, output.content)
        written.append(output.path)
    return tuple(written)


# Within one process: path -> (mtime_ns, the very bytes object written). Memos hand
# back the same object while a page is unchanged, so no hashing is needed to see it.
_written_here: dict[str, tuple[int, bytes]] = {}


def _unchanged(target: str, content: bytes) -> bool:
    """Whether `target` already holds `content`, without reading it when we wrote it last."""
    try:
        stat = os.stat(target)
    except FileNotFoundError:
        return False
    if stat.st_size != len(content):
        return False
    here = _written_here.get(target)
    if here is not None and here[1] is content and here[0] == stat.st_mtime_ns:
        return True
    content_digest, target_digest = digest(content), digest(target)
    known = memoized("written", target_digest, lambda: None)
    if known != (stat.st_mtime_ns, content_digest) and _read(target) != content:
        return False
    _remember(target, content, (content_digest, target_digest), stat.st_mtime_ns)
    return True


def _read(target: str) -> bytes:
    with open(target, "rb") as handle:
        return handle.read()


def _remember(
    target: str, content: bytes, digests: tuple[bytes, bytes] | None = None, mtime_ns: int | None = None
) -> None:
    """Note what `target` holds now; `digests`, if known: (of its content, of its path)."""
    mtime_ns = os.stat(target).st_mtime_ns if mtime_ns is None else mtime_ns
    content_digest, target_digest = digests or (digest(content), digest(target))
    where, state = ("written", target_digest), (mtime_ns, content_digest)
    if lookup(*where) != state:  # set only what changed: the cache appends what was set
        remember(where, state)
    _written_here[target] = (mtime_ns, content)


def _remove_stale(out_dir: Path, keep: set[str]) -> tuple[str, ...]:
    """Delete files not in `keep`, then folders left empty (os.walk: one scandir per folder, no stat per
    file)."""
    removed, emptied = [], set()
    for folder, subfolders, names in os.walk(out_dir, topdown=False):
        prefix = Path(folder).relative_to(out_dir).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        stale = [name for name in names if prefix + name not in keep]
        for name in stale:
            os.unlink(os.path.join(folder, name))
            removed.append(prefix + name)
        left = (
            len(names) - len(stale) + sum(1 for sub in subfolders if os.path.join(folder, sub) not in emptied)
        )
        if not left and folder != str(out_dir):
            os.rmdir(folder)
            emptied.add(folder)
    return tuple(sorted(removed))

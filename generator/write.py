"""Stage 5, write: the only code that writes generated files.

It refuses two outputs at one path, skips files whose bytes did not change
(so MkDocs' live reload and file watchers see only real edits), and removes
files a previous build wrote that this build no longer produces.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import PaperDigestError
from .memo import digest, memoized, remember
from .model import OutputFile


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def check_outputs(files: list[OutputFile]) -> None:
    seen: set[str] = set()
    for output in files:
        path = PurePosixPath(output.path)
        if path.is_absolute() or ".." in path.parts or not output.path:
            raise PaperDigestError(f"internal: refusing to write outside the output folder: '{output.path}'")
        if output.path in seen:
            raise PaperDigestError(f"internal: two outputs at one path: '{output.path}'")
        seen.add(output.path)


def write_tree(files: list[OutputFile], out_dir: Path) -> WriteReport:
    check_outputs(files)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for output in files:
        target = out_dir / output.path
        content_digest = digest(output.content)
        if _unchanged(target, output.content, content_digest):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(output.content)
        os.replace(temporary, target)  # readers never see half a file
        _remember(target, content_digest)
        written.append(output.path)
    removed = _remove_stale(out_dir, {output.path for output in files})
    return WriteReport(tuple(written), len(files) - len(written), removed)


def _unchanged(target: Path, content: bytes, content_digest: bytes) -> bool:
    """Whether `target` already holds `content`, without reading it when we wrote it last."""
    try:
        stat = target.stat()
    except FileNotFoundError:
        return False
    if stat.st_size != len(content):
        return False
    known = memoized("written", digest(str(target)), lambda: None)
    if known == (stat.st_mtime_ns, content_digest):
        return True
    if target.read_bytes() != content:
        return False
    _remember(target, content_digest)
    return True


def _remember(target: Path, content_digest: bytes) -> None:
    remember(("written", digest(str(target))), (target.stat().st_mtime_ns, content_digest))


def _remove_stale(out_dir: Path, keep: set[str]) -> tuple[str, ...]:
    removed = []
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
            removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return tuple(sorted(removed))

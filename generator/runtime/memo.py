"""Content-addressed memos: results of pure functions, keyed by a hash of their inputs.

Within one process (`paperdigest serve`) they live in memory, so a rebuild
after an edit recomputes only what the edit changed. `paperdigest build`
loads them from build/cache/ and saves them back: it appends what it set,
and writes the file anew, keeping only what it used, once a quarter of the
file went unused. Any change to the generator's own code starts a fresh
cache, so output never depends on what is cached.

Keys are cheap to make: entries carry a digest of their source (model.Entry.digest),
so a key names the entries it depends on instead of hashing their text again.
Tables whose name starts with "~" live in this process only (never saved):
for values cheaper to recompute than to unpickle.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")
# Keys are digests (bytes); in-process ("~") tables may also be keyed by any hashable, e.g. a tuple of parts.
_tables: dict[str, dict[Any, object]] = defaultdict(dict)
_used: dict[str, set[Any]] = defaultdict(set)
_changed: dict[str, set[Any]] = defaultdict(set)  # keys set in this process since the last save
LOCAL = "~"  # prefix of tables kept in this process only


def digest(*parts: object) -> bytes:
    """A short, stable hash of some str/bytes/repr-able parts."""
    chunks: list[bytes] = []
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        chunks += (len(data).to_bytes(8, "little"), data)
    return hashlib.blake2b(b"".join(chunks), digest_size=16).digest()


def memoized(table: str, key: bytes | tuple, compute: Callable[[], T]) -> T:
    values = _tables[table]
    _used[table].add(key)
    try:
        return values[key]  # type: ignore[return-value]
    except KeyError:
        value = values[key] = compute()
        _changed[table].add(key)
        return value


def memoized_on(table: str, parts: tuple, compute: Callable[[], T]) -> T:
    """memoized(table, digest(*parts), compute), but this process finds a value again by
    `parts` themselves (digests and strings whose hashes Python keeps: no hashing of content)."""
    local = _tables[LOCAL + table]
    found = local.get(parts)
    if found is None:
        key = digest(*parts)
        value = memoized(table, key, compute)
        local[parts] = (key, value)
        return value
    key, value = cast("tuple[bytes, T]", found)  # what the branch above stored
    _used[table].add(key)
    if key not in _tables[table]:  # in the saved cache even if dropped since
        _tables[table][key] = value
        _changed[table].add(key)
    return value


def lookup(table: str, key: bytes, default=None):
    """The memo at `key` (marking it used, so the cache keeps it), or `default`."""
    values = _tables[table]
    if key in values:
        _used[table].add(key)
        return values[key]
    return default


def remember(where: tuple[str, bytes], value: object) -> None:
    """Set a memo directly: for facts observed, not computed (a file's state after writing it)."""
    table, key = where
    _tables[table][key] = value
    _used[table].add(key)
    _changed[table].add(key)


def code_version() -> str:
    """A hash of the generator's source and templates: new code, new cache."""
    package = Path(__file__).resolve().parents[1]  # generator/, this module is in generator/runtime/
    files = sorted(
        p for p in package.rglob("*") if p.suffix in (".py", ".j2") and "__pycache__" not in p.parts
    )
    return digest(
        *(p.relative_to(package).as_posix() + "\0" + p.read_text(encoding="utf-8") for p in files)
    ).hex()


_loaded: set[Path] = set()
MAX_RECORDS = 16  # appended records before the file is written anew


@dataclass
class _CacheFile:
    """A cache file as this process last read or wrote it."""

    end: int  # where its last whole record ends
    stat: tuple[int, int]  # (size, mtime_ns) then: anything else means another process wrote it
    records: int
    keys: dict[str, set[bytes]]  # what it holds, table by table


_files: dict[Path, _CacheFile] = {}


def load(path: Path) -> None:
    """Start from the memos a previous build saved, if they were made by this code (once per process).

    The file is a first record with every memo, then records of what later builds
    added or changed; a record cut short (a build killed while saving) is ignored.
    """
    if path in _loaded:
        return
    _loaded.add(path)
    version, keys, records, end = code_version(), defaultdict(set), 0, 0
    try:
        with open(path, "rb") as handle:
            while saved := _next_record(handle, version):
                for table, values in saved["tables"].items():
                    _tables[table].update(values)
                    keys[table].update(values)
                records, end = records + 1, handle.tell()
            status = os.fstat(handle.fileno())
    except OSError:
        return
    if records:
        _files[path] = _CacheFile(end, (status.st_size, status.st_mtime_ns), records, keys)


def _next_record(handle, version: str) -> dict | None:
    """The next record's memos, if it was saved by this code. A record is two pickles, its header
    (the code version) then its memos: a cache made by other code is ignored without unpickling
    hundreds of MB of memos first (every record of a file has the same version)."""
    try:
        header = pickle.load(handle)
        if not (isinstance(header, dict) and header.get("version") == version and "tables" not in header):
            return None
        tables = pickle.load(handle)
    except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, IndexError):
        return None
    return {"tables": tables} if isinstance(tables, dict) else None


def _dump_record(handle, tables: dict) -> None:
    pickle.dump({"version": code_version()}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)


def start_recording() -> None:
    """Forget which memos were used and set: `recorded()` and `recorded_changes()` start from now."""
    _used.clear()
    _changed.clear()


def recorded() -> dict[str, dict[bytes, object]]:
    """The memos used since loading (or `start_recording`), except in-process tables."""
    return {
        table: {key: _tables[table][key] for key in keys if key in _tables[table]}
        for table, keys in _used.items()
        if not table.startswith(LOCAL)
    }


def recorded_changes() -> tuple[dict[str, set[bytes]], dict[str, dict[bytes, object]]]:
    """(the keys used, the memos set) since `start_recording`: what a forked process sends back."""
    used = {table: set(keys) for table, keys in _used.items() if not table.startswith(LOCAL)}
    changed = {
        table: {key: _tables[table][key] for key in keys if key in _tables[table]}
        for table, keys in _changed.items()
        if not table.startswith(LOCAL)
    }
    return used, changed


def adopt(used: dict[str, set[bytes]], changed: dict[str, dict[bytes, object]]) -> None:
    """What another process used and set (generator/runtime/parallel.py): used and set here too."""
    for table, keys in used.items():
        _used[table].update(keys)
    for table, values in changed.items():
        _tables[table].update(values)
        _used[table].update(values)
        _changed[table].update(values)


def save(path: Path) -> None:
    """Keep what this build used, drop the rest (so the cache never grows without bound).

    After an edit most memos are the ones the file holds already: only what was set
    since is appended (at 10,000 entries a full rewrite pickles ~180 MB). The file is
    written anew once a quarter of what it holds went unused, or after MAX_RECORDS.
    """
    tables = recorded()
    known = _files.get(path)
    if known is None or not _append(path, known, tables):
        _rewrite(path, tables)
    _used.clear()
    _changed.clear()


def _append(path: Path, known: _CacheFile, tables: dict[str, dict[bytes, object]]) -> bool:
    try:
        status = os.stat(path)
    except OSError:
        return False
    unused = sum(len(keys - tables.get(table, {}).keys()) for table, keys in known.keys.items())
    if (
        (status.st_size, status.st_mtime_ns) != known.stat
        or known.records >= MAX_RECORDS
        or 4 * unused > sum(map(len, known.keys.values()))
    ):
        return False
    added = {}
    for table, values in tables.items():
        held, changed = known.keys.get(table, set()), _changed.get(table, set())
        if new := {key: value for key, value in values.items() if key in changed or key not in held}:
            added[table] = new
    with open(path, "r+b") as handle:
        handle.truncate(known.end)  # a record cut short goes
        handle.seek(known.end)
        _dump_record(handle, added)
        end = handle.tell()
    for table, values in added.items():
        known.keys.setdefault(table, set()).update(values)
    status = os.stat(path)
    _files[path] = _CacheFile(end, (status.st_size, status.st_mtime_ns), known.records + 1, known.keys)
    return True


def _rewrite(path: Path, tables: dict[str, dict[bytes, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        _dump_record(handle, tables)
        end = handle.tell()
    os.replace(temporary, path)
    status = os.stat(path)
    _files[path] = _CacheFile(
        end, (status.st_size, status.st_mtime_ns), 1, {table: set(values) for table, values in tables.items()}
    )


def clear() -> None:
    _tables.clear()
    _used.clear()
    _changed.clear()
    _loaded.clear()
    _files.clear()

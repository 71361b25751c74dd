"""Content-addressed memos: results of pure functions, keyed by a hash of their inputs.

Within one process (`paperdigest serve`) they live in memory, so a rebuild
after an edit recomputes only what the edit changed. `paperdigest build`
loads them from build/cache/ and saves them back: it appends what it set,
and writes the file anew, keeping only what it used, once a quarter of the
file went unused or what was appended outgrew half of the rest (memo_files.py).
Any change to the generator's own code starts a fresh cache, so output never
depends on what is cached.

Keys are cheap to make: entries carry a digest of their source (model.Entry.digest),
so a key names the entries it depends on instead of hashing their text again.
Tables whose name starts with "~" live in this process only (never saved):
for values cheaper to recompute than to unpickle.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from generator.runtime import memo_files

T = TypeVar("T")
# Keys are digests (bytes); in-process ("~") tables may also be keyed by any hashable, e.g. a tuple of parts.
_used: dict[str, set[Any]] = defaultdict(set)
_changed: dict[str, set[Any]] = defaultdict(set)  # keys set in this process since the last save
LOCAL = "~"  # prefix of tables kept in this process only


def digest(*parts: object) -> bytes:
    """A short, stable hash of some str/bytes/repr-able parts."""
    chunks: list[bytes] = []
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        chunks += (len(data).to_bytes(8, "little"), data)
    # SHA-256 cut to 128 bits: with the CPU's SHA instructions 2.5x faster than BLAKE2b here (the
    # write stage hashes every output, 200 MB at 10,000 papers: 0.57 s -> 0.23 s).
    return hashlib.sha256(b"".join(chunks)).digest()[:16]


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


def keep(table: str, keys: tuple[bytes, ...]) -> None:
    """Mark memos used without reading them (those another memo found was made from):
    the cache keeps them for when that memo is made again."""
    values = _tables[table]
    _used[table].update(key for key in keys if key in values)


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


_homes: dict[str, Path] = {}  # table-name prefix -> the file its tables are saved in ("" for the rest)
_loaded: dict[Path, int] = {}  # file -> the process that read it, the one that saves it
_files: dict[Path, memo_files.CacheFile] = {}


def load(path: Path, prefix: str = "", lazily: bool = False) -> None:
    """Tables whose names start with `prefix` are saved in `path` ("": every table not homed
    elsewhere): start from what a previous build saved there, if this code made it (once per process).

    `lazily` reads the file only when one of its tables is first used: the search index's
    memos (a third of the cache) are unpickled by the process building the index, and only there.
    """
    _homes[prefix] = path
    if not lazily:
        _read(path)


def _home(table: str) -> Path | None:
    if table.startswith(LOCAL):
        return None
    prefixes = [prefix for prefix in _homes if table.startswith(prefix)]
    return _homes[max(prefixes, key=len)] if prefixes else None


def _read(path: Path) -> None:
    if path in _loaded:
        return
    _loaded[path] = os.getpid()
    tables, known = memo_files.read(path, code_version(), lambda table: _home(table) == path)
    for table, values in tables.items():
        _tables[table].update(values)
    if known is not None:
        _files[path] = known


class _Tables(dict):
    """Memo tables by name; a table homed in a file not read yet reads that file first."""

    def __missing__(self, table: str) -> dict[Any, object]:
        path = _home(table)
        if path is not None and path not in _loaded:
            _read(path)
        return self.setdefault(table, {})


_tables: dict[str, dict[Any, object]] = _Tables()


def start_recording() -> None:
    """Forget which memos were used and set: `recorded()` and `recorded_changes()` start from now."""
    _used.clear()
    _changed.clear()


def recorded(home: Path | None = None) -> dict[str, dict[bytes, object]]:
    """The memos used since loading (or `start_recording`), except in-process tables
    (only those saved in `home`, when given)."""
    return {
        table: {key: _tables[table][key] for key in keys if key in _tables[table]}
        for table, keys in _used.items()
        if not table.startswith(LOCAL) and (home is None or _home(table) == home)
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
    """Keep what this build used of the tables saved in `path`, drop the rest (so the cache never
    grows without bound); those tables' use is then forgotten, as if they had just been read.

    After an edit most memos are the ones the file holds already: only what was set
    since is appended (at 10,000 entries a full rewrite pickles ~180 MB).
    """
    _homes.setdefault("", path)
    tables = recorded(path)
    _files[path] = memo_files.write(path, code_version(), tables, _changed, _files.get(path))
    for table in [table for table in _used.keys() | _changed.keys() if _home(table) == path]:
        _used.pop(table, None)
        _changed.pop(table, None)


def save_loaded() -> None:
    """Save every file this process read: a forked process saves the files it read lazily itself,
    and sends back (recorded_changes) only the memos of the files its parent read."""
    for path, reader in list(_loaded.items()):
        if reader == os.getpid():
            save(path)


def clear() -> None:
    _tables.clear()
    _used.clear()
    _changed.clear()
    _homes.clear()
    _loaded.clear()
    _files.clear()

"""Content-addressed memos: results of pure functions, keyed by a hash of their inputs.

Within one process (`paperdigest serve`) they live in memory, so a rebuild
after an edit recomputes only what the edit changed. `paperdigest build`
loads them from build/cache/ and saves them back, keeping only what this
build used. Any change to the generator's own code starts a fresh cache,
so output never depends on what is cached.

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
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
_tables: dict[str, dict[bytes, object]] = defaultdict(dict)
_used: dict[str, set[bytes]] = defaultdict(set)
LOCAL = "~"  # prefix of tables kept in this process only


def digest(*parts: object) -> bytes:
    """A short, stable hash of some str/bytes/repr-able parts."""
    chunks = []
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        chunks += (len(data).to_bytes(8, "little"), data)
    return hashlib.blake2b(b"".join(chunks), digest_size=16).digest()


def memoized(table: str, key: bytes, compute: Callable[[], T]) -> T:
    values = _tables[table]
    _used[table].add(key)
    try:
        return values[key]  # type: ignore[return-value]
    except KeyError:
        value = values[key] = compute()
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
    key, value = found
    _used[table].add(key)
    _tables[table].setdefault(key, value)  # in the saved cache even if dropped since
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


def code_version() -> str:
    """A hash of the generator's source and templates: new code, new cache."""
    package = Path(__file__).resolve().parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2") and "__pycache__" not in p.parts)
    return digest(*(p.relative_to(package).as_posix() + "\0" + p.read_text(encoding="utf-8") for p in files)).hex()


_loaded: set[Path] = set()


def load(path: Path) -> None:
    """Start from the memos a previous build saved, if they were made by this code (once per process)."""
    if path in _loaded:
        return
    _loaded.add(path)
    try:
        with open(path, "rb") as handle:
            saved = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return
    if not isinstance(saved, dict) or saved.get("version") != code_version():
        return
    for table, values in saved["tables"].items():
        _tables[table].update(values)


def start_recording() -> None:
    """Forget which memos were used: `recorded()` then returns those used from now on."""
    _used.clear()


def recorded() -> dict[str, dict[bytes, object]]:
    """The memos used since loading (or `start_recording`), except in-process tables."""
    return {table: {key: _tables[table][key] for key in keys if key in _tables[table]}
            for table, keys in _used.items() if not table.startswith(LOCAL)}


def adopt(tables: dict[str, dict[bytes, object]]) -> None:
    """Memos another process made and used (generator/parallel.py): used here too."""
    for table, values in tables.items():
        _tables[table].update(values)
        _used[table].update(values)


def save(path: Path) -> None:
    """Keep what this build used, drop the rest (so the cache never grows without bound)."""
    tables = recorded()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        pickle.dump({"version": code_version(), "tables": tables}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
    _used.clear()


def clear() -> None:
    _tables.clear()
    _used.clear()
    _loaded.clear()

"""The files memos are saved in (build/cache/): read, appended to, written anew.

A file is a first record with every memo, then records of what later builds
added or changed; a record cut short (a build killed while saving) is ignored.
A record is two pickles, its header (the code version) then its memos: a cache
made by other code is ignored without unpickling hundreds of MB of memos first.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Tables = dict[str, dict[bytes, object]]
MAX_RECORDS = 16  # appended records before the file is written anew
# ...or once the records appended hold more than this share of the first one's bytes: each build
# reads every record, and most of what an edit appends (the API index, the related state) replaces a memo.
MAX_APPENDED_SHARE = 0.5


@dataclass
class CacheFile:
    """A cache file as this process last read or wrote it."""

    end: int  # where its last whole record ends
    first: int  # where its first record ends
    stat: tuple[int, int]  # (size, mtime_ns) then: anything else means another process wrote it
    records: int
    keys: dict[str, set[bytes]]  # what it holds, table by table


def read(path: Path, version: str, wanted: Callable[[str], bool]) -> tuple[Tables, CacheFile | None]:
    """The memos of `path`'s tables that are `wanted`, if the file was saved by this code."""
    tables: Tables = {}
    keys: dict[str, set[bytes]] = {}
    records, end, first = 0, 0, 0
    try:
        with open(path, "rb") as handle:
            while (saved := _next_record(handle, version)) is not None:
                for table, values in saved.items():
                    if wanted(table):
                        tables.setdefault(table, {}).update(values)
                        keys.setdefault(table, set()).update(values)
                records, end = records + 1, handle.tell()
                first = first or end
            status = os.fstat(handle.fileno())
    except OSError:
        return {}, None
    if not records:
        return {}, None
    return tables, CacheFile(end, first, (status.st_size, status.st_mtime_ns), records, keys)


def _next_record(handle, version: str) -> Tables | None:
    try:
        header = pickle.load(handle)
        if not (isinstance(header, dict) and header.get("version") == version and "tables" not in header):
            return None
        tables = pickle.load(handle)
    except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, IndexError):
        return None
    return tables if isinstance(tables, dict) else None


def _dump_record(handle, version: str, tables: Tables) -> None:
    pickle.dump({"version": version}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)


def write(
    path: Path, version: str, tables: Tables, changed: dict[str, set[bytes]], known: CacheFile | None
) -> CacheFile:
    """Save `tables` (what this build used) to `path`: append what is new or `changed` to the file
    `known` describes, or write it anew (once a quarter of it went unused, after MAX_RECORDS, or once
    the appended records outgrow MAX_APPENDED_SHARE of the first)."""
    if known is not None and (appended := _append(path, version, known, tables, changed)) is not None:
        return appended
    return _rewrite(path, version, tables)


def _append(
    path: Path, version: str, known: CacheFile, tables: Tables, changed: dict[str, set[bytes]]
) -> CacheFile | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    unused = sum(len(keys - tables.get(table, {}).keys()) for table, keys in known.keys.items())
    if (
        (status.st_size, status.st_mtime_ns) != known.stat
        or known.records >= MAX_RECORDS
        or known.end - known.first > MAX_APPENDED_SHARE * known.first
        or 4 * unused > sum(map(len, known.keys.values()))
    ):
        return None
    added = {}
    for table, values in tables.items():
        held, set_here = known.keys.get(table, set()), changed.get(table, set())
        if new := {key: value for key, value in values.items() if key in set_here or key not in held}:
            added[table] = new
    with open(path, "r+b") as handle:
        handle.truncate(known.end)  # a record cut short goes
        handle.seek(known.end)
        _dump_record(handle, version, added)
        end = handle.tell()
    for table, values in added.items():
        known.keys.setdefault(table, set()).update(values)
    status = os.stat(path)
    return CacheFile(end, known.first, (status.st_size, status.st_mtime_ns), known.records + 1, known.keys)


def _rewrite(path: Path, version: str, tables: Tables) -> CacheFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        _dump_record(handle, version, tables)
        end = handle.tell()
    os.replace(temporary, path)
    status = os.stat(path)
    return CacheFile(
        end,
        end,
        (status.st_size, status.st_mtime_ns),
        1,
        {table: set(values) for table, values in tables.items()},
    )

"""What the incremental site build (site_build.py) needs of files: their hashes, cheaply, and links.

- `docs_hashes`: every docs file's content hash, re-read only when its stat changed. A file whose
  size, inode, mtime and ctime (which no tool can set back) are those of the previous build is the
  file hashed then; one changed within a second before it was hashed is hashed again next time
  (timestamps tick coarsely: the "racy" case git's index also guards against).
- `Linker`: hard-links an unchanged file of the previous site into the new one, making each folder once.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path, PurePosixPath

RACY_SECONDS = 1.0
_UNCLEAN = re.compile(r"(?:^|/)\.{1,2}(?:/|$)|//|/$|\\")


def _hash(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def docs_hashes(docs: Path, previous: dict[str, tuple]) -> tuple[dict[str, str], dict[str, tuple]]:
    """Every file under `docs` by its path relative to it (a File's src_uri): its content hash, and
    the stats to pass as `previous` next time."""
    hashes: dict[str, str] = {}
    stats: dict[str, tuple] = {}
    now = time.time()
    pending = [(str(docs), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                uri = prefix + entry.name
                if entry.is_dir():  # as os.walk: a link to a folder is listed, not followed
                    if not entry.is_symlink():
                        pending.append((entry.path, uri + "/"))
                    continue
                stat = entry.stat()
                seen = (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
                old = previous.get(uri)
                hashes[uri] = old[4] if old is not None and old[:4] == seen else _hash(entry.path)
                if now - max(stat.st_mtime_ns, stat.st_ctime_ns) / 1e9 > RACY_SECONDS:
                    stats[uri] = (*seen, hashes[uri])
    return dict(sorted(hashes.items())), stats


def normalized(path: str) -> str:
    """A looked-up path as MkDocs' `Files.get_file_from_path` keys it (most need no work)."""
    return PurePosixPath(path).as_posix() if _UNCLEAN.search(path) else path


class Linker:
    def __init__(self, previous_site: Path, staging: Path) -> None:
        self.previous, self.staging = str(previous_site), str(staging)
        self.made: set[str] = set()

    def link(self, dest_uri: str) -> bool:
        """Link the previous site's `dest_uri` into the new one; False if it has none."""
        source = os.path.join(self.previous, dest_uri)
        if not os.path.isfile(source):
            return False
        target = os.path.join(self.staging, dest_uri)
        folder = os.path.dirname(target)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        return True

"""`paperdigest build` with nothing changed: a fingerprint of everything a build reads.

The build is deterministic (same content, same files), so when nothing it reads has changed
since a build that succeeded, site/ is already what it would make. What it reads: content/
(each file's path, type, size, mtime, ctime and inode: an edit changes one of them, a copy
over it too), mkdocs.yml, theme/ and this generator (their bytes), the installed versions of
what renders pages and `--strict`, taken before the build; and site/ and the site state as the
build left them, taken after (a site/ replaced or removed since is built again).
The previous build's warnings are kept with it and said again, as a full build would.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from generator.runtime import site_build

FILE = "build/cache/fingerprint.json"
# Beside what the site build's key covers (site_build.build_key): what our own stages read with.
_OUR_PACKAGES = ("python-frontmatter", "pyyaml", "lunr")
_GENERATOR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Previous:
    """What the last build said, to say it again."""

    entries: int
    pages: int
    warnings: tuple[str, ...]


def fingerprint(root: Path, strict: bool) -> str:
    config = root / "mkdocs.yml"
    if not config.is_file():
        return "no mkdocs.yml"  # a build without one fails, so this is never saved
    # The site build's key: MkDocs' and the theme's versions, mkdocs.yml, theme/.
    digest = hashlib.sha256(f"strict={strict}\n{site_build.build_key(root, config)}\n".encode())
    for package in _OUR_PACKAGES:
        try:
            digest.update(f"{package}={version(package)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-\n".encode())
    for path in _files(_GENERATOR):
        digest.update(f"{path.relative_to(_GENERATOR)}\0".encode() + path.read_bytes())
    for path in _files(root / "content"):
        digest.update(f"{path.relative_to(root)}: {_stamp(path)}\n".encode())
    return digest.hexdigest()


def _stamp(path: Path) -> str:
    try:
        info = os.lstat(path)
    except OSError:
        return "missing"
    return str((info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))


def _site_stamp(root: Path) -> str:
    """site/ and the state that describes it, as the last build left them (taken after it)."""
    return _stamp(root / "site") + _stamp(root / "build" / "cache" / "site-state.pickle")


def _files(base: Path) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        found += [Path(folder) / name for name in sorted(names) if not name.endswith(".pyc")]
    return found


def unchanged(root: Path, key: str) -> Previous | None:
    """What the last build said, if it succeeded with this fingerprint; else None."""
    try:
        saved = json.loads((root / FILE).read_text(encoding="utf-8"))
        if saved["key"] != key or saved["site"] != _site_stamp(root):
            return None
        return Previous(int(saved["entries"]), int(saved["pages"]), tuple(map(str, saved["warnings"])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(root: Path, key: str, previous: Previous) -> None:
    path = root / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"key": key, "site": _site_stamp(root), "entries": previous.entries, "pages": previous.pages}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({**record, "warnings": list(previous.warnings)}), encoding="utf-8")
    temporary.replace(path)


def forget(root: Path) -> None:
    (root / FILE).unlink(missing_ok=True)

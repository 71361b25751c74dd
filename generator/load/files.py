"""Reading a contributor's files: bounded, never through a symbolic link, never anything but a regular
file."""

from __future__ import annotations

import os
import stat as stat_kinds
from pathlib import Path

from generator.limits import MAX_FILE_BYTES

PAPERS_DIR = "content/papers"
VOCABULARY_FILE = "content/tags.yml"


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
            raise Refused(
                f"is {file_kind(mode)}, not a regular file (expected a regular file in the repository)"
            )
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise Refused(
            f"is larger than {limit // 1024} KiB (expected at most {limit:,} bytes; "
            "the largest real entries are a few KB, a 5,000-author paper about 130 KB)"
        )
    return raw


SYMLINK = "is a symbolic link, which is never followed (expected a regular file in the repository)"


SYMLINKED_FOLDER = SYMLINK.replace("a regular file", "a folder")


def file_kind(mode: int) -> str:
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

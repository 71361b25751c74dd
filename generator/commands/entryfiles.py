"""Writing entry files so that no reader (a build, `serve`, git) ever sees half of one, and a new
file never replaces one that exists."""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import PaperDigestError


def write_new(target: Path, text: str) -> None:
    """Write `target` whole or not at all, and never over a file that exists (even one that
    appeared meanwhile): the text goes to a temporary file, then is linked to its name."""
    temporary = _temporary(target, text)
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise PaperDigestError(
            f"{target.as_posix()}: appeared while importing (expected a new file)"
        ) from None
    finally:
        temporary.unlink()


def write_replacing(target: Path, text: str) -> None:
    """Replace `target` atomically: a reader sees the old file or the new one, never half of one."""
    os.replace(_temporary(target, text), target)


def _temporary(target: Path, text: str) -> Path:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return temporary

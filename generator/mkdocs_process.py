"""MkDocs' build in a process of its own, as `mkdocs build` would run it.

At 10,000 entries our stages leave hundreds of MB of their own objects in the
build process; in a fresh interpreter MkDocs neither walks them in its garbage
collections nor stacks its own memory on top of them. Run as

    python -m generator.mkdocs_process PROJECT SITE_DIR BUILD_DATE [--verbose]

it builds PROJECT's mkdocs.yml into SITE_DIR and exits 0, or prints the
one-line reason it failed on stdout and exits 1 (MkDocs' own warnings go to
stderr as usual; with PAPERDIGEST_DEBUG set, a traceback too).
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

from .errors import PaperDigestError


@contextmanager
def source_date_epoch(date: dt.date):
    """MkDocs stamps pages (sitemap lastmod) with the build time; the newest digest
    date keeps the output identical from one build to the next (and `serve` equal to it)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(date.timetuple()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build(root: Path, site_dir: Path, build_date: dt.date, verbose: bool = False) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        with source_date_epoch(build_date):
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            mkdocs_build(config)
            config.plugins.on_shutdown()
    except (Exception, SystemExit) as error:  # theme and plugin errors surface as anything
        detail = f"{type(error).__name__}: {error}" if not isinstance(error, MkDocsException) else str(error)
        raise PaperDigestError(f"mkdocs build failed: {detail or 'see the warnings above'}") from error


def main(argv: list[str]) -> int:
    root, site_dir, build_date = Path(argv[0]), Path(argv[1]), dt.date.fromisoformat(argv[2])
    try:
        build(root, site_dir, build_date, verbose="--verbose" in argv[3:])
    except PaperDigestError as error:
        if os.environ.get("PAPERDIGEST_DEBUG"):
            traceback.print_exc()
        print(" ".join(str(error).split()))  # one line, whatever MkDocs' message held
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""MkDocs' build in a process of its own, as `mkdocs build` would run it.

At 10,000 entries our stages leave hundreds of MB of their own objects in the
build process; in a fresh interpreter MkDocs neither walks them in its garbage
collections nor stacks its own memory on top of them. Run as

    python -m generator.runtime.mkdocs_process PROJECT SITE_DIR BUILD_DATE [--verbose]

(BUILD_DATE `-`: it reads what it can before the docs exist, the build key, the last state and
mkdocs.yml, then waits for the date on a line of stdin, which build.py writes once our stages
wrote the docs; those reads then cost the build nothing. At end of input it exits 5, silently.)
it builds PROJECT's mkdocs.yml into SITE_DIR and exits 0, exits 3 (SITE_DIR left empty) when
PROJECT's site/ is already what it would build, exits 4 when it updated PROJECT's site/ in place
(SITE_DIR holds no file), or prints the one-line reason it failed on stdout and exits 1.
MkDocs' warnings (and with --verbose its progress) go to stderr, one escaped line each;
with PAPERDIGEST_DEBUG set, a traceback too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import sys
import traceback
from contextlib import ExitStack, contextmanager
from pathlib import Path

from generator.errors import PaperDigestError, one_line


class _OneLineHandler(logging.Handler):
    """MkDocs' messages on stderr, one line each, escaped: `mkdocs: WARNING: ...`.

    In strict mode MkDocs adds a handler of its own that counts warnings, so Python's
    last-resort handler stays silent: without ours the build failed on "N warnings"
    and never said which. Messages quote contributed text (links, anchors), hence one_line.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = one_line(" ".join(record.getMessage().split()))
            sys.stderr.write(f"mkdocs: {record.levelname}: {text}\n")
            sys.stderr.flush()
        except Exception:  # a log line must never be what fails the build
            self.handleError(record)


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


UNCHANGED_STATUS = 3  # exit status: nothing changed, site/ is already this build's
IN_PLACE_STATUS = 4  # exit status: site/ was updated in place, nothing to swap in
CANCELLED_STATUS = 5  # exit status: waiting for the docs, it was told there would be none


class _Cancelled(BaseException):  # not an Exception: no handler below takes it for MkDocs' failure
    pass


STATE_NEW = "build/cache/site-state.pickle.new"  # build.py moves it into place once site/ is swapped in


def workers() -> int:
    return int(os.environ.get("PAPERDIGEST_WORKERS") or os.cpu_count() or 1)


def build(root: Path, site_dir: Path, build_date: dt.date | None, verbose: bool = False) -> int:
    """Build into site_dir, or update site/ in place; the exit status that says which (0, 3 or 4).
    With no build_date, it comes on stdin once the docs are written."""
    from mkdocs.exceptions import MkDocsException

    from generator.runtime import site_build

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    if not any(isinstance(handler, _OneLineHandler) for handler in logger.handlers):
        logger.addHandler(_OneLineHandler())
    try:
        with ExitStack() as dated:

            def docs_written() -> None:
                line = sys.stdin.readline().strip()
                if not line:
                    raise _Cancelled
                dated.enter_context(source_date_epoch(dt.date.fromisoformat(line)))

            if build_date is not None:
                dated.enter_context(source_date_epoch(build_date))
            built = site_build.build(
                root,
                root / "mkdocs.yml",
                site_dir,
                root / "site",
                root / STATE_NEW,
                workers(),
                docs_written=None if build_date is not None else docs_written,
            )
    except PaperDigestError as error:
        raise PaperDigestError(f"mkdocs build failed: {error}") from error
    except (Exception, SystemExit) as error:  # theme and plugin errors surface as anything
        detail = f"{type(error).__name__}: {error}" if not isinstance(error, MkDocsException) else str(error)
        raise PaperDigestError(f"mkdocs build failed: {detail or 'see the warnings above'}") from error
    if built == site_build.UNCHANGED:
        return UNCHANGED_STATUS
    return IN_PLACE_STATUS if built.in_place else 0


def main(argv: list[str]) -> int:
    root, site_dir = Path(argv[0]), Path(argv[1])
    build_date = None if argv[2] == "-" else dt.date.fromisoformat(argv[2])
    try:
        status = build(root, site_dir, build_date, verbose="--verbose" in argv[3:])
    except _Cancelled:
        return CANCELLED_STATUS
    except PaperDigestError as error:
        if os.environ.get("PAPERDIGEST_DEBUG"):
            traceback.print_exc()
        print(one_line(" ".join(str(error).split())))  # one line, whatever MkDocs' message held
        return 1
    return status


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # without freeing MkDocs' objects one by one first: every file is written and closed

"""The `paperdigest` command line. Errors are one line and exit 1; --debug re-raises."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.errors import ContentError, PaperDigestError, one_line


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # usage errors and --help; callers get the code back
        return int(stop.code or 0)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    if args.debug:
        os.environ["PAPERDIGEST_DEBUG"] = (
            "1"  # for the processes we start (generator/runtime/mkdocs_process.py)
        )
    try:
        return args.run(args) or 0
    except ContentError as error:
        if args.debug:
            raise
        _print_problems(error)
        return 1
    except PaperDigestError as error:
        if args.debug:
            raise
        print(f"Error: {one_line(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _print_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)  # file:line: field: what is wrong (what was expected)
    errors = sum(1 for p in error.problems if p.severity == "error")
    print(f"{errors} error{'s' * (errors != 1)} found.", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="paperdigest", description="Build a static site of research-paper digests.")
    parser.add_argument(
        "--project", type=Path, default=Path("."), help="project folder (holds mkdocs.yml and content/)"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks instead of one-line errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="validate content/ and build the site into site/")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--verbose", action="store_true", help="show MkDocs' progress")
    build.add_argument("--timings", action="store_true", help="print the time and peak memory of each stage")
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="live preview: rebuilds when content/ changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port to listen on")
    serve.set_defaults(run=_serve)

    importer = commands.add_parser("import", help="create entries from a trending-papers listing")
    importer.add_argument("listing", type=Path)
    importer.add_argument("--date", required=True, type=_date, help="the listing's digest date, YYYY-MM-DD")
    importer.set_defaults(run=_import)

    new = commands.add_parser("new", help="scaffold a new entry in content/papers/ (nothing is fetched)")
    new.add_argument("--arxiv", metavar="ID", help="the arXiv id (e.g. 2403.01234); it becomes the entry id")
    new.add_argument("--title", help="the paper's title")
    new.add_argument("--date", type=_date, help="the digest date, YYYY-MM-DD (default: today)")
    new.add_argument(
        "--tags", type=_tag_list, help="comma-separated tags from content/tags.yml (default: suggested)"
    )
    new.add_argument(
        "--id", dest="entry_id", help="the entry id (default: the arXiv id, or one made from the title)"
    )
    new.add_argument("--abstract", help="the abstract as Markdown; '-' reads it from standard input")
    new.set_defaults(run=_new)

    check = commands.add_parser("check", help="validate entries and report every problem at once")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="entry files or folders (default: all of content/)",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github' adds ::error annotations for GitHub Actions",
    )
    check.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="append a Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    check.set_defaults(run=_check)
    return parser


def _tag_list(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def _date(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got '{text}'")


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line and exit 1, like every other error."""

    def error(self, message: str):
        self.exit(1, f"Error: {self.prog}: {message} (see '{self.prog} --help')\n")


def _build(args) -> int:
    from generator.build import build_site
    from generator.runtime.timing import StageLog

    log = StageLog()
    generated, report = build_site(args.project, strict=args.strict, verbose=args.verbose, log=log)
    for warning in generated.catalog.warnings:
        print(warning, file=sys.stderr)
    entries = len(generated.catalog.entries)
    print(
        f"Built {entries} entries into {args.project / 'site'} "
        f"({len(report.written)} pages changed, {report.unchanged} unchanged, {len(report.removed)} removed)."
    )
    if args.timings:
        print(log.table())
    return 0


def _serve(args) -> int:
    from generator.serve.server import serve

    serve(args.project, args.dev_addr)
    return 0


def _import(args) -> int:
    from generator.commands.importer import import_listing
    from generator.load.content import PAPERS_DIR, load_content
    from generator.load.settings import load_settings
    from generator.validate.entries import normalized_title, validate

    root = args.project
    catalog = validate(load_content(root), load_settings(root))
    titles = {normalized_title(e.title): e.source for e in catalog.entries}
    report = import_listing(args.listing, root / PAPERS_DIR, args.date, catalog.vocabulary, titles)
    for path in report.skipped:
        print(f"Skipped (already present): {path}")
    print(f"Imported {len(report.created)} entries, skipped {len(report.skipped)} already present.")
    return 0


def _new(args) -> int:
    from generator.commands.new import new_entry

    abstract = sys.stdin.read() if args.abstract == "-" else args.abstract
    created = new_entry(
        args.project,
        date=args.date or dt.date.today(),
        arxiv=args.arxiv,
        title=args.title,
        tags=args.tags,
        entry_id=args.entry_id,
        abstract=abstract,
    )
    print(f"Created {created.shown}")
    for note in created.notes:
        print(note)
    if created.suggested:
        print(
            f"Suggested tags, written to the file (keep, change or remove them): {', '.join(created.tags)}"
            if created.tags
            else "No tags suggested: pick some from content/tags.yml."
        )
    print(f"Next: edit the file, then run: paperdigest check {created.shown}")
    return 0


def _check(args) -> int:
    from generator.commands.check import github_annotations, markdown_summary, run_check

    result = run_check(args.project, args.paths, strict=args.strict)
    for problem in result.problems:
        print(problem)
    if args.format == "github":
        for annotation in github_annotations(result):
            print(annotation)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(markdown_summary(result))
    print(result.summary())
    return 1 if result.errors else 0

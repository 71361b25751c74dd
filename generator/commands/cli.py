"""The `paperdigest` command line (click). Errors are one line and exit 1; --debug re-raises."""

from __future__ import annotations

import datetime as dt
import errno
import sys
from importlib.metadata import version
from pathlib import Path

import click

from generator.commands.options import DATE, PROG, RUN, common, invoked_as
from generator.commands.progress import progress_bar
from generator.errors import ContentError, InternalError, PaperDigestError, Severity, one_line
from generator.text.wording import count


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (tests call this with argv)."""
    RUN.project, RUN.debug = Path("."), False
    try:
        result = cli.main(args=argv, prog_name=PROG, standalone_mode=False)
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except click.exceptions.Abort:
        return 130
    except click.UsageError as error:
        hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        _fail(error.format_message() + hint)
        return 1
    except click.ClickException as error:
        _fail(error.format_message())
        return 1
    except ContentError as error:
        if RUN.debug:
            raise
        _print_problems(error)
        return 1
    except PaperDigestError as error:
        if RUN.debug:
            raise
        _fail(str(error))
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug, not the user's doing: say so, in one line
        if RUN.debug:
            raise
        kind = "internal error" if isinstance(error, InternalError) else type(error).__name__
        _fail(f"{kind}: {error} (a bug in {PROG}: please report it with the output of --debug)")
        return 1
    return result if isinstance(result, int) else 0


def _fail(message: str) -> None:
    click.echo(f"Error: {one_line(message)}", err=True)


def _print_problems(error: ContentError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)  # file:line: field: what is wrong (what was expected)
    errors = sum(1 for p in error.problems if p.severity is Severity.ERROR)
    click.echo(f"{count(errors, 'error')} found.", err=True)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Run 'paperdigest COMMAND --help' for a command's options and examples.",
)
@click.version_option(version("paperdigest"), "--version", prog_name=PROG, message="%(prog)s %(version)s")
@common
def cli() -> None:
    """Build a static site of research-paper digests from content/."""


@cli.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--verbose", is_flag=True, help="Show MkDocs' progress.")
@click.option("--timings", is_flag=True, help="Print the time and peak memory of each stage.")
@common
def build(strict: bool, verbose: bool, timings: bool) -> int:
    """Validate content/ and build the site into site/.

    \b
    Examples:
      paperdigest build
      paperdigest build --strict --timings
    """
    from generator.build import build_site
    from generator.runtime import fingerprint
    from generator.runtime.timing import StageLog

    log = StageLog()
    with log.stage("fingerprint"):
        key = fingerprint.fingerprint(RUN.project, strict)
        previous = fingerprint.unchanged(RUN.project, key)
    if previous is None:
        fingerprint.forget(RUN.project)
        generated, report = build_site(RUN.project, strict=strict, verbose=verbose, log=log)
        warnings = tuple(str(warning) for warning in generated.catalog.warnings)
        entries, changed, removed = len(generated.catalog.entries), len(report.written), len(report.removed)
        previous = fingerprint.Previous(entries, changed + report.unchanged, warnings)
        fingerprint.save(RUN.project, key, previous)
        kept = report.unchanged
    else:  # nothing a build reads changed since the last one: site/ is what it would make
        changed, removed, kept = 0, 0, previous.pages
    for warning in previous.warnings:
        click.echo(warning, err=True)
    click.echo(
        f"Built {count(previous.entries, 'entry', 'entries')} into {RUN.project / 'site'} "
        f"({changed} pages changed, {kept} unchanged, {removed} removed)."
    )
    if timings:
        click.echo(log.table())
    return 0


@cli.command()
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT", help="Listen here."
)
@common
def serve(dev_addr: str) -> int:
    """Live preview: serves the site and rebuilds when content/ or theme/ change.

    \b
    Examples:
      paperdigest serve
      paperdigest serve --dev-addr 0.0.0.0:8080
    """
    from generator.serve.server import serve as serve_site

    try:
        serve_site(RUN.project, dev_addr)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise PaperDigestError(
                f"cannot listen on {dev_addr}: {error.strerror} "
                "(stop what uses it or pass --dev-addr HOST:PORT)"
            ) from error
        raise
    return 0


@cli.command("import")
@click.argument("sources", nargs=-1, metavar="[PATH|ID]...")
@click.option("--arxiv", "by_id", is_flag=True, help="The arguments are arXiv ids or URLs: fetch them.")
@click.option("--hf-daily", "hf_day", type=DATE, help="Fetch Hugging Face's daily papers of this day.")
@click.option("--date", type=DATE, help="The digest date.  [default: the source's, else today]")
@click.option("--update", is_flag=True, help="Refresh entries already present from the source.")
@common
def import_(sources: tuple[str, ...], by_id: bool, hf_day, date, update: bool) -> int:
    """Create entries from files (their format is read from their content: a trending-papers
    listing, JSON Lines of arXiv records, arXiv API Atom, Hugging Face daily-papers JSON or a
    list of arXiv ids), from arXiv ids, or from a day of Hugging Face's daily papers.

    Papers already present are skipped (--update refreshes them); nothing is written when any
    source cannot be read or fetched.

    \b
    Examples:
      paperdigest import trending-2026-03-12.txt
      paperdigest import --arxiv 2403.01234 arXiv:2106.09685v2
      paperdigest import --hf-daily 2026-03-12
    """
    from generator.commands.importer import run_import

    if not sources and not hf_day:
        raise click.UsageError("nothing to import (expected PATH..., --arxiv ID... or --hf-daily YYYY-MM-DD)")
    run = run_import(
        RUN.project,
        paths=[] if by_id else [Path(source) for source in sources],
        ids=list(sources) if by_id else [],
        hf_day=hf_day,
        date=date,
        today=dt.date.today(),  # the curator's day: the listing's year, an entry's default date
        update=update,
        progress=progress_bar(),
    )
    for warning in run.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for line in run.lines:
        click.echo(line)
    click.echo(run.summary)
    return 0


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--write", is_flag=True, help="Write the changes (default: only show them).")
@common
def enrich(paths: tuple[Path, ...], write: bool) -> int:
    """Fill what entries lack (authors, arXiv links, the paper's date, categories) from arXiv, by
    the arXiv id an entry names or by its exact title; show the changes as a diff.

    \b
    Examples:
      paperdigest enrich
      paperdigest enrich content/papers/2403.01234.md --write
    """
    from generator.commands.enrich import enrich as enrich_entries

    result = enrich_entries(
        RUN.project,
        [p if p.exists() or p.is_absolute() else RUN.project / p for p in paths] or None,  # as check does
        write=write,
        progress=progress_bar(),
    )
    for change in result.changes:
        click.echo(change.diff, nl=False)
    for path, why in result.not_found:
        click.echo(f"Not found on arXiv: {(RUN.project / path).as_posix()} ({why})")
    for path, problem in result.refused:
        click.echo(f"Refused {(RUN.project / path).as_posix()}: {problem}")
    click.echo(result.summary())
    return 0


@cli.command()
@click.option("--arxiv", metavar="ID", help="The arXiv id (e.g. 2403.01234); it becomes the entry id.")
@click.option("--title", help="The paper's title, as the authors wrote it.")
@click.option("--date", type=DATE, help="The digest date.  [default: today]")
@click.option("--tags", metavar="TAG,TAG", help="Tags from content/tags.yml.  [default: suggested]")
@click.option("--id", "entry_id", help="The entry id.  [default: the arXiv id, or one made from the title]")
@click.option("--abstract", help="The abstract as the authors wrote it; '-' reads it from standard input.")
@click.option("--fetch", is_flag=True, help="Fill title, authors, abstract, links and dates from arXiv.")
@common
def new(arxiv, title, date, tags, entry_id, abstract, fetch) -> int:
    """Scaffold a new entry in content/papers/ (nothing is fetched without --fetch).

    \b
    Examples:
      paperdigest new --arxiv 2403.01234 --title "A Paper" --date 2026-03-12
      pbpaste | paperdigest new --title "A Paper" --abstract -
      paperdigest new --arxiv 2403.01234 --fetch
    """
    from generator.commands.new import new_entry

    created = new_entry(
        RUN.project,
        date=date or dt.date.today(),  # the curator's day: the one date a command may take from the clock
        arxiv=arxiv,
        title=title,
        tags=[tag.strip() for tag in tags.split(",") if tag.strip()] if tags is not None else None,
        entry_id=entry_id,
        abstract=sys.stdin.read() if abstract == "-" else abstract,
        fetch=fetch,
    )
    click.echo(f"Created {created.shown}")
    for note in created.notes:
        click.echo(note)
    if created.suggested:
        click.echo(
            f"Suggested tags, written to the file (keep, change or remove them): {', '.join(created.tags)}"
            if created.tags
            else "No tags suggested: pick some from content/tags.yml."
        )
    click.echo(f"Next: edit the file, then run: {invoked_as()} check {created.shown}")
    return 0


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' adds ::error annotations for GitHub Actions.",
)
@click.option(
    "--summary", type=click.Path(path_type=Path, dir_okay=False), help="Append a Markdown report here."
)
@common
def check(paths: tuple[Path, ...], strict: bool, output: str, summary: Path | None) -> int:
    """Validate entries (PATHS: files or folders; default all of content/) and report every problem.

    \b
    Examples:
      paperdigest check
      paperdigest check content/papers/2403.01234.md
      paperdigest check --format github --summary "$GITHUB_STEP_SUMMARY"
    """
    from generator.commands.check import github_annotations, markdown_summary, run_check

    result = run_check(RUN.project, list(paths), strict=strict)
    for problem in result.problems:
        click.echo(str(problem))
    if output == "github":
        for annotation in github_annotations(result):
            click.echo(annotation)
    if summary:
        with open(summary, "a", encoding="utf-8") as report:
            report.write(markdown_summary(result))
    click.echo(result.summary())
    return 1 if result.errors else 0

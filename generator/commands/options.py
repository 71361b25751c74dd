"""What every command shares: the run's options (--project, --debug, before or after the subcommand),
the date type, and the command as the user typed it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from generator.identifiers import parse_date

PROG = "paperdigest"


@dataclass
class _Run:
    """What the group's options said; a subcommand's own --project/--debug override them."""

    project: Path = Path(".")
    debug: bool = False


RUN = _Run()  # read by main() when an error comes back; reset at each start


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


DATE = _Date()


def _set_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        RUN.project = value


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        RUN.debug = True
        os.environ["PAPERDIGEST_DEBUG"] = (
            "1"  # for the processes we start (generator/runtime/mkdocs_process.py)
        )


def common(command):
    """--project and --debug, before or after the subcommand."""
    command = click.option(
        "--project",
        type=click.Path(path_type=Path, file_okay=False),
        expose_value=False,
        callback=_set_project,
        help="Project folder (holds mkdocs.yml and content/). Default: the current folder.",
    )(command)
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        callback=_set_debug,
        help="Show tracebacks instead of one-line errors.",
    )(command)


def invoked_as() -> str:
    """The command as the user typed it (.venv/bin/paperdigest in the README), so it can be pasted."""
    typed = sys.argv[0] if sys.argv else ""
    if Path(typed).name != PROG or shutil.which(PROG) == typed:
        return PROG
    relative = os.path.relpath(typed)
    return typed if relative.startswith("..") else relative

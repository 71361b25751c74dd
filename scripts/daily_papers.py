#!/usr/bin/env python3
"""Import a day of Hugging Face's daily papers and open, or update, the one pull request that
carries them (.github/workflows/daily-papers.yml runs this every morning).

    python scripts/daily_papers.py [--date YYYY-MM-DD] [--remote URL] [--branch daily-papers]

The day defaults to yesterday (UTC): by the morning its list is complete.

Run from the repository's root, in a clone whose remote is `--remote`. While the pull request is
open, each day's papers are added to its branch; once it is merged or closed, the branch starts
again from the base branch. The pull request's body has one section per day listing what was
imported, skipped and why. `gh` (GitHub's CLI, authenticated by GH_TOKEN) opens and edits it.
Errors are one line and exit 1; a day with nothing new pushes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.commands.importer import Outcome, run_import  # noqa: E402
from generator.errors import PaperDigestError  # noqa: E402
from generator.identifiers import parse_date  # noqa: E402
from generator.text.authortext import plain  # noqa: E402

TITLE = "Daily papers from Hugging Face"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", default="", help="The day to import (default: yesterday, UTC).")
    parser.add_argument("--remote", default="origin", help="The repository to push to (URL or name).")
    parser.add_argument("--branch", default="daily-papers")
    parser.add_argument("--base", default="main")
    args = parser.parse_args(argv)
    try:
        # Yesterday's list is complete by the morning (UTC) the schedule runs; today's is filling.
        yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
        day = parse_date(args.date) if args.date else yesterday
    except ValueError as problem:  # as the CLI's --date says it
        return _fail(f"--date: {problem}")
    try:
        return daily(Path.cwd(), day, args.remote, args.branch, args.base)
    except (PaperDigestError, CommandFailed) as error:
        return _fail(str(error))


def daily(root: Path, day: dt.date, remote: str, branch: str, base: str) -> int:
    pull = _open_pull_request(branch)
    _git(root, "fetch", "--quiet", remote, f"+refs/heads/{base}:refs/remotes/daily/{base}")
    start = f"daily/{base}"
    if pull:  # keep adding to the open pull request's branch
        _git(root, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/daily/{branch}")
        start = f"daily/{branch}"
    _git(root, "checkout", "--quiet", "-B", branch, start)
    run = run_import(root, paths=[], ids=[], hf_day=day, date=None, today=day)
    for line in run.lines:
        print(line)
    print(run.summary)
    created = [o for o in run.outcomes if o.action == "created"]
    if not created:
        return _output(sha="")
    _git(root, "add", "--", *[o.path for o in created])
    name, email = BOT
    message = f"Daily papers of {day}: {len(created)} from Hugging Face\n\n" + "\n".join(
        f"- {o.path}: {plain(o.record.title)}" for o in created
    )
    _git(root, "-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "--quiet", "-m", message)
    sha = _git(root, "rev-parse", "HEAD").strip()
    # With no open pull request the branch starts again from the base: a merged one's is replaced.
    _git(root, "push", "--quiet", *([] if pull else ["--force"]), remote, f"HEAD:refs/heads/{branch}")
    body = with_section(pull["body"] if pull else "", day, section(day, run.outcomes))
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
        handle.write(body)
    try:
        if pull:
            _gh("pr", "edit", str(pull["number"]), "--body-file", handle.name)
            print(f"Updated pull request #{pull['number']}.")
        else:
            _gh(
                "pr", "create", "--base", base, "--head", branch, "--title", TITLE, "--body-file", handle.name
            )
            print("Opened a pull request.")
    finally:
        os.unlink(handle.name)
    return _output(sha=sha)


def section(day: dt.date, outcomes: tuple[Outcome, ...]) -> str:
    """This day's part of the body: what was imported, what was skipped or refused, and why."""
    imported = [o for o in outcomes if o.action == "created"]
    others = [o for o in outcomes if o.action != "created"]
    lines = [f"<!-- day {day} -->", f"### {day}", "", f"Imported ({len(imported)}):", ""]
    lines += [f"- `{o.path}`: {_md(o.record.title)} (arXiv {o.record.arxiv_id})" for o in imported] or [
        "- none"
    ]
    lines += ["", f"Skipped ({len(others)}):", ""]
    lines += [f"- {_md(o.record.title)} (arXiv {o.record.arxiv_id}): {_why(o)}" for o in others] or ["- none"]
    return "\n".join(lines) + "\n<!-- end day -->\n"


def with_section(body: str, day: dt.date, text: str) -> str:
    """`body` with this day's section replaced, or added after the others."""
    head = (
        "Papers from [Hugging Face's daily papers](https://huggingface.co/papers), imported by "
        "`scripts/daily_papers.py`. Review them (tags, notes) like any contribution; merge to publish.\n\n"
    )
    pattern = re.compile(rf"<!-- day {day} -->.*?<!-- end day -->\n", re.S)
    if pattern.search(body):
        return pattern.sub(lambda _: text, body)
    return (body.rstrip("\n") + "\n\n" if body.strip() else head) + text


def _why(outcome: Outcome) -> str:
    if outcome.action in ("skipped", "unchanged"):
        return f"already present as `{outcome.path}`"
    return f"refused by the checks: {_md(outcome.reason)}"


def _md(text: str) -> str:
    """Authors' text in a Markdown list item: plain, one line, no markup GitHub would render."""
    shown = " ".join(plain(text).split())
    return re.sub(r"([\\`*_\[\]<>#|~!@])", r"\\\1", shown)


class CommandFailed(Exception):
    pass


def _open_pull_request(branch: str) -> dict | None:
    found = json.loads(
        _gh("pr", "list", "--head", branch, "--state", "open", "--json", "number,body") or "[]"
    )
    return found[0] if found else None


def _git(root: Path, *args: str) -> str:
    return _run(["git", "-C", str(root), *args], "git")


def _gh(*args: str) -> str:
    return _run(["gh", *args], "gh")


def _run(command: list[str], name: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        raise CommandFailed(f"{name}: not installed (expected it on PATH)") from None
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout).split())[:300]
        raise CommandFailed(f"{name}: {said}")
    return done.stdout


def _output(**values: str) -> int:
    """Step outputs for the workflow (the commit the checks job checks out)."""
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.writelines(f"{key}={value}\n" for key, value in values.items())
    return 0


def _fail(message: str) -> int:
    print(f"Error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

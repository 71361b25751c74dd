"""`paperdigest check`: validate content and report every problem at once.

Checking some files only still resolves their references, and finds their
duplicates, against every entry in content/papers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, Problem, Severity, one_line
from generator.load.content import NOT_PUBLISHED, load_content, load_fields_quickly, paper_paths
from generator.load.files import PAPERS_DIR, VOCABULARY_FILE, relative
from generator.load.settings import load_settings
from generator.text.escape import md_escape
from generator.text.wording import count
from generator.validate.entries import validate

SUMMARY_ROWS = 200  # GitHub caps a job summary at 1 MiB


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[Problem, ...]  # sorted by file, then line
    checked: int  # entry files looked at

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def summary(self) -> str:
        """The one-line verdict printed last."""
        entries = count(self.checked, "entry", "entries")
        if not self.problems:
            return f"Checked {entries}: no problems."
        return f"Checked {entries}: {count(self.errors, 'error')}, {count(self.warnings, 'warning')}."


def run_check(root: Path, paths: list[Path] | None = None, strict: bool = False) -> CheckResult:
    settings = load_settings(root)
    missing: list[Problem]
    if not paths:
        content, others, missing = load_content(root), [], []
        checked = len(paper_paths(root))
    else:
        focus, missing = _resolve(root, paths)
        chosen = {path.resolve() for path in focus}
        content = load_content(root, only=focus)
        # Other entries only serve as targets of references and duplicates; their own problems are not ours.
        others = load_fields_quickly(root, [p for p in paper_paths(root) if p.resolve() not in chosen])
        checked = len(focus)
    try:
        problems = list(validate(content, settings, strict=strict, others=tuple(others)).warnings)
    except ContentError as error:
        problems = list(error.problems)
    return CheckResult(tuple(sorted(problems + missing)), checked)


def _resolve(root: Path, paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The entry files named on the command line (folders: their .md files)."""
    files, problems = [], []
    for path in paths:
        if not path.exists() and not path.is_absolute() and (root / path).exists():
            path = root / path
        if path.is_symlink():
            files.append(path)  # refused, naming it, when it is loaded
        elif path.is_dir():
            files += sorted(item for item in path.glob("*.md") if item.is_symlink() or item.is_file())
        elif not path.exists():
            problems.append(
                Problem(
                    path.as_posix(), 0, "file", "does not exist (expected an entry file or a folder of them)"
                )
            )
        elif relative(root, path) == VOCABULARY_FILE:
            continue  # the vocabulary is checked on every run
        elif path.suffix != ".md":
            problems.append(Problem(path.as_posix(), 0, "file", "is not an entry (expected a .md file)"))
        elif os.path.abspath(path.parent) != os.path.abspath(root / PAPERS_DIR):
            problems.append(Problem(path.as_posix(), 0, "file", f"is not published ({NOT_PUBLISHED})"))
        else:
            files.append(path)
    return list(dict.fromkeys(files)), problems


def github_annotations(result: CheckResult) -> list[str]:
    """Workflow commands GitHub shows on the pull request's changed lines."""
    lines = []
    for problem in result.problems:
        level = problem.severity.value  # GitHub's ::error and ::warning
        properties = [f"file={_escape_property(problem.path)}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_escape_property('paperdigest check: ' + (problem.field or 'file'))}")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(problem.message)}")
    return lines


def markdown_summary(result: CheckResult) -> str:
    """A Markdown report for $GITHUB_STEP_SUMMARY; every contributed string is escaped."""
    mark = "✅" if not result.errors else "❌"
    out = ["## paperdigest check", "", f"{mark} {md_escape(result.summary())}", ""]
    if result.problems:
        out += ["| File | Line | Field | Problem |", "| --- | ---: | --- | --- |"]
        for problem in result.problems[:SUMMARY_ROWS]:
            label = "" if problem.severity is Severity.ERROR else "warning: "
            cells = [problem.path, str(problem.line or ""), problem.field, label + problem.message]
            out.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        if len(result.problems) > SUMMARY_ROWS:
            out += ["", f"…and {len(result.problems) - SUMMARY_ROWS} more: run `paperdigest check` locally."]
        out.append("")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """A table cell that reads as written: '|', backticks and markup escaped, '<' and '>' as entities,
    one line (Problem already wrote newlines and other controls as escapes)."""
    return md_escape(one_line(text)).replace(">", "&gt;")


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message (toCommandValue in @actions/core)."""
    return one_line(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """...and of its properties (file, title), where ':' and ',' end a value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")

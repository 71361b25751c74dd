"""The CLI as typed: build, its one-line errors, and an intact site after a failed build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.errors import ContentError

PAPERDIGEST = Path(sys.executable).parent / "paperdigest"


def site_snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}


def test_build_command_prints_a_summary(project):
    project.entry("a")
    result = subprocess.run([str(PAPERDIGEST), "build"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 1 entries into site (")
    assert (project.root / "site" / "papers" / "a" / "index.html").exists()


def test_bad_entry_stops_the_build_with_one_line_per_problem_and_keeps_the_site(project, capsys):
    project.entry("good")
    assert main(["--project", str(project.root), "build"]) == 0
    before = site_snapshot(project.root)
    bad = project.entry("bad", date="2026-03-12")
    bad.write_text(bad.read_text().replace("date: 2026-03-12", "date: Mar 12"))
    capsys.readouterr()

    assert main(["--project", str(project.root), "build"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(
        "content/papers/bad.md:4:" in line and "date" in line and "'Mar 12'" in line for line in err
    ), err
    assert "Traceback" not in "\n".join(err)
    assert site_snapshot(project.root) == before


def test_debug_reraises(project):
    bad = project.entry("bad")
    bad.write_text(bad.read_text().replace("date: 2026-03-12", "date: 2026-02-30"))
    with pytest.raises(ContentError):
        main(["--project", str(project.root), "--debug", "build"])


def test_a_failing_mkdocs_build_keeps_the_previous_site(project, capsys):
    project.entry("a")
    assert main(["--project", str(project.root), "build"]) == 0
    before = site_snapshot(project.root)
    # A theme override that cannot render makes MkDocs itself fail.
    project.write(
        "theme/main.html", "{% extends 'base.html' %}{% block content %}{{ undefined_call() }}{% endblock %}"
    )
    assert main(["--project", str(project.root), "build"]) == 1
    # MkDocs runs in a process of its own (generator/runtime/mkdocs_process.py): its reason comes back as one line.
    assert (
        capsys.readouterr().err
        == "Error: mkdocs build failed: UndefinedError: 'undefined_call' is undefined\n"
    )
    assert site_snapshot(project.root) == before
    assert not list(project.root.glob("site.*"))  # no staging folder left behind


def test_missing_project_is_one_line(tmp_path, capsys):
    assert main(["--project", str(tmp_path), "build"]) == 1
    assert (
        capsys.readouterr().err
        == f"Error: {tmp_path}/mkdocs.yml: not found (run paperdigest from the project folder or pass --project)\n"
    )


def test_unknown_command_is_one_line_exit_1(capsys):
    assert main(["frobnicate"]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("Error: paperdigest: argument COMMAND: invalid choice: 'frobnicate'")
        and err.count("\n") == 1
    )

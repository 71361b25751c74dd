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
    assert result.stdout.startswith("Built 1 entry into site (")
    assert (project.root / "site" / "papers" / "a" / "index.html").exists()


def test_the_console_script_exits_at_once_with_everything_said(project):
    """run() ends with os._exit (no teardown): what was printed to a pipe must still arrive, and the code."""
    bad = project.entry("bad", date="2026-03-12")
    bad.write_text(bad.read_text().replace("date: 2026-03-12", "date: Mar 12"))
    result = subprocess.run([str(PAPERDIGEST), "build"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "1 error found."


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
    # MkDocs runs in a process of its own (generator/runtime/mkdocs_process.py): its reason comes back as one
    # line.
    assert (
        capsys.readouterr().err
        == "Error: mkdocs build failed: UndefinedError: 'undefined_call' is undefined\n"
    )
    assert site_snapshot(project.root) == before
    assert not list(project.root.glob("site.*"))  # no staging folder left behind


def test_missing_project_is_one_line(tmp_path, capsys):
    assert main(["--project", str(tmp_path), "build"]) == 1
    assert (
        capsys.readouterr().err == f"Error: {tmp_path}/mkdocs.yml: not found "
        "(run paperdigest from the project folder or pass --project)\n"
    )


def test_unknown_command_is_one_line_exit_1(capsys):
    assert main(["frobnicate"]) == 1
    err = capsys.readouterr().err
    assert err == "Error: No such command 'frobnicate'. (see 'paperdigest --help')\n"


def test_version_names_the_installed_package(capsys):
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"paperdigest {version('paperdigest')}\n"


def test_project_may_follow_the_subcommand(project, capsys):
    project.entry("a")
    assert main(["check", "--project", str(project.root)]) == 0
    assert capsys.readouterr().out == "Checked 1 entry: no problems.\n"


def test_help_shows_examples_and_the_default_address(capsys):
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "[default: 127.0.0.1:8000]" in out and "paperdigest serve --dev-addr 0.0.0.0:8080" in out


def test_a_busy_port_is_one_line(project, capsys):
    import socket

    project.entry("a")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--project", str(project.root), "serve", "--dev-addr", f"127.0.0.1:{port}"]) == 1
    assert capsys.readouterr().err == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(stop what uses it or pass --dev-addr HOST:PORT)\n"
    )


def test_an_internal_failure_is_one_line_and_says_it_is_a_bug(project, capsys, monkeypatch):
    from generator import build
    from generator.errors import InternalError

    def broken(*args, **kwargs):
        raise InternalError("the writer lost a file")

    monkeypatch.setattr(build, "build_site", broken)
    project.entry("a")
    assert main(["--project", str(project.root), "build"]) == 1
    assert capsys.readouterr().err == (
        "Error: internal error: the writer lost a file (a bug in paperdigest: please report it with the "
        "output of --debug)\n"
    )
    with pytest.raises(InternalError):
        main(["--project", str(project.root), "--debug", "build"])


def test_a_build_that_fails_before_mkdocs_stops_the_waiting_mkdocs_process(project, monkeypatch, capsys):
    """MkDocs' process starts with the build and waits for the docs: a content error ends it, and
    leaves neither a process nor a staging folder behind."""
    import generator.build

    started = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(
        generator.build.subprocess,
        "Popen",
        lambda *a, **k: started.append(real_popen(*a, **k)) or started[-1],
    )
    bad = project.entry("bad", date="2026-03-12")
    bad.write_text(bad.read_text().replace("date: 2026-03-12", "date: Mar 12"))
    assert main(["--project", str(project.root), "build"]) == 1
    [process] = started
    assert process.returncode == 5  # mkdocs_process.CANCELLED_STATUS: told no docs would come
    assert not list(project.root.glob("site.*")), "no staging folder left behind"
    assert capsys.readouterr().out == ""


def test_the_mkdocs_process_told_no_docs_will_come_exits_silently(project):
    command = [sys.executable, "-m", "generator.runtime.mkdocs_process", str(project.root), "unused", "-"]
    (project.root / "build" / "docs").mkdir(parents=True)
    result = subprocess.run(command, input="", capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (5, "", "")

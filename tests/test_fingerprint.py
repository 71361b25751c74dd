"""`paperdigest build` with nothing changed answers from the fingerprint (generator/runtime/fingerprint.py),
and anything a build reads, changed, builds again."""

from __future__ import annotations

import os
import shutil

import pytest

import generator.build
from generator.commands.cli import main


@pytest.fixture
def builds(monkeypatch):
    """How many times `paperdigest build` really built."""
    calls = []
    real = generator.build.build_site

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(generator.build, "build_site", counting)
    return calls


def build(project, capsys, *flags) -> tuple[str, str]:
    assert main(["--project", str(project.root), "build", *flags]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_nothing_changed_says_what_the_last_build_said_and_leaves_site_alone(project, capsys, builds):
    project.entry("a")
    project.entry("b")
    project.write("content/papers/notes.txt", "not an entry")  # a warning
    first_out, first_err = build(project, capsys)
    site = os.stat(project.root / "site").st_ino
    out, err = build(project, capsys)
    assert len(builds) == 1
    assert err == first_err and "notes.txt" in err
    total = first_out.split("(")[1].split(" pages changed, ")
    pages = int(total[0]) + int(total[1].split(" unchanged")[0])
    site_dir = project.root / "site"
    assert out == f"Built 2 entries into {site_dir} (0 pages changed, {pages} unchanged, 0 removed).\n"
    assert os.stat(project.root / "site").st_ino == site


def _edit_entry(project):
    path = project.papers / "a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def _touch_entry(project):
    info = os.stat(project.papers / "a.md")
    os.utime(project.papers / "a.md", ns=(info.st_atime_ns, info.st_mtime_ns + 1))


def _append(relative: str):
    return lambda project: project.write(relative, (project.root / relative).read_text() + "\n")


CHANGES = [
    ("an edited abstract", _edit_entry),
    ("a file touched, its bytes the same", _touch_entry),
    ("a new entry", lambda project: project.entry("c")),
    ("a deleted entry", lambda project: (project.papers / "a.md").unlink()),
    ("the tag vocabulary", _append("content/tags.yml")),
    ("mkdocs.yml", _append("mkdocs.yml")),
    ("a theme file", lambda project: project.write("theme/partials/pd-extra.html", "<!-- x -->\n")),
    ("site/ removed", lambda project: shutil.rmtree(project.root / "site")),
    ("the site state removed", lambda project: (project.root / "build/cache/site-state.pickle").unlink()),
]


@pytest.mark.parametrize(("name", "change"), CHANGES, ids=[name for name, _ in CHANGES])
def test_anything_a_build_reads_changed_builds_again(project, capsys, builds, name, change):
    project.entry("a")
    project.entry("b")
    build(project, capsys)
    change(project)
    build(project, capsys)
    assert len(builds) == 2
    build(project, capsys)  # and once built, nothing changed again
    assert len(builds) == 2


def test_strict_is_a_different_build(project, capsys, builds):
    project.entry("a")
    build(project, capsys)
    build(project, capsys, "--strict")
    assert len(builds) == 2

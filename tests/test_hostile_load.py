"""Hostile files at the load stage, one table row each (issue 16, classes 2, 3, 10, 11, 12).

Each row is a file, or a filesystem trick, a pull request could bring: a symlink to a
system file, a FIFO, a billion-laughs front matter, a 20 MB abstract. `check` must name
the file in one exact line and exit 1, without reading the target of a symlink, without a
traceback and quickly; `build` must refuse the same and leave the previous site/ as it was.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from generator.commands.cli import main

from support import make_project
from test_check import entry, fields, notes, site_snapshot

PLAIN = "expected plain values: no '&anchor', '*alias' or '!!tag', lists and mappings at most 10 levels deep"
SYMLINK = "is a symbolic link, which is never followed (expected a regular file in the repository)"
NOT_PUBLISHED = "expected content/papers/<id>.md"
SECRET = "secret-outside-the-repository"
UNCLOSED = (
    "expected Markdown links written [text](url), brackets closed; "
    "Markdown would read more than 1,000,000 characters to find them"
)


def write(name: str, content: str | bytes):
    """A row's trick: write `content` to content/papers/`name`."""

    def make(project) -> None:
        project.write(f"content/papers/{name}", content)

    return make


def symlink(target, name: str = "bad.md"):
    """A row's trick: content/papers/`name` is a symlink to `target` (a function of the project, or a
    path)."""

    def make(project) -> None:
        os.symlink(target(project) if callable(target) else target, project.papers / name)

    return make


def outside_entry(project) -> Path:
    """A valid entry outside the repository, holding a secret."""
    path = project.root.parent / "outside" / "bad.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(entry(fields(title=f'"{SECRET}"')), encoding="utf-8")
    return path


def fifo(project) -> None:
    os.mkfifo(project.papers / "bad.md")


def linked_papers_folder(project) -> None:
    outside = project.root.parent / "outside-papers"
    shutil.copytree(project.papers, outside)
    (outside / "bad.md").write_text(entry(), encoding="utf-8")
    shutil.rmtree(project.papers)
    os.symlink(outside, project.papers)


def linked_vocabulary(project) -> None:
    vocabulary = project.root / "content" / "tags.yml"
    outside = project.root.parent / "outside-tags.yml"
    shutil.copy(vocabulary, outside)
    vocabulary.unlink()
    os.symlink(outside, vocabulary)


BILLION_LAUGHS = "".join(
    [fields(), 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)]
)
DEPTH_1000 = fields(authors="[" * 1000 + "]" * 1000)
DEPTH_BLOCK = fields(authors="\n" + "- " * 20000 + "x")
NESTED_DUPLICATE = fields(links="\n  code: https://github.com/a/real\n  code: https://evil.example/fake")

# (case, trick, file named in the message, line, field, message)
CASES = [
    ("symlink-to-system-file", symlink("/etc/passwd"), "content/papers/bad.md", 0, "file", SYMLINK),
    ("symlink-to-environment", symlink("/proc/self/environ"), "content/papers/bad.md", 0, "file", SYMLINK),
    ("symlink-to-dev-zero", symlink("/dev/zero"), "content/papers/bad.md", 0, "file", SYMLINK),
    ("symlink-to-entry-outside", symlink(outside_entry), "content/papers/bad.md", 0, "file", SYMLINK),
    ("symlink-to-entry-inside", symlink("good.md"), "content/papers/bad.md", 0, "file", SYMLINK),
    ("symlink-dangling", symlink("/nonexistent/bad.md"), "content/papers/bad.md", 0, "file", SYMLINK),
    ("symlink-not-md", symlink("/etc/passwd", "notes.txt"), "content/papers/notes.txt", 0, "file", SYMLINK),
    (
        "fifo",
        fifo,
        "content/papers/bad.md",
        0,
        "file",
        "is a FIFO, not a regular file (expected a regular file in the repository)",
    ),
    (
        "papers-folder-symlinked",
        linked_papers_folder,
        "content/papers",
        0,
        "file",
        "is a symbolic link, which is never followed (expected a folder in the repository)",
    ),
    ("tags-yml-symlinked", linked_vocabulary, "content/tags.yml", 0, "file", SYMLINK),
    (
        "billion-laughs",
        write("bad.md", entry(BILLION_LAUGHS)),
        "content/papers/bad.md",
        6,
        "front matter",
        f"uses the anchor '&a' ({PLAIN})",
    ),
    (
        "alias-alone",
        write("bad.md", entry(fields(related="*x"))),
        "content/papers/bad.md",
        6,
        "front matter",
        f"uses the alias '*x' ({PLAIN})",
    ),
    (
        "explicit-tag",
        write("bad.md", entry(fields(authors="!!binary aGVsbG8="))),
        "content/papers/bad.md",
        6,
        "front matter",
        f"uses the tag 'tag:yaml.org,2002:binary' ({PLAIN})",
    ),
    (
        "nesting-depth-1000",
        write("bad.md", entry(DEPTH_1000)),
        "content/papers/bad.md",
        6,
        "front matter",
        f"nests lists and mappings more than 10 levels deep ({PLAIN})",
    ),
    (
        "nesting-depth-block",
        write("bad.md", entry(DEPTH_BLOCK)),
        "content/papers/bad.md",
        7,
        "front matter",
        f"nests lists and mappings more than 10 levels deep ({PLAIN})",
    ),
    (
        "duplicate-key-quoted",
        write("bad.md", entry(fields() + '"title": "Another paper"\n')),
        "content/papers/bad.md",
        6,
        "title",
        "is given twice (expected each field once; only the last one would count)",
    ),
    (
        "duplicate-key-single-quoted",
        write("bad.md", entry(fields() + "'id': other\n")),
        "content/papers/bad.md",
        6,
        "id",
        "is given twice (expected each field once; only the last one would count)",
    ),
    (
        "duplicate-key-nested",
        write("bad.md", entry(NESTED_DUPLICATE)),
        "content/papers/bad.md",
        8,
        "links",
        "'code' is given twice (expected each key once; only the last one would count)",
    ),
    (
        "abstract-20-mb",
        write("bad.md", entry(body="word " * 4_000_000)),
        "content/papers/bad.md",
        0,
        "file",
        "is larger than 256 KiB (expected at most 262,144 bytes; "
        "the largest real entries are a few KB, a 5,000-author paper about 130 KB)",
    ),
    (
        "abstract-too-long",
        write("bad.md", entry(body="word " * 2_001)),
        "content/papers/bad.md",
        8,
        "abstract",
        "is 10,004 characters long (expected at most 10,000; the longest real arXiv abstracts have about "
        "1,920)",
    ),
    (
        "authors-too-many",
        write("bad.md", entry(fields(authors="[" + ", ".join(["A. B"] * 6001) + "]"))),
        "content/papers/bad.md",
        6,
        "authors",
        "lists 6,001 authors (expected at most 6,000; the largest collaborations sign about 5,000)",
    ),
    (
        "author-too-long",
        write("bad.md", entry(fields(authors=f"[{'a' * 301}]"))),
        "content/papers/bad.md",
        6,
        "authors",
        "item 1 is 301 characters long (expected one author's name, at most 300 characters)",
    ),
    (
        "unclosed-links-40-kb",
        write("bad.md", entry(body=notes("[a](" * 10_000))),
        "content/papers/bad.md",
        12,
        "notes",
        f"too many links without their closing ')' ({UNCLOSED})",
    ),
    (
        "unclosed-image-links",
        write("bad.md", entry(body=notes("ok\n\n" + "![a](" * 8_000))),
        "content/papers/bad.md",
        14,
        "notes",
        f"too many links without their closing ')' ({UNCLOSED})",
    ),
    (
        "unclosed-brackets-40-kb",
        write("bad.md", entry(body=notes("[" * 40_000))),
        "content/papers/bad.md",
        12,
        "notes",
        f"too many '[' without their closing ']' ({UNCLOSED})",
    ),
    (
        "reference-links-40-kb",
        write("bad.md", entry(body=notes("[a][" * 10_000))),
        "content/papers/bad.md",
        12,
        "notes",
        f"too many '[' without their closing ']' ({UNCLOSED})",
    ),
    (
        "unclosed-angles-40-kb",
        write("bad.md", entry(body=notes("<a " * 13_000))),
        "content/papers/bad.md",
        12,
        "notes",
        f"too many '<' without their closing '>' ({UNCLOSED})",
    ),
    (
        "entry-in-subfolder",
        write("sub/bad.md", entry()),
        "content/papers/sub",
        0,
        "file",
        f"is a folder: nothing in it is published ({NOT_PUBLISHED})",
    ),
    (
        "upper-case-extension",
        write("bad.MD", entry()),
        "content/papers/bad.MD",
        0,
        "file",
        f"is not published: only '.md' files are entries ({NOT_PUBLISHED})",
    ),
    (
        "markdown-extension",
        write("bad.markdown", entry()),
        "content/papers/bad.markdown",
        0,
        "file",
        f"is not published: only '.md' files are entries ({NOT_PUBLISHED})",
    ),
]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    project.entry("good", title="A good paper")
    assert main(["--project", str(project.root), "build"]) == 0
    project.site = site_snapshot(project.root / "site")
    return project


@pytest.fixture
def restored(clean):
    """The clean content again after each row, whatever the row did to it."""
    saved = clean.root.parent / "saved-content"
    shutil.copytree(clean.root / "content", saved, symlinks=True)
    yield clean
    shutil.rmtree(clean.root / "content")
    saved.rename(clean.root / "content")
    for leftover in ("outside", "outside-papers", "outside-tags.yml"):
        path = clean.root.parent / leftover
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


@pytest.mark.parametrize("case, trick, path, line, field, message", CASES, ids=[case[0] for case in CASES])
def test_check_refuses_the_hostile_file_in_one_line(restored, capfd, case, trick, path, line, field, message):
    project = restored
    trick(project)
    expected = f"{path}:{line}: {field}: {message}" if line else f"{path}: {field}: {message}"
    root = str(project.root)

    started = time.monotonic()
    assert main(["--project", root, "check"]) == 1
    assert time.monotonic() - started < 5, "check must stay fast on any file"
    out, err = capfd.readouterr()
    assert expected in out.splitlines()
    assert "Traceback" not in out + err and SECRET not in out + err and "root:" not in out + err

    assert main(["--project", root, "build"]) == 1
    out, err = capfd.readouterr()
    assert expected in err.splitlines()
    assert "Traceback" not in out + err and SECRET not in out + err
    assert site_snapshot(project.root / "site") == project.site, "the previous site must stay intact"


@pytest.mark.parametrize("case, name", [("symlink", "bad.md"), ("subfolder", "sub/bad.md")])
def test_a_partial_check_refuses_them_too(restored, capfd, case, name):
    project = restored
    if case == "symlink":
        symlink("/dev/zero")(project)
        expected = f"content/papers/bad.md: file: {SYMLINK}"
    else:
        write(name, entry())(project)
        expected = f"{project.papers / name}: file: is not published ({NOT_PUBLISHED})"
    assert main(["--project", str(project.root), "check", str(project.papers / name)]) == 1
    assert expected in capfd.readouterr().out.splitlines()


def test_a_partial_check_never_reads_hostile_other_files(restored, capfd):
    """Checking one file still reads every other entry's id and title: never through a symlink or FIFO."""
    project = restored
    symlink("/dev/zero", "zero.md")(project)
    fifo(project)
    write("deep.md", entry(DEPTH_BLOCK))(project)
    started = time.monotonic()
    assert main(["--project", str(project.root), "check", str(project.papers / "good.md")]) == 0
    assert time.monotonic() - started < 5
    assert "Traceback" not in "".join(capfd.readouterr())


def test_a_paper_with_thousands_of_authors_passes(restored, capfd):
    """The limits are generous: a 5,154-author collaboration paper (ATLAS and CMS, 2015) is an entry."""
    project = restored
    authors = "\n" + "".join(f'  - "Author Number{index} Surname-{index}"\n' for index in range(5154))
    write("big.md", entry(fields(id='"big"', authors=authors.rstrip("\n"))))(project)
    assert main(["--project", str(project.root), "check"]) == 0, capfd.readouterr().out

"""`paperdigest check` and `build` on every kind of bad entry, one table row each.

Every row is a file a contributor might send. The check must name the file,
the line and the field, with the exact message; `build` must refuse the
same file with the same line and leave the previous site/ exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.commands.check import CheckResult, github_annotations, markdown_summary
from generator.commands.cli import main
from generator.errors import Problem

from support import REPO, make_project

BAD = "content/papers/bad.md"
URL = "an http(s) URL like https://example.org/page"
MARKDOWN_ONLY = "expected Markdown only: no HTML tags, scripts, iframes, event handlers or styles"


def entry(
    front: str = 'id: "bad"\ntitle: "A bad paper"\ndate: 2026-03-12\ntags: [quantization]\n',
    body: str = "An abstract.",
) -> str:
    """An entry whose lines are: 1 '---', 2 id, 3 title, 4 date, 5 tags, 6 '---', 7 blank, 8 body."""
    return f"---\n{front}---\n\n{body}\n"


def notes(text: str) -> str:
    """A body whose notes (Markdown, from line 12 on) hold `text`: lines 8 abstract, 10 '## Notes'."""
    return f"An abstract.\n\n## Notes\n\n{text}"


def fields(**changes) -> str:
    """The standard front matter with some lines changed (value None drops the line)."""
    lines = {"id": '"bad"', "title": '"A bad paper"', "date": "2026-03-12", "tags": "[quantization]"}
    lines.update(changes)
    return "".join(f"{name}: {value}\n" for name, value in lines.items() if value is not None)


# (case, file name, file content, line, field, message)
CASES = [
    (
        "yaml-does-not-parse",
        "bad.md",
        entry(fields(title="A: colon in title")),
        3,
        "front matter",
        "is not valid YAML: mapping values are not allowed here (expected 'field: value' lines; "
        "quote values that contain ': ' or start with a special character)",
    ),
    (
        "yaml-unclosed-bracket",
        "bad.md",
        entry(fields(tags="[quantization")),
        5,
        "front matter",
        "is not valid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>' "
        "(expected 'field: value' lines; quote values that contain ': ' or start with a special character)",
    ),
    (
        "not-utf8",
        "bad.md",
        entry(fields(title='"Caf\xe9"')).encode("latin-1"),
        3,
        "file",
        "is not UTF-8: byte 0xe9 at offset 25 (expected UTF-8 text; save the file as UTF-8)",
    ),
    (
        "empty-file",
        "bad.md",
        "",
        1,
        "file",
        "is empty (expected YAML front matter between '---' lines, then the abstract)",
    ),
    (
        "blank-file",
        "bad.md",
        "\n  \n",
        1,
        "file",
        "is empty (expected YAML front matter between '---' lines, then the abstract)",
    ),
    (
        "front-matter-missing",
        "bad.md",
        "Just an abstract.\n",
        1,
        "front matter",
        "missing: the file starts with 'Just an abstract.' "
        "(expected a first line '---', then the fields, then a closing '---' line)",
    ),
    (
        "front-matter-not-closed",
        "bad.md",
        "---\nid: bad\n\nAn abstract.\n",
        1,
        "front matter",
        "is not closed (expected a second '---' line after the fields)",
    ),
    (
        "front-matter-not-fields",
        "bad.md",
        "---\n- a list\n---\n\nAn abstract.\n",
        2,
        "front matter",
        "is a list, not fields (expected 'field: value' lines such as 'title: ...')",
    ),
    (
        "title-missing",
        "bad.md",
        entry(fields(title=None)),
        2,
        "title",
        "is missing (expected the paper's title)",
    ),
    (
        "title-empty",
        "bad.md",
        entry(fields(title='""')),
        3,
        "title",
        "is missing (expected the paper's title)",
    ),
    (
        "date-missing",
        "bad.md",
        entry(fields(date=None)),
        2,
        "date",
        "is missing (expected the digest date as YYYY-MM-DD)",
    ),
    (
        "id-missing",
        "bad.md",
        entry(fields(id=None)),
        2,
        "id",
        "is missing (expected the entry's id, which is also the file name without '.md')",
    ),
    (
        "field-twice",
        "bad.md",
        entry(fields() + "tags: [diffusion-models]\n"),
        6,
        "tags",
        "is given twice (expected each field once; only the last one would count)",
    ),
    (
        "title-mistyped",
        "bad.md",
        entry(fields(title="[A, list]")),
        3,
        "title",
        "is a list (expected text; quote a title that contains ': ')",
    ),
    (
        "tags-mistyped",
        "bad.md",
        entry(fields(tags="quantization")),
        5,
        "tags",
        "is 'quantization', not a list (expected a list of tags from content/tags.yml, e.g. [a, b] or '- a' "
        "lines)",
    ),
    (
        "authors-item-mistyped",
        "bad.md",
        entry(fields(authors="[Ada, [x]]")),
        6,
        "authors",
        "item 2 is a list (expected text: one author per item)",
    ),
    (
        "links-mistyped",
        "bad.md",
        entry(fields(links='"https://example.org"')),
        6,
        "links",
        "is 'https://example.org' (expected a mapping of arxiv, pdf, code, project to URLs)",
    ),
    (
        "links-unknown-kind",
        "bad.md",
        entry(fields(links="{paper: https://example.org}")),
        6,
        "links",
        "unknown link kind 'paper' (expected one of arxiv, pdf, code, project)",
    ),
    (
        "abstract-in-front-matter",
        "bad.md",
        entry(fields(abstract="text")),
        6,
        "abstract",
        "does not belong in the front matter (expected the abstract, then an optional '## Notes' section, "
        "as Markdown after the closing '---' line)",
    ),
    (
        "date-not-real",
        "bad.md",
        entry(fields(date="2026-02-30")),
        4,
        "date",
        "'2026-02-30' is not a real date (expected YYYY-MM-DD with a valid month and day)",
    ),
    (
        "date-month-13",
        "bad.md",
        entry(fields(date="2026-13-01")),
        4,
        "date",
        "'2026-13-01' is not a real date (expected YYYY-MM-DD with a valid month and day)",
    ),
    (
        "date-not-iso",
        "bad.md",
        entry(fields(date="March 12 2026")),
        4,
        "date",
        "'March 12 2026' is not a date (expected YYYY-MM-DD, e.g. 2026-03-12)",
    ),
    (
        "id-unsafe",
        "bad.md",
        entry(fields(id='"Bad Id!"')),
        2,
        "id",
        "'Bad Id!' is not a safe id (lower-case letters, digits, '.', '-' or '_', starting and ending "
        "with a letter or digit, at most 120)",
    ),
    (
        "id-path-traversal",
        "bad.md",
        entry(fields(id='"../index"')),
        2,
        "id",
        "'../index' is not a safe id (lower-case letters, digits, '.', '-' or '_', starting and ending "
        "with a letter or digit, at most 120)",
    ),
    (
        "id-not-file-name",
        "bad.md",
        entry(fields(id="other")),
        2,
        "id",
        "'other' does not match the file name 'bad.md' (expected the file to be named 'other.md')",
    ),
    (
        "arxiv-id-malformed",
        "2403.123.md",
        entry(fields(id='"2403.123"')),
        2,
        "id",
        "'2403.123' is not a valid arXiv id (expected an arXiv id like 1907.05737 or 1907.05737v2)",
    ),
    (
        "arxiv-id-wrong-digits",
        "2403.1234.md",
        entry(fields(id='"2403.1234"')),
        2,
        "id",
        "'2403.1234' is not a valid arXiv id: papers from 2024 have 5-digit numbers "
        "(expected an arXiv id like 1907.05737 or 1907.05737v2)",
    ),
    (
        "arxiv-link-malformed",
        "bad.md",
        entry(fields(links="{arxiv: https://arxiv.org/abs/123}")),
        6,
        "links",
        "arxiv: 'https://arxiv.org/abs/123': '123' is not a valid arXiv id "
        "(expected an arXiv id like 1907.05737 or 1907.05737v2)",
    ),
    (
        "arxiv-link-not-arxiv",
        "bad.md",
        entry(fields(links="{arxiv: https://example.org/paper}")),
        6,
        "links",
        "arxiv: 'https://example.org/paper' is not an arXiv URL "
        "(expected https://arxiv.org/abs/ followed by an arXiv id like 1907.05737 or 1907.05737v2)",
    ),
    (
        "duplicate-arxiv-version",
        "2403.01234v2.md",
        entry(fields(id='"2403.01234v2"', title='"Another title"')),
        2,
        "id",
        "arXiv paper 2403.01234 also has an entry, content/papers/2403.01234.md "
        "(expected one entry per paper; v1, v2... are one paper)",
    ),
    (
        "duplicate-arxiv-by-link",
        "bad.md",
        entry(fields(links="{arxiv: 'https://arxiv.org/abs/2403.01234v3'}")),
        6,
        "links",
        "arXiv paper 2403.01234 also has an entry, content/papers/2403.01234.md "
        "(expected one entry per paper; v1, v2... are one paper)",
    ),
    (
        "duplicate-title",
        "bad.md",
        entry(fields(title='"a GOOD paper!"')),
        3,
        "title",
        "near-identical to the title of content/papers/good.md (expected one entry per paper; "
        "titles are compared ignoring case, accents, spaces, punctuation and look-alike letters)",
    ),
    (
        "anchor-on-own-page-missing",
        "bad.md",
        entry(body=notes("See [below](#nope).\n\n### Method\n")),
        12,
        "notes",
        "link '#nope' names no anchor of this entry's page (expected #abstract, #notes, #references, "
        "#backlinks, "
        "#related-papers, #cite or a heading of its notes: #method)",
    ),
    (
        "tag-unknown",
        "bad.md",
        entry(fields(tags="[quantisation]")),
        5,
        "tags",
        "unknown tag 'quantisation', did you mean 'quantization'? (expected a tag from content/tags.yml)",
    ),
    (
        "tag-unknown-no-guess",
        "bad.md",
        entry(fields(tags="[astrology]")),
        5,
        "tags",
        "unknown tag 'astrology' (expected a tag from content/tags.yml)",
    ),
    (
        "tag-alias",
        "bad.md",
        entry(fields(tags="[ptq]")),
        5,
        "tags",
        "'ptq' is an alias of 'quantization' (expected the canonical tag 'quantization')",
    ),
    (
        "related-to-nothing",
        "bad.md",
        entry(fields(related="[goood]")),
        6,
        "related",
        "no entry with id 'goood', did you mean 'good'? (expected the id of an entry in content/papers/)",
    ),
    (
        "related-to-itself",
        "bad.md",
        entry(fields(related="[bad]")),
        6,
        "related",
        "'bad' is this entry itself (expected the id of another entry)",
    ),
    (
        "notes-link-to-nothing",
        "bad.md",
        entry(body=notes("See [that](missing-paper.md).")),
        12,
        "notes",
        "link 'missing-paper.md' points to no entry (expected 'other-id.md' where other-id is the id of an "
        "entry in content/papers/)",
    ),
    (
        "notes-relative-link",
        "bad.md",
        entry(body=notes("See [passwords](../../etc/passwd).")),
        12,
        "notes",
        "link '../../etc/passwd' points inside the site (expected an http(s) URL, or 'other-id.md' to link "
        "another entry)",
    ),
    (
        "link-javascript",
        "bad.md",
        entry(fields(links="{code: 'javascript:alert(1)'}")),
        6,
        "links",
        f"code: 'javascript:alert(1)' uses the 'javascript:' scheme (expected {URL})",
    ),
    (
        "link-protocol-relative",
        "bad.md",
        entry(fields(links="{project: '//evil.example/x'}")),
        6,
        "links",
        f"project: '//evil.example/x' has no scheme (expected {URL})",
    ),
    (
        "notes-link-javascript",
        "bad.md",
        entry(body=notes("Click [here](javascript:alert(1)).")),
        12,
        "notes",
        f"link 'javascript:alert(1)' uses the 'javascript:' scheme (expected {URL})",
    ),
    (
        "notes-image-data-url",
        "bad.md",
        entry(body=notes("![x](data:image/png;base64,AAAA)")),
        12,
        "notes",
        f"link 'data:image/png;base64,AAAA' uses the 'data:' scheme (expected {URL})",
    ),
    (
        "notes-reference-link-javascript",
        "bad.md",
        entry(body=notes("See [x][1].\n\n[1]: javascript:alert(1)")),
        14,
        "notes",
        f"link 'javascript:alert(1)' uses the 'javascript:' scheme (expected {URL})",
    ),
    (
        "html-script",
        "bad.md",
        entry(body=notes("<script>alert(1)</script>")),
        12,
        "notes",
        f"raw HTML '<script>alert(1)</script>' is not allowed ({MARKDOWN_ONLY})",
    ),
    (
        "html-iframe",
        "bad.md",
        entry(body=notes('<iframe src="https://evil.example"></iframe>')),
        12,
        "notes",
        f"raw HTML '<iframe src=\"https://evil.example\"></iframe>' is not allowed ({MARKDOWN_ONLY})",
    ),
    (
        "html-event-handler",
        "bad.md",
        entry(body=notes("An <img src=x onerror=alert(1)> note.")),
        12,
        "notes",
        f"raw HTML '<img src=x onerror=alert(1)>' is not allowed ({MARKDOWN_ONLY})",
    ),
    (
        "html-style",
        "bad.md",
        entry(body=notes('A <span style="color:red">note</span>.')),
        12,
        "notes",
        f"raw HTML '<span style=\"color:red\">' is not allowed ({MARKDOWN_ONLY})",
    ),
    (
        "html-md-in-html",
        "bad.md",
        entry(body=notes("<div markdown>A note.</div>")),
        12,
        "notes",
        f"raw HTML '<div markdown>A note.</div>' is not allowed ({MARKDOWN_ONLY})",
    ),
    (
        "attr-list-event-handler",
        "bad.md",
        entry(body=notes('A [note](https://example.org){ onclick="alert(1)" }.')),
        12,
        "notes",
        f"attribute 'onclick' is not allowed ({MARKDOWN_ONLY}; remove the '{{: ... }}')",
    ),
    (
        "attr-list-style",
        "bad.md",
        entry(body=notes('A note.\n{: style="display:none" }')),
        13,
        "notes",
        f"attribute 'style' is not allowed ({MARKDOWN_ONLY}; remove the '{{: ... }}')",
    ),
    (
        "abstract-missing",
        "bad.md",
        entry(body=""),
        7,
        "abstract",
        "is missing (expected the abstract, as the authors wrote it, after the closing '---' line)",
    ),
    (
        "link-with-tex-braces",
        "bad.md",
        entry(fields(links="{code: 'https://github.com/a/b}{Code'}")),
        6,
        "links",
        f"code: 'https://github.com/a/b}}{{Code' contains '{{', '}}' or '\\' (expected {URL}; write them as "
        "%7B, %7D, %5C)",
    ),
    (
        "abstract-placeholder",
        "bad.md",
        entry(body="Replace this paragraph with the paper's abstract."),
        8,
        "abstract",
        "is still the placeholder written by 'paperdigest new' (expected the paper's abstract)",
    ),
]


def site_snapshot(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A small valid project, built once; each test adds one bad file and removes it after."""
    project = make_project(tmp_path_factory.mktemp("check") / "project")
    project.entry("good", title="A good paper", body=notes("About [the other one](2403.01234.md)."))
    project.entry(
        "2403.01234",
        title="Quantized diffusion",
        tags=("quantization", "diffusion-models"),
        links={"arxiv": "https://arxiv.org/abs/2403.01234"},
        related=["good"],
    )
    assert main(["--project", str(project.root), "build"]) == 0
    project.site = site_snapshot(project.root / "site")
    project.docs = site_snapshot(project.root / "build" / "docs")
    return project


@pytest.fixture
def bad_file(clean):
    added = []

    def add(name: str, text: str | bytes) -> str:
        added.append(clean.write(f"content/papers/{name}", text))
        return f"content/papers/{name}"

    yield add
    for path in added:
        path.unlink()


def refused_by_check(clean, capsys, path: str, expected: str, message: str) -> str:
    """`check` prints `expected` among its lines, blames no other file, exits 1; its output."""
    assert main(["--project", str(clean.root), "check"]) == 1
    printed = capsys.readouterr().out
    out = printed.splitlines()
    assert expected in out
    assert re.fullmatch(r"Checked 3 entries: [1-9]\d* errors?, 0 warnings\.", out[-1])
    # Only the bad file is blamed, and for a duplicate the file it collides with (each copy names the other).
    collided = set(re.findall(r"content/papers/[\w.-]+\.md", message))
    assert {line.split(":")[0] for line in out[:-1]} <= {path} | collided
    return printed


def refused_by_build(clean, capsys, expected: str) -> str:
    """`build` refuses with the same line, no traceback, and leaves the site and docs as they were."""
    assert main(["--project", str(clean.root), "build"]) == 1
    captured = capsys.readouterr()
    assert expected in captured.err.splitlines()
    assert captured.err.splitlines()[-1].endswith("found.")
    assert "Traceback" not in captured.err + captured.out
    assert site_snapshot(clean.root / "site") == clean.site, "the previous site must stay intact"
    assert site_snapshot(clean.root / "build" / "docs") == clean.docs
    return captured.err + captured.out


@pytest.mark.parametrize("case, name, text, line, field, message", CASES, ids=[case[0] for case in CASES])
def test_check_reports_the_problem_and_build_refuses_it(
    clean, bad_file, capsys, case, name, text, line, field, message
):
    path = bad_file(name, text)
    expected = f"{path}:{line}: {field}: {message}"
    refused_by_check(clean, capsys, path, expected, message)

    # Checking only the bad file finds the same problem: references and duplicates still resolve.
    assert main(["--project", str(clean.root), "check", str(clean.root / path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert expected in out
    assert all(line.startswith(f"{path}:") for line in out[:-1])

    refused_by_build(clean, capsys, expected)


def test_every_problem_is_reported_at_once(clean, bad_file, capsys):
    path = bad_file(
        "bad.md",
        entry(
            fields(id="other", date="2026-02-30", tags="[ptq, astrology]", related="[nope]"),
            body=notes("<b>A</b> note."),
        ),
    )
    assert main(["--project", str(clean.root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] for line in out[:-1]] == [
        f"{path}:2",
        f"{path}:4",
        f"{path}:5",
        f"{path}:5",
        f"{path}:6",
        f"{path}:13",
    ]
    assert out[-1] == "Checked 3 entries: 6 errors, 0 warnings."
    assert (
        out[4]
        == f"{path}:6: related: no entry with id 'nope' (expected the id of an entry in content/papers/)"
    )


def test_clean_content_passes_with_a_one_line_summary(clean, capsys):
    assert main(["--project", str(clean.root), "check"]) == 0
    assert capsys.readouterr().out == "Checked 2 entries: no problems.\n"


def test_unknown_field_is_a_warning_and_an_error_when_strict(clean, bad_file, capsys):
    path = bad_file("bad.md", entry(fields(tagz="[quantization]")))
    warning = (
        f"{path}:6: tagz: warning: unknown field, did you mean 'tags'? "
        "(expected one of authors, categories, date, id, links, published, related, tags, title, updated)"
    )
    assert main(["--project", str(clean.root), "check"]) == 0
    assert capsys.readouterr().out.splitlines() == [warning, "Checked 3 entries: 0 errors, 1 warning."]
    assert main(["--project", str(clean.root), "check", "--strict"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        warning.replace(" warning:", ""),
        "Checked 3 entries: 1 error, 0 warnings.",
    ]
    assert main(["--project", str(clean.root), "build", "--strict"]) == 1
    assert site_snapshot(clean.root / "site") == clean.site


@pytest.mark.parametrize(
    ("published", "problems"),
    [
        (
            "2026-03-13",
            [
                "content/papers/bad.md:6: published: warning: 2026-03-13 is after the digest date "
                "2026-03-12 (expected the paper's own date, on or before the day it was digested)"
            ],
        ),
        ("2026-03-12", []),  # the same day
        ("2024-02-29", []),  # well before
    ],
)
def test_a_paper_published_after_its_digest_is_a_warning(clean, bad_file, capsys, published, problems):
    bad_file("bad.md", entry(fields(published=published)))
    assert main(["--project", str(clean.root), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == problems
    assert out[-1] == (
        "Checked 3 entries: 0 errors, 1 warning." if problems else "Checked 3 entries: no problems."
    )


def test_a_stray_file_in_papers_is_a_warning(clean, bad_file, capsys):
    bad_file("notes.txt", "not an entry")
    assert main(["--project", str(clean.root), "check"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/papers/notes.txt: file: warning: is ignored: not an entry (expected content/papers/ to "
        "hold only <id>.md files)",
        "Checked 2 entries: 0 errors, 1 warning.",
    ]


def test_a_partial_check_resolves_references_against_all_entries(clean, capsys):
    # 2403.01234 relates to 'good' and 'good' links to 2403.01234.md: each resolves while checked alone.
    for path in ("content/papers/2403.01234.md", "content/papers/good.md"):
        assert main(["--project", str(clean.root), "check", path]) == 0
        assert capsys.readouterr().out == "Checked 1 entry: no problems.\n"
    assert main(["--project", str(clean.root), "check", str(clean.root / "content" / "papers")]) == 0
    assert capsys.readouterr().out == "Checked 2 entries: no problems.\n"


def test_check_of_a_missing_path_says_so(clean, capsys):
    assert main(["--project", str(clean.root), "check", "content/papers/nope.md"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/papers/nope.md: file: does not exist (expected an entry file or a folder of them)",
        "Checked 0 entries: 1 error, 0 warnings.",
    ]


def test_duplicate_is_blamed_on_the_checked_file_even_when_it_sorts_first(clean, bad_file, capsys):
    path = bad_file("a-copy.md", entry(fields(id="a-copy", title='"A Good Paper"', date="2020-01-01")))
    assert main(["--project", str(clean.root), "check", path]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{path}:3: title: near-identical to the title of content/papers/good.md (expected one entry per "
        "paper; "
        "titles are compared ignoring case, accents, spaces, punctuation and look-alike letters)"
    )


def test_github_format_writes_annotations_and_a_markdown_summary(clean, bad_file, capsys, tmp_path):
    bad_file("bad.md", entry(fields(date="2026-02-30"), body=notes("<script>alert('x|y')</script>")))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    assert main(["--project", str(clean.root), "check", "--format", "github", "--summary", str(summary)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "::error file=content/papers/bad.md,line=4,title=paperdigest check%3A date::"
        "'2026-02-30' is not a real date (expected YYYY-MM-DD with a valid month and day)"
    ) in out
    report = summary.read_text(encoding="utf-8")
    assert report.startswith(
        "earlier step\n## paperdigest check\n\n❌ Checked 3 entries: 2 errors, 0 warnings.\n"
    )
    assert (
        "| content/papers/bad.md | 4 | date | '2026-02-30' is not a real date (expected YYYY-MM-DD with a "
        "valid month and day) |" in report
    )
    # Contributed text cannot inject HTML or break the table.
    assert "<script>" not in report and "&lt;script&gt;" in report and "x\\|y" in report


def test_annotation_data_is_escaped():
    problem = Problem("content/papers/a,b.md", 3, "title", "50% done\nsecond line")
    [annotation] = github_annotations(CheckResult((problem,), 1))
    assert (
        annotation == "::error file=content/papers/a%2Cb.md,line=3,title=paperdigest check%3A title::"
        "50%25 done\\nsecond line"
    )
    assert "✅ Checked 1 entry: no problems." in markdown_summary(CheckResult((), 1))


def test_the_installed_console_script_checks_and_exits_1(clean, bad_file):
    script = REPO / ".venv" / "bin" / "paperdigest"
    path = bad_file("bad.md", entry(fields(tags="[ptq]")))
    env = dict(os.environ, PYTHONPATH="")
    run = subprocess.run(
        [str(script), "check", path], cwd=clean.root, capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines() == [
        f"{path}:5: tags: 'ptq' is an alias of 'quantization' (expected the canonical tag 'quantization')",
        "Checked 1 entry: 1 error, 0 warnings.",
    ]
    assert run.stderr == ""
    build = subprocess.run(
        [str(script), "build"], cwd=clean.root, capture_output=True, text=True, env=env, timeout=120
    )
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert build.stderr.splitlines() == [
        f"{path}:5: tags: 'ptq' is an alias of 'quantization' (expected the canonical tag 'quantization')",
        "1 error found.",
    ]
    assert site_snapshot(clean.root / "site") == clean.site


def test_seed_content_checks_clean(capsys):
    assert main(["--project", str(REPO), "check"]) == 0
    assert (
        capsys.readouterr().out
        == f"Checked {len(list((REPO / 'content' / 'papers').glob('*.md')))} entries: no problems.\n"
    )


def test_vocabulary_problems_name_the_tag_and_line(project, capsys):
    project.write(
        "content/tags.yml",
        "quantization:\n  title: Quantization\n  aliases: [ptq]\n"
        "pruning:\n  title: Pruning\n  description: Removing weights.\n  aliases: [ptq]\n"
        "Bad Slug:\n  title: x\n  description: y\n",
    )
    project.entry("a", tags=("quantization",))
    assert main(["--project", str(project.root), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/tags.yml:1: quantization.description: is missing or empty (expected a one-line description)",
        "content/tags.yml:7: pruning.aliases: alias 'ptq' is already used by tag 'quantization' (expected "
        "each alias to name one tag)",
        "content/tags.yml:8: Bad Slug: 'Bad Slug' is not a valid tag slug (expected lower-case letters, "
        "digits and '-')",
        "Checked 1 entry: 3 errors, 0 warnings.",
    ]


# Contributed text that tries to start a workflow command or break the report: (case, front matter).
INJECTIONS = [
    ("key-newline", fields() + '"x\\n::error file=README.md::pwned": 1\n'),
    ("key-carriage-return", fields() + '"x\\r::set-output name=a::b": 1\n'),
    ("link-kind-newline", fields(links='{"paper\\n::warning::pwned": "https://example.org"}')),
    ("tag-newline", fields(tags='["q\\n::add-mask::x"]')),
    ("related-line-separator", fields(related='["a\\u2028::error::x", "b\\x85::error::y"]')),
    ("id-escape-sequence", fields(id='"\\e[31mred\\e[0m"')),
    ("key-table-breaker", fields() + '"a|b <img src=x onerror=alert(1)> `c`": 1\n'),
    ("key-stop-commands", fields() + '"\\n::stop-commands::token\\n": 1\n'),
]


@pytest.mark.parametrize("case, front", INJECTIONS, ids=[case for case, _ in INJECTIONS])
def test_contributed_text_cannot_inject_workflow_commands(clean, bad_file, capsys, tmp_path, case, front):
    bad_file("bad.md", entry(front))
    summary = tmp_path / "summary.md"
    main(["--project", str(clean.root), "check", "--format", "github", "--summary", str(summary)])
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if line.startswith("content/papers/bad.md:")]
    annotations = [line for line in out if line.startswith("::")]
    assert problems and len(annotations) == len(problems)
    assert len(out) == 2 * len(problems) + 1 and out[-1].startswith("Checked 3 entries: ")
    for annotation in annotations:
        assert re.fullmatch(
            r"::(error|warning) file=content/papers/bad\.md,(line=\d+,)?title=[^:,]*::[^\r\n]*", annotation
        )
    assert not any(char in "".join(out) for char in "\x1b\x85\u2028\r")
    rows = summary.read_text(encoding="utf-8").split("| --- | ---: | --- | --- |\n")[1].strip().splitlines()
    assert len(rows) == len(problems)
    for row in rows:
        assert row.startswith("| ") and row.endswith(" |") and row.count(" | ") - row.count("\\| ") == 3
        assert "<" not in row and ">" not in row and re.search(r"(?<!\\)`", row) is None


def test_problem_text_is_one_line_whoever_builds_it():
    problem = Problem("content/papers/a\nb.md", 2, "x\n::error::y", "'\x1b[2J\u202e\u200b\x7f\ud800' \\alpha")
    assert (
        str(problem)
        == "content/papers/a\\nb.md:2: x\\n::error::y: '\\x1b[2J\\u202e\\u200b\\x7f\\ud800' \\alpha"
    )
    assert str(Problem("::error::x.md", 0, "file", "m")) == "./::error::x.md: file: m"


def test_a_link_to_a_missing_anchor_of_another_entry_is_a_check_error(clean, bad_file, capsys):
    path = bad_file(
        "bad.md",
        entry(
            body=notes(
                "See [its abstract](good.md#abstract), [a part](good.md#nope), "
                "[footnote](#fn:1)[^1].\n\n[^1]: A footnote.\n"
            )
        ),
    )
    expected = (
        f"{path}:12: notes: link 'good.md#nope' names no anchor of the page of entry 'good' (expected "
        "#abstract, #notes, #references, #backlinks, #related-papers, #cite)"
    )
    assert main(["--project", str(clean.root), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [expected, "Checked 3 entries: 1 error, 0 warnings."]
    assert main(["--project", str(clean.root), "build"]) == 1
    assert expected in capsys.readouterr().err.splitlines()
    assert site_snapshot(clean.root / "site") == clean.site


def test_mkdocs_warnings_are_shown_one_line_each(clean, capsys, monkeypatch):
    import subprocess as sp

    from generator import build

    # A docs file MkDocs warns about that check never sees: the warning must reach stderr, escaped.
    staged = clean.root / "build" / "docs" / "papers" / "good.md"
    original = staged.read_text(encoding="utf-8")
    stderr = clean.root / "mkdocs-stderr.txt"
    real_popen = sp.Popen

    def popen(command, **kwargs):  # MkDocs' process, its stderr (where warnings go) into a file
        with open(stderr, "w", encoding="utf-8") as handle:
            return real_popen(command, stderr=handle, **kwargs)

    monkeypatch.setattr(build.subprocess, "Popen", popen)
    staged.write_text(original + "\n[x](missing\u2028::error::x.md)\n", encoding="utf-8")
    try:
        with pytest.raises(Exception, match="Aborted with 1 warnings"):
            build.run_mkdocs(clean.root)
    finally:
        staged.write_text(original, encoding="utf-8")
    [warning] = [line for line in stderr.read_text(encoding="utf-8").splitlines() if "missing" in line]
    assert (
        warning.startswith("mkdocs: WARNING: Doc file 'papers/good.md' contains a link")
        and "'missing ::error::x.md'" in warning
    )

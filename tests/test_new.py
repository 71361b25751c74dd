"""`paperdigest new`: scaffold an entry a contributor only has to fill in, then `check` it."""

from __future__ import annotations

import os
import subprocess

import pytest

from generator.commands.cli import main
from generator.fields import PLACEHOLDER_ABSTRACT
from generator.load.documents import load_document

from support import REPO

ABSTRACT = "We quantize diffusion models to four bits with learned rounding, keeping image quality."


def run(project, *args) -> int:
    return main(["--project", str(project.root), "new", *args])


def test_new_then_check_round_trips_clean(project, capsys):
    code = run(
        project,
        "--arxiv",
        "2403.01234",
        "--title",
        "Four-bit diffusion: quantizing denoisers",
        "--date",
        "2026-03-12",
        "--tags",
        "quantization,diffusion-models",
        "--abstract",
        ABSTRACT,
    )
    assert code == 0
    path = project.papers / "2403.01234.md"
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Created {path.as_posix()}",
        f"Next: edit the file, then run: paperdigest check {path.as_posix()}",
    ]
    document = load_document(project.root, path, problems := [])
    assert problems == []
    assert document.meta == {
        "id": "2403.01234",
        "title": "Four-bit diffusion: quantizing denoisers",
        "date": "2026-03-12",
        "authors": [],
        "tags": ["quantization", "diffusion-models"],
        "categories": [],
        "links": {
            "arxiv": "https://arxiv.org/abs/2403.01234",
            "pdf": "https://arxiv.org/pdf/2403.01234",
            "code": None,
            "project": None,
        },
        "related": [],
    }
    assert document.body == ABSTRACT
    assert main(["--project", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == "Checked 1 entry: no problems.\n"
    project.build()
    assert (project.root / "site" / "papers" / "2403.01234" / "index.html").is_file()


def test_every_field_is_present_and_explained(project):
    assert (
        run(project, "--title", "A paper without arXiv id", "--date", "2026-03-12", "--tags", "quantization")
        == 0
    )
    text = (project.papers / "a-paper-without-arxiv-id.md").read_text(encoding="utf-8")
    for field in (
        "id:",
        "title:",
        "date:",
        "authors:",
        "tags:",
        "links:",
        "  arxiv:",
        "  pdf:",
        "  code:",
        "  project:",
        "related:",
    ):
        assert f"\n{field}" in text
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("content/tags.yml" in line for line in comments)
    assert any("## Notes" in line for line in comments)
    assert any("[text](other-id.md)" in line for line in comments)
    assert text.endswith(f"---\n\n{PLACEHOLDER_ABSTRACT}\n")


def test_a_bare_scaffold_checks_with_exactly_what_is_left_to_do(project, capsys):
    assert run(project, "--arxiv", "arXiv:2403.01234v2", "--date", "2026-03-12") == 0
    capsys.readouterr()
    path = "content/papers/2403.01234.md"
    text = (project.root / path).read_text(encoding="utf-8")
    assert 'arxiv: "https://arxiv.org/abs/2403.01234v2"' in text  # the links keep the version given
    assert main(["--project", str(project.root), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:6: title: is missing (expected the paper's title)",
        f"{path}:{text.splitlines().index(PLACEHOLDER_ABSTRACT) + 1}: abstract: is still the placeholder "
        "written by 'paperdigest new' (expected the paper's abstract)",
        "Checked 1 entry: 2 errors, 0 warnings.",
    ]


def test_new_refuses_to_overwrite(project, capsys):
    existing = project.entry("2403.01234", title="Already here")
    before = existing.read_bytes()
    assert run(project, "--arxiv", "2403.01234", "--title", "Something else", "--date", "2026-03-12") == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"Error: new: {existing.as_posix()} already exists (expected a new entry; edit that file instead)\n"
    )
    assert captured.out == ""
    assert existing.read_bytes() == before
    assert not list(existing.parent.glob(".*.tmp"))  # the text written aside is gone too


def test_new_refuses_another_version_of_a_paper(project, capsys):
    existing = project.entry("2403.01234v1", title="Already here")
    assert run(project, "--arxiv", "2403.01234v2", "--title", "Again", "--date", "2026-03-12") == 1
    assert capsys.readouterr().err == (
        f"Error: new: arXiv paper 2403.01234 already has an entry, {existing.as_posix()} "
        "(expected one entry per paper; v1, v2... are one paper)\n"
    )
    assert sorted(p.name for p in project.papers.iterdir()) == ["2403.01234v1.md"]


def test_tags_are_suggested_from_the_vocabulary_and_printed(project, capsys):
    assert run(project, "--title", "Merging quantized experts", "--date", "2026-03-12") == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[1]
        == "Suggested tags, written to the file (keep, change or remove them): quantization, model-merging"
    )
    text = (project.papers / "merging-quantized-experts.md").read_text(encoding="utf-8")
    assert 'tags:\n  - "quantization"\n  - "model-merging"\n' in text


def test_nothing_suggested_says_so(project, capsys):
    assert run(project, "--title", "Protein folding at scale", "--date", "2026-03-12") == 0
    assert capsys.readouterr().out.splitlines()[1] == "No tags suggested: pick some from content/tags.yml."


def test_an_alias_tag_is_written_as_its_canonical_tag(project, capsys):
    assert run(project, "--title", "T", "--date", "2026-03-12", "--tags", "ptq", "--id", "t-paper") == 0
    assert (
        capsys.readouterr().out.splitlines()[1]
        == "Tag 'ptq' is an alias: wrote the canonical tag 'quantization'."
    )
    assert 'tags:\n  - "quantization"\n' in (project.papers / "t-paper.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "new: nothing to name the entry by (expected --arxiv ID and/or --title TEXT)"),
        (
            ["--arxiv", "2403.123"],
            "new: --arxiv: '2403.123' is not a valid arXiv id (expected an arXiv id like 1907.05737 or "
            "1907.05737v2)",
        ),
        (  # an old-style id is fine to import, but cannot name an entry's file
            ["--arxiv", "hep-th/9901001"],
            "new: --arxiv: 'hep-th/9901001' is not a valid arXiv id (expected an arXiv id like 1907.05737 or "
            "1907.05737v2)",
        ),
        (
            ["--title", "T", "--id", "Bad Id"],
            "new: --id: 'Bad Id' is not a safe id (lower-case letters, digits, '.', '-' or '_', "
            "starting and ending with a letter or digit, at most 120)",
        ),
        (
            ["--title", "T", "--tags", "quantisation"],
            "new: --tags: unknown tag 'quantisation', did you mean 'quantization'? (expected tags from "
            "content/tags.yml)",
        ),
        (
            ["--title", "T", "--date", "2026-02-30"],
            "Invalid value for '--date': '2026-02-30' is not a real date (expected YYYY-MM-DD with a valid "
            "month and day) (see 'paperdigest new --help')",
        ),
    ],
)
def test_bad_options_are_one_line_errors(project, capsys, args, message):
    assert run(project, *args) == 1
    assert capsys.readouterr().err == f"Error: {message}\n"
    assert list(project.papers.iterdir()) == []


def test_the_installed_console_script_scaffolds(project):
    script = REPO / ".venv" / "bin" / "paperdigest"
    env = dict(os.environ, PYTHONPATH="")
    created = subprocess.run(
        [
            str(script),
            "new",
            "--arxiv",
            "2403.01234",
            "--title",
            "Quantized denoisers",
            "--date",
            "2026-03-12",
            "--abstract",
            "-",
        ],
        input=ABSTRACT,
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[0] == "Created content/papers/2403.01234.md"
    check = subprocess.run(
        [str(script), "check"], cwd=project.root, capture_output=True, text=True, env=env, timeout=120
    )
    assert (check.returncode, check.stdout) == (0, "Checked 1 entry: no problems.\n")

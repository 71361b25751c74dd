"""The README's "Adding a paper" works as written, on the project's own content."""

from __future__ import annotations

import re
import shlex

from generator.commands.cli import main

from support import REPO, make_content_project

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Adding a paper", 1)[1].split("\n### ", 1)[0]


def test_the_new_command_creates_a_paper_not_already_there(tmp_path, capsys):
    project = make_content_project(tmp_path / "project")
    command = next(line for line in SECTION.splitlines() if line.startswith(".venv/bin/paperdigest new"))
    argv = shlex.split(command)[1:]
    assert main(["--project", str(project.root), *argv]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Created {project.papers / '2106.09685.md'}\n") and "near-identical" not in out


def test_the_example_entry_passes_check(tmp_path, capsys):
    project = make_content_project(tmp_path / "project")
    example = re.search(r"```markdown\n(---\n.*?)```", SECTION, re.S).group(1)
    (project.papers / "2106.09685.md").write_text(example, encoding="utf-8")
    assert main(["--project", str(project.root), "check", "content/papers/2106.09685.md"]) == 0, (
        capsys.readouterr()
    )

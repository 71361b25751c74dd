"""The curator's day in README and CONTRIBUTING is five lines that work as written (against the
replay server, on a copy of content/), and the issue form asks what the one command needs."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from generator.commands.cli import main

from support import REPO, make_content_project


def curators_day(document: str) -> list[str]:
    text = (REPO / document).read_text(encoding="utf-8")
    section = text.split("## The curator's day", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return block.splitlines()


@pytest.mark.parametrize("document", ["README.md", "CONTRIBUTING.md"])
def test_the_curators_day_is_five_lines_that_work(document, tmp_path, replay, capsys):
    lines = curators_day(document)
    assert len(lines) == 5
    project = make_content_project(tmp_path / "project")
    for line in lines:
        command = line.split("  #")[0].strip()
        if command.startswith("$EDITOR"):
            assert (project.root / shlex.split(command)[1]).is_file(), "the file the day's imports wrote"
            continue
        for part in command.split(" && "):
            argv = shlex.split(part)
            assert argv[0] == ".venv/bin/paperdigest"
            assert main(["--project", str(project.root), *argv[1:]]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "Imported 6 papers: 6 created, 0 updated, 0 already present." in out
    assert "Built " in out


def test_a_suggestion_becomes_an_entry_with_the_one_command(tmp_path, replay, capsys):
    form = yaml.safe_load(
        (REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml").read_text(encoding="utf-8")
    )
    fields = {item["id"]: item for item in form["body"] if item["type"] != "markdown"}
    assert fields["arxiv"]["validations"]["required"] and fields["reason"]["validations"]["required"]
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    suggestion = contributing.split("### A reader's suggestion", 1)[1]
    [command] = re.findall(r"```sh\n(.*?)\n```", suggestion.split("###")[0], re.S)
    project = make_content_project(tmp_path / "project")
    assert main(["--project", str(project.root), *shlex.split(command)[1:]]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"Created {project.papers.as_posix()}/2503.18725.md"
    assert main(["--project", str(project.root), "check"]) == 0

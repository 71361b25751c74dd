"""scripts/daily_papers.py as the daily workflow runs it: against the replay server, a local bare
git repository as the remote, and a fake `gh` on PATH that records its arguments and answers
`pr list` as GitHub would."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from replay import FIXTURES, Replay

from support import REPO, make_project

SCRIPT = REPO / "scripts" / "daily_papers.py"
FAKE_GH = """#!/bin/sh
# Records its arguments (one JSON list a line) and the body file; answers `pr list` from $FAKE_GH_OPEN.
python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@" >> "$FAKE_GH_LOG"
case "$1 $2" in
  "pr list") printf '%s' "${FAKE_GH_OPEN:-[]}" ;;
  "pr create") cat "${10}" > "$FAKE_GH_LOG.body"; echo "https://github.com/o/r/pull/7" ;;
  "pr edit") cat "$5" > "$FAKE_GH_LOG.body" ;;
esac
"""


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-C", str(cwd), "-c", "user.name=t", "-c", "user.email=t@t", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def setup(tmp_path):
    """A project committed on main, pushed to a bare remote, and a clone to run the script in."""
    project = make_project(tmp_path / "work")
    project.entry(
        "2503.17526",
        title="Should we pre-train a decoder in contrastive learning for dense prediction tasks?",
    )
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "base")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(project.root), str(remote)], check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    return project, remote, bin_dir


def run(project, remote, bin_dir, replay, day: str, open_prs: list | None = None):
    log = project.root.parent / "gh.log"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "PAPERDIGEST_HF_API": replay.hf_api,
        "FAKE_GH_LOG": str(log),
        "FAKE_GH_OPEN": json.dumps(open_prs or []),
        "GITHUB_OUTPUT": str(project.root.parent / "output"),
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--date", day, "--remote", str(remote)],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    body = Path(f"{log}.body").read_text() if Path(f"{log}.body").exists() else ""
    log.unlink(missing_ok=True)
    Path(f"{log}.body").unlink(missing_ok=True)
    return done, calls, body


def second_day(tmp_path) -> Path:
    """Another day: two papers of the first again, and one new (made as regenerate.py makes them)."""
    spec = importlib.util.spec_from_file_location("regenerate", FIXTURES / "regenerate.py")
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, fixtures)
    first = json.loads((FIXTURES / "hf-daily-2025-03-25.json").read_text(encoding="utf-8"))
    new = regenerate.hf_item(regenerate.records()["2503.18725"], 0)
    (fixtures / "hf-daily-2025-03-26.json").write_text(json.dumps([new, *first[:2]]), encoding="utf-8")
    return fixtures


def files_on(remote: Path, branch: str) -> list[str]:
    return sorted(git(remote, "ls-tree", "--name-only", f"{branch}:content/papers").split())


def test_the_daily_pull_request_is_opened_then_updated(tmp_path):
    project, remote, bin_dir = setup(tmp_path)
    replay = Replay(second_day(tmp_path)).start()
    try:
        done, calls, body = run(project, remote, bin_dir, replay, "2025-03-25")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-2:] == [
            "Imported 6 papers: 5 created, 0 updated, 1 already present.",
            "Opened a pull request.",
        ]
        assert calls[0] == [
            "pr",
            "list",
            "--head",
            "daily-papers",
            "--state",
            "open",
            "--json",
            "number,body",
        ]
        assert calls[1][:7] == ["pr", "create", "--base", "main", "--head", "daily-papers", "--title"]
        assert files_on(remote, "daily-papers") == [
            "2503.17403.md",
            "2503.17406.md",
            "2503.17407.md",
            "2503.17499.md",
            "2503.17526.md",
            "2503.18089.md",
        ]
        assert files_on(remote, "main") == ["2503.17526.md"]  # main itself is never pushed
        assert "### 2025-03-25" in body and "Imported (5):" in body and "Skipped (1):" in body
        assert (
            "- `content/papers/2503.18089.md`: D²LoRA: Data-Driven LoRA Initialization for Low Resource "
            "Tasks (arXiv 2503.18089)"
        ) in body.splitlines()  # the title as plain text, TeX read
        assert "already present as `content/papers/2503.17526.md`" in body
        sha = (tmp_path / "output").read_text().strip()
        assert sha == f"sha={git(remote, 'rev-parse', 'daily-papers').strip()}"

        # The pull request is open: the next day's papers go onto its branch, its body gains a section.
        (tmp_path / "output").unlink()
        done, calls, body2 = run(
            project, remote, bin_dir, replay, "2025-03-26", [{"number": 7, "body": body}]
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "Updated pull request #7."
        assert calls[1][:3] == ["pr", "edit", "7"]
        assert files_on(remote, "daily-papers")[0] == "2503.17403.md" and "2503.18725.md" in files_on(
            remote, "daily-papers"
        )
        assert len(git(remote, "rev-list", "main..daily-papers").split()) == 2
        assert body2.startswith(body.rstrip("\n")) and "### 2025-03-26" in body2 and "Imported (1):" in body2

        # The same day again: nothing new, nothing pushed, the pull request left alone.
        (tmp_path / "output").unlink()
        before = git(remote, "rev-parse", "daily-papers")
        done, calls, _ = run(project, remote, bin_dir, replay, "2025-03-26", [{"number": 7, "body": body2}])
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "Nothing new: 3 papers already present, no file written."
        assert [c[:2] for c in calls] == [["pr", "list"]]
        assert git(remote, "rev-parse", "daily-papers") == before
        assert (tmp_path / "output").read_text() == "sha=\n"
    finally:
        replay.stop()


def test_an_unreachable_service_is_one_line_and_pushes_nothing(tmp_path):
    project, remote, bin_dir = setup(tmp_path)

    class Down:
        hf_api = "http://127.0.0.1:9/api"

    done, calls, _ = run(project, remote, bin_dir, Down, "2025-03-25")
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "",
        "Error: Hugging Face API: cannot reach 127.0.0.1:9 (Connection refused; are you offline?)\n",
    )
    assert "daily-papers" not in git(remote, "branch", "--list")


def test_a_hostile_title_cannot_ping_anyone_or_break_the_body():
    import datetime as dt

    spec = importlib.util.spec_from_file_location("daily_papers", SCRIPT)
    daily = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(daily)
    from generator.commands.importer import Outcome
    from generator.sources.record import PaperRecord

    title = "@octocat <!-- end day --> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    record = PaperRecord(title=title, abstract="A.", source="hf", arxiv_id="2503.17406")
    day = dt.date(2025, 3, 25)
    body = daily.with_section(
        "", day, daily.section(day, (Outcome("created", "content/papers/a.md", record),))
    )
    line = next(line for line in body.splitlines() if line.startswith("- `content/papers/a.md`"))
    assert line == (  # (-- is TeX's en dash)
        "- `content/papers/a.md`: \\@octocat \\<\\!– end day –\\> \\[x\\](javascript:alert(1)) "
        "\\<img src=x onerror=alert(1)\\> (arXiv 2503.17406)"
    )
    again = daily.with_section(
        body, day, daily.section(day, (Outcome("created", "content/papers/a.md", record),))
    )
    assert again == body and again.count("<!-- end day -->") == 1


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("Mar 12", "--date: 'Mar 12' is not a date (expected YYYY-MM-DD, e.g. 2026-03-12)"),
        (
            "2026-02-30",
            "--date: '2026-02-30' is not a real date (expected YYYY-MM-DD with a valid month and day)",
        ),
    ],
)
def test_a_bad_date_is_one_line_as_the_cli_says_it(tmp_path, day, message):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--date", day], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {message}\n")

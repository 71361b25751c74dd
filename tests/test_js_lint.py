"""ESLint over theme/assets/javascripts/ (eslint.config.js; tests/js/package.json installs it): clean."""

from __future__ import annotations

import subprocess

from conftest import REPO


def eslint(js_modules, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(js_modules / ".bin" / "eslint"), "--max-warnings", "0", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_theme_scripts_have_no_lint_findings(js_modules):
    result = eslint(js_modules, "theme/assets/javascripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_does_find_a_mistake(js_modules):
    result = eslint(
        js_modules,
        "--stdin",
        "--stdin-filename",
        "theme/assets/javascripts/pd-lint-probe.js",
        stdin='"use strict";\nundefinedName(1);\nvar unused = /[\\x00]/;\n',
    )
    assert result.returncode == 1
    assert (
        "no-undef" in result.stdout
        and "no-unused-vars" in result.stdout
        and "no-control-regex" in result.stdout
        and "no-var" in result.stdout  # modern syntax is a rule, not a habit
    )

"""generator/deps/mkdocs.py uses MkDocs' build steps and LiveReloadServer from inside: the versions it covers,
and the portability we promise: plain `mkdocs build` with our mkdocs.yml renders the generated Markdown."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import generate, write_docs
from generator.deps.mkdocs import TESTED

from support import minor_version, untested_version

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("package", sorted(TESTED))
def test_the_installed_version_is_one_the_tests_cover(package):
    assert untested_version(package, TESTED, "generator/deps/mkdocs.py") is None


@pytest.mark.parametrize("package", sorted(TESTED))
def test_pyproject_pins_what_is_tested(package):
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    first, last = TESTED[package]
    major, minor = minor_version(last)
    assert re.search(rf'"{re.escape(package)}>={re.escape(first)},<{major}\.{minor + 1}"', pyproject), package


def _page_text(html: str) -> str:
    """A page's article, without markup: what a reader reads."""
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


def test_plain_mkdocs_build_renders_the_generated_markdown(tmp_path):
    """No plugin, no hook: `mkdocs build` with our mkdocs.yml on build/docs gives our build's pages."""
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    write_docs(tmp_path, generate(tmp_path))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(tmp_path / "plain")],
        cwd=tmp_path,
        check=True,
    )
    from generator.build import run_mkdocs

    run_mkdocs(tmp_path)
    ours = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*.html"))
    plain = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain").rglob("*.html"))
    assert ours == plain and len(ours) > 100
    for path in ours:
        if path.name != "404.html":
            assert _page_text((tmp_path / "site" / path).read_text(encoding="utf-8")) == _page_text(
                (tmp_path / "plain" / path).read_text(encoding="utf-8")
            ), path

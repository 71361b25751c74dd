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
    # The navigation and the tabs, which our build renders once per folder (runtime/fragments.py),
    # are what plain MkDocs renders for each page, active items and relative links included.
    for path in ours:
        ours_html = (tmp_path / "site" / path).read_text(encoding="utf-8")
        plain_html = (tmp_path / "plain" / path).read_text(encoding="utf-8")
        assert _fragments(ours_html) == _fragments(plain_html), path
    assert len({_fragments((tmp_path / "site" / p).read_text(encoding="utf-8")) for p in ours}) > 3


def _fragments(html: str) -> tuple[str, ...]:
    return tuple(re.findall(r'<nav class="md-(?:nav md-nav--primary|tabs)".*?</nav>', html, re.DOTALL))


def _described(prepared) -> list[tuple]:
    """Every file and page as MkDocs' later steps read them, in order."""
    rows = []
    for file in prepared.files:
        page = file.page
        rows.append((file.src_uri, file.dest_uri, file.url, file.abs_src_path, str(file.inclusion)))
        if page is not None:
            rows.append((page.title, page.canonical_url, page.edit_url, page.update_date, page.is_homepage))
    return rows + [
        (_uri(page), _uri(page.previous_page), _uri(page.next_page)) for page in prepared.nav.pages
    ]


def _uri(page) -> str | None:
    return page and page.file.src_uri


def test_files_made_while_the_docs_were_written_are_those_get_files_makes(tmp_path, monkeypatch):
    """`speculate` runs on the docs the last build left, before the date is known; `prepare` then reuses
    what it made for each path still there and makes the rest, and all of it is what MkDocs makes."""
    from generator.build import DOCS_DIR
    from generator.deps import mkdocs

    for name in ("content", "theme"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    write_docs(tmp_path, generate(tmp_path))
    docs = tmp_path / DOCS_DIR
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    speculated = mkdocs.speculate(mkdocs.load_config(tmp_path / "mkdocs.yml", tmp_path / "s1"))
    kept = next(iter(speculated.values()))
    (docs / "papers" / "added.md").write_text("# Added\n", encoding="utf-8")
    gone = next((docs / "papers").glob("*.md"))
    gone.unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # what the build sets once the docs are written
    reused = mkdocs.prepare(mkdocs.load_config(tmp_path / "mkdocs.yml", tmp_path / "s1"), None, speculated)
    fresh = mkdocs.prepare(mkdocs.load_config(tmp_path / "mkdocs.yml", tmp_path / "s1"))
    assert _described(reused) == _described(fresh)
    assert reused.files.get_file_from_path(kept.src_uri) is kept  # reused, not made again
    assert reused.files.get_file_from_path("papers/added.md") is not None
    assert reused.files.get_file_from_path(str(gone.relative_to(docs))) is None
    assert {page.update_date for page in reused.pages} == {"2023-11-14"}

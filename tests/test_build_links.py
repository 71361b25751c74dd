"""Every internal link is checked at build time, full or incremental: a broken one fails the build, naming it.

Our check (generator/validate/crosscheck.py) refuses references to no entry in content; these tests
break the generated Markdown itself, as an emitter bug would, and MkDocs (strict) must refuse it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import DOCS_DIR, build_site, run_mkdocs
from generator.errors import PaperDigestError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("links")
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    build_site(root)
    return root


def _page_with(root: Path, pattern: str) -> tuple[Path, re.Match]:
    for page in sorted((root / DOCS_DIR / "papers").glob("*.md")):
        if found := re.search(pattern, page.read_text(encoding="utf-8"), re.M):
            return page, found
    raise AssertionError(f"no page matches {pattern}")


RELATED = r"^- \[[^\]]+\]\(([a-z0-9-]+\.md)\)"  # a related paper or a backlink: a sibling entry page
TAG = r"\]\((\.\./tags/[a-z0-9-]+/index\.md)\)\{ \.pd-tag \}"
DIGEST = r"\]\((\.\./digests/[0-9-]+/index\.md)\)"


@pytest.mark.parametrize("pattern", [RELATED, TAG, DIGEST], ids=["related", "tag", "digest"])
def test_a_broken_generated_link_fails_the_build_naming_the_file(built, capfd, pattern):
    page, found = _page_with(built, pattern)
    original = page.read_text(encoding="utf-8")
    broken = original.replace(found.group(1), found.group(1).replace(".md", "-gone.md"), 1)
    page.write_text(broken, encoding="utf-8")
    try:
        with pytest.raises(PaperDigestError, match="Aborted with 1 warnings"):
            run_mkdocs(built)
    finally:
        page.write_text(original, encoding="utf-8")
    name = page.relative_to(built / DOCS_DIR).as_posix()
    assert f"Doc file '{name}' contains a link" in capfd.readouterr().err


def test_a_page_kept_by_an_incremental_build_is_checked_when_its_link_target_goes(built, capfd):
    """The linking page is unchanged: only the target's removal can make the rebuild re-check it."""
    page, found = _page_with(built, RELATED)
    target = page.parent / found.group(1)
    kept = target.read_bytes()
    target.unlink()
    try:
        with pytest.raises(PaperDigestError, match="warnings in strict mode"):
            run_mkdocs(built)
    finally:
        target.write_bytes(kept)
    name = page.relative_to(built / DOCS_DIR).as_posix()
    assert f"Doc file '{name}' contains a link" in capfd.readouterr().err
    run_mkdocs(built)  # and with the target back, the build passes again

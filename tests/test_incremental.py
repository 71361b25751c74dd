"""An incremental build (generator/runtime/site_build.py) gives byte for byte a clean build's site.

Each test builds the seed content, changes one kind of thing, rebuilds, and compares site/ with a
clean build (no build/, no site/) of the same content in another folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from generator.build import build_site, generate, run_mkdocs, write_docs
from generator.runtime import mkdocs_process, site_build, site_files

REPO = Path(__file__).resolve().parent.parent


def _copy_project(to: Path) -> Path:
    to.mkdir()
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, to / name)
    shutil.copy(REPO / "mkdocs.yml", to / "mkdocs.yml")
    return to


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _same_trees(a: Path, b: Path) -> None:
    left, right = _tree(a), _tree(b)
    assert sorted(left) == sorted(right), set(left) ^ set(right)
    differing = [path for path in left if left[path] != right[path]]
    assert not differing, differing[:5]


def _inodes(site: Path) -> dict[str, int]:
    """Each page's inode: a page kept from the previous site is a hard link to it; a re-rendered one, new."""
    return {str(p.relative_to(site)): p.stat().st_ino for p in site.rglob("*.html")}


def _rerendered(before: dict[str, int], site: Path) -> int:
    return sum(1 for path, inode in _inodes(site).items() if before.get(path) != inode)


def _first_paper(root: Path) -> Path:
    return sorted((root / "content" / "papers").glob("*.md"))[0]


def _edit_abstract(root: Path) -> None:
    paper = _first_paper(root)
    paper.write_text(
        paper.read_text(encoding="utf-8") + "\nOne more sentence of abstract.\n", encoding="utf-8"
    )


def _new_digest(root: Path) -> None:
    source = _first_paper(root).read_text(encoding="utf-8")
    for number in range(3):
        text = re.sub(r'^id: ".*"$', f'id: "added-{number}"', source, count=1, flags=re.M)
        text = re.sub(r"^date: .*$", "date: 2030-01-01", text, count=1, flags=re.M)
        text = re.sub(r'^title: "', f'title: "Added {number}: ', text, count=1, flags=re.M)
        (root / "content" / "papers" / f"added-{number}.md").write_text(text, encoding="utf-8")


def _move_to(paper: Path, date: str) -> None:
    text = paper.read_text(encoding="utf-8")
    paper.write_text(re.sub(r"^date: .*$", f"date: {date}", text, count=1, flags=re.M), encoding="utf-8")


def _delete_entry(root: Path) -> None:
    _first_paper(root).unlink()


def _edit_vocabulary(root: Path) -> None:
    tags = root / "content" / "tags.yml"
    tags.write_text(
        tags.read_text(encoding="utf-8").replace("title: Quantization", "title: Quantisation"),
        encoding="utf-8",
    )


def _edit_mkdocs_yml(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: Paper Digest", "site_name: Paper Digests"),
        encoding="utf-8",
    )


def _edit_theme(root: Path) -> None:
    css = root / "theme" / "partials" / "pd-meta-head.html"
    css.write_text(css.read_text(encoding="utf-8") + "\n", encoding="utf-8")


CHANGES = {
    "edited abstract": (_edit_abstract, "some"),
    "new digest": (_new_digest, "some"),
    "deleted entry": (_delete_entry, "some"),
    "edited tag vocabulary": (_edit_vocabulary, "some"),
    "changed mkdocs.yml": (_edit_mkdocs_yml, "all"),
    "changed theme": (_edit_theme, "all"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_rebuild_is_a_clean_build(tmp_path, change):
    edit, expected = CHANGES[change]
    root = _copy_project(tmp_path / "incremental")
    build_site(root)
    before = _inodes(root / "site")
    total = len(before)
    edit(root)
    build_site(root)
    again = _rerendered(before, root / "site")
    clean = _copy_project(tmp_path / "clean")
    edit(clean)
    build_site(clean)
    _same_trees(root / "site", clean / "site")
    if expected == "all":
        assert again == len(_inodes(root / "site")), "a change every page shows re-renders every page"
    else:
        assert 0 < again < total / 2, f"{change}: {again} of {total} pages re-rendered"


def test_sitemap_xml_is_kept_unless_a_page_it_lists_changed_its_date(tmp_path):
    root, clean = _copy_project(tmp_path / "project"), _copy_project(tmp_path / "clean")
    papers = sorted((root / "content" / "papers").glob("*.md"))
    _move_to(papers[1], "2030-01-01")  # a second day: an entry can then move without a page coming or going
    build_site(root)
    sitemaps = [root / "site" / name for name in sorted(site_build.SITEMAP_FILES)]
    before = [path.stat().st_ino for path in sitemaps]
    _edit_abstract(root)
    build_site(root)
    assert [path.stat().st_ino for path in sitemaps] == before
    _move_to(papers[0], "2030-01-01")  # its page's date, which sitemap.xml shows
    build_site(root)
    assert all(path.stat().st_ino != inode for path, inode in zip(sitemaps, before, strict=True))
    for edit in (
        lambda r: _move_to(sorted((r / "content" / "papers").glob("*.md"))[1], "2030-01-01"),
        _edit_abstract,
        lambda r: _move_to(_first_paper(r), "2030-01-01"),
    ):
        edit(clean)
    build_site(clean)
    _same_trees(root / "site", clean / "site")


def test_nothing_changed_leaves_the_site_as_it_is(tmp_path):
    root = _copy_project(tmp_path / "p")
    build_site(root)
    before, inodes = _tree(root / "site"), _inodes(root / "site")
    build_site(root)
    assert _rerendered(inodes, root / "site") == 0
    assert _tree(root / "site") == before


def test_a_change_no_page_shows_keeps_every_page(tmp_path):
    root = _copy_project(tmp_path / "p")
    build_site(root)
    inodes = _inodes(root / "site")
    (root / "build" / "docs" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    run_mkdocs(root)  # a docs file changed that no page shows: only 404.html (a site template) is rendered
    assert _rerendered(inodes, root / "site") == 1


def test_a_changed_navigation_page_re_renders_the_navigation(tmp_path):
    """Every page shows the navigation's pages: when one changes, they are all rendered again."""
    root = _copy_project(tmp_path / "p")
    build_site(root)
    inodes = _inodes(root / "site")
    page = root / "build" / "docs" / "subscribe.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    run_mkdocs(root)
    navigation = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert _rerendered(inodes, root / "site") == len(navigation) + 1
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", "cache"))
    run_mkdocs(clean)
    _same_trees(root / "site", clean / "site")


def test_a_lost_state_means_a_full_build(tmp_path):
    root = _copy_project(tmp_path / "p")
    build_site(root)
    inodes = _inodes(root / "site")
    (root / site_build.STATE_FILE).unlink()
    build_site(root)
    assert _rerendered(inodes, root / "site") == len(inodes)


def test_pages_removed_from_site_and_files_added_to_it_are_put_right(tmp_path):
    """A rebuild updates site/ in place: what it holds is checked, not assumed from the state."""
    root = _copy_project(tmp_path / "p")
    build_site(root)
    removed = sorted((root / "site" / "papers").glob("*/index.html"))[-1]
    removed.unlink()
    (root / "site" / "stray.html").write_text("not ours", encoding="utf-8")
    (root / "site" / "stray" / "deeper").mkdir(parents=True)
    (root / "site" / "stray" / "deeper" / "x.txt").write_text("x", encoding="utf-8")
    _edit_abstract(root)
    build_site(root)
    assert removed.is_file()
    clean = _copy_project(tmp_path / "clean")
    _edit_abstract(clean)
    build_site(clean)
    _same_trees(root / "site", clean / "site")
    assert not (root / "site" / "stray").exists(), "a folder left empty is removed"


def test_a_rebuild_stopped_while_it_updates_the_site_is_followed_by_a_clean_build(tmp_path, monkeypatch):
    """The state is removed before site/ changes: a build that stops halfway (here: a full disk)
    leaves none, so the next one builds every page again rather than trust a site half updated."""
    root = _copy_project(tmp_path / "p")
    build_site(root)
    _edit_abstract(root)
    generated = generate(root)
    write_docs(root, generated)

    def stopped(staging, site, existing, keep):
        raise OSError("No space left on device")

    monkeypatch.setattr(site_files, "merge", stopped)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(Exception, match="No space left on device"):
        mkdocs_process.build(root, staging, generated.catalog.entries[0].date)
    assert not (root / site_build.STATE_FILE).exists(), "no state describes a site updated halfway"
    monkeypatch.undo()
    inodes = _inodes(root / "site")
    build_site(root)
    assert _rerendered(inodes, root / "site") == len(inodes)
    clean = _copy_project(tmp_path / "clean")
    _edit_abstract(clean)
    build_site(clean)
    _same_trees(root / "site", clean / "site")


@pytest.mark.parametrize(
    ("site", "keep", "staged", "after"),
    [
        # a folder and its only subfolder both emptied: each goes, the deeper one first
        (["a/b/x", "a/b/c/y", "z"], ["z"], [], ["z"]),
        # a folder keeps what is still in it; only the emptied subfolder goes
        (["a/x", "a/b/y", "a/b/c/w"], ["a/x"], [], ["a/x"]),
        # a file replaced, one added in a new folder, one removed from a crowded folder
        (
            ["s/1", "s/2", "s/3", "p/i"],
            ["s/1", "s/2", "p/i"],
            ["p/i", "n/m/k"],
            ["n/m/k", "p/i", "s/1", "s/2"],
        ),
    ],
)
def test_merge_leaves_the_site_holding_what_is_kept_and_staged(tmp_path, site, keep, staged, after):
    for folder, names in (("site", site), ("staging", staged)):
        for name in names:
            (tmp_path / folder / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / folder / name).write_text(f"{folder} {name}", encoding="utf-8")
    (tmp_path / "staging").mkdir(exist_ok=True)
    site_files.merge(tmp_path / "staging", tmp_path / "site", set(site), set(keep))
    assert sorted(_tree(tmp_path / "site")) == after
    folders = {str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*") if p.is_dir()}
    assert folders == {str(parent) for name in after for parent in Path(name).parents if str(parent) != "."}
    assert all(
        (tmp_path / "site" / name)
        .read_text(encoding="utf-8")
        .startswith("staging" if name in staged else "site")
        for name in after
    )


def _page(uri: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri))


@pytest.mark.parametrize(
    ("links", "rendered", "expected"),
    [
        ({"a.md": [], "b.md": [], "c.md": []}, ["b.md"], ["b.md"]),  # a page's own anchors only
        (
            {"a.md": ["b.md"], "b.md": [], "c.md": ["a.md"]},
            ["b.md"],
            ["a.md", "b.md"],
        ),  # a kept page links to it
        ({"a.md": ["a.md", "c.md"], "b.md": [], "c.md": []}, [], []),  # nothing rendered, nothing to check
        (
            {"a.md": [], "b.md": [], "c.md": []},
            ["c.md", "a.md", "b.md"],
            ["a.md", "b.md", "c.md"],
        ),  # in order
    ],
)
def test_links_to_anchors_are_checked_on_the_pages_rendered_and_the_pages_linking_to_them(
    links, rendered, expected
):
    pages = [_page(uri) for uri in links]
    results = {uri: {"anchors": ([], dict.fromkeys(targets, {}))} for uri, targets in links.items()}
    stale = [page for page in pages if page.file.src_uri in rendered]
    checked = site_build.anchors_checked(pages, stale, results)
    assert [page.file.src_uri for page in checked] == expected

"""A contribution as a maintainer merges it: one new entry changes only what it should.

Also: the guide's example entry is valid, and the pull request template asks
for what the check cannot see.
"""

from __future__ import annotations

import re
import shutil

from generator.build import build_site, generate
from generator.commands.cli import main
from generator.commands.scaffold import render_entry
from generator.paths import digest_page, entry_page, month_page, tag_page

from support import REPO, make_content_project

# Outputs that list every entry (or count them): any new entry may change them.
AGGREGATES = {
    "index.md",
    "tags/index.md",
    "archive/index.md",
    "api/papers.json",
    "api/tags.json",
    "papers.bib",
    "subscribe.md",
    "trends.md",
}


def lists_every_entry(path: str) -> bool:
    """Listings, feeds and the search index (whose files are named by content hash)."""
    if path.startswith("feeds/tags/"):
        return False  # one tag's feed: only the new entry's tags
    return (
        path in AGGREGATES or path.startswith(("feeds/", "search/")) or bool(re.fullmatch(r"feed[^/]*", path))
    )


def test_one_new_entry_changes_only_its_pages_and_what_lists_or_links_it(seed_project, tmp_path):
    """Rebuild the real site after adding one entry, as merging a contribution does."""
    root = tmp_path / "project"
    shutil.copytree(seed_project.root, root, ignore=shutil.ignore_patterns("__pycache__"))
    before = generate(root)
    date = before.catalog.entries[0].date  # the latest digest, shown on the home page
    tags = ("quantization", "diffusion-models")
    make_project_entry(
        root,
        "low-bit-denoisers",
        "Low-bit diffusion denoisers",
        date,
        tags,
        related=["pc-darts"],
        body="We quantize diffusion denoisers to four bits, building on [FlexRound](flexround.md).",
    )
    after, report = build_site(root)

    referenced = {"pc-darts", "flexround"}  # their backlinks now list the new entry
    # "Related papers" come from text similarity: entries that now list the new one change, no others.
    similar = {i for i in before.analysis.related if "low-bit-denoisers" in after.analysis.related[i]}
    assert {
        i for i in before.analysis.related if before.analysis.related[i] != after.analysis.related[i]
    } == similar
    entries = {"low-bit-denoisers"} | referenced | similar

    def reason(path: str) -> str | None:
        """Why the new entry may change this output, or None."""
        if lists_every_entry(path):
            return "lists every entry"
        if match := re.fullmatch(r"papers/([^/]+)\.md|api/papers/([^/]+)\.json", path):
            return "its page, a backlink or a related list" if (match[1] or match[2]) in entries else None
        if match := re.fullmatch(r"tags/([^/.]+)(?:/.+|\.bib)|feeds/tags/([^/]+)\.xml", path):
            return "one of its tags" if (match[1] or match[2]) in tags else None
        if path.startswith(f"digests/{date.isoformat()}/") or path == month_page(date.strftime("%Y-%m")):
            return "its digest"
        return None

    written = set(report.written)
    assert {path for path in written if reason(path) is None} == set()
    assert {
        entry_page("low-bit-denoisers"),
        entry_page("pc-darts"),
        entry_page("flexround"),
        "index.md",
        tag_page("quantization"),
        tag_page("diffusion-models"),
        digest_page(date),
    } <= written
    assert all(lists_every_entry(path) for path in report.removed)
    untouched = {entry.id for entry in before.catalog.entries} - entries
    assert len(untouched) > len(before.catalog.entries) / 2, "most entries are not affected"
    assert not {entry_page(i) for i in untouched} & written
    assert not any(
        path.startswith("tags/") and path.split("/")[1].removesuffix(".bib") not in tags
        for path in written
        if path != "tags/index.md"
    )


def make_project_entry(root, entry_id, title, date, tags, related, body):
    text = render_entry(
        entry_id=entry_id, title=title, date=date, tags=list(tags), links={}, body=body, related=related
    )
    (root / "content" / "papers" / f"{entry_id}.md").write_text(text, encoding="utf-8")


def example_entry() -> str:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    match = re.search(
        r"<!-- example-entry:start -->\n```markdown\n(.*?)```\n<!-- example-entry:end -->", guide, re.S
    )
    assert match, "CONTRIBUTING.md keeps its example entry between the example-entry markers"
    return match.group(1)


def test_the_guides_example_entry_is_valid_against_the_real_content(tmp_path, capsys):
    project = make_content_project(tmp_path / "project")
    text = example_entry()
    entry_id = re.search(r'^id: "([^"]+)"$', text, re.M).group(1)
    path = project.write(f"content/papers/{entry_id}.md", text)
    assert main(["--project", str(project.root), "check", str(path)]) == 0
    assert capsys.readouterr().out == "Checked 1 entry: no problems.\n"
    assert "## Notes" in text and "](pc-darts.md)" in text and "related:" in text


def test_the_guide_covers_every_field_and_the_flow():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for field in ("id", "title", "date", "authors", "tags", "links", "related"):
        assert f"| `{field}` |" in guide
    for step in (
        "fork",
        "paperdigest new",
        "paperdigest check",
        "pull request",
        "content/tags.yml",
        "## Notes",
    ):
        assert step.lower() in guide.lower()


def test_the_pull_request_template_has_the_checklist():
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", template, re.M)
    assert len(items) >= 6
    assert any("paperdigest check" in item for item in items)
    assert any("content/tags.yml" in item for item in items)

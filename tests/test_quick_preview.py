"""The quick step of a serve rebuild: which changes it shows at once, and what it renders."""

from __future__ import annotations

import pytest

from generator.build import generate
from generator.serve.quick_preview import Built, quick_entry_pages


@pytest.fixture
def built(project):
    project.entry(
        "flexround",
        title="FlexRound: Learnable Rounding",
        related=["other"],
        authors=["Jung Hyun Lee"],
        links={"arxiv": "https://arxiv.org/abs/2306.00317"},
    )
    project.entry("other", title="Other: Same Digest")
    project.entry("older", title="Older: An Earlier Digest", date="2026-03-10")
    generated = generate(project.root)
    return Built(generated.catalog, generated.analysis)


def edit(project, name: str, old: str, new: str) -> str:
    path = project.papers / name
    path.write_text(path.read_text().replace(old, new, 1))
    return str(path.resolve())


def test_an_edited_entry_gets_its_page_rendered_alone(project, built):
    changed = {edit(project, "flexround.md", "Learnable Rounding", "Edited Title")}
    [page] = quick_entry_pages(project.root, changed, built)
    assert page.path == "papers/flexround.md"
    assert (
        "FlexRound: Edited Title" in page.content.decode()
        and "Learnable Rounding" not in page.content.decode()
    )
    assert "Other: Same Digest" in page.content.decode()  # its reference, from the previous analysis


@pytest.mark.parametrize("field", ["authors", "links"])
def test_the_quick_page_is_the_full_builds_page_when_corpus_facts_stay(project, built, field):
    old, new = {"authors": ("Jung Hyun Lee", "Jung Lee"), "links": ("2306.00317", "2306.00318")}[field]
    changed = {edit(project, "flexround.md", old, new)}
    [page] = quick_entry_pages(project.root, changed, built)
    full = {file.path: file.content for file in generate(project.root).files}
    assert new.encode() in page.content and page.content == full[page.path]


CHANGES = [
    ("date", lambda p: {edit(p, "flexround.md", "date: 2026-03-12", "date: 2026-03-11")}),
    ("id", lambda p: {edit(p, "flexround.md", 'id: "flexround"', 'id: "flexround-2"')}),
    ("invalid", lambda p: {edit(p, "flexround.md", "date: 2026-03-12", "date: soon")}),
    ("unknown reference", lambda p: {edit(p, "flexround.md", '"other"', '"nowhere"')}),
    ("new entry", lambda p: {str(p.entry("newcomer").resolve())}),
    (
        "vocabulary",
        lambda p: {
            edit(p, "flexround.md", "Learnable", "Edited"),
            str(p.write("content/tags.yml", (p.root / "content/tags.yml").read_text()).resolve()),
        },
    ),
    ("nothing", lambda p: set()),
]


@pytest.mark.parametrize("change", [c[1] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_changes_the_quick_step_leaves_to_the_full_rebuild(project, built, change):
    assert quick_entry_pages(project.root, change(project), built) == ()


def test_an_editors_swap_file_beside_the_edit_does_not_count(project, built):
    swap = project.write("content/papers/.flexround.md.swp", b"\0binary")
    changed = {edit(project, "flexround.md", "Learnable", "Edited"), str(swap.resolve())}
    [page] = quick_entry_pages(project.root, changed, built)
    assert b"FlexRound: Edited Rounding" in page.content

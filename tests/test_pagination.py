"""Listing pages: a digest's numbered from its first paper, a tag's or author's from the oldest."""

import pytest

from generator.emit.pages.pagination import fixed_pages, growing_pages

OLDEST = "Papers {}–{}, counting from the oldest"


def _ids(n):
    return tuple(f"e{k}" for k in range(n, 0, -1))  # newest first: e1 is the oldest


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, [("front", (), None, None, "")]),
        (3, [("front", ("e3", "e2", "e1"), None, None, "")]),
        (
            5,
            [
                ("front", ("e5", "e4", "e3"), None, "1", "Newest 3 of 5"),
                ("1", ("e2", "e1"), "front", None, OLDEST.format(1, 2)),
            ],
        ),
        (
            6,
            [
                ("front", ("e6", "e5"), None, "2", "Newest 2 of 6"),
                ("2", ("e4", "e3"), "front", "1", OLDEST.format(3, 4)),
                ("1", ("e2", "e1"), "2", None, OLDEST.format(1, 2)),
            ],
        ),
    ],
)
def test_growing_pages(n, expected):
    pages = growing_pages(_ids(n), 2, "front", str)
    assert [(p.path, p.ids, p.newer, p.older, p.status) for p in pages] == expected
    assert [p.front for p in pages] == [True] + [False] * (len(pages) - 1)


def test_a_new_paper_changes_the_front_and_at_most_the_newest_numbered_page():
    before = {}
    for n in range(60):
        pages = growing_pages(_ids(n), 5, "front", str)
        assert sorted(i for p in pages for i in p.ids) == sorted(_ids(n))  # every paper once
        assert n < 10 or 5 <= len(pages[0].ids) < 10
        changed = {p.path for p in pages[1:] if before.get(p.path) not in (None, p)}
        assert changed <= {
            pages[1].path if len(pages) > 2 else None,
            pages[2].path if len(pages) > 2 else None,
        }
        assert all(before[path].ids == p.ids for p in pages[1:] if (path := p.path) in before)
        before = {p.path: p for p in pages}


@pytest.mark.parametrize(
    ("n", "statuses"),
    [
        (0, [""]),
        (2, [""]),
        (3, ["Page 1 of 2", "Page 2 of 2"]),
        (5, ["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"]),
    ],
)
def test_fixed_pages(n, statuses):
    pages = fixed_pages(_ids(n), 2, lambda k: f"p{k}")
    assert [p.status for p in pages] == statuses
    assert [p.front for p in pages] == [True] + [False] * (len(pages) - 1)
    assert pages[0].newer is None and pages[-1].older is None
    assert [i for p in pages for i in p.ids] == list(_ids(n))

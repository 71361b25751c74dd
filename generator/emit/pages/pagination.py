"""How a listing splits into pages.

A digest is a fixed set of papers: its pages are numbered from its first paper (`fixed_pages`).
A tag's or an author's papers only grow, and are listed newest first. Numbering those pages from
the newest would move papers to another page whenever one is added, so every page of a tag would
change with each digest (about 650 pages re-rendered, rewritten and redeployed for one digest of
20 papers at 10,000). `growing_pages` numbers them from the oldest instead: page p holds papers
(p-1)·size+1 to p·size, counting from the oldest, and once full it never changes, so its URL is a
permalink. The listing's own URL (the front page) holds the newest: size to 2·size-1 papers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListingPage:
    path: str
    ids: tuple[str, ...]  # newest first
    newer: str | None  # the page of the papers just newer than these, if any
    older: str | None
    status: str  # what the pager says of this page ("" when there is no other page)
    front: bool  # the listing's own URL


def fixed_pages(ids: tuple[str, ...], size: int, page_path: Callable[[int], str]) -> list[ListingPage]:
    """`ids` in order, `size` a page; `page_path(n)` names page n (1 is the listing's own URL)."""
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)] or [()]
    paths = [page_path(number) for number in range(1, len(chunks) + 1)]
    last = len(chunks)
    return [
        ListingPage(
            paths[number - 1],
            chunk,
            paths[number - 2] if number > 1 else None,
            paths[number] if number < last else None,
            f"Page {number} of {last}" if last > 1 else "",
            number == 1,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def growing_pages(
    ids: tuple[str, ...], size: int, front: str, numbered: Callable[[int], str]
) -> list[ListingPage]:
    """`ids` newest first: the front page, then the pages numbered from the oldest, newest first."""
    full = len(ids) // size  # full pages counted from the oldest; the front takes the last and the rest
    if full <= 1:
        return [ListingPage(front, ids, None, None, "", True)]
    kept = (full - 1) * size  # papers on the numbered pages
    oldest_first = ids[::-1]
    on_front = ids[: len(ids) - kept]
    pages = [
        ListingPage(front, on_front, None, numbered(full - 1), f"Newest {len(on_front)} of {len(ids)}", True)
    ]
    for number in range(full - 1, 0, -1):
        chunk = oldest_first[(number - 1) * size : number * size][::-1]
        newer = numbered(number + 1) if number + 1 < full else front
        older = numbered(number - 1) if number > 1 else None
        status = f"Papers {(number - 1) * size + 1}–{number * size}, counting from the oldest"
        pages.append(ListingPage(numbered(number), chunk, newer, older, status, False))
    return pages
